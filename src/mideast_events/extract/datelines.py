"""What a report says about itself: its publication date (a "Published" line, a date line at its head,
an ISO date in a scraped page's header) and its datelines ("BAGHDAD (Reuters) -", "DAMASCUS, Aug 14
(NNN-SANA) –"), which name the reporter's city, not the place of the event."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from mideast_events.extract import dates

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|febuary|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_FULL_DATE = re.compile(
    rf"(?P<iso>\b{_YEAR}-\d\d-\d\d(?!\d))"
    rf"|(?P<md>\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d))"
    rf"|(?P<dm>\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d))"
    rf"|(?P<us>\b\d{{1,2}}/\d{{1,2}}/{_YEAR}(?!\d))"  # "11/12/2023", month first
    rf"|(?P<short>\b\d{{1,2}}\s+{_MONTH}\s+\d\d\b)",  # "05 AUG 24"
    re.I)
# what may stand beside a date on a line that is only a date: weekday, time, separators, a byline bar
_DATE_LINE_REST = re.compile(r"(?i)\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{1,2}[:.]\d\d(?::\d\d)?\s*([ap]\.?m\.?)?|\b(et|gmt|utc|ist)\b|[|,–—:/()-]|\bby\b")
# "Washington, January 21, 2024, The Europe Today: ...", "Febuary 03, 2024: The United States ..."
_DATELINE_HEAD = re.compile(r"\s*(?:[A-Z][A-Za-z]+(?:[ /][A-Z][A-Za-z]+)?,\s*)?")
_DATELINE_TAIL = re.compile(r"\s*(?::|,[^.:\n]{1,40}:)")
_PUBLISHED = re.compile(r"\b(published|posted|updated|last updated)\b\s*:?\s*(on\s+)?$", re.I)
_HEAD_LINES = 6

# "BAGHDAD (Reuters) -", "WASHINGTON (AP) —", "DAMASCUS, Aug 14 (NNN-SANA) –", "BAGHDAD —",
# "Baghdad, (APP - UrduPoint ...) ", "DAMASCUS, Syria (North Press) –", "Nov. 13 (UPI) --",
# "Washington, January 21, 2024, The Europe Today:"
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:date \d{4}-\d\d-\d\d[ \t]+|\([^()\n]{1,40}\)[ \t]*)?(?P<place>(?:[A-Z][A-Za-z'.-]+(?:[ /][A-Z][A-Za-z'.-]+){0,2}))"
    r"(?:,[ \t]*(?P<extra>[A-Za-z0-9. ]{1,25}?|[A-Za-z]+\.? \d{1,2}, \d{4}(?:, [A-Z][A-Za-z ]{1,30}?)?))?,?[ \t]*"
    r"(?:\((?P<agency>[^()\n@]{1,90})\)[ \t]*(?:[—–-]{1,2}|:)?|/(?P<agency2>[A-Z]{2,10})/\.?|(?<=[A-Z])[ \t]*[—–]|[ \t]+-{1,2}(?=[ \t])|(?P<colon>:)(?=[ \t]))")


@dataclass
class Published:
    date: dt.date
    how: str  # what was read, for the user: "the 'Published' line 'Published February 03, 2024'"
    start: int
    end: int


def _parse(phrase: str) -> dt.date | None:
    p = re.sub(r"(?i)febuary", "February", phrase)
    if re.fullmatch(rf"{_YEAR}-\d\d-\d\d", p):
        try:
            return dt.date.fromisoformat(p)
        except ValueError:
            return None
    import dateparser

    d = dateparser.parse(p, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                                        "PARSERS": ["absolute-time"]})
    return d.date() if d is not None else None


def publication_date(text: str) -> Published | None:
    """The publication date a report states at its head, or None.

    Read from the first few lines only: an ISO date, a "Published ..." line, or a line that is a date
    (with its weekday or time: "Saturday, January 6, 2024", "2024-07-17 | 01:07", "April 24, 2024 |
    Flash Brief"), or a full date at the start of the first paragraph ("Washington, January 21, 2024,
    The Europe Today: ..."). A date later in the body is the date of something told, not of the report."""
    pos, seen = 0, 0
    found: list[tuple[int, int, Published]] = []
    for line in text.splitlines(keepends=True):
        start, body = pos, line.rstrip("\r\n")
        pos += len(line)
        if not body.strip():
            continue
        seen += 1
        if seen > _HEAD_LINES:
            break
        for m in _FULL_DATE.finditer(body):
            before = body[:m.start()]
            rest = _DATE_LINE_REST.sub(" ", before + " " + body[m.end():]).split()
            if _PUBLISHED.search(before) or m.group("iso"):
                rank, kind = 0, "the 'Published' line" if _PUBLISHED.search(before) else "the date in the page's header"
            elif len(rest) <= 3:
                rank, kind = 1, "the date line at the head of the text"
            elif _DATELINE_HEAD.fullmatch(before) and _DATELINE_TAIL.match(body, m.end()):
                rank, kind = 2, "the dateline"
            else:
                continue
            d = _parse(m.group(0))
            if d is not None:
                found.append((rank, len(found), Published(d, f"{kind} '{body.strip()[:80]}'", start + m.start(), start + m.end())))
    return min(found, key=lambda f: f[:2])[2] if found else None


def anchor_date(text: str) -> Published | None:
    """The day relative dates are read from: the publication date stated at the head, else the latest
    full date (with its year) the text tells anywhere (the report was written on or after it), else the
    latest day told with its weekday and no year ("on Friday, August 9": the first year from the scope's
    start in which that day is that weekday), else None. Only the first is a publication date; the others
    are lower bounds the command line names as such."""
    head = publication_date(text)
    if head is not None:
        return head
    from mideast_events.extract import resources

    scope = dt.date.fromisoformat(resources.settings()["scope_start"])
    best: Published | None = None
    for m in _FULL_DATE.finditer(text):
        if m.group("short"):
            continue
        d = _parse(m.group(0))
        if d is not None and (best is None or d > best.date):
            best = Published(d, f"no publication date at its head: the latest date the text tells, '{m.group(0)}'",
                             m.start(), m.end())
    if best is not None and best.date < scope:
        # the only full dates are older than the scope's start (a file photo's caption, "Dec. 15, 2018"): the
        # days the text tells with no year place the report better, when they can; else that date stands
        return _weekday_anchor(text) or _coverage_anchor(text) or best
    return best or _weekday_anchor(text) or _coverage_anchor(text)


# "Friday, August 9", "Friday 9 August": a day told with its weekday and no year
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>{'|'.join(dates.WEEKDAYS)}),?\s+(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}))(?![\d,]*\s*,?\s*(?:19|20)\d\d)", re.I)


