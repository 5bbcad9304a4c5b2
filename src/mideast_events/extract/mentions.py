"""Reading sentences: each sentence with a trigger word (triggers.csv) gives one mention per trigger
family (a militia attack, a state's air strike, a group's statement; "the attack" refers back).
Denials, threats and plans, aggregates and events before the scope's start give none. A mention
takes the date, place and casualty figures nearest its trigger, and the actors of its sentence in
the roles the trigger implies."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mideast_events.extract import actors as actors_mod
from mideast_events.extract import datelines, dates, nlp, numbers, places, resources
from mideast_events.extract.model import Candidate, Evidence

_OTHER_ACT_NOUNS = {"attack", "attacks", "assault", "incident"}
_PASSING = re.compile(r"\b(after|following|since|before|for|to)\b", re.I)
# "in retaliation for the drone attack", "after the strike": an earlier event referred to
_REFERENCE = re.compile(r"\b((for|after|following|since|over|of) (the|that|this|last|sunday's|the deadly)"
                        r"|(days?|weeks?|hours?) (after|before) (a|an|the))\b", re.I)  # "10 days after a deadly drone attack"
# "(a funeral ...) after US air strikes": the sentence tells of something that followed the act
_AFTER_STATE = re.compile(r"\b(after|following) (?:the )?(?:US|U\.S\.|American|coalition|Israeli) (?:air ?strikes?|strikes?|raids?|bombing)\b"
, re.I)
# "This incident marks the second attack, following a rocket strike on ...", "coming after militants
# targeted ...": an earlier act told in passing
# "comes less than a week after the US military said it launched a strike ...": the same, a span of time apart
# "died of injuries sustained in the American airstrike on ...": the act that caused them, told in passing
# "a funeral on Wednesday for the victims of the US airstrike on ...": the same
_FOLLOWING = re.compile(r"\b(?:(?:injuries|wounds) (?:sustained|suffered|received) (?:from|in|during)(?: (?:a|an|the))?|"
                        r"(?:funeral|burial|mourn\w*|procession)\b[^,;.]{0,60}\bvictims of(?: (?:a|an|the))?|"
                        r"following (?:a|an|the)|(?:coming|came|comes)(?: (?:less than|more than|about|just|only|nearly|almost))?"
                        r"(?: (?:a|one|two|three|four|five|six|several|a few|\d+) (?:days?|weeks?|months?))? after)\b[^,;.]{0,80}$", re.I)


# "Previously, drones were used against ...", "the base had come under attack", "has repeatedly been hit":
# an earlier act recalled with no day of its own does not take the day of the paragraph it is told in
_RECALLED = re.compile(r"\b(previously|in the past|(a|an) (previous|prior|earlier)|before that|prior to (that|this)|in previous|had (been|come|also|repeatedly)"
                       r"|(a few|several|some) (days|weeks) (earlier|before|ago)|days earlier|weeks earlier"
                       r"|(has|have) (repeatedly|previously|frequently|regularly|often)|repeatedly|frequently|regularly"
                       r"|(has|have) (come under|been (hit|attacked|targeted|struck)))\b", re.I)


# between an act's noun and its weapon: "attack\" with a one-way drone", "attack by a drone"
_WEAPON_OF = re.compile(r"[\"'”’]?\s*(?:with|by|using|involving)\s+(?:(?:an?|the|one|two|three|several|multiple)\s+)?(?:[\w-]+\s+){0,2}")
# "at a military base in Iraq": a base not named
_A_BASE = re.compile(r"\b(a|an)\s+((military|air|us|u\.s\.|american|coalition)\s+)*(base|airbase|air base|garrison|outpost)\b", re.I)
# the day of the act told just before: "earlier in the day", "later that day", "not long after the attack"
_SAME_DAY = re.compile(r"\b((earlier|later) (in|on) the day|(earlier|later) that (day|night|morning|evening)"
                       r"|(on )?the same day|not long (after|before)(wards)?|shortly (after|before)(wards)?"
                       r"|(an hour|hours|minutes) (later|earlier|after|before))\b", re.I)


@dataclass
class Mention:
    family: str
    sub_event_type: str | None
    trigger: Any  # spaCy span
    paragraph: int
    cand: Candidate
    answered: int | None = None  # "in retaliation for the drone attack ...": where the cue ends (in the sentence)
    told_again: bool = False  # a state's round told again on a count of unnamed targets ("U.S. forces targeted three facilities")


def _paragraph_of(doc: Any, text: str) -> list[int]:
    """Paragraph number of each character (paragraphs are split by blank lines)."""
    para, n = [0] * (len(text) + 1), 0
    for i, ch in enumerate(text):
        if ch == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
            n += 1
        para[i] = n
    para[len(text)] = n
    return para


@cache
def _trigger_matcher() -> Any:
    patterns: dict[str, list[str]] = {}
    for t in resources.triggers():
        patterns.setdefault(f"{t['family']}|{t['sub_event_type']}|{t['strength']}", []).append(t["phrase"])
    return nlp.phrase_matcher(patterns, "LOWER")


def _trigger_matches(doc: Any) -> list[tuple[str, str | None, int, Any]]:
    out = []
    for label, span in nlp.matches(_trigger_matcher(), doc):
        fam, sub, strength = label.split("|")
        out.append((fam, sub or None, int(strength), span))
    return out


def _governed(sent_text: str, sent_start: int, trig_char: int, cue: re.Pattern[str], window_chars: int = 90) -> re.Match[str] | None:
    """A cue (denial, future) in the words before the trigger, within the same sentence."""
    lo = max(0, trig_char - sent_start - window_chars)
    hit = None
    for m in cue.finditer(sent_text, lo, trig_char - sent_start):
        hit = m
    return hit


def read(doc: Any, text: str, published: dt.date, gazetteer: bool,
         ignored: list[tuple[int, int, str]]) -> list[Mention]:
    """The event mentions of a parsed article, in text order; trap sentences go to ``ignored``."""
    cues = resources.cues()
    scope = dt.date.fromisoformat(resources.settings()["scope_start"])
    para = _paragraph_of(doc, text)
    trig_all = _trigger_matches(doc)
    # a dateline names the reporter's city and the day of writing, not the event's place or day
    lines = datelines.spans(text)
    place_all = [pm for pm in places.find(doc, gazetteer)
                 if not any(s <= doc[pm.start].idx < e for s, e, _ in lines)]
    actor_all = actors_mod.find(doc)
    context_date: dates.DateMention | None = None
    said_date: dates.DateMention | None = None  # the latest day something was said: a statement's day
    para_actor: tuple[int, actors_mod.ActorMention] | None = None
    last_group: list[actors_mod.ActorMention] = []
    last_place: Any = None  # the last base or town named, for "the same base", "the base" told later
    out: list[Mention] = []
    denials: list[tuple[set[str], dt.date]] = []
    # attacks "at a military base in Iraq": waiting for the base to be named after them (paragraph, mentions)
    unnamed_base: list[tuple[int, list[Mention]]] = []
    for sent in doc.sents:
        st = sent.text
        if not st.strip():
            continue
        s0 = sent.start_char
        p = para[s0]
        trigs = [t for t in trig_all if sent.start <= t[3].start < sent.end]
        sent_actors = [m for m in actor_all if sent.start <= m.start < sent.end]
        in_names = {i for a in sent_actors for i in range(a.start, a.end)}
        # "Islamic Resistance in Iraq" names no place; "the US embassy" is one
        sent_places = [m for m in place_all if sent.start <= m.start < sent.end
                       and not set(range(m.start, m.end)) <= in_names]
        # ("the day before" counts from the latest day told, a day of saying included)
        found_dates = [d for d in dates.find(st, published, said_date.date if said_date else None)
                       if not any(s <= s0 + d.start < e for s, e, _ in lines)]
        for d in found_dates:
            if d.kind == "event" and d.precision == 1 and dates.eastern_night_shift(st, d):
                d.date = d.date + dt.timedelta(days=1)
                d.rule += "; US Eastern time -> the next local day"
            d.start += s0
            d.end += s0
        counts = numbers.counts(st)
        for c in counts:
            c.start += s0
            c.end += s0
        aggregates = list(cues["aggregate"].finditer(st))
        deniers = {a.actor for a in sent_actors if a.is_state}
        if deniers and cues["denial"].search(st) and _DENIED_ACT.search(st):
            # "CENTCOM said the reports of US airstrikes in Iraq today are not true"
            days = [d.date for d in found_dates if d.kind == "event" and d.precision == 1]
            denials.append((deniers, days[0] if days else published))
        # "strikes on two facilities", "three separate air strikes": a state's strikes on a count of unnamed
        # targets (the attacks of the sentence stay events); not when the sentence names a table place
        # ("struck two facilities near Albu Kamal") or dates the round only to a week ("last week ... the
        # recent strikes on three facilities": one round, given at its coarse precision)
        plural_targets = cues["targets"].search(st)
        if plural_targets is None and len({pm.place.country for pm in sent_places if pm.place.location is None}) < 2:
            # strikes on unnamed sites with no count ("struck suspected storage facilities in Syria"); a round
            # told as "in Iraq and Syria" stays one candidate per country, for review
            plural_targets = cues["unnamed_sites"].search(st)
        # (a place of the act answered, "in response to attacks ..., including the attack on al-Asad Airbase on
        # Jan. 20, ... strikes against three facilities", is not where the strikes were)
        answered_spans = [(m.end(), _answered_end(st, m.end())) for m in cues["retaliation"].finditer(st)]
        if plural_targets and (any(pm.place.location and not any(a <= doc[pm.start].idx - s0 < b for a, b in answered_spans)
                                   for pm in sent_places) or (
                any(d.kind == "event" and d.precision > 1 for d in found_dates)
                and not any(d.kind == "event" and d.precision == 1 for d in found_dates))):
            plural_targets = None
        sent_mentions: list[Mention] = []
        families = _families(trigs, sent_actors, st, s0)
        if not families and counts:
            families = [("casualty", None, None)]
        for fam, sub, trig in families:
            tchar = trig.start_char if trig is not None else s0
            why = None
            pending = told_again = False
            aggregate = _aggregate_of(aggregates, trig, s0)
            if aggregate:
                why = f"aggregate ('{aggregate.group(0)}')"
                # strikes on unnamed targets: no event, but the places named after it are ("the strikes
                # targeted sites near Abu Kamal and Mayadin")
                pending = fam == "strike"
            elif fam == "strike" and plural_targets:
                why, pending = f"strikes on unnamed targets ('{plural_targets.group(0)}')", True
            elif fam == "generic" and plural_targets and trig is not None and _state_agent_before(trig, sent_actors, window=4):
                # "The U.S. has carried out strikes in Iraq. U.S. forces targeted three facilities used by ...":
                # the state's strikes told again on a count of unnamed targets
                fam, sub, told_again = "strike", "Air/drone strike", True
                why, pending = f"strikes on unnamed targets ('{plural_targets.group(0)}')", True
            elif trig is not None and (g := _governed(st, s0, tchar, cues["denial"])):
                why = f"denial ('{g.group(0)}')"
            elif trig is not None and fam != "statement" and (g := _governed(st, s0, tchar, cues["future"])):
                why = f"threat, plan or possibility ('{g.group(0)}')"
            if why:
                ignored.append((s0, sent.end_char, why))
                if not pending:
                    continue
            if fam == "strike" and trig is not None and trig.text.lower() in _PLURAL_STRIKES and not any(
                    pm.place.location for pm in sent_places) and _toll_of(trig, trigs, st, s0):
                pending = True  # "US strikes in the west of Iraq killed 16": the toll of strikes on unnamed targets
            cand = Candidate(fam, sub, start=tchar, aggregate=pending)
            if trig is not None and fam != "generic" and (_REFERENCE.search(doc[max(sent.start, trig.start - 4):trig.start].text)
                                                          or _AFTER_STATE.search(doc[max(sent.start, trig.start - 4):trig.end].text)
                                                          or _FOLLOWING.search(st[max(0, tchar - s0 - 100):tchar - s0])):
                cand.reference = True
            if trig is not None and fam in ("attack", "strike") and re.search(r"\banother\s+(?:[\w-]+\s+){0,2}$", doc[max(sent.start, trig.start - 3):trig.start].text + " ", re.I):
                cand.another = True  # "another combat drone struck the base": a second act, even at the same place and day
            answered = _answers(st, tchar - s0) if trig is not None and fam != "generic" else None
            if trig is not None:
                cand.evidence.append(Evidence("sub_event_type", trig.start_char, trig.end_char,
                                              f"trigger word ({fam})", 0.8 if fam != "generic" else 0.4))
            sent_mentions.append(Mention(fam, sub, trig, p, cand, answered, told_again))
        if unnamed_base and not any(m.family != "generic" for m in sent_mentions):
            # "... injured in a rocket attack at a military base in Iraq. ... troops at al-Asad air base were still
            # assessing the damage": the one base of that country named next, in a sentence telling no other act
            kinds = _location_kinds()
            bases = {pm.place.location: pm for pm in sent_places if kinds.get(pm.place.location) in ("base", "airport")}
            if len(bases) == 1:
                [pm] = bases.values()
                for wp, parts in unnamed_base:
                    for part in parts:
                        c = part.cand
                        if para[doc[pm.start].idx] - wp <= 2 and c.place is not None and c.place.location is None and c.place.country == pm.place.country:
                            c.place = pm.place
                            c.evidence.append(Evidence("location", doc[pm.start].idx, doc[pm.end - 1].idx + len(doc[pm.end - 1]),
                                                       pm.rule + "; the base named after an act 'at a base' in its country", 0.5, pm.place.note))
                unnamed_base = []
        elif any(m.family != "generic" for m in sent_mentions):
            unnamed_base = []
        if not sent_mentions:
            for d in found_dates:
                # (a day before the scope's start, a file photo's, is no context for the acts told after it)
                if d.kind == "event" and d.precision == 1 and d.date >= scope:
                    # (the day something was said is not the day of the acts told after it, only of a statement)
                    said_date = d
                    if not d.reporting:
                        context_date = d
            if sent_actors:
                para_actor = (p, sent_actors[0])
            last_group += [a for a in sent_actors if not a.is_state]
            continue
        # nearest-trigger assignment of dates, places and figures
        t0 = sent_mentions[0].trigger
        if len(sent_mentions) == 1 and not (t0 is not None and (
                _AFTER_STATE.search(doc[max(sent.start, t0.start - 4):t0.end].text)
                or _FOLLOWING.search(st[max(0, t0.start_char - s0 - 100):t0.start_char - s0]))):
            sent_mentions[0].cand.reference = False  # "blamed X for the attack on Y on Sunday": the act itself
        live = [m for m in sent_mentions if not m.cand.reference] or sent_mentions

        def nearest(char: int, among: list[Mention] | None = None) -> Mention:
            return min(among or live, key=lambda m: abs((m.trigger.start_char if m.trigger is not None else s0) - char))

        ev_dates = [d for d in found_dates if d.kind == "event"]
        before_scope = [d for d in ev_dates if d.date < scope]
        first_trigger = min((m.trigger.start_char for m in sent_mentions if m.trigger is not None), default=sent.end_char)
        own = [m for m in live if m.answered is None] or live
        for d in ev_dates:  # "the January 28 drone attack": the date written on the act's noun is that act's, first
            own_np = _noun_phrase_after(st, d.start - s0, d.end - s0)
            if own_np is None or d.reporting:
                continue
            in_np = [m for m in sent_mentions if m.trigger is not None and d.end - s0 <= m.trigger.start_char - s0 < own_np]
            for m in in_np[:1]:
                if m.cand.event_date is None:
                    m.cand.event_date, m.cand.time_precision, m.cand.date_window = d.date, d.precision, d.window
                    m.cand.evidence.append(Evidence("event_date", d.start, d.end, d.rule + "; written on the act's noun", 0.9))
        for d in ev_dates:
            if _names_other_thing(st, d.start - s0, d.end - s0, [t[3].start_char - s0 for t in trigs]):
                continue  # "following the October 17 hospital massacre": the day of something else named
            # a date after "in retaliation for" is the answered act's ("... for a drone attack on January 28")
            theirs = [m for m in live if m.answered is not None and m.answered <= d.start - s0 < _answered_end(st, m.answered)]
            # a date at the head of the sentence is every act's, except an answered act that gives its own
            # after the cue ("The February 3 strikes were in retaliation for the January 28 drone strike")
            head = [m for m in live if m.answered is None or d.start - s0 >= m.answered or not any(
                d2.precision == 1 and d2.start - s0 >= m.answered for d2 in ev_dates)]
            targets = head if d.end <= first_trigger else [nearest(d.start, theirs or own)]
            for m in targets:
                if m.cand.event_date is not None:
                    continue
                if d.reporting and m.family != "statement":
                    # a day attached to a verb of saying ("told reporters on Friday"): the day it was said;
                    # the act's own date, if the report gives one elsewhere, wins
                    m.cand.reported = m.cand.reported or d
                    continue
                m.cand.event_date, m.cand.time_precision, m.cand.date_window = d.date, d.precision, d.window
                m.cand.evidence.append(Evidence("event_date", d.start, d.end, d.rule, 0.9 if d.precision == 1 else 0.6))
        _day_anchors(st, s0, sent_mentions, ev_dates, context_date,
                     context_date if context_date is not None and para[context_date.start] == p else None)
        for mm in sent_mentions:
            ctx = said_date if mm.family == "statement" and said_date is not None else context_date
            same_day = _SAME_DAY.search(st[:mm.trigger.start_char - s0]) if mm.trigger is not None else None
            if (mm.cand.event_date is None and mm.family in ("attack", "strike", "intercept") and mm.answered is None
                    and same_day and context_date is not None):
                # "Earlier in the day, a rocket attack was carried out on the base", "Not long after the drone
                # attack, the group claimed a drone against another base": the day of the act told last, in
                # whichever paragraph it was told
                d = context_date
                mm.cand.event_date, mm.cand.time_precision, mm.cand.date_window = d.date, d.precision, d.window
                mm.cand.evidence.append(Evidence("event_date", d.start, d.end,
                                                 d.rule + f"; '{same_day.group(0)}': the day of the act told last", 0.5))
            elif mm.cand.event_date is None and mm.family != "generic" and mm.answered is None and ctx and (
                    para[ctx.start] == p) and not (mm.trigger is not None and _RECALLED.search(
                        st[:mm.trigger.start_char - s0])):
                d = ctx
                mm.cand.event_date, mm.cand.time_precision, mm.cand.date_window = d.date, d.precision, d.window
                mm.cand.evidence.append(Evidence("event_date", d.start, d.end, d.rule + "; from the paragraph's earlier sentence", 0.5))
            elif (mm.cand.event_date is None and mm.cand.reported is None and mm.family in ("attack", "strike", "intercept")
                  and mm.answered is None and not mm.cand.reference and said_date is not None and (
                      context_date is None or (said_date.start > context_date.start and para[said_date.start] >= p - 1))
                  and said_date.reporting and any(pm.place.location for pm in sent_places)
                  and not (mm.trigger is not None and _RECALLED.search(st[:mm.trigger.start_char - s0]))):
                # "X announced on Saturday that it targeted A. ... In addition, it claimed a drone attack on B.": the
                # day of saying, when the report states no act's day before, is the fallback of the acts told after it
                mm.cand.reported = said_date
            elif (mm.cand.event_date is None and mm.family == "statement" and said_date is None and context_date is None
                  and not any(o.family in ("attack", "strike", "intercept") for o in out) and not (mm.trigger is not None and _RECALLED.search(st[:mm.trigger.start_char - s0]))):
                # "Kataib Hezbollah announced the suspension of its operations", the report telling no day at all
                # and no act before it: a statement is news on the day it is published (the one-day tolerance
                # covers the day before); one told after an act is background
                mm.cand.reported = dates.DateMention(s0, s0, published, 1, None,
                                                     "no day told: a statement, the publication day", "event", True)
            elif (mm.cand.event_date is None and mm.family in ("attack", "strike", "intercept") and mm.answered is None
                  and not mm.cand.reference and context_date is not None and para[context_date.start] == p - 1
                  and any(pm.place.location for pm in sent_places)
                  and not (mm.trigger is not None and _RECALLED.search(st[:mm.trigger.start_char - s0]))):
                # "On Friday, there were five more attempted strikes.\n\nDrone or rocket attacks were launched twice
                # against the Ain al-Asad airbase ...": a report goes on telling the day it told last
                mm.cand.story_day = context_date
        # another act named as a noun ("after a deadly attack in Jordan") keeps its own place
        mention_tokens = [m.trigger.start for m in sent_mentions if m.trigger is not None]
        anchors = [t[3].start_char for t in trigs if t[0] == "generic" and t[3].text.lower() in _OTHER_ACT_NOUNS
                   and all(abs(t[3].start - k) > 3 for k in mention_tokens)
                   and _PASSING.search(doc[max(sent.start, t[3].start - 4):t[3].start].text)
                   # ("killed due to a terrorist attack with a one-way drone": the act itself, its weapon told after)
                   and not any(m.trigger is not None and _WEAPON_OF.fullmatch(text[t[3].end_char:m.trigger.start_char])
                               for m in sent_mentions)]
        several_countries = len({pm.place.country for pm in sent_places}) > 1 and not any(pm.place.location for pm in sent_places)
        for c in counts:
            m = nearest(c.start, sent_mentions)
            if m.cand.reference:
                continue  # an act referred back to ("after the raid that left two dead"): its toll is not this act's
            if any(c.start <= d.start < c.end and _OTHER_EVENT_NOUN.search(text[max(0, d.start - 30):d.start]) for d in found_dates):
                continue  # "the killing last week of a senior leader": the toll of that other event
            if several_countries and c.value and m.trigger is not None and m.trigger.text.lower().endswith("s"):
                continue  # "two dozen Americans have been injured amid drone attacks at bases in Iraq and Syria": a total
            own = abs((m.trigger.start_char if m.trigger is not None else s0) - c.start)
            if any(abs(a - c.start) < own and _same_clause(text[min(a, c.start):max(a, c.start)]) for a in anchors):
                # "after a deadly attack ... that killed three", "after an attack on the base, which injured
                # four": that act's toll (not past a comma into another clause: "a strike on a commander, who
                # it blames for attacks on US forces, killing him and another person")
                continue
            if getattr(m.cand, c.kind) is None and not m.cand.ev(c.kind):
                setattr(m.cand, c.kind, c.value)
                m.cand.evidence.append(Evidence(c.kind, c.start, c.end, c.rule, 0.8 if c.value is not None else 0.5))
        _assign_places(sent_mentions, sent_places, doc, nearest, anchors)
        same = _SAME_PLACE.search(st)
        if last_place is not None and (same or (_THE_BASE.search(st) and not any(
                pm.place.location or pm.place.country for pm in sent_places))):
            for mm in sent_mentions:  # "The same base was targeted by a dozen missiles on Saturday."
                if mm.family in (("attack", "intercept") if same else ("attack",)) and not mm.cand.places_found and (
                        same or mm.trigger is None or not _PASSING.search(doc[max(sent.start, mm.trigger.start - 5):mm.trigger.start].text)):
                    mm.cand.places_found.append(last_place)  # (not an act told in passing: "after another drone attack on the base")
        specific_here = [pm for pm in sent_places if pm.place.location]
        if specific_here:
            last_place = (specific_here[-1], doc[specific_here[-1].start:specific_here[-1].end])
        for mm in sent_mentions:
            _assign_actors(mm, sent_actors, st, s0, doc, para_actor if para_actor and para_actor[0] == p else None,
                           last_group[-1] if last_group else None)
        for d in ev_dates:
            if d.precision == 1 and d.date >= scope:
                said_date = d
                if not d.reporting:
                    context_date = d
        if sent_actors:
            para_actor = (p, sent_actors[0])
        last_group += [a for a in sent_actors if not a.is_state]
        for mm in sent_mentions:
            if mm.cand.event_date is not None and mm.cand.event_date < scope:
                ignored.append((s0, sent.end_char, "before the scope's start"))
                continue
            if before_scope and mm.cand.event_date is None:
                ignored.append((s0, sent.end_char, "before the scope's start"))
                continue
            parts = _split(mm)
            out.extend(parts)
            if mm.family == "attack" and _A_BASE.search(st) and all(
                    part.cand.place is not None and part.cand.place.location is None for part in parts):
                unnamed_base.append((para[mm.trigger.start_char] if mm.trigger is not None else p, parts))
    return [mm for mm in out if not _denied(mm, denials, ignored)]


# what a state denies: a strike of its own, or a part in a blast
_DENIED_ACT = re.compile(r"\b(air ?strikes?|strikes?|struck|involvement|involved|behind|military activity|bombing)\b", re.I)


# "the October 17 Al-Ahli Arab Hospital massacre": a date written before a noun dates that noun; the words up
# to the first function word or punctuation are its noun phrase
_PREMODIFIED = re.compile(r"\s+((?:[\w'-]+\s+){0,5}?[\w'-]+?)(?=\s+(?:of|and|that|which|in|on|at|by|was|were|is|has|had|killed|when|who)\b|[,;.)]|$)")


def _noun_phrase_after(st: str, d0: int, d1: int) -> int | None:
    """Where the noun phrase a date is written on ends ("the October 17 ... massacre", "the January 28 drone
    strike", "yesterday's counterattacks"), or None when the date modifies no noun."""
    if re.match(r"['’]s\b", st[d1:]):
        d1 += 2  # "yesterday's American counterattacks", "Monday's attack": the same, in the possessive
    elif not re.search(r"\bthe\s+$", st[max(0, d0 - 5):d0], re.I) or re.match(r"\s*[,;.]|\s+\d", st[d1:]):
        return None
    m = _PREMODIFIED.match(st, d1)
    return m.end() if m is not None else None


def _names_other_thing(st: str, d0: int, d1: int, trig_at: list[int]) -> bool:
    """The date is written on a noun and no act's trigger word lies in that noun phrase: it dates
    something other than an act."""
    if _OTHER_EVENT_NOUN.search(st[max(0, d0 - 30):d0]):
        return True  # "following the killings last week of a commander": the day of those killings
    end = _noun_phrase_after(st, d0, d1)
    return end is not None and not any(d1 <= t < end for t in trig_at)


# a day written right after a noun of another kind of event ("the killings last week of ...", "the
# assassination on Tuesday of ..."): that event's day
_OTHER_EVENT_NOUN = re.compile(r"\bthe\s+(killings?|assassinations?|massacres?|visits?|funerals?|elections?|"
                               r"ceasefire|truce|invasion|war)\s+$", re.I)


# a running total told far after an act, past a clause of its own ("the January 28 drone strike that killed
# three U.S. troops in Jordan ..., which officials suspect ... had a leading role in those attacks"), is
# about the acts in general, not this one
_AGGREGATE_REACH = 150


def _aggregate_of(aggregates: list[re.Match[str]], trig: Any, s0: int) -> re.Match[str] | None:
    """The aggregate cue that governs the act at ``trig``: one before it or over it, or one after it
    within reach; a sentence with no trigger (a casualty sentence) is governed by any."""
    if trig is None:
        return aggregates[0] if aggregates else None
    t0, t1 = trig.start_char - s0, trig.end_char - s0
    st = trig.doc.text[s0:trig.start_char]
    # "a series of attacks on US personnel, including an attack on Erbil Air Base earlier today": the act
    # singled out of the aggregate is one act
    return next((m for m in aggregates if (m.start() < t1 or m.start() - t1 <= _AGGREGATE_REACH)
                 and not (m.end() <= t0 and _SINGLED_OUT_ACT.search(st))), None)


def _denied(mm: Mention, denials: list[tuple[set[str], dt.date]], ignored: list[tuple[int, int, str]]) -> bool:
    """A state that denies striking on a day ("Those reports are not true", "denied involvement in the
    blast") leaves no act of that day (or one day off) whose target is not that state's own forces:
    the strike it denies and the unattributed blast told by others are the denied event. Attacks on
    its forces stay."""
    c = mm.cand
    for deniers, day in denials:
        if c.actor2 in deniers or (c.actor2 is None and mm.family != "strike"):
            continue
        if c.event_date is None or abs((c.event_date - day).days) <= 1:
            at = mm.trigger.start_char if mm.trigger is not None else c.start
            ignored.append((at, at + 1, f"a strike denied by {sorted(deniers)[0]}"))
            return True
    return False


def _families(trigs: list, sent_actors: list, st: str, s0: int) -> list[tuple[str, str | None, Any]]:
    """The trigger families of one sentence, each with its strongest trigger."""
    best: dict[str, tuple[int, str | None, Any]] = {}
    for fam, sub, strength, span in trigs:
        if fam == "strike" and strength < 3 and _passive(span):
            fam, sub, strength = "generic", None, 0  # "the base was struck by a drone attack": the act is the attack
        if fam == "intercept":
            after = st[span.end_char - s0:]
            if re.search(r"\bbut\b.*\b(struck|hit|landed|impacted|exploded|crashed|fell)\b", after, re.I):
                continue
        if fam == "strike" and strength < 3 and not _state_agent_before(span, sent_actors, window=2 if span.text.lower() == "killed" else 8):
            fam, sub, strength = "generic", None, 0
        if fam == "generic" and span.text.lower() == "attack" and _SINGLED_OUT_ACT.search(st[:span.start_char - s0]):
            # "attacks on US forces, including an attack by Kataib Hezbollah on Erbil Air Base earlier today":
            # the attack singled out of a list is an act, not a reference back
            fam, sub, strength = "attack", None, 2
        if fam == "attack" and sub == "Air/drone strike" and strength >= 2 and (
                _state_agent_before(span, sent_actors, window=10, clause=True) or _militia_victims(span, st, s0, sent_actors)
                or _by_state(span, sent_actors)):
            fam = "strike"  # "a US drone strike": the state's drone, not a militia's
        elif fam == "attack" and sub == "Air/drone strike" and _by_states_drone(span, sent_actors):
            fam, strength = "strike", max(strength, 2)  # "was attacked three times by US drones": the state's drones
        key = "attack" if fam in ("attack", "intercept") else fam
        if fam == "generic" and key in best:
            continue
        cur = best.get(key)
        if cur is None or strength > cur[0]:
            best[key] = (strength, sub, span)
    if "strike" in best and "attack" in best and best["attack"][0] < 2:
        del best["attack"]  # "US jets struck ... drone depots": the drone is not the attack
    if len(best) > 1 and "generic" in best:
        del best["generic"]
    return [(k, v[1], v[2]) for k, v in sorted(best.items(), key=lambda kv: kv[1][2].start)]


_SINGLED_OUT_ACT = re.compile(r"\b(including|such as|notably|especially) (an?|the)\s*$", re.I)
_SAME_PLACE = re.compile(r"\bthe same (base|garrison|outpost|airbase|air base|installation)\b", re.I)
# "... launched multiple ballistic missiles at the air base on Saturday": a base named by its kind alone, in a
# sentence naming no place at all, is the base named last
_THE_BASE = re.compile(r"\bthe (base|garrison|outpost|airbase|air base)\b(?! (in|near|at|of|outside)\b)", re.I)
_PLURAL_STRIKES = {"strikes", "airstrikes", "air strikes", "raids", "air raids", "bombings"}
_PASSIVE = {"was", "were", "been", "being", "is", "are", "be", "got"}
# words between a state's name and a drone word that make the state the target, not the agent
_TARGETING = {"on", "against", "at", "targeting", "targeted", "toward", "towards", "into", "by", "hit", "struck", "of", "and", "or", ","}


_NUM_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10}
_DAYS_APART = re.compile(r"\b(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+days?\s+(?P<dir>after|before|later|earlier)\b", re.I)


