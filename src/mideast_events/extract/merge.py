"""Merging: mentions of the same event (same family, nothing in conflict) become one candidate with
the evidence of each; references back ("the attack", "the day's attacks") join the candidate they
fit; then the data's conventions fill what the article leaves open (the unidentified group, a
statement's place, the coalition's lead state)."""
from __future__ import annotations

import re

from mideast_events.extract import actors as actors_mod
from mideast_events.extract import places, resources
from mideast_events.extract.mentions import Mention
from mideast_events.extract.model import Candidate, Evidence

# "the day's attacks", "both attacks", "neither attack": every event of that day
_PLURAL_REF = re.compile(r"\b(the day's|both|neither|either|the two|all three|the three) (attacks?|strikes?)\b", re.I)


def _conflict(a: Candidate, b: Candidate) -> bool:
    if a.event_date and b.event_date and a.event_date != b.event_date:
        return True
    if a.place and b.place:
        if a.place.country != b.place.country:
            return True
        if a.place.location and b.place.location and a.place.location != b.place.location \
                and (a.place.latitude, a.place.longitude) != (b.place.latitude, b.place.longitude):
            return True  # (a town and its base coded at the same point are one place)
    if a.actor1 and b.actor1 and a.actor1 != b.actor1 and a.family != "generic" and b.family != "generic":
        if not (a.family == "attack" and b.family == "attack"):
            return True
    if a.sub_event_type and b.sub_event_type and a.sub_event_type != b.sub_event_type:
        disrupted = "Disrupted weapons use"
        if disrupted not in (a.sub_event_type, b.sub_event_type):
            return True
    return False


_STRIKE_WORDS = {"strike", "strikes", "airstrike", "airstrikes", "air strike", "air strikes", "raid", "raids", "bombed"}


def _same_strikes(agg: Candidate, m: Candidate) -> bool:
    """``m`` tells again of the unnamed-target strikes ``agg`` holds (any country, no date or actor in conflict)."""
    if agg.event_date and m.event_date and abs((agg.event_date - m.event_date).days) > 1:
        return False  # (a day apart: the same strikes dated in US time and in local time)
    return not (agg.actor1 and m.actor1 and agg.actor1 != m.actor1)


def _place_key(c: Candidate) -> tuple:
    return (c.place.country, c.place.location) if c.place else (None, None)


# what each field's evidence supports, read off a candidate (a merged mention's evidence joins only
# for the values the candidate keeps: the span of a value it lost supports nothing in it). Tolls are
# settled later (body_tolls reads the figures of the body), then by toll_evidence.
_VALUE_OF = {"actor1": lambda c: c.actor1, "actor2": lambda c: c.actor2, "event_date": lambda c: c.event_date,
             "location": _place_key, "country": lambda c: _place_key(c)[0]}


def joining(into: Candidate, m: Candidate) -> list:
    """``m``'s evidence that supports ``into``'s values: for each valued field, only where ``m``
    held the value ``into`` keeps (other records, such as the sub-event type's, always join)."""
    return [e for e in m.evidence if e.field not in _VALUE_OF or _VALUE_OF[e.field](m) == _VALUE_OF[e.field](into)]


def _absorb(into: Candidate, m: Candidate) -> None:
    if m.sub_event_type == "Disrupted weapons use" or into.sub_event_type is None:
        into.sub_event_type = m.sub_event_type or into.sub_event_type
    # a week or a month told where the act is referred to again ("similar attacks in recent weeks") is no
    # better than the day the act's own telling falls back on (the day told last, the day it was said)
    coarse = m.event_date is not None and (m.time_precision or 1) > 1 and into.event_date is None and any(
        d is not None and d.precision == 1 for d in (into.story_day, into.reported))
    for f in ("event_date", "time_precision", "date_window", "actor2", "fatalities", "injuries"):
        if coarse and f in ("event_date", "time_precision", "date_window"):
            continue
        if getattr(into, f) is None and getattr(m, f) is not None:
            setattr(into, f, getattr(m, f))
    if m.actor1 and (into.actor1 is None or (into.attribution != "claimed" and m.attribution == "claimed")):
        into.actor1, into.attribution, into.attributed_by = m.actor1, m.attribution, m.attributed_by
    if m.place and (into.place is None or (into.place.location is None and m.place.location)):
        into.place = m.place
    # injuries said twice ("several" then "at least 34"): a number beats a vague word
    for f in ("fatalities", "injuries"):
        if getattr(into, f) is None and getattr(m, f) is not None:
            setattr(into, f, getattr(m, f))
    into.reported = into.reported or m.reported  # the day it was said, if no other date comes
    into.story_day = into.story_day or m.story_day
    into.evidence.extend(joining(into, m))