def _weekday_anchor(text: str) -> Published | None:
    """A page that tells no year: its days told with their weekday fix the year, the first from the scope's
    start (settings 'scope_start') in which that day falls on that weekday; the latest such day anchors."""
    from mideast_events.extract import resources

    scope = dt.date.fromisoformat(resources.settings()["scope_start"])
    best: Published | None = None
    for m in _WEEKDAY_DATE.finditer(text):
        month = dates.MONTHS[(m.group("m1") or m.group("m2"))[:3].lower()]  # ("febuary" too)
        day = int(m.group("d1") or m.group("d2"))
        weekday = dates.WEEKDAYS[m.group("wd").lower()]
        for year in range(scope.year, scope.year + 12):
            try:
                d = dt.date(year, month, day)
            except ValueError:
                break
            if d >= scope and d.weekday() == weekday:
                if best is None or d > best.date:
                    best = Published(d, f"no year told: '{m.group(0)}' is a {m.group('wd').capitalize()} first in "
                                        f"{year} from the scope's start", m.start(), m.end())
                break
    return best


# "on 20 July", "On February 15": a day told with neither weekday nor year
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}))"
    rf"(?![\d,]*\s*,?\s*(?:19|20)\d\d)(?!\d)", re.I)


def _coverage_anchor(text: str) -> Published | None:
    """A page that tells days with neither weekday nor year ("on 20 July"): the year in which that day falls
    inside the dataset's temporal coverage (schema/package.json), when only one year does; the latest such
    day anchors."""
    import json

    from mideast_events._paths import schema_dir

    cov = json.loads((schema_dir() / "package.json").read_text(encoding="utf-8")).get("temporal_coverage") or {}
    if not cov.get("start") or not cov.get("end"):
        return None
    lo, hi = dt.date.fromisoformat(cov["start"]), dt.date.fromisoformat(cov["end"])
    best: Published | None = None
    for m in _DAY_MONTH.finditer(text):
        word = m.group("m1") or m.group("m2")
        if not word[0].isupper():
            continue  # "may 5": no month
        month, day = dates.MONTHS[word[:3].lower()], int(m.group("d1") or m.group("d2"))
        days = []
        for year in range(lo.year, hi.year + 1):
            try:
                d = dt.date(year, month, day)
            except ValueError:
                continue
            if lo <= d <= hi:
                days.append(d)
        if len(days) == 1 and (best is None or days[0] > best.date):
            best = Published(days[0], f"no year told: '{m.group(0)}' falls in {days[0].year} within the dataset's "
                                      "temporal coverage", m.start(), m.end())
    return best


def spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, city) of each dateline at the start of a paragraph."""
    out = []
    for m in _DATELINE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start:m.start()].strip():
            continue
        place = m.group("place")
        # a dateline's city is written in capitals, or followed by a news agency in brackets
        if not (place.isupper() or m.group("agency") or m.group("agency2") or m.group("colon")):
            continue
        if (place.isupper() or m.group("colon")) and len(place.replace(".", "")) < 4:
            continue  # "PMF: US drone strikes ...": an acronym heading, not a city
        out.append((m.start(), m.end(), place))
    return out
