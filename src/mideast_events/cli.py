"""The ``mideast-events`` command: validate, build, info (and the commands the other modules add).

Exit codes: 0 success/valid, 1 invalid data (a report is printed), 2 unusable input or usage.
Every failure prints one clear line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mideast_events.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE


class CliError(Exception):
    """A one-line error for the user, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_UNUSABLE):
        super().__init__(message)
        self.code = code


def _cmd_validate(args: argparse.Namespace) -> int:
    from mideast_events import validate

    if args.profile == "acled":
        from mideast_events import acled

        if not args.path:
            raise CliError("validate --profile acled needs a FILE (an ACLED export)")
        report = acled.validate_acled(args.path, engine=args.engine)
    elif args.engine != "pandas" and args.path and Path(args.path).suffix.lower() == ".csv":
        report = validate.validate_csv(args.path, engine=args.engine)
    elif args.engine != "pandas":
        raise CliError("--engine polars|dask checks one CSV file; packages are validated with pandas")
    else:
        report = validate.validate_path(args.path)
    print(report.to_json() if args.json else report.to_text(limit=args.limit))
    return EXIT_OK if report.valid else EXIT_INVALID


def _cmd_build(args: argparse.Namespace) -> int:
    from mideast_events import build

    root = Path(args.root) if args.root else None
    try:
        if args.check:
            drift = build.check(root)
            if drift:
                print("out of date (run mideast-events build): " + ", ".join(drift), file=sys.stderr)
                return EXIT_INVALID
            print("up to date: every published file matches what build would write")
            return EXIT_OK
        result = build.build(root)
    except build.BuildRefused as refused:
        print(refused.report.to_text(limit=50), file=sys.stderr)
        print("build refused: the dataset does not validate; nothing was written", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {', '.join(result.written) or 'nothing'}; unchanged {', '.join(result.unchanged) or 'nothing'}")
    return EXIT_OK


def _cmd_info(args: argparse.Namespace) -> int:
    import json

    import mideast_events as me

    events = me.load_events()
    info = {
        "version": me.__version__,
        "data": str(me.path("events").parent),
        "rows": {t: len(me.load_table(t)) for t in ("events", "sources", "event_sources", "actors", "locations")},
        "first_event": str(events["event_date"].min().date()) if len(events) else None,
        "last_event": str(events["event_date"].max().date()) if len(events) else None,
        "by_country": {k: int(v) for k, v in events["country"].value_counts().sort_index().items()},
        "by_sub_event_type": {str(k): int(v) for k, v in events["sub_event_type"].value_counts().items() if v},
        "fatalities": int(events["fatalities"].sum()),
    }
    if args.json:
        print(json.dumps(info, indent=2))
        return EXIT_OK
    print(f"mideast-events {info['version']}  (data in {info['data']})")
    print("rows: " + ", ".join(f"{t} {n}" for t, n in info["rows"].items()))
    print(f"events from {info['first_event']} to {info['last_event']}; fatalities (conservative) {info['fatalities']}")
    print("by country: " + ", ".join(f"{k} {v}" for k, v in info["by_country"].items()))
    print("by sub-event type: " + ", ".join(f"{k} {v}" for k, v in info["by_sub_event_type"].items()))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from mideast_events import acled, export

    if args.format == "parquet" and not args.out:
        raise CliError("export --format parquet writes a binary file: give --out FILE")
    try:
        data = export.export(args.format, args.out, args.events, codes=args.codes, dates=args.dates)
    except acled.AcledError as e:
        raise CliError(str(e)) from None
    if args.out:
        print(f"wrote {args.out} ({args.format}, {len(data):,} bytes)", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from mideast_events import diff

    result = diff.diff(args.old, args.new)
    if args.changelog:
        print(result.to_changelog())
    else:
        print(result.to_json() if args.json else result.to_text())
    return EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    from mideast_events.extract import cli as extract_cli

    return extract_cli.run(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mideast-events", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check a CSV, a datapackage.json, or (default) the bundled package")
    v.add_argument("path", nargs="?", help="a CSV file, a datapackage.json or a folder holding one")
    v.add_argument("--profile", choices=["mideast", "acled"], default="mideast",
                   help="mideast: this project's tables (default); acled: a foreign ACLED export, ACLED's columns and rules only")
    v.add_argument("--engine", choices=["pandas", "polars", "dask"], default="pandas",
                   help="pandas (default); polars: the fast path for large files; dask: partitioned, or on a cluster")
    v.add_argument("--json", action="store_true", help="print the whole report as JSON")
    v.add_argument("--limit", type=int, default=50, help="problems to list in the text report (default 50)")
    v.set_defaults(func=_cmd_validate)

    b = sub.add_parser("build", help="regenerate datapackage.json and the derived files from dataset/")
    b.add_argument("--check", action="store_true", help="write nothing; exit 1 if any published file is out of date")
    b.add_argument("--root", help="the repository root (default: this checkout)")
    b.set_defaults(func=_cmd_build)

    i = sub.add_parser("info", help="version, row counts and date range of the bundled data")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=_cmd_info)

    x = sub.add_parser("export", help="the events in ACLED's or UCDP GED's format, as GeoJSON or parquet")
    x.add_argument("--format", required=True, choices=["acled", "ucdp", "geojson", "parquet"])
    x.add_argument("--out", help="write this file (atomically); default: standard output")
    x.add_argument("--events", help="an events file to convert (ours or an ACLED export); default: the bundled events")
    x.add_argument("--codes", choices=["text", "numeric"], default="text",
                   help="acled: actor types as today's text labels (default) or the older numeric codes")
    x.add_argument("--dates", choices=["export", "api"], default="export",
                   help="acled: dates as the export tool writes them ('05 April 2021', default) or as the API does")
    x.set_defaults(func=_cmd_export)

    d = sub.add_parser("diff", help="events added, removed and changed between two events files or packages")
    d.add_argument("old", help="the older events CSV (ours or ACLED's), datapackage.json or folder")
    d.add_argument("new", help="the newer one")
    d.add_argument("--json", action="store_true", help="print the differences as JSON")
    d.add_argument("--changelog", action="store_true", help="print the CHANGELOG.md data section (Markdown)")
    d.set_defaults(func=_cmd_diff)

    e = sub.add_parser("extract", help="article text -> candidate event rows, each field with its evidence span")
    e.add_argument("paths", nargs="+", metavar="FILE", help="text files, or folders of .txt files")
    e.add_argument("--published", help="publication date YYYY-MM-DD (default: the .json sidecar's 'published')")
    e.add_argument("--publisher", help="publisher name (default: the .json sidecar's 'publisher')")
    e.add_argument("--format", choices=["review", "csv", "jsonl"], default="review",
                   help="review: fields with quoted evidence (default); csv: rows in the events schema; jsonl: rows with evidence")
    e.add_argument("--against", help="events CSV or dataset folder to match candidates with (default: the bundled dataset)")
    e.add_argument("--into", metavar="DATASET_DIR", help="append the new (unmatched) candidates to this dataset folder")
    e.add_argument("--no-gazetteer", action="store_true", help="places from the locations table only (no GeoNames towns)")
    e.set_defaults(func=_cmd_extract)

    for register in EXTRA_COMMANDS:
        register(sub)
    return p


# Other modules add their subcommands here: each entry takes the subparsers object.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def _version() -> str:
    from mideast_events.load import __version__

    return f"mideast-events {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    from mideast_events.validate import UnusableInput

    args = parser().parse_args(argv)
    import warnings

    # A warning (an ACLED column that could not be placed) is one plain line, like an error.
    warnings.showwarning = lambda message, *_a, **_k: print(f"mideast-events: warning: {message}", file=sys.stderr)
    try:
        return args.func(args)
    except (CliError, UnusableInput, FileNotFoundError, IsADirectoryError, PermissionError, ValueError) as e:
        code = e.code if isinstance(e, CliError) else EXIT_UNUSABLE
        print(f"mideast-events: error: {e}", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        print("mideast-events: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
