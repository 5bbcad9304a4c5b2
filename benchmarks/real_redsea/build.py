"""Build manifest.json of the Red Sea / Yemen real-report set from the curators' coded rows (run once).

Usage: python benchmarks/real_redsea/build.py REV [REV ...] --texts DIR [DIR ...]

REV: git revisions holding the theatre's rows (dataset/events.csv, sources.csv, event_sources.csv);
DIR: folders of report texts (NAME.txt) with their metadata sidecars (NAME.json: url, publisher,
published, source_id). A report's gold events are every row of the theatre (theatre != the first one)
citing the report's source id in event_sources.csv. The split is by report: 'tuning' when
int(sha1(url), 16) is even, else 'heldout'. Texts are copied into the git-ignored cache/ folder.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST_THEATRE = "iraq-syria-jordan"
STATE_OR_FOREIGN = ("External/Other forces",)


def table(rev: str, name: str) -> list[dict[str, str]]:
    out = subprocess.run(["git", "show", f"{rev}:dataset/{name}"], capture_output=True, text=True, check=True,
                         cwd=HERE).stdout
    return list(csv.DictReader(io.StringIO(out)))


def direction(row: dict[str, str], inter: dict[str, str]) -> str:
    """attack (the Houthis or an unidentified group act), strike (foreign forces act), statement."""
    if row["event_type"] == "Strategic developments" and row["sub_event_type"] != "Disrupted weapons use":
        return "statement"
    return "strike" if inter.get(row["actor1"]) in STATE_OR_FOREIGN else "attack"


def num(v: str) -> int | None:
    return int(float(v)) if v not in ("", None) else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("revs", nargs="+")
    ap.add_argument("--texts", nargs="+", required=True)
    a = ap.parse_args(argv)
    events: dict[str, dict[str, str]] = {}
    cites: dict[str, set[str]] = {}
    inter: dict[str, str] = {}
    published: dict[str, str] = {}
    for rev in a.revs:
        for r in table(rev, "actors.csv"):
            inter[r["actor"]] = r["inter"]
        for r in table(rev, "events.csv"):
            if r.get("theatre") and r["theatre"] != FIRST_THEATRE:
                events[r["event_id_cnty"]] = r
        for r in table(rev, "sources.csv"):
            published[r["source_id"]] = r["published"]
        for r in table(rev, "event_sources.csv"):
            cites.setdefault(r["source_id"], set()).add(r["event_id_cnty"])
    reports = []
    cache = HERE / "cache"
    cache.mkdir(exist_ok=True)
    for folder in a.texts:
        for side in sorted(Path(folder).glob("*.json")):
            meta = json.loads(side.read_text(encoding="utf-8"))
            txt = side.with_suffix(".txt")
            ids = sorted(e for e in cites.get(meta.get("source_id", ""), ()) if e in events)
            if not txt.exists() or not ids:
                continue  # a report no row of the theatre cites is not in the set
            text = txt.read_text(encoding="utf-8")
            gold = []
            for e in ids:
                r = events[e]
                gold.append({"event_id": e, "event_date": r["event_date"], "time_precision": int(r["time_precision"]),
                             "country": r["country"], "location": r["location"] or None,
                             "direction": direction(r, inter), "sub_event_type": r["sub_event_type"],
                             "actor1": r["actor1"], "actor2": r["actor2"] or None, "target": r["target"] or None,
                             "target_type": r["target_type"] or None, "fatalities": num(r["fatalities"]),
                             "injuries": num(r["injuries"])})
            reports.append({"url": meta["url"], "publisher": meta["publisher"], "published": meta.get("published") or published.get(meta["source_id"]) or None,
                            "source_id": meta["source_id"], "cache_name": f"{Path(folder).name}/{side.stem}",
                            "split": "tuning" if int(hashlib.sha1(meta["url"].encode()).hexdigest(), 16) % 2 == 0
                            else "heldout",
                            "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "events": gold, "_text": text})
    reports = list({r["url"]: r for r in reports}.values())  # a report two curators cached: once
    reports.sort(key=lambda r: (r["published"] or "", r["url"]))
    for i, r in enumerate(reports, 1):
        r["id"] = f"rs{i:03d}"
        (cache / f"{r['id']}.txt").write_text(r.pop("_text"), encoding="utf-8")
    manifest = {
        "about": "Real reports of the Red Sea / Yemen theatre (Houthi attacks on ships, interceptions, US and UK "
                 "strikes in Yemen, October 2023 - August 2024) that the curators coded with the extractor as a "
                 "first pass. Facts only: URL, publisher, publication date, the source id of the dataset, the "
                 "split, a hash of the cached text, and the gold events: the curators' reviewed rows citing the "
                 "report. Texts are not here: fetch.md says how to fill the git-ignored cache/ folder.",
        "split_rule": "once, by report: 'tuning' when int(sha1(url), 16) is even, else 'heldout'; never re-drawn",
        "reports": [{k: r[k] for k in ("id", "url", "publisher", "published", "source_id", "cache_name", "split",
                                       "text_sha256", "events")} for r in reports],
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n = {s: sum(r["split"] == s for r in reports) for s in ("tuning", "heldout")}
    ev = {s: sum(len(r["events"]) for r in reports if r["split"] == s) for s in ("tuning", "heldout")}
    print(f"{len(reports)} reports ({n}), events {ev}, publishers {len({r['publisher'] for r in reports})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
