"""Dates in a sentence, resolved against the publication date.

Explicit dates ("Jan. 28", "28 January", "January 28, 2024") are read by dateparser; relative
ones ("on Sunday", "last week", "in January", "earlier this month", "the day before") are
resolved here against the publication date or the date mentioned before. A date that cannot be
pinned to a day gets the coarser precision (2 week, 3 month) and the middle day of its span, as
ACLED codes it. A US statement's night-time hour in Eastern time falls on the next local day in
Iraq and Syria.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from mideast_events.extract import resources

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}


@dataclass
class DateMention:
    start: int
    end: int
    date: dt.date | None
    precision: int  # 1 day, 2 week, 3 month
    window: tuple[dt.date, dt.date] | None
    rule: str
    kind: str = "event"  # "event" | "since" (an aggregate's start: never an event's date)
    reporting: bool = False  # the day something was said ("announced on Tuesday"), not the act's


@cache
def _pattern() -> re.Pattern[str]:
    month = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    year = r"(?:,?\s+\d{4})"
    weekday = r"(?:" + "|".join(WEEKDAYS) + r")"
    holidays = "|".join(re.escape(h) for h in resources.settings()["holidays"])
    return re.compile(
        rf"(?P<since>\bsince\s+)?(?:"
        rf"(?P<md>\b{month}\s+{day}\b{year}?)"
        rf"|(?P<dm>\b{day}\s+(?:of\s+)?{month}{year}?)"
        rf"|(?P<my>\b(?:in|during|since)\s+{month}\s+\d{{4}}\b)"
        rf"|(?P<year>\b(?:in|since)\s+(?:19|20)\d\d\b)"
        rf"|(?P<month>\b(?:in|during|early|late|mid-?|earlier in|since)\s+{month}(?![\w.]*\s+\d))"
        rf"|(?P<weekday>\b{weekday}\b)"
        rf"|(?P<holiday>\b(?:{holidays})\b)"
        rf"|(?P<rel>\b(?:yesterday|today|this morning|last night|tonight|overnight(?!\s+(?:into|to|on|before)\b)|earlier today)\b)"
        rf"|(?P<week>\b(?:last week|this week|earlier this week|the previous week|past week)\b)"
        rf"|(?P<weeks>\b(?:in|over|during) (?:recent|the past|the last) (?:few )?weeks\b)"
        rf"|(?P<thismonth>\b(?:earlier this month|this month|last month|earlier in the month)\b)"
        rf"|(?P<ctx>\b(?:that day|the same day|that night|the day before|the previous day|a day earlier|the next day|the following day|a day later)\b)"
        rf")",
        re.I,
    )


def _middle(lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=(hi - lo).days // 2)


def _month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _recent_month(month: int, published: dt.date) -> int:
    return published.year if month <= published.month else published.year - 1


@lru_cache(maxsize=4096)
def _explicit(phrase: str, published: dt.date) -> dt.date | None:
    """dateparser reads an explicit date, relative to the publication date and preferring the past
    ("Dec. 25" in a report of 3 January is the 25 December before)."""
    import dateparser

    d = dateparser.parse(phrase, languages=["en"],
                         settings={"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"], "PARSERS": ["absolute-time"],
                                   "RELATIVE_BASE": dt.datetime.combine(published, dt.time(23, 59))})
    return d.date() if d is not None else None


def find(sentence: str, published: dt.date, context: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``sentence`` (offsets in the sentence)."""
    out = []
    for m in _pattern().finditer(sentence):
        mention = _resolve(m, published, context)
        if mention is not None:
            if m.group("since"):
                mention.kind = "since"
            mention.reporting = bool(_REPORTING.search(sentence[max(0, m.start() - 40):m.start()])
                                     or _REPORTED_AFTER.match(sentence, m.end()))
            if mention.kind == "event" and mention.precision == 1:
                context = mention.date  # "said on Monday ... that day"
            out.append(mention)
    # "'... an attack today against U.S. forces,' a spokesperson told reporters on Monday": "today" is the
    # day the words were said, when the sentence names that day
    # (a day the sentence gives for the saying, or one told after the quotation closes)
    for d in out:
        if not d.rule.startswith(_SAID_DAY_WORDS):
            continue
        said = next((o for o in out if o is not d and o.precision == 1 and o.rule.startswith(("weekday", "explicit"))
                     and (o.reporting or o.start > d.end and re.search(r"[\"”]", sentence[d.end:o.start]))), None)
        if said is not None:
            d.date = said.date
            d.rule = f"{d.rule.split(' against ')[0]} in words said on a day the sentence names"
    return out


# relative day words that count from the day the words were said
_SAID_DAY_WORDS = ("'today'", "'this morning'", "'tonight'", "'earlier today'")


# "the government on Tuesday condemned the strikes": the date of the saying, not of the act
_REPORTED_AFTER = re.compile(r"\s*(condemned|said|announced|reported|confirmed|denied|stated|told|claimed)\b", re.I)
_REPORTING = re.compile(r"\b(said|says|announced|reported|told|stated|released|confirmed|added|statement)\b(\s+\w+){0,2}\s*$"
                        r"|\btold (the|a|an) [\w-]+( [\w-]+)? on\s*$", re.I)


