"""The mideast-events command: check, summarise, convert and compare event files, and rebuild the bundled data package.

Exit codes (every command): 0 success; 1 the data is invalid (a report says why); 2 the input
cannot be used (missing or unreadable file, bad option, missing optional extra); 3 an internal
error, which is a bug (run again with --debug to see the traceback); 130 interrupted (Ctrl-C);
141 standard output was closed before everything was written (for example piped into head)
and nothing else went wrong. Every failure prints one line on standard error, never a traceback
(unless --debug is given).
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mideast_events import extras
from mideast_events.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE

EXIT_BUG = 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141  # 128 + SIGINT, 128 + SIGPIPE, as shells report them

# What each exit code means, for every command (the docs' CLI page prints this table).
EXIT_MEANINGS: dict[int, str] = {
    EXIT_OK: "success (for validate: the data is valid)",
    EXIT_INVALID: "the data is invalid (validate, build, extract --into): a report says what is wrong",
    EXIT_UNUSABLE: "the input cannot be used: a missing or unreadable file, a bad option, or a missing "
                   "optional extra (the message names the pip command that installs it)",
    EXIT_BUG: "an internal error: a bug in mideast-events (the message says where to report it; "
              "--debug shows the traceback)",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
    EXIT_BROKEN_PIPE: "standard output was closed early (for example piped into head) and nothing else failed",
}


# The rest of the docs' CLI page (Markdown), beside the code it describes.
REFERENCE_NOTES = """\
## Errors and bugs

Every failure prints one line on standard error that starts with `mideast-events: error:`, never a
traceback. An error that the program did not expect is a bug: the line says so, names where to report
it, and the command exits 3. Run the same command with `--debug`
(`mideast-events --debug validate FILE` or `mideast-events validate FILE --debug`) to see the Python traceback for a bug report.

## Pipes

When the program reading the output stops early (`mideast-events validate FILE | head -1`), the
command still ends with its own verdict: 1 if the data is invalid, 2 if the input could not be used.
A command that would have succeeded exits 141 (the code shells give a process stopped by SIGPIPE),
because part of its output was never delivered. With `set -o pipefail` a script sees these codes.

## Standard input and streams

`mideast-events validate -` reads a CSV from standard input. Standard input, a pipe, a FIFO or
`<(cat file)` can be read only once, so it is copied whole into a temporary file (up to 2 GiB; removed
afterwards) that the engine reads. The limits on what `validate` reads, and the rule that keeps a
data package's resource paths inside its folder, are on the security page.

## Optional extras

`validate --engine dask` needs the `dask` extra (polars is a core dependency; the `polars` extra
is kept as an alias, and `validate --engine polars` names it if polars is missing),
`extract` the `extract` extra, and reading an R data file (`.rda`) the `r` extra. Without it the
command prints one line with the exact command, for example
`pip install "mideast-events[polars]"`, and exits 2. In Python, `load_events(backend="polars")`
raises the same message as an `ImportError` (`mideast_events.extras.MissingExtra`).

## Comparing releases

`mideast-events diff FILE` compares the data of the installed release with FILE (an events CSV, a
`datapackage.json` or a folder holding one). To compare with an older release, download its wheel and
give the wheel itself to `diff`:

```bash
pip download mideast-events==0.1.0 --no-deps -d releases/
mideast-events diff releases/mideast_events-0.1.0-py3-none-any.whl
```

## Building

`mideast-events build` writes into a source checkout (cloned, then installed with `pip install -e .`),
never into an installed package: run from a `pip install`, it refuses with exit 2 and says how to
work on a checkout. `build --check` writes nothing and works anywhere.
"""


def _exit_codes(ok: str, invalid: str) -> str:
    """The exit-code list of one command's --help: its own meaning of 0 and 1, then the rest."""
    import textwrap

    meanings = {**EXIT_MEANINGS, EXIT_OK: ok, EXIT_INVALID: invalid}
    lines = ["exit codes:"]
    for code, text in meanings.items():
        wrapped = textwrap.wrap(text, 88)
        lines.append(f"  {code:<4} {wrapped[0]}")
        lines += [f"       {rest}" for rest in wrapped[1:]]
    return "\n".join(lines) + "\n"


