"""Exact conversion between ACLED's export files and this project's events table.

``from_acled`` reads any ACLED layout (current text-label exports, numeric-code exports, the
2019-2020 layout with data_id/event_id_no_cnty/iso3, the 2016 API layout with gwno and
ally_actor_*, UPPERCASE names, monadic files, API or export-tool dates) into our column names
and spellings, and records how the file was written in an :class:`Layout` kept in
``frame.attrs["acled_layout"]``. ``to_acled`` writes events back in that layout (or any other),
so a round trip reproduces every ACLED cell. Columns it cannot place are kept, named in the
layout and in a warning, never dropped.
"""
from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from mideast_events import schema
from mideast_events._files import atomic_write

# Columns that older ACLED layouts carry and today's does not. They are ACLED's, so they are
# kept as they are (after our columns) and written back, but this project does not use them.
LEGACY_COLUMNS = ("data_id", "event_id_no_cnty", "iso3", "gwno",
                  "population_best", "population_1km", "population_2km", "population_5km")
# ACLED renamed these in 2019; the values mean the same thing.
RENAMED = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
MONADIC_DROPS = ("actor2", "assoc_actor_2", "inter2")
# Columns that came with the 2020-2021 disorder coding; absent from older layouts.
LATER_COLUMNS = ("disorder_type", "civilian_targeting", "tags")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_EXPORT_DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$")
_API_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGITS = re.compile(r"\d+")
# What spreadsheets make of dates when a file is opened and re-saved: 9-May-20, 31-12-19, 5/9/2020.
_DAMAGED_DATE = re.compile(r"^\d{1,2}[-/.]([A-Za-z]{3,9}|\d{1,2})[-/.]\d{2,4}$|^\d{1,2}/\d{1,2}/\d{2,4}|^\d{5}$")


class AcledError(ValueError):
    """An ACLED file that cannot be converted exactly (one plain sentence)."""


class AcledWarning(UserWarning):
    """Something about an ACLED file the user should know (a column that could not be placed)."""


@dataclass(frozen=True)
class Layout:
    """How an ACLED file was written, so that ``to_acled`` can write it the same way."""

    columns: tuple[str, ...]            # header as written, in file order
    codes: str = "text"                 # inter1/inter2/interaction: "text" labels or "numeric" codes
    dates: str = "export"               # "export" ('05 April 2021') or "api" ('2021-04-05')
    day_padded: bool = True             # export dates: '05 April' (ACLED) or '5 April'
    na: str = ""                        # how a CSV writes a missing value ('' or 'NA')
    no_actor2_code: str | None = "0"    # numeric files: inter2 when there is no actor2
    blank_columns: tuple[str, ...] = () # data frames: columns whose missing value is '' not NA
    era: str = "current"                # "current", "2019-2020" or "2016"
    monadic: bool = False
    unplaced: tuple[str, ...] = ()      # columns kept as they are because no ACLED column matches
    # Numbers the file spells otherwise than their shortest form ('3.5746000000000002' for 3.5746):
    # (event_id_cnty, column, text as written), written back while the value is unchanged.
    spellings: tuple[tuple[str, str, str], ...] = ()
    notes: tuple[str, ...] = ()         # plain sentences: what was converted or is missing

    def names(self) -> dict[str, str]:
        """Column as written -> our column name (unplaced and legacy columns keep their name)."""
        return {c: _our_name(c) for c in self.columns}

    def describe(self) -> str:
        parts = [f"{self.era} layout", f"{len(self.columns)} columns", f"{self.codes} actor-type codes",
                 f"{self.dates} dates"]
        if self.monadic:
            parts.append("monadic")
        return ", ".join(parts)


def _describe_column(name: str) -> str:
    if name == "" or name.startswith("Unnamed: "):
        return f"{name!r} (an unnamed row-index column, as pandas or R write it)"
    return repr(name)


def _our_name(column: str) -> str:
    low = column.strip().lower()
    return RENAMED.get(low, low)


def standard_layout(codes: str = "text", dates: str = "export") -> Layout:
    """The layout of a current ACLED export: the 31 columns, in ACLED's order."""
    if codes not in ("text", "numeric"):
        raise ValueError(f"codes must be 'text' or 'numeric', not {codes!r}")
    if dates not in ("export", "api"):
        raise ValueError(f"dates must be 'export' or 'api', not {dates!r}")
    return Layout(columns=tuple(schema.acled_columns()), codes=codes, dates=dates)


# ------------------------------------------------------------------ vocabularies


