"""ACLED's layout eras and coding conventions, read from ``schema/acled/`` (where they are written once).

``eras()``: each era's columns, event-id pattern and the current rules it does not follow;
``era_event_types(era)``: the event types of an older era; ``profile_exceptions()``: what ACLED's own
coding allows that our dataset's schema does not (admin1 empty at sea); ``text_interaction`` / ``numeric_interaction``: the interaction ACLED writes for two actor
types, in text or numeric exports (text exports put Civilians last).
"""
from __future__ import annotations

import csv
import re
from functools import cache

from mideast_events._paths import schema_dir


def _rows(name: str) -> list[dict[str, str]]:
    with open(schema_dir() / "acled" / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def eras() -> dict[str, dict[str, object]]:
    """era -> {"columns": tuple, "event_id_pattern": compiled regex, "source": str}."""
    return {r["era"]: {"columns": tuple(r["columns"].split()), "event_id_pattern": re.compile(r["event_id_pattern"]),
                       "rules_not_applied": tuple(r["rules_not_applied"].split()),
                       "source": r["source"]} for r in _rows("eras.csv")}


def era_columns(era: str) -> tuple[str, ...]:
    return eras()[era]["columns"]  # type: ignore[return-value]


def era_rules_not_applied(era: str) -> tuple[str, ...]:
    """The rules of today's codebook that an older era's coding does not follow (eras.csv)."""
    return eras()[era]["rules_not_applied"] if era in eras() else ()  # type: ignore[return-value]


@cache
def profile_exceptions() -> tuple[tuple[str, str, str], ...]:
    """(field, check, when): where ACLED's own coding allows what our dataset's schema does not
    (profile_exceptions.csv; ``when`` names the condition, e.g. ``at_sea``: geo.at_sea)."""
    return tuple((r["field"], r["check"], r["when"]) for r in _rows("profile_exceptions.csv"))


@cache
def era_event_types(era: str) -> tuple[str, ...]:
    """The event types of an older era (empty for the current one, whose vocabulary is schema/vocabularies)."""
    return tuple(r["event_type"] for r in _rows("era_event_types.csv") if r["era"] == era)


@cache
def _order() -> dict[str, tuple[int, int]]:
    return {r["actor_type"]: (int(r["code"]), int(r["text_position"])) for r in _rows("interaction_order.csv")}


def text_interaction(inter1: str | None, inter2: str | None) -> str | None:
    """ACLED's text interaction: '<type> only' without actor2, else the two types in text order."""
    order = _order()
    if inter1 not in order or (inter2 is not None and inter2 not in order):
        return None
    if inter2 is None:
        return f"{inter1} only"
    a, b = sorted((inter1, inter2), key=lambda t: order[t][1])
    return f"{a}-{b}"


def numeric_interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's numeric interaction: 10 x code without actor2 (inter2 0 or empty), else 10 x smaller + larger."""
    if inter1 is None:
        return None
    if not inter2:
        return 10 * int(inter1)
    lo, hi = sorted((int(inter1), int(inter2)))
    return 10 * lo + hi
