"""Cold load: ``import mideast_events; load_events()`` in a fresh process, against a bare
``pandas.read_csv`` of the same file in a fresh process.

    python benchmarks/load.py [--repeat 15]

Each run is a new interpreter (nothing cached in the process); the two are interleaved so
that both see the same machine load, and the medians are compared. Target: ratio <= 1.2.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def wall(code: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    import mideast_events

    file = mideast_events.path("events")
    ours_code = "import mideast_events; mideast_events.load_events()"
    bare_code = f"import pandas; pandas.read_csv({str(file)!r})"
    wall(ours_code), wall(bare_code)  # warm the OS file cache for both
    ours, bare = [], []
    for _ in range(args.repeat):
        ours.append(wall(ours_code))
        bare.append(wall(bare_code))
    mo, mb = statistics.median(ours), statistics.median(bare)
    print(f"file: {file} ({file.stat().st_size:,} bytes)")
    print(f"cold import mideast_events + load_events(): median {mo * 1000:.0f} ms (min {min(ours) * 1000:.0f})")
    print(f"cold import pandas + pandas.read_csv():     median {mb * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"ratios: load_over_read_csv={mo / mb:.2f} (target <= 1.2; {args.repeat} runs each, interleaved)")


if __name__ == "__main__":
    main()