def _day_anchors(st: str, s0: int, ms: list, ev_dates: list, context: Any, para_context: Any = None) -> None:
    """"X on 29 January, one day after three troops were killed in a drone attack": the act named
    right after "one day after" is a day before the date the sentence gives (or, when it gives none, the
    date told before in its paragraph, ``para_context``); "A day after the visit,
    the group announced ...": the act of the main clause is a day after the date told before."""
    for m in _DAYS_APART.finditer(st):
        n = _NUM_WORDS.get(m.group("n").lower()) or int(m.group("n"))
        sign = -1 if m.group("dir").lower() in ("after", "later") else 1
        stop = re.search(r"[,;.]", st[m.end():])
        obj_end = m.end() + (stop.start() if stop else len(st) - m.end())
        inside = [mm for mm in ms if mm.trigger is not None and m.end() <= mm.trigger.start_char - s0 < obj_end]
        anchor = next((d for d in ev_dates if d.precision == 1 and not (m.start() <= d.start - s0 < obj_end)), None)
        if inside and (anchor is not None or (para_context is not None and para_context.precision == 1 and not ev_dates)):
            # the act named in the phrase: counted from the sentence's date, or, when the sentence tells none,
            # from the day told before ("Rockets fell on Monday ... The attack comes a day after a drone attack
            # that killed three troops in Jordan"): an act with a day of its own, not one merely referred to
            base, told = (anchor, "the date given") if anchor is not None else (para_context, "the date told before in the paragraph")
            for mm in inside:
                _set_date(mm, base, base.date + dt.timedelta(days=sign * n), f"'{m.group(0)}' {told}")
                mm.cand.reference = False
            continue
        base = anchor or context
        if base is None or inside:
            continue
        after = [mm for mm in ms if mm.trigger is not None and mm.trigger.start_char - s0 >= obj_end]
        for mm in after:  # the act of the main clause: counted from the date told before
            _set_date(mm, base, base.date - dt.timedelta(days=sign * n), f"'{m.group(0)}' the date told before")


