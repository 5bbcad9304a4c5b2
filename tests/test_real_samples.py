"""Real ACLED exports as the yardstick: the manifest's files, the findings checked by hand."""
from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli

HERE = Path(__file__).parent / "real_samples"


def _rows(name: str) -> list[dict[str, str]]:
    with open(HERE / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


MANIFEST = {r["file"]: r for r in _rows("manifest.csv")}
FINDINGS = _rows("findings.csv")
FILES = sorted(MANIFEST)


def _path(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{name} is not in ../shared/reference/samples")
    return path


@cache
def _report(name: str, engine: str) -> list[dict] | None:
    """The problems ``validate --profile acled --json`` reports; a file refused as unusable (exit 2,
    one line, no traceback) is one problem of check ``refused``; None if neither."""
    proc = run_cli("validate", "--profile", "acled", "--json", "--engine", engine, str(_path(name)))
    if proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr:
        return [{"check": "refused", "field": None, "line": None, "value": None, "message": proc.stderr.strip()}]
    try:
        return json.loads(proc.stdout)["problems"]
    except (ValueError, KeyError):
        return None


def _matches(finding: dict[str, str], problem: dict) -> bool:
    if finding["check"] != "*" and finding["check"] != problem.get("check"):
        return False
    if finding["check"] == "refused":  # the reason is the finding's field: words the message must hold
        return finding["field"] in problem["message"]
    if finding["check"] != "*" and finding["field"] != (problem.get("field") or ""):
        return False
    return not finding["line"] or int(finding["line"]) == problem.get("line")


def _findings(name: str, *verdicts: str) -> list[dict[str, str]]:
    return [f for f in FINDINGS if f["file"] == name and (not verdicts or f["verdict"] in verdicts)]


def _count(problems: list[dict], finding: dict[str, str]) -> int:
    return sum(int(p.get("count", 1)) for p in problems if _matches(finding, p))


def test_manifest_describes_every_sample_file():
    if not SAMPLES.is_dir():
        pytest.skip("../shared/reference/samples is not beside this checkout")
    present = {p.name for p in SAMPLES.iterdir() if p.name != "README.md"}
    assert present <= set(MANIFEST), present - set(MANIFEST)
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for r in MANIFEST.values():
        assert re.fullmatch(r"[0-9a-f]{40}", r["commit"]) and r["commit"] in readme, r["file"]
        assert r["repository"] in readme and r["path"] in readme, r["file"]
        assert int(r["rows_kept"]) <= int(r["rows_total"])
    assert {f["file"] for f in FINDINGS} <= set(MANIFEST)
    assert {f["verdict"] for f in FINDINGS} <= {"true_defect", "notice", "false_alarm", "bug"}


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".csv")])
def test_manifest_shape_is_the_files(name):
    path = _path(name)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, data = rows[0], rows[1:]
    if data and all(c.startswith("#") or not c for c in data[0]) and any(data[0]):
        data = data[1:]  # HDX's hashtag line
    r = MANIFEST[name]
    assert (len(data), len(header)) == (int(r["rows_kept"]), int(r["columns"]))
    for event_id in filter(None, r["at_sea_rows"].split("; ")):
        assert any(row and event_id in row for row in data), event_id


@pytest.mark.parametrize("name", FILES)
def test_every_true_defect_is_reported_with_its_count(name):
    problems = _report(name, "pandas")
    assert problems is not None
    for finding in _findings(name, "true_defect", "notice"):
        assert _count(problems, finding) == int(finding["count"]), finding


@pytest.mark.parametrize("name", FILES)
def test_every_reported_problem_is_in_the_findings(name):
    problems = _report(name, "pandas")
    assert problems is not None
    unexplained = [p for p in problems if not any(_matches(f, p) for f in _findings(name))]
    assert unexplained == []


@pytest.mark.parametrize("name", FILES)
def test_only_true_defects_are_reported(name):
    # zero false alarms: a false_alarm or bug row in findings.csv fails here until it is fixed
    problems = _report(name, "pandas")
    assert problems is not None
    true = _findings(name, "true_defect", "notice")
    assert [p for p in problems if not any(_matches(f, p) for f in true)] == []


def _key(problems: list[dict] | None):
    return None if problems is None else sorted(
        (p.get("check"), p.get("line"), p.get("field"), p.get("value")) for p in problems)


@pytest.mark.parametrize("name", [pytest.param(
    f, marks=pytest.mark.xfail(MANIFEST[f]["engines_agree"] != "yes", strict=True,
                               reason="engines disagree (manifest.csv)"))
    for f in FILES])
def test_engines_agree(name):
    pandas_report = _report(name, "pandas")
    assert pandas_report is not None
    assert _key(_report(name, "polars")) == _key(pandas_report)


def _cells(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("name", FILES)
def test_export_round_trip_is_cell_for_cell_and_validates_alike(name, tmp_path):
    """``export --format acled --events FILE`` writes the file back in its own layout (era, columns and
    their order, codes, date style, missing-value token, HDX line); what it writes validates as the input
    does. Dates a spreadsheet re-saved (Gaza's '6-Jun-25', Ukraine's '14/08/2020 00:00:00') are read
    exactly and written back as they were; a file that is not ACLED is refused in one line."""
    path, out = _path(name), tmp_path / "back.csv"
    proc = run_cli("export", "--format", "acled", "--events", str(path), "--out", str(out))
    refused = _findings(name, "true_defect")
    if any(f["check"] == "refused" for f in refused):
        errors = [line for line in proc.stderr.splitlines() if "error:" in line]
        assert proc.returncode == 2 and len(errors) == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert not out.exists()
        return
    assert proc.returncode == 0, proc.stderr
    if path.suffix == ".csv":
        assert _cells(out) == _cells(path)
        assert out.read_bytes() == path.read_bytes() or MANIFEST[name]["dialect"].startswith("every text value")
    else:  # an R data file comes back as the CSV of its cells (R's NA and "" both empty)
        pyreadr = pytest.importorskip("pyreadr")
        from mideast_events import acled

        (frame,) = pyreadr.read_r(str(path)).values()
        cells, _ = acled.stringify(frame)
        assert _cells(out) == [list(cells.columns)] + [["" if v is None else v for v in r]
                                                       for r in cells.itertuples(index=False, name=None)]
    again = run_cli("validate", "--profile", "acled", "--json", str(out))
    back = json.loads(again.stdout)["problems"]
    assert _key(back) == _key(_report(name, "pandas"))
