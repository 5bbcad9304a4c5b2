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
    text = col if pd.api.types.is_string_dtype(col.dtype) and col.dtype != object else col.astype("string")
    mask = text.str[:1].isin(TRIGGERS).fillna(False).astype(bool)
    if not mask.any():
        return mask
    hits = text[mask]
    mask[mask] = ~hits.str.fullmatch(PLAIN_NUMBER).fillna(False).astype(bool).to_numpy()
    if col.dtype == object and mask.any():  # a float -inf held as an object is a number, not text
        mask[mask] = col[mask].map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    return mask


def formula_cells(frame: pd.DataFrame) -> list[FormulaCell]:
    """Every formula cell of ``frame``, row by row (row = 0-based position)."""
    found: list[tuple[int, int, FormulaCell]] = []
    for k, c in enumerate(frame.columns):
        if c not in _text_columns(frame[[c]]):
            continue
        col = frame[c]
        rows = _mask(col).to_numpy().nonzero()[0]
        values = col.iloc[rows].tolist()
        found += [(int(i), k, FormulaCell(int(i), str(c), v)) for i, v in zip(rows, values)]
    found.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in found]


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