def _set_date(mm: Any, d: Any, day: dt.date, why: str) -> None:
    mm.cand.event_date, mm.cand.time_precision, mm.cand.date_window = day, 1, None
    mm.cand.evidence = [e for e in mm.cand.evidence if e.field != "event_date"]
    mm.cand.evidence.append(Evidence("event_date", d.start, d.end, f"{d.rule}; {why}", 0.6))


def _answers(st: str, at: int) -> int | None:
    """The act at ``at`` is the one another answers: "in retaliation for the killing of three US troops in
    a drone attack" (the cue before it in the same clause, no comma or other clause between)."""
    before = st[max(0, at - 120):at]
    m = None
    for m in resources.cues()["retaliation"].finditer(before):
        pass
    # ("in response to attacks by the group, including the attack on the base on Jan. 20": the act singled
    # out after "including" is one of those answered)
    if m is None or re.search(r"[,;:]|\b(and|but|while|which|who)\b", _SINGLED_OUT.sub(" ", before[m.end():])):
        return None
    return max(0, at - 120) + m.end()


# ", including the attack on ...", ", such as the strike on ...": one act singled out of those just named
_SINGLED_OUT = re.compile(r",?\s*\b(including|such as|notably|especially|most recently)\b", re.I)


def _answered_end(st: str, start: int) -> int:
    """Where the answered phrase that starts at ``start`` ends: at the first comma, semicolon or colon
    that does not single out one of its acts ("in response to attacks by X, including the attack on Y
    on Jan. 20, on January 24 US forces struck ...": "on January 24" is the answering act's day)."""
    for m in re.finditer(r"[,;:]", st[start:]):
        if not _SINGLED_OUT.match(st, start + m.start()):
            return start + m.start()
    return len(st)


