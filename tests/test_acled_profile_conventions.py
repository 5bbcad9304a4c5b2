"""validate --profile acled on real files with one thing changed: ACLED's Kosovo code passes, an iso
that is not the country's and a spreadsheet formula are caught, on every engine alike."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import run_cli

ENGINES = ("pandas", "polars", "dask")
BENIN = "JoshMerfeld_saereplication__acled.csv"  # R's NA for blanks
SRI_LANKA = "nuuuwan_misc-sl-data__conflict_data_lka.csv"  # HDX hashtag line 2, CRLF


def _variant(samples, tmp_path, name, edit) -> tuple:
    frame = pd.read_csv(samples / name, dtype=str, keep_default_na=False)
    frame = edit(frame)
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def _report(path, engine) -> dict:
    proc = run_cli("validate", "--profile", "acled", "--json", "--engine", engine, str(path))
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _found(report, key="problems") -> list:
    return sorted((p["check"], p["line"], p["field"], p["value"]) for p in report[key])


def _on_every_engine(path, key="problems") -> list:
    found = [_found(_report(path, e), key) for e in ENGINES]
    assert found[1:] == found[:1] * 2
    return found[0]


def _to_pristina(frame, row, country="Kosovo"):
    # a real Benin row moved to Pristina, coded as ACLED codes Kosovo (iso 0, region Europe)
    frame.loc[row, ["iso", "country", "region", "admin1", "admin2", "admin3", "location", "latitude", "longitude"]] = [
        "0", country, "Europe", "Pristina", "Pristina", "NA", "Pristina", "42.6727", "21.1669"]
    return frame


def test_kosovos_iso_0_is_acleds_code(samples, tmp_path):
    path = _variant(samples, tmp_path, BENIN, lambda f: _to_pristina(f, 3))
    assert _on_every_engine(path) == []


def test_iso_0_for_another_country_is_reported(samples, tmp_path):
    path = _variant(samples, tmp_path, BENIN, lambda f: _to_pristina(f, 3, country="Serbia"))
    assert _on_every_engine(path) == [("iso_matches_country", 5, "iso,country", "iso=0; country=Serbia")]


def test_an_iso_that_is_not_the_countrys_is_reported(samples, tmp_path):
    def edit(frame):
        frame.loc[3, "iso"] = "768"  # Togo's code on a row in northern Benin
        return frame
    path = _variant(samples, tmp_path, BENIN, edit)
    found = _on_every_engine(path)
    assert ("iso_matches_country", 5, "iso,country", "iso=768; country=Benin") in found
    # and the point is not in Togo either
    assert [f[:2] for f in found] == [("coordinates_in_country", 5), ("iso_matches_country", 5)]


@pytest.mark.parametrize("name", [BENIN, SRI_LANKA])
def test_formula_cells_are_warned_about_on_their_line(samples, tmp_path, name):
    formula = '=HYPERLINK("http://example.org","see")'
    row = 5 if name == BENIN else 6  # a data row (the HDX file's row 0 is its hashtag line)

    def edit(frame):
        frame.loc[row, "notes"] = formula
        return frame
    path = _variant(samples, tmp_path, name, edit)
    line = row + 2  # the header, and pandas' 0-based rows (the hashtag line is one of them)
    assert _on_every_engine(path, "warnings") == [("formula_cell", line, "notes", formula)]
    assert _found(_report(path, "polars")) == _found(_report(samples / name, "polars"))  # a warning, not a problem
