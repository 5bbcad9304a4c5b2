"""The UCDP GED export, next to real GED rows."""
from __future__ import annotations

import io

import pandas as pd
import pytest

import mideast_events as me
from mideast_events import export, ucdp

from conftest import SAMPLES

GED_SAMPLE = "serinsitio_VISDATConflictEventsBokeh__conflict_data_idn.csv"  # UCDP GED (HDX copy), Indonesia
ACLED_FILES = [
    "JoshMerfeld_saereplication__acled.csv",
    "y5z2rmg7y8-bit_Somalia-Conflict-Monitor__acled_data.csv",
    "pegenaran_ACLED-processing2__1900-01-01-2020-11-12-Indonesia.csv",
    "AschHarwood_acled__acled.csv",
]


@pytest.fixture(scope="module")
def real_ged() -> pd.DataFrame:
    if not (SAMPLES / GED_SAMPLE).is_file():
        pytest.skip("../shared/reference/samples is not beside this checkout")
    return pd.read_csv(SAMPLES / GED_SAMPLE, skiprows=[1])  # line 2 is HDX's hashtag line


@pytest.fixture(scope="module", params=ACLED_FILES)
def exported(request, real_ged) -> tuple[str, str]:
    return request.param, export.render("ucdp", SAMPLES / request.param).decode("utf-8")


def test_export_loads_next_to_real_ged_rows_with_the_same_dtypes(exported, real_ged):
    name, text = exported
    ours = pd.read_csv(io.StringIO(text))
    assert tuple(ours.columns) == ucdp.GED_COLUMNS and len(ours) > 0, name
    shared = [c for c in ucdp.GED_COLUMNS if c in real_ged.columns]
    assert set(ucdp.GED_COLUMNS) - set(shared) == set()
    empty = [c for c in shared if ours[c].isna().all()]
    # only the documented columns stay empty (gwnob is empty in GED too where side B is no government)
    assert set(empty) - {"gwnob"} == set(ucdp.LEFT_EMPTY), name
    differ = {c: (str(ours[c].dtype), str(real_ged[c].dtype)) for c in shared
              if c not in ucdp.LEFT_EMPTY and ours[c].dtype != real_ged[c].dtype}
    assert differ == {}, name
    # with GED's dtypes, both read the same and concatenate without falling back to object
    a, b = ucdp.read_ged(io.StringIO(text)), ucdp.read_ged(SAMPLES / GED_SAMPLE)
    both = pd.concat([b[shared], a[shared]], ignore_index=True)
    assert {c: str(t) for c, t in both.dtypes.items()} == {c: str(b[c].dtype) for c in shared}


def test_ged_conventions_on_real_files(exported, real_ged):
    name, text = exported
    ours = ucdp.read_ged(io.StringIO(text))
    # deaths split as GED splits them: every part filled, the parts sum to best
    parts = ours[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]]
    assert parts.notna().all().all() and (parts.sum(axis=1) == ours["best"]).all()
    assert (real_ged[parts.columns].sum(axis=1) == real_ged["best"]).all()  # GED's own rule
    assert (ours["side_a"] != ours["side_b"]).all()
    # imprecise dates are ranges, exact ones a day
    start, end = pd.to_datetime(ours["date_start"]), pd.to_datetime(ours["date_end"])
    assert (start[ours["date_prec"] == 1] == end[ours["date_prec"] == 1]).all()
    assert ((end - start)[ours["date_prec"] == 3] == pd.Timedelta(days=6)).all()
    month = ours["date_prec"] == 4
    assert (start[month].dt.day == 1).all() and (end[month].dt.is_month_end).all()
    # GED's regions follow the Gleditsch-Ward number
    assert ours["region"].notna().all() and ours["country_id"].notna().all()
    gov = ours["side_a"].str.startswith("Government of ")
    assert ours.loc[gov, "gwnoa"].notna().all()


def test_indonesia_matches_real_ged(samples, real_ged):
    text = export.render("ucdp", samples / ACLED_FILES[2]).decode("utf-8")
    ours = ucdp.read_ged(io.StringIO(text))
    real = real_ged.iloc[0]
    assert set(ours["country"]) == {real["country"]} and set(ours["country_id"]) == {real["country_id"]}
    assert set(ours["region"]) == {real["region"]}
    gov = ours[ours["side_a"] == "Government of Indonesia"]
    assert len(gov) > 0 and set(gov["gwnoa"]) == set(real_ged.loc[real_ged["side_a"] == "Government of Indonesia", "gwnoa"])
    # same formats as GED's own cells
    assert ours["date_start"].str.fullmatch(r"\d{4}-\d\d-\d\d 00:00:00\.000").all()
    assert real_ged["date_start"].str.fullmatch(r"\d{4}-\d\d-\d\d 00:00:00\.000").all()
    assert ours["geom_wkt"].str.fullmatch(r"POINT \(-?\d+\.\d{6} -?\d+\.\d{6}\)").all()


