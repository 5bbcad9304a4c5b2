"""Events assembly: article text -> cleaned sentences -> mentions (mentions.py) -> merged candidates
(merge.py). A candidate needs a date, a place (at least a country), an event type and an actor;
one with a place from the locations table or the gazetteer becomes a row.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mideast_events.extract import clean, datelines, mentions, merge, nlp, sea
from mideast_events.extract.model import Candidate, Evidence, Extraction

__all__ = ["Candidate", "Evidence", "Extraction", "extract_file", "extract_text", "read_sidecar"]


def extract_text(text: str, published: str | dt.date, publisher: str, *, path: str | None = None,
                 gazetteer: bool = True) -> Extraction:
    """Candidate events of one article. ``published``: its publication date (YYYY-MM-DD)."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    masked = clean.clean(text)
    ignored = [(s, e, why) for s, e, why in clean.boilerplate_spans(text)]
    doc = nlp.pipeline()(masked)
    found = mentions.read(doc, masked, published, gazetteer, ignored)
    clusters = merge.merge(found)
    done, uncoded = [], []
    for c in clusters:
        merge.finish(c)
    clusters += sea.refine(masked, clusters, published)  # acts at sea: ship, sea area, sides (one per ship)
    for c in clusters:
        (done if c.complete else uncoded).append(c)
    done = sea.collapse(merge.merge_same(done))
    merge.body_tolls(done, masked)
    merge.none_hurt_after(done, masked)
    merge.toll_evidence(done, masked)
    return Extraction(text, published, publisher, path, done, uncoded, ignored)


def read_sidecar(path: Path) -> dict[str, Any]:
    import json

    side = path.with_suffix(".json")
    if side.exists():
        try:
            return json.loads(side.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ValueError(f"{side}: not a readable JSON metadata sidecar") from None
    return {}


def extract_file(path: str | Path, published: str | None = None, publisher: str | None = None,
                 gazetteer: bool = True) -> Extraction:
    """One text file; publication date and publisher from the options or the .json sidecar."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such file")
    if p.is_dir():
        raise IsADirectoryError(f"{p}: is a folder (give its .txt files)")
    raw = p.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ValueError(f"{p}: a binary file, not article text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{p}: not UTF-8 text") from None
    side = read_sidecar(p)
    how = "--published" if published else "the .json sidecar" if side.get("published") else None
    published = published or side.get("published")
    publisher = publisher or side.get("publisher") or "unknown publisher"
    if not published:
        found = datelines.anchor_date(text)
        if found is None:
            raise ValueError(f"{p}: the text states no publication date nor any full date (give --published "
                             "YYYY-MM-DD, or a .json sidecar with 'published')")
        published, how = found.date.isoformat(), f"read from the text: {found.how}"
    try:
        date = dt.date.fromisoformat(str(published))
    except ValueError:
        raise ValueError(f"{p}: publication date {published!r} is not YYYY-MM-DD") from None
    x = extract_text(text, date, publisher, path=str(p), gazetteer=gazetteer)
    x.published_from = how
    return x
