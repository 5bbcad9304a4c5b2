"""The extractor's look-up tables, read once: the data files of this package, the vocabulary of
schema/, and the actors and locations tables of the dataset (or of another dataset folder)."""
from __future__ import annotations

import csv
import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from mideast_events import schema
from mideast_events._paths import dataset_dir


def _data(name: str) -> Path:
    return Path(str(files("mideast_events.extract") / "data" / name))


def data_file(name: str) -> Path:
    """A file of the extractor's data folder (it may not exist)."""
    return _data(name)


@cache
def settings() -> dict[str, Any]:
    return json.loads(_data("settings.json").read_text(encoding="utf-8"))


@cache
def triggers() -> tuple[dict[str, Any], ...]:
    with open(_data("triggers.csv"), newline="", encoding="utf-8") as fh:
        return tuple({**r, "strength": int(r["strength"])} for r in csv.DictReader(fh))


@cache
def cues() -> dict[str, re.Pattern[str]]:
    out: dict[str, list[str]] = {}
    # one cue a line: kind,regular expression (the expression may itself hold commas)
    lines = _data("cues.csv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        if line.strip():
            kind, pattern = line.split(",", 1)
            out.setdefault(kind, []).append(pattern)
    # ET/EST are upper-case abbreviations: only the 'eastern' cue is case-sensitive
    return {k: re.compile("|".join(v), 0 if k == "eastern" else re.I) for k, v in out.items()}


def split_aliases(text: str | None) -> list[str]:
    """'A; B (a note); C' -> ['A', 'B', 'C']."""
    if not text:
        return []
    return [a for a in (re.sub(r"\s*\([^)]*\)", "", part).strip() for part in text.split(";")) if a]


def rows(file: Path) -> list[dict[str, str]]:
    with open(file, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def actors(folder: str | None = None) -> tuple[dict[str, str], ...]:
    return tuple(rows(Path(folder or dataset_dir()) / "actors.csv"))


@cache
def locations(folder: str | None = None) -> tuple[dict[str, str], ...]:
    return tuple(rows(Path(folder or dataset_dir()) / "locations.csv"))


@cache
def events_region() -> dict[str, str]:
    """country -> ACLED region, as the curated rows code it."""
    out: dict[str, str] = {}
    for r in rows(dataset_dir() / "events.csv"):
        out.setdefault(r["country"], r["region"])
    return out


@cache
def sub_event_types() -> dict[str, tuple[str, str]]:
    return schema.sub_event_types()


@cache
def acting_states() -> frozenset[str]:
    """State forces that the curated rows code more often as the actor (against foreign forces or civilians)
    than as the one acted on
    (the Houthis' forces, who attack ships): the extractor gives them an armed group's role (the
    attacker), not a state's (the striker, or the forces attacked). Read from the dataset's rows."""
    from collections import Counter

    kinds = {r["actor"]: r["inter"] for r in actors()}
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for r in rows(dataset_dir() / "events.csv"):
        if kinds.get(r["actor1"]) == "State forces" and kinds.get(r["actor2"]) in ("External/Other forces", "Civilians"):
            first[r["actor1"]] += 1
        if kinds.get(r["actor2"]) == "State forces":
            second[r["actor2"]] += 1
    return frozenset(a for a, n in first.items() if n >= 3 and n > second[a])


@cache
def actor_types() -> dict[str, str]:
    return {r["actor"]: r["inter"] for r in actors()}