def _states() -> set[str]:
    return {r["actor"] for r in resources.actors() if r["inter"] in actors_mod.STATE_TYPES}


def merge(mentions: list[Mention]) -> list[Candidate]:
    clusters: list[Candidate] = []
    parent: dict[int, Candidate] = {}  # a place's strike -> the unnamed-target strikes it was named from
    for mm in mentions:
        c = mm.cand
        if c.aggregate:
            # strikes on unnamed targets: kept aside, as a home for the places named after them
            home = next((k for k in reversed(clusters) if k.aggregate and k.family == c.family and _same_strikes(k, c)), None)
            last = next((k for k in reversed(clusters) if k.family != "statement"), None)
            if home is None and last is not None and last.family == "strike" == c.family and not last.aggregate \
                    and (last.place is None or last.place.location is None) and c.event_date in (None, last.event_date) \
                    and last.actor1 == c.actor1 and mm.told_again:
                # "The U.S. has carried out strikes in Iraq. U.S. forces targeted three facilities ...": the round
                # told first with no place is the same round on unnamed targets
                last.aggregate = True
                _absorb(last, c)
                last.place = None
                continue
            if home is not None:
                _absorb(home, c)
                home.place = None
            else:
                c.place = c.place if c.place and c.place.location else None
                clusters.append(c)
            continue
        if c.place and c.place.location and mm.family in ("generic", "strike"):
            last = next((k for k in reversed(clusters) if k.family != "statement"), None)
            if mm.family == "strike" and c.event_date is None and not (last is not None and last.aggregate):
                # "... conducted airstrikes against three facilities on Wednesday. [the attack answered, told] The
                # strikes were carried out in Jurf al-Sakhr and Al-Qaim": a strike with no day, told after a round
                # on unnamed targets with no other strike at a place between, is that round's
                for k in reversed(clusters):
                    if k.family == "strike" and (k.aggregate or (k.place and k.place.location)):
                        last = k if k.aggregate else parent.get(id(k), last)  # (a place of the same round told before)
                        break
            if last is not None and last.aggregate and last.family == "strike" and (c.event_date in (None, last.event_date)) \
                    and (c.actor1 in (None, last.actor1)):
                # "... strikes on 85 targets. The strikes hit Akashat and Al-Qaim": one event per place named
                clone = Candidate("strike", last.sub_event_type, last.event_date, last.time_precision, last.date_window,
                                  None, last.actor1, last.actor2, last.attribution, last.attributed_by, start=c.start)
                clone.evidence = [e for e in last.evidence if e.field in ("event_date", "actor1", "actor2", "sub_event_type")]
                c.actor2 = c.actor2 if c.actor2 != clone.actor1 else None
                c.fatalities = c.injuries = None  # a toll of several strikes is no one strike's
                _absorb(clone, c)
                clone.place = c.place
                clone.reported = clone.reported or last.reported
                parent[id(clone)] = last
                clusters.append(clone)
                continue
        if mm.family == "generic" and c.place and c.place.location:
            last = next((k for k in reversed(clusters) if k.family != "statement" and not k.aggregate), None)
            if last and last.place and last.place.location and last.place.location != c.place.location \
                    and last.place.country == c.place.country and (c.event_date in (None, last.event_date)):
                clone = Candidate(last.family, last.sub_event_type, last.event_date, last.time_precision,
                                  last.date_window, None, last.actor1, last.actor2, last.attribution,
                                  last.attributed_by, start=c.start)
                clone.evidence = [e for e in last.evidence if e.field in ("event_date", "actor1", "actor2", "sub_event_type")]
                c.actor1 = c.actor1 if c.actor1 != clone.actor2 else None
                c.actor2 = None
                _absorb(clone, c)
                clone.place = c.place
                if id(last) in parent:  # "The strikes hit Akashat and Al-Qaim": each place's strike is of the same round
                    parent[id(clone)] = parent[id(last)]
                clusters.append(clone)
                continue
        if mm.family in ("generic", "casualty") and _PLURAL_REF.search(mm.trigger.doc[max(0, mm.trigger.start - 3):mm.trigger.end].text if mm.trigger is not None else ""):
            day = c.event_date or (clusters[-1].event_date if clusters else None)
            same = [k for k in clusters if k.family == "attack" and k.event_date == day] if day else []
            if len(same) > 1:
                for k in same:
                    if c.actor1 and k.actor1 is None:
                        k.actor1, k.attribution, k.attributed_by = c.actor1, c.attribution, c.attributed_by
                    for f in ("fatalities", "injuries"):
                        if getattr(k, f) is None and getattr(c, f) is not None:
                            setattr(k, f, getattr(c, f))
                    k.evidence.extend(joining(k, c))
                continue
        if mm.family in ("generic", "casualty"):
            home = None
            passed_other_day = False
            for k in reversed(clusters):
                if c.event_date is not None and k.event_date is None and passed_other_day:
                    # "... attacked with rockets on November 4. The group announced attacks against Israel on
                    # November 2-3": a day told past acts of other days is no day for an undated act told before them
                    continue
                if k.family != "statement" and not k.aggregate and k.event_date is not None and c.event_date is not None \
                        and k.event_date != c.event_date:
                    passed_other_day = True
                if k.family != "statement" and not k.aggregate and not _conflict(k, c):
                    home = k
                    if mm.family == "casualty":
                        for f in ("fatalities", "injuries"):
                            if getattr(k, f) is None and getattr(c, f) is not None:
                                setattr(k, f, getattr(c, f))
                        # "the killing of three Americans at Tower 22": the place of the toll
                        if c.place and c.place.location and (k.place is None or k.place.location is None):
                            k.place = c.place
                        k.reported = k.reported or c.reported
                        k.evidence.extend(joining(k, c))
                    else:
                        c.actor2 = c.actor2 if k.actor1 != c.actor2 else None
                        unid = resources.settings()["unidentified_prefix"]
                        if k.family == "strike" and c.actor1 and c.actor1 != k.actor1 and not c.actor1.startswith(unid) \
                                and c.attribution != "claimed" and (k.actor2 is None or k.actor2.startswith(unid)) \
                                and c.actor1 not in _states():
                            # "The strike hit a vehicle ... It targeted a leader of Harakat al-Nujaba": a group named
                            # (without a claim) where the strike is told again is the group struck
                            k.actor2 = c.actor1
                            k.evidence = [e for e in k.evidence if e.field != "actor2"]
                            k.evidence += [Evidence("actor2", e.start, e.end, "a group named where the strike is told again", 0.5)
                                           for e in c.evidence if e.field == "actor1"][:1]
                            c.actor1 = None
                            c.evidence = [e for e in c.evidence if e.field != "actor1"]
                        _absorb(k, c)
                    break
            if home is None and mm.family == "generic" and c.place and c.place.location and (c.event_date or (
                    c.reported is not None and c.actor1 and c.actor1 not in _states())):
                # ("the group yesterday announced that it had targeted the Ain al-Asad airbase": a group's claim,
                # dated by its day of saying)
                c.family = "attack"  # "the base came under attack on Friday": the kind may follow
                if mm.trigger is not None and mm.trigger.text.lower() in _STRIKE_WORDS:
                    # "the strikes were conducted on Sunday against a site near Mayadin": a strike
                    c.family, c.sub_event_type = "strike", "Air/drone strike"
                prev = next((k for k in reversed(clusters) if k.family == "attack" and k.sub_event_type
                             and not k.aggregate), None)
                if c.sub_event_type is None and prev is not None and prev.place is not None \
                        and prev.place.country == c.place.country:
                    # "the fighters also targeted the base at X": the weapon told for the group's other attack
                    c.sub_event_type = prev.sub_event_type
                    c.evidence.append(Evidence("sub_event_type", c.start, c.start,
                                               "no weapon named: as the attack told before it", 0.4))
                clusters.append(c)
            continue
        for k in reversed(clusters):
            if k.aggregate and k.family == mm.family and not (c.place and c.place.location) and _same_strikes(k, c):
                _absorb(k, c)  # the same strikes told again without a place: still no event
                k.place = None
                break
            if k.family == mm.family and not k.aggregate and not _conflict(k, c) and not c.another:
                _absorb(k, c)
                break
        else:
            if not c.reference:
                clusters.append(c)
    for k in clusters:  # "... The United States carried out the strikes on Friday": the day told later
        agg = parent.get(id(k))
        if agg is not None and k.event_date is None and agg.event_date is not None:
            k.event_date, k.time_precision, k.date_window = agg.event_date, agg.time_precision, agg.date_window
            k.evidence += [e for e in agg.evidence if e.field == "event_date"]
    for k in clusters:  # "strikes on facilities used by the IRGC ... the strikes hit sites near X": the same target
        if k.family != "strike" or k.aggregate or k.actor2 is not None:
            continue
        src = next((o for o in clusters if o is not k and o.family == "strike" and o.actor2 is not None
                    and (o.place is None or k.place is None or o.place.country == k.place.country)
                    and (o.event_date is None or k.event_date is None or abs((o.event_date - k.event_date).days) <= 1)), None)
        if src is not None:
            k.actor2 = src.actor2
            k.evidence += [e for e in src.evidence if e.field == "actor2"]
    return [k for k in clusters if not k.aggregate]


