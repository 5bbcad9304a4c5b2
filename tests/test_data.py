"""The published dataset itself: validates with our rules and with Frictionless, and follows the coding rules."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import mideast_events as me
from conftest import ROOT, run_cli
from mideast_events import validate


def test_bundled_package_validates():
    report = validate.validate_package()
    assert report.valid, report.to_text()
    assert report.rows["events"] == len(me.load_events()) > 0


def test_cli_validate_default_is_the_bundled_package():
    proc = run_cli("validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("valid:")


def _frictionless_errors(descriptor) -> list[tuple[str, str]]:
    """(resource, error type) of every error Frictionless's own validator finds (its Python API:
    no dependence on a ``frictionless`` script being on PATH)."""
    import frictionless

    report = frictionless.validate(str(descriptor))
    return [(task.name, e.type) for task in report.tasks for e in task.errors] + [("", e.type) for e in report.errors]


def test_frictionless_validates_the_package():
    assert _frictionless_errors(ROOT / "dataset" / "datapackage.json") == []


def test_frictionless_catches_a_broken_foreign_key(repo_copy):
    es = repo_copy / "dataset" / "event_sources.csv"
    df = pd.read_csv(es, dtype=str, keep_default_na=False)
    df.loc[0, "source_id"] = "S9999"
    df.to_csv(es, index=False, lineterminator="\n")
    errors = _frictionless_errors(repo_copy / "dataset" / "datapackage.json")
    # the row points at no source, and the file no longer has the bytes/hash the descriptor declares
    assert ("event_sources", "foreign-key") in errors and ("event_sources", "hash-count") in errors
    assert {name for name, _ in errors} == {"event_sources"}


def test_frictionless_script_in_the_environment_agrees():
    # the command-line tool users run, from this interpreter's environment (not whatever is on PATH)
    exe = Path(sys.executable).parent / "frictionless"
    if not exe.exists():
        pytest.skip(f"no frictionless script beside {sys.executable}")
    proc = subprocess.run([str(exe), "validate", "--json", str(ROOT / "dataset" / "datapackage.json")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_no_duplicate_events():
    e = me.load_events()
    # "target" too: at sea one row per ship per day (REDSEA guide), so two ships hit in one area that
    # day share date, place and actors but are two events
    key = ["event_date", "country", "location", "actor1", "actor2", "target"]
    dupes = e[e.duplicated(key, keep=False)]
    assert dupes.empty, dupes[["event_id_cnty", *key]].to_string()


def test_every_event_has_a_source_and_the_ids_match_the_country():
    e, es = me.load_events(), me.load_event_sources()
    assert set(e["event_id_cnty"]) <= set(es["event_id_cnty"])
    prefix = {"Iraq": "IRQ", "Syria": "SYR", "Jordan": "JOR", "Yemen": "YEM", "Eritrea": "ERI", "Djibouti": "DJI",
              "Somalia": "SOM", "Saudi Arabia": "SAU", "Oman": "OMN"}
    assert (e["event_id_cnty"].str[:3] == e["country"].map(prefix)).all()


def test_fatality_figures_follow_the_conservative_rule():
    e = me.load_events()
    assert (e["fatalities_low"] <= e["fatalities"]).all() and (e["fatalities"] <= e["fatalities_high"]).all()


def test_coverage_tallies_cite_sources_in_the_package():
    tallies = pd.read_csv(ROOT / "docs" / "coverage_tallies.csv", dtype={"cumulative_attacks": int})
    assert set(tallies["source_id"]) <= set(me.load_sources()["source_id"])
    assert tallies["date"].is_monotonic_increasing and tallies["cumulative_attacks"].is_monotonic_increasing
