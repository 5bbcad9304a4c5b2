"""The spaCy pipeline (blank English + sentencizer, no trained model) and its phrase matchers,
built once per process from the data files and tables.

Each token's NORM is its spelling skeleton (``skeleton``): names transliterated from Arabic are
written many ways ("al-Asad" / "al-Assad", "Ayn" / "Ain" / "Ein", "el-" / "al-", "Kata'ib" /
"Kataib"), so the place matcher compares skeletons, not letters."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

# one letter for the ways a transliterated word begins or is spelled ("Ayn al-Asad", "Ein", "Tell")
_WORD_FORMS = {"el": "al", "ayn": "ain", "ein": "ain", "tel": "tal", "tell": "tal"}


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """'Al-Assad' -> 'al-asad', 'Ayn' -> 'ain', 'Kata\'ib' -> 'kataib': lower case, no accents or
    apostrophes, doubled letters written once, a few transliteration variants of one word unified."""
    w = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    w = re.sub(r"['`\u2019\u02bf\u02be]", "", w)
    w = re.sub(r"([a-z])\1+", r"\1", w)
    w = _WORD_FORMS.get(w, w)
    if len(w) >= 6 and w.isalpha():
        # a long word's vowels are the transliteration's choice ("Hezbollah", "Hizbullah", "Hizballah";
        # "Kataeb", "Ketaib"; "Mayadin", "Mayadeen"): each run of vowels is one mark, so the consonants
        # and where the vowels fall still tell words apart ("headed" is not "Hudaida")
        w = re.sub(r"[aeiou]+", "a", w)
    return w


def _set_norms(doc: Any) -> Any:
    for t in doc:
        t.norm_ = skeleton(t.text)
    return doc


# month abbreviations the tokenizer splits from their full stop when written in capitals ("OCT. 18", as
# timelines write them): the day after the stop goes on the month's sentence
_MONTH_ABBR = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def _keep_month_day(doc: Any) -> Any:
    for i in range(1, len(doc) - 1):
        if doc[i].text == "." and doc[i - 1].lower_ in _MONTH_ABBR and doc[i + 1].like_num:
            doc[i + 1].is_sent_start = False
    return doc


def _line_ends_title(doc: Any) -> Any:
    """A line that ends with no full stop on a capitalised word or a number ("... REUTERS/File Photo",
    a caption's "December 29, 2019", a headline) ends its sentence when the next line begins with a capital:
    the caption's date is not the next sentence's. A hard-wrapped sentence breaks after a lower-case word
    or a comma, so it stays whole. A blank line always ends a sentence (a headline with no full stop is not
    the lead's first words)."""
    for i in range(1, len(doc) - 1):
        t = doc[i]
        if "\n" not in t.text or not t.is_space:
            continue
        prev, nxt = doc[i - 1], doc[i + 1]
        if re.search(r"\n[ \t]*\n", t.text):
            nxt.is_sent_start = True  # a blank line ends a paragraph, and its sentence with it
        elif (prev.text[:1].isupper() or prev.text[-1:].isdigit() or prev.text in (")", '"', "'")) \
                and (nxt.text[:1].isupper() or nxt.text[:1].isdigit()):
            nxt.is_sent_start = True
    return doc


@cache
def pipeline() -> Any:
    import spacy
    from spacy.language import Language

    if not Language.has_factory("spelling_skeleton"):
        Language.component("spelling_skeleton", func=_set_norms)
    if not Language.has_factory("line_ends_title"):
        Language.component("line_ends_title", func=_line_ends_title)
    if not Language.has_factory("month_day_together"):
        Language.component("month_day_together", func=_keep_month_day)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_ends_title")
    nlp.add_pipe("month_day_together")
    nlp.add_pipe("spelling_skeleton")
    return nlp


def phrase_matcher(patterns: dict[str, list[str]], attr: str = "LOWER") -> Any:
    """A PhraseMatcher whose match ids are the keys of ``patterns`` (label -> phrases)."""
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    m = PhraseMatcher(nlp.vocab, attr=attr)
    for label, phrases in patterns.items():
        docs = [nlp.make_doc(p) for p in dict.fromkeys(phrases) if p.strip()]
        if attr == "NORM":
            docs = [_set_norms(d) for d in docs]
        if docs:
            m.add(label, docs)
    return m


def matches(matcher: Any, doc: Any, longest: bool = True) -> list[tuple[str, Any]]:
    """(label, span) pairs; overlapping matches keep the longest span."""
    from spacy.util import filter_spans

    found = [(doc.vocab.strings[mid], doc[s:e]) for mid, s, e in matcher(doc)]
    if not longest:
        return found
    keep = {(sp.start, sp.end) for sp in filter_spans([sp for _, sp in found])}
    best: dict[tuple[int, int], tuple[str, Any]] = {}
    for label, sp in found:
        key = (sp.start, sp.end)
        if key not in keep:
            continue
        # two labels for one span ("Harir Air Base" is a place and another's alias): the one
        # whose own name is the text wins
        own = label.split("|")[-1].lower() == sp.text.lower()
        if key not in best or own:
            best[key] = (label, sp)
    return sorted(best.values(), key=lambda x: x[1].start)