def _member_of(umbrella: str | None) -> str | None:
    """A state's forces coded instead of the coalition they lead (actors.csv 'umbrella'):
    "the US-led coalition" is the US, with the coalition as associate, as the curated rows code it."""
    if umbrella is None:
        return None
    members = [r["actor"] for r in resources.actors()
               if r["umbrella"] == umbrella and r["inter"] in actors_mod.STATE_TYPES]
    return members[0] if len(members) == 1 else None


def finish(c: Candidate) -> None:
    """Defaults that the data's conventions fix: the unidentified group, a statement's place."""
    reported, c.reported = c.reported, None
    if c.event_date is None and reported is not None:
        c.event_date, c.time_precision, c.date_window = reported.date, reported.precision, reported.window
        c.evidence.append(Evidence("event_date", reported.start, reported.end,
                                   reported.rule + "; the day it was reported (no other date given)", 0.5))
    story, c.story_day = c.story_day, None
    if c.event_date is None and story is not None:
        c.event_date, c.time_precision, c.date_window = story.date, story.precision, story.window
        c.evidence.append(Evidence("event_date", story.start, story.end,
                                   story.rule + "; the act day told last, in an earlier paragraph (no other date given)", 0.4))
    for f in ("actor1", "actor2"):
        member = _member_of(getattr(c, f))
        if member and member != (c.actor2 if f == "actor1" else c.actor1):
            setattr(c, f, member)
    country = c.place.country if c.place else None
    if c.family == "statement":
        if c.actor1 and (c.place is None or c.place.location is None):
            home = next((r["country"] for r in resources.actors() if r["actor"] == c.actor1), None)
            cap = places.capital(home) if home else None
            if cap:
                c.place = cap
                # a country named near the statement is not where it was made
                c.evidence = [e for e in c.evidence if e.field not in ("country", "location")]
                c.evidence.append(Evidence("location", c.start, c.start, "no place given: the group's country's capital", 0.4, cap.note))
        c.fatalities = 0 if c.fatalities is None else c.fatalities
        c.target_type = "Not applicable"
        return
    if c.family == "attack" and c.actor2 is None and c.place and c.place.location:
        # the dataset's scope is attacks on US forces (settings 'scope_target'): an attack on a base that
        # names no target is coded against them; the existing rows are never read to fill a field
        c.actor2 = resources.settings()["scope_target"]
        c.evidence.append(Evidence("actor2", c.start, c.start, "no target named: the forces the dataset's scope is about", 0.4))
    if country:
        if c.family == "attack" and c.actor1 is None:
            c.actor1 = actors_mod.unidentified(country)
            c.attribution = "unknown"
            c.evidence.append(Evidence("actor1", c.start, c.start, "no group named: Unidentified Armed Group of the country", 0.5))
        if c.family == "strike" and c.actor1 is None:
            # a strike on the groups that names no striker: the forces the dataset's scope is about
            c.actor1 = resources.settings()["scope_target"]
            c.attribution, c.attributed_by = "suspected", None
            c.evidence.append(Evidence("actor1", c.start, c.start, "no striker named: the forces the dataset's scope is about", 0.3))
        if c.family == "strike" and c.actor2 is None:
            c.actor2 = actors_mod.unidentified(country)
            c.evidence.append(Evidence("actor2", c.start, c.start, "no group named: Unidentified Armed Group of the country", 0.5))
    # what was hit, in plain words, and its kind (target_types vocabulary)
    kind = next((r["location_type"] for r in resources.locations() if c.place and r["location"] == c.place.location), None)
    if c.family == "strike":
        c.target_type = "Militia facility"
        c.target = f"{c.actor2} site near {c.place.location}" if c.place and c.actor2 else None
    elif c.family == "attack":
        c.target_type = "Military base" if kind in ("base", "airport") else "Military personnel"
        c.target = f"{c.actor2 or 'forces'} at {c.place.location}" if c.place and c.place.location else None


