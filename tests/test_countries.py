"""schema/acled/countries.csv: ACLED's codes, each value traced to its source."""
from __future__ import annotations

import pandas as pd
import pytest

from mideast_events import countries


def test_kosovo_and_special_codes():
    assert countries.isos_of("Kosovo") == {0}
    assert countries.name(0) == "Kosovo" and countries.row(0)["ne_features"] == "KOS"
    assert countries.isos_of("Democratic Republic of Congo") == {180}  # ACLED's spelling (2016 export)
    assert countries.isos_of("Iran") == {364} and countries.isos_of("Syria") == {760}  # ISO's common names
    assert countries.isos_of("Atlantis") == frozenset()


def test_iso_country_mismatch():
    iso = pd.Series([204, 706, 0, 204, None, 999])
    name = pd.Series(["Benin", "Benin", "Kosovo", "Nowhere", "Benin", "Benin"])
    assert countries.iso_matches_country(iso, name).tolist() == [True, False, True, True, True, False]


def test_ged_regions_follow_gleditsch_ward():
    assert countries.ged_region(countries.gwno(818)) == "Middle East"  # Egypt
    assert countries.ged_region(countries.gwno(4)) == "Asia"  # Afghanistan
    assert countries.ged_region(countries.gwno(417)) == "Asia"  # Kyrgyzstan
    assert countries.ged_region(countries.gwno(762)) == "Asia"  # Tajikistan
    assert countries.ged_region(countries.gwno(360)) == "Asia"
    assert countries.ged_region(countries.gwno(804)) == "Europe"
    assert countries.ged_region(countries.gwno(706)) == "Africa"
    assert countries.ged_country(840) == "United States of America" and countries.ged_country(368) == "Iraq"


def test_every_row_names_its_sources():
    t = countries.acled_countries()
    assert t["iso"].is_unique and (t["source"].str.len() > 0).all()
    for col in ("country", "region", "gwno", "ged_country", "ne_features"):
        filled = t[t[col].astype("string").fillna("") != ""]
        assert filled["source"].str.contains(col).all(), col


def test_acled_spellings_are_those_of_the_files_named(samples):
    t = countries.acled_countries()
    for r in t[t["source"].str.contains(r"__.*\.csv")].itertuples():
        for claim in (s for s in r.source.split("; ") if ".csv" in s):
            f = claim.split("(")[-1].rstrip(")")
            d = pd.read_csv(samples / f, dtype=str, keep_default_na=False)
            if "actor names" in claim:
                actors = set(d["actor1"]) | set(d["actor2"]) | set(d.get("assoc_actor_1", []))
                assert any(f"Forces of {r.country} (" in a or f"Forces of the {r.country}" in a for a in actors), f
            elif "iso" in d.columns and "region" in d.columns:
                assert (str(r.iso), r.country, r.region) in set(zip(d["iso"], d["country"], d["region"])), f
            else:  # 2016 layout: gwno and country, no iso
                assert (str(r.gwno), r.country) in set(zip(d["gwno"], d["country"])), f


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_validator_catches_an_iso_of_another_country(samples, tmp_path, engine):
    from conftest import run_cli
    import json

    d = pd.read_csv(samples / "y5z2rmg7y8-bit_Somalia-Conflict-Monitor__acled_data.csv", dtype=str, keep_default_na=False)
    d.loc[3, "iso"] = "204"  # Benin's code on a Somali row
    bad = tmp_path / "bad.csv"
    d.to_csv(bad, index=False)
    report = json.loads(run_cli("validate", "--profile", "acled", "--json", "--engine", engine, str(bad)).stdout)
    hits = [p for p in report["problems"] if p["check"] == "iso_matches_country"]
    assert [(p["line"], p["value"]) for p in hits] == [(5, "iso=204; country=Somalia")]
