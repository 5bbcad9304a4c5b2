"""The report: what was found (one :class:`Problem` per bad cell, row or file), grouped counts,
and the two ways it is printed (text for people, JSON for programs).

Every engine fills the same :class:`Report`, with the same messages (:func:`message`) and the
same spelling of cell values (:func:`cell_text`), so their reports can be compared line by line.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

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
    # warnings do not make the data invalid: formula cells (see formula_warnings)
    warnings: list[Problem] = field(default_factory=list)

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
                "counts": self.counts(), "problems": [asdict(p) for p in self.problems],
                "warnings": [asdict(p) for p in self.warnings]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def to_text(self, limit: int = 50) -> str:
        rows = ", ".join(f"{t} {n}" for t, n in self.rows.items())
        if self.valid:
            lines = [f"valid: {self.target} ({rows} rows)"]
        else:
            lines = [f"INVALID: {self.target} ({rows} rows): {len(self.problems)} problems"]
            lines += listed(self.problems, limit)
            lines.append("by check: " + ", ".join(f"{k} {v}" for k, v in self.counts().items()))
        if self.warnings:
            lines.append(f"warnings (not errors): {len(self.warnings)} formula cells, which a spreadsheet may run "
                         "(CSV exports neutralise them; see docs/security.md)")
            lines += listed(self.warnings, limit)
        return "\n".join(lines)


def listed(problems: list[Problem], limit: int) -> list[str]:
    """The first ``limit`` problems, one line each, and how many more there are."""
    lines = ["  " + p.text() for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  ... and {len(problems) - limit} more (use --json for all)")
    return lines


FORMULA_CHECK = "formula_cell"
FORMULA_MESSAGE = "starts like a formula (=, +, -, @, tab or CR and not a number): a spreadsheet may run it"


def formula_warnings(raw: Any, table: str, first_row: int = 0) -> list[Problem]:
    """A warning for each formula cell (:func:`mideast_events.formulas.formula_cells`) of ``raw``,
    a pandas frame of text whose first row is row ``first_row`` of the file's data."""
    from mideast_events.formulas import formula_cells

    return [Problem(table, first_row + c.row + CSV_LINE_OFFSET, c.column, FORMULA_CHECK, c.value, FORMULA_MESSAGE)
            for c in formula_cells(raw)]


# What a value that does not parse is not, by field type.
KINDS = {"integer": "an integer", "number": "a number", "date": "an ISO date (YYYY-MM-DD)"}


def message(check: str) -> str:
    """The message for a failed column check, by the check's (Pandera) name."""
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


def cell_text(v: Any) -> str:
    """A typed cell as a problem shows it (dates as dates, missing as <NA>, on every engine)."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or str(v) in ("<NA>", "NaT"):
        return "<NA>"
    if isinstance(v, dt.date):  # pandas' Timestamp too; by hand: strftime refuses year 0000
        return f"{v.year:04d}-{v.month:02d}-{v.day:02d}"
    return str(v)


def rule_problem(table: str, row: int, rule: Any, cells: dict[str, Any]) -> Problem:
    """The problem for a row that fails ``rule`` (a :class:`mideast_events.rules.Rule`); ``cells``
    holds the row's typed values of the rule's fields."""
    value = "; ".join(f"{f}={cell_text(cells[f])}" for f in rule.fields if f in cells)
    return Problem(table, row + CSV_LINE_OFFSET, ",".join(rule.fields), rule.name, value, rule.reason)
