"""Fill the local cache of benchmarks/real/ (the texts are never committed).

The texts were found with the search tool's `pages` corpus (stored copies of public web pages): each
answer holds, for each page it returns, the page's address and an excerpt. Save the answers of the
queries that `--queries` prints (the JSON, as the tool returns it) into files, then:

    python benchmarks/real/fetch.py --queries                 # the queries to run, one a line
    python benchmarks/real/fetch.py answers/*.json            # write cache/<id>.txt for every report found
    python benchmarks/real/fetch.py --check                   # which reports have text, and whether it is
                                                              # the text the manifest's figures were taken on

Typographic quotes are written as plain quotes, as in the texts that were measured. A text whose SHA-256
differs from the manifest's is used all the same; the scorer names it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def manifest() -> dict:
    return json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))


def excerpts(files: list[str]) -> dict[str, str]:
    """url -> excerpt, from saved search answers (one JSON answer a file)."""
    out: dict[str, str] = {}
    for f in files:
        try:
            answer = json.loads(Path(f).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"{f}: not a readable search answer ({e})", file=sys.stderr)
            continue
        for hit in answer.get("results", []):
            if hit.get("url") and hit.get("excerpt"):
                out.setdefault(hit["url"], hit["excerpt"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("answers", nargs="*", help="saved JSON answers of the search tool")
    ap.add_argument("--queries", action="store_true", help="print the queries that found the reports")
    ap.add_argument("--check", action="store_true", help="report which texts are cached and unchanged")
    args = ap.parse_args(argv)
    m = manifest()
    if args.queries:
        for q in dict.fromkeys(r["query"] for r in m["reports"]):
            print(q)
        return 0
    cache = HERE / "cache"
    if args.answers:
        found = excerpts(args.answers)
        cache.mkdir(exist_ok=True)
        wrote = 0
        for r in m["reports"]:
            text = found.get(r["url"])
            if text is not None:
                tmp = cache / f"{r['id']}.txt.tmp"
                tmp.write_text(text.translate(QUOTES), encoding="utf-8")
                tmp.replace(cache / f"{r['id']}.txt")
                wrote += 1
        print(f"wrote {wrote} of {len(m['reports'])} texts into {cache}")
    missing, changed = [], []
    for r in m["reports"]:
        f = cache / f"{r['id']}.txt"
        if not f.exists():
            missing.append(r["id"])
        elif hashlib.sha256(f.read_bytes()).hexdigest() != r["text_sha256"]:
            changed.append(r["id"])
    if args.check or args.answers:
        print(f"cached: {len(m['reports']) - len(missing)}; missing: {' '.join(missing) or 'none'}; "
              f"differing from the measured text: {' '.join(changed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
