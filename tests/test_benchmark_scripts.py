"""The benchmark scripts run and agree on failures (tiny sizes: no timing is asserted here)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow  # the benchmark's own processes, every engine: CI runs it (--run-slow)
def test_validate_scale_finds_the_same_seeded_failures_everywhere(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "validate_scale.py"), "--rows", "3000",
                           "--repeat", "2", "--keep", str(tmp_path / "synthetic.csv")],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    # the floor: every engine (and every run of each) finds exactly the seeded failures
    assert re.fullmatch(r"ratios: polars_over_read=[\d.]+ whole_polars_over_read=[\d.]+ whole_default_over_read=[\d.]+ "
                        r"whole_default_over_read_checked=[\d.]+ frictionless_over_polars=[\d.]+ same_failures=true",
                        last), proc.stdout
    # equal work: every task the same number of runs, in turn, one statistic; the baseline reads what
    # the validator reads (the whole file, as text) and, apart, the checked columns alone
    assert "every task: fastest of 2 fresh processes, all run in turn" in proc.stdout
    assert re.search(r"whole process: polars reads the \d+ checked columns", proc.stdout)
    assert "whole process: polars reads the whole file" in proc.stdout
    assert "in each of the 2 rounds: polars/read" in proc.stdout
    assert re.search(r"failures: polars (\d+), default \1, polars \1, pandas \1 \(identical: True\)", proc.stdout)
    assert "seeded kinds missed: none; failing lines not seeded: none" in proc.stdout
    # every repeat of every task reports the same failures (issue 11)
    assert re.search(r"every run of each task found the same failures: True \(in-process polars 2/2 alike, "
                     r"default 2/2 alike, polars 2/2 alike, pandas 2/2 alike\)", proc.stdout), proc.stdout
    assert "frictionless 23 (identical: True)" in proc.stdout
