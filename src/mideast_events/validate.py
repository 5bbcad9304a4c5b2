"""Validate a table file, a data package or a DataFrame against schema/ and the rules.

Everything found goes into one :class:`Report` (per row, per field), printable as text or
JSON. Input that cannot be read at all raises :class:`UnusableInput` with a one-line reason.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from mideast_events import load, rules, schema
from mideast_events._paths import dataset_dir

CSV_LINE_OFFSET = 2  # frame index 0 is line 2 of the file (line 1 is the header)


class UnusableInput(Exception):
    """The input cannot be read as a table at all (exit code 2)."""


@dataclass
class Problem:
    table: str
    line: int | None  # line in the CSV file (1 = header); None for whole-table problems
    field: str | None
    check: str
    value: str | None
    message: str

    def text(self) -> str:
        name = self.table if "." in self.table else f"{self.table}.csv"  # a foreign file keeps its name
        where = name + (f" line {self.line}" if self.line is not None else "")
        what = f"{self.field}: " if self.field else ""
        val = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {what}{self.message}{val} [{self.check}]"


@dataclass
class Report:
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.problems:
            out[p.check] = out.get(p.check, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "valid": self.valid, "rows": self.rows,
                "counts": self.counts(), "problems": [asdict(p) for p in self.problems]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def to_text(self, limit: int = 50) -> str:
        rows = ", ".join(f"{t} {n}" for t, n in self.rows.items())
        if self.valid:
            return f"valid: {self.target} ({rows} rows)"
        lines = [f"INVALID: {self.target} ({rows} rows): {len(self.problems)} problems"]
        lines += ["  " + p.text() for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more (use --json for all)")
        lines.append("by check: " + ", ".join(f"{k} {v}" for k, v in self.counts().items()))
        return "\n".join(lines)


# ------------------------------------------------------------------ reading


def read_raw_csv(file: Path) -> pd.DataFrame:
    """Read a CSV as strings, refusing (one line, UnusableInput) what is not a comma CSV in UTF-8."""
    sniff_csv(file)
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise UnusableInput(f"{file}: not valid UTF-8 at byte {e.start} (re-save the file as UTF-8)") from None
    return _read_strings(file, text.splitlines()[0])


def sniff_csv(file: Path) -> str:
    """The header line of a CSV, after the checks that need only the file's start."""
    if not file.exists():
        raise UnusableInput(f"{file}: no such file")
    if file.is_dir():
        raise UnusableInput(f"{file}: is a directory, not a CSV file")
    with file.open("rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        raise UnusableInput(f"{file}: the file is empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnusableInput(f"{file}: the file is UTF-16; re-save it as UTF-8")
    if b"\x00" in head:
        raise UnusableInput(f"{file}: binary content (NUL bytes); expected a UTF-8 CSV")
    if head.startswith(b"\xef\xbb\xbf"):
        raise UnusableInput(f"{file}: starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    try:
        header = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError as e:
        raise UnusableInput(f"{file}: not valid UTF-8 at byte {e.start} (re-save the file as UTF-8)") from None
    for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if header.count(sep) > header.count(","):
            raise UnusableInput(f"{file}: the header is separated by {name}s ({sep!r}); expected commas")
    if header.count(",") == 0:
        raise UnusableInput(f"{file}: the first line has no commas; not a CSV table")
    return header


def _read_strings(file: Path, header_line: str) -> pd.DataFrame:
    """Every column as strings (empty = missing), with pyarrow's reader: fast, and strict about
    rows with too few or too many fields."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = next(csv.reader([header_line]))
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise UnusableInput(f"{file}: the header repeats column names: {', '.join(dupes)}")
    try:
        table = pacsv.read_csv(
            file,
            read_options=pacsv.ReadOptions(block_size=1 << 24),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=True, quoted_strings_can_be_null=True, null_values=[""]),
        )
    except (pa.ArrowInvalid, OSError) as e:
        msg = str(e).strip().splitlines()[0]
        raise UnusableInput(f"{file}: malformed CSV: {msg}") from None
    frame = table.to_pandas(types_mapper=lambda t: pd.StringDtype() if t == pa.string() else None)
    return frame.astype(object).where(frame.notna(), None)


def guess_table(file: Path, columns: list[str]) -> str:
    """Which of our tables a CSV is: by file name, else by the best header overlap."""
    if file.stem in schema.TABLES:
        return file.stem
    best, score = None, 0.0
    for t in schema.TABLES:
        want = set(schema.field_names(t))
        s = len(want & set(columns)) / len(want | set(columns))
        if s > score:
            best, score = t, s
    if best is None or score < 0.5:
        raise UnusableInput(
            f"{file}: cannot tell which table this is (its header matches none of {', '.join(schema.TABLES)}); "
            "for an ACLED export use --profile acled")
    return best


# ------------------------------------------------------------------ parsing


def _parse(raw: pd.DataFrame, table: str, problems: list[Problem]) -> pd.DataFrame:
    """Typed frame from strings; each value that does not parse is reported and set missing."""
    dtypes = load.pandas_dtypes(table)
    out = pd.DataFrame(index=raw.index)
    for f in schema.fields(table):
        name = f["name"]
        if name not in raw.columns:
            continue
        col = raw[name]
        if f["type"] == "integer":
            parsed = pd.to_numeric(col, errors="coerce")
            bad = col.notna() & (parsed.isna() | (parsed % 1 != 0))
            parsed = parsed.where(~bad).astype("Int64")
            kind = "an integer"
        elif f["type"] == "number":
            parsed = pd.to_numeric(col, errors="coerce").astype("Float64")
            bad = col.notna() & parsed.isna()
            kind = "a number"
        elif f["type"] == "date":
            parsed = pd.to_datetime(col, format=load.DATE_FORMAT, errors="coerce").astype("datetime64[s]")
            bad = col.notna() & parsed.isna()
            kind = "an ISO date (YYYY-MM-DD)"
        else:
            parsed = col.astype("string")
            bad = pd.Series(False, index=col.index)
            kind = ""
        for i in col.index[bad]:
            problems.append(Problem(table, int(i) + CSV_LINE_OFFSET, name, "type", str(col[i]), f"not {kind}"))
        out[name] = parsed if str(dtypes[name]) != "category" else parsed.astype("string")
    return out


def _columns(raw: pd.DataFrame, table: str, problems: list[Problem]) -> None:
    want, got = schema.field_names(table), list(raw.columns)
    missing = [c for c in want if c not in got]
    extra = [c for c in got if c not in want]
    if missing:
        problems.append(Problem(table, 1, None, "missing_columns", None, "missing columns: " + ", ".join(missing)))
    if extra:
        problems.append(Problem(table, 1, None, "extra_columns", None, "unexpected columns: " + ", ".join(extra)))
    if not missing and not extra and got != want:
        problems.append(Problem(table, 1, None, "column_order", None, "columns are not in the schema's order"))


def _column_checks(frame: pd.DataFrame, table: str, problems: list[Problem], unparsed: set[tuple[int, str]]) -> None:
    import pandera.errors
    import pandera.pandas as pa

    full = schema.pandas_schema(table, rules=False, categorical=False)
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
            message = _message(check, col, table)
            problems.append(Problem(table, None if idx is None else idx + CSV_LINE_OFFSET, col,
                                    check.split("(")[0], None if pd.isna(r.failure_case) else str(r.failure_case), message))


def _message(check: str, column: str | None, table: str) -> str:
    if check.startswith("isin"):
        return "not an allowed value (see the vocabulary in the codebook)"
    if check.startswith("str_matches"):
        return "does not match the expected pattern"
    if check.startswith("greater_than_or_equal_to"):
        return "below the minimum"
    if check.startswith("less_than_or_equal_to"):
        return "above the maximum"
    if check == "not_nullable":
        return "a required value is missing"
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return "duplicate key"
    if check.startswith("dtype"):
        return "wrong type"
    return check


def _rule_checks(frames: dict[str, pd.DataFrame], table: str, problems: list[Problem], cross: bool) -> None:
    frame = frames[table]
    for rule in rules.table_rules(table, cross_table=cross):
        if not rule.applies(frames):
            continue
        ok = rule.check(frames)
        for i in frame.index[~ok.to_numpy()]:
            value = "; ".join(f"{f}={_cell_text(frame.at[i, f])}" for f in rule.fields if f in frame.columns)
            problems.append(Problem(table, int(i) + CSV_LINE_OFFSET, ",".join(rule.fields), rule.name, value, rule.reason))


def _cell_text(v: Any) -> str:
    """A typed cell as a problem shows it (dates as dates, the same on the polars path)."""
    if isinstance(v, pd.Timestamp):  # by hand: strftime refuses years Python's dates lack (0000)
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"
    return "<NA>" if v is None or v is pd.NA else str(v)


def check_frame(raw: pd.DataFrame, table: str, problems: list[Problem], *, columns: bool = True,
                skip: set[tuple[int, str]] | None = None, label: str | None = None) -> pd.DataFrame:
    """Columns, types, constraints and single-table rules of one table read as strings.

    ``columns=False`` checks only the columns present (the ACLED profile reports its own);
    ``skip`` holds (row, column) cells already reported; ``label`` names the file in problems.
    """
    if columns:
        _columns(raw, table, problems)
    before = len(problems)
    frame = _parse(raw, table, problems)
    unparsed = {(p.line - CSV_LINE_OFFSET, p.field) for p in problems[before:] if p.line and p.field}
    _column_checks(frame, table, problems, unparsed | (skip or set()))
    _rule_checks({table: frame}, table, problems, cross=False)
    if label:
        for p in problems[before:]:
            p.table = label
    return frame


def validate_dataframe(df: pd.DataFrame, table: str = "events") -> Report:
    """Validate a DataFrame (typed, as loaded, or all strings) as table ``table``."""
    raw = df.copy()
    for c in raw.columns:
        if pd.api.types.is_datetime64_any_dtype(raw[c]):
            raw[c] = raw[c].dt.strftime(load.DATE_FORMAT)
    raw = raw.astype("string").astype(object).where(raw.notna(), None)
    raw = raw.reset_index(drop=True)
    report = Report(target=f"DataFrame as {table}", rows={table: len(raw)})
    check_frame(raw, table, report.problems)
    return report


def validate_csv(file: str | Path, table: str | None = None, engine: str = "pandas") -> Report:
    """Validate one CSV file as one of our tables (guessed from its name or header).

    ``engine``: "pandas" (default), "polars" (the fast path; the same checks and the same
    problems) or "dask" (partitioned, for files larger than memory).
    """
    file = Path(file)
    if engine == "polars":
        return validate_csv_polars(file, table)
    if engine == "dask":
        from mideast_events import distributed

        return distributed.validate_csv(file, table=table)
    if engine != "pandas":
        raise UnusableInput(f"unknown engine {engine!r}: pandas, polars or dask")
    raw = read_raw_csv(file)
    table = table or guess_table(file, list(raw.columns))
    report = Report(target=str(file), rows={table: len(raw)})
    check_frame(raw, table, report.problems)
    return report


# ------------------------------------------------------------------ packages


def _sha256(file: Path) -> str:
    return "sha256:" + hashlib.sha256(file.read_bytes()).hexdigest()


def _foreign_keys(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    for table, frame in frames.items():
        for fk in schema.foreign_keys(table):
            ref_table = fk["reference"]["resource"]
            if ref_table not in frames:
                continue
            mine, theirs = fk["fields"], fk["reference"]["fields"]
            if not all(c in frame.columns for c in mine) or not all(c in frames[ref_table].columns for c in theirs):
                continue
            keys = frames[ref_table][theirs].astype(object).apply(tuple, axis=1)
            own = frame[mine].astype(object).apply(tuple, axis=1)
            nulls = frame[mine].isna().any(axis=1)
            bad = ~own.isin(set(keys)) & ~nulls
            for i in frame.index[bad.to_numpy()]:
                problems.append(Problem(table, int(i) + CSV_LINE_OFFSET, ",".join(mine), "foreign_key",
                                        "; ".join(str(v) for v in own[i]), f"no matching row in {ref_table}.csv"))


def validate_package(descriptor: str | Path | None = None) -> Report:
    """Validate a whole data package: every table, keys across tables, cross-table rules, and
    the bytes/hash/rows that datapackage.json declares."""
    descriptor = Path(descriptor) if descriptor else dataset_dir() / "datapackage.json"
    if not descriptor.exists():
        raise UnusableInput(f"{descriptor}: no such file")
    try:
        meta = json.loads(descriptor.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UnusableInput(f"{descriptor}: not a valid JSON data package descriptor ({e.__class__.__name__})") from None
    base = descriptor.parent
    report = Report(target=str(descriptor))
    raws: dict[str, pd.DataFrame] = {}
    frames: dict[str, pd.DataFrame] = {}
    for res in meta.get("resources", []):
        name = res.get("name")
        if name not in schema.TABLES:
            continue
        file = base / res["path"]
        raw = read_raw_csv(file)
        raws[name] = raw
        report.rows[name] = len(raw)
        frames[name] = check_frame(raw, name, report.problems)
        declared = {k: res.get(k) for k in ("bytes", "hash", "rows")}
        actual = {"bytes": file.stat().st_size, "hash": _sha256(file), "rows": len(raw)}
        for k, v in declared.items():
            if v is not None and v != actual[k]:
                report.problems.append(Problem(name, None, None, f"{k}_drift", str(v),
                                               f"datapackage.json declares {k} {v} but the file has {actual[k]} (run mideast-events build)"))
    missing = [t for t in schema.TABLES if t not in frames]
    if missing:
        report.problems.append(Problem(missing[0], None, None, "missing_resource", None,
                                       "the package lacks tables: " + ", ".join(missing)))
    check_across_tables(frames, report.problems)
    return report


def check_across_tables(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Foreign keys and the cross-table rules, over tables already parsed by :func:`check_frame`."""
    _foreign_keys(frames, problems)
    for table, f in frames.items():
        for rule in rules.table_rules(table, cross_table=True):
            if rule.needs and rule.applies(frames):
                ok = rule.check(frames)
                for i in f.index[~ok.to_numpy()]:
                    value = "; ".join(f"{c}={_cell_text(f.at[i, c])}" for c in rule.fields if c in f.columns)
                    problems.append(Problem(table, int(i) + CSV_LINE_OFFSET, ",".join(rule.fields),
                                            rule.name, value, rule.reason))


def validate_path(path: str | Path | None = None) -> Report:
    """Validate what ``path`` names: a datapackage.json, a folder holding one, or a CSV file.
    With no path, the bundled package."""
    if path is None:
        return validate_package()
    p = Path(path)
    if p.is_dir() and (p / "datapackage.json").exists():
        return validate_package(p / "datapackage.json")
    if p.suffix == ".json":
        return validate_package(p)
    if p.exists() and not p.is_dir() and p.suffix.lower() not in (".csv", ".txt", ""):
        raise UnusableInput(f"{p}: expected a .csv file or a datapackage.json, not {p.suffix!r}")
    return validate_csv(p)


# ------------------------------------------------------------------ polars fast path
# The same checks as check_frame, compiled from the same objects (the Pandera polars schema's
# column checks and rules.RULES' polars expressions) into one lazy polars query over the CSV:
# parsing, converting and checking run in one parallel pass and only failing rows are
# materialised, so a million rows cost about as much as reading them. The problems are the
# ones the pandas path reports.

_CHECK_NAMES = {"allowed_values": "isin", "pattern": "str_matches",
                "min_value": "greater_than_or_equal_to", "max_value": "less_than_or_equal_to"}
_KINDS = {"integer": "an integer", "number": "a number", "date": "an ISO date (YYYY-MM-DD)"}


@dataclass
class Conversion:
    """How the polars path turns one raw column into the value it checks (the ACLED profile
    converts dates and actor-type codes); ``failed`` flags raw values it could not convert."""

    value: Any
    failed: Any
    message: Any  # raw value -> message


def scan_polars_strings(file: Path, null_values: tuple[str, ...] = ("",)) -> Any:
    """A CSV as a lazy polars frame of strings (empty = missing, quoted or not, as on the pandas
    path), after the same up-front checks as read_raw_csv."""
    import polars as pl

    header = sniff_csv(file)
    names = next(csv.reader([header]))
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise UnusableInput(f"{file}: the header repeats column names: {', '.join(dupes)}")
    return pl.scan_csv(file, infer_schema=False, null_values=list(null_values))


def _read_head(file: Path, rows: int, columns: list[str]) -> pd.DataFrame:
    """The first rows of ``columns`` as strings, None = missing, as the pandas path holds them
    (to detect an ACLED layout). Parsed from the file's first bytes, read on until they hold
    the rows: asking polars for the first rows of a large file costs several times more."""
    import polars as pl

    with file.open("rb") as fh:
        data = fh.read(1 << 23)
        while True:
            more = fh.read(1)
            whole = data[:_last_row_end(data)] if more else data
            if whole:
                try:
                    head = pl.read_csv(io.BytesIO(whole), n_rows=rows, columns=columns, infer_schema=False,
                                       null_values=[""])
                except (pl.exceptions.PolarsError, OSError) as e:
                    raise _malformed(file, e) from None
                if not more or head.height >= rows:
                    break
            # read on: as much again as the rows still missing took so far, and a bit more
            got = head.height if whole else 0
            data += more + fh.read(int(len(data) * ((rows - got) / got * 1.2 if got else 1)) + (1 << 20))
    head = head.head(rows)
    return pd.DataFrame({c: head.get_column(c).to_list() for c in head.columns}, dtype=object)


def _last_row_end(data: bytes) -> int:
    """Just past the last line break of ``data`` that ends a row: one outside quotes (a CSV
    cell may hold line breaks; a quote inside a cell is doubled, so quotes pair up). 0: none."""
    end = data.rfind(b"\n")
    quotes = data.count(b'"', 0, max(end, 0))
    while end >= 0 and quotes % 2:
        before = data.rfind(b"\n", 0, end)
        quotes -= data.count(b'"', before + 1, end)
        end = before
    return end + 1


def _malformed(file: Path, error: Exception) -> UnusableInput:
    """polars' complaint about a CSV as the one-line message the command shows."""
    return UnusableInput(f"{file}: malformed CSV: {str(error).strip().splitlines()[0]}")


def _collect(query: Any, file: Path) -> Any:
    import polars as pl

    try:
        return query.collect(engine="streaming")
    except (pl.exceptions.PolarsError, OSError) as e:
        raise _malformed(file, e) from None


def _whole_for_pandas(value: str) -> bool:
    """Whether the integer parser of the pandas path (see _parse) reads ``value`` as a whole number."""
    number = pd.to_numeric(pd.Series([value], dtype=object), errors="coerce")[0]
    return bool(pd.notna(number) and math.isfinite(number) and number % 1 == 0)


def _polars_parse(columns: dict[str, Any], table: str, exact: bool = True) -> tuple[list[Any], list[Any]]:
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
            num = col.cast(pl.Float64, strict=False)
            wrong = col.is_not_null() & num.is_null()
            typed.append(num.alias(c))
        elif f["type"] == "date" and columns[c] != pl.Date:
            d = col.str.to_date(load.DATE_FORMAT, strict=False)
            wrong = col.is_not_null() & d.is_null()
            typed.append(d.alias(c))
        else:
            typed.append(col)
        bad.append(wrong.alias(f"type|{c}"))
    return typed, bad


@cache
def _polars_checks(table: str, present: tuple[str, ...]) -> dict[str, Any]:
    """Failure flags (True = the row fails) for every column check and rule that applies, by
    name: an expression over the row, or, for a uniqueness check, the key's columns (it needs
    the whole column: see :func:`_duplicated`). Cells flagged ``skip|<col>`` were reported
    already and are not reported again as missing. Built once per table and column set (the
    expressions are immutable; callers must not change the dict)."""
    import polars as pl

    pandera_schema = schema.polars_schema(table, rules=False)
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
            if key == "allowed_values" and table == "events" and all(isinstance(v, str) for v in value):
                # by position in the vocabulary, as the rules read these columns: polars
                # computes that once for both
                fail = col.is_not_null() & rules.pl_code(name).is_null()
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
            flags[f"{_CHECK_NAMES[key]}|{name}"] = fail.fill_null(False)
    key = pandera_schema.unique or []
    if len(key) > 1 and all(c in present for c in key):  # a primary key of several fields
        flags.update({f"multiple_fields_uniqueness|{c}": list(key) for c in key})
    for rule in rules.table_rules(table):
        if rule.polars is not None and all(f in present for f in rule.fields):
            flags[f"rule|{rule.name}"] = (~rule.polars()).fill_null(False)
    return flags


def _key(columns: list[str]) -> Any:
    import polars as pl

    return pl.col(columns[0]) if len(columns) == 1 else pl.struct(columns)


def _duplicated(frame: Any, columns: list[str], hashes: Any, ordered: Any) -> list[int]:
    """The rows that repeat another row's values in ``columns`` (a single column's missing
    values never count), as is_duplicated says, but fast: rows are compared by ``hashes`` (of
    the key, and ``ordered``: the same sorted) first, and only those whose hash repeats are
    compared exactly."""
    import polars as pl

    repeated = ordered.filter(ordered == ordered.shift(1))
    if repeated.is_empty():
        return []
    maybe = hashes.is_in(repeated.implode()).arg_true()
    key = _key(columns)
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
    present = [f["name"] for f in schema.fields(table) if f["name"] in names]
    # The columns are read once, as text, into memory; then one query converts, parses and
    # checks them, in parallel, and keeps only the rows that fail.
    frame = _collect(raw.with_row_index("__row"), file)
    conv = conversions(frame) if conversions else {}
    flags = _polars_checks(table, tuple(present))
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
        typed, bad = _polars_parse({c: dtypes[c] for c in present}, table, exact)
        step = step.with_columns(*typed, *bad)
        step = step.with_columns(*[(pl.col(f"type|{c}") | pl.col(f"conv|{c}")).alias(f"skip|{c}") for c in present])
        return (step.with_columns(**row_flags).filter(pl.any_horizontal(row_names))
                .select("__row", *row_names, *[f"raw|{c}" for c in present], *present))

    converted = frame.lazy().select(*[(conv[c].value if c in conv else pl.col(c)).alias(c) for c in present])
    converted_types = converted.collect_schema()
    typed_keys, _ = _polars_parse({c: converted_types[c] for c in keys}, table)
    unique = {name: e for name, e in flags.items() if isinstance(e, list)}
    # the key values, and their hashes (sorted too) for the uniqueness checks, in the same run
    hashed = converted.select(*typed_keys).select(
        pl.all(), *[_key(e).hash().alias(f"hash|{name}") for name, e in unique.items()],
        *[_key(e).hash().sort().alias(f"sorted|{name}") for name, e in unique.items()])
    # Every row through the fast query; the few rows with an integer it could not read (it
    # reads plain integers only) through the exact one, which replaces their results.
    found, every = pl.collect_all([failing_rows(frame, exact=False), hashed], engine="streaming")
    ints = [f["name"] for f in schema.fields(table) if f["type"] == "integer" and f["name"] in present]
    again = []
    if ints:  # only rows where pandas reads a whole number the fast query did not
        flagged = found.filter(pl.any_horizontal([f"type|{c}" for c in ints]))
        again = [row["__row"] for row in flagged.iter_rows(named=True)
                 if any(row[f"type|{c}"] and _whole_for_pandas(row[f"raw|{c}"]) for c in ints)]
    if again:  # (__row is the row's position in frame)
        exact = _collect(failing_rows(frame[again], exact=True), file)
        found = pl.concat([found.filter(~pl.col("__row").is_in(again)), exact]).sort("__row")
    n = frame.height
    if keys:  # uniqueness, from the key values alone
        repeats = {name: set(_duplicated(every, e, every[f"hash|{name}"], every[f"sorted|{name}"]))
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
    found = found.with_columns(pl.col(flag_names).fill_null(False), pl.col(pl.Date).dt.strftime(load.DATE_FORMAT))
    by_flag: dict[str, list[dict[str, Any]]] = {name: [] for name in flag_names}
    for row in found.iter_rows(named=True):  # only failing rows: a handful, usually
        for name in flag_names:
            if row[name]:
                by_flag[name].append(row)
    before = len(problems)
    for name in flag_names:
        kind, col = name.split("|", 1)
        for row in by_flag[name]:
            line = row["__row"] + CSV_LINE_OFFSET
            if kind == "conv":
                raw_value = row[f"raw|{col}"]
                problems.append(Problem(table, line, col, "type", raw_value, conv[col].message(raw_value)))
            elif kind == "type":
                f = next(x for x in schema.fields(table) if x["name"] == col)
                problems.append(Problem(table, line, col, "type", row[f"raw|{col}"], f"not {_KINDS[f['type']]}"))
            elif kind == "rule":
                rule = rules.get(col)
                value = "; ".join(f"{c}={_cell_text(row[c])}" for c in rule.fields if c in row)
                problems.append(Problem(table, line, ",".join(rule.fields), rule.name, value, rule.reason))
            else:
                v = row[col]
                problems.append(Problem(table, line, col, kind, None if v is None else str(v), _message(kind, col, table)))
    _pandas_only_rules(converted, table, present, problems, file)
    if label:
        for p in problems[before:]:
            p.table = label
    return n


def _pandas_only_rules(converted: Any, table: str, present: list[str], problems: list[Problem], file: Path) -> None:
    """A rule with no polars expression yet still runs: on pandas, over the columns it reads
    (never skipped silently)."""
    for rule in rules.table_rules(table):
        if rule.polars is not None or not all(f in present for f in rule.fields):
            continue
        columns = list(rule.fields)
        frame = _collect(converted.select(columns), file).to_pandas()
        for c in columns:
            if pd.api.types.is_datetime64_any_dtype(frame[c]):
                frame[c] = frame[c].dt.strftime(load.DATE_FORMAT)
        frame = frame.astype(object).where(frame.notna(), None)
        typed = _parse(frame, table, [])
        ok = rule.check({table: typed})
        for i in typed.index[~ok.to_numpy()]:
            value = "; ".join(f"{f}={_cell_text(typed.at[i, f])}" for f in rule.fields)
            problems.append(Problem(table, int(i) + CSV_LINE_OFFSET, ",".join(rule.fields), rule.name, value, rule.reason))


def checked_columns(table: str, present: list[str]) -> list[str]:
    """The columns some check or rule reads: the others need not be read at all."""
    used = {c for r in rules.table_rules(table) for c in r.fields}
    out = []
    for f in schema.fields(table):
        c = f.get("constraints", {})
        if f["name"] in present and (f["type"] != "string" or c or f["name"] in used):
            out.append(f["name"])
    return out


def validate_csv_polars(file: Path, table: str | None = None) -> Report:
    """validate_csv on polars: the same checks and problems, in a fraction of the time."""
    file = Path(file)
    raw = scan_polars_strings(file)
    columns = raw.collect_schema().names()
    table = table or guess_table(file, columns)
    report = Report(target=str(file))
    _columns(_Header(columns), table, report.problems)
    report.rows[table] = check_frame_polars(raw.select(checked_columns(table, columns)), table, report.problems, file)
    return report


class _Header:
    """Stands in for a frame when only the header is needed."""

    def __init__(self, columns: list[str]):
        self.columns = list(columns)


def validate_acled_polars(path: Path) -> Report:
    """The ACLED profile (see acled.validate_acled) on polars."""
    from mideast_events import acled

    raw = scan_polars_strings(path)
    names = raw.collect_schema().names()
    # The layout is told from the columns it reads, over as many rows as the pandas path looks
    # at for R's NA token.
    head = _read_head(path, 10000, [c for c in names if acled._our_name(c) in acled.SAMPLED_COLUMNS])
    na = "NA" if acled._uses_na_token(head) else ""
    if na:  # R's missing values: read as missing
        head = head.where(head != na, None)
        raw = scan_polars_strings(path, ("", na))
    layout, _ = acled._detect_layout(head, (), na, columns=names)
    acled_cols = checked_columns("events", [c for c in schema.acled_columns() if c in layout.names().values()])
    label = path.name
    report = Report(target=f"{path} (ACLED profile: {layout.describe()})")
    report.problems.extend(acled.layout_problems(layout, label))
    report.rows[label] = check_frame_polars(raw.rename(layout.names()).select(acled_cols), "events", report.problems,
                                            path, conversions=lambda frame: acled.polars_conversions(layout, frame),
                                            label=label)
    return report
