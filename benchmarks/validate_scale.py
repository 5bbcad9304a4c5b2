"""Validation at ACLED's scale: a synthetic ACLED-format CSV of N rows, checked four ways.

    python benchmarks/validate_scale.py [--rows 1000000] [--repeat 3] [--frictionless-rows K] [--keep FILE]

Writes a current-layout ACLED export (text actor types, '05 April 2021' dates) built from the
project's real vocabularies, with known bad rows seeded into it, then runs, each in a fresh
process: reading the CSV alone with polars (the columns the validator reads, as text, which is the
baseline for the validator's own work; and separately the whole file with type inference) and with
pandas (the whole file), our validation on pandas and on polars (every field constraint and every
cross-field rule of the ACLED profile), and frictionless with the same field constraints. Every
task runs --repeat times, the tasks in turn (so that all meet the same spells of a shared
machine), and the median of each task's runs is reported. Prints each time, peak memory, and the
ratios; checks that all find the same failures. The last line is the summary.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
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


def write_synthetic(path: Path, rows: int, seed: int = 0) -> dict[str, list[int]]:
    """Write the CSV; return the 0-based rows seeded with each defect."""
    import numpy as np
    import polars as pl
    import pycountry

    from mideast_events import rules, schema

    rng = np.random.default_rng(seed)
    subs = schema.sub_event_types()
    sub_names = list(subs)
    labels = list(schema.actor_type_codes())
    codes = schema.actor_type_codes()
    boxes = rules.country_bboxes()
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
    code = np.array([codes[x] for x in labels])
    lo = np.where(code[i1] <= code[i2], i1, i2)
    hi = np.where(code[i1] <= code[i2], i2, i1)
    interaction = np.where(has2, lab[lo] + "-" + lab[hi], lab[i1] + " only")
    civ = np.where(vac, "Civilian targeting", None)
    box = np.array([boxes[i] for i in isos])[k]
    lat = np.round(box[:, 1] + (box[:, 3] - box[:, 1]) * (0.2 + 0.6 * rng.random(rows)), 4)
    lon = np.round(box[:, 0] + (box[:, 2] - box[:, 0]) * (0.2 + 0.6 * rng.random(rows)), 4)
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
    n_kinds = len(FIELD_DEFECTS) + len(RULE_DEFECTS) + 1
    spots = [[10 + 7 * j, min(rows - 1, (j + 1) * rows // (n_kinds + 1))] for j in range(n_kinds)]
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


def run_task(task: str, file: str, columns: list[str] | None = None) -> dict:
    """Run one measurement in this process; failures as [line, field, check] triples."""
    failures: list[list] = []
    if task == "read":
        # the validator's own reading: the columns it checks, as text, no type inference
        import polars as pl

        t = time.perf_counter()
        pl.scan_csv(file, infer_schema=False).select(columns).collect(engine="streaming")
        seconds = time.perf_counter() - t
    elif task == "read-all":
        import polars as pl

        t = time.perf_counter()
        pl.read_csv(file)
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


def validator_columns(file: str) -> list[str]:
    """The columns of ``file`` the ACLED profile's polars path reads (a synthetic file is in our
    column names): those some check or rule needs."""
    import polars as pl

    from mideast_events import schema
    from mideast_events.validate.columns import checked_columns

    present = pl.read_csv(file, n_rows=0).columns
    return checked_columns("events", [c for c in schema.acled_columns() if c in present])


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_run(runs: list[dict]) -> dict:
    """The run of median time (the lower middle one for an even count), with its memory and failures."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def in_fresh_process(task: str, file: Path, columns: list[str] | None = None) -> dict:
    """One task in a new interpreter (``columns``: what the read task reads, chosen by the caller so
    that working it out costs the task neither time nor memory)."""
    extra = ["--columns", ",".join(columns)] if columns else []
    proc = subprocess.run([sys.executable, __file__, "--task", task, "--file", str(file), *extra],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    if proc.returncode:
        raise SystemExit(f"{task} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--frictionless-rows", type=int, default=None,
                    help="run frictionless on the first K rows only and extrapolate its time (said in the output)")
    ap.add_argument("--keep", help="write the synthetic CSV here and keep it")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of every task, each in a fresh process, the tasks in turn; the median counts (default 3)")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--columns", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.task:
        columns = args.columns.split(",") if args.columns else None
        print(json.dumps(run_task(args.task, args.file, columns), default=str))
        return

    tmp = Path(tempfile.mkdtemp(prefix="validate_scale_"))
    file = Path(args.keep) if args.keep else tmp / "acled_synthetic.csv"
    t = time.perf_counter()
    seeded = write_synthetic(file, args.rows)
    size_mb = file.stat().st_size / 1e6
    print(f"synthetic ACLED export: {args.rows:,} rows, {size_mb:.0f} MB, written in {time.perf_counter() - t:.1f} s; "
          f"{sum(len(v) for v in seeded.values())} seeded bad rows ({len(seeded)} kinds)")

    fl_file, scale = file, 1.0
    if args.frictionless_rows and args.frictionless_rows < args.rows:
        fl_file = tmp / "acled_subsample.csv"
        with file.open() as src, fl_file.open("w") as dst:
            for i, line in enumerate(src):
                if i > args.frictionless_rows:
                    break
                dst.write(line)
        scale = args.rows / args.frictionless_rows
    # Every task runs --repeat times, each run in a fresh process, the tasks taking turns so that all
    # meet the same spells of a shared machine; each task's median run is reported.
    tasks = ("read", "read-all", "read-pandas", "pandas", "polars", "frictionless")
    runs: dict[str, list[dict]] = {task: [] for task in tasks}
    columns = validator_columns(str(file))
    for _ in range(args.repeat):
        for task in tasks:
            runs[task].append(in_fresh_process(task, fl_file if task == "frictionless" else file,
                                               columns if task == "read" else None))
    results = {task: median_run(rs) for task, rs in runs.items()}
    fl = results["frictionless"]
    fl_seconds = fl["seconds"] * scale

    print(f"runs: {args.repeat} of every task, in turn, each in a fresh process; statistic: median")
    n_cols = len(columns)
    for task, label in (("read", f"read the validator's {n_cols} columns as text (polars)"),
                        ("read-all", "read the whole CSV, types inferred (polars.read_csv)"),
                        ("read-pandas", "read the whole CSV (pandas.read_csv)"),
                        ("pandas", "validate, ACLED profile, pandas engine (read included)"),
                        ("polars", "validate, ACLED profile, polars engine (read included)")):
        r = results[task]
        print(f"{label:58s} {r['seconds']:8.2f} s   peak {r['max_rss_mb']:7.0f} MB ({r['max_rss_mb'] / size_mb:.1f}x the CSV)")
    note = "" if scale == 1.0 else f"  [ran on the first {args.frictionless_rows:,} rows; time x{scale:.1f} EXTRAPOLATED]"
    print(f"{'frictionless validate, same field constraints':58s} {fl_seconds:8.2f} s   "
          f"peak {fl['max_rss_mb']:7.0f} MB{note}")

    # every run of a task must find the same failures (the median run's are compared below)
    steady = all(r["failures"] == rs[0]["failures"] for rs in runs.values() for r in rs)
    pandas_set = {tuple(x[:3]) for x in results["pandas"]["failures"]}
    polars_set = {tuple(x[:3]) for x in results["polars"]["failures"]}
    same_engines = pandas_set == polars_set
    limit = args.frictionless_rows + 1 if scale != 1.0 else None
    ours_field = {x for x in field_failures(results["polars"]["failures"]) if limit is None or x[0] <= limit}
    theirs = {(int(r), f) for r, f, _, _ in fl["failures"] if r is not None}
    same_frictionless = ours_field == theirs
    lines = {x[0] for x in polars_set}
    missed = [what for what, rows in seeded.items() if not all(r + 2 in lines for r in rows)]
    print(f"failures: pandas {len(pandas_set)}, polars {len(polars_set)} (identical: {same_engines}); "
          f"field-level {len(ours_field)} vs frictionless {len(theirs)} (identical: {same_frictionless}); "
          f"seeded kinds missed: {missed or 'none'}")
    if not same_frictionless:
        print("  only ours:", sorted(ours_field - theirs)[:10], " only frictionless:", sorted(theirs - ours_field)[:10])
    polars_over_read = results["polars"]["seconds"] / results["read"]["seconds"]
    polars_over_read_all = results["polars"]["seconds"] / results["read-all"]["seconds"]
    fl_over_polars = fl_seconds / results["polars"]["seconds"]
    same = same_engines and same_frictionless and not missed and steady
    if not steady:
        print("  runs of one task found different failures")
    print(f"pandas engine / polars engine: {results['pandas']['seconds'] / results['polars']['seconds']:.1f}x")
    pairs = sorted(p["seconds"] / r["seconds"] for r, p in zip(runs["read"], runs["polars"]))
    print(f"polars/read in each of the {len(pairs)} turns: {', '.join(f'{x:.2f}' for x in pairs)} "
          f"(median {statistics.median(pairs):.2f})")
    print(f"ratios: polars_over_read={polars_over_read:.2f} polars_over_read_all={polars_over_read_all:.2f} "
          f"frictionless_over_polars={fl_over_polars:.1f} "
          f"same_failures={'true' if same else 'false'}")


if __name__ == "__main__":
    main()