def merge_same(cands: list[Candidate]) -> list[Candidate]:
    """Same day + place + actor pair mentioned apart: one candidate, evidence merged."""
    out: list[Candidate] = []
    for c in cands:
        for k in out:
            same_kind = k.sub_event_type == c.sub_event_type or "Disrupted weapons use" in (k.sub_event_type, c.sub_event_type) \
                or _weak_kind(k) or _weak_kind(c)
            two_ships = k.target != c.target and k.target_type == c.target_type and k.target_type in (
                "Commercial vessel", "Naval vessel")  # two ships attacked the same day in the same sea: two events
            eastern = _eastern_pair(k, c)
            if same_kind and not two_ships and not c.another and (k.place.country, k.place.location, k.actor1, k.actor2) == (
                    c.place.country, c.place.location, c.actor1, c.actor2) and (k.event_date == c.event_date or eastern):
                if eastern and not _shifted(k):
                    k.event_date, k.time_precision, k.date_window = c.event_date, c.time_precision, c.date_window
                    k.evidence = [e for e in k.evidence if e.field != "event_date"]
                _absorb(k, c)
                break
        else:
            out.append(c)
    # the same act told once with its base and once with only its country ("a drone attack in Iraq on
    # Monday ... the drone hit Ain al-Asad"): the country-only telling joins the placed one
    placed = [k for k in out if k.place.location]
    keep = []
    for c in out:
        home = None
        if not c.place.location and c.event_date is not None:
            home = next((k for k in placed if k.family == c.family == "attack" and k.place.country == c.place.country
                         and k.event_date is not None and abs((k.event_date - c.event_date).days) <= 1
                         and (c.actor1 is None or k.actor1 == c.actor1 or "Unidentified" in (c.actor1 or "")
                              or "Unidentified" in (k.actor1 or ""))), None)
        if home is None:
            keep.append(c)
            continue
        for f in ("fatalities", "injuries"):
            if getattr(home, f) is None and getattr(c, f) is not None:
                setattr(home, f, getattr(c, f))
        if home.actor1 and "Unidentified" in home.actor1 and c.actor1 and "Unidentified" not in c.actor1:
            home.actor1, home.attribution, home.attributed_by = c.actor1, c.attribution, c.attributed_by
        home.evidence.extend(e for e in joining(home, c) if e.field not in ("country", "location"))
    return _strike_told_again(keep)


