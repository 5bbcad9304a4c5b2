"""Every evidence record of a candidate supports the value it is attached to (issue 12): when
mentions merge, the span of a value the candidate did not keep does not come along."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from mideast_events.extract import extract_text  # noqa: E402
from mideast_events.extract import numbers  # noqa: E402


def quotes(text, candidate, field):
    return [text[e.start:e.end] for e in candidate.evidence if e.field == field and e.end > e.start]


def test_a_merged_mention_brings_evidence_only_for_the_values_kept():
    from mideast_events.extract import merge
    from mideast_events.extract.model import Candidate, Evidence

    us, kh = "Military Forces of the United States (2021-)", "Kataib Hezbollah"
    strike = Candidate("strike", "Air/drone strike", actor1=us, actor2=kh)
    # "... in response to attacks on US forces": a mention whose forces attacked are not the strike's target
    told = Candidate("generic", "Air/drone strike", actor1=None, actor2=us,
                     evidence=[Evidence("actor2", 10, 19, "the forces attacked", 0.6),
                               Evidence("sub_event_type", 0, 8, "trigger word (generic)", 0.4)])
    kept = merge.joining(strike, told)
    assert [e.field for e in kept] == ["sub_event_type"]
    same = Candidate("generic", None, actor2=kh, evidence=[Evidence("actor2", 30, 46, "the group struck", 0.8)])
    assert [e.field for e in merge.joining(strike, same)] == ["actor2"]


def test_a_title_total_leaves_no_span_once_the_body_gives_each_toll():
    text = ("24 American Soldiers Injured In Iraq, Syria Base Drone Attacks\n\n"
            "On October 18, 20 troops received minor injuries after drones hit Al-Tanf Garrison in Syria.\n\n"
            "The same day, drones struck Ain al-Asad Air Base in western Iraq, injuring four people.\n")
    x = extract_text(text, "2023-10-26", "test")
    tolls = {c.place.location: c for c in x.candidates}
    assert tolls["Al-Tanf"].injuries == 20 and tolls["Ain al-Asad Air Base"].injuries == 4
    for c in tolls.values():
        for q in quotes(text, c, "injuries"):  # each span gives the candidate's own figure
            assert c.injuries in {n.value for n in numbers.counts(q) if n.kind == "injuries"}, (c.place.location, q)


def test_a_toll_keeps_no_span_that_gives_another_figure():
    from mideast_events.extract import merge
    from mideast_events.extract.model import Candidate, Evidence

    text = "Five US service members were wounded. One of those wounded was flown out. Several were hurt."
    spans = [(0, 36), (38, 58), (74, 91)]  # five wounded; one of them; several
    c = Candidate("attack", "Air/drone strike", injuries=5,
                  evidence=[Evidence("injuries", s, e, "number near casualty word", 0.8) for s, e in spans]
                  + [Evidence("actor2", 5, 7, "the forces attacked", 0.6)])
    merge.toll_evidence([c], text)
    assert [(e.field, text[e.start:e.end]) for e in c.evidence] == [
        ("injuries", "Five US service members were wounded"), ("actor2", "US")]
    c.injuries = None  # a vague count only: the spans with a figure support nothing
    c.evidence = [Evidence("injuries", s, e, "number near casualty word", 0.8) for s, e in spans]
    merge.toll_evidence([c], text)
    assert [text[e.start:e.end] for e in c.evidence] == ["Several were hurt"]
