"""The report: what was found (one :class:`Problem` per bad cell, row or file), grouped counts,
and the two ways it is printed (text for people, JSON for programs).

Every engine fills the same :class:`Report`, with the same messages (:func:`message`) and the
same spelling of cell values (:func:`cell_text`), so their reports can be compared line by line.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

CSV_LINE_OFFSET = 2  # frame index 0 is line 2 of the file (line 1 is the header)


class UnusableInput(Exception):
    """The input cannot be read as a table at all (exit code 2)."""


# How a report names a check in words (the JSON keeps the check's id: "isin", "str_matches", ...).
CHECK_WORDS = {
    "isin": "vocabulary", "str_matches": "pattern", "greater_than_or_equal_to": "minimum",
    "less_than_or_equal_to": "maximum", "not_nullable": "required", "field_uniqueness": "unique",
    "multiple_fields_uniqueness": "unique key", "type": "type", "truncated_row": "truncated",
}
UNIQUENESS = ("field_uniqueness", "multiple_fields_uniqueness")
GROUP_FROM = 4  # the same problem on this many rows or more is one line of the text report
SHOWN_ROWS = 5  # the rows a grouped line names
SHOWN_VALUES = 3  # the distinct values a grouped line shows


def check_words(check: str) -> str:
    """A check as the text report names it: a column constraint in words, a rule by its name."""
    return CHECK_WORDS.get(check, check)


@dataclass
class Problem:
    table: str
    line: int | None  # line in the CSV file (1 = header); None for whole-table problems
    field: str | None
    check: str
    value: str | None
    message: str
    event_id: str | None = None  # the row's event_id_cnty (or its table's key), where the file has one

    def label(self) -> str:
        return self.table if "." in self.table else f"{self.table}.csv"  # a foreign file keeps its name

    def where(self) -> str:
        """The file and the row: ``events.csv line 14 (IRQ1234)``."""
        row = f" line {self.line}" if self.line is not None else ""
        named = f" ({self.event_id})" if self.event_id and self.line is not None and self.line > 1 else ""
        return self.label() + row + named

    def text(self, also: list[int] | None = None) -> str:
        """One line; ``also``: the other lines of a duplicate value."""
        what = f"{self.field}: " if self.field else ""
        val = f" (value {self.value!r})" if self.value not in (None, "") else ""
        more = ""
        if also:
            shown = ", ".join(map(str, also[:SHOWN_ROWS])) + (" ..." if len(also) > SHOWN_ROWS else "")
            more = f"; also on line{'s' * (len(also) > 1)} {shown}"
        return f"{self.where()}: {what}{self.message}{val}{more} [{check_words(self.check)}]"


def order(problems: list[Problem]) -> list[Problem]:
    """Problems by table (in the order first met), then by line (whole-table problems first), then by field."""
    tables: dict[str, int] = {}
    for p in problems:
        tables.setdefault(p.table, len(tables))
    return sorted(problems, key=lambda p: (tables[p.table], -1 if p.line is None else p.line, p.field or "",
                                           p.check))


def group_key(p: Problem) -> tuple[str, str | None, str, str]:
    """Problems are the same problem when they share the table, field, check and message."""
    return (p.table, p.field, p.check, p.message)


@dataclass
class Group:
    """The same problem (:func:`group_key`) on several rows."""

    table: str
    field: str | None
    check: str
    message: str
    problems: list[Problem]

    @property
    def count(self) -> int:
        return len(self.problems)

    def lines(self) -> list[int]:
        return [p.line for p in self.problems if p.line is not None]

    def values(self) -> list[tuple[str, int]]:
        """The distinct values, most frequent first (then first met)."""
        counts: dict[str, int] = {}
        for p in self.problems:
            if p.value not in (None, ""):
                counts[p.value] = counts.get(p.value, 0) + 1  # type: ignore[index]
        return sorted(counts.items(), key=lambda kv: -kv[1])

    def to_dict(self) -> dict[str, Any]:
        rows = [p for p in self.problems if p.line is not None]
        return {"table": self.table, "field": self.field, "check": self.check, "message": self.message,
                "count": self.count, "first_lines": [p.line for p in rows[:SHOWN_ROWS]],
                "first_event_ids": [p.event_id for p in rows[:SHOWN_ROWS]],
                "values": dict(self.values()[:SHOWN_VALUES])}

    def text(self, echo_of: Group | None = None) -> str:
        """One line: the problem, its values, its count and first rows (by line and event id); for a
        group on exactly the rows of an earlier one (``echo_of``: one defect seen by two checks), the
        rows are that group's."""
        first = self.problems[0]
        what = f"{self.field}: " if self.field else ""
        if echo_of is not None:
            return (f"{first.label()}: {what}{self.message} [{check_words(self.check)}] "
                    f"-- the same {self.count:,} rows as the {echo_of.field or echo_of.check} problem above")
        vals = self.values()
        if len(vals) == 1 and vals[0][1] == self.count:
            shown = f" (value {vals[0][0]!r})"
        elif vals:
            listed_values = ", ".join(f"{v!r} x{n:,}" for v, n in vals[:SHOWN_VALUES])
            more = f" and {len(vals) - SHOWN_VALUES:,} more" if len(vals) > SHOWN_VALUES else ""
            shown = f" (values {listed_values}{more})"
        else:
            shown = ""
        rows = [p for p in self.problems if p.line is not None]
        named = ", ".join(str(p.line) for p in rows[:SHOWN_ROWS]) + (" ..." if len(rows) > SHOWN_ROWS else "")
        ids = [p.event_id for p in rows[:SHOWN_ROWS] if p.event_id]
        id_text = f" ({', '.join(ids)}{' ...' if len(rows) > SHOWN_ROWS else ''})" if ids else ""
        return (f"{first.label()}: {what}{self.message}{shown} [{check_words(self.check)}] "
                f"-- {self.count:,} rows: lines {named}{id_text}")


