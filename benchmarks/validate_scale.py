"""Validation at ACLED's scale: a synthetic ACLED-format CSV of N rows, checked four ways.

    python benchmarks/validate_scale.py [--rows 1000000] [--repeat 3] [--frictionless-rows K] [--keep FILE [--reuse]] [--dask]
    python benchmarks/validate_scale.py --rows 1000000 --big-rows 10000000 --cap-mb 4096   # dask, file > memory cap

Writes a current-layout ACLED export (text actor types, '05 April 2021' dates) built from the
project's real vocabularies, with known bad rows seeded into it, then runs, each in a fresh
process: reading the CSV alone (polars), our validation on pandas and on polars (every field
constraint and every cross-field rule of the ACLED profile), and frictionless with the same
field constraints. Prints each time, peak memory, and the ratios; checks that all find the same
failures, that every run of each task finds the same failures as its other runs, and that no line
fails that was not seeded. The last line is the summary.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# (what is wrong, column, value): values a field constraint or a type rejects
FIELD_DEFECTS = [
    ("inter1 not an actor type", "inter1", "Rebels"),
    ("latitude above 90", "latitude", "95.0"),
    ("id not ACLED's pattern", "event_id_cnty", "bad-1"),
    ("actor1 missing", "actor1", ""),
    ("fatalities not an integer", "fatalities", "3.5"),
    ("time_precision outside 1-3", "time_precision", "4"),
    ("iso above 999", "iso", "1000"),
    ("civilian_targeting misspelt", "civilian_targeting", "Yes"),
    ("spreadsheet-damaged date", "event_date", "31-12-19"),
    ("geo_precision not a number", "geo_precision", "one"),
    ("sub_event_type not in the vocabulary", "sub_event_type", "Drone strike"),
]
# (what is wrong, edit): rows that only the cross-field rules catch
RULE_DEFECTS = ["sub_event_type of another event_type", "interaction not from the actor types",
                "year not the year of event_date", "latitude and longitude swapped", "Battles with civilian targeting"]


# ------------------------------------------------------------------ synthetic file


def points_in_countries(iso, rng):
    """A random point (4 decimals) inside each country's land (geo's Natural Earth shape), drawn in
    the shape's bounding box and drawn again until it falls inside."""
    import numpy as np
    import shapely

    from mideast_events import geo

    lat, lon = np.zeros(len(iso)), np.zeros(len(iso))
    for code in np.unique(iso):
        shape = geo.shape(int(code))
        x0, y0, x1, y1 = shape.bounds
        todo = np.flatnonzero(iso == code)
        while len(todo):
            lat[todo] = np.round(y0 + (y1 - y0) * rng.random(len(todo)), 4)
            lon[todo] = np.round(x0 + (x1 - x0) * rng.random(len(todo)), 4)
            todo = todo[~shapely.contains_xy(shape, lon[todo], lat[todo])]
    return lat, lon