def test_egypt_is_middle_east_in_ged(samples):
    ours = ucdp.read_ged(io.StringIO(export.render("ucdp", samples / ACLED_FILES[3]).decode("utf-8")))
    egypt = ours[ours["country"] == "Egypt"]
    assert len(egypt) > 0 and set(egypt["region"]) == {"Middle East"} and set(egypt["country_id"]) == {651}
    assert set(ours.loc[ours["country"] != "Egypt", "region"]) == {"Africa"}


def test_bundled_events_as_ged():
    # the first theatre: every lethal event there is between armed sides (the sea theatre's crews
    # killed by the Houthis are one-sided violence, not covered by this hand-worked premise)
    events = me.load_events()
    events = events[events["theatre"] == "iraq-syria-jordan"].reset_index(drop=True)
    frame = ucdp.to_ucdp(events, me.load_event_sources())
    assert tuple(frame.columns) == ucdp.GED_COLUMNS and len(frame) > 0
    assert all(str(frame[c].dtype) == "Int64" for c in ucdp.GED_INTEGER if c in frame.columns)
    lethal = events[events["fatalities"] > 0]
    # Worked by hand from UCDP GED's codebook: type 1 (state-based) is armed force between two
    # organised sides, one of them a government's; US or Iraqi forces (ACLED's External/Other or
    # State forces) face an armed side in every lethal event here, so each is one type-1 GED row.
    state = ["State forces", "External/Other forces"]
    armed = state + ["Rebel group", "Political militia", "Identity militia"]
    assert (lethal["inter1"].isin(armed) & lethal["inter2"].isin(armed)
            & (lethal["inter1"].isin(state) | lethal["inter2"].isin(state))).all()  # the premise
    assert sorted(frame["relid"]) == sorted(lethal["event_id_cnty"]) and set(frame["type_of_violence"]) == {1}
    by_id = events.set_index("event_id_cnty")
    for row in frame.to_dict(orient="records"):
        ev = by_id.loc[row["relid"]]
        assert row["best"] == ev["fatalities"] and row["low"] <= row["best"] <= row["high"]
        assert pd.Timestamp(row["date_start"]) <= ev["event_date"] <= pd.Timestamp(row["date_end"])
        assert (row["date_start"] == row["date_end"]) == (ev["time_precision"] == 1)
        assert row["type_of_violence"] in (1, 2, 3) and row["conflict_new_id"] < 0 and row["id"] < 0
        if ev["actor1"].startswith("Military Forces of the United States"):
            assert row["side_a"] == "Government of United States of America" and row["gwnoa"] == 2
    assert len(ucdp.to_ucdp(events, lethal_only=False)) >= len(frame)


def test_state_actors_and_same_sides():
    assert ucdp.government("Military Forces of Iraq (2022-) Popular Mobilization Forces") == ("Government of Iraq", 645)
    assert ucdp.government("Military Forces of Russia (2000-)") == ("Government of Russia (Soviet Union)", 365)
    assert ucdp.government("Former Military Forces of Sri Lanka (2019-)") is None
    assert ucdp.government("Military Forces of Palestine (2007-)") is None  # GED has no such government
    same = pd.DataFrame([{
        "event_id_cnty": "IRQ1", "event_date": pd.Timestamp("2024-01-02"), "year": 2024, "time_precision": 2,
        "event_type": "Battles", "actor1": "Military Forces of Iraq (2022-)", "inter1": "State forces",
        "actor2": "Police Forces of Iraq (2022-)", "inter2": "State forces", "iso": 368, "country": "Iraq",
        "latitude": 33.3, "longitude": 44.4, "geo_precision": 1, "fatalities": 2, "source": "X"}])
    assert len(ucdp.to_ucdp(same)) == 0
    other = same.assign(actor2="Islamic State (Iraq)", inter2="Rebel group")
    row = ucdp.to_ucdp(other).iloc[0]
    assert (row["date_start"], row["date_end"]) == ("2023-12-30 00:00:00.000", "2024-01-05 00:00:00.000")


def test_ucdp_type_of_violence_and_grid():
    assert ucdp.type_of_violence("Battles", "State forces", "Rebel group") == 1
    assert ucdp.type_of_violence("Explosions/Remote violence", "Political militia", "External/Other forces") == 1
    assert ucdp.type_of_violence("Battles", "Rebel group", "Identity militia") == 2
    assert ucdp.type_of_violence("Violence against civilians", "Political militia", "Civilians") == 3
    assert ucdp.type_of_violence("Protests", "Protesters", None) is None
    assert ucdp.priogrid_gid(-89.9, -179.9) == 1
    assert ucdp.priogrid_gid(89.9, 179.9) == 360 * 720
