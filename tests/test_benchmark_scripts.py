"""The benchmark scripts run and agree on failures (tiny sizes: no timing is asserted here)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_validate_scale_finds_the_same_seeded_failures_everywhere(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "validate_scale.py"), "--rows", "3000",
                           "--repeat", "1", "--keep", str(tmp_path / "synthetic.csv")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("ratios: polars_over_read=") and last.endswith("same_failures=true"), proc.stdout
    assert "seeded kinds missed: none" in proc.stdout
    assert "frictionless 23 (identical: True)" in proc.stdout