def _toll_of(trig: Any, trigs: list, st: str, s0: int) -> bool:
    """A casualty verb follows the trigger, with no other act named between ("strikes ... killed 16", not
    "strikes ... after an attack that killed three")."""
    after = st[trig.end_char - s0:]
    m = resources.cues()["fatal"].search(after) or resources.cues()["injury"].search(after)
    if m is None:
        return False
    end = trig.end_char + m.start()
    return not any(t[3].start_char > trig.start_char and t[3].start_char < end for t in trigs)


def _militia_victims(span: Any, st: str, s0: int, sent_actors: list) -> bool:
    """"A drone strike in Baghdad killed two militia commanders": the dead are the group's, so the drone
    was the state's (no other state named right before it, no US forces among the victims)."""
    cfg = resources.settings()
    before = span.doc[max(0, span.start - 3):span.start].text.lower()
    if any(re.search(rf"\b{re.escape(w)}\b", before) for w in cfg["other_strikers"]):
        return False
    c = resources.cues()
    hits = [m for m in c["fatal"].finditer(st)] + [m for m in c["injury"].finditer(st)]
    if not hits:
        return False
    near = " ".join(st[max(0, m.start() - 80):m.end() + 80].lower() for m in hits)
    def has(words: list[str]) -> bool:
        return any(re.search(rf"\b{re.escape(w)}\b", near) for w in words)
    if has(cfg["forces_victim_words"]):
        return False
    # "killed two commanders of Kataib Hezbollah": fighters of a group the actors table knows (not partner
    # forces such as the SDF, which the table does not list)
    if has(cfg["militia_victim_words"]):
        return True
    # "a senior commander of an Iran-backed militia ... was killed": a member of a group named by its kind
    kinds = "|".join(map(re.escape, cfg["group_kind_words"]))
    if re.search(rf"\b({'|'.join(map(re.escape, cfg['group_victim_words']))}) of (an?|the|two|three|\d+)\b[\w\s'-]{{0,40}}?\b({kinds})\b", near):
        return True
    doc = span.doc
    for a in sent_actors:
        if a.is_state or a.actor.startswith(cfg["unidentified_prefix"]):
            continue
        at, end = doc[a.start].idx - s0, doc[a.end - 1].idx + len(doc[a.end - 1]) - s0
        if re.search(r"\b(by|claimed|claims)\s+(the\s+)?$", st[max(0, at - 12):at], re.I):
            continue  # the group that claimed it, not its victims
        around = st[max(0, at - 40):at] + " " + st[end:end + 25]
        if any(re.search(rf"\b{re.escape(w)}\b", around, re.I) for w in cfg["group_victim_words"]):
            return True
    return False