@cache
def _code_maps() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(code -> label, label -> code, numeric interaction -> text, text interaction -> numeric)."""
    codes = schema.actor_type_codes()
    label_of = {str(c): lab for lab, c in codes.items()}
    code_of = {lab: str(c) for lab, c in codes.items()}
    num2text: dict[str, str] = {}
    for a, ca in codes.items():
        num2text[str(10 * ca)] = f"{a} only"
        for b, cb in codes.items():
            if ca <= cb:
                num2text[str(10 * ca + cb)] = f"{a}-{b}"
    text2num = {t: n for n, t in num2text.items()}
    return label_of, code_of, num2text, text2num


# ------------------------------------------------------------------ reading


def _stringify(frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Any data frame (an R file, a typed frame) as strings with None for missing, the way a CSV
    would hold it; also the columns whose missing values were empty strings."""
    out = {}
    blank = []
    for c in frame.columns:
        s = frame[c]
        if pd.api.types.is_float_dtype(s):
            vals = [None if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(float(v))) for v in s]
        elif pd.api.types.is_integer_dtype(s) or pd.api.types.is_bool_dtype(s):
            vals = [None if pd.isna(v) else str(v) for v in s]
        elif pd.api.types.is_datetime64_any_dtype(s):
            vals = [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in s]
        else:
            vals = [None if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(v) for v in s]
            if any(v == "" for v in vals):
                blank.append(str(c))
                vals = [None if v == "" else v for v in vals]
        out[str(c)] = pd.Series(vals, index=frame.index, dtype=object)
    return pd.DataFrame(out, index=frame.index), tuple(blank)


def read_raw(source: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...], str]:
    """An ACLED file or frame as strings (None = missing).

    Returns the frame, the columns whose missing values were '' in a data frame, and the
    missing-value token of a CSV ('' or 'NA').
    """
    if isinstance(source, pd.DataFrame):
        raw, blank = _stringify(source.reset_index(drop=True))
        return raw, blank, ""
    path = Path(source)
    if path.suffix.lower() in (".rda", ".rdata", ".rds"):
        from mideast_events import extras

        pyreadr = extras.import_module("pyreadr", "r", "reading an R data file")
        try:
            objects = pyreadr.read_r(str(path))
        except Exception as e:  # pyreadr raises its own and OS errors alike
            raise AcledError(f"{path}: cannot read as an R data file ({e})") from None
        if len(objects) != 1:
            raise AcledError(f"{path}: holds {len(objects)} R objects ({', '.join(objects)}); expected one data frame")
        raw, blank = _stringify(next(iter(objects.values())).reset_index(drop=True))
        return raw, blank, ""
    from mideast_events.validate import read_raw_csv

    raw = read_raw_csv(path)
    na = "NA" if _uses_na_token(raw) else ""
    if na:
        raw = raw.where(raw != "NA", None)
    return raw, (), na


# Where R's NA token is looked for (where ACLED leaves cells empty), and every column whose
# values the layout detection reads: a caller may hand it only these.
NA_PROBE_COLUMNS = ("actor2", "assoc_actor_1", "assoc_actor_2", "admin3", "civilian_targeting", "tags")
SAMPLED_COLUMNS = NA_PROBE_COLUMNS + ("inter1", "inter2", "event_date")


def _uses_na_token(raw: pd.DataFrame) -> bool:
    """R's write.csv writes missing values as NA; look where ACLED leaves cells empty."""
    for c in raw.columns:
        if _our_name(c) in NA_PROBE_COLUMNS:
            if (raw[c].head(10000) == "NA").any():
                return True
    return False


def _texts(column: pd.Series) -> list[str]:
    """The text values of a sample column (a plain loop: faster than pandas' string methods on
    a few thousand values)."""
    return [v for v in column.tolist() if isinstance(v, str)]


