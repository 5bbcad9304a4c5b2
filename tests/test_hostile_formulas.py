"""Formula cells (OWASP CSV injection): CSV exports neutralise them by default, --raw-formulas keeps
them; numbers, negative ones included, are never formulas; parquet export has no attrs warning."""
from __future__ import annotations

import csv
import json
import io
import warnings
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from mideast_events import acled, cli, export, formulas

ATTACKS = ['=HYPERLINK("http://example.org/x","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+1", "-", "+44 20 7946 0000"]
NOT_FORMULAS = ["-2", "+3", "-33.3128", "-1e3", "+.5", "0", "2024-01-28", "a=b", " =1+1", "", "Tower 22"]


@pytest.mark.parametrize("value", ATTACKS)
def test_formula_cells_are_recognised(value):
    assert formulas.is_formula(value)


@pytest.mark.parametrize("value", NOT_FORMULAS + [None, 3, -2, -2.5, float("nan")])
def test_numbers_and_plain_text_are_not_formulas(value):
    assert not formulas.is_formula(value)


def test_formula_cells_reports_row_column_and_text_only_for_text():
    frame = pd.DataFrame({"notes": ["fine", "=1+1", None, "-2"], "fatalities": [-2, 0, 1, 3],
                          "latitude": ["-33.1", "12", "x", "+1"]})
    assert formulas.formula_cells(frame) == [formulas.FormulaCell(1, "notes", "=1+1")]
    safe, n = formulas.neutralise(frame)
    assert n == 1 and safe["notes"][[0, 1, 3]].tolist() == ["fine", "'=1+1", "-2"] and pd.isna(safe["notes"][2])
    assert safe["fatalities"].tolist() == [-2, 0, 1, 3] and frame["notes"][1] == "=1+1"  # a copy


def test_real_acled_files_negative_coordinates_are_not_formulas(samples):
    """Real exports hold thousands of cells starting with '-' (southern latitudes, western
    longitudes): not one is a formula cell."""
    negatives = 0
    for f in sorted(samples.glob("*.csv")):
        raw, _, _ = acled.read_raw(f)
        negatives += sum(int(raw[c].map(lambda v: isinstance(v, str) and v.startswith("-")).sum()) for c in raw.columns)
        assert formulas.formula_cells(raw) == [], f.name
    assert negatives > 1000


def _hostile_events(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Three of our events, one a lethal one (so UCDP keeps it), with formula cells in text fields."""
    with open(ROOT / "dataset" / "events.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    h = rows[0]
    lethal = next(r for r in rows[1:] if int(r[h.index("fatalities")] or 0) > 0)
    pick = [rows[1], rows[2], lethal]
    planted = {"notes": ATTACKS[0], "location": ATTACKS[2], "admin2": ATTACKS[1]}
    for col, v in planted.items():
        for r in pick:
            r[h.index(col)] = v
    path = tmp_path / "events.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows([h, *pick])
    return path, planted


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_csv_exports_neutralise_formula_cells_by_default(tmp_path, capsys, fmt):
    src, planted = _hostile_events(tmp_path)
    assert cli.main(["export", "--format", fmt, "--events", str(src)]) == 0
    out, err = capsys.readouterr()
    cells = _cells(out)
    assert not [c for c in cells if formulas.is_formula(c)]
    assert "'" + planted["notes"] in cells or "'" + planted["location"] in cells
    assert "formula cell(s)" in err and err.startswith("mideast-events: warning:")


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_raw_formulas_writes_them_as_they_are(tmp_path, capsys, fmt):
    src, planted = _hostile_events(tmp_path)
    assert cli.main(["export", "--format", fmt, "--events", str(src), "--raw-formulas"]) == 0
    out, err = capsys.readouterr()
    assert set(planted.values()) & set(_cells(out)) and "formula" not in err


def test_negative_numbers_export_unchanged(samples, tmp_path):
    """An ACLED export's negative coordinates go out as the numbers they are, with no warning."""
    src = samples / "pegenaran_ACLED-processing2__Nicaragua_Current.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = export.render("acled", src).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(r["longitude"].startswith("-") and float(r["longitude"]) < 0 for r in rows)


def test_bundled_exports_have_no_formula_cells_and_are_unchanged():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert export.render("acled") == export.render("acled", raw_formulas=True)


def test_parquet_export_of_an_acled_file_has_no_attrs_warning(samples, tmp_path):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        export.export("parquet", tmp_path / "x.parquet", samples / "AschHarwood_acled__acled.csv")
    assert not [w for w in seen if "attrs" in str(w.message)], [str(w.message) for w in seen]
    assert pd.read_parquet(tmp_path / "x.parquet").shape[0] == 500


# ------------------------------------------------------------------ validate warns on formula cells


def _with_formulas(tmp_path: Path) -> Path:
    frame = pd.read_csv(ROOT / "dataset" / "events.csv", dtype=str, keep_default_na=False)
    frame.loc[3, "notes"] = ATTACKS[0]
    frame.loc[7, "actor2"] = "@SUM(1+1)"
    frame.loc[9, "fatalities"] = "-"  # not an integer: a problem, and a formula cell too
    frame.loc[7, "notes"] = "\t=1+1"
    path = tmp_path / "events.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


WANTED = [(5, "notes", ATTACKS[0]), (9, "actor2", "@SUM(1+1)"), (9, "notes", "\t=1+1"), (11, "fatalities", "-")]


@pytest.mark.parametrize("engine", ["pandas", "polars", "dask"])
def test_validate_warns_on_formula_cells_apart_from_problems(tmp_path, capsys, engine):
    path = _with_formulas(tmp_path)
    code = cli.main(["validate", "--engine", engine, "--json", str(path)])
    report = json.loads(capsys.readouterr().out)
    assert [(w["line"], w["field"], w["value"]) for w in report["warnings"]] == WANTED
    assert {w["check"] for w in report["warnings"]} == {"formula_cell"}
    assert report["counts"] == {"type": 1} and code == 1  # the '-' is a problem as a number, not as a formula
    code = cli.main(["validate", "--engine", engine, str(path)])
    text = capsys.readouterr().out
    assert text.index("by check:") < text.index("warnings (not errors): 4 formula cells")
    named = pd.read_csv(path, dtype=str, keep_default_na=False).loc[5 - 2, "event_id_cnty"]  # the row's own id
    assert f"line 5 ({named}): notes: starts like a formula" in text


def test_formula_cells_alone_leave_the_data_valid(tmp_path, capsys):
    frame = pd.read_csv(ROOT / "dataset" / "events.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "notes"] = "=1+1"
    path = tmp_path / "events.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("valid:") and "warnings (not errors): 1 formula cells" in out


def test_validate_package_warns_on_formula_cells(tmp_path):
    import shutil

    from mideast_events import validate

    shutil.copytree(ROOT / "dataset", tmp_path / "ds")
    sources = tmp_path / "ds" / "sources.csv"
    frame = pd.read_csv(sources, dtype=str, keep_default_na=False)
    frame.loc[2, "title"] = "=cmd|' /C calc'!A0"
    frame.to_csv(sources, index=False, lineterminator="\n")
    report = validate.validate_path(tmp_path / "ds")
    assert [(w.table, w.line, w.field) for w in report.warnings] == [("sources", 4, "title")]
    assert "formula_cell" not in report.counts()


# ------------------------------------------------------------------ the polars scan finds what the rule says

from hypothesis import given, settings, strategies as st  # noqa: E402

# cells built from the characters that decide the rule: every trigger, digits (an Arabic-Indic one
# too), the parts of a number, letters, a space and a quote
CELL = st.text(alphabet="=+-@\t\r0123456789٣.eE aZ'", max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=12))
def test_polars_formula_scan_finds_the_cells_the_rule_names(rows):
    import polars as pl

    from mideast_events.validate.reading import formula_warnings_polars
    from mideast_events.validate.report import CSV_LINE_OFFSET

    columns = ["notes", "latitude", "actor1"]
    text = {c: [r[k] or None for r in rows] for k, c in enumerate(columns)}  # empty = missing, as read
    expected = [(i + CSV_LINE_OFFSET, c) for i in range(len(rows)) for c in columns
                if formulas.is_formula(text[c][i])]
    found = formula_warnings_polars(pl.DataFrame(text, schema={c: pl.String for c in columns}).lazy(), "events",
                                    Path("x.csv"))
    assert [(w.line, w.field) for w in found] == expected