def _by_state(span: Any, sent_actors: list) -> bool:
    """"three drone strikes by American aircraft": the state named after "by" right after the act."""
    doc = span.doc
    return any(a.is_state and 0 < a.start - span.end <= 3 and doc[span.end].lower_ == "by" for a in sent_actors)


def _by_states_drone(span: Any, sent_actors: list) -> bool:
    """"attacked by US drones", "targeted by American drones": a state named right after "by", on the drone word."""
    doc = span.doc
    return any(a.is_state and a.end == span.start and a.start > 0 and doc[a.start - 1].lower_ == "by" for a in sent_actors)


def _passive(span: Any) -> bool:
    """'was struck', 'were hit': the verb of a passive clause."""
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].lower_ in _PASSIVE


def _state_agent_before(span: Any, sent_actors: list, window: int = 8, clause: bool = False) -> bool:
    """A state's forces named before the strike word and not as its object ("US forces struck");
    with ``clause``, right before it ("a US drone strike") or as the subject of a verb of doing ("the
    U.S. military conducted a drone strike"), not as its target ("a drone attack on U.S. forces")."""
    objects = set(resources.settings()["object_words"])
    victims = {w for w in resources.settings()["forces_victim_words"] if " " not in w}
    doc = span.doc
    verbs = resources.settings()["agent_verbs"]
    for a in sent_actors:
        if clause and a.end < span.start and ({t.lower_ for t in doc[a.end:span.start]} & _TARGETING
                                               or not re.search(r"(?<!\bwere )(?<!\bwas )(?<!\bbeen )\b(" + "|".join(verbs) + r")\b",
                                                                doc[a.end:span.start].text, re.I)):
            continue
        if a.is_state and a.end <= span.start and span.start - a.end <= window:
            if {t.lower_ for t in doc[a.end:min(a.end + 2, span.start)]} & victims:
                continue  # "the three American soldiers killed": the state's people are the victims
            prev = doc[a.start - 1].lower_ if a.start > 0 else ""
            prev2 = doc[a.start - 2].lower_ if a.start > 1 else ""
            if prev not in objects and prev2 not in objects:
                return True
    return False


