"""The polars engine (the fast path): the same checks as the pandas engine, compiled from the
same objects (the Pandera polars schema's column checks and the rules' narwhals expressions)
into one lazy polars query over the CSV: parsing, converting and checking run in one parallel
pass and only failing rows are materialised, so a million rows cost about as much as reading
them. The problems are the ones the pandas engine reports."""
from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import narwhals as nw
import pandas as pd

from mideast_events import pandera_schemas, rules, schema
from mideast_events.validate.columns import check_columns, checked_columns
from mideast_events.validate.reading import (collect, cut_row, cut_row_problem, formula_warnings_polars, guess_table,
                                             scan_polars_strings)
from mideast_events.validate.report import CSV_LINE_OFFSET, Problem, Report, message, row_key, rule_problem, type_message

# Pandera's names for the column checks (the report names a check as the pandas engine does).
CHECK_NAMES = {"allowed_values": "isin", "pattern": "str_matches",
               "min_value": "greater_than_or_equal_to", "max_value": "less_than_or_equal_to"}


@dataclass
class Conversion:
    """How the polars path turns one raw column into the value it checks (the ACLED profile
    converts dates and actor-type codes); ``failed`` flags raw values it could not convert."""

    value: Any
    failed: Any
    message: Any  # raw value -> message


def whole_for_pandas(value: str) -> bool:
    """Whether the integer parser of the pandas path (see parse_frame) reads ``value`` as a whole number."""
    number = pd.to_numeric(pd.Series([value], dtype=object), errors="coerce")[0]
    return bool(pd.notna(number) and math.isfinite(number) and number % 1 == 0)


def polars_parse(columns: dict[str, Any], table: str, exact: bool = True) -> tuple[list[Any], list[Any]]:
    """(typed column expressions, flags of values that do not parse) for the columns present;
    ``columns`` maps each to its polars dtype (a column already a date is taken as it is).
    ``exact=False`` reads integers as plain integers only: a value such as '3.0' is then
    flagged although pandas takes it; the caller checks the rows flagged again, exactly."""
    import polars as pl

    typed, bad = [], []
    for f in schema.fields(table):
        c = f["name"]
        if c not in columns:
            continue
        col = pl.col(c)
        wrong = pl.lit(False)
        if f["type"] == "integer":
            value = col.str.to_integer(strict=False)
            if exact:
                # Like pandas.to_numeric: '3.0' or '1e3' is a whole number too. Only the few
                # values that are not plain integers go through the float parser.
                other = pl.when(col.is_not_null() & value.is_null()).then(col).cast(pl.Float64, strict=False)
                value = pl.coalesce(value, pl.when(other % 1 == 0).then(other.cast(pl.Int64)))
            wrong = col.is_not_null() & value.is_null()
            typed.append(value.alias(c))
        elif f["type"] == "number":
            # finite numbers only, as on pandas: 'NaN' and 'inf' are text, not numbers
            num = col.cast(pl.Float64, strict=False)
            num = pl.when(num.is_finite()).then(num)
            wrong = col.is_not_null() & num.is_null()
            typed.append(num.alias(c))
        elif f["type"] == "date" and columns[c] != pl.Date:
            d = col.str.to_date(schema.DATE_FORMAT, strict=False)
            wrong = col.is_not_null() & d.is_null()
            typed.append(d.alias(c))
        else:
            typed.append(col)
        bad.append(wrong.alias(f"type|{c}"))
    return typed, bad


def coded_columns(table: str, present: tuple[str, ...], rule_set: tuple[rules.Rule, ...]) -> list[str]:
    """The vocabulary columns whose codes the rules that apply read (see ``rules.code``)."""
    return sorted({c for r in rule_set if r.table == table and not r.needs and all(f in present for f in r.fields)
                   for c in r.coded})


def derived_columns(table: str, present: tuple[str, ...], rule_set: tuple[rules.Rule, ...]) -> list[rules.Derived]:
    """The computed columns (``rules.Derived``) the rules that apply read."""
    return list({d.name: d for r in rule_set if r.table == table and not r.needs and all(f in present for f in r.fields)
                 for d in r.derived}.values())