def seed_spots(rows: int) -> list[list[int]]:
    """The two rows (0-based) seeded with each kind of defect: one near the top, one further down."""
    n_kinds = len(FIELD_DEFECTS) + len(RULE_DEFECTS) + 1
    return [[10 + 7 * j, min(rows - 1, (j + 1) * rows // (n_kinds + 1))] for j in range(n_kinds)]


def seeded_rows(rows: int) -> dict[str, list[int]]:
    """What write_synthetic seeds where, for a file of ``rows`` rows (to reuse a file it wrote)."""
    kinds = [what for what, _, _ in FIELD_DEFECTS] + RULE_DEFECTS + ["duplicate event_id_cnty"]
    return dict(zip(kinds, seed_spots(rows)))


def count_rows(path: Path) -> int:
    """Data rows of a CSV written by write_synthetic (no line breaks inside cells): lines - 1."""
    n = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
    return n - 1


def write_synthetic(path: Path, rows: int, seed: int = 0) -> dict[str, list[int]]:
    """Write the CSV; return the 0-based rows seeded with each defect."""
    import numpy as np
    import polars as pl
    import pycountry

    from mideast_events import conventions, rules, schema

    rng = np.random.default_rng(seed)
    subs = schema.sub_event_types()
    sub_names = list(subs)
    labels = list(schema.actor_type_codes())
    isos = [368, 760, 400, 887, 422, 376, 364]  # Iraq, Syria, Jordan, Yemen, Lebanon, Israel, Iran
    names = [pycountry.countries.get(numeric=f"{i:03d}").name.split(",")[0] for i in isos]
    alpha3 = [pycountry.countries.get(numeric=f"{i:03d}").alpha_3 for i in isos]

    k = rng.integers(len(isos), size=rows)
    s = rng.integers(len(sub_names), size=rows)
    sub = np.array(sub_names, dtype=object)[s]
    event_type = np.array([subs[x][0] for x in sub_names], dtype=object)[s]
    disorder = np.array([subs[x][1] for x in sub_names], dtype=object)[s]
    vac = event_type == "Violence against civilians"
    i1 = rng.integers(len(labels), size=rows)
    i2 = np.where(vac, labels.index("Civilians"), rng.integers(len(labels), size=rows))
    has2 = vac | (rng.random(rows) < 0.7)
    lab = np.array(labels, dtype=object)
    inter1, inter2 = lab[i1], np.where(has2, lab[i2], None)
    # ACLED's text interaction for each pair of actor types (schema/acled/interaction_order.csv)
    pairs = np.array([[conventions.text_interaction(a, b) for b in labels] for a in labels], dtype=object)
    interaction = np.where(has2, pairs[i1, i2], lab[i1] + " only")
    civ = np.where(vac, "Civilian targeting", None)
    lat, lon = points_in_countries(np.array(isos)[k], rng)
    day = rng.integers(0, 7 * 365, size=rows)
    country = np.array(names, dtype=object)[k]
    place = rng.integers(1, 400, size=rows)
    def text(x):  # numpy object arrays (strings with None) as polars strings
        return pl.Series(x.tolist(), dtype=pl.String) if isinstance(x, np.ndarray) and x.dtype == object else x

    columns = {
        "event_id_cnty": text(np.array(alpha3, dtype=object)[k]) + pl.Series(np.arange(1, rows + 1)).cast(pl.String),
        "date": pl.Series(np.datetime64("2018-01-01") + day.astype("timedelta64[D]")).cast(pl.Date),
        "time_precision": rng.integers(1, 4, size=rows),
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub,
        "actor1": text(inter1) + " (" + text(country) + ")",
        "assoc_actor_1": np.where(rng.random(rows) < 0.2, "Associated Group A; Associated Group B", None),
        "inter1": inter1,
        "actor2": np.where(has2, (text(np.where(has2, inter2, "x")) + " (" + text(country) + ")").to_numpy(), None),
        "assoc_actor_2": None, "inter2": inter2, "interaction": interaction, "civilian_targeting": civ,
        "iso": np.array(isos)[k], "region": "Middle East", "country": country,
        "admin1": text(country) + " Province " + pl.Series(place % 12).cast(pl.String),
        "admin2": text(country) + " District " + pl.Series(place % 40).cast(pl.String),
        "admin3": None, "location": text(country) + " Town " + pl.Series(place).cast(pl.String),
        "latitude": lat, "longitude": lon, "geo_precision": rng.integers(1, 4, size=rows),
        "source": np.where(rng.random(rows) < 0.5, "Synthetic Daily; Synthetic Wire", "Synthetic Daily"),
        "source_scale": np.where(rng.random(rows) < 0.5, "National", "Local partner-Other"),
        "fatalities": rng.poisson(1.2, size=rows), "tags": None,
        "timestamp": rng.integers(1_600_000_000, 1_700_000_000, size=rows),
    }
    frame = pl.DataFrame({c: text(v) for c, v in columns.items()}, strict=False)
    frame = frame.with_columns(
        pl.col("date").dt.strftime("%d %B %Y").alias("event_date"),
        pl.col("date").dt.year().alias("year"),
        pl.format("On {}, a synthetic {} event involving {} was reported in {} ({}).",
                  pl.col("date").dt.strftime("%-d %B %Y"), pl.col("sub_event_type").str.to_lowercase(),
                  pl.col("actor1"), pl.col("location"), pl.col("admin1")).alias("notes"),
    ).select(schema.acled_columns()).with_columns(pl.all().cast(pl.String))

    # Seed each defect twice: once near the top (inside any subsample) and once further down.
    seeded: dict[str, list[int]] = {}
    edits: dict[tuple[int, str], str | None] = {}
    spots = seed_spots(rows)
    get = lambda r, c: frame[r, c]  # noqa: E731
    for j, (what, col, value) in enumerate(FIELD_DEFECTS):
        seeded[what] = spots[j]
        for r in spots[j]:
            edits[(r, col)] = value or None
    for j, what in enumerate(RULE_DEFECTS, start=len(FIELD_DEFECTS)):
        seeded[what] = spots[j]
        for r in spots[j]:
            if what.startswith("sub_event_type"):
                et = get(r, "event_type")
                other = next(x for x in sub_names if subs[x][0] != et)
                edits[(r, "sub_event_type")], edits[(r, "disorder_type")] = other, subs[other][1]
            elif what.startswith("interaction"):
                edits[(r, "interaction")] = "Rioters-Rioters" if get(r, "interaction") != "Rioters-Rioters" else "Civilians only"
            elif what.startswith("year"):
                edits[(r, "year")] = str(int(get(r, "year")) - 1)
            elif what.startswith("latitude"):
                edits[(r, "latitude")], edits[(r, "longitude")] = get(r, "longitude"), get(r, "latitude")
            else:
                edits[(r, "event_type")], edits[(r, "sub_event_type")] = "Battles", "Armed clash"
                edits[(r, "disorder_type")], edits[(r, "civilian_targeting")] = "Political violence", "Civilian targeting"
                edits[(r, "inter2")] = edits[(r, "actor2")] = None
                edits[(r, "interaction")] = f"{get(r, 'inter1')} only"
    dup = spots[-1]
    seeded["duplicate event_id_cnty"] = dup
    edits[(dup[1], "event_id_cnty")] = get(dup[0], "event_id_cnty")
    for (r, c), v in edits.items():
        frame[r, c] = v
    frame.write_csv(path, null_value="")
    return seeded


# ------------------------------------------------------------------ one task per process


def frictionless_schema() -> dict:
    """The ACLED columns' Table Schema as published, dates in the export tool's format."""
    from mideast_events import schema

    full = schema.table_schema("events", frictionless=True)
    fields = [f for f in full["fields"] if f["name"] in schema.acled_columns()]
    for f in fields:
        f.pop("categories", None)
        f.pop("example", None)
        if f["name"] == "event_date":
            f["format"] = "%d %B %Y"
    return {"fields": fields}


def run_task(task: str, file: str) -> dict:
    """Run one measurement in this process; failures as [line, field, check] triples."""
    failures: list[list] = []
    if task == "read":
        import polars as pl

        t = time.perf_counter()
        pl.read_csv(file, infer_schema=False)  # what the validator reads: every column, as text
        seconds = time.perf_counter() - t
    elif task == "read-pandas":
        import pandas as pd

        t = time.perf_counter()
        pd.read_csv(file)
        seconds = time.perf_counter() - t
    elif task in ("pandas", "polars"):
        # Libraries are imported before the clock, for every task alike.
        import pandera.pandas  # noqa: F401
        import pandera.polars  # noqa: F401
        import polars  # noqa: F401

        from mideast_events import acled, pandera_schemas

        pandera_schemas.polars_schema("events", rules=False) if task == "polars" else pandera_schemas.pandas_schema("events")

        t = time.perf_counter()
        report = acled.validate_acled(file, engine=task)
        seconds = time.perf_counter() - t
        failures = [[p.line, p.field, p.check, p.value] for p in report.problems]
    elif task == "frictionless":
        import frictionless

        t = time.perf_counter()
        table = frictionless.Resource(path=Path(file).name, basepath=str(Path(file).parent),
                                      schema=frictionless.Schema.from_descriptor(frictionless_schema()))
        report = frictionless.validate(table, limit_errors=100000)
        seconds = time.perf_counter() - t
        for e in report.flatten(["rowNumber", "fieldName", "type", "cell"]):
            failures.append(e)
    else:
        raise SystemExit(f"unknown task {task}")
    return {"seconds": seconds, "max_rss_mb": peak_memory_mb(), "failures": failures}


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(task: str, file: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--task", task, "--file", str(file)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    if proc.returncode:
        raise SystemExit(f"{task} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


# ------------------------------------------------------------------ whole processes, as users run them

READ_CODE = ("import sys, polars as pl; "
             "pl.read_csv(sys.argv[1], columns=sys.argv[2].split(',') if sys.argv[2] else None, infer_schema=False)")
PANDAS_READ_CODE = "import sys, pandas as pd; pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)"


def whole_commands(file: Path, columns: list[str], engines: list[str]) -> dict[str, list[str]]:
    """Each whole-process task: its command line (imports, reading and the report included)."""
    cli = [sys.executable, "-m", "mideast_events", "validate", "--profile", "acled", "--json"]
    out = {
        # the validator reads every column of the file as text (the checks and the formula-cell scan)
        "whole-read": [sys.executable, "-c", READ_CODE, str(file), ""],
        "whole-read-checked": [sys.executable, "-c", READ_CODE, str(file), ",".join(columns)],
        "whole-read-pandas": [sys.executable, "-c", PANDAS_READ_CODE, str(file)],
        "whole-default": [*cli, str(file)],
    }
    for engine in engines:
        out[f"whole-{engine}"] = [*cli, "--engine", engine, str(file)]
    return out


def whole_process(argv: list[str], cap_mb: int | None = None) -> dict:
    """Run ``argv`` as a new process: wall seconds, its peak memory, and the failures it
    reports (the validate commands print JSON). Peak memory comes from GNU time (%M) where it is
    installed: a child's own ru_maxrss starts at its parent's peak (it survives fork and exec),
    and this script holds the synthetic frame; without GNU time, wait4's figure is an upper bound."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    gnu_time = Path("/usr/bin/time")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        wrapped = [str(gnu_time), "-q", "-f", "%M", "-o", peak.name, *argv] if gnu_time.exists() else argv
        t = time.perf_counter()
        def capped() -> None:  # the process (and GNU time, its parent) may not hold more than cap_mb
            # RLIMIT_DATA: the private writable memory a process may map (heap, anonymous mappings,
            # thread stacks). Not RLIMIT_AS: that counts address space, and polars maps the file
            # it scans into it (a 5 GB file needs 5 GB of address space, not of memory).
            resource.setrlimit(resource.RLIMIT_DATA, (cap_mb << 20, cap_mb << 20))

        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env, preexec_fn=capped if cap_mb else None)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{' '.join(argv[:8])} failed ({code}):\n{err.read().decode()[-2000:]}")
        out.seek(0)
        text = out.read().decode()
        kb = peak.read().strip().splitlines()[-1] if gnu_time.exists() else str(usage.ru_maxrss)
    failures = []
    if "validate" in argv:
        report = json.loads(text)
        failures = [[p["line"], p["field"], p["check"], p["value"]] for p in report["problems"]]
        engine = report["target"].rsplit("[engine: ", 1)[-1].split("]")[0].split(",")[0]
    else:
        engine = None
    return {"seconds": seconds, "max_rss_mb": int(kb) / 1024, "failures": failures, "engine": engine}


# ------------------------------------------------------------------ comparing failures

FIELD_CHECKS = {"type", "isin", "str_matches", "greater_than_or_equal_to", "less_than_or_equal_to",
                "not_nullable", "field_uniqueness"}


def field_failures(ours: list[list]) -> set[tuple[int, str]]:
    """Our field-level failures as (line, field); for duplicates only the repeats, as frictionless reports them."""
    out, first = set(), {}
    for line, field, check, value in sorted(ours, key=lambda x: (x[0] or 0)):
        if check not in FIELD_CHECKS or line is None:
            continue
        if check == "field_uniqueness" and first.setdefault(value, line) == line:
            continue
        out.add((line, field))
    return out


def big_file(args: argparse.Namespace, tmp: Path) -> None:
    """--big-rows: the dask engine on a file larger than the cap on its memory. The file is the
    --rows file repeated (each copy's event ids given the copy's number, so ids stay unique); it
    must find each copy's seeded failures, on the copy's lines."""
    import polars as pl

    base = Path(args.keep) if args.keep else tmp / "acled_synthetic.csv"
    if not (args.reuse and base.exists() and count_rows(base) == args.rows):
        write_synthetic(base, args.rows)
    copies = -(-args.big_rows // args.rows)
    big = tmp / "acled_big.csv"
    t = time.perf_counter()
    frame = pl.read_csv(base, infer_schema=False)
    with big.open("wb") as fh:
        for c in range(copies):
            frame.with_columns(pl.col("event_id_cnty") + str(c)).write_csv(fh, include_header=c == 0, null_value="")
    del frame
    size_mb = big.stat().st_size / 1e6
    print(f"big file: {copies} copies of the {args.rows:,}-row file = {copies * args.rows:,} rows, {size_mb:,.0f} MB, "
          f"written in {time.perf_counter() - t:.1f} s; "
          + (f"memory cap (RLIMIT_DATA) {args.cap_mb:,} MB ({args.cap_mb / size_mb:.2f}x the file)" if args.cap_mb
             else "no memory cap"))
    cli = [sys.executable, "-m", "mideast_events", "validate", "--profile", "acled", "--json", "--engine", "dask"]
    try:
        r = whole_process([*cli, str(big)], cap_mb=args.cap_mb or None)
    finally:
        big.unlink()
    seeded = {r + 2 for rows in seeded_rows(args.rows).values() for r in rows}
    want = {line + c * args.rows for c in range(copies) for line in seeded}
    got = {x[0] for x in r["failures"] if x[0] is not None}
    print(f"validate --engine dask{', capped' if args.cap_mb else ''}: {r['seconds']:.1f} s, peak {r['max_rss_mb']:,.0f} MB "
          f"({r['max_rss_mb'] / size_mb:.2f}x the file), {len(r['failures'])} problems on {len(got)} lines; "
          f"each copy's seeded lines found, nothing else: {got == want}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--frictionless-rows", type=int, default=None,
                    help="run frictionless on the first K rows only and extrapolate its time (said in the output)")
    ap.add_argument("--keep", help="write the synthetic CSV here and keep it")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of every task, each in a fresh process, all in turn; the fastest counts (default 3)")
    ap.add_argument("--dask", action="store_true", help="also time validate --engine dask (whole processes)")
    ap.add_argument("--reuse", action="store_true",
                    help="with --keep FILE: reuse FILE if it exists and has --rows rows (it must be this script's)")
    ap.add_argument("--big-rows", type=int, metavar="N",
                    help="instead: the dask engine alone on a file of N rows (the --rows file repeated, made only "
                         "when asked) under a memory cap of --cap-mb")
    ap.add_argument("--cap-mb", type=int, default=4096,
                    help="with --big-rows: the memory cap (RLIMIT_DATA) of the validating process, in MB (0: none)")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.task:
        print(json.dumps(run_task(args.task, args.file), default=str))
        return

    tmp = Path(tempfile.mkdtemp(prefix="validate_scale_"))
    try:  # the synthetic files (hundreds of MB) do not outlive the run, unless --keep names one
        if args.big_rows:
            big_file(args, tmp)
        else:
            compare(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def compare(args: argparse.Namespace, tmp: Path) -> None:
    """Every task on the --rows file, in turn; the figures, the ratios and the failures compared."""
    file = Path(args.keep) if args.keep else tmp / "acled_synthetic.csv"
    t = time.perf_counter()
    if args.reuse and file.exists() and count_rows(file) == args.rows:
        seeded, how = seeded_rows(args.rows), "reused (written before by this script)"
    else:
        seeded = write_synthetic(file, args.rows)
        how = f"written in {time.perf_counter() - t:.1f} s"
    size_mb = file.stat().st_size / 1e6
    print(f"synthetic ACLED export: {args.rows:,} rows, {size_mb:.0f} MB, {how}; "
          f"{sum(len(v) for v in seeded.values())} seeded bad rows ({len(seeded)} kinds)")

    from mideast_events import schema
    from mideast_events.validate.columns import checked_columns

    columns = checked_columns("events", schema.acled_columns())  # what the validator reads of the file
    engines = ["polars", "pandas"] + (["dask"] if args.dask else [])
    commands = whole_commands(file, columns, engines)
    # Every task runs --repeat times, in turn (one round: each task once, a fresh process each),
    # so that a busy spell of a shared machine falls on all of them; the fastest run of each
    # counts, and each ratio is also given per round.
    runs: dict[str, list[dict]] = {task: [] for task in ("read", "polars", *commands)}
    for _ in range(args.repeat):
        for task in runs:
            runs[task].append(in_fresh_process(task, file) if task in ("read", "polars")
                              else whole_process(commands[task]))
    results = {task: min(rs, key=lambda r: r["seconds"]) for task, rs in runs.items()}
    fl_file, scale = file, 1.0
    if args.frictionless_rows and args.frictionless_rows < args.rows:
        fl_file = tmp / "acled_subsample.csv"
        with file.open() as src, fl_file.open("w") as dst:
            for i, line in enumerate(src):
                if i > args.frictionless_rows:
                    break
                dst.write(line)
        scale = args.rows / args.frictionless_rows
    fl = in_fresh_process("frictionless", fl_file)
    fl_seconds = fl["seconds"] * scale

    print(f"(every task: fastest of {args.repeat} fresh processes, all run in turn; frictionless: one run, "
          f"a reference only)")
    labels = {
        "read": "in-process: read the CSV alone (polars.read_csv, every column as text)",
        "polars": "in-process: validate, polars engine (imports before the clock)",
        "whole-read": "whole process: polars reads the whole file (as text)",
        "whole-read-checked": f"whole process: polars reads the {len(columns)} checked columns (as text)",
        "whole-read-pandas": "whole process: pandas reads the whole file (as text)",
        "whole-default": f"whole process: validate, no --engine ({results['whole-default']['engine']})",
        **{f"whole-{e}": f"whole process: validate --engine {e}" for e in engines},
    }
    for task, label in labels.items():
        r = results[task]
        print(f"{label:64s} {r['seconds']:8.2f} s   peak {r['max_rss_mb']:7.0f} MB ({r['max_rss_mb'] / size_mb:.1f}x the CSV)")
    note = "" if scale == 1.0 else f"  [ran on the first {args.frictionless_rows:,} rows; time x{scale:.1f} EXTRAPOLATED]"
    print(f"{'frictionless validate, same field constraints':64s} {fl_seconds:8.2f} s   "
          f"peak {fl['max_rss_mb']:7.0f} MB{note}")

    # every run of a task finds the same failures, or its figures compare nothing
    checked = {task: rs for task, rs in runs.items() if task == "polars" or (task.startswith("whole-") and "read" not in task)}
    unsteady = [task for task, rs in checked.items()
                if any(sorted(map(tuple, r["failures"])) != sorted(map(tuple, rs[0]["failures"])) for r in rs)]
    steady = not unsteady
    verdicts = [f"{'in-process polars' if t == 'polars' else t.removeprefix('whole-')} {'DIFFERED' if t in unsteady else f'{len(rs)}/{len(rs)} alike'}"
                for t, rs in checked.items()]
    print(f"every run of each task found the same failures: {steady} ({', '.join(verdicts)})")
    polars_set = {tuple(x[:3]) for x in results["polars"]["failures"]}
    engine_sets = {task: {tuple(x[:3]) for x in rs["failures"]} for task, rs in results.items()
                   if task.startswith("whole-") and "read" not in task}
    same_engines = all(found == polars_set for found in engine_sets.values())
    pandas_set = engine_sets["whole-pandas"]
    limit = args.frictionless_rows + 1 if scale != 1.0 else None
    ours_field = {x for x in field_failures(results["polars"]["failures"]) if limit is None or x[0] <= limit}
    theirs = {(int(r), f) for r, f, _, _ in fl["failures"] if r is not None}
    same_frictionless = ours_field == theirs
    lines = {x[0] for x in polars_set}
    missed = [what for what, rows in seeded.items() if not all(r + 2 in lines for r in rows)]
    unseeded = sorted(lines - {r + 2 for rows in seeded.values() for r in rows} - {None, 1})
    print(f"failures: polars {len(polars_set)}, "
          + ", ".join(f"{t.removeprefix('whole-')} {len(v)}" for t, v in engine_sets.items())
          + f" (identical: {same_engines}); "
          f"field-level {len(ours_field)} vs frictionless {len(theirs)} (identical: {same_frictionless}); "
          f"seeded kinds missed: {missed or 'none'}; failing lines not seeded: "
          f"{'none' if not unseeded else f'{len(unseeded)} (first {unseeded[:5]})'}")
    if not same_frictionless:
        print("  only ours:", sorted(ours_field - theirs)[:10], " only frictionless:", sorted(theirs - ours_field)[:10])
    polars_over_read = results["polars"]["seconds"] / results["read"]["seconds"]
    fl_over_polars = fl_seconds / results["polars"]["seconds"]
    same = same_engines and same_frictionless and not missed and not unseeded and steady

    def ratio(a: str, b: str) -> float:
        return results[a]["seconds"] / results[b]["seconds"]

    def per_round(a: str, b: str) -> str:
        turns = sorted(x["seconds"] / y["seconds"] for x, y in zip(runs[a], runs[b]))
        return f"{', '.join(f'{x:.2f}' for x in turns)} (median {statistics.median(turns):.2f})"

    print(f"pandas engine / polars engine, whole processes: {ratio('whole-pandas', 'whole-polars'):.1f}x; "
          f"pandas engine / its own read (pandas, whole processes): {ratio('whole-pandas', 'whole-read-pandas'):.2f}x")
    if args.dask:
        print(f"dask engine / pandas engine: {ratio('whole-dask', 'whole-pandas'):.2f}x; "
              f"dask / polars: {ratio('whole-dask', 'whole-polars'):.1f}x")
    print(f"in each of the {args.repeat} rounds: polars/read {per_round('polars', 'read')}; "
          f"whole default/read {per_round('whole-default', 'whole-read')}")
    print(f"ratios: polars_over_read={polars_over_read:.2f} "
          f"whole_polars_over_read={ratio('whole-polars', 'whole-read'):.2f} "
          f"whole_default_over_read={ratio('whole-default', 'whole-read'):.2f} "
          f"whole_default_over_read_checked={ratio('whole-default', 'whole-read-checked'):.2f} "
          f"frictionless_over_polars={fl_over_polars:.1f} same_failures={'true' if same else 'false'}")


if __name__ == "__main__":
    main()
