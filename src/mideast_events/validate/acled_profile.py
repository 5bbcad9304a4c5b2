"""The ACLED profile: a foreign ACLED export checked with ACLED's columns and our rules on
them (none of our added columns), on any engine. The file's layout (era, codes, dates,
monadic) comes from :mod:`mideast_events.acled.layouts`; its values are converted to today's
spellings by :mod:`mideast_events.acled.convert` (pandas, dask) or by the polars expressions
below (the same conversions, for the fast path)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from mideast_events import schema
from mideast_events.acled import monadic
from mideast_events.acled.convert import (ACTOR_TYPE_CODE, INTERACTION_CODE, date_problem, normalize, parse_dates,
                                           read_raw)
from mideast_events.acled.layouts import (
    NA_PROBE_ROWS,
    SAMPLED_COLUMNS,
    MONTHS,
    AcledError,
    Layout,
    code_maps,
    detect_layout,
    foreign_format,
    hxl_row,
    our_name,
    uses_na_token,
)
from mideast_events.validate.columns import checked_columns, layout_problems
from mideast_events.validate.pandas_engine import check_frame, name_frame_rows
from mideast_events.validate.polars_engine import Conversion, check_frame_polars, in_memory
from mideast_events.validate.reading import (
    collect,
    cut_row,
    cut_row_problem,
    formula_warnings_polars,
    header_names,
    read_head,
    scan_polars_strings,
    sniff_csv,
)
from mideast_events.validate.report import CSV_LINE_OFFSET, ISO_DAY, Problem, Report, UnusableInput, formula_warnings

def validate_acled(path: str | Path, engine: str = "pandas") -> Report:
    """Check a foreign ACLED export: a :class:`Report` with one problem per bad cell."""
    path = Path(path)
    if path.suffix.lower() in (".rda", ".rdata", ".rds"):
        engine = "pandas"  # the other engines read CSV files; an R file is small enough anyway
    else:  # a file that is not an ACLED export at all (UCDP GED...) is refused on every engine
        foreign = foreign_format(header_names(path, sniff_csv(path)))
        if foreign:
            raise UnusableInput(f"{path}: {foreign}")
    if engine == "polars":
        return validate_acled_polars(path)
    if engine == "dask":
        return validate_acled_dask(path)
    if engine != "pandas":
        raise UnusableInput(f"unknown engine {engine!r}: pandas, polars or dask")
    return validate_acled_pandas(path)


def validate_acled_pandas(path: Path) -> Report:
    try:
        raw, blank, na = read_raw(path, cut_ok=True)
        layout, _ = detect_layout(raw, blank, na)
    except AcledError as e:
        raise UnusableInput(str(e)) from None
    label = path.name
    report = Report(target=f"{path} (ACLED profile: {layout.describe()})", rows={label: len(raw)},
                    warnings=formula_warnings(raw, label, 1 if layout.hxl else 0))
    problems = report.problems
    problems.extend(layout_problems(layout, label))
    cut = cut_row(path) if path.suffix.lower() not in (".rda", ".rdata", ".rds") else None
    if cut is not None:
        problems.append(cut_row_problem(cut, label))
    norm, bad = normalize(raw, layout)
    for b in bad:
        problems.append(Problem(label, b.row + CSV_LINE_OFFSET, b.column, "type", b.value, b.message))
    acled = [c for c in schema.acled_columns() if c in norm.columns]
    skip = {(b.row, b.column) for b in bad}
    check_frame(norm[acled], "events", problems, columns=False, skip=skip, label=label)
    name_frame_rows(problems, norm, "events")
    admin2 = next((c for c, ours in layout.names().items() if ours == "admin2"), None)
    by_acled_coding(problems, layout, lambda rows: [None if admin2 is None else raw.at[r, admin2] for r in rows])
    if layout.monadic:
        shaped = raw.rename(columns=layout.names())
        fields = [c for c in monadic.FIELDS if c in shaped.columns]
        checked = shaped[fields].astype(object).where(shaped[fields].notna(), None)
        as_monadic(problems, monadic.monadic_problems(
            checked.assign(__row=checked.index.to_numpy()), label, CSV_LINE_OFFSET))
    in_file_terms(problems, layout)
    return report


def by_acled_coding(problems: list[Problem], layout: Layout, admin2_at: Any) -> None:
    """Withdraw what ACLED's own coding allows (schema/acled/: the file's era and ACLED's conventions):
    an older era's event-id pattern and event types, the current rules that era does not follow, and
    each exception of ``conventions.profile_exceptions()`` where its condition holds (``at_sea``: the
    row's admin2 is empty too, ``geo.at_sea``). The checks run as for any file; only their verdict
    on what the era or convention allows is withdrawn. ``admin2_at(rows)``: admin2 of those rows."""
    from mideast_events import conventions, countries, geo

    era = layout.era if layout.era in conventions.eras() and layout.era != "current" else None
    pattern = conventions.eras()[era]["event_id_pattern"] if era else None
    types = set(conventions.era_event_types(era)) if era else set()
    skipped_rules = set(conventions.era_rules_not_applied(era)) if era else set()
    exceptions = {(f, c) for f, c, when in conventions.profile_exceptions() if when == "at_sea"}
    special = {(f, c) for f, c, when in conventions.profile_exceptions() if when == "non_iso_code"}
    non_iso = {str(code) for code in countries.non_iso_codes()}
    sea_rows = sorted({p.line - CSV_LINE_OFFSET for p in problems
                       if (p.field, p.check) in exceptions and p.line is not None})
    at_sea = set()
    if sea_rows:
        admin2 = admin2_at(sea_rows)
        at_sea = {r for r, sea in zip(sea_rows, geo.at_sea(admin2=pd.Series(admin2, dtype=object))) if sea}

    def allowed(p: Problem) -> bool:
        if era and p.check == "str_matches" and p.field == "event_id_cnty" and p.value is not None:
            return bool(pattern.fullmatch(p.value))  # type: ignore[union-attr]
        if era and p.check == "isin" and p.field == "event_type":
            return p.value in types
        if p.check in skipped_rules:
            return True
        if (p.field, p.check) in special and p.value in non_iso:  # Kosovo's 0 (iso_matches_country checks the name)
            return True
        return (p.field, p.check) in exceptions and p.line is not None and p.line - CSV_LINE_OFFSET in at_sea

    problems[:] = [p for p in problems if not allowed(p)]


def in_file_terms(problems: list[Problem], layout: Layout) -> None:
    """Show the cells of rule problems (``field=value; ...``) as the file writes them, not as they were
    converted for the checks: a numeric file's actor-type and interaction codes (and the interaction
    expected, as a code), an export-tool file's dates ('05 April 2021')."""
    numeric, export = layout.codes == "numeric", layout.dates == "export"
    if not (numeric or export):
        return
    _, code_of, _, text2num = code_maps()

    def spell(name: str, value: str, event_id: str | None) -> str:
        if value == "<NA>":  # a numeric file writes "no actor2" as a code (0), except on the rows it left empty
            if numeric and name == "inter2" and layout.no_actor2_code and event_id not in layout.empty_inter2:
                return layout.no_actor2_code
            return value
        if numeric and name in ("inter1", "inter2"):
            return code_of.get(value, value)
        if numeric and name == "interaction":
            return text2num.get(value, value)
        day = ISO_DAY.fullmatch(value) if export and name == "event_date" else None
        if day:
            d = int(day.group(3))
            return f"{d:02d} {MONTHS[int(day.group(2)) - 1]} {day.group(1)}" if layout.day_padded else \
                f"{d} {MONTHS[int(day.group(2)) - 1]} {day.group(1)}"
        return value

    for p in problems:
        if not p.field or not p.value:
            continue
        names = p.field.split(",")
        cells = re.fullmatch("; ".join(f"{re.escape(n)}=(.*)" for n in names), p.value, re.DOTALL)
        if cells is None:
            continue
        p.value = "; ".join(f"{n}={spell(n, v, p.event_id)}" for n, v in zip(names, cells.groups()))
        expected = re.search(r"\(expected '([^']*)'\)", p.message)
        if numeric and expected and "interaction" in names and expected.group(1) in text2num:
            p.message = p.message.replace(expected.group(0), f"(expected {text2num[expected.group(1)]})")