def _detect_layout(raw: pd.DataFrame, blank: tuple[str, ...], na: str,
                   columns: list[str] | None = None) -> tuple[Layout, list[str]]:
    """``columns``: the file's columns, when ``raw`` holds only those of SAMPLED_COLUMNS."""
    columns = tuple(str(c) for c in (raw.columns if columns is None else columns))
    ours = set(schema.acled_columns())
    names = {c: _our_name(c) for c in columns}
    placed = ours | set(LEGACY_COLUMNS) | set(schema.field_names("events"))  # ours too: a file of our rows
    unplaced = tuple(c for c in columns if names[c] not in placed)
    got = set(names.values())
    if "gwno" in got or any(c.strip().lower() in RENAMED for c in columns):
        era = "2016"
    elif got & {"data_id", "event_id_no_cnty", "iso3"}:
        era = "2019-2020"
    else:
        era = "current"
    monadic = not got & set(MONADIC_DROPS) and "actor1" in got
    sample = raw.head(5000)
    by_ours = {names[c]: c for c in columns}
    codes = "text"
    if "inter1" in by_ours:
        vals = _texts(sample[by_ours["inter1"]])
        if vals and sum(bool(_DIGITS.fullmatch(v)) for v in vals) / len(vals) > 0.5:
            codes = "numeric"
    dates, padded = "export", True
    if "event_date" in by_ours:
        vals = _texts(sample[by_ours["event_date"]])
        if vals and sum(bool(_API_DATE.match(v)) for v in vals) / len(vals) > 0.5:
            dates = "api"
        else:
            padded = not any(len(m.group(1)) == 1 for m in map(_EXPORT_DATE.match, vals) if m)
    no_actor2 = "0"
    if codes == "numeric" and "inter2" in by_ours:
        no_actor2 = "0" if (raw[by_ours["inter2"]] == "0").any() else None
    notes = []
    missing = [c for c in schema.acled_columns() if c not in got and not (monadic and c in MONADIC_DROPS)]
    if missing:
        notes.append(f"this {era} layout has no {', '.join(missing)} (left empty)")
    renamed = [f"{c} -> {names[c]}" for c in columns if c.strip().lower() in RENAMED]
    if renamed:
        notes.append("renamed to today's names: " + ", ".join(renamed))
    legacy = [c for c in columns if names[c] in LEGACY_COLUMNS]
    if legacy:
        notes.append(f"older ACLED columns kept as they are: {', '.join(legacy)}")
    if codes == "numeric":
        notes.append("numeric actor-type codes read as today's text labels")
    if unplaced:
        shown = ", ".join(_describe_column(c) for c in unplaced)
        notes.append(f"could not place {shown}: not an ACLED column; kept as is")
    layout = Layout(columns=columns, codes=codes, dates=dates, day_padded=padded, na=na,
                    no_actor2_code=no_actor2, blank_columns=blank, era=era, monadic=monadic,
                    unplaced=unplaced, notes=tuple(notes))
    return layout, notes


# ------------------------------------------------------------------ value conversion


@dataclass
class BadValue:
    row: int
    column: str
    value: str
    message: str