def native_code(column: str) -> Any:
    """``rules.encode(column)`` computed natively: the position in the vocabulary, read off a
    ``pl.Enum`` (quicker than looking strings up), null where missing or not in it."""
    import polars as pl

    return pl.col(column).cast(pl.String).cast(pl.Enum(rules.vocabulary(column)), strict=False).to_physical()


@cache
def polars_checks(table: str, present: tuple[str, ...], rule_set: tuple[rules.Rule, ...]) -> dict[str, Any]:
    """Failure flags (True = the row fails) for every column check and rule that applies, by
    name: an expression over the row (a polars one for the column checks, a narwhals one for
    the rules), or, for a uniqueness check, the key's columns (it needs
    the whole column: see :func:`duplicated`). Cells flagged ``skip|<col>`` were reported
    already and are not reported again as missing. Built once per table, column set and rule set (the
    expressions are immutable; callers must not change the dict)."""
    import polars as pl

    pandera_schema = pandera_schemas.polars_schema(table, rules=False)
    coded = coded_columns(table, present, rule_set)
    flags: dict[str, Any] = {}
    for name, column in pandera_schema.columns.items():
        if name not in present:
            continue
        col = pl.col(name)
        if not column.nullable:
            flags[f"not_nullable|{name}"] = col.is_null() & ~pl.col(f"skip|{name}")
        if column.unique:
            flags[f"field_uniqueness|{name}"] = [name]
        for check in column.checks:
            (key, value), = check.statistics.items()
            if key == "allowed_values" and name in coded:  # the codes the rules read say it
                fail = col.is_not_null() & pl.col(rules.code_column(name)).is_null()
            elif key == "allowed_values":
                fail = ~col.is_in(list(value))
            elif key == "pattern":  # pandas' str.match anchors at the start: so does this
                fail = ~col.str.contains(f"^(?:{value.lstrip('^')})")
            elif key == "min_value":
                fail = col < value
            elif key == "max_value":
                fail = col > value
            else:  # a check this path cannot translate: refuse rather than skip it silently
                raise NotImplementedError(f"polars path: no translation for check {key!r}")
            flags[f"{CHECK_NAMES[key]}|{name}"] = fail.fill_null(False)
    key = pandera_schema.unique or []
    if len(key) > 1 and all(c in present for c in key):  # a primary key of several fields
        flags.update({f"multiple_fields_uniqueness|{c}": list(key) for c in key})
    for rule in (r for r in rule_set if r.table == table and not r.needs):
        if all(f in present for f in rule.fields):
            flags[f"rule|{rule.name}"] = ~rule.expr().fill_null(True)
    return flags


def present_columns(table: str, names: list[str]) -> tuple[str, ...]:
    """The schema's columns of ``table`` among ``names``, in the schema's order."""
    return tuple(f["name"] for f in schema.fields(table) if f["name"] in names)


def in_memory(raw: Any, file: Path, table: str, checked: list[str]) -> Any:
    """``raw`` (a lazy frame of text over ``file``) read into memory once, as a lazy frame, for
    the checks, the formula-cell scan and whatever else reads the rows (one read of the file,
    not one per use). While polars reads (in its own threads, outside Python's lock) this thread
    builds the checks of ``table``'s ``checked`` columns from the Pandera schema (importing
    pandera's polars backend the first time: a few tenths of a second, hidden this way)."""
    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(collect, raw, file)
        try:
            polars_checks(table, present_columns(table, checked), rules.RULES)
        finally:
            frame = reading.result()
    return frame.lazy()


def key_expr(columns: list[str]) -> Any:
    import polars as pl

    return pl.col(columns[0]) if len(columns) == 1 else pl.struct(columns)


