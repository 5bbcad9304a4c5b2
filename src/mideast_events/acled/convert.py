"""Exact conversion between ACLED's export files and this project's events table.

``from_acled`` reads any ACLED layout (current text-label exports, numeric-code exports, the
2019-2020 layout with data_id/event_id_no_cnty/iso3, the 2016 API layout with gwno and
ally_actor_*, UPPERCASE names, monadic files, API or export-tool dates) into our column names
and spellings, and records how the file was written in a :class:`Layout` kept in
``frame.attrs["acled_layout"]``. ``to_acled`` writes events back in that layout (or any other),
so a round trip reproduces every ACLED cell. Columns it cannot place are kept, named in the
layout and in a warning, never dropped.
"""
from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from mideast_events import schema
from mideast_events._files import atomic_write
from mideast_events.acled.layouts import (
    API_DATE,
    DAMAGED_DATE,
    EXPORT_DATE,
    LEGACY_COLUMNS,
    MONTHS,
    SHEET_SHORT,
    SHEET_SHORT_DATE,
    SHEET_SLASH_DATE,
    SHEET_SLASH_DMY,
    SHEET_SLASH_MDY,
    SPREADSHEET_DATES,
    AcledError,
    AcledWarning,
    Layout,
    code_maps,
    describe_column,
    detect_layout,
    hxl_row,
    standard_layout,
    uses_na_token,
)
from mideast_events.validate.pandas_engine import parse_frame
from mideast_events.validate.reading import read_raw_csv
from mideast_events.validate.report import Problem, impossible_day, type_message

# ------------------------------------------------------------------ reading