# a country named after a group noun describes the group ("Iran-aligned militia groups in Iraq and Syria",
# "pro-Iranian militia targets in Syria and Iraq"), not where the group's attack took place
_GROUP_HOME = re.compile(r"\b(militias?|groups?|factions?|proxies|militants|fighters)( targets| positions| sites)?"
                         r"( based| operating| active)? in( (the )?\w+(,| and))?\s*$", re.I)


# "... air strikes on Friday against militias in Iraq and Syria after a drone attack killed three troops in
# Jordan": "after" opens the clause of another act; the places before it are the first act's, those after
# it the other's
_AFTER_CLAUSE = re.compile(r"\b(after|following)\b", re.I)


def _same_clause(between: str) -> bool:
    """No comma between an act named in passing and a toll, or the toll's clause is a relative one."""
    return "," not in between or re.match(r"\s*(which|that|who)\b", between.rsplit(",", 1)[1], re.I) is not None


def _segments(ms: list[Mention], doc: Any) -> list[int]:
    """Where an "after" clause that opens another act begins (character offsets), between two acts' trigger words."""
    trig = sorted(m.trigger.start_char for m in ms if m.trigger is not None)
    cuts = []
    for a, b in zip(trig, trig[1:]):
        hits = list(_AFTER_CLAUSE.finditer(doc.text, a, b))
        if hits:
            cuts.append(hits[-1].start())
    return cuts


