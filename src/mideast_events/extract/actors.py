"""Actors: the actors table's names and aliases; a state's armed forces also by its country's
name, ISO code and demonyms ("US", "American"). Roles (who acted, who was hit) and how the act
was attributed (claim, government attribution, suspicion) are decided in events.py."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mideast_events.extract import nlp, resources

STATE_TYPES = ("State forces", "External/Other forces")


@dataclass
class ActorMention:
    start: int  # token offsets
    end: int
    actor: str
    inter: str

    @property
    def is_state(self) -> bool:
        """A state's forces in the extractor's roles (striker, or forces attacked); state forces that
        act as an armed group in the curated rows (resources.acting_states) are not."""
        return self.inter in STATE_TYPES and self.actor not in resources.acting_states()


def _case_sensitive(alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return bool(letters) and (letters.isupper() and len(letters) <= 5)


@cache
def _matchers() -> tuple[Any, Any]:
    import pycountry

    lower: dict[str, list[str]] = {}
    orth: dict[str, list[str]] = {}
    demonyms = resources.settings()["demonyms"]
    # a name without its parenthesis that several actors share ("Unidentified Armed Group") names none
    from collections import Counter

    short = Counter(re.sub(r"\s*\([^)]*\)", "", r["actor"]).strip().lower() for r in resources.actors())
    every: dict[str, list[str]] = {}
    for r in resources.actors():
        names = [r["actor"], re.sub(r"\s*\([^)]*\)", "", r["actor"]).strip(), *resources.split_aliases(r["aliases"])]
        tail = re.search(r"\)\s+(.+)$", r["actor"])  # "... (2022-) Popular Mobilization Forces"
        if tail:
            names.append(tail.group(1))
        # "Military Forces of the United States (2021-)": the state's own forces, named by the state
        m = re.fullmatch(r"Military Forces of (?:the )?(.+?) \([^)]*\)", r["actor"])
        if m and r["country"]:
            names += [r["country"], *demonyms.get(r["country"], [])]
            try:
                c = pycountry.countries.lookup(r["country"])
                names += [c.alpha_2, c.alpha_3, getattr(c, "official_name", c.name)]
            except LookupError:
                pass
        names += _name_forms(names, r["country"])
        names = [n for n in names if n == r["actor"] or short[n.lower()] < 2]
        every[r["actor"]] = list(dict.fromkeys(names))
    # a form several actors share ("Military Forces", left of "of India" and of "of France") names none
    shared = Counter(n.lower() for names in every.values() for n in names)
    for actor, names in every.items():
        for n in names:
            if n == actor or shared[n.lower()] < 2:
                (orth if _case_sensitive(n) else lower).setdefault(actor, []).append(n)
    return nlp.phrase_matcher(lower, "NORM"), nlp.phrase_matcher(orth, "ORTH")


def _name_forms(names: list[str], country: str) -> list[str]:
    """The ways reports shorten a group's name: "Islamic Resistance in Iraq" -> "Islamic Resistance",
    "Iraqi Islamic Resistance"; "Harakat Hezbollah al-Nujaba" -> "Harakat al-Nujaba"; with and
    without the article ("al-Nujaba" / "Nujaba")."""
    adjective = (resources.settings()["demonyms"].get(country or "") or [None])[0]
    out = []
    for n in names:
        m = re.fullmatch(r"(.+?) (?:in|of) (?:the )?" + re.escape(country or "\0") + r"", n) if country else None
        if m and len(m.group(1).split()) >= 2:
            out.append(m.group(1))
            if adjective:
                out.append(f"{adjective} {m.group(1)}")
        words = n.split()
        if len(words) >= 3 and re.match(r"(?i)(al|el)-", words[-1]):
            out.append(f"{words[0]} {words[-1]}")
        if re.match(r"(?i)(al|el)-\w", n) and len(n) > 6:
            out.append(n[3:])
        if len(words) >= 2 and re.search(r"(?i)\s(al|el)-\w", n):
            out.append(re.sub(r"(?i)\s(al|el)-(\w)", r" \2", n))  # "Hashd al-Shaabi" -> "Hashd Shaabi"
    return out


def find(doc: Any) -> list[ActorMention]:
    from spacy.util import filter_spans

    types = resources.actor_types()
    found = []
    for matcher in _matchers():
        found += [(doc.vocab.strings[mid], doc[s:e]) for mid, s, e in matcher(doc)]
    keep = {(sp.start, sp.end) for sp in filter_spans([sp for _, sp in found])}
    out = {(sp.start, sp.end): ActorMention(sp.start, sp.end, a, types[a]) for a, sp in found if (sp.start, sp.end) in keep}
    return sorted(out.values(), key=lambda m: m.start)


def unidentified(country: str) -> str | None:
    """The table's 'Unidentified Armed Group (<country>)' actor for that country, if it has one."""
    prefix = resources.settings()["unidentified_prefix"]
    for r in resources.actors():
        if r["actor"].startswith(prefix) and r["country"] == country:
            return r["actor"]
    return None
