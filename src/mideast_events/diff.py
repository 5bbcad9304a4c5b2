"""What changed between two releases of an events table: events added, removed and corrected,
field by field, keyed by event_id_cnty.

ACLED data is living: an event's row is replaced by one with a newer ``timestamp`` and events
are deleted. Either side may be one of our events CSVs, a data package (its events table) or an
ACLED export in any layout; ACLED files are compared in today's spellings (ISO dates, text
actor types), so a numeric-code export and a text-label export of the same data do not differ.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mideast_events import acled, descriptor, schema, validate

KEY = "event_id_cnty"


@dataclass
class Diff:
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.columns_added or self.columns_removed)

    def to_text(self) -> str:
        lines = [f"{self.old} -> {self.new}: {len(self.added)} added, {len(self.changed)} changed, "
                 f"{len(self.removed)} removed"]
        lines += [f"note: {n}" for n in self.notes]
        if self.columns_added:
            lines.append("columns added: " + ", ".join(self.columns_added))
        if self.columns_removed:
            lines.append("columns removed: " + ", ".join(self.columns_removed))
        lines += [f"+ {i}" for i in self.added]
        lines += [f"- {i}" for i in self.removed]
        for i, changes in self.changed.items():
            lines.append(f"~ {i}")
            lines += [f"    {f}: {_show(a)} -> {_show(b)}" for f, a, b in changes]
        return "\n".join(lines)

    def to_json(self) -> str:
        # allow_nan=False: a value JSON cannot hold is a bug here, never a bare NaN in the output
        return json.dumps({
            "old": self.old, "new": self.new, "added": self.added, "removed": self.removed,
            "changed": {i: [{"field": f, "old": a, "new": b} for f, a, b in c] for i, c in self.changed.items()},
            "columns_added": self.columns_added, "columns_removed": self.columns_removed, "notes": self.notes,
        }, indent=2, ensure_ascii=False, allow_nan=False)

    def to_changelog(self) -> str:
        """The data section of a CHANGELOG.md release, by event id (Keep a Changelog style)."""
        out = ["### Data", ""]
        if self.empty:
            return "\n".join(out + ["No data changes.", ""])
        for title, ids in (("Added", self.added), ("Corrected", list(self.changed)), ("Removed", self.removed)):
            if not ids:
                continue
            out += [f"#### {title}", ""]
            for i in ids:
                if title == "Corrected":
                    # the timestamp changes with every correction; it is not news by itself
                    fields = [f for f, _, _ in self.changed[i] if f != "timestamp"] or ["timestamp"]
                    out.append(f"- `{i}`: {', '.join(fields)}")
                else:
                    out.append(f"- `{i}`")
            out.append("")
        if self.columns_added or self.columns_removed:
            out += ["#### Columns", ""]
            out += [f"- added `{c}`" for c in self.columns_added]
            out += [f"- removed `{c}`" for c in self.columns_removed]
            out.append("")
        return "\n".join(out)


def _show(v: str | None) -> str:
    if v is None:
        return "(empty)"
    return repr(v if len(v) <= 80 else v[:77] + "...")


def _cell(v: object) -> str | None:
    """A compared value as the report shows it: text, or None for a missing one (pandas' NaN,
    NA, NaT and None alike), so neither the text nor the JSON report meets a float NaN."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    return v if isinstance(v, str) else str(v)


NUMERIC = {f["name"] for f in schema.fields("events") if f["type"] in ("integer", "number")}


def _number(col: pd.Series) -> pd.Series:
    return pd.Series([None if v is None else _float(v) for v in col], index=col.index, dtype="Float64")


def _float(v: str) -> float | None:
    try:
        return float(v)
    except ValueError:
        return None


def read_events(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """An events table as strings in our column names and spellings, one row per event id."""
    p = descriptor.existing(path)
    if p.is_dir() or p.suffix == ".json":
        # paths confined to the package folder: see mideast_events.descriptor
        res = descriptor.load(p).resource("events")
        if res is None:
            raise validate.UnusableInput(f"{descriptor.descriptor_file(p)}: the package has no events resource")
        p = descriptor.existing(res.path)
    notes: list[str] = []
    try:
        raw, blank, na = acled.read_raw(p)
    except acled.AcledError as e:
        raise validate.UnusableInput(str(e)) from None
    except OSError as e:  # an I/O error mid-read: one line, exit 2
        raise descriptor.InputError(f"{p}: cannot be read ({e.strerror or e.__class__.__name__})") from None
    if KEY not in raw.columns and KEY.upper() not in raw.columns:
        raise validate.UnusableInput(f"{p}: no {KEY} column; cannot tell events apart")
    # Both sides in today's spellings (ISO dates, text actor types): a no-op on our own files.
    layout, _ = acled.detect_layout(raw, blank, na)
    raw, bad = acled.normalize(raw, layout)
    if bad:
        notes.append(f"{p.name}: {len(bad)} value(s) could not be converted and compare as empty")
    dup = raw[KEY].duplicated(keep=False)
    if dup.any():
        # A living dataset concatenated with its update: the newest timestamp is the event's row.
        order = pd.to_numeric(raw["timestamp"], errors="coerce") if "timestamp" in raw.columns else None
        if order is not None:
            raw = raw.assign(_t=order).sort_values("_t", kind="stable").drop(columns="_t")
        notes.append(f"{p.name}: {int(dup.sum())} rows share an event id; the newest row of each is compared")
        raw = raw.drop_duplicates(KEY, keep="last")
    return raw.set_index(KEY), notes


def diff(old: str | Path, new: str | Path) -> Diff:
    a, notes_a = read_events(old)
    b, notes_b = read_events(new)
    result = Diff(str(old), str(new), notes=notes_a + notes_b)
    result.columns_added = [c for c in b.columns if c not in a.columns]
    result.columns_removed = [c for c in a.columns if c not in b.columns]
    result.added = sorted(set(b.index) - set(a.index))
    result.removed = sorted(set(a.index) - set(b.index))
    both = sorted(set(a.index) & set(b.index))
    common = [c for c in a.columns if c in b.columns]
    if both and common:
        x, y = a.loc[both, common], b.loc[both, common]
        same = (x == y).fillna(False) | (x.isna() & y.isna())
        for c in common:  # a number is the same number however it is spelt ('3.5746000000000002')
            if c in NUMERIC:
                same[c] |= (_number(x[c]) == _number(y[c])).fillna(False)
        differs = ~same
        for i in differs.index[differs.any(axis=1).to_numpy()]:
            result.changed[str(i)] = [(c, _cell(x.at[i, c]), _cell(y.at[i, c])) for c in common if differs.at[i, c]]
    return result