def as_monadic(problems: list[Problem], found: list[Problem]) -> None:
    """A monadic file's problems: the event id repeats by design (its key is the event and the
    actor, which ``found``, the monadic checks' problems, judges instead)."""
    problems[:] = [p for p in problems if (p.check, p.field) != monadic.EVENT_ID_UNIQUENESS]
    problems.extend(found)


def polars_layout(path: Path) -> tuple[Layout, str, tuple[str, ...] | None, Any]:
    """The layout of an ACLED export, told from its first rows as the polars and dask engines
    read them: (layout, R's NA token or "", HDX's hashtag line or None, the file as a lazy
    polars frame of text in its own column names, that line left out)."""
    raw = scan_polars_strings(path)
    names = raw.collect_schema().names()
    # The layout is told from the columns it reads, over as many rows as the pandas path looks
    # at for R's NA token.
    first = read_head(path, 1, names)
    hxl = None
    if len(first) and hxl_row(first.iloc[0].tolist()):  # HDX's hashtag line: not data
        hxl = tuple("" if v is None else str(v) for v in first.iloc[0].tolist())
    head = read_head(path, NA_PROBE_ROWS + (hxl is not None),
                     [c for c in names if our_name(c) in SAMPLED_COLUMNS]).iloc[1 if hxl else 0:]
    na = "NA" if uses_na_token(head) else ""
    if na:  # R's missing values: read as missing
        head = head.where(head != na, None)
        raw = scan_polars_strings(path, ("", na))
    if hxl:
        raw = raw.slice(1)
        head.attrs["hxl"] = hxl
    try:
        layout, _ = detect_layout(head, (), na, columns=names)
    except AcledError as e:
        raise UnusableInput(f"{path}: {e}") from None
    return layout, na, hxl, raw


