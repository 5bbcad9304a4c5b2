"""Regenerate the README's example files from this checkout's dataset (run after the events change).

    python examples/make.py
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> int:
    # my_events.csv: the header and the first five rows of dataset/events.csv
    lines = (ROOT / "dataset" / "events.csv").read_bytes().split(b"\n")
    (HERE / "my_events.csv").write_bytes(b"\n".join(lines[:6]) + b"\n")
    # acled_export.csv: the same five events as ACLED's export tool lays them out
    return subprocess.call([sys.executable, "-m", "mideast_events", "export", "--format", "acled", "--codes", "numeric",
                            "--events", str(HERE / "my_events.csv"), "--out", str(HERE / "acled_export.csv")])


if __name__ == "__main__":
    sys.exit(main())