class CliError(Exception):
    """A one-line error for the user, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_UNUSABLE):
        super().__init__(message)
        self.code = code


# ------------------------------------------------------------------------------------ commands

R_SUFFIXES = (".rda", ".rdata", ".rds")


def _cmd_validate(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise CliError(f"validate --limit: expected 0 or more problems to list, not {args.limit}")
    from mideast_events.validate.reading import read_once

    given = args.path
    with read_once(given) as local:  # '-', a pipe or a FIFO: read once into a temporary file
        args.path = None if local is None else str(local)
        code, text = _validate(args)
        if local is not None and str(local) != str(given):
            text = text.replace(str(local), "<stdin>" if given == "-" else given)
    print(text)
    return code


def _validate(args: argparse.Namespace) -> tuple[int, str]:
    is_r = bool(args.path) and Path(args.path).suffix.lower() in R_SUFFIXES
    if is_r:
        extras.require("r", "reading an R data file")
    elif args.engine not in ("pandas", "auto"):
        extras.require(args.engine, f"validate --engine {args.engine}")
    from mideast_events.validate import dispatch

    engine = dispatch.choose_engine(args.path, args.engine)
    note = dispatch.engine_note(args.path, engine, args.engine)
    if note:
        print(note, file=sys.stderr)
    from mideast_events.validate import reading

    early = engine == "polars" and not is_r and dispatch.is_table_file(args.path) and Path(args.path).is_file()
    if early:
        reading.prefetch(Path(args.path))  # polars reads while the validator is imported
    try:
        return _report(args, engine)
    finally:
        if early:
            reading.forget(Path(args.path))


def _report(args: argparse.Namespace, engine: str) -> tuple[int, str]:
    from mideast_events.validate import dispatch

    if args.profile == "acled":
        from mideast_events import acled

        if not args.path:
            raise CliError("validate --profile acled needs a FILE (an ACLED export)")
        report = acled.validate_acled(args.path, engine=engine)
    elif engine != "pandas" and not dispatch.is_table_file(args.path):
        raise CliError("--engine polars or dask checks one CSV file; a data package is checked with pandas")
    else:
        report = dispatch.validate_path(args.path, engine=engine)
    if args.path and dispatch.is_table_file(args.path):
        report.target += " " + dispatch.engine_label(engine, args.engine)
    return EXIT_OK if report.valid else EXIT_INVALID, report.to_json() if args.json else report.to_text(limit=args.limit)


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
    except build.NotACheckout as e:
        raise CliError(str(e)) from None
    print(f"wrote {', '.join(result.written) or 'nothing'}; unchanged {', '.join(result.unchanged) or 'nothing'}")
    return EXIT_OK


TABLE_MEANING = {
    "events": "one row per event",
    "sources": "one row per report",
    "event_sources": "what each source says about each event",
    "actors": "every actor the events name",
    "locations": "every place the events name",
}


def info() -> dict[str, Any]:
    """The figures ``mideast-events info`` prints, read with the standard library only (no pandas)."""
    import csv
    import json
    from collections import Counter

    from mideast_events import schema
    from mideast_events._paths import dataset_dir

    data = dataset_dir()

    def rows(table: str) -> list[dict[str, str]]:
        with open(data / f"{table}.csv", encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    tables = {t: rows(t) for t in schema.TABLES}
    events = tables["events"]
    try:  # the data release (the package version when it was built), without reading package metadata
        with open(data / "datapackage.json", encoding="utf-8") as fh:
            release = json.load(fh).get("version") or _version_number()
    except (OSError, ValueError):
        release = _version_number()

    def total(column: str) -> int:
        return sum(int(e[column]) for e in events if e.get(column))

    dates = sorted(e["event_date"] for e in events if e.get("event_date"))
    sub_types = Counter(e["sub_event_type"] for e in events)
    return {
        "version": release,
        "data": str(data),
        "rows": {t: len(r) for t, r in tables.items()},
        "first_event": dates[0] if dates else None,
        "last_event": dates[-1] if dates else None,
        "by_country": dict(sorted(Counter(e["country"] for e in events).items())),
        "by_sub_event_type": dict(sorted(sub_types.items(), key=lambda kv: (-kv[1], kv[0]))),
        "fatalities": total("fatalities"),
        "fatalities_high": total("fatalities_high"),
        "injuries": total("injuries"),
        "events_without_injury_figure": sum(1 for e in events if not e.get("injuries")),
    }


def _cmd_info(args: argparse.Namespace) -> int:
    import json

    figures = info()
    if args.json:
        print(json.dumps(figures, indent=2))
        return EXIT_OK
    rows = figures["rows"]
    print(f"mideast-events {figures['version']}  (data in {figures['data']})")
    print("rows: " + ", ".join(f"{t} {n}" for t, n in rows.items()))
    print("      " + "; ".join(f"{t}: {TABLE_MEANING.get(t, t)}" for t in rows))
    print(f"events dated from {figures['first_event']} to {figures['last_event']} (the first and last event_date)")
    print(f"killed: {figures['fatalities']}, the sum of each event's conservative figure: by ACLED's rule, the "
          f"lowest death toll a credible source reports for it (0 when none is reported); the highest tolls any "
          f"source reports add up to {figures['fatalities_high']}")
    print(f"injured: {figures['injuries']}, counted the same way; "
          f"{figures['events_without_injury_figure']} events have no injury figure from any source")
    print("events by country: " + ", ".join(f"{k} {v}" for k, v in figures["by_country"].items()))
    print("events by sub-event type: " + ", ".join(f"{k} {v}" for k, v in figures["by_sub_event_type"].items()))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from mideast_events import acled, export

    if args.format == "parquet" and not args.out:
        raise CliError("export --format parquet writes a binary file: give --out FILE")
    try:
        data = export.export(args.format, args.out, args.events, codes=args.codes, dates=args.dates,
                             raw_formulas=args.raw_formulas)
    except acled.AcledError as e:
        raise CliError(str(e)) from None
    if args.out:
        print(f"wrote {args.out} ({args.format}, {len(data):,} bytes)", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def _release(arg: str | None, stack: list[Any]) -> str:
    """A diff side: a path as given; a downloaded wheel, unpacked; nothing, the installed release."""
    if arg is None:
        from mideast_events._paths import dataset_dir

        return str(dataset_dir())
    if arg.endswith(".whl"):
        import tempfile
        import zipfile

        prefix = "mideast_events/_data/dataset/"
        try:
            with zipfile.ZipFile(arg) as whl:
                members = [m for m in whl.namelist() if m.startswith(prefix) and m.count("/") == 3]
                if not members:
                    raise CliError(f"{arg}: not a mideast-events wheel (no {prefix} inside)")
                tmp = tempfile.TemporaryDirectory(prefix="mideast-events-release-")
                stack.append(tmp)
                for m in members:
                    (Path(tmp.name) / Path(m).name).write_bytes(whl.read(m))
        except zipfile.BadZipFile:
            raise CliError(f"{arg}: not a wheel (not a zip file)") from None
        return tmp.name
    return arg


def _cmd_diff(args: argparse.Namespace) -> int:
    from mideast_events import diff

    keep: list[Any] = []  # unpacked wheels live until the comparison is printed
    old = _release(args.old, keep)
    new = _release(args.new, keep)
    result = diff.diff(old, new)
    if args.old is None:
        result.old = f"installed release {_version_number()}"
    for label, arg in (("old", args.old), ("new", args.new)):
        if arg and arg.endswith(".whl"):
            setattr(result, label, Path(arg).name)
    if args.changelog:
        print(result.to_changelog())
    else:
        print(result.to_json() if args.json else result.to_text())
    return EXIT_OK


def _cmd_extract(args: argparse.Namespace) -> int:
    extras.require("extract", "extract")
    from mideast_events.extract import cli as extract_cli

    return extract_cli.run(args)


# ------------------------------------------------------------------------------------ the parser

class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and of the exit-code list."""


