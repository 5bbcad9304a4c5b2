"""The header of a table, judged the same on every engine: the columns the schema wants, in
its order, and the columns some check or rule reads (the others need not be read at all)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mideast_events import rules, schema
from mideast_events.validate.report import Problem


def check_columns(columns: Iterable[str], table: str, problems: list[Problem]) -> None:
    """Missing, unexpected and out-of-order columns of ``table`` (problems on line 1)."""
    want, got = schema.field_names(table), list(columns)
    missing = [c for c in want if c not in got]
    extra = [c for c in got if c not in want]
    if missing:
        problems.append(Problem(table, 1, None, "missing_columns", None, "missing columns: " + ", ".join(missing)))
    if extra:
        problems.append(Problem(table, 1, None, "extra_columns", None, "unexpected columns: " + ", ".join(extra)))
    if not missing and not extra and got != want:
        problems.append(Problem(table, 1, None, "column_order", None, "columns are not in the schema's order"))


def checked_columns(table: str, present: list[str]) -> list[str]:
    """The columns some check or rule reads: the others need not be read at all."""
    used = {c for r in rules.table_rules(table) for c in r.fields}
    out = []
    for f in schema.fields(table):
        c = f.get("constraints", {})
        if f["name"] in present and (f["type"] != "string" or c or f["name"] in used):
            out.append(f["name"])
    return out


def layout_problems(layout: Any, label: str) -> list[Problem]:
    """The header of an ACLED file (``layout``: an :class:`mideast_events.acled.Layout`):
    ACLED columns the layout lacks, columns that could not be placed, columns out of order."""
    from mideast_events import conventions
    from mideast_events.acled.layouts import MONADIC_DROPS, RENAMED, describe_column

    out = []
    got = set(layout.names().values())
    expected = schema.acled_columns()
    if layout.era != "current" and layout.era in conventions.eras():  # an older era is complete with its own columns
        own = {RENAMED.get(c, c) for c in conventions.era_columns(layout.era)}
        expected = [c for c in expected if c in own]
    missing = [c for c in expected if c not in got and not (layout.monadic and c in MONADIC_DROPS)]
    if missing:
        out.append(Problem(label, 1, None, "missing_columns", None,
                           f"missing ACLED columns ({layout.era} layout): {', '.join(missing)}"))
    if layout.unplaced:
        out.append(Problem(label, 1, None, "extra_columns", None,
                           f"could not place column(s) {', '.join(map(describe_column, layout.unplaced))}: "
                           "not ACLED columns (ignored)"))
    if layout.era == "current" and not layout.unplaced and not missing:
        order = [n for n in layout.names().values() if n in schema.acled_columns()]
        want = [c for c in schema.acled_columns() if c in order]
        if order != want:
            out.append(Problem(label, 1, None, "column_order", None, "columns are not in ACLED's order"))
    return out
