"""Dates before schema/'s minimum (a year 0000, a 1985 typo for 2015) are refused on every engine
and by frictionless, which reads the same bound from datapackage.json."""
from __future__ import annotations

import shutil
import pandas as pd
import pytest

from conftest import ROOT, run_cli

SOURCES = ROOT / "dataset" / "sources.csv"


def _with_published(tmp_path, value: str):
    df = pd.read_csv(SOURCES, dtype=str, keep_default_na=False)
    row = int((df["published"] != "").to_numpy().nonzero()[0][0])
    df.loc[row, "published"] = value
    out = tmp_path / "sources.csv"
    df.to_csv(out, index=False)
    return out, row + 2  # header is line 1


@pytest.mark.parametrize("engine", ["pandas", "polars", "dask"])
@pytest.mark.parametrize("value", ["0000-01-29", "1985-06-30"])
def test_a_published_date_before_the_minimum_is_refused(tmp_path, engine, value):
    path, line = _with_published(tmp_path, value)
    proc = run_cli("validate", "--engine", engine, str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    flagged = [x for x in proc.stdout.splitlines() if f"line {line}" in x and "published" in x]
    assert len(flagged) == 1, proc.stdout


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_the_first_day_allowed_passes(tmp_path, engine):
    path, _ = _with_published(tmp_path, "1990-01-01")
    proc = run_cli("validate", "--engine", engine, str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_frictionless_reads_the_same_minimum(tmp_path):
    pkg = tmp_path / "dataset"
    shutil.copytree(ROOT / "dataset", pkg)
    _with_published(pkg, "1985-06-30")  # rewrites pkg/sources.csv in place
    from frictionless import Package
    report = Package(str(pkg / "datapackage.json")).validate()
    kinds = {e.type for task in report.tasks for e in task.errors}
    assert "constraint-error" in kinds, kinds
