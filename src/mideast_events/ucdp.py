"""Events in UCDP GED's columns, where a mapping from ACLED's coding exists.

Every GED column is written, in GED's order; the ones that cannot be derived from an ACLED row
(UCDP's conflict, dyad and actor ids, Gleditsch-Ward codes, ...) are left empty. docs/ucdp.md
explains each column. Only events that UCDP's definitions could hold are exported: organised
violence with a known type of violence and, as in GED, at least one death (``lethal_only``).
"""
from __future__ import annotations

import math

import pandas as pd

# GED's columns (version 23.1 onwards), in GED's order.
GED_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)
STATE_SIDE = ("State forces", "External/Other forces")  # UCDP's governments, at home or abroad
ARMED = STATE_SIDE + ("Rebel group", "Political militia", "Identity militia")
VIOLENT_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
# ACLED time_precision -> GED date_prec (1 exact day; 3 about a week; 4 within the month)
DATE_PREC = {1: 1, 2: 3, 3: 4}
# ACLED's regions -> GED's five regions
REGIONS = {
    "Middle East": "Middle East", "Northern Africa": "Africa", "Western Africa": "Africa",
    "Middle Africa": "Africa", "Eastern Africa": "Africa", "Southern Africa": "Africa",
    "South Asia": "Asia", "Southeast Asia": "Asia", "East Asia": "Asia", "Central Asia": "Asia",
    "Caucasus and Central Asia": "Europe", "Europe": "Europe", "North America": "Americas",
    "Central America": "Americas", "South America": "Americas", "Caribbean": "Americas", "Oceania": "Asia",
}


def type_of_violence(event_type: str | None, inter1: str | None, inter2: str | None) -> int | None:
    """1 state-based, 2 non-state, 3 one-sided; None where UCDP's definitions do not reach."""
    if event_type not in VIOLENT_EVENT_TYPES or inter1 not in ARMED:
        return None
    if inter2 == "Civilians":
        return 3
    if inter2 not in ARMED:
        return None  # one organised side only (an unclaimed strike on nobody named)
    if inter1 in STATE_SIDE or inter2 in STATE_SIDE:
        return 1
    return 2


def priogrid_gid(lat: float, lon: float) -> int:
    """PRIO-GRID's cell id: half-degree cells numbered from (-90, -180), row by row."""
    row = min(int(math.floor((lat + 90) * 2)), 359)
    col = min(int(math.floor((lon + 180) * 2)), 719)
    return row * 720 + col + 1


def _int(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def to_ucdp(events: pd.DataFrame, event_sources: pd.DataFrame | None = None, *,
            lethal_only: bool = True) -> pd.DataFrame:
    """GED rows (strings, None = empty) for the events UCDP's definitions cover."""
    counts = None
    if event_sources is not None:
        counts = event_sources.groupby("event_id_cnty")["source_id"].nunique()
    rows = []
    for e in events.to_dict(orient="records"):
        g = {c: None for c in GED_COLUMNS}
        inter1, inter2 = _text(e.get("inter1")), _text(e.get("inter2"))
        tov = type_of_violence(_text(e.get("event_type")), inter1, inter2)
        best = _int(e.get("fatalities"))
        if tov is None or (lethal_only and not best):
            continue
        a, b = _text(e.get("actor1")), _text(e.get("actor2"))
        if tov == 1 and inter1 not in STATE_SIDE:  # GED puts the government on side A
            a, b = b, a
        if tov == 3:
            b = "Civilians"
        date = pd.Timestamp(e["event_date"]).strftime("%Y-%m-%d")
        lat, lon = float(e["latitude"]), float(e["longitude"])
        admin2 = _text(e.get("admin2"))
        geo = _int(e.get("geo_precision"))
        sources = _text(e.get("source"))
        n_sources = (int(counts.get(e["event_id_cnty"], 0)) if counts is not None
                     else len(sources.split("; ")) if sources else None)
        g.update({
            "relid": e["event_id_cnty"], "year": _int(e.get("year")), "type_of_violence": tov,
            "dyad_name": f"{a} - {b}", "side_a": a, "side_b": b, "number_of_sources": n_sources,
            "source_office": sources, "source_article": sources,
            "where_prec": {1: 1, 2: 2, 3: 3 if admin2 else 4}.get(geo),
            "where_coordinates": _text(e.get("location")),
            "where_description": ", ".join(x for x in (_text(e.get("location")), admin2, _text(e.get("admin1"))) if x),
            "adm_1": _text(e.get("admin1")), "adm_2": admin2, "latitude": lat, "longitude": lon,
            "geom_wkt": f"POINT ({lon} {lat})", "priogrid_gid": priogrid_gid(lat, lon),
            "country": _text(e.get("country")), "region": REGIONS.get(_text(e.get("region")) or ""),
            "event_clarity": 1 if _int(e.get("time_precision")) == 1 and (geo or 9) <= 2 else 2,
            "date_prec": DATE_PREC.get(_int(e.get("time_precision"))), "date_start": date, "date_end": date,
            "deaths_civilians": best if tov == 3 else None,
            "deaths_unknown": best if tov != 3 else 0,
            "best": best,
            "low": _int(e.get("fatalities_low")) if _int(e.get("fatalities_low")) is not None else best,
            "high": _int(e.get("fatalities_high")) if _int(e.get("fatalities_high")) is not None else best,
        })
        if tov == 3:
            g["deaths_a"] = g["deaths_b"] = 0
        rows.append(g)
    frame = pd.DataFrame(rows, columns=list(GED_COLUMNS), dtype=object)
    return frame.astype(object).where(frame.notna(), None)


def _text(v) -> str | None:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
