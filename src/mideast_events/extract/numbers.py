"""Numbers of killed and injured: digits, number words ("three", "thirty-four"), "two dozen",
"at least 34"; vague quantities ("several", "dozens") give None, never a guess."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mideast_events.extract import resources


@dataclass
class Count:
    kind: str  # "fatalities" | "injuries"
    value: int | None  # None: a vague quantity
    start: int  # character offsets of the supporting phrase, in the sentence's text
    end: int
    rule: str


@cache
def _number_re() -> re.Pattern[str]:
    from word2number import w2n

    words = sorted((w for w in w2n.american_number_system if w != "point"), key=len, reverse=True)
    word = "(?:" + "|".join(words) + ")"
    vague = resources.cues()["vague"].pattern
    return re.compile(
        r"(?P<qual>\b(?:at least|more than|over|up to|about|around|nearly|some|roughly|a total of)\s+)?"
        rf"(?P<num>\b\d{{1,3}}(?:,\d{{3}})+\b|\b\d{{1,5}}\b|(?:(?<=\bof )|(?<=\bkilled )|(?<=\bkilling ))an?\b(?=\s+\w+(?:\s+\w+){{0,2}}\s+(?:leader|commander|member|soldier|fighter|official|officer)\b)|\ban?\s+dozen\b|\b{word}(?:[\s-]+(?:and\s+)?{word})*(?:\s+dozen)?\b)"
        rf"|(?P<vague>{vague})",
        re.I,
    )


def to_int(phrase: str) -> int | None:
    """'34' -> 34, 'three' -> 3, 'two dozen' -> 24, 'a dozen' -> 12, 'thirty-four' -> 34."""
    from word2number import w2n

    p = phrase.lower().strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", p):
        p = p.replace(",", "")  # "10,569": one number, not 10
    if p.isdigit():
        return int(p)
    if p in ("a", "an", "another"):
        return 1
    dozen = 1
    if p.endswith("dozen"):
        dozen, p = 12, p[: -len("dozen")].strip()
        if p in ("a", "an", ""):
            return 12
    try:
        return w2n.word_to_num(p.replace("-", " ")) * dozen
    except ValueError:
        return None


# Words between a number and the casualty word it counts ("two coalition service members were wounded")
_GAP_BEFORE = 7
_GAP_PASSIVE = 14  # a longer subject, when the casualty word is its passive verb ("... were killed")
_PASSIVE_END = re.compile(r"\b(were|was|have been|had been|has been)\s*$", re.I)
_GAP_AFTER = 4


def counts(sentence: str) -> list[Count]:
    """Every casualty figure in one sentence."""
    c = resources.cues()
    out: list[Count] = []
    if not (c["fatal"].search(sentence) or c["injury"].search(sentence) or c["casualty"].search(sentence)
            or c["none_hurt"].search(sentence)):
        return out  # no casualty word: no figure to look for
    for m in c["none_hurt"].finditer(sentence):
        phrase = m.group(0).lower()
        kinds = []
        if re.search(r"casualt|hurt|injur|wound", phrase):
            kinds.append("injuries")
        if re.search(r"casualt|hurt|injur|wound|killed|death|fatalit", phrase):
            kinds.append("fatalities")
        for k in kinds:
            out.append(Count(k, 0, m.start(), m.end(), "no-casualty phrase"))
    taken = {o.kind for o in out}
    nums = [m for m in _number_re().finditer(sentence)]
    for kind, cue in (("fatalities", "fatal"), ("injuries", "injury"), ("injuries", "casualty")):
        if kind in taken:
            continue
        for m in c[cue].finditer(sentence):
            # after a verb or a noun ("wounding four", "deaths of three", "injuries to at least 41")
            after_ok = bool(re.match(r"\w+ing$|deaths?$|loss of$", m.group(0), re.I)) or bool(
                re.match(r"injur(y|ies)$", m.group(0), re.I) and re.match(r"\s+to\b", sentence[m.end():]))
            best = _nearest(sentence, nums, m.start(), m.end(), after_ok)
            if best is None:
                continue
            if best.group("vague"):
                out.append(Count(kind, None, best.start(), m.end(), "vague quantity -> missing"))
            else:
                v = to_int(best.group("num"))
                if v is None:
                    continue
                if v > resources.settings()["largest_act_toll"]:
                    taken.add(kind)  # "the war in Gaza, which has killed more than 26,000": a war's toll, no act's
                    break
                s, e = min(best.start(), m.start()), max(best.end(), m.end())
                rule = "number near casualty word" + (" (lower bound)" if best.group("qual") else "")
                if _WITH_NAMED.search(sentence, 0, best.start()) and _OF_HIS.match(sentence, best.end()):
                    # "Abu Baqir al-Saadi, a senior commander, and two of his guards, were killed": the one named too
                    v, rule = v + 1, rule + ", with the one named before"
                more = _AND_MORE.match(sentence, best.end()) if best.start() >= m.end() else None
                if more is not None and to_int(more.group("n")) is not None:
                    # "injured four U.S. troops and a defense contractor": the people counted with them are added
                    v, e, rule = v + to_int(more.group("n")), max(e, more.end()), rule + ", with the others named"
                out.append(Count(kind, v, s, e, rule))
            taken.add(kind)
            break
    if "fatalities" not in taken:
        named = _named_killed(sentence)
        if named:
            out.append(named)
    return out


_NAME_PART = r"(?:[A-Z][\w'-]+|(?:al|el|bin|ibn)-[A-Z][\w'-]*)"
_NAME = rf"(?P<name>(?:{_NAME_PART}\s+){{1,4}}?{_NAME_PART})"
# a person named as the object of "killed"/"killing", or as the subject of "was killed"
_NAMED = re.compile(rf"\b(killing|killed)\s+(?:{_NAME}|(?P<pronoun>him|her)\b)")
_NAMED_PASSIVE = re.compile(rf"{_NAME}(?:,[^,.;]{{1,60}},)?\s+(?:was|had been|has been)\s+killed\b")
_NOT_NAMES = {"in", "on", "at", "the", "a", "an", "during", "after", "before", "since", "when", "while", "and",
              "us", "u.s.", "american", "iraqi", "syrian", "he", "she", "it", "they", "one", "nobody", "no"}
# the people killed with them: "and three other fighters", "along with his deputy", "and one of his aides"
_WITH = re.compile(r"\b(?:and|along with|together with|as well as|alongside)\s+(?:(?P<n>an?|one|another|\w+|\d+)\s+(?:other\s+)?(?:of\s+his\s+)?(?:\w+\s+)?"
                   r"(?:men|man|people|person|others|aides?|bodyguards?|companions?|members?|fighters?|guards?|militiamen|officials?)"
                   r"|(?P<one>(?:his|her)\s+(?:deputy|aide|assistant|bodyguard|driver|companion|right-hand man)))\b", re.I)


# "<a named commander>, and two of his guards": the number counts the people with the one named
_WITH_NAMED = re.compile(r"\b(?:commander|leader|official|chief|head|[A-Z][\w'-]+),?\s+and\s+$")
_OF_HIS = re.compile(r"\s+(?:other\s+)?of\s+(?:his|her)\s+(?:\w+\s+)?(?:guards|bodyguards|aides|companions|associates|deputies|men|sons|relatives)\b", re.I)
# after a counted object: "four U.S. troops and a defense contractor", "two soldiers and three civilians"
_PEOPLE = r"(?:troops|soldiers|servicemembers|service\s+members|personnel|americans|contractors?|civilians?|people|persons?|sailors|marines|airmen)"
_AND_MORE = re.compile(rf"\s+(?:[\w.-]+\s+){{0,2}}?{_PEOPLE}\s+and\s+(?P<n>an?|one|two|three|four|five|six|\d{{1,2}})\s+(?:[\w.-]+\s+){{0,2}}?{_PEOPLE}\b", re.I)


@cache
def _month_and_day_names() -> frozenset[str]:
    import calendar

    return frozenset([*calendar.month_name[1:], *calendar.day_name])


def _named_killed(sentence: str) -> Count | None:
    """A person named as killed counts one ("the raid killed Ahmad X, a local commander"; "Ahmad X was
    killed"), and the people the sentence names with them are added ("and two of his guards", "along
    with his deputy")."""
    m = _NAMED.search(sentence) or _NAMED_PASSIVE.search(sentence)
    if not m:
        return None
    # "an airstrike against a commander ..., killing him and another person": the one the sentence named
    first = m.group("name").split()[0].lower() if m.group("name") else "him"
    if m.group("name") and first in _NOT_NAMES or first.capitalize() in _month_and_day_names():
        return None
    total, end = 1, m.end()
    w = _WITH.search(sentence, m.end(), min(len(sentence), m.end() + 160))
    if w:
        n = 1 if w.group("one") else to_int(w.group("n"))
        if n is not None:
            total, end = total + n, w.end()
    return Count("fatalities", total, m.start(), end, "a person named as killed" + (", with others" if w else ""))


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s*$", re.I)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:\s|,|$)", re.I)