def _resolve(m: re.Match[str], published: dt.date, context: dt.date | None) -> DateMention | None:
    text = m.group(0)[len(m.group("since") or ""):].lower()  # "since Wednesday": the day is "wednesday"
    s, e = m.start(), m.end()
    if m.group("md") or m.group("dm"):
        phrase = m.group("md") or m.group("dm")
        day = _explicit(re.sub(r"\s+", " ", phrase.strip()), published)
        if day is None:
            return None
        return DateMention(s, e, day, 1, None, "explicit date (dateparser)")
    if m.group("my"):
        words = text.split()
        month, year = MONTHS[words[-2].rstrip(".")], int(words[-1])
        lo, hi = _month_window(year, month)
        return DateMention(s, e, _middle(lo, hi), 3, (lo, hi), "month and year -> month precision")
    if m.group("year"):
        y = int(text.split()[-1])
        return DateMention(s, e, dt.date(y, 7, 1), 3, (dt.date(y, 1, 1), dt.date(y, 12, 31)), "a year only")
    if m.group("month"):
        month = MONTHS[text.split()[-1].rstrip(".")]
        year = _recent_month(month, published)
        lo, hi = _month_window(year, month)
        return DateMention(s, e, _middle(lo, hi), 3, (lo, hi), "month name -> month precision, middle day")
    if m.group("weekday"):
        wd = WEEKDAYS[text]
        back = (published.weekday() - wd) % 7
        return DateMention(s, e, published - dt.timedelta(days=back), 1, None,
                           "weekday -> the latest such day on or before publication")
    if m.group("holiday"):
        mm, dd = (int(x) for x in resources.settings()["holidays"][text].split("-"))
        year = published.year if (mm, dd) <= (published.month, published.day) else published.year - 1
        return DateMention(s, e, dt.date(year, mm, dd), 1, None, "named day")
    if m.group("rel"):
        # "overnight" in a report is the night that ran into its day: the small hours of the publication
        # day (every such act of the real tuning halves was dated so); "last night" is the evening before
        back = 0 if text in ("today", "this morning", "tonight", "earlier today", "overnight") else 1
        return DateMention(s, e, published - dt.timedelta(days=back), 1, None, f"'{text}' against publication date")
    if m.group("week"):
        monday = published - dt.timedelta(days=published.weekday())
        if "last" in text or "previous" in text:
            lo, hi = monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
        elif "past" in text:
            lo, hi = published - dt.timedelta(days=7), published
        else:
            lo, hi = monday, published
        return DateMention(s, e, _middle(lo, hi), 2, (lo, hi), "week -> week precision, middle day")
    if m.group("weeks"):
        # "in recent weeks": up to about six weeks back; month precision
        lo, hi = published - dt.timedelta(days=45), published
        return DateMention(s, e, _middle(lo, hi), 3, (lo, hi), "recent weeks -> month precision, middle day")
    if m.group("thismonth"):
        if "last" in text:
            first = published.replace(day=1) - dt.timedelta(days=1)
            lo, hi = _month_window(first.year, first.month)
        elif "earlier" in text and published.day > 1:
            # "earlier this month": from the 1st to the day before publication
            lo, hi = published.replace(day=1), published - dt.timedelta(days=1)
        else:
            lo, hi = _month_window(published.year, published.month)
        return DateMention(s, e, _middle(lo, hi), 3, (lo, hi), "month -> month precision, middle day")
    if m.group("ctx"):
        if context is None:
            return None
        shift = -1 if re.search(r"before|previous|earlier", text) else 1 if re.search(r"next|following|later", text) else 0
        return DateMention(s, e, context + dt.timedelta(days=shift), 1, None, f"'{text}' after the date before")
    return None


_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)", re.I)


def eastern_night_shift(sentence: str, mention: DateMention) -> bool:
    """True when a date given in US Eastern time is the next day where the event happened (Iraq,
    Syria and Jordan keep UTC+3): a stated hour is converted with the time-zone database ("about
    5 pm on Friday Eastern time" is 01:00 on Saturday in Baghdad); with no hour, "night", "evening"
    or "late" count as after the local midnight."""
    c = resources.cues()
    near = sentence[max(0, mention.start - 30): mention.end + 40]
    if not c["eastern"].search(near) or mention.date is None:
        return False
    clock = _CLOCK.search(near)
    if clock:
        hour = int(clock.group(1)) % 12 + (12 if clock.group(3).lower().startswith("p") else 0)
        minute = int(clock.group(2) or 0)
        try:
            from zoneinfo import ZoneInfo

            us = dt.datetime.combine(mention.date, dt.time(hour, minute), tzinfo=ZoneInfo("America/New_York"))
            local = us.astimezone(ZoneInfo(resources.settings()["local_timezone"]))
        except Exception:  # no time-zone database: Eastern is 7-8 hours behind UTC+3
            local = dt.datetime.combine(mention.date, dt.time(hour, minute)) + dt.timedelta(hours=8)
        return local.date() > mention.date
    return bool(c["night"].search(near))
