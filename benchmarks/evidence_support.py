"""Does each evidence span support the value it is attached to? Measured on the real-report sets.

    python benchmarks/evidence_support.py [--list] [--redsea]

Issue 12 asks that every evidence span of a candidate support its value. This script extracts every
real report with a cached text (benchmarks/real/, and with --redsea the second theatre's set) and
judges each evidence record of the six scored fields by reading its quoted span, independently of
the rule that made it:

- location: the span names the place (its name or an alias in dataset/locations.csv, compared
  without case, accents, hyphens, a leading article or the "air base"/"airbase" spelling);
- actor1, actor2: the span names the actor (name or alias in dataset/actors.csv; a state's forces
  also by its country's name or demonym, from the extractor's settings, and a member by its umbrella;
  civilians by the ship or crew attacked, the second theatre's convention), or is a reference back
  ("the group", "its fighters") to a group the text names before it;
- fatalities, injuries: the span holds the number (in digits or words) and a word of death or of
  injury respectively, or, for 0, a phrase that denies casualties (or says the crew is safe); for an empty value, no
  count at all ("several were injured");
- event_date: the span names the day (day and month, or the weekday of the day or the day before
  or after: reports dated in US time), a word relative to a day ("yesterday", "overnight", "the same
  day"), or, for a date of month precision, the month.

A record with an empty span is a default the rule states ("no group named"): counted apart, neither
supported nor not. Prints, per set half, the records judged and the share supported per field.
``--list`` prints the unsupported records of the tuning halves (never the held-out halves').
"""
from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

FIELDS = ("event_date", "location", "actor1", "actor2", "fatalities", "injuries")
DEATH = re.compile(r"(?i)\b(kill|dead|death|die|fatal|lives|life|loss|slain|martyr|casualt)")
INJURY = re.compile(r"(?i)\b(injur|wound|hurt|traumatic brain|tbi\b|concuss|casualt|hospital|treated|evacuat)")
DENIAL = re.compile(r"(?i)\b(no|none|nobody|no one|without|not|zero|safe|unharmed|unhurt)\b")
# the second theatre's convention: the crew of a merchant ship attacked are the civilians hit
VESSEL = re.compile(r"(?i)\b(\w*ship|vessel|tanker|carrier|freighter|bulker|crew|boat|merchant|m/?[vt])\b")
RELATIVE = re.compile(r"(?i)\b(today|tonight|yesterday|overnight|last night|this morning|earlier|same day|that day|"
                      r"day (before|after)|a day|next day|following day|hours? (later|earlier)|late (on|last)|early)\b")
REFERENCE = re.compile(r"(?i)^\W*(the|its|their|this|that|these|those)\b")
NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                            "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"a": 1, "an": 1, "single": 1, "dozen": 12, "thirty": 30, "forty": 40, "fifty": 50})


def plain(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces, 'airbase' as 'air base', no leading article."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[-'`\u2019]", " ", text)
    text = re.sub(r"\bairbase\b", "air base", text)
    text = re.sub(r"\b(al|el|ad|ar|as|at|ash)\s+(?=\w)", "", text)  # Arabic article, as reports drop or keep it
    return " " + re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", " ", text)).strip() + " "


# words that say what kind of place or group a name is, not which one
GENERIC = set("air base airbase airport area the of site mission support landing zone camp military compound district "
              "field airfield station garrison city town province forces force group militia in and us".split())


def names(rows: list[dict], key: str) -> dict[str, list[str]]:
    out = {}
    for r in rows:
        aliases = [a.strip() for a in (r.get("aliases") or "").split(";") if a.strip()]
        forms = {r[key], *aliases, *(p for n in [r[key], *aliases] for p in n.split(" - "))}
        out[r[key]] = [n for n in {re.sub(r"\s*\([^)]*\)", " ", f).strip() for f in forms} if n]
    return out


def distinctive(text: str) -> set[str]:
    return {w for w in plain(text).split() if len(w) >= 4 and w not in GENERIC}


