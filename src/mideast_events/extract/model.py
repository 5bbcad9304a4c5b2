"""The extractor's records: the evidence for one field, a candidate event, one article's extraction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mideast_events.extract import places


@dataclass
class Evidence:
    field: str
    start: int
    end: int
    rule: str
    confidence: float
    note: str = ""

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d = {"field": self.field, "start": self.start, "end": self.end, "rule": self.rule,
             "confidence": self.confidence}
        if self.note:
            d["note"] = self.note
        if text is not None:
            d["quote"] = text[self.start:self.end]
        return d


@dataclass
class Candidate:
    family: str
    sub_event_type: str | None = None
    event_date: dt.date | None = None
    time_precision: int | None = None
    date_window: tuple[dt.date, dt.date] | None = None
    place: places.Place | None = None
    actor1: str | None = None
    actor2: str | None = None
    attribution: str | None = None
    attributed_by: str | None = None
    fatalities: int | None = None
    injuries: int | None = None
    target: str | None = None
    target_type: str | None = None
    start: int = 0  # first character of the first mention
    evidence: list[Evidence] = field(default_factory=list)
    matched: dict[str, str] | None = None  # set by match.py: the existing row this corroborates
    event_id: str | None = None  # set by match.into: the id the row was given in the dataset
    # working state while a sentence is read (not output)
    reference: bool = field(default=False, repr=False)  # an act answered or followed ("in reprisal for the rocket fire"): an earlier act
    aggregate: bool = field(default=False, repr=False)  # "strikes on 85 targets": no event unless a place is named after
    reported: Any = field(default=None, repr=False)  # the day it was said, used only if no other date
    story_day: Any = field(default=None, repr=False)  # the act day told last in an earlier paragraph, the last fallback
    places_found: list = field(default_factory=list, repr=False)
    another: bool = field(default=False, repr=False)  # "another drone struck the base": an act apart from the one told before
    ship_at: int | None = field(default=None, repr=False)  # sea.py: where this act's own ship is named

    @property
    def complete(self) -> bool:
        return (self.event_date is not None and self.place is not None
                and self.sub_event_type is not None and self.actor1 is not None)

    @property
    def codable(self) -> bool:
        """A row needs a place in the locations table (or the gazetteer), not just a country."""
        return self.complete and self.place.location is not None

    def why_incomplete(self) -> str:
        missing = [n for n, ok in (("date", self.event_date is not None),
                                   ("place", self.place is not None and self.place.location is not None),
                                   ("event type", self.sub_event_type is not None),
                                   ("actor", self.actor1 is not None)) if not ok]
        return "no " + ", no ".join(missing) if missing else ""

    def ev(self, name: str) -> list[Evidence]:
        return [e for e in self.evidence if e.field == name]


@dataclass
class Extraction:
    text: str
    published: dt.date
    publisher: str
    path: str | None
    candidates: list[Candidate]  # complete; those with a location (codable) become rows
    uncoded: list[Candidate]  # mentions with no date or no codable place: shown, never a row
    ignored: list[tuple[int, int, str]]  # boilerplate and trap sentences, with why
    published_from: str | None = None  # where the publication date came from ("--published", "read from the text: ...")

    def rows(self, **kw: Any) -> list[dict[str, Any]]:
        from mideast_events.extract import output

        return [row for row, _, _ in output.numbered_rows([self], **kw)]