def _sub(sub: Any, name: str, summary: str, description: str, ok: str, invalid: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=summary, description=f"{summary[:1].upper()}{summary[1:]}.\n\n{description}".rstrip(),
                       epilog=_exit_codes(ok, invalid), formatter_class=_Formatter)
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="on an error, also print the Python traceback (for bug reports)")
    return p


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mideast-events", formatter_class=_Formatter,
        description=__doc__.split("\n\n")[0] + "\n\nRun mideast-events COMMAND --help for the options of one command.",
        epilog=_exit_codes(EXIT_MEANINGS[EXIT_OK], EXIT_MEANINGS[EXIT_INVALID]))
    p.add_argument("--version", action=_VersionAction, help="print the version and exit")
    p.add_argument("--debug", action="store_true",
                   help="on an error, also print the Python traceback (for bug reports)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = _sub(sub, "validate", "check an events file, a data package, or (by default) the bundled data",
             "With no FILE, checks the data package that comes with this installation. With a CSV file,\n"
             "checks it against the table it looks like (events, sources, ...). With a datapackage.json\n"
             "or a folder holding one, checks every table and the links between them.",
             ok="the data is valid", invalid="the data is invalid: the report lists each problem by row")
    v.add_argument("path", nargs="?", metavar="FILE",
                   help="a CSV file, a datapackage.json, or a folder holding one (default: the bundled data package); "
                        "- reads a CSV from standard input")
    v.add_argument("--profile", choices=["mideast", "acled"], default="mideast",
                   help="mideast: this project's tables (default); acled: an export from ACLED, checked "
                        "with ACLED's columns and rules only")
    v.add_argument("--engine", choices=["auto", "polars", "pandas", "dask"], default="auto",
                   help="auto (default): polars for a CSV file, pandas for a data package; polars: the fast "
                        "engine; pandas: the same checks, several times slower on a large file; dask: splits "
                        "the file into parts, also on a cluster (needs the dask extra). The report names the engine")
    v.add_argument("--json", action="store_true", help="print the whole report as JSON")
    v.add_argument("--limit", type=int, default=50, metavar="N", help="how many problems the text report lists (default 50)")
    v.set_defaults(func=_cmd_validate)

    b = _sub(sub, "build", "regenerate datapackage.json and the derived files from the dataset CSVs",
             "For maintainers, in a source checkout (git clone, then pip install -e .). It refuses to\n"
             "write into an installed package. It writes nothing if the data does not validate.",
             ok="built, or (with --check) every published file is up to date",
             invalid="the data does not validate (nothing written), or --check found out-of-date files")
    b.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any published file differs from what build would write")
    b.add_argument("--root", metavar="DIR",
                   help="the source checkout to build (default: the checkout this mideast-events was installed from with pip install -e)")
    b.set_defaults(func=_cmd_build)

    i = _sub(sub, "info", "version, row counts, dates and totals of the bundled data, each explained",
             "Reads the bundled CSV files only; it does not validate them (use validate for that).",
             ok="the figures were printed", invalid="(not used)")
    i.add_argument("--json", action="store_true",
                   help="print the same figures as one JSON object (keys: version, data, rows, first_event, "
                        "last_event, by_country, by_sub_event_type, fatalities, fatalities_high, injuries, "
                        "events_without_injury_figure)")
    i.set_defaults(func=_cmd_info)

    x = _sub(sub, "export", "write the events in ACLED's or UCDP GED's layout, as GeoJSON or as parquet",
             "By default converts the bundled events; --events converts another file (ours or an ACLED export).",
             ok="the file was written", invalid="(not used)")
    x.add_argument("--format", required=True, choices=["acled", "ucdp", "geojson", "parquet"],
                   help="the layout to write")
    x.add_argument("--out", metavar="FILE",
                   help="write this file (all at once: a reader never sees half of it); default: standard output")
    x.add_argument("--events", metavar="FILE",
                   help="an events file to convert (ours or an ACLED export); default: the bundled events")
    x.add_argument("--codes", choices=["text", "numeric"], default=None,
                   help="acled only: actor types as today's text labels or as the older number codes "
                        "(default: an ACLED export given with --events keeps its own; else text)")
    x.add_argument("--dates", choices=["export", "api"], default=None,
                   help="acled only: dates as ACLED's export tool writes them (05 April 2021) or as its API "
                        "does (2021-04-05) (default: an ACLED export given with --events keeps its own; "
                        "else export)")
    x.add_argument("--raw-formulas", action="store_true",
                   help="acled/ucdp only: write cells starting with = + - @ tab or CR as they are (default: "
                        "a leading ' so spreadsheets do not run them; see docs/security.md)")
    x.set_defaults(func=_cmd_export)

    d = _sub(sub, "diff", "list the events added, removed and changed between two releases or files",
             "With one argument, compares the installed release with it (your copy, an ACLED file, ...).\n"
             "Each side may be an events CSV (ours or ACLED's), a datapackage.json, a folder holding one,\n"
             "or a downloaded mideast-events wheel. To compare with an older release, download its wheel:\n"
             "  pip download mideast-events==0.1.0 --no-deps -d releases/\n"
             "  mideast-events diff releases/mideast_events-0.1.0-py3-none-any.whl",
             ok="the comparison was printed (whether or not anything differs)", invalid="(not used)")
    d.add_argument("old", nargs="?", metavar="OLD",
                   help="the older side (default: the data of the installed release)")
    d.add_argument("new", metavar="NEW", help="the newer side")
    d.add_argument("--json", action="store_true", help="print the differences as JSON")
    d.add_argument("--changelog", action="store_true",
                   help="print the differences as the data section of CHANGELOG.md (Markdown)")
    d.set_defaults(func=_cmd_diff)

    e = _sub(sub, "extract", "read news articles and propose candidate event rows, each field with its evidence",
             "Needs the extract extra: pip install \"mideast-events[extract]\". Each candidate is matched\n"
             "with the existing events, so an article that reports a known event adds a source to it.",
             ok="the candidates were printed (or added with --into)",
             invalid="--into refused to add the candidates (the report says why)")
    e.add_argument("paths", nargs="+", metavar="FILE", help="text files, or folders of .txt files")
    e.add_argument("--published", metavar="YYYY-MM-DD",
                   help="the article's publication date (default: 'published' in the FILE.json beside it, else the date the text states at its head)")
    e.add_argument("--publisher", help="the publisher's name (default: 'publisher' in the FILE.json beside it)")
    e.add_argument("--format", choices=["review", "csv", "jsonl"], default="review",
                   help="review: each field with the text that supports it (default); csv: rows in the events "
                        "layout; jsonl: one JSON object per candidate, with its evidence")
    e.add_argument("--against", metavar="PATH",
                   help="an events CSV or dataset folder to match the candidates with (default: the bundled data)")
    e.add_argument("--into", metavar="DATASET_DIR",
                   help="add the new (unmatched) candidates to the CSV files in this dataset folder")
    e.add_argument("--no-gazetteer", action="store_true",
                   help="find places in the locations table only (not in the GeoNames list of towns)")
    e.set_defaults(func=_cmd_extract)

    for register in EXTRA_COMMANDS:
        register(sub)
    return p


