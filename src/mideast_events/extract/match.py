"""Matching candidates with existing rows (corroboration), and appending new candidates to a
dataset folder (``--into``): new events with ids in the 98xxxx range, a sources row for the
article and event_sources rows with the evidence. Curated rows are never changed; the result
must validate, or nothing is written; every file is replaced atomically."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path
from typing import Any

from mideast_events import schema
from mideast_events._files import replace_files
from mideast_events.extract import output, resources
from mideast_events.extract.model import Candidate, Extraction


class IntoRefused(Exception):
    """The dataset would not validate with the new rows (exit 1); nothing was written."""


def existing_events(against: str | Path | None = None) -> list[dict[str, str]]:
    """The rows to compare with: an events CSV, a dataset folder, or (default) the bundled dataset."""
    from mideast_events._paths import dataset_dir

    p = Path(against) if against else dataset_dir()
    if p.is_dir():
        p = p / "events.csv"
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such events file")
    return resources.rows(p)


def _actors() -> dict[str, dict[str, str]]:
    """The bundled actors table by name (umbrella group and actor type)."""
    return {r["actor"]: r for r in resources.actors()}


def same_side(a: str | None, b: str | None, actors: dict[str, dict[str, str]]) -> bool:
    """The same actor as far as one report can tell: equal names, a group and its umbrella (a report
    naming Kataib Hezbollah for an attack the umbrella claimed), or an unidentified group against a
    named one of the same actor type (a report that does not name the attacker)."""
    if a == b:
        return True
    if a is None or b is None or a not in actors or b not in actors:
        return False
    ra, rb = actors[a], actors[b]
    if (a.startswith("Unidentified") or b.startswith("Unidentified")) and ra["inter"] == rb["inter"]:
        return True
    return ra["umbrella"] == b or rb["umbrella"] == a


def find_match(c: Candidate, rows: list[dict[str, str]]) -> dict[str, str] | None:
    """Same place, same actor pair (see ``same_side``) and the same day (+-1 day when either side
    is not day-precise)."""
    actors = _actors()
    for r in rows:
        if r["country"] != c.place.country or r["location"] != c.place.location:
            continue
        if not (same_side(r["actor1"], c.actor1, actors) and same_side(r.get("actor2") or None, c.actor2, actors)):
            continue
        try:
            day = dt.date.fromisoformat(str(r["event_date"]))
        except ValueError:
            continue
        slack = 1 if (c.time_precision or 1) > 1 or str(r.get("time_precision", "1")) != "1" else 0
        if abs((day - c.event_date).days) <= slack:
            return r
    return None


def corroborate(xs: list[Extraction], against: str | Path | None = None) -> None:
    rows = existing_events(against)
    for x in xs:
        for c in x.candidates:
            if not c.codable:
                continue
            _mark_match(c, find_match(c, rows), x.publisher)


def _mark_match(c: Candidate, r: dict[str, str] | None, publisher: str) -> None:
    """Record that candidate ``c`` is a new source for existing row ``r`` (if there is one)."""
    if r is not None:
        same = "same day" if r["event_date"] == c.event_date.isoformat() else "within a day"
        c.matched = {"event_id_cnty": r["event_id_cnty"], "source": publisher,
                     "reason": f"{same}, place and actor pair: a new source for this event"}


def number(xs: list[Extraction], against: str | Path | None = None) -> None:
    """Give each new candidate the id --into would give it: the next free 98xxxx id of its country."""
    rows = [{"event_id_cnty": r["event_id_cnty"]} for r in existing_events(against)]
    for x in xs:
        for c in x.candidates:
            if c.codable and c.matched is None and c.event_id is None:
                c.event_id = _next_ids(rows, output.country_iso3(c.place.country), 1)[0]
                rows.append({"event_id_cnty": c.event_id})


# ------------------------------------------------------------------ --into


def _next_ids(existing: list[dict[str, str]], prefix: str, n: int) -> list[str]:
    used = {int(m.group(1)) for r in existing if (m := re.fullmatch(prefix + r"(98\d{4})", r["event_id_cnty"]))}
    out, k = [], output.EXTRACTED_ID_BASE + 1
    while len(out) < n:
        if k not in used:
            out.append(f"{prefix}{k}")
        k += 1
    return out


def _next_source_id(sources: list[dict[str, str]]) -> str:
    nums = [int(s["source_id"][1:]) for s in sources if re.fullmatch(r"S\d{4}", s["source_id"])]
    return f"S{max(nums, default=0) + 1:04d}"


def _csv_bytes(rows: list[dict[str, Any]], table: str) -> bytes:
    cols = schema.field_names(table)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in cols])
    return buf.getvalue().encode("utf-8")


def _summary(c: Candidate, x: Extraction) -> str:
    parts = []
    for e in c.evidence:
        if e.end > e.start and e.field in ("event_date", "location", "actor1", "actor2", "fatalities", "injuries", "sub_event_type"):
            q = " ".join(x.text[e.start:e.end].split())
            parts.append(f"{e.field}: '{q}' ({e.rule})")
    return "Extracted, not reviewed. " + "; ".join(dict.fromkeys(parts))


def into(folder: str | Path, xs: list[Extraction], sidecars: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Append the unmatched candidates of ``xs`` to the dataset in ``folder``."""
    from mideast_events import validate

    folder = Path(folder)
    if not (folder / "events.csv").exists():
        raise FileNotFoundError(f"{folder}: no events.csv (give a dataset folder)")
    names = ("events", "sources", "event_sources", "locations")
    for t in names:  # a table without this package's columns is no dataset to append to: one line, exit 2
        with open(folder / f"{t}.csv", newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh), [])
        missing = [c for c in schema.field_names(t) if c not in header]
        if missing:
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise ValueError(f"{folder / (t + '.csv')}: not this package's {t} table "
                             f"(missing columns {', '.join(missing[:3])}{more})")
    tables = {t: resources.rows(folder / f"{t}.csv") for t in names}
    originals = {t: (folder / f"{t}.csv").read_bytes() for t in tables}
    counts = {t: len(rows) for t, rows in tables.items()}
    added, corroborated = [], []
    stamp = int(dt.datetime.now(dt.UTC).timestamp())
    for x in xs:
        # matched against the rows as they stand, those added for the articles before included
        for c in x.candidates:
            if c.codable and c.matched is None:
                _mark_match(c, find_match(c, tables["events"]), x.publisher)
        new = [c for c in x.candidates if c.matched is None and c.codable]
        corroborated += [c.matched for c in x.candidates if c.matched]
        if not new:
            continue
        side = (sidecars or {}).get(x.path or "", {})
        sid = side.get("source_id")
        known = {s["source_id"]: s for s in tables["sources"]}
        if not sid or sid not in known:
            sid = sid if sid and re.fullmatch(r"S\d{4}", sid) else _next_source_id(tables["sources"])
            title = side.get("title") or next((ln.strip() for ln in x.text.splitlines() if ln.strip()), "untitled")[:200]
            tables["sources"].append({"source_id": sid, "publisher": x.publisher, "title": title, "url": side.get("url"),
                                      "published": x.published.isoformat(), "published_precision": "day",
                                      "source_scale": output.source_scale(x.publisher), "language": side.get("language", "en")})
            known[sid] = tables["sources"][-1]
        seed_path = known[sid].get("seed_path")
        publisher = known[sid]["publisher"]
        for c in new:
            p = c.place
            if not any(r["country"] == p.country and r["location"] == p.location for r in tables["locations"]):
                tables["locations"].append({"location": p.location, "country": p.country, "iso": p.iso,
                                            "admin1": p.admin1, "admin2": p.admin2, "admin3": p.admin3,
                                            "latitude": p.latitude, "longitude": p.longitude,
                                            "geo_precision": 1, "location_type": "town",
                                            "aliases": None, "coord_source_id": sid})
            prefix = output.country_iso3(p.country)
            eid = _next_ids(tables["events"], prefix, 1)[0]
            row = output.to_row(c, x, event_id=eid, timestamp=stamp)
            row["source"] = publisher
            tables["events"].append(row)
            spans = [e for e in c.evidence if e.end > e.start]
            tables["event_sources"].append({
                "event_id_cnty": eid, "source_id": sid, "fatalities": c.fatalities, "injuries": c.injuries,
                "attribution": f"{c.attribution}" + (f" ({c.attributed_by})" if c.attributed_by else ""),
                "summary": _summary(c, x),
                "evidence_start": min(e.start for e in spans) if spans and seed_path else None,
                "evidence_end": max(e.end for e in spans) if spans and seed_path else None})
            c.event_id = eid
            added.append(eid)
    if not added:
        return {"added": [], "corroborated": corroborated, "written": []}
    # existing bytes stay as they are; new rows are appended after them (curated rows never change)
    new_bytes = {}
    for t, old in originals.items():
        extra = tables[t][counts[t]:]
        body = _csv_bytes(extra, t).split(b"\n", 1)[1] if extra else b""
        new_bytes[t] = (old if old.endswith(b"\n") or not extra else old + b"\n") + body
    with tempfile.TemporaryDirectory() as tmp:
        for t, b in new_bytes.items():
            Path(tmp, f"{t}.csv").write_bytes(b)
        Path(tmp, "actors.csv").write_bytes((folder / "actors.csv").read_bytes())
        problems: list[Any] = []
        frames = {t: validate.check_frame(validate.read_raw_csv(Path(tmp, f"{t}.csv")), t, problems) for t in schema.TABLES}
        validate.check_across_tables(frames, problems)
        if problems:
            raise IntoRefused("the dataset would not validate with the new rows; nothing was written: "
                              + problems[0].text())
    written = [f"{t}.csv" for t, b in new_bytes.items() if b != originals[t]]
    replace_files(folder, {f"{t}.csv": b for t, b in new_bytes.items() if b != originals[t]})  # all or none
    return {"added": added, "corroborated": corroborated, "written": written}


