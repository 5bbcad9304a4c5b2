"""Formula cells: CSV cells a spreadsheet would run as a formula (CSV injection, OWASP).

The rule, for every cell whatever its column:

- a cell is a *formula cell* when its text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (OWASP's list) and it is not a plain number;
- a plain number is never a formula: ``-2``, ``+3``, ``-33.3128``, ``-1e3`` are what a spreadsheet
  reads as the number itself, so ACLED's negative coordinates and any signed count stay as they are
  (``-2+3`` or ``-2 `` are not plain numbers: they are formula cells);
- numbers held as numbers (an integer or float column) are never formula cells.

CSV exports neutralise formula cells as OWASP advises, by putting a single quote in front
(``'=HYPERLINK(...)``): a spreadsheet shows the text instead of running it. The exports' option to
write them raw is ``mideast-events export --raw-formulas`` (``raw_formulas=True`` in Python). The
published dataset itself is never rewritten; the validator warns on formula cells (see
:func:`formula_cells`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)


@dataclass(frozen=True)
class FormulaCell:
    """One formula cell: its row (0-based position in the frame), column and text."""

    row: int
    column: str
    value: str


def is_formula(value: object) -> bool:
    """Whether one value is a formula cell under the rule above."""
    return isinstance(value, str) and value[:1] in TRIGGERS and _PLAIN_NUMBER.fullmatch(value) is None


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns
            if not (pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_datetime64_any_dtype(frame[c]))]


def _mask(col: pd.Series) -> pd.Series:
    """True where a cell of ``col`` is a formula cell (vectorised; non-strings are False)."""
    text = col.map(lambda v: v if isinstance(v, str) else None, na_action="ignore").astype(object)
    first = text.map(lambda v: v[:1] if isinstance(v, str) else "", na_action="ignore")
    mask = first.isin(TRIGGERS)
    if mask.any():
        mask &= ~text.map(lambda v: isinstance(v, str) and _PLAIN_NUMBER.fullmatch(v) is not None)
    return mask.fillna(False).astype(bool)


def formula_cells(frame: pd.DataFrame) -> list[FormulaCell]:
    """Every formula cell of ``frame``, row by row (row = 0-based position)."""
    found: list[FormulaCell] = []
    for c in _text_columns(frame):
        mask = _mask(frame[c]).to_numpy()
        found += [FormulaCell(int(i), str(c), frame[c].iloc[i]) for i in mask.nonzero()[0]]
    return sorted(found, key=lambda f: (f.row, list(frame.columns).index(f.column)))


def neutralise(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A copy of ``frame`` with every formula cell prefixed by ``'`` (OWASP), and how many there were."""
    out, n = frame, 0
    for c in _text_columns(frame):
        mask = _mask(frame[c])
        if mask.any():
            if out is frame:
                out = frame.copy()
            out[c] = out[c].astype(object).where(~mask, "'" + out[c].astype(object).where(mask, ""))
            n += int(mask.sum())
    return out, n