def validate_acled_polars(path: Path) -> Report:
    """The ACLED profile (see acled.validate_acled) on polars."""
    layout, _, hxl, raw = polars_layout(path)
    acled_cols = checked_columns("events", [c for c in schema.acled_columns() if c in layout.names().values()])
    label = path.name
    report = Report(target=f"{path} (ACLED profile: {layout.describe()})")
    report.problems.extend(layout_problems(layout, label))
    cut = cut_row(path)
    if cut is not None:
        report.problems.append(cut_row_problem(cut, label))
    found: list[Problem] = []
    raw = in_memory(raw, path, "events", acled_cols)  # the file read once: checks, formula cells, admin2
    report.rows[label] = check_frame_polars(raw.rename(layout.names()).select(acled_cols), "events", found,
                                            path, conversions=lambda frame: polars_conversions(layout, frame),
                                            label=label)
    by_acled_coding(found, layout, lambda rows: admin2_rows(raw.rename(layout.names()), rows, path))
    if layout.monadic:
        import polars as pl

        fields = [c for c in monadic.FIELDS if c in layout.names().values()]
        rows = collect(raw.rename(layout.names()).select(fields).with_row_index("__row")
                       .with_columns(pl.col("__row").cast(pl.Int64)), path)
        as_monadic(found, monadic.monadic_problems(rows, label, CSV_LINE_OFFSET))
    report.warnings = formula_warnings_polars(raw, label, path)
    if hxl:  # the rows counted from line 3
        for p in found + report.warnings:
            p.line = None if p.line is None else p.line + 1
    in_file_terms(found, layout)
    report.problems.extend(found)
    return report


def validate_acled_dask(path: str | Path, blocksize: str | int | None = "64MB") -> Report:
    """The ACLED profile (see acled.validate_acled) on dask: block by block, each block checked by
    the polars engine (:mod:`.dask_engine`); the era's rules and ACLED's conventions applied as on
    the other engines (the monadic checks, which compare rows across the file, are not)."""
    from mideast_events.validate.dask_engine import Plan, check_blocks, uniqueness_keys

    path = Path(path)
    layout, na, hxl, raw = polars_layout(path)
    acled_cols = checked_columns("events", [c for c in schema.acled_columns() if c in layout.names().values()])
    label = path.name
    report = Report(target=f"{path} (ACLED profile: {layout.describe()}; dask)")
    plan = Plan("events", header_names(path, sniff_csv(path)), label=label, null_values=("", na) if na else ("",),
                select=lambda frame: frame.rename(layout.names()).select(acled_cols),
                conversions=lambda frame: polars_conversions(layout, frame),
                keys=uniqueness_keys("events", acled_cols), skip_first=hxl is not None)
    check_blocks(path, plan, report, blocksize)
    by_acled_coding(report.problems, layout, lambda rows: admin2_rows(raw.rename(layout.names()), rows, path))
    if hxl:  # the rows counted from line 3
        for p in report.problems + report.warnings:
            p.line = None if p.line is None else p.line + 1
    report.problems[:0] = layout_problems(layout, label)
    in_file_terms(report.problems, layout)
    return report


def admin2_rows(frame: Any, rows: list[int], path: Path) -> list[Any]:
    """admin2 of some rows (positions) of a lazy polars frame in our column names."""
    import polars as pl

    if "admin2" not in frame.collect_schema().names():
        return [None] * len(rows)
    got = collect(frame.select("admin2").with_row_index("__row").filter(pl.col("__row").is_in(rows)), path)
    value = dict(zip(got["__row"].to_list(), got["admin2"].to_list()))
    return [value.get(r) for r in rows]


def polars_conversions(layout: Layout, frame: Any) -> dict[str, Any]:
    """``normalize`` as polars expressions (validate.Conversion per column) over ``frame`` (the
    rows read as text, in our column names) for the fast path, doing only the work the rows
    need, as ``normalize`` does. Each distinct date is parsed once, by the pandas path's own
    parser (a file has a few thousand distinct dates for a million rows)."""
    import polars as pl

    label_of, _, num2text, _ = code_maps()
    names = set(layout.names().values())
    coded = [(c, table, message) for c, table, message in (
        ("inter1", label_of, ACTOR_TYPE_CODE),
        ("inter2", {**label_of, "0": None}, ACTOR_TYPE_CODE),
        ("interaction", num2text, INTERACTION_CODE)) if c in names]
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
        parsed, _ = parse_dates(uniq)
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