# Other modules add their subcommands here: each entry takes the subparsers object.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def _version_number() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mideast-events")
    except PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (reading package metadata costs a tenth of a second)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kw: Any):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser: argparse.ArgumentParser, *_a: Any, **_k: Any) -> None:
        parser.exit(message=f"mideast-events {_version_number()}\n")


# ------------------------------------------------------------------------------------ the guard

def report_address() -> str:
    """Where bug reports go: the package's issue tracker URL if its metadata names one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = dict(u.split(", ", 1) for u in metadata("mideast-events").get_all("Project-URL") or [])
    except (PackageNotFoundError, ValueError):
        urls = {}
    for label in ("Issues", "Bug Tracker", "Source", "Repository", "Homepage", "Documentation"):
        if label in urls:
            return urls[label]
    return "https://mideast-events.readthedocs.io"


class _Stdout:
    """Standard output that notes a closed pipe (``| head``) instead of raising, so the command
    still ends with its own verdict; anything written after the pipe closed is dropped."""

    def __init__(self, stream: Any):
        self._stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self.broken = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _silence_stdout() -> None:
    """After a broken pipe, point file descriptor 1 at /dev/null so Python's own flush at exit
    does not complain (see the Python docs, 'Note on SIGPIPE')."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _is_unusable_input(error: BaseException) -> bool:
    """Errors that mean the input (a file, an option, the bundled data) cannot be used."""
    import csv

    # The validator's own error class, if the validator was imported (it cannot be raised otherwise).
    validate = sys.modules.get("mideast_events.validate")
    unusable = getattr(validate, "UnusableInput", None)
    if unusable is not None and isinstance(error, unusable):
        return True
    return isinstance(error, (OSError, ValueError, csv.Error, MemoryError)) and not isinstance(error, BrokenPipeError)


