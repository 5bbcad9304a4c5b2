"""`mideast-events extract`: files in, candidates out (review, CSV or JSON lines), matched with
existing rows, optionally appended to a dataset folder."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mideast_events.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE

# errors are raised as FileNotFoundError / ValueError: cli.main turns them into one line, exit 2


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.glob("*.txt"))
            if not found:
                raise FileNotFoundError(f"{p}: no .txt files in this folder")
            out += found
        elif not p.exists():
            raise FileNotFoundError(f"{p}: no such file")
        else:
            out.append(p)
    return out


def run(args: argparse.Namespace) -> int:
    from mideast_events.extract import events, match, output

    if args.published:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.published)
        except ValueError:
            raise ValueError(f"--published {args.published!r} is not a date YYYY-MM-DD") from None
    files = _files(args.paths)
    xs, failed = [], 0
    for f in files:  # one article that cannot be read is one line; the others go on
        try:
            x = events.extract_file(f, args.published, args.publisher, gazetteer=not args.no_gazetteer)
        except (OSError, ValueError) as e:
            print(f"mideast-events: error: {e}", file=sys.stderr)
            failed += 1
            continue
        except Exception as e:  # a bug met on one article must not hide the others' results
            print(f"mideast-events: error: {f}: extraction failed ({type(e).__name__}: {e})", file=sys.stderr)
            failed += 1
            continue
        if x.published_from and x.published_from.startswith("read from the text"):
            print(f"{f}: publication date {x.published.isoformat()} {x.published_from}", file=sys.stderr)
        xs.append(x)
    if failed and not xs:
        return EXIT_UNUSABLE
    if args.into:
        sidecars = {str(f): events.read_sidecar(f) for f in files}
        try:
            result = match.into(args.into, xs, sidecars)
        except match.IntoRefused as refused:
            print(f"mideast-events: error: {refused}", file=sys.stderr)
            return EXIT_INVALID
        for m in result["corroborated"]:
            print(f"corroborates {m['event_id_cnty']}: new source {m['source']}", file=sys.stderr)
        print(f"added {len(result['added'])} extracted rows ({', '.join(result['added']) or 'none'}); "
              f"wrote {', '.join(result['written']) or 'nothing'} (run mideast-events build to refresh datapackage.json)",
              file=sys.stderr)
    else:
        match.corroborate(xs, args.against)
        match.number(xs, args.against)
        if args.format == "csv":
            for x in xs:
                for c in x.candidates:
                    if c.matched:
                        print(f"corroborates {c.matched['event_id_cnty']}: new source {c.matched['source']} "
                              f"({x.path})", file=sys.stderr)
    text = {"csv": output.to_csv, "jsonl": output.to_jsonl, "review": output.to_review}[args.format](xs)
    sys.stdout.write(text)
    if failed:
        print(f"mideast-events: {failed} of {len(files)} file(s) could not be read (see above)", file=sys.stderr)
        return EXIT_UNUSABLE
    return EXIT_OK
