"""The UCDP GED export against docs/ucdp.md's column table, worked by hand (the comparison with real
GED rows lives in test_ucdp.py)."""
from __future__ import annotations

import io

import pandas as pd
import pytest

import mideast_events as me
from mideast_events import ucdp


@pytest.mark.parametrize("lat, lon, cell", [
    (-90.0, -180.0, 1), (-89.6, -179.6, 1), (-89.4, -180.0, 721), (0.0, 0.0, 180 * 720 + 360 + 1),
    (90.0, 180.0, 360 * 720),  # the edges fold into the last row and column
])
def test_priogrid_cells_by_hand(lat, lon, cell):
    assert ucdp.priogrid_gid(lat, lon) == cell


@pytest.mark.parametrize("geo, admin2, where_prec, clarity", [
    (1, "Somewhere", 1, 1), (2, None, 2, 1), (3, "Somewhere", 3, 2), (3, None, 4, 2),
])
def test_where_prec_by_hand(geo, admin2, where_prec, clarity):
    # docs/ucdp.md: 1 -> 1, 2 -> 2, 3 -> 3 with a second-order division known, else 4 (first-order);
    # event_clarity 1 only for a known day (time_precision 1) and a place at geo_precision 1 or 2
    events = me.load_events()
    lethal = events[events["fatalities"] > 0].head(1).copy()
    assert int(lethal["time_precision"].iloc[0]) == 1
    lethal["geo_precision"] = geo
    lethal["admin2"] = pd.Series([admin2], index=lethal.index, dtype="string")
    row = ucdp.to_ucdp(lethal).iloc[0]
    assert (row["where_prec"], row["event_clarity"]) == (where_prec, clarity)
    assert (None if pd.isna(row["adm_2"]) else row["adm_2"]) == admin2


@pytest.mark.parametrize("actor, expected", [
    # a unit written after a state's name that carries no years: the state is found by the longest
    # leading words that name a country (Gleditsch-Ward numbers: Sri Lanka 780, South Sudan 626)
    ("Police Forces of Sri Lanka Special Task Force", ("Government of Sri Lanka", 780)),
    ("Military Forces of South Sudan Presidential Guard", ("Government of South Sudan", 626)),
    ("Military Forces of Nowhere Land", None),
])
def test_a_state_actor_with_a_unit_and_no_years(actor, expected):
    assert ucdp.government(actor) == expected


def test_the_country_comes_from_the_iso_code_when_the_name_is_missing():
    # an event in Iraq (ISO 3166 numeric 368) whose country name is blank: GED's country, its
    # Gleditsch-Ward number (645) and region still come from the code
    events = me.load_events()
    iraq = events[(events["iso"] == 368) & (events["fatalities"] > 0)].head(1).copy()
    iraq["country"] = pd.Series([None], index=iraq.index, dtype="string")
    row = ucdp.to_ucdp(iraq).iloc[0]
    assert (row["country"], row["country_id"], row["region"]) == ("Iraq", 645, "Middle East")


def test_events_without_deaths_exported_on_request_count_zero():
    # lethal_only=False keeps the events UCDP's definitions cover but that killed nobody: best and
    # every part of the death split are 0, as ACLED's fatalities say (high keeps fatalities_high)
    events = me.load_events()
    ged = ucdp.to_ucdp(events, lethal_only=False)
    fatalities = dict(zip(events["event_id_cnty"], events["fatalities"]))
    none_killed = ged[[fatalities[r] == 0 for r in ged["relid"]]]
    assert len(none_killed) > 0 and len(ged) > len(ucdp.to_ucdp(events))
    parts = ["best", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]
    assert (none_killed[parts] == 0).all().all()
    high = dict(zip(events["event_id_cnty"], events["fatalities_high"].fillna(0)))
    assert none_killed["high"].tolist() == [high[r] for r in none_killed["relid"]]


def test_a_ged_file_with_no_rows_reads_as_an_empty_typed_table():
    header = ",".join(ucdp.GED_COLUMNS) + "\n"
    frame = ucdp.read_ged(io.StringIO(header))
    assert len(frame) == 0 and list(frame.columns) == list(ucdp.GED_COLUMNS)
    assert (frame["best"].dtype, frame["latitude"].dtype, frame["side_a"].dtype) == ("Int64", "Float64", "string")


def test_a_country_neither_code_nor_name_places_keeps_its_name():
    # docs/ucdp.md: GED's name where the country is known, "elsewhere ACLED's or ISO's name"; with no
    # code and a name schema/acled/countries.csv does not hold, the name is kept and the numbers stay empty
    events = me.load_events()
    row = events[events["fatalities"] > 0].head(1).copy()
    row["iso"] = pd.Series([None], index=row.index, dtype="Int64")
    row["country"] = pd.Series(["Yugoslavia"], index=row.index, dtype="string")
    ged = ucdp.to_ucdp(row).iloc[0]
    assert ged["country"] == "Yugoslavia" and pd.isna(ged["country_id"]) and pd.isna(ged["region"])