def _message(error: BaseException) -> str:
    if isinstance(error, MemoryError):
        return "not enough memory to read this input"
    if isinstance(error, OSError) and error.strerror and not isinstance(error, FileNotFoundError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror[:1].lower()}{error.strerror[1:]}"
    return str(error).splitlines()[0] if str(error) else error.__class__.__name__


def _run(args: argparse.Namespace) -> int:
    """Run the command; every exception becomes one line on stderr and its exit code."""
    debug = getattr(args, "debug", False)
    command = getattr(args, "command", None) or "mideast-events"

    def fail(message: str, code: int) -> int:
        if debug:
            import traceback

            traceback.print_exc()
        print(f"mideast-events: error: {message}", file=sys.stderr)
        return code

    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("mideast-events: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CliError as e:
        return fail(str(e), e.code)
    except BrokenPipeError:
        return EXIT_BROKEN_PIPE
    except ImportError as e:
        missing = extras.from_error(e, f"mideast-events {command}")
        if missing is not None:
            return fail(str(missing), EXIT_UNUSABLE)
        if (e.name or "").split(".")[0] in extras.CORE:
            return fail(f"{e.name} is not installed, but mideast-events needs it; reinstall: "
                        f"pip install --force-reinstall mideast-events", EXIT_UNUSABLE)
        return _bug(e, debug)
    except Exception as e:  # noqa: BLE001 - the top-level guard
        if _is_unusable_input(e):
            return fail(_message(e), EXIT_UNUSABLE)
        return _bug(e, debug)


def _bug(error: BaseException, debug: bool) -> int:
    if debug:
        import traceback

        traceback.print_exc()
    what = f"{error.__class__.__name__}: {_message(error)}"
    hint = "" if debug else "; run again with --debug for the traceback"
    print(f"mideast-events: internal error (a bug in mideast-events, not in your data): {what}. "
          f"Please report it with the command you ran at {report_address()}{hint}", file=sys.stderr)
    return EXIT_BUG


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    import warnings

    # A warning (an ACLED column that could not be placed) is one plain line, like an error.
    warnings.showwarning = lambda message, *_a, **_k: print(f"mideast-events: warning: {message}", file=sys.stderr)
    real_stdout = sys.stdout
    out = sys.stdout = _Stdout(real_stdout)
    try:
        code = _run(args)
        out.flush()
    finally:
        sys.stdout = real_stdout
    if out.broken:
        _silence_stdout()
        return code if code != EXIT_OK else EXIT_BROKEN_PIPE
    return code


if __name__ == "__main__":
    sys.exit(main())