def _assign_places(ms: list[Mention], sent_places: list, doc: Any, nearest: Any, anchors: list[int]) -> None:
    countries = []
    cuts = _segments(ms, doc)

    def segment(char: int) -> int:
        return sum(1 for c in cuts if c <= char)

    def nearest_in_segment(char: int) -> Mention:
        same = [m for m in ms if m.trigger is not None and segment(m.trigger.start_char) == segment(char)]
        return nearest(char, same) if same and cuts else nearest(char)
    for pm in sent_places:
        span = doc[pm.start:pm.end]
        before = doc[max(0, pm.start - 3):pm.start].text.lower()
        dist = re.search(r"(\d[\d,]*)?\s*(?:-\s*)?\b(kilomet|km|miles)", doc[max(0, pm.start - 5):pm.start].text, re.I)
        if re.search(r"\bfrom\b(\s+\S+){0,4}\s*$", doc[max(0, pm.start - 5):pm.start].text, re.I) and (
                not dist or dist.group(1) and int(dist.group(1).replace(",", "")) > resources.settings()["near_km"]):
            # "rockets launched from Zummar", "groups that came from areas of Deir Ez-Zor": where it came from;
            # "some 620 km away from Damascus": a reference point far off ("a few kilometres from the base" is near it)
            continue
        if re.search(r"\b(north|south|east|west|northeast|northwest|southeast|southwest)(ern)?(-\w+)? of\b(\s+\S+){0,3}\s*$",
                     doc[max(0, pm.start - 6):pm.start].text, re.I):
            continue  # "south of Baghdad": a reference point, not the place
        after = doc[pm.end:pm.end + 1].text.lower()
        if after in ("province", "governorate", "border", "district", "subdistrict", "countryside") and pm.place.location:
            continue  # "Deir ez-Zor province": the province, not the city
        if re.search(r"\b(province|governorate|region) of\s*$", before) and pm.place.location:
            continue  # "the province of Deir al-Zour": the province, not the city
        if re.search(r"\b(countryside|outskirts|suburbs) of\b(\s+\S+){0,3}\s*$", doc[max(0, pm.start - 6):pm.start].text, re.I) \
                and pm.place.location:
            continue  # "a base in the countryside of the northern Deir al-Zor region": the land around it, not the city
        if not pm.place.location and re.search(r"\bborders? (with|of)\s*$", before):
            continue  # "a base in Jordan, near the border with Syria": the neighbour is a reference point
        after2 = doc[pm.end:pm.end + 2].text.lower()
        if after == "time" or doc[max(0, pm.start - 1):pm.start].text.lower() == "(" and after == ")" and \
                re.search(r"\b(a\.m\.|p\.m\.|am|pm|\d{1,2}:\d\d)\s*$", doc[max(0, pm.start - 4):pm.start - 1].text, re.I):
            continue  # "11:30 a.m. (Sanaa time)", "5 pm (Baghdad)": a clock, not a place
        if after in ("tv", "television", "channel", "reported", "said", "reports", "says", "news", "agency", "media",
                     "english", "arabic", "net", "correspondent", "reporter", "correspondents") or doc[max(0, pm.start - 1):pm.start].text == "By" \
                or re.match(r"\d+\s+(media|news|outlet|network|tv)\b", after2):
            continue  # "Al Mayadeen TV reported", "By Al Mayadeen English": a news outlet named after a place
        if re.search(r"\b(according to|told|quoted by|cited by|speaking to|interview with|broadcaster|channel|"
                     r"outlet|network)\s*(the\s+)?$", doc[max(0, pm.start - 4):pm.start].text, re.I) \
                or doc[pm.end:pm.end + 1].text in ("'s", "’s") and doc[pm.end + 1:pm.end + 2].text.lower() in (
                    "correspondent", "reporter", "report", "website", "channel", "broadcast"):
            continue  # "told Al Mayadeen", "Al Mayadeen's correspondent": the outlet, not the town
        m = nearest_in_segment(span.start_char)
        if not pm.place.location and m.family != "strike" and _GROUP_HOME.search(doc[max(0, pm.start - 8):pm.start].text):
            # "the latest by militia groups in Iraq and Syria": where the group is, not where it attacked
            # (a state's strike on facilities of "the militia in Iraq" is in Iraq)
            continue
        own = abs((m.trigger.start_char if m.trigger is not None else 0) - span.start_char)
        if any(abs(a - span.start_char) < own for a in anchors):
            continue  # the place of another act the sentence mentions in passing
        m.cand.places_found.append((pm, span))
        if not pm.place.location:
            countries.append((pm, span))
    # an act with no place of its own is in the countries the sentence names ("the US conducted
    # airstrikes ... in response to a drone attack on a base in northern Iraq")
    # (not an answered act: "in response to Tehran's attack on the country on April 13, a retaliation for an
    # airstrike on the consulate in Syria": the country of the act it answered is not its own)
    for m in ms:
        if not m.cand.places_found and m.answered is None:
            at = segment(m.trigger.start_char) if m.trigger is not None and cuts else None
            m.cand.places_found.extend(c for c in countries if at is None or segment(c[1].start_char) == at)


@cache
def _location_kinds() -> dict[str, str]:
    """locations-table name -> its location_type (city, town, base, ...)."""
    return {r["location"]: r.get("location_type", "") for r in resources.locations()}


def _split(mm: Mention) -> list[Mention]:
    """One mention per distinct place named for it ("at al-Shaddadi and al-Tanf")."""
    found, mm.cand.places_found = mm.cand.places_found, []
    specific = [(pm, sp) for pm, sp in found if pm.place.location]
    if len(specific) > 1 and mm.trigger is not None:
        # "the minister was in Baghdad on Monday, a day after a drone attack on Tower 22": a place told
        # before the act, in another clause, is not the act's when the act names its own after it
        t = mm.trigger
        own = [(pm, sp) for pm, sp in specific if 0 <= sp.start - t.end <= 10]
        if own:
            specific = [(pm, sp) for pm, sp in specific
                        if sp.start >= t.start or not re.search(r"[,;].*\b(after|before|following)\b", sp.doc[sp.end:t.start].text)]
    if len(specific) > 1:
        # "the Conoco base in Deir ez-Zor": a place after "in" that follows the act's own place is
        # the area around it
        first = specific[0]
        specific = [first] + [(pm, sp) for pm, sp in specific[1:]
                              if not (sp.doc[sp.start - 1].lower_ in ("in", "of") and sp.start - first[1].end <= 3)]
    if len(specific) > 1:
        # "a camp outside the town, near the oil field X": a place after "near" is a landmark, not another place
        def landmark(sp: Any) -> bool:
            doc = sp.doc
            m = re.search(r"\b(near|close to|outside|next to|around)\b[^.;]{0,50}$", doc[max(0, sp.start - 9):sp.start].text, re.I)
            if not m:
                return False
            near_at = doc[max(0, sp.start - 9)].idx + m.start()
            others = [o for _, o in specific if o.start != sp.start]
            # the act's own place told before "near", and no other place between "near" and this one
            return any(o.end_char <= near_at for o in others) and not any(near_at < o.start_char < sp.start_char for o in others)
        own = [(pm, sp) for pm, sp in specific if not landmark(sp)]
        specific = own or specific
    if len(specific) > 1:
        # "the US embassy in Baghdad's Green Zone": a city or town named with a base or site that lies in
        # it (within 10 km, by the table's coordinates) is where the site is, not a second place
        kinds = _location_kinds()
        sites = [pm.place for pm, _ in specific if kinds.get(pm.place.location) not in ("city", "town", None)]
        def inside(p: Any) -> bool:
            return kinds.get(p.location) in ("city", "town") and p.latitude is not None and any(
                q.latitude is not None and math.hypot(q.latitude - p.latitude,
                                                      (q.longitude - p.longitude) * math.cos(math.radians(p.latitude))) * 111 <= 10
                for q in sites)
        specific = [(pm, sp) for pm, sp in specific if not inside(pm.place)] or specific
    countries = [(pm, sp) for pm, sp in found if not pm.place.location]
    seen: dict[str, tuple] = {}
    for pm, sp in specific:
        seen.setdefault(pm.place.location, (pm, sp))
    if not seen and len({pm.place.country for pm, _ in countries}) > 1 and mm.trigger is not None:
        # "made the trip to Iraq ... a drone attack on a base in Jordan": the countries named after the act
        after = [(pm, sp) for pm, sp in countries if 0 <= sp.start - mm.trigger.end <= 10]
        countries = after or countries
    if not seen:
        # no town or base: one candidate per country named ("strikes in Iraq and Syria")
        by_country: dict[str, tuple] = {}
        for pm, sp in countries:
            by_country.setdefault(pm.place.country, (pm, sp))
        out = []
        for i, (pm, sp) in enumerate(by_country.values()):
            cand = mm.cand if i == 0 else _copy(mm.cand)
            cand.place = pm.place
            cand.evidence.append(Evidence("country", sp.start_char, sp.end_char, pm.rule, 0.7))
            out.append(Mention(mm.family, mm.sub_event_type, mm.trigger, mm.paragraph, cand))
        return out or [mm]
    out = []
    for i, (pm, sp) in enumerate(seen.values()):
        cand = mm.cand if i == 0 else _copy(mm.cand)
        cand.place = pm.place
        if re.search(r"\b(near|outside|close to|outskirts of|from)( the)?\s*$", sp.doc[max(0, sp.start - 4):sp.start].text, re.I) \
                and (pm.place.geo_precision or 1) < 2:
            import copy

            cand.place = copy.copy(pm.place)
            cand.place.geo_precision = 2  # "near Kirkuk": near the place, ACLED's precision 2
            cand.place.note = (pm.place.note + "; " if pm.place.note else "") + "near the place: geo_precision 2"
        conf = 0.9 if pm.place.source == "table" else 0.5
        cand.evidence.append(Evidence("location", sp.start_char, sp.end_char, pm.rule, conf, pm.place.note))
        out.append(Mention(mm.family, mm.sub_event_type, mm.trigger, mm.paragraph, cand))
    return out


