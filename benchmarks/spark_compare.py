"""Pandera's PySpark backend against this project's engines, on one machine, as whole processes.

    python benchmarks/spark_compare.py --file F --spark-python PY [--repeat 2]

F: an ACLED-format file written by ``validate_scale.py --keep F`` (its seeded defects are known).
PY: a Python that has pyspark and ``pandera[pyspark]`` (and Java 17+ on the machine). The project
does not install them: pyspark 4.3's pandas API, which Pandera's PySpark backend imports, does not
import beside pandas 3, the project's pandas, so they need an environment of their own, e.g.

    python -m venv /tmp/spark && /tmp/spark/bin/pip install "pandas<3" pyspark "pandera[pyspark]"

Runs in turn, each as a new process: ``validate --profile acled --engine dask F``, ``validate
--profile acled F`` (the default engine) and Pandera on PySpark (``local[*]``) with the ACLED
columns' field constraints from schema/ (types, vocabularies, patterns, ranges, required, unique),
the dates read in the export format. The Spark side checks less than our engines (no cross-field
rule, no conversion of ACLED's layouts, no formula cells): its time is a lower bound. Prints times,
peak memory, ratios and which (field, check) pairs each side finds failing.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

# schema/'s types as Spark SQL casts them
SPARK_TYPES = {"integer": "bigint", "number": "double", "date": "date", "string": "string"}


def spark_task(file: str) -> dict:
    """In the Spark Python: start Spark, read ``file`` as text, parse the typed columns (a value
    that does not parse becomes missing and is counted as a type failure, as our engines report
    it), and validate with a pandera.pyspark schema built from schema/. Failures are (field, check)
    pairs: the PySpark backend reports which checks failed, not the rows."""
    t = time.perf_counter()
    import pandera.pyspark as pa
    import pyspark.sql.functions as F
    from pyspark.sql import SparkSession
    import pyspark.sql.types as T

    from mideast_events import schema

    spark = (SparkSession.builder.master("local[*]").config("spark.ui.enabled", "false")
             .config("spark.sql.ansi.enabled", "false").config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - t
    raw = spark.read.csv(file, header=True, inferSchema=False)
    fields = [f for f in schema.fields("events") if f["name"] in schema.acled_columns() and f["name"] in raw.columns]
    typed, failures = [], set()
    for f in fields:
        col = F.col(f["name"])
        if f["type"] == "date":
            typed.append(F.to_date(col, "d MMMM yyyy").alias(f["name"]))
        elif f["type"] in ("integer", "number"):
            typed.append(col.cast(SPARK_TYPES[f["type"]]).alias(f["name"]))
        else:
            typed.append(col)
    frame = raw.select(*typed, *[F.col(f["name"]).alias(f"raw|{f['name']}") for f in fields])
    parsed = [f["name"] for f in fields if f["type"] in ("integer", "number", "date")]
    bad = frame.select(*[F.sum((F.col(f"raw|{c}").isNotNull() & F.col(c).isNull()).cast("int")).alias(c)
                         for c in parsed]).first().asDict()
    failures |= {(c, "type") for c, n in bad.items() if n}
    spark_type = {"bigint": T.LongType(), "double": T.DoubleType(), "date": T.DateType(), "string": T.StringType()}
    columns = {}
    for f in fields:
        c = f.get("constraints", {})
        checks = []
        if "enum" in c:
            checks.append(pa.Check.isin(c["enum"]))
        if "pattern" in c:
            checks.append(pa.Check.str_matches(c["pattern"]))
        bound = date.fromisoformat if f["type"] == "date" else (lambda v: v)
        if "minimum" in c:
            checks.append(pa.Check.ge(bound(c["minimum"])))
        if "maximum" in c:
            checks.append(pa.Check.le(bound(c["maximum"])))
        columns[f["name"]] = pa.Column(spark_type[SPARK_TYPES.get(f["type"], "string")],
                                       checks=checks,
                                       nullable=not c.get("required", False))
    checked = pa.DataFrameSchema(columns).validate(frame.select(*[f["name"] for f in fields]))
    for kind in checked.pandera.errors.values():
        for errors in kind.values():
            for e in errors:
                check = e.get("check") or ""
                name = check.split("(", 1)[0]
                if "not_nullable" in check or "contains null" in e.get("error", ""):
                    name = "not_nullable"
                failures.add((e.get("column"), name))  # Pandera's check names are ours
    # uniqueness of the key, which the PySpark backend's Column does not check
    for f in fields:
        if f.get("constraints", {}).get("unique"):
            repeats = frame.groupBy(f["name"]).count().filter("count > 1").limit(1).count()
            if repeats:
                failures.add((f["name"], "field_uniqueness"))
    seconds = time.perf_counter() - t
    spark.stop()
    return {"seconds": seconds, "started": started, "failures": sorted(failures)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", required=True, help="an ACLED-format file written by validate_scale.py --keep")
    ap.add_argument("--spark-python", help="a Python with pyspark and pandera[pyspark]")
    ap.add_argument("--repeat", type=int, default=2, help="runs of every task, all in turn; the fastest counts")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.task == "spark":
        print(json.dumps(spark_task(args.file)))
        return
    if not args.spark_python:
        raise SystemExit("spark_compare: --spark-python PY is needed (a Python with pyspark and pandera[pyspark])")
    import validate_scale

    file = Path(args.file)
    cli = [sys.executable, "-m", "mideast_events", "validate", "--profile", "acled", "--json"]
    tasks = {"dask": [*cli, "--engine", "dask", str(file)], "default": [*cli, str(file)],
             "spark": [args.spark_python, __file__, "--task", "spark", "--file", str(file)]}
    best: dict[str, dict] = {}
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    for _ in range(args.repeat):
        for name, argv in tasks.items():
            if name == "spark":
                t = time.perf_counter()
                proc = subprocess.run(["/usr/bin/time", "-q", "-f", "%M", *argv], capture_output=True, text=True, env=env)
                wall = time.perf_counter() - t
                if proc.returncode:
                    raise SystemExit(f"spark task failed:\n{proc.stderr[-3000:]}")
                got = json.loads(proc.stdout.splitlines()[-1])
                # GNU time's %M here is the Python process's; Spark's JVM (py4j's child) is not counted
                run = {"seconds": wall, "max_rss_mb": int(proc.stderr.strip().splitlines()[-1]) / 1024,
                       "failures": got["failures"], "started": got["started"]}
            else:
                run = validate_scale.whole_process(argv)
                run["failures"] = sorted({(f, c) for _, f, c, _ in run["failures"]
                                          if c in validate_scale.FIELD_CHECKS and f})
            if name not in best or run["seconds"] < best[name]["seconds"]:
                best[name] = run
    rows = validate_scale.count_rows(file)
    print(f"{file.name}: {rows:,} rows, {file.stat().st_size / 1e6:,.0f} MB; {os.cpu_count()} cpu(s); "
          f"fastest of {args.repeat} whole processes each, run in turn")
    for name, label in (("default", "validate (default engine: polars)"), ("dask", "validate --engine dask"),
                        ("spark", "Pandera on PySpark, local[*]")):
        r = best[name]
        extra = f"  (Python side only, not the JVM; Spark session start {r['started']:.1f} s)" if name == "spark" else ""
        print(f"{label:36s} {r['seconds']:7.2f} s  peak {r['max_rss_mb']:7.0f} MB{extra}")
    ours = {tuple(x) for x in best["dask"]["failures"]}
    spark = {tuple(x) for x in best["spark"]["failures"]}
    print(f"field-level (field, check) pairs failing: ours {len(ours)}, spark {len(spark)}; "
          f"only ours: {sorted(ours - spark)}; only spark: {sorted(spark - ours)}")
    print(f"ratios: spark_over_dask={best['spark']['seconds'] / best['dask']['seconds']:.1f} "
          f"spark_over_default={best['spark']['seconds'] / best['default']['seconds']:.1f}")


if __name__ == "__main__":
    main()
