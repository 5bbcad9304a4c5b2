"""Start-up cost of each command, as whole processes, against `python -c pass` and a bare
`python -c "import pandas"`.

    python benchmarks/startup.py [--repeat 9] [--only info validate ...]

Each run is a new interpreter running `python -m mideast_events ARGS` with its output thrown
away; all commands and both baselines are interleaved round by round so they see the same
machine load, and the medians are compared. Prints one line per command (median seconds, ratio
to `python -c pass`, ratio to `import pandas`) and a last `ratios:` line. --help and info should
cost about as much as bare Python (they import no pandas); the commands that read data with
pandas cost at least an `import pandas`.
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

COMMANDS: dict[str, list[str]] = {
    "help": ["--help"],
    "validate help": ["validate", "--help"],
    "info": ["info"],
    "info --json": ["info", "--json"],
    "validate": ["validate"],
    "validate FILE": ["validate", str(ROOT / "examples" / "my_events.csv")],
    "export geojson": ["export", "--format", "geojson"],
    "diff FILE": ["diff", str(ROOT / "examples" / "my_events.csv")],
    "build --check": ["build", "--check"],
}
BASELINES = {"python -c pass": ["-c", "pass"], "import pandas": ["-c", "import pandas"]}


def wall(argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"startup.py: {' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9, help="rounds (default 9); the median is reported")
    ap.add_argument("--only", nargs="+", metavar="NAME", choices=list(COMMANDS), help="measure only these commands")
    args = ap.parse_args()
    commands = {k: v for k, v in COMMANDS.items() if not args.only or k in args.only}
    runs = {**{k: ["-m", "mideast_events", *v] for k, v in commands.items()}, **BASELINES}
    for argv in runs.values():  # warm the OS file cache once
        wall(argv)
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(args.repeat):
        for name, argv in runs.items():
            times[name].append(wall(argv))
    med = {k: statistics.median(v) for k, v in times.items()}
    bare, pandas = med["python -c pass"], med["import pandas"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.repeat} rounds, medians of whole processes")
    print(f"{'python -c pass':<18} {bare:6.3f} s")
    print(f"{'import pandas':<18} {pandas:6.3f} s   {pandas / bare:5.2f} x python")
    for name in commands:
        print(f"{'mideast-events ' + name:<34} {med[name]:6.3f} s   {med[name] / bare:5.2f} x python   "
              f"{med[name] / pandas:5.2f} x import pandas")
    print("ratios: " + " ".join(f"{name.replace(' ', '_')}_over_pandas={med[name] / pandas:.2f}" for name in commands))


if __name__ == "__main__":
    main()
