"""The spaCy pipeline (blank English + sentencizer, no trained model) and its phrase matchers,
built once per process from the data files and tables."""
from __future__ import annotations

from functools import cache
from typing import Any


@cache
def pipeline() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def phrase_matcher(patterns: dict[str, list[str]], attr: str = "LOWER") -> Any:
    """A PhraseMatcher whose match ids are the keys of ``patterns`` (label -> phrases)."""
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    m = PhraseMatcher(nlp.vocab, attr=attr)
    for label, phrases in patterns.items():
        docs = [nlp.make_doc(p) for p in dict.fromkeys(phrases) if p.strip()]
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
