"""Events at sea as ACLED codes them (the second theatre): the sea area as location, admin1 empty,
the nearest coastal country, the reported position as coordinates. The rules let such a row pass
and keep checking everything else; the first release's rows keep working through `theatre`."""
from __future__ import annotations

import pandas as pd
import pytest

import mideast_events as me
from mideast_events import rules, schema

SEA_RULES = ("coordinates_in_country", "location_matches_table")


@pytest.fixture(scope="module")
def bundled() -> dict[str, pd.DataFrame]:
    return {"events": me.load_events(), "locations": me.load_locations(), "actors": me.load_actors()}


def _place(frames: dict[str, pd.DataFrame], location: str, country: str = "Yemen") -> pd.Series:
    loc = frames["locations"]
    return loc[(loc["location"] == location) & (loc["country"] == country)].iloc[0]


def _moved(frames: dict[str, pd.DataFrame], location: str, lat: float | None = None,
           lon: float | None = None) -> dict[str, pd.DataFrame]:
    """The bundled tables with one copy of their first event moved to ``location`` in the locations
    table (its admin names and point, or the position given)."""
    e = frames["events"]
    p = _place(frames, location)
    row = e.iloc[[0]].copy()
    row["event_id_cnty"] = "YEM999999"
    for c in ("country", "iso", "admin1", "admin2", "admin3", "location"):
        row[c] = p[c]
    row["latitude"] = p["latitude"] if lat is None else lat
    row["longitude"] = p["longitude"] if lon is None else lon
    return {**frames, "events": pd.concat([e, row], ignore_index=True)}


def _passes(frames: dict[str, pd.DataFrame], rule: str, event_id: str = "YEM999999") -> bool:
    e = frames["events"]
    ok = rules.get(rule).check(frames)
    return bool(ok[e["event_id_cnty"] == event_id].iloc[0])


def test_the_sea_areas_have_no_admin1_and_land_places_have_one(bundled):
    loc = bundled["locations"]
    sea = loc["location_type"] == "sea area"
    assert {"Red Sea", "Bab al-Mandab", "Gulf of Aden"} <= set(loc.loc[sea, "location"])
    assert loc.loc[sea, "admin1"].isna().all() and loc.loc[~sea, "admin1"].notna().all()
    assert rules.get("admin1_empty_exactly_at_sea").check(bundled).all()


def test_admin1_empty_only_at_sea(bundled):
    loc = bundled["locations"].copy()
    land = loc.index[loc["location"] == "Hodeidah"][0]
    sea = loc.index[loc["location"] == "Red Sea"][0]
    loc.loc[land, "admin1"] = pd.NA
    loc.loc[sea, "admin1"] = "Al Hudaydah"
    ok = rules.get("admin1_empty_exactly_at_sea").check({**bundled, "locations": loc})
    assert not ok[land] and not ok[sea]
    assert ok.drop([land, sea]).all()


# A position in the southern Red Sea, about 90 km west of Yemen's land and islands (Natural Earth 1:10m).
WEST_OF_BOX = (14.5, 42.0)


def test_a_sea_event_at_its_reported_position_passes(bundled):
    frames = _moved(bundled, "Red Sea", *WEST_OF_BOX)
    for name in SEA_RULES:
        assert _passes(frames, name), name
    # the bundled rows are untouched by the change
    for name in SEA_RULES:
        assert rules.get(name).check(frames).iloc[:-1].all(), name


def test_a_sea_event_at_the_areas_point_passes(bundled):
    frames = _moved(bundled, "Gulf of Aden")
    assert all(_passes(frames, name) for name in SEA_RULES)


def test_the_same_position_on_land_fails(bundled):
    # on a land place the coordinates must be the table's, and within the country's land (Hodeidah's row
    # has no admin2: coastal waters' 24 nautical miles, still short of the point)
    frames = _moved(bundled, "Hodeidah", *WEST_OF_BOX)
    assert not _passes(frames, "location_matches_table")
    assert not _passes(frames, "coordinates_in_country")


def test_a_sea_event_far_from_the_country_fails(bundled):
    # the middle of the Arabian Sea is far more than 200 nautical miles from Yemen (Socotra included)
    frames = _moved(bundled, "Gulf of Aden", 14.0, 62.0)
    assert _passes(frames, "location_matches_table")
    assert not _passes(frames, "coordinates_in_country")


def test_a_sea_event_keeps_its_admin_names_checked(bundled):
    frames = _moved(bundled, "Red Sea", *WEST_OF_BOX)
    frames["events"].loc[frames["events"].index[-1], "admin1"] = "Al Hudaydah"
    assert not _passes(frames, "location_matches_table")


def test_pandas_and_polars_agree_at_sea(bundled):
    pl = pytest.importorskip("polars")
    frames = _moved(bundled, "Red Sea", *WEST_OF_BOX)
    far = _moved(bundled, "Gulf of Aden", 14.0, 62.0)["events"].iloc[[-1]].assign(event_id_cnty="YEM999998")
    e = pd.concat([frames["events"], far], ignore_index=True)
    rule = rules.get("coordinates_in_country")
    cols = ["iso", "latitude", "longitude", "admin1", "admin2"]
    frame = pl.from_pandas(e[cols].astype(object).where(e[cols].notna(), None))
    on_polars = rule.passes(frame)[rule.name]
    assert on_polars.to_list() == rule.check({"events": e}).tolist()
    assert on_polars.to_list()[-2:] == [True, False]


def test_acleds_own_row_at_sea_passes(samples):
    """ACLED's Ukraine file codes a boat strike to 'Western Black Sea' with admin1 empty, about 226 km
    off Ukraine's coast: the open sea's 200 nautical miles let it pass; coded to a province (coastal
    waters, 24 nautical miles) or on land (12) it fails."""
    # read as it is (the file's dates are damaged by a spreadsheet; the rule reads only the place)
    raw = pd.read_csv(samples / "peacerep_ukraine-map__ACLED-Ukraine.csv", dtype=str, keep_default_na=False)
    row = raw[raw["event_id_cnty"] == "UKR131184"].replace("", pd.NA)
    row = row.astype({"iso": "Int64", "latitude": "Float64", "longitude": "Float64"})
    assert len(row) == 1 and row["location"].iloc[0] == "Western Black Sea" and row["admin1"].isna().all()
    assert rules.get("coordinates_in_country").check({"events": row}).all()
    for admin2 in (pd.NA, "Odeskyi"):  # coastal waters, then land
        on_land = row.assign(admin1="Odesa", admin2=admin2)
        assert not rules.get("coordinates_in_country").check({"events": on_land}).any()


def test_the_first_releases_rows_keep_working():
    e = me.load_events()
    assert list(e["theatre"].cat.categories) == schema.vocabulary_values("theatres.csv", "theatre")
    first = e["country"].isin(["Iraq", "Syria", "Jordan"])
    assert first.sum() >= 213 and (e.loc[first, "theatre"] == "iraq-syria-jordan").all()
    # the theatre is the one the vocabulary gives the country, on every row
    assert (e["theatre"].astype(str) == e["country"].map(schema.theatre_of)).all()


def test_every_country_of_the_places_has_a_theatre():
    # extracted rows take their theatre from the country of their place (extract --into)
    loc = me.load_locations()
    assert all(schema.theatre_of(c) for c in loc["country"].unique())
    assert schema.theatre_of("France") is None