def groups(problems: list[Problem], ordered: bool = False) -> list[Group]:
    """The problems (in :func:`order`; ``ordered``: they are already) grouped by :func:`group_key`, each
    group in the order of its first row."""
    out: dict[tuple[str, str | None, str, str], Group] = {}
    for p in problems if ordered else order(problems):
        key = group_key(p)
        if key not in out:
            out[key] = Group(p.table, p.field, p.check, p.message, [])
        out[key].problems.append(p)
    return list(out.values())


def listed(problems: list[Problem], limit: int) -> list[str]:
    """The problems for people: sorted by row, then field; the same problem on ``GROUP_FROM`` rows
    or more is one line with its count and first rows. At most ``limit`` lines, and how many more."""
    ordered = order(problems)
    big = {id(p): g for g in groups(ordered, ordered=True) if g.count >= GROUP_FROM for p in g.problems}
    repeats: dict[tuple[str, str | None, str | None], list[int]] = {}  # a duplicate value -> its lines
    for p in problems:
        if p.check in UNIQUENESS and p.line is not None:
            repeats.setdefault((p.table, p.field, p.value), []).append(p.line)
    shown: set[int] = set()
    seen_rows: dict[tuple[int, ...], Group] = {}
    items: list[str] = []
    for p in ordered:
        g = big.get(id(p))
        if g is None:
            also = sorted(n for n in repeats.get((p.table, p.field, p.value), []) if n != p.line)
            items.append("  " + p.text(also if p.check in UNIQUENESS else None))
        elif id(g) not in shown:
            shown.add(id(g))
            rows = tuple(g.lines())
            items.append("  " + g.text(seen_rows.get(rows)))
            seen_rows.setdefault(rows, g)
    lines = items[:limit]
    if len(items) > limit:
        lines.append(f"  ... and {len(items) - limit} more lines (use --json for every problem)")
    return lines