def _copy(c: Candidate) -> Candidate:
    import copy

    n = copy.copy(c)
    n.evidence = [e for e in c.evidence if e.field not in ("location", "country")]
    n.places_found = []
    return n


def _assign_actors(mm: Mention, sent_actors: list, st: str, s0: int, doc: Any,
                   para_actor: tuple[int, actors_mod.ActorMention] | None,
                   last_group: actors_mod.ActorMention | None = None) -> None:
    cues = resources.cues()
    c = mm.cand
    linked = set(resources.settings()["linked_words"])

    def is_linked(a: actors_mod.ActorMention) -> bool:
        window = {t.lower_ for t in doc[max(0, a.start - 3):a.start]}
        return bool(window & linked) or bool(window & {"by", "with"}) and mm.family == "strike"

    def add(field_name: str, a: actors_mod.ActorMention, rule: str, conf: float) -> None:
        setattr(c, field_name, a.actor)
        sp = doc[a.start:a.end]
        c.evidence.append(Evidence(field_name, sp.start_char, sp.end_char, rule, conf))

    state = [a for a in sent_actors if a.is_state]
    groups = [a for a in sent_actors if not a.is_state]
    if mm.family == "strike":
        before = [a for a in state if mm.trigger is not None and a.start < mm.trigger.start]
        after_by = [a for a in state if mm.trigger is not None and 0 <= a.start - mm.trigger.end <= 3
                    and "by" in {t.lower_ for t in doc[mm.trigger.end:a.start]}]
        # the state nearest before the strike word ("... forces said a fighter was killed by U.S. airstrikes"),
        # or named after "by" ("drone strikes by American aircraft")
        agent = (after_by[0] if after_by else before[-1] if before else state[0] if state else None)
        if agent:
            add("actor1", agent, "state forces named as the striker", 0.8)
        others = [a for a in sent_actors if agent is None or a.actor != agent.actor]
        # the armed group hit, before a state body it belongs to ("a PMF headquarters ... a commander
        # of Harakat Hezbollah al-Nujaba": the group), as the curated rows code it
        others.sort(key=lambda a: a.is_state)
        if others:
            add("actor2", others[0], "the group struck (named after the strike, or its sites)", 0.7)
        c.attribution, c.attributed_by = "claimed", c.actor1
    elif mm.family == "statement":
        speaker = groups[0] if groups else (para_actor[1] if para_actor and not para_actor[1].is_state else None)
        if speaker:
            add("actor1", speaker, "the group making the statement" + ("" if groups else " (named earlier in the paragraph)"), 0.7)
            c.attribution, c.attributed_by = "claimed", speaker.actor
    else:  # attack, generic, casualty
        if mm.family == "casualty":
            return
        struck_words = {"killed", "killing", "wounded", "wounding", "against", "targeting", "targets"}

        def struck(a: actors_mod.ActorMention) -> bool:
            # "strikes against three targets of Kataib Hezbollah", "killed several Kataib Hezbollah militants":
            # the group told as the one hit, with no claim near, is not the attacker
            window = {t.lower_ for t in doc[max(0, a.start - 4):a.start]}
            near = st[max(0, doc[a.start].idx - s0 - 60):doc[a.start].idx - s0 + 120]
            return bool(window & struck_words) and not cues["claim"].search(near) and not cues["attribution"].search(st)
        attacker = next((a for a in groups if not is_linked(a) and not struck(a)), None)
        target = next((a for a in state if attacker is None or a.actor != attacker.actor), None)
        refs = resources.settings()["group_references"]
        if attacker is None and last_group is not None and re.search(r"\b(" + "|".join(map(re.escape, refs)) + r")\b", st, re.I):
            ref = re.search(r"\b(" + "|".join(map(re.escape, refs)) + r")\b", st, re.I)
            c.actor1 = last_group.actor
            c.evidence.append(Evidence("actor1", s0 + ref.start(), s0 + ref.end(),
                                       f"'{ref.group(0)}' -> the group named last ({last_group.actor})", 0.5))
            if cues["claim"].search(st):
                c.attribution, c.attributed_by = "claimed", last_group.actor
            else:
                c.attribution = "suspected"
        if attacker:
            sp_start = doc[attacker.start].idx - s0
            near = st[max(0, sp_start - 60): sp_start + 120]
            if cues["claim"].search(near):
                c.attribution, c.attributed_by = "claimed", attacker.actor
                rule = "named with a claim of responsibility"
            elif cues["attribution"].search(st):
                c.attribution, c.attributed_by = "attributed", target.actor if target else None
                rule = "named by a government or official"
            else:
                c.attribution, c.attributed_by = "suspected", None
                rule = "named in the report, no claim"
            add("actor1", attacker, rule, 0.7)
        if target:
            add("actor2", target, "the forces attacked", 0.7)
