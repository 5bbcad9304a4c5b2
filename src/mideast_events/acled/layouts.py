"""ACLED's layouts: how an ACLED file was written (era, actor-type codes, date style,
monadic or dyadic, missing-value token), told from its header and a sample of its rows.

The validator and the converters both read a file's layout here, through these public names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mideast_events import schema

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
EXPORT_DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$")
API_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DIGITS = re.compile(r"\d+")
# What spreadsheets make of dates when a file is opened and re-saved: 9-May-20, 31-12-19, 5/9/2020.
DAMAGED_DATE = re.compile(r"^\d{1,2}[-/.]([A-Za-z]{3,9}|\d{1,2})[-/.]\d{2,4}$|^\d{1,2}/\d{1,2}/\d{2,4}|^\d{5}$")
# Two such styles that real files carry throughout, which the converters read exactly and write
# back as they were (``acled.convert.spreadsheet_dates``); the validator still reports them:
# - '6-Jun-25' (a spreadsheet's d-mmm-yy: the century comes from the row's own ``year``),
#   MIT-Emerging-Talent_ET6-CDSP-starter__gaza_war_events.csv;
# - '14/08/2020 00:00:00' (day/month/year and a midnight time; which of the first two is the day
#   is told by the file's values above 12), peacerep_ukraine-map__ACLED-Ukraine.csv.
SHEET_SHORT = "d-Mon-yy"
SHEET_SLASH_DMY = "dd/mm/yyyy 00:00:00"
SHEET_SLASH_MDY = "mm/dd/yyyy 00:00:00"
SHEET_SHORT_DATE = re.compile(r"^(\d{1,2})-([A-Z][a-z]{2})-(\d{2})$")
SHEET_SLASH_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4}) 00:00:00$")
SPREADSHEET_DATES = (SHEET_SHORT, SHEET_SLASH_DMY, SHEET_SLASH_MDY)


class AcledError(ValueError):
    """An ACLED file that cannot be converted exactly (one plain sentence)."""


class AcledWarning(UserWarning):
    """Something about an ACLED file the user should know (a column that could not be placed)."""


@dataclass(frozen=True)
class Layout:
    """How an ACLED file was written, so that ``to_acled`` can write it the same way."""

    columns: tuple[str, ...]            # header as written, in file order
    codes: str = "text"                 # inter1/inter2/interaction: "text" labels or "numeric" codes
    dates: str = "export"               # "export" ('05 April 2021') or "api" ('2021-04-05'), or one of
                                        # SPREADSHEET_DATES (a file re-saved by a spreadsheet)
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
    hxl: tuple[str, ...] | None = None  # HDX's hashtag line under the header, as written (written back)
    line_end: str = "\n"                # the file's line ending ('\r\n' for files from Windows or HDX)
    # numeric files: rows (event_id_cnty) whose inter2 was empty although the file writes 0 for
    # "no actor2"; written back empty
    empty_inter2: tuple[str, ...] = ()

    def names(self) -> dict[str, str]:
        """Column as written -> our column name (unplaced and legacy columns keep their name)."""
        return {c: our_name(c) for c in self.columns}

    def describe(self) -> str:
        dates = f"dates re-saved by a spreadsheet ({self.dates})" if self.dates in SPREADSHEET_DATES else \
            f"{self.dates} dates"
        parts = [f"{self.era} layout", f"{len(self.columns)} columns", f"{self.codes} actor-type codes", dates]
        if self.monadic:
            parts.append("monadic")
        if self.hxl:
            parts.append("HDX hashtag line 2 skipped")
        return ", ".join(parts)


# UCDP GED's own columns: a GED file is not an ACLED export, whatever else it shares with one
# (UCDP GED codebook: relid, side_a, side_b, type_of_violence, best/high/low, where_prec, date_prec).
GED_COLUMNS = ("relid", "side_a", "side_b", "type_of_violence", "best", "where_prec", "date_prec")


def foreign_format(columns: list[str] | tuple[str, ...]) -> str | None:
    """What a file is when it is not an ACLED export at all (a one-line reason), else None."""
    got = {our_name(c) for c in columns}
    ged = [c for c in GED_COLUMNS if c in got]
    if len(ged) >= 3 and "actor1" not in got:
        return f"not an ACLED export: looks like UCDP GED (columns {', '.join(ged)})"
    return None


def hxl_row(values: list[object]) -> bool:
    """Whether a row is HDX's HXL hashtag line (``#event+code``, ``#date+occurred``...): every
    filled cell a hashtag, at least one filled (HDX copies put it under the header)."""
    filled = [v for v in values if isinstance(v, str) and v != ""]
    return bool(filled) and all(v.startswith("#") for v in filled)


def describe_column(name: str) -> str:
    if name == "" or name.startswith("Unnamed: "):
        return f"{name!r} (an unnamed row-index column, as pandas or R write it)"
    return repr(name)


def our_name(column: str) -> str:
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
def code_maps() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(code -> label, label -> code, numeric interaction -> text, text interaction -> numeric)."""
    from mideast_events import conventions

    codes = schema.actor_type_codes()
    label_of = {str(c): lab for lab, c in codes.items()}
    code_of = {lab: str(c) for lab, c in codes.items()}
    num2text: dict[str, str] = {}
    for a, ca in codes.items():
        num2text[str(10 * ca)] = f"{a} only"
        for b, cb in codes.items():
            if ca <= cb:  # the text is in ACLED's text order (Civilians last: schema/acled/)
                num2text[str(10 * ca + cb)] = conventions.text_interaction(a, b)
    text2num = {t: n for n, t in num2text.items()}
    return label_of, code_of, num2text, text2num


