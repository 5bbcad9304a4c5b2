"""The coordinates_in_country rule on real ACLED exports: Natural Earth's shapes with a tolerance by
how ACLED codes the place (land, coastal waters, open sea), the same verdicts on every engine."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ACLED_CSV, run_cli
from mideast_events import geo, rules

RULE = "coordinates_in_country"
COLUMNS = ["event_id_cnty", "iso", "latitude", "longitude", "admin1", "admin2"]
# ACLED's rows in coastal waters (admin1 given, admin2 empty), checked by hand on a map: each lies
# 22-31 km off Natural Earth's coast line, beyond the land tolerance (12 nautical miles) and
# within the coastal one (24).
COASTAL = {
    "nuuuwan_misc-sl-data__conflict_data_lka.csv": "SRI3499",  # West Coast of Northern, 31 km
    "peacerep_ukraine-map__ACLED-Ukraine.csv": "UKR148543",  # South Coast of Crimea, 25 km
    "pegenaran_ACLED-processing2__1900-01-01-2020-11-12-Indonesia.csv": "IDN5116",  # Southern Coast of Riau Islands, 28 km
}


def _typed(samples, name: str) -> pd.DataFrame:
    skip = [1] if "conflict_data_lka" in name else None  # HDX's hashtag line
    d = pd.read_csv(samples / name, dtype=str, skiprows=skip, keep_default_na=False, na_values=["NA", ""],
                    usecols=COLUMNS)
    return d.astype({"iso": "Int64", "latitude": "Float64", "longitude": "Float64",
                     "admin1": "string", "admin2": "string"})


def _on_every_engine(frame: pd.DataFrame) -> list[bool]:
    """The rule's verdicts on pandas, and the same on polars and dask."""
    pl = pytest.importorskip("polars")
    dd = pytest.importorskip("dask.dataframe")
    rule = rules.get(RULE)
    on_pandas = rule.check({"events": frame}).tolist()
    assert rule.passes(pl.from_pandas(frame))[RULE].to_list() == on_pandas
    assert rule.passes(pl.from_pandas(frame).lazy()).collect()[RULE].to_list() == on_pandas
    assert rule.passes(dd.from_pandas(frame, npartitions=3)).compute()[RULE].tolist() == on_pandas
    return on_pandas


@pytest.mark.parametrize("name", ACLED_CSV)
def test_no_row_of_a_real_export_is_outside_its_country(samples, name):
    # None of the real samples has genuinely wrong coordinates (the islands of Indonesia, Sri Lanka's
    # and Crimea's coastal waters and the open sea off Benin and Ukraine included).
    frame = _typed(samples, name)
    assert all(_on_every_engine(frame))


@pytest.mark.parametrize("name", ACLED_CSV)
def test_swapped_coordinates_fail_on_every_row(samples, name):
    frame = _typed(samples, name)
    swapped = frame.assign(latitude=frame["longitude"], longitude=frame["latitude"])
    assert not any(_on_every_engine(swapped))


@pytest.mark.parametrize("name", sorted(COASTAL))
def test_coastal_rows_need_the_coastal_tolerance(samples, name):
    frame = _typed(samples, name)
    row = frame[frame["event_id_cnty"] == COASTAL[name]]
    assert len(row) == 1 and row["admin1"].notna().all() and row["admin2"].isna().all()
    d = geo.distance_outside_km(row["iso"], row["latitude"], row["longitude"])[0]
    assert geo.LAND_TOLERANCE_KM < d < geo.COAST_TOLERANCE_KM
    assert _on_every_engine(row) == [True]
    # the same point coded on land (admin2 given) is too far off the coast
    assert _on_every_engine(row.assign(admin2="Coded on land")) == [False]


def test_the_validator_reports_a_wrong_point_in_a_real_file_on_both_engines(samples, tmp_path):
    """Sri Lanka's HDX file with two rows made wrong: one with its coordinates swapped, one coastal
    row coded on land. Each engine reports those two rows and nothing else for the rule."""
    name = "nuuuwan_misc-sl-data__conflict_data_lka.csv"
    raw = pd.read_csv(samples / name, dtype=str, keep_default_na=False)  # the HXL line is row 0
    swap = raw.index[raw["event_id_cnty"] == "SRI56"][0]
    coast = raw.index[raw["event_id_cnty"] == "SRI3499"][0]
    raw.loc[swap, ["latitude", "longitude"]] = raw.loc[swap, ["longitude", "latitude"]].to_numpy()
    raw.loc[coast, "admin2"] = "Mannar"
    path = tmp_path / "lka.csv"
    raw.to_csv(path, index=False)
    expected = sorted([int(swap) + 2, int(coast) + 2])  # header line, 0-based rows (HXL line included)
    for engine in ("pandas", "polars"):
        proc = run_cli("validate", "--profile", "acled", "--json", "--engine", engine, str(path))
        problems = json.loads(proc.stdout)["problems"]
        found = [p for p in problems if p["check"] == RULE]
        assert sum(int(p.get("count", 1)) for p in found) == 2, engine
        assert {p["line"] for p in found} <= set(expected) and found[0]["line"] == expected[0], engine

def test_each_distinct_point_is_tested_once():
    # thirty rows of three places off the coast: the tolerance test runs on three points, not thirty
    geo.cache_clear()
    iso = [804, 804, 144] * 10
    lat, lon = [43.517, 44.59, 9.3531] * 10, [31.245, 34.849, 79.4209] * 10
    ok = geo.in_country(iso, lat, lon, at_sea=[True, False, False] * 10, coastal=[False, True, True] * 10)
    assert ok.all()
    assert geo.cache_size() == 3
    # a second file (or dask partition) with the same places reuses the verdicts
    assert geo.in_country(iso[:3], lat[:3], lon[:3], at_sea=[True, False, False], coastal=[False, True, True]).all()
    assert geo.cache_size() == 3
