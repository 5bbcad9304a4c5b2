"""What Pandera costs the validator: its import, building the schemas from schema/, and its checks.

    python benchmarks/pandera_cost.py FILE [--repeat 5]

FILE: an ACLED export (benchmarks/validate_scale.py --keep FILE writes a synthetic one).
Imports are timed as whole processes (fresh interpreters, all in turn, medians); the rest in
one process: building each Pandera schema, and the pandas engine's phases on FILE (parsing the
text columns, Pandera's own ``validate`` of the column checks, the rules), then the polars
engine's translation of the same Pandera schema into its one query.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

IMPORTS = {
    "polars, pandas": "import polars, pandas",
    "polars, pandas, pandera.polars": "import polars, pandas, pandera.polars",
    "polars, pandas, pandera.pandas": "import polars, pandas, pandera.pandas",
}


def wall(code: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    times: dict[str, list[float]] = {k: [] for k in IMPORTS}
    for _ in range(args.repeat):
        for name, code in IMPORTS.items():
            times[name].append(wall(code))
    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["polars, pandas"]
    print(f"imports (whole processes, median of {args.repeat}, in turn):")
    for name, m in med.items():
        print(f"  import {name:34s} {m:6.2f} s" + ("" if name == "polars, pandas" else f"   Pandera adds {m - base:.2f} s"))

    import pandas as pd  # noqa: F401
    import pandera.pandas  # noqa: F401
    import pandera.polars  # noqa: F401

    from mideast_events import pandera_schemas, rules
    from mideast_events.validate import acled_profile, pandas_engine, polars_engine

    t = time.perf_counter()
    pandera_schemas.pandas_schema("events", rules=False, categorical=False)
    pandas_build = time.perf_counter() - t
    t = time.perf_counter()
    pandera_schemas.polars_schema("events", rules=False)
    polars_build = time.perf_counter() - t
    print(f"building the events schema from schema/: pandas {pandas_build:.3f} s, polars {polars_build:.3f} s")

    spent: dict[str, float] = {"parse": 0.0, "Pandera validate (column checks)": 0.0, "rules": 0.0}

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        def run(*a, **k):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t
        return run

    pandas_engine.parse_frame = timed("parse", pandas_engine.parse_frame)
    pandas_engine.column_checks = timed("Pandera validate (column checks)", pandas_engine.column_checks)
    pandas_engine.rule_checks = timed("rules", pandas_engine.rule_checks)
    t = time.perf_counter()
    report = acled_profile.validate_acled(Path(args.file), engine="pandas")
    total = time.perf_counter() - t
    print(f"pandas engine on {Path(args.file).name} ({sum(report.rows.values()):,} rows): {total:.2f} s in all")
    for name, s in spent.items():
        print(f"  {name:34s} {s:6.2f} s  ({s / total:.0%})")

    polars_engine.polars_checks.cache_clear()
    t = time.perf_counter()
    polars_engine.polars_checks("events", tuple(f for f in pandera_schemas.polars_schema("events").columns),
                                rules.RULES)
    print(f"polars engine: the Pandera schema's checks turned into one query's expressions: "
          f"{time.perf_counter() - t:.3f} s (they then run inside the query that reads no column twice)")


if __name__ == "__main__":
    main()