def _strike_told_again(cands: list[Candidate]) -> list[Candidate]:
    """"A US drone strike in Baghdad killed a commander ... the UAV attack targeted the headquarters ...":
    an attack in a town or city on the day of a state's strike there (or in its country, the strike having
    no town), with no attacker of its own but an unidentified group, the group struck, or a group named
    without a claim of the act, is the strike told again, not a militia's attack (the group named is then
    the one struck). Attacks at bases stay (militias attack the bases the forces hold)."""
    kinds = {r["location"]: r.get("location_type", "") for r in resources.locations()}
    unidentified = resources.settings()["unidentified_prefix"]
    strikes = [k for k in cands if k.family == "strike" and k.event_date is not None]
    keep = []
    for c in cands:
        s = None
        if c.family == "attack" and c.event_date is not None and c.place.location \
                and kinds.get(c.place.location) in ("city", "town"):
            s = next((k for k in strikes if k.place.country == c.place.country
                      and abs((k.event_date - c.event_date).days) <= 1
                      and k.place.location in (None, c.place.location)
                      and (c.actor1 is None or c.actor1 == k.actor2 or c.actor1.startswith(unidentified)
                           or c.attribution != "claimed")), None)
        if s is None:
            keep.append(c)
            continue
        if c.actor1 and not c.actor1.startswith(unidentified) and (s.actor2 is None or s.actor2.startswith(unidentified)):
            # "Harakat al-Nujaba said its commander was killed in a US attack": the group named is the one struck
            s.actor2 = c.actor1
            s.evidence = [e for e in s.evidence if e.field != "actor2"]
            s.evidence += [Evidence("actor2", e.start, e.end, "the group named with the strike told again", 0.5)
                           for e in c.evidence if e.field == "actor1"][:1]
        if s.place.location is None:
            s.place = c.place
            s.evidence = [e for e in s.evidence if e.field not in ("country", "location")]
            s.evidence += [e for e in c.evidence if e.field in ("country", "location")]
        for f in ("fatalities", "injuries"):
            if getattr(s, f) is None and getattr(c, f) is not None:
                setattr(s, f, getattr(c, f))
    return keep


