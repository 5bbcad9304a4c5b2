"""build: reproducible bytes, no drift, refuses invalid data, never half-writes."""
from __future__ import annotations

import json

import pandas as pd

from conftest import run_cli
from mideast_events import build


def test_published_files_are_up_to_date():
    assert build.check() == []


def test_build_is_byte_for_byte_reproducible(repo_copy):
    first = build.render(repo_copy)
    second = build.render(repo_copy)
    assert first == second
    assert set(first) == {"events.csv", "sources.csv", "event_sources.csv", "actors.csv", "locations.csv",
                          "events.parquet", "events.geojson", "datapackage.json"}


def test_build_sorts_and_updates_descriptor(repo_copy):
    events = repo_copy / "dataset" / "events.csv"
    df = pd.read_csv(events, dtype=str, keep_default_na=False)
    df.iloc[::-1].to_csv(events, index=False, lineterminator="\n")  # scramble the order
    assert build.check(repo_copy)  # drift is seen
    result = build.build(repo_copy)
    assert "events.csv" in result.written
    assert build.check(repo_copy) == []
    meta = json.loads((repo_copy / "dataset" / "datapackage.json").read_text())
    res = {r["name"]: r for r in meta["resources"]}
    assert res["events"]["rows"] == len(df)
    assert res["events"]["bytes"] == events.stat().st_size
    rebuilt = pd.read_csv(events, dtype=str, keep_default_na=False)
    assert rebuilt["event_id_cnty"].tolist() == sorted(df["event_id_cnty"])


def test_build_refuses_invalid_data_and_writes_nothing(repo_copy):
    ds = repo_copy / "dataset"
    before = {p.name: p.read_bytes() for p in ds.iterdir()}
    events = ds / "events.csv"
    df = pd.read_csv(events, dtype=str, keep_default_na=False)
    df.loc[0, "sub_event_type"] = "Peaceful protest"
    df.to_csv(events, index=False, lineterminator="\n")
    before["events.csv"] = events.read_bytes()
    proc = run_cli("build", "--root", str(repo_copy))
    assert proc.returncode == 1
    assert "build refused" in proc.stderr and "Traceback" not in proc.stderr
    assert {p.name: p.read_bytes() for p in ds.iterdir()} == before  # nothing touched, no temp files left


def test_check_reports_drift_with_exit_1(repo_copy):
    (repo_copy / "dataset" / "datapackage.json").write_text("{}")
    proc = run_cli("build", "--check", "--root", str(repo_copy))
    assert proc.returncode == 1 and "datapackage.json" in proc.stderr