def table(name: str) -> list[dict]:
    with open(ROOT / "dataset" / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class Judge:
    def __init__(self) -> None:
        from mideast_events.extract import resources

        self.places = names(table("locations"), "location")
        actors = table("actors")
        self.actors = names(actors, "actor")
        demonyms = resources.settings()["demonyms"]
        by_name = {r["actor"]: r for r in actors}
        # the ships the dataset's rows name as targets (the second theatre's merchant ships)
        # (a target is written "Sounion, Greece-flagged crude oil tanker": the name comes first)
        self.ships = {re.sub(r"^ (mv|m v|mt|m t|uss|hms) ", " ", plain(r["target"].split(",")[0]))
                      for r in table("events") if r.get("target")}
        for r in actors:  # a state's forces: also its country's name and demonyms
            if r["inter"] in ("State forces", "External/Other forces") and r.get("country"):
                self.actors[r["actor"]] += [r["country"], *demonyms.get(r["country"], [])]
            if r.get("umbrella") in by_name:  # a member named by its umbrella (the coalition, for US forces)
                self.actors[r["actor"]] += names([by_name[r["umbrella"]]], "actor")[r["umbrella"]]

    def named(self, quote: str, forms: list[str]) -> bool:
        """The span holds a name, a part of a name of two words or more ("Islamic Resistance"), or,
        for a place, a word that singles out one of its names ("Asad base", "Erbil")."""
        q = plain(quote)
        return any(plain(f) in q or (len(q.split()) >= 2 and q in plain(f)) for f in forms if plain(f).strip())

    def place_named(self, quote: str, forms: list[str]) -> bool:
        return self.named(quote, forms) or bool(distinctive(quote) & set().union(*map(distinctive, forms)))

    def supports(self, field: str, value, quote: str, text: str, start: int, rule: str = "") -> bool:
        rule_precision = "precision" in rule
        if field == "location":
            return self.place_named(quote, self.places.get(value, [value]))
        if field in ("actor1", "actor2"):
            forms = self.actors.get(value, [value])
            ship = VESSEL.search(quote) or any(n.strip() and n in plain(quote) for n in self.ships)
            if self.named(quote, forms) or (value.startswith("Civilians") and ship):
                return True
            # a reference back to a group named earlier in the text
            return bool(REFERENCE.match(quote)) and self.named(text[:start], forms)
        if field in ("fatalities", "injuries"):
            kind = DEATH if field == "fatalities" else INJURY
            numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", quote)}
            numbers |= {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", quote.lower()) if w in NUMBER_WORDS}
            if value is None:  # left empty: the span gives no count ("several were injured", "a number of")
                return not {n for n in numbers if n != 1} and not re.search(r"(?i)\b(one|1|single)\b", quote)
            if value == 0:  # the coding rule: "no injuries" or "no casualties" is 0 killed and 0 injured
                return bool(DENIAL.search(quote)) and bool(DEATH.search(quote) or INJURY.search(quote)
                                                          or re.search(r"(?i)harm|damage|safe|crew", quote))
            return value in numbers and bool(kind.search(quote))
        if field == "event_date":
            day = dt.date.fromisoformat(value) if isinstance(value, str) else value
            q = quote.lower()
            if RELATIVE.search(q) or re.search(r"\b(last|this|previous|past) (week|month)\b", q):
                return True
            weekdays = {calendar.day_name[(day + dt.timedelta(days=d)).weekday()].lower() for d in (-1, 0, 1)}
            if any(re.search(rf"\b{w}", q) for w in weekdays):
                return True
            months = {calendar.month_name[day.month].lower(), calendar.month_abbr[day.month].lower()}
            month = any(re.search(rf"\b{m}\b", q) for m in months) or re.search(rf"\b0?{day.month}[/.-]", q)
            days = {int(n) for n in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", q)}
            # a date of week or month precision is the middle of the span it names
            return bool(month) and (bool(days & {day.day - 1, day.day, day.day + 1}) or rule_precision)
        raise ValueError(field)


def value_of(candidate, field: str):
    if field == "location":
        return candidate.place.location if candidate.place else None
    if field == "event_date":
        return candidate.event_date
    return getattr(candidate, field)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="print the unsupported records of the tuning halves")
    ap.add_argument("--redsea", action="store_true", help="the second theatre's real set too")
    ap.add_argument("--tuning-only", action="store_true", help="judge the tuning halves only (no held-out figure)")
    args = ap.parse_args()
    import extraction as bench
    from mideast_events.extract import extract_text

    judge = Judge()
    folders = [("real", HERE / "real")] + ([("real_redsea", HERE / "real_redsea")] if args.redsea else [])
    for name, folder in folders:
        reports, _ = bench.load_real(folder)
        if not reports:
            print(f"{name}: skipped, no cached texts in {folder / 'cache'}")
            continue
        tally = {half: Counter() for half in ("tuning", "heldout")}
        for g in reports:
            published = bench.published_of(g)
            if published is None or (args.tuning_only and g["split"] != "tuning"):
                continue
            x = extract_text(g["text"], published, g["publisher"])
            t = tally[g["split"]]
            for c in x.candidates:
                for e in c.evidence:
                    if e.field not in FIELDS:
                        continue
                    quote = g["text"][e.start:e.end]
                    if not quote.strip():
                        t[(e.field, "default")] += 1
                        continue
                    value = value_of(c, e.field)
                    ok = (value is not None or e.field in ("fatalities", "injuries")) and judge.supports(e.field, value, quote, g["text"], e.start, e.rule)
                    t[(e.field, "supported" if ok else "not")] += 1
                    if not ok and args.list and g["split"] == "tuning":
                        print(f"{g['id']}: {e.field}={value!s} «{quote}» ({e.rule})")
        for half, t in tally.items():
            if args.tuning_only and half != "tuning":
                continue
            judged = sum(v for (f, k), v in t.items() if k != "default")
            ok = sum(v for (f, k), v in t.items() if k == "supported")
            per = " ".join(f"{f}={t[(f, 'supported')] / (t[(f, 'supported')] + t[(f, 'not')]):.2f}"
                           for f in FIELDS if t[(f, "supported")] + t[(f, "not")])
            defaults = sum(v for (f, k), v in t.items() if k == "default")
            print(f"{name}_{half}_evidence: records={judged} supported={ok / judged if judged else 0:.2f} | {per} "
                  f"| empty spans (stated defaults, not judged)={defaults}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