def _nearest(text: str, nums: list[re.Match[str]], cs: int, ce: int, after_ok: bool) -> re.Match[str] | None:
    """The number phrase counting the casualty word at cs..ce: before it within a few words
    ("three soldiers were killed"), or just after a verb or noun ("killing three", "deaths of three")."""
    best, dist = None, 10**9
    for m in nums:
        if m.group("num") and m.group("num").isdigit() and (_MONTH_BEFORE.search(text, 0, m.start()) or _MONTH_AFTER.match(text, m.end())):
            continue  # "on Sunday, Dec. 3, killing five": the 3 is the day
        if m.group("num") and m.group("num").isdigit() and (re.search(r"\d[-/.]$", text[:m.start()]) or re.match(r"[-/.]\d", text[m.end():])):
            continue  # "2024-02-07 A senior leader ... was killed": a part of a written date, no count
        if m.end() <= cs:
            gap = text[m.end():cs]
            words = len(gap.split())
            if words <= _GAP_BEFORE and not re.search(r"[;:]|\b(and|but|while|when|after)\b", gap) and words < dist:
                best, dist = m, words
            elif (words <= _GAP_PASSIVE and _PASSIVE_END.search(gap) and not re.search(r"[;:.]|\b(and|but|while|when|after|who|which|that)\b", gap)
                  and words < dist):
                # "five fighters of a group within the Hashed al-Shaabi forces were killed": the subject's number
                best, dist = m, words
        elif m.start() >= ce and (after_ok or not text[ce:m.start()].strip()):
            # after a verb or noun ("wounding four", "the deaths of two"), or right after the verb ("killed one guard")
            gap = text[ce:m.start()]
            words = len(gap.split())
            if words <= _GAP_AFTER and not re.search(r"[,;:.]", gap) and words + 1 < dist:
                best, dist = m, words + 1
    if best is not None and not best.group("vague"):
        tail = text[best.end():best.end() + 20].lower()
        if re.match(r"\s*(percent|%|km|kilomet|miles|metres|meters|years|hours|minutes|days|weeks|am\b|pm\b|p\.m|a\.m)", tail):
            return None
    return best