def _shifted(c: Candidate) -> bool:
    """The act's day was moved from a day told in US Eastern time to the local day."""
    return any(e.field == "event_date" and "US Eastern time" in e.rule for e in c.evidence)


def _eastern_pair(a: Candidate, b: Candidate) -> bool:
    """"On Friday, August 9" and "On August 9 at about 5 p.m. ET" (10 August where it happened): one act told
    by the day in Washington and by the local day, the one day apart that the time zones make."""
    return a.event_date is not None and b.event_date is not None and abs((a.event_date - b.event_date).days) == 1 \
        and _shifted(a) != _shifted(b) and (a.event_date > b.event_date) == _shifted(a)


def _weak_kind(c: Candidate) -> bool:
    """An act whose event type rests on no weapon word of its own ("Saturday's attack on the base", typed
    from the attack told before it): it is no evidence of a second act of another kind."""
    kinds = c.ev("sub_event_type")
    return c.family == "attack" and bool(kinds) and max(e.confidence for e in kinds) <= 0.4


def _headline(text: str) -> tuple[int, int] | None:
    """The span of a report's title: its first non-empty line, when short and not a sentence."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end].strip()
    if not line or len(line) > 200 or line.endswith((".", "!", "?", '"', "”")) or end == len(text):
        return None
    return start, end


def body_tolls(cands: list[Candidate], text: str) -> None:
    """A toll read from the title ("24 Soldiers Injured In Iraq, Syria") sums up the report: where the
    body gives the act's own figure, the body's figure is the act's (the first theatre's gold and the
    gold set code the act's own number, not the title's total)."""
    head = _headline(text)
    if head is None:
        return
    from mideast_events.extract import numbers

    for c in cands:
        for f in ("fatalities", "injuries"):
            evs = c.ev(f)
            if not evs or not (head[0] <= evs[0].start < head[1]):
                continue
            for e in evs[1:]:
                if e.start < head[1] or e.rule != "number near casualty word":
                    continue
                found = [n for n in numbers.counts(text[e.start:e.end]) if n.kind == f and n.value is not None]
                if found:
                    setattr(c, f, found[0].value)
                    c.evidence = [x for x in c.evidence if x is not evs[0]]
                    break


def toll_evidence(cands: list[Candidate], text: str) -> None:
    """Once the tolls are settled: a toll's evidence whose span gives a figure of that kind other than
    the candidate's ("one of the wounded" beside 5 injured; "several were injured" where the body gave
    a number) supports nothing in it and is dropped; a span with no figure of its kind is kept."""
    from mideast_events.extract import numbers

    for c in cands:
        for f in ("fatalities", "injuries"):
            def other(e: Evidence) -> bool:
                said = {n.value for n in numbers.counts(text[e.start:e.end]) if n.kind == f}
                return bool(said) and getattr(c, f) not in said
            c.evidence = [e for e in c.evidence if e.field != f or e.end <= e.start or not other(e)]


def _span(text: str, at: int, seps: tuple[str, ...]) -> tuple[int, int]:
    s = max(text.rfind(x, 0, at) + len(x) if text.rfind(x, 0, at) >= 0 else 0 for x in seps)
    ends = [i for i in (text.find(x, at) for x in seps) if i >= 0]
    return s, (min(ends) if ends else len(text))


def none_hurt_after(cands: list[Candidate], text: str) -> None:
    """An act told with no toll, followed in its paragraph by "no casualties were reported" (or "both
    drones were neutralized ..., resulting in no casualties"): fatalities and injuries 0, unless the
    sentence of that phrase tells another act of its own (whose toll it is) and does not say it of all."""
    cue = resources.cues()["none_hurt"]
    acts = [(c, e.start) for c in cands for e in c.ev("sub_event_type")]
    for c in cands:
        if c.fatalities is not None or c.injuries is not None or not c.ev("sub_event_type"):
            continue
        at = c.ev("sub_event_type")[0].start
        ps, pe = _span(text, at, ("\n",))
        for m in cue.finditer(text, at, pe):
            ss, se = _span(text, m.start(), (". ", "\n"))
            others = [k for k, a in acts if k is not c and ss <= a < se]
            if others and not re.search(r"\b(both|all|either|neither|none of|the attacks|the strikes)\b", text[ss:se], re.I):
                continue
            c.fatalities = c.injuries = 0
            for f in ("fatalities", "injuries"):
                c.evidence.append(Evidence(f, m.start(), m.end(), "no casualties said later in the act's paragraph", 0.5))
            break