# Where R's NA token is looked for (where ACLED leaves cells empty), and every column whose
# values the layout detection reads: a caller may hand it only these.
NA_PROBE_COLUMNS = ("actor2", "assoc_actor_1", "assoc_actor_2", "admin3", "civilian_targeting", "tags")
SAMPLED_COLUMNS = NA_PROBE_COLUMNS + ("inter1", "inter2", "event_date")
NA_PROBE_ROWS = 10000  # rows R's NA token is looked for in (a caller may hand over only these)
SAMPLE_ROWS = 5000     # rows the code and date styles are told from


def uses_na_token(raw: pd.DataFrame) -> bool:
    """R's write.csv writes missing values as NA; look where ACLED leaves cells empty."""
    for c in raw.columns:
        if our_name(c) in NA_PROBE_COLUMNS:
            if (raw[c].head(NA_PROBE_ROWS) == "NA").any():
                return True
    return False


def texts(column: pd.Series) -> list[str]:
    """The text values of a sample column (a plain loop: faster than pandas' string methods on
    a few thousand values)."""
    return [v for v in column.tolist() if isinstance(v, str)]


def detect_layout(raw: pd.DataFrame, blank: tuple[str, ...], na: str,
                   columns: list[str] | None = None) -> tuple[Layout, list[str]]:
    """``columns``: the file's columns, when ``raw`` holds only those of SAMPLED_COLUMNS."""
    columns = tuple(str(c) for c in (raw.columns if columns is None else columns))
    foreign = foreign_format(columns)
    if foreign:
        raise AcledError(foreign)
    ours = set(schema.acled_columns())
    names = {c: our_name(c) for c in columns}
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
    sample = raw.head(SAMPLE_ROWS)
    by_ours = {names[c]: c for c in columns}
    codes = "text"
    if "inter1" in by_ours:
        vals = texts(sample[by_ours["inter1"]])
        if vals and sum(bool(DIGITS.fullmatch(v)) for v in vals) / len(vals) > 0.5:
            codes = "numeric"
    dates, padded = "export", True
    if "event_date" in by_ours:
        vals = texts(sample[by_ours["event_date"]])
        if vals and sum(bool(API_DATE.match(v)) for v in vals) / len(vals) > 0.5:
            dates = "api"
        elif vals and all(SHEET_SHORT_DATE.match(v) for v in vals):
            dates = SHEET_SHORT
            padded = any(m.group(1).startswith("0") for m in map(SHEET_SHORT_DATE.match, vals))
        elif vals and all(SHEET_SLASH_DATE.match(v) for v in vals):
            dates = SHEET_SLASH_DMY  # the order is told from every row when the dates are read
        else:
            padded = not any(len(m.group(1)) == 1 for m in map(EXPORT_DATE.match, vals) if m)
    no_actor2 = "0"
    if codes == "numeric" and "inter2" in by_ours:
        no_actor2 = "0" if (raw[by_ours["inter2"]] == "0").any() else None
    empty_inter2: tuple[str, ...] = ()
    if no_actor2 == "0" and all(c in by_ours and by_ours[c] in raw.columns for c in ("inter2", "actor2", "event_id_cnty")):
        blank_inter2 = raw[by_ours["inter2"]].isna() & raw[by_ours["actor2"]].isna()
        if blank_inter2.any():
            empty_inter2 = tuple(str(v) for v in raw.loc[blank_inter2.to_numpy(), by_ours["event_id_cnty"]])
    hxl = raw.attrs.get("hxl")
    notes = []
    if hxl:
        notes.append("HDX's hashtag line (line 2) read as such, not as data")
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
        shown = ", ".join(describe_column(c) for c in unplaced)
        notes.append(f"could not place {shown}: not an ACLED column; kept as is")
    layout = Layout(columns=columns, codes=codes, dates=dates, day_padded=padded, na=na,
                    no_actor2_code=no_actor2, blank_columns=blank, era=era, monadic=monadic,
                    unplaced=unplaced, notes=tuple(notes), hxl=hxl, line_end=raw.attrs.get("line_end", "\n"),
                    empty_inter2=empty_inter2)
    return layout, notes
