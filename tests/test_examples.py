"""The README's example files are what examples/README.md says they are, for this checkout's data."""
from __future__ import annotations

from conftest import ROOT, run_cli

EXAMPLES = ROOT / "examples"


def test_my_events_is_the_first_five_rows_of_the_dataset():
    dataset = (ROOT / "dataset" / "events.csv").read_text(encoding="utf-8").splitlines()
    mine = (EXAMPLES / "my_events.csv").read_text(encoding="utf-8").splitlines()
    assert mine == dataset[:6], "examples/ are out of date: run python examples/make.py"


def test_acled_export_is_the_export_of_my_events(tmp_path):
    out = tmp_path / "acled.csv"
    proc = run_cli("export", "--format", "acled", "--codes", "numeric", "--events", str(EXAMPLES / "my_events.csv"),
                   "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == (EXAMPLES / "acled_export.csv").read_bytes(), \
        "examples/ are out of date: run python examples/make.py"