def _parse_dates(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO strings for export-tool or API dates (parsed once per distinct value); and which
    values are neither."""
    uniq = col.dropna().unique()
    months = {m: i + 1 for i, m in enumerate(MONTHS)}
    iso: dict[str, str | None] = {}
    for v in uniq:
        m = _EXPORT_DATE.match(v)
        out = None
        if m and m.group(2) in months:
            out = f"{m.group(3)}-{months[m.group(2)]:02d}-{int(m.group(1)):02d}"
        elif _API_DATE.match(v):
            out = v
        iso[v] = out if out is not None and _calendar_date(out) else None
    parsed = col.map(iso, na_action="ignore")
    return parsed, col.notna() & parsed.isna()


def _calendar_date(iso: str) -> bool:
    """Whether YYYY-MM-DD is a day of the proleptic Gregorian calendar, as pandas and polars
    count (year 0000 included, which Python's dates lack): no 30 February, no month 13."""
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days[month - 1]


def date_problem(value: str) -> str:
    if _DAMAGED_DATE.match(value.strip()):
        return ("not an ACLED date: it looks re-saved by a spreadsheet (day/month order or the century "
                "is lost); re-download the export rather than guess")
    return "not an ACLED date ('05 April 2021' from the export tool or '2021-04-05' from the API)"


def normalize(raw: pd.DataFrame, layout: Layout) -> tuple[pd.DataFrame, list[BadValue]]:
    """Strings in our column names and today's spellings: ISO dates, text actor-type labels
    and text interactions. Values that cannot be converted are listed and left missing."""
    label_of, _, num2text, _ = _code_maps()
    names = layout.names()
    out = raw.rename(columns=names)
    bad: list[BadValue] = []
    if "event_date" in out.columns:
        parsed, wrong = _parse_dates(out["event_date"])
        for i in out.index[wrong.to_numpy()]:
            v = out.at[i, "event_date"]
            bad.append(BadValue(int(i), "event_date", v, date_problem(v)))
        out["event_date"] = parsed
    for c in ("inter1", "inter2"):
        if c in out.columns:
            col = out[c]
            digits = col.str.fullmatch(r"\d+").fillna(False).astype(bool)
            if digits.any():
                mapped = col.map(label_of, na_action="ignore")
                if c == "inter2":
                    mapped = mapped.where(col != "0", None)
                wrong = digits & mapped.isna() & (col != "0")
                for i in out.index[wrong.to_numpy()]:
                    bad.append(BadValue(int(i), c, col[i], "not an ACLED actor-type code (1-8)"))
                out[c] = col.where(~digits, mapped)
    if "interaction" in out.columns:
        col = out["interaction"]
        digits = col.str.fullmatch(r"\d+").fillna(False).astype(bool)
        if digits.any():
            mapped = col.map(num2text, na_action="ignore")
            wrong = digits & mapped.isna()
            for i in out.index[wrong.to_numpy()]:
                bad.append(BadValue(int(i), "interaction", col[i], "not an ACLED interaction code"))
            out["interaction"] = col.where(~digits, mapped)
    return out, bad


def polars_conversions(layout: Layout, frame: Any) -> dict[str, Any]:
    """``normalize`` as polars expressions (validate.Conversion per column) over ``frame`` (the
    rows read as text, in our column names) for the fast path, doing only the work the rows
    need, as ``normalize`` does. Each distinct date is parsed once, by the pandas path's own
    parser (a file has a few thousand distinct dates for a million rows)."""
    import polars as pl

    from mideast_events.validate import Conversion

    label_of, _, num2text, _ = _code_maps()
    names = set(layout.names().values())
    coded = [(c, table, message) for c, table, message in (
        ("inter1", label_of, "not an ACLED actor-type code (1-8)"),
        ("inter2", {**label_of, "0": None}, "not an ACLED actor-type code (1-8)"),
        ("interaction", num2text, "not an ACLED interaction code")) if c in names]
    # One pass over the rows for what the conversions need to know: the distinct dates, and
    # (like normalize) whether a column has numeric codes at all. A code sorts before every
    # label (digits before letters), so only a column whose smallest value could be one is
    # looked at again, at what is not a label. (In memory: quicker than streaming for a few
    # aggregates.)
    facts = frame.lazy().select(
        *([pl.col("event_date").unique().drop_nulls().implode()] if "event_date" in names else []),
        *[pl.col(c).min() for c, _, _ in coded]).collect(engine="in-memory").row(0, named=True)
    maybe = [(c, table) for c, table, _ in coded if facts[c] is not None and facts[c] < ":"]
    has_codes = dict.fromkeys((c for c, _, _ in coded), False)
    if maybe:
        has_codes.update(frame.lazy().select(*[
            pl.col(c).filter(~pl.col(c).is_in([v for v in table.values() if v])).str.contains(r"^\d+$").any()
            for c, table in maybe]).collect().row(0, named=True))
    out: dict[str, Any] = {}
    if "event_date" in names:
        col = pl.col("event_date")
        uniq = pd.Series(facts["event_date"], dtype=object)
        parsed, _ = _parse_dates(uniq)
        known = parsed.notna().to_numpy()
        # parsed by polars: Python's dates stop short of some that pandas takes (year 0)
        dates = pl.Series(parsed[known].tolist(), dtype=pl.String).str.to_date("%Y-%m-%d")
        value = col.replace_strict(pl.Series(uniq[known].tolist(), dtype=pl.String), dates,
                                   default=None, return_dtype=pl.Date)
        out["event_date"] = Conversion(value, col.is_not_null() & value.is_null(), date_problem)
    for c, table, message in coded:
        if has_codes[c]:
            col = pl.col(c)
            failed = (col.str.contains(r"^\d+$") & ~col.is_in(list(table))).fill_null(False)
            # codes become labels; an unknown code is missing (reported once, as above); text is kept
            value = pl.when(failed).then(None).otherwise(col.replace(table))
            out[c] = Conversion(value, failed, lambda v, m=message: m)
    return out


def from_acled(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read an ACLED export (CSV, R data file or data frame) into our events columns.

    ACLED's columns come first, in our order and with our types (dates as dates, text
    actor-type labels, nullable integers); ACLED's older columns and any column that could not
    be placed follow as strings. Columns a layout lacks are absent. ``attrs["acled_layout"]``
    says how the file was written, for :func:`to_acled`. Raises :class:`AcledError` for values
    that cannot be converted exactly (damaged dates, unknown codes, numbers that do not parse).
    """
    from mideast_events import validate

    raw, blank, na = read_raw(source)
    layout, _ = _detect_layout(raw, blank, na)
    if layout.unplaced:
        warnings.warn(f"ACLED file: could not place column(s) {', '.join(map(_describe_column, layout.unplaced))}; "
                      "kept as they are", AcledWarning, stacklevel=2)
    norm, bad = normalize(raw, layout)
    problems: list[validate.Problem] = []
    acled = schema.field_names("events")  # ACLED's columns, and ours when the file has them
    typed = validate._parse(norm[[c for c in acled if c in norm.columns]], "events", problems)
    if bad or problems:
        first = bad[0] if bad else None
        n = len(bad) + len(problems)
        where = (f"row {first.row + 1} {first.column} {first.value!r}: {first.message}" if first else
                 f"line {problems[0].line} {problems[0].field} {problems[0].value!r}: {problems[0].message}")
        raise AcledError(f"{n} value(s) cannot be converted exactly; first: {where} "
                         "(mideast-events validate --profile acled lists them all)")
    layout = replace(layout, spellings=_spellings(norm, typed))
    extras = [c for c in norm.columns if c not in acled]
    frame = pd.concat([typed, norm[extras].astype("string")], axis=1) if extras else typed
    frame.attrs["acled_layout"] = layout
    return frame


def _spellings(norm: pd.DataFrame, typed: pd.DataFrame) -> tuple[tuple[str, str, str], ...]:
    if "event_id_cnty" not in typed.columns:
        return ()
    out = []
    for f in schema.fields("events"):
        c = f["name"]
        if f["type"] in ("integer", "number") and c in typed.columns:
            written = norm[c]
            differs = written.notna() & (_as_text(typed[c]) != written)
            for i in typed.index[differs.to_numpy()]:
                out.append((str(typed.at[i, "event_id_cnty"]), c, str(written[i])))
    return tuple(out)


def _respell(col: pd.Series, column: str, events: pd.DataFrame, layout: Layout) -> pd.Series:
    wanted = {k: t for k, c, t in layout.spellings if c == column}
    if not wanted or "event_id_cnty" not in events.columns:
        return col
    ids = events["event_id_cnty"].astype(object)
    out = col.copy()
    for i in events.index[ids.isin(list(wanted)).to_numpy()]:
        text = wanted[ids[i]]
        if out[i] is not None and float(text) == float(out[i]):  # unchanged value: keep its spelling
            out[i] = text
    return out


# ------------------------------------------------------------------ writing


def _format_date(col: pd.Series, layout: Layout) -> pd.Series:
    ts = pd.to_datetime(col.astype(object).where(col.notna(), None), format="mixed") if not \
        pd.api.types.is_datetime64_any_dtype(col) else col
    uniq = {d for d in ts.dropna().unique()}
    text: dict[Any, str] = {}
    for d in uniq:
        d = pd.Timestamp(d)
        if layout.dates == "api":
            text[d] = d.strftime("%Y-%m-%d")
        else:
            day = f"{d.day:02d}" if layout.day_padded else str(d.day)
            text[d] = f"{day} {MONTHS[d.month - 1]} {d.year}"
    return pd.Series([None if pd.isna(v) else text[pd.Timestamp(v)] for v in ts], index=col.index, dtype=object)


def _as_text(col: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(col):
        return pd.Series([None if pd.isna(v) else (str(int(v)) if float(v).is_integer() else repr(float(v)))
                          for v in col], index=col.index, dtype=object)
    return pd.Series([None if pd.isna(v) else str(v) for v in col.astype(object)], index=col.index, dtype=object)


def to_acled(events: pd.DataFrame, layout: Layout | None = None, *, codes: str | None = None,
             dates: str | None = None) -> pd.DataFrame:
    """Events (ours, or read by :func:`from_acled`) as the cells of an ACLED file: strings,
    None for missing, in the layout's columns, names and spellings.

    ``layout`` defaults to the one ``from_acled`` recorded, else a current export; ``codes``
    ("text"/"numeric") and ``dates`` ("export"/"api") override it.
    """
    layout = layout or events.attrs.get("acled_layout") or standard_layout()
    if codes or dates:
        changed = replace(layout, codes=codes or layout.codes, dates=dates or layout.dates)
        if changed.codes == "numeric" and layout.codes != "numeric":
            changed = replace(changed, no_actor2_code="0")  # ACLED's numeric files write 0
        layout = changed
    _, code_of, _, text2num = _code_maps()
    out: dict[str, pd.Series] = {}
    index = events.index
    for written, ours in layout.names().items():
        if ours not in events.columns:
            if ours in schema.acled_columns() or ours in LEGACY_COLUMNS:
                col = pd.Series([None] * len(events), index=index, dtype=object)
            else:
                raise AcledError(f"the events have no column {ours!r}, which this layout needs")
        elif ours == "event_date":
            col = _format_date(events[ours], layout)
        else:
            col = _respell(_as_text(events[ours]), ours, events, layout)
            if layout.codes == "numeric" and ours in ("inter1", "inter2"):
                col = col.map(lambda v: code_of.get(v, v) if v is not None else None)
                if ours == "inter2" and layout.no_actor2_code is not None:
                    col = col.where(col.notna(), layout.no_actor2_code)
            elif layout.codes == "numeric" and ours == "interaction":
                col = col.map(lambda v: text2num.get(v, v) if v is not None else None)
        if written in layout.blank_columns:
            col = col.where(col.notna(), "")
        out[written] = col
    return pd.DataFrame(out, index=index)


def acled_csv(cells: pd.DataFrame, na: str = "") -> str:
    """CSV text of ``to_acled``'s cells: quoted only where needed, '\\n' line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(cells.columns)
    for row in cells.itertuples(index=False, name=None):
        w.writerow([na if v is None else v for v in row])
    return buf.getvalue()


def write_acled(events: pd.DataFrame, out: str | Path, layout: Layout | None = None, **kw: Any) -> Path:
    """Write events as an ACLED CSV file, atomically (temp file + rename)."""
    layout = layout or events.attrs.get("acled_layout") or standard_layout()
    text = acled_csv(to_acled(events, layout, **kw), na=layout.na)
    return atomic_write(Path(out), text.encode("utf-8"))


def validate_acled(path: str | Path, engine: str = "pandas") -> Any:
    """Check a foreign ACLED export with ACLED's columns and our rules on them (none of our
    added columns): a :class:`mideast_events.validate.Report` with one problem per bad cell."""
    from mideast_events import validate

    path = Path(path)
    if path.suffix.lower() in (".rda", ".rdata", ".rds"):
        engine = "pandas"  # the other engines read CSV files; an R file is small enough anyway
    if engine == "polars":
        return validate.validate_acled_polars(path)
    if engine == "dask":
        from mideast_events import distributed

        return distributed.validate_csv(path, profile="acled")
    if engine != "pandas":
        raise validate.UnusableInput(f"unknown engine {engine!r}: pandas, polars or dask")
    try:
        raw, blank, na = read_raw(path)
    except AcledError as e:
        raise validate.UnusableInput(str(e)) from None
    layout, _ = _detect_layout(raw, blank, na)
    label = path.name
    report = validate.Report(target=f"{path} (ACLED profile: {layout.describe()})", rows={label: len(raw)})
    problems = report.problems
    problems.extend(layout_problems(layout, label))
    norm, bad = normalize(raw, layout)
    for b in bad:
        problems.append(validate.Problem(label, b.row + validate.CSV_LINE_OFFSET, b.column, "type", b.value, b.message))
    acled = [c for c in schema.acled_columns() if c in norm.columns]
    skip = {(b.row, b.column) for b in bad}
    validate.check_frame(norm[acled], "events", problems, columns=False, skip=skip, label=label)
    return report


def layout_problems(layout: Layout, label: str) -> list[Any]:
    """Whole-file problems: ACLED columns the layout lacks, columns that could not be placed."""
    from mideast_events.validate import Problem

    out = []
    got = set(layout.names().values())
    missing = [c for c in schema.acled_columns() if c not in got and not (layout.monadic and c in MONADIC_DROPS)]
    if missing:
        out.append(Problem(label, 1, None, "missing_columns", None,
                           f"missing ACLED columns ({layout.era} layout): {', '.join(missing)}"))
    if layout.unplaced:
        out.append(Problem(label, 1, None, "extra_columns", None,
                           f"could not place column(s) {', '.join(map(_describe_column, layout.unplaced))}: "
                           "not ACLED columns (ignored)"))
    if layout.era == "current" and not layout.unplaced and not missing:
        order = [n for n in layout.names().values() if n in schema.acled_columns()]
        want = [c for c in schema.acled_columns() if c in order]
        if order != want:
            out.append(Problem(label, 1, None, "column_order", None, "columns are not in ACLED's order"))
    return out
