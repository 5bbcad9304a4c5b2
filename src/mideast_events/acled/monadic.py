"""Monadic ACLED files checked as monadic: one row per actor of an event (ACLED's monadic exports
drop actor2, assoc_actor_2 and inter2 and repeat the event once per actor; ../acled-format.md and
ACLED's codebook on monadic data).

What that changes, as ACLED defines it:

- the key is the event and its actor, ``(event_id_cnty, actor1)``, not ``event_id_cnty`` alone:
  an event id on two rows is the file's shape, not a duplicate;
- an event has at most two actors, so at most two rows, and its rows share its ``interaction``;
- ``inter1`` (the row's actor's type) is one of the types ``interaction`` names;
- in Violence against civilians, the event's interaction names Civilians (the civilians are the
  event's second actor; in a monadic file they are one of its rows).

The checks are narwhals expressions over the rows as read (codes or text labels), so they run the
same on the pandas and polars engines.
"""
from __future__ import annotations

from functools import cache
from typing import Any

import narwhals as nw

from mideast_events import conventions, schema
from mideast_events.acled.layouts import code_maps

# the column-check name every engine reports for the event id's uniqueness, which a monadic file's
# shape makes moot (its key is checked here instead)
EVENT_ID_UNIQUENESS = ("field_uniqueness", "event_id_cnty")
FIELDS = ("event_id_cnty", "actor1", "inter1", "interaction", "event_type")

CHECKS = {
    "monadic_key": (("event_id_cnty", "actor1"),
                    "a monadic file holds each actor of an event once: (event_id_cnty, actor1) repeats"),
    "monadic_rows_per_event": (("event_id_cnty",),
                               "an event has at most two actors: a monadic file holds at most two rows of it"),
    "monadic_interaction_shared": (("event_id_cnty", "interaction"),
                                   "the rows of one event must share its interaction"),
    "monadic_inter1_in_interaction": (("inter1", "interaction"),
                                      "inter1 must be one of the actor types the interaction names"),
    "monadic_civilians_in_interaction": (("event_type", "interaction"),
                                         "in Violence against civilians the interaction must name Civilians"),
}


@cache
def _pairs() -> tuple[list[str], list[str]]:
    """(every 'type|interaction' that is right: the type is one the interaction names, in text),
    (the text interactions naming Civilians)."""
    codes = schema.actor_type_codes()
    ok, civilians = set(), set()
    for a in codes:
        ok.add(f"{a}|{a} only")
        if a == "Civilians":
            civilians.add(f"{a} only")
        for b in codes:
            text = conventions.text_interaction(a, b)
            ok.update({f"{a}|{text}", f"{b}|{text}"})
            if "Civilians" in (a, b):
                civilians.add(text)
    return sorted(ok), sorted(civilians)


def _as_text(column: str, table: dict[str, str]) -> nw.Expr:
    """A column of codes or labels as labels (codes looked up; anything else kept)."""
    col = nw.col(column)
    keys = list(table)
    return nw.when(col.is_in(keys)).then(col.replace_strict(keys, [table[k] for k in keys], default=None,
                                                            return_dtype=nw.String)).otherwise(col)


def monadic_failures(native: Any) -> Any:
    """The rows of a monadic file (pandas or polars frame of strings in our column names, with a
    ``__row`` column: the row's position) that fail a monadic check: ``__row`` and one boolean per
    check, True = fails. Only the checks whose columns the file has are computed."""
    frame = nw.from_native(native)
    names = set(frame.columns)
    label_of, _, num2text, _ = code_maps()
    ok_pairs, civilian_interactions = _pairs()
    inter1 = _as_text("inter1", label_of) if "inter1" in names else None
    interaction = _as_text("interaction", num2text) if "interaction" in names else None
    flags: dict[str, nw.Expr] = {}
    if {"event_id_cnty", "actor1"} <= names:
        key = ~nw.col("event_id_cnty").is_null() & ~nw.col("actor1").is_null()
        flags["monadic_key"] = key & (nw.len().over("event_id_cnty", "actor1") > 1)
    if "event_id_cnty" in names:
        flags["monadic_rows_per_event"] = ~nw.col("event_id_cnty").is_null() & (nw.len().over("event_id_cnty") > 2)
        if interaction is not None:
            flags["monadic_interaction_shared"] = ~nw.col("event_id_cnty").is_null() & (
                nw.col("interaction").n_unique().over("event_id_cnty") > 1)
    if inter1 is not None and interaction is not None:
        pair = nw.concat_str(inter1, nw.lit("|"), interaction)
        flags["monadic_inter1_in_interaction"] = ~pair.is_in(ok_pairs).fill_null(True)
    if interaction is not None and "event_type" in names:
        vac = (nw.col("event_type") == "Violence against civilians").fill_null(False)
        flags["monadic_civilians_in_interaction"] = vac & ~nw.col("interaction").is_null() & ~interaction.is_in(
            civilian_interactions).fill_null(False)
    if not flags:
        return None
    found = frame.with_columns(**{k: v.fill_null(False) for k, v in flags.items()})
    found = found.filter(nw.any_horizontal(*[nw.col(k) for k in flags], ignore_nulls=True))
    return found.select("__row", *flags, *[c for c in FIELDS if c in names]).to_native()


def monadic_problems(native: Any, label: str, line_offset: int) -> list[Any]:
    """The problems of :func:`monadic_failures`, one per failing row and check, on the file's lines
    (``__row`` + ``line_offset``)."""
    from mideast_events.validate.report import Problem, cell_text

    found = monadic_failures(native)
    if found is None:
        return []
    rows = nw.from_native(found).sort("__row").rows(named=True)
    out = []
    for check, (fields, reason) in CHECKS.items():
        for row in rows:
            if row.get(check):
                value = "; ".join(f"{f}={cell_text(row[f])}" for f in fields if f in row)
                out.append(Problem(label, int(row["__row"]) + line_offset, ",".join(fields), check, value, reason,
                                   None if row.get("event_id_cnty") is None else str(row["event_id_cnty"])))
    return out
