"""The pandas engine (the default): parse the text columns, run the Pandera schema's column
checks (built from schema/ by :mod:`mideast_events.pandera_schemas`) and the rules of
:mod:`mideast_events.rules` (narwhals expressions, run here on pandas)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from mideast_events import pandera_schemas, rules, schema
from mideast_events.validate.columns import check_columns
from mideast_events.validate.reading import cut_row, cut_row_problem, guess_table, read_raw_csv
from mideast_events.validate.report import (CSV_LINE_OFFSET, Problem, Report, formula_warnings, message, name_rows,
                                            row_key, rule_problem, type_message)


def parse_frame(raw: pd.DataFrame, table: str, problems: list[Problem]) -> pd.DataFrame:
    """Typed frame from strings; each value that does not parse is reported and set missing.

    A number must be a finite number: 'NaN' or 'inf' is text, not a number, on every engine
    (a missing value is an empty cell)."""
    dtypes = schema.pandas_dtypes(table)
    out = {}
    for f in schema.fields(table):
        name = f["name"]
        if name not in raw.columns:
            continue
        col = raw[name]
        if f["type"] == "integer":
            parsed = pd.to_numeric(col, errors="coerce")
            bad = col.notna() & (parsed.isna() | (parsed % 1 != 0))
            parsed = parsed.where(~bad).astype("Int64")
        elif f["type"] == "number":
            number = pd.to_numeric(col, errors="coerce").astype("float64")
            bad = col.notna() & (number.isna() | (number.abs() == float("inf")))
            parsed = number.where(~bad).astype("Float64")
        elif f["type"] == "date":
            parsed = pd.to_datetime(col, format=schema.DATE_FORMAT, errors="coerce").astype("datetime64[s]")
            bad = col.notna() & parsed.isna()
        else:
            parsed = col.astype("string")
            bad = None
        if bad is not None and bad.any():
            for i in col.index[bad.to_numpy()]:
                problems.append(Problem(table, int(i) + CSV_LINE_OFFSET, name, "type", str(col[i]),
                                        type_message(f["type"], str(col[i]))))
        out[name] = parsed if str(dtypes[name]) != "category" else parsed.astype("string")
    return pd.DataFrame(out, index=raw.index)


def column_checks(frame: pd.DataFrame, table: str, problems: list[Problem], unparsed: set[tuple[int, str]]) -> None:
    """The Pandera schema's column checks (types, vocabularies, patterns, ranges, required,
    unique) on the columns present; cells in ``unparsed`` were reported already."""
    import pandera.errors
    import pandera.pandas as pa

    full = pandera_schemas.pandas_schema(table, rules=False, categorical=False)
    present = {c: col for c, col in full.columns.items() if c in frame.columns}
    partial = pa.DataFrameSchema(present, unique=full.unique, name=table)
    try:
        partial.validate(frame[list(present)], lazy=True)
    except pandera.errors.SchemaErrors as err:
        fc = err.failure_cases
        for r in fc.itertuples(index=False):
            idx = None if pd.isna(r.index) else int(r.index)
            col = None if pd.isna(r.column) else str(r.column)
            if idx is not None and col is not None and (idx, col) in unparsed:
                continue  # already reported as a value that does not parse
            check = str(r.check)
            value = None if pd.isna(r.failure_case) else str(r.failure_case)
            problems.append(Problem(table, None if idx is None else idx + CSV_LINE_OFFSET, col,
                                    check.split("(")[0], value, message(check, table, col, value)))


def rule_checks(frames: dict[str, pd.DataFrame], table: str, problems: list[Problem], cross: bool) -> None:
    """The rules on ``table`` (with ``cross``, only those that read other tables too)."""
    frame = frames[table]
    for rule in rules.table_rules(table, cross_table=cross):
        if (cross and not rule.needs) or not rule.applies(frames):
            continue
        ok = rule.check(frames)
        for i in frame.index[~ok.to_numpy()]:
            cells = {f: frame.at[i, f] for f in rule.fields if f in frame.columns}
            problems.append(rule_problem(table, int(i), rule, cells))


def check_frame(raw: pd.DataFrame, table: str, problems: list[Problem], *, columns: bool = True,
                skip: set[tuple[int, str]] | None = None, label: str | None = None) -> pd.DataFrame:
    """Columns, types, constraints and single-table rules of one table read as strings.

    ``columns=False`` checks only the columns present (the ACLED profile reports its own);
    ``skip`` holds (row, column) cells already reported; ``label`` names the file in problems.
    """
    if columns:
        check_columns(raw.columns, table, problems)
    before = len(problems)
    frame = parse_frame(raw, table, problems)
    unparsed = {(p.line - CSV_LINE_OFFSET, p.field) for p in problems[before:] if p.line and p.field}
    column_checks(frame, table, problems, unparsed | (skip or set()))
    rule_checks({table: frame}, table, problems, cross=False)
    name_frame_rows(problems[before:], raw, table)
    if label:
        for p in problems[before:]:
            p.table = label
    return frame


def name_frame_rows(problems: list[Problem], raw: pd.DataFrame, table: str) -> None:
    """Name the rows of ``problems`` by their key in ``raw`` (indexed by row position), where it has one."""
    key = row_key(table, raw.columns)
    if key is None:
        return
    column = raw[key]
    name_rows(problems, lambda i: column.get(i))


def validate_dataframe(df: pd.DataFrame, table: str = "events") -> Report:
    """Validate a DataFrame (typed, as loaded, or all strings) as table ``table``."""
    raw = df.copy()
    for c in raw.columns:
        if pd.api.types.is_datetime64_any_dtype(raw[c]):
            raw[c] = raw[c].dt.strftime(schema.DATE_FORMAT)
    raw = raw.astype("string").astype(object).where(raw.notna(), None)
    raw = raw.reset_index(drop=True)
    report = Report(target=f"DataFrame as {table}", rows={table: len(raw)})
    check_frame(raw, table, report.problems)
    return report


def validate_csv_pandas(file: Path, table: str | None = None) -> Report:
    """One CSV file as one of our tables, on pandas."""
    raw = read_raw_csv(file, cut_ok=True)
    table = table or guess_table(file, list(raw.columns))
    report = Report(target=str(file), rows={table: len(raw)}, warnings=formula_warnings(raw, table))
    check_frame(raw, table, report.problems)
    cut = cut_row(file)
    if cut is not None:
        report.problems.append(cut_row_problem(cut, table))
    return report