@dataclass
class Report:
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # warnings do not make the data invalid: formula cells (see formula_warnings)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.problems:
            out[p.check] = out.get(p.check, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_dict(self) -> dict[str, Any]:
        ordered = order(self.problems)
        # a problem's fields are plain values: a copy of them is what asdict makes, many times faster
        return {"target": self.target, "valid": self.valid, "rows": self.rows,
                "counts": self.counts(), "problems": [dict(vars(p)) for p in ordered],
                "groups": [g.to_dict() for g in groups(ordered, ordered=True)],
                "warnings": [dict(vars(p)) for p in order(self.warnings)]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def to_text(self, limit: int = 50) -> str:
        rows = ", ".join(f"{t} {n}" for t, n in self.rows.items())
        if self.valid:
            lines = [f"valid: {self.target} ({rows} rows)"]
        else:
            bad_rows = len({(p.table, p.line) for p in self.problems if p.line is not None and p.line > 1})
            n = len(self.problems)
            lines = [f"INVALID: {self.target} ({rows} rows): {n:,} problem{'s' * (n != 1)}"
                     + (f" on {bad_rows:,} row{'s' * (bad_rows != 1)}" if bad_rows else "")]
            lines += listed(self.problems, limit)
            lines.append("by check: " + ", ".join(f"{check_words(k)} {v:,}" for k, v in self.counts().items()))
        if self.warnings:
            lines.append(f"warnings (not errors): {len(self.warnings)} formula cells, which a spreadsheet may run "
                         "(CSV exports neutralise them; see docs/security.md)")
            lines += listed(self.warnings, limit)
        return "\n".join(lines)


FORMULA_CHECK = "formula_cell"
FORMULA_MESSAGE = "starts like a formula (=, +, -, @, tab or CR and not a number): a spreadsheet may run it"


def formula_warnings(raw: Any, table: str, first_row: int = 0) -> list[Problem]:
    """A warning for each formula cell (:func:`mideast_events.formulas.formula_cells`) of ``raw``,
    a pandas frame of text whose first row is row ``first_row`` of the file's data."""
    from mideast_events.formulas import formula_cells

    key = row_key(table, raw.columns)
    names = None if key is None else raw[key]

    def name(row: int) -> str | None:
        v = None if names is None else names.iloc[row]
        return None if v is None or cell_text(v) == "<NA>" else str(v)

    return [Problem(table, first_row + c.row + CSV_LINE_OFFSET, c.column, FORMULA_CHECK, c.value, FORMULA_MESSAGE,
                    name(c.row)) for c in formula_cells(raw)]


# What a value that does not parse is not, by field type.
KINDS = {"integer": "an integer", "number": "a number", "date": "an ISO date (YYYY-MM-DD)"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
LISTED_VALUES = 5  # a vocabulary this small is listed in full in the message; a larger one is named
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def impossible_day(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is not a day of the (proleptic Gregorian) calendar, in words; None if it is one."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if day < 1:
        return "there is no day 0"
    if day > days:
        name = MONTH_NAMES[month - 1]
        if month == 2 and day == 29:
            return f"February {year} has no 29th: {year} is not a leap year"
        return f"{name} has no {ordinal(day)}"
    return None


def type_message(kind: str, value: str | None) -> str:
    """The message for a value that does not parse as its field's type (``kind``: integer, number
    or date), the same on every engine: a date written as one but not on the calendar is called
    impossible, not badly written."""
    if kind == "date" and value is not None:
        m = ISO_DAY.fullmatch(value)
        why = m and impossible_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if why:
            return f"not a real date ({why})"
    return f"not {KINDS[kind]}"


@cache
def field_spec(table: str | None, name: str | None) -> dict[str, Any]:
    """The schema's field ``name`` of ``table`` ({} when there is none)."""
    if table is None or name is None:
        return {}
    from mideast_events import schema

    try:
        return next((f for f in schema.fields(table) if f["name"] == name), {})
    except KeyError:
        return {}


def spelled(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


@cache
def closest(value: str, allowed: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(value, allowed, n=1, cutoff=0.8)
    return found[0] if found else None


def message(check: str, table: str | None = None, name: str | None = None, value: str | None = None) -> str:
    """The message for a failed column check (by its Pandera name: ``isin``, ``str_matches``...) on
    field ``name`` of ``table``, in words, with the bound or the allowed values the schema sets
    (the value itself is shown beside the message)."""
    spec = field_spec(table, name)
    c = spec.get("constraints", {})
    if check.startswith("isin"):
        allowed = c.get("enum")
        if not allowed:
            return "not an allowed value (see the vocabulary in the codebook)"
        if len(allowed) <= LISTED_VALUES:
            text = "not one of " + ", ".join(spelled(v) for v in allowed)
        else:
            vocab = spec.get("x-vocabulary")
            where = f" (schema/vocabularies/{vocab['file']})" if vocab else ""
            text = f"not one of the {len(allowed)} values of {name}{where}"
        near = closest(value, tuple(str(v) for v in allowed)) if value else None
        return text + (f"; did you mean {near!r}?" if near else "")
    if check.startswith("str_matches"):
        if "pattern" not in c:
            return "does not match the expected pattern"
        example = spec.get("example")
        return f"not matching the pattern {c['pattern']}" + (f" (e.g. {example!r})" if example else "")
    if check.startswith("greater_than_or_equal_to"):
        return f"below the minimum: must be at least {c['minimum']}" if "minimum" in c else "below the minimum"
    if check.startswith("less_than_or_equal_to"):
        return f"above the maximum: must be at most {c['maximum']}" if "maximum" in c else "above the maximum"
    if check == "not_nullable":
        return "a required value is missing"
    if check == "field_uniqueness":
        return "duplicate: another row has the same value, which must be unique"
    if check == "multiple_fields_uniqueness":
        return "duplicate key: another row has the same key (the fields together must be unique)"
    if check.startswith("dtype"):
        return "wrong type"
    return check


ROW_NAME = "event_id_cnty"  # the column that names a row in a report, where a file has it


def row_key(table: str | None, columns: Any) -> str | None:
    """The column that names a row of ``table`` in a report: ``event_id_cnty`` where the file has
    it, else the table's one-field primary key (``source_id``, ``actor``...); None if neither."""
    columns = list(columns)
    if ROW_NAME in columns:
        return ROW_NAME
    from mideast_events import schema

    key = schema.primary_key(table) if table in schema.TABLES else []
    return key[0] if len(key) == 1 and key[0] in columns else None


def name_rows(problems: list[Problem], key_at: Any) -> None:
    """Give each row problem (line 2 on) without a name the row's key: ``key_at(row)`` for the
    row's position (line - CSV_LINE_OFFSET), None where the row has none."""
    for p in problems:
        if p.event_id is None and p.line is not None and p.line >= CSV_LINE_OFFSET:
            v = key_at(p.line - CSV_LINE_OFFSET)
            p.event_id = None if v is None or cell_text(v) == "<NA>" else str(v)


def cell_text(v: Any) -> str:
    """A typed cell as a problem shows it (dates as dates, missing as <NA>, on every engine)."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or str(v) in ("<NA>", "NaT"):
        return "<NA>"
    if isinstance(v, dt.date):  # pandas' Timestamp too; by hand: strftime refuses year 0000
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"
    return str(v)


def expected_value(rule: Any, cells: dict[str, Any]) -> str | None:
    """What the rule expects of the row, where one value says it: the interaction its two actor
    types make, the year of its event_date."""
    if rule.name == "interaction_from_actor_types":
        from mideast_events import rules

        inter1, inter2 = (None if cell_text(cells.get(f)) == "<NA>" else str(cells[f]) for f in ("inter1", "inter2"))
        return rules.interaction_labels().get((inter1, inter2)) if inter1 else None  # type: ignore[arg-type]
    if rule.name == "year_of_event_date":
        date = cell_text(cells.get("event_date"))
        return date[:4] if date != "<NA>" else None
    return None


def rule_problem(table: str, row: int, rule: Any, cells: dict[str, Any]) -> Problem:
    """The problem for a row that fails ``rule`` (a :class:`mideast_events.rules.Rule`); ``cells``
    holds the row's typed values of the rule's fields. The value shows each field's cell; the
    message, the rule's reason and, where one value says it, what was expected."""
    value = "; ".join(f"{f}={cell_text(cells[f])}" for f in rule.fields if f in cells)
    expected = expected_value(rule, cells)
    reason = rule.reason + (f" (expected {expected!r})" if expected else "")
    return Problem(table, row + CSV_LINE_OFFSET, ",".join(rule.fields), rule.name, value, reason)
