"""The wheel carries the data: build it, install it in a fresh virtual environment, load from elsewhere."""
from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import mideast_events as me
from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    return next(out.glob("mideast_events-*.whl"))


def test_wheel_contains_schema_dataset_and_seeds(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in ("events", "sources", "event_sources", "actors", "locations"):
        assert f"mideast_events/_data/dataset/{table}.csv" in names
        assert f"mideast_events/_data/schema/{table}.schema.json" in names
    assert "mideast_events/_data/dataset/datapackage.json" in names
    assert "mideast_events/_data/schema/vocabularies/event_types.csv" in names
    assert "mideast_events/_data/seeds/000_eaa5d8ad86e5cbbc.txt" in names


def test_installed_wheel_loads_offline_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "import mideast_events as me; e = me.load_events(); print(me.__file__); print(len(e)); print(e)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the wheel, not a checkout
    proc = subprocess.run([py, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True, timeout=300)
    lines = proc.stdout.splitlines()
    assert str(env_dir) in lines[0]  # the installed copy, not this checkout
    assert int(lines[1]) == len(me.load_events())
    assert me.load_events()["event_id_cnty"].iloc[0] in proc.stdout
    cli = env_dir / "bin" / "mideast-events"
    check = subprocess.run([cli, "validate"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    info = subprocess.run([cli, "info"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert info.returncode == 0 and f"events {len(me.load_events())}" in info.stdout
