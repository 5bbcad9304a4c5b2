"""The UCDP GED export against docs/ucdp.md's column table, worked by hand (the comparison with real
GED rows lives in test_ucdp.py)."""
from __future__ import annotations

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