def duplicated(frame: Any, columns: list[str], hashes: Any, ordered: Any) -> list[int]:
    """The rows that repeat another row's values in ``columns`` (a single column's missing
    values never count), as is_duplicated says, but fast: rows are compared by ``hashes`` (of
    the key, and ``ordered``: the same sorted) first, and only those whose hash repeats are
    compared exactly."""
    import polars as pl

    repeated = ordered.filter(ordered == ordered.shift(1))
    if repeated.is_empty():
        return []
    maybe = hashes.is_in(repeated.implode()).arg_true()
    key = key_expr(columns)
    exact = frame[maybe].select(key.is_duplicated() & (key.is_not_null() if len(columns) == 1 else True))
    return maybe.filter(exact.to_series()).to_list()


def check_frame_polars(raw: Any, table: str, problems: list[Problem], file: Path, *,
                       conversions: Callable[[Any], dict[str, Conversion]] | None = None,
                       label: str | None = None) -> int:
    """check_frame on a lazy polars frame of strings in our column names (no column-set check:
    the callers do it on the header). ``conversions`` gives, for the rows read (a polars
    DataFrame), the Conversion of each column that needs one. Returns the number of rows."""
    import polars as pl

    names = raw.collect_schema().names()
    present = present_columns(table, names)
    # The columns are read once, as text, into memory (see in_memory: the callers read the file
    # there, so this is quick); then one query converts, parses and checks them, in parallel,
    # and keeps only the rows that fail.
    frame = collect(raw.with_row_index("__row"), file)
    flags = polars_checks(table, present, rules.RULES)
    conv = conversions(frame) if conversions else {}
    coded = coded_columns(table, present, rules.RULES)
    derived = derived_columns(table, present, rules.RULES)
    row_flags = {n: e for n, e in flags.items() if not isinstance(e, list)}
    keys = sorted({c for e in flags.values() if isinstance(e, list) for c in e})
    flag_names = [f"conv|{c}" for c in present] + [f"type|{c}" for c in present] + list(flags)
    row_names = [n for n in flag_names if n not in flags or n in row_flags]

    def failing_rows(rows: Any, exact: bool) -> Any:
        step = rows.lazy().select(
            "__row",
            *[pl.col(c).alias(f"raw|{c}") for c in present],
            *[(conv[c].value if c in conv else pl.col(c)).alias(c) for c in present],
            *[(conv[c].failed if c in conv else pl.lit(False)).alias(f"conv|{c}") for c in present],
        )
        dtypes = step.collect_schema()
        typed, bad = polars_parse({c: dtypes[c] for c in present}, table, exact)
        step = step.with_columns(*typed, *bad)
        step = step.with_columns(*[(pl.col(f"type|{c}") | pl.col(f"conv|{c}")).alias(f"skip|{c}") for c in present],
                                 *[native_code(c).alias(rules.code_column(c)) for c in coded])
        for d in derived:  # from the parsed values of the rows (distinct ones, as the rule computes them)
            step = step.with_columns(d.values(nw.from_native(step.select(*d.reads).collect())).to_native())
        shared = {n: e for n, e in row_flags.items() if isinstance(e, nw.Expr)}
        if shared:
            step = nw.from_native(step).with_columns(**shared).to_native()
        return (step.with_columns(**{n: e for n, e in row_flags.items() if n not in shared})
                .filter(pl.any_horizontal(row_names))
                .select("__row", *row_names, *[f"raw|{c}" for c in present], *present))

    converted = frame.lazy().select(*[(conv[c].value if c in conv else pl.col(c)).alias(c) for c in present])
    converted_types = converted.collect_schema()
    typed_keys, _ = polars_parse({c: converted_types[c] for c in keys}, table)
    unique = {name: e for name, e in flags.items() if isinstance(e, list)}
    # the key values, and their hashes (sorted too) for the uniqueness checks, in the same run
    hashed = converted.select(*typed_keys).select(
        pl.all(), *[key_expr(e).hash().alias(f"hash|{name}") for name, e in unique.items()],
        *[key_expr(e).hash().sort().alias(f"sorted|{name}") for name, e in unique.items()])
    # Every row through the fast query; the few rows with an integer it could not read (it
    # reads plain integers only) through the exact one, which replaces their results.
    found, every = pl.collect_all([failing_rows(frame, exact=False), hashed], engine="streaming")
    ints = [f["name"] for f in schema.fields(table) if f["type"] == "integer" and f["name"] in present]
    again = []
    if ints:  # only rows where pandas reads a whole number the fast query did not
        flagged = found.filter(pl.any_horizontal([f"type|{c}" for c in ints]))
        again = [row["__row"] for row in flagged.iter_rows(named=True)
                 if any(row[f"type|{c}"] and whole_for_pandas(row[f"raw|{c}"]) for c in ints)]
    if again:  # (__row is the row's position in frame)
        exact = collect(failing_rows(frame[again], exact=True), file)
        found = pl.concat([found.filter(~pl.col("__row").is_in(again)), exact]).sort("__row")
    n = frame.height
    if keys:  # uniqueness, from the key values alone
        repeats = {name: set(duplicated(every, e, every[f"hash|{name}"], every[f"sorted|{name}"]))
                   for name, e in unique.items()}
        rows = sorted(set().union(*repeats.values()))
        if rows:
            dups = every[rows].select(keys).with_columns(
                pl.Series("__row", rows, dtype=found.schema["__row"]),
                *[pl.Series(name, [r in repeats[name] for r in rows]) for name in unique])
            found = (found.join(dups.drop(keys), on="__row", how="full", coalesce=True)
                     .update(dups.select("__row", *keys), on="__row").sort("__row"))
        else:
            found = found.with_columns(*[pl.lit(False).alias(name) for name in unique])
    # dates as text here: Python's dates, which iter_rows makes, stop short of year 0000
    found = found.with_columns(pl.col(flag_names).fill_null(False), pl.col(pl.Date).dt.strftime(schema.DATE_FORMAT))
    by_flag: dict[str, list[dict[str, Any]]] = {name: [] for name in flag_names}
    for row in found.iter_rows(named=True):  # only failing rows: a handful, usually
        for name in flag_names:
            if row[name]:
                by_flag[name].append(row)
    before = len(problems)
    key = row_key(table, present)
    for name in flag_names:
        kind, col = name.split("|", 1)
        for row in by_flag[name]:
            named = len(problems)
            line = row["__row"] + CSV_LINE_OFFSET
            if kind == "conv":
                raw_value = row[f"raw|{col}"]
                problems.append(Problem(table, line, col, "type", raw_value, conv[col].message(raw_value)))
            elif kind == "type":
                f = next(x for x in schema.fields(table) if x["name"] == col)
                problems.append(Problem(table, line, col, "type", row[f"raw|{col}"],
                                        type_message(f["type"], row[f"raw|{col}"])))
            elif kind == "rule":
                rule = rules.get(col)
                problems.append(rule_problem(table, row["__row"], rule, row))
            else:
                v = row[col]
                value = None if v is None else str(v)
                problems.append(Problem(table, line, col, kind, value, message(kind, table, col, value)))
            if key is not None and len(problems) > named:  # the row named by its key, as the file writes it
                eid = row.get(f"raw|{key}") or row.get(key)
                problems[-1].event_id = None if eid is None else str(eid)
    if label:
        for p in problems[before:]:
            p.table = label
    return n


def validate_csv_polars(file: Path, table: str | None = None) -> Report:
    """validate_csv on polars: the same checks and problems, in a fraction of the time."""
    file = Path(file)
    raw = scan_polars_strings(file)
    columns = raw.collect_schema().names()
    table = table or guess_table(file, columns)
    report = Report(target=str(file))
    check_columns(columns, table, report.problems)
    checked = checked_columns(table, columns)
    raw = in_memory(raw, file, table, checked)
    report.rows[table] = check_frame_polars(raw.select(checked), table, report.problems, file)
    report.warnings = formula_warnings_polars(raw, table, file)
    cut = cut_row(file)
    if cut is not None:
        report.problems.append(cut_row_problem(cut, table))
    return report