def stringify(frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
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


def read_raw(source: str | Path | pd.DataFrame, cut_ok: bool = False) -> tuple[pd.DataFrame, tuple[str, ...], str]:
    """An ACLED file or frame as strings (None = missing). A CSV that ends mid-row is refused, or
    with ``cut_ok`` (the validator) read without its cut last row.

    Returns the frame, the columns whose missing values were '' in a data frame, and the
    missing-value token of a CSV ('' or 'NA').
    """
    if isinstance(source, pd.DataFrame):
        raw, blank = stringify(source.reset_index(drop=True))
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
        raw, blank = stringify(next(iter(objects.values())).reset_index(drop=True))
        return raw, blank, ""
    raw = read_raw_csv(path, cut_ok=cut_ok)
    hxl = None
    if len(raw) and hxl_row(raw.iloc[0].tolist()):  # HDX's hashtag line: kept aside, not data
        hxl = tuple("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
                    for v in raw.iloc[0].tolist())
        raw = raw.iloc[1:]  # the index still counts from the file's first data line
    na = "NA" if uses_na_token(raw) else ""
    if na:
        raw = raw.where(raw != "NA", None)
    raw.attrs.update(hxl=hxl, line_end=line_end(path))
    return raw, (), na


def line_end(path: Path) -> str:
    """The line ending of a file's header line ('\r\n' or '\n')."""
    with path.open("rb") as fh:
        first = fh.readline(1 << 20)
    return "\r\n" if first.endswith(b"\r\n") else "\n"


# ------------------------------------------------------------------ value conversion


# What a numeric code that is none of ACLED's is not (the same words on every engine).
ACTOR_TYPE_CODE = "not an ACLED actor-type code (1-8; 0 in inter2 for no actor2)"
INTERACTION_CODE = ("not an ACLED interaction code (the two actor-type codes 1-8, lower first, as 13 or 78; "
                    "10 x the code with no actor2, as 20)")


@dataclass
class BadValue:
    row: int
    column: str
    value: str
    message: str


def parse_dates(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO strings for export-tool or API dates (parsed once per distinct value); and which
    values are neither."""
    uniq = col.dropna().unique()
    months = {m: i + 1 for i, m in enumerate(MONTHS)}
    iso: dict[str, str | None] = {}
    for v in uniq:
        m = EXPORT_DATE.match(v)
        out = None
        if m and m.group(2) in months:
            out = f"{m.group(3)}-{months[m.group(2)]:02d}-{int(m.group(1)):02d}"
        elif API_DATE.match(v):
            out = v
        iso[v] = out if out is not None and calendar_date(out) else None
    parsed = col.map(iso, na_action="ignore")
    return parsed, col.notna() & parsed.isna()


def calendar_date(iso: str) -> bool:
    """Whether YYYY-MM-DD is a day of the proleptic Gregorian calendar, as pandas and polars
    count (year 0000 included, which Python's dates lack): no 30 February, no month 13."""
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days[month - 1]


def date_problem(value: str) -> str:
    """Why an ACLED date cell could not be read, in words (the same on every engine)."""
    m = EXPORT_DATE.match(value)
    if m and m.group(2) in MONTHS:  # written as ACLED writes a date, but no day of the calendar
        why = impossible_day(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
        if why:
            return f"not a real date ({why})"
    if API_DATE.match(value):
        return type_message("date", value)
    if DAMAGED_DATE.match(value.strip()):
        return ("not an ACLED date: it looks re-saved by a spreadsheet (day/month order or the century "
                "is lost); re-download the export rather than guess")
    return "not an ACLED date ('05 April 2021' from the export tool or '2021-04-05' from the API)"


def spreadsheet_dates(raw: pd.DataFrame, layout: Layout) -> tuple[pd.DataFrame, Layout]:
    """A file whose every date a spreadsheet re-saved in one of ``SPREADSHEET_DATES``, with its
    dates read exactly as ISO dates, and its layout saying the style (so that ``to_acled`` writes
    them back as they were). Exact or refused (:class:`AcledError`, one sentence): '6-Jun-25' takes
    its century from the row's ``year``, which must end in the same two digits; '14/08/2020
    00:00:00' is day first where some first number is above 12 and no second one is (month first
    the other way round), and its year must be the row's ``year``. Other layouts are returned as
    they are (their dates are read by ``normalize``)."""
    if layout.dates not in SPREADSHEET_DATES:
        return raw, layout
    by_ours = {ours: written for written, ours in layout.names().items()}
    dates = raw[by_ours["event_date"]]
    year = raw[by_ours["year"]] if "year" in by_ours else pd.Series(None, index=raw.index, dtype=object)
    given = dates.notna()
    pattern = SHEET_SHORT_DATE if layout.dates == SHEET_SHORT else SHEET_SLASH_DATE
    parts = dates[given].str.extract(pattern.pattern)
    style = layout.dates
    if parts.isna().any(axis=None):  # not every date in the style: normalize reports them one by one
        return raw, replace(layout, dates="export")

    def refuse(why: str) -> AcledError:
        example = dates[given].iloc[0]
        return AcledError(f"event_date: every date was re-saved by a spreadsheet ({example!r}, {style}) and "
                          f"cannot be read exactly: {why}; re-download the export rather than guess")

    yr = pd.to_numeric(year[given], errors="coerce")
    if style == SHEET_SHORT:
        months = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
        month = parts[1].map(months)
        if month.isna().any():
            raise refuse(f"{parts.loc[month.isna(), 1].iloc[0]!r} is not a month")
        if yr.isna().any() or (yr % 100 != parts[2].astype(int)).any():
            raise refuse("the century is lost and a row's year does not give it")
        day, year_full = parts[0].astype(int), yr.astype(int)
        padded = bool(parts[0].str.startswith("0").any())
    else:
        first, second = parts[0].astype(int), parts[1].astype(int)
        if (first > 12).any() and not (second > 12).any():
            style, day, month = SHEET_SLASH_DMY, first, second
        elif (second > 12).any() and not (first > 12).any():
            style, day, month = SHEET_SLASH_MDY, second, first
        else:
            raise refuse("the file's numbers do not tell the day from the month")
        year_full = parts[2].astype(int)
        if "year" in by_ours and (yr != year_full).any():
            raise refuse("a date's year is not the row's year")
        padded = True
    iso = pd.Series([f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in zip(year_full, month.astype(int), day)],
                    index=parts.index, dtype=object)
    wrong = ~iso.map(calendar_date)
    if wrong.any():
        raise refuse(f"{dates[given][wrong].iloc[0]!r} is no day of the calendar")
    out = raw.copy()
    out[by_ours["event_date"]] = iso.reindex(raw.index)
    note = (f"event_date: every date was re-saved by a spreadsheet ({dates[given].iloc[0]!r}, {style}); "
            "read exactly and written back the same way (validate --profile acled still reports them)")
    return out, replace(layout, dates=style, day_padded=padded, notes=layout.notes + (note,))


def normalize(raw: pd.DataFrame, layout: Layout) -> tuple[pd.DataFrame, list[BadValue]]:
    """Strings in our column names and today's spellings: ISO dates, text actor-type labels
    and text interactions. Values that cannot be converted are listed and left missing."""
    label_of, _, num2text, _ = code_maps()
    names = layout.names()
    out = raw.rename(columns=names)
    bad: list[BadValue] = []
    if "event_date" in out.columns:
        parsed, wrong = parse_dates(out["event_date"])
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
                    bad.append(BadValue(int(i), c, col[i], ACTOR_TYPE_CODE))
                out[c] = col.where(~digits, mapped)
    if "interaction" in out.columns:
        col = out["interaction"]
        digits = col.str.fullmatch(r"\d+").fillna(False).astype(bool)
        if digits.any():
            mapped = col.map(num2text, na_action="ignore")
            wrong = digits & mapped.isna()
            for i in out.index[wrong.to_numpy()]:
                bad.append(BadValue(int(i), "interaction", col[i], INTERACTION_CODE))
            out["interaction"] = col.where(~digits, mapped)
    return out, bad


def from_acled(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read an ACLED export (CSV, R data file or data frame) into our events columns.

    ACLED's columns come first, in our order and with our types (dates as dates, text
    actor-type labels, nullable integers); ACLED's older columns and any column that could not
    be placed follow as strings. Columns a layout lacks are absent. ``attrs["acled_layout"]``
    says how the file was written, for :func:`to_acled`. Raises :class:`AcledError` for values
    that cannot be converted exactly (damaged dates, unknown codes, numbers that do not parse).
    """
    raw, blank, na = read_raw(source)
    layout, _ = detect_layout(raw, blank, na)
    if layout.unplaced:
        warnings.warn(f"ACLED file: could not place column(s) {', '.join(map(describe_column, layout.unplaced))}; "
                      "kept as they are", AcledWarning, stacklevel=2)
    raw, layout = spreadsheet_dates(raw, layout)
    if layout.dates in SPREADSHEET_DATES:
        warnings.warn(f"ACLED file: {layout.notes[-1]}", AcledWarning, stacklevel=2)
    norm, bad = normalize(raw, layout)
    problems: list[Problem] = []
    acled = schema.field_names("events")  # ACLED's columns, and ours when the file has them
    typed = parse_frame(norm[[c for c in acled if c in norm.columns]], "events", problems)
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
    frame = frame.reset_index(drop=True)  # (a file's hashtag line is not a row)
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
        elif layout.dates == SHEET_SHORT:
            day = f"{d.day:02d}" if layout.day_padded else str(d.day)
            text[d] = f"{day}-{MONTHS[d.month - 1][:3]}-{d.year % 100:02d}"
        elif layout.dates in (SHEET_SLASH_DMY, SHEET_SLASH_MDY):
            first, second = (d.day, d.month) if layout.dates == SHEET_SLASH_DMY else (d.month, d.day)
            text[d] = f"{first:02d}/{second:02d}/{d.year:04d} 00:00:00"
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
        if dates and dates != layout.dates:  # another date style: ACLED's own, zero-padded day
            changed = replace(changed, day_padded=True)
        if changed.codes == "numeric" and layout.codes != "numeric":
            changed = replace(changed, no_actor2_code="0")  # ACLED's numeric files write 0
        layout = changed
    _, code_of, _, text2num = code_maps()
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
                col = _recode(col, code_of)
                if ours == "inter2" and layout.no_actor2_code is not None:
                    col = _no_actor2(col, events, layout)
            elif layout.codes == "numeric" and ours == "interaction":
                col = _recode(col, text2num)
        if written in layout.blank_columns:
            col = col.where(col.notna(), "")
        out[written] = col
    cells = pd.DataFrame(out, index=index)
    cells.attrs["acled_layout"] = layout
    return cells


def _recode(col: pd.Series, table: dict[str, str]) -> pd.Series:
    """Labels as codes (or codes as labels); a value the table lacks is kept, a missing one stays
    missing (None: never the text 'nan')."""
    return pd.Series([None if v is None else table.get(v, v) for v in col.tolist()], index=col.index, dtype=object)


def _no_actor2(col: pd.Series, events: pd.DataFrame, layout: Layout) -> pd.Series:
    """inter2 of a numeric file: the file's code for "no actor2" where actor2 is missing, except
    on the rows the file itself left empty; a missing inter2 beside an actor2 stays empty."""
    fill = col.isna()
    if "actor2" in events.columns:
        fill &= events["actor2"].isna().to_numpy()
    if layout.empty_inter2 and "event_id_cnty" in events.columns:
        fill &= ~events["event_id_cnty"].astype(object).isin(set(layout.empty_inter2)).to_numpy()
    return col.where(~fill, layout.no_actor2_code)


def acled_csv(cells: pd.DataFrame, na: str = "", layout: Layout | None = None) -> str:
    """CSV text of ``to_acled``'s cells: quoted only where needed, with the layout's line ending
    and HDX hashtag line (``layout``: the one ``to_acled`` wrote, by default; else '\\n', none)."""
    layout = layout or cells.attrs.get("acled_layout")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=layout.line_end if layout else "\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(cells.columns)
    if layout is not None and layout.hxl is not None and len(layout.hxl) == len(cells.columns):
        w.writerow(layout.hxl)
    for row in cells.itertuples(index=False, name=None):
        w.writerow([na if v is None else v for v in row])
    return buf.getvalue()


def write_acled(events: pd.DataFrame, out: str | Path, layout: Layout | None = None, **kw: Any) -> Path:
    """Write events as an ACLED CSV file, atomically (temp file + rename)."""
    layout = layout or events.attrs.get("acled_layout") or standard_layout()
    text = acled_csv(to_acled(events, layout, **kw), na=layout.na)
    return atomic_write(Path(out), text.encode("utf-8"))
