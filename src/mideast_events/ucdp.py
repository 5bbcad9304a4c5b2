"""Events in UCDP GED's columns, as GED users expect them, where a mapping from ACLED's coding exists.

Every GED column is written, in GED's order and GED's formats (dates ``YYYY-MM-DD 00:00:00.000``,
``POINT (lon lat)`` with six decimals), typed as GED's columns load (``to_ucdp`` returns nullable
Int64 / Float64 / string columns; ``read_ged`` reads a real GED file or ours with the same dtypes).
GED's country names, Gleditsch-Ward numbers and regions come from schema/acled/ (read through
``mideast_events.countries``); state actors become ``Government of <GED country>``. What cannot be
derived is said in docs/ucdp.md, column by column. Only events UCDP's definitions could hold are
exported: organised violence with a known type of violence, two different sides and, as in GED, at
least one death (``lethal_only``).
"""
from __future__ import annotations

import csv
import io
import math
import re
from typing import Any

import pandas as pd

from mideast_events import countries

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
GED_INTEGER = (
    "id", "year", "active_year", "type_of_violence", "conflict_dset_id", "conflict_new_id", "dyad_dset_id",
    "dyad_new_id", "side_a_dset_id", "side_a_new_id", "side_b_dset_id", "side_b_new_id", "number_of_sources",
    "where_prec", "priogrid_gid", "country_id", "event_clarity", "date_prec", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
    # columns that only the HDX copy of GED carries
    "start_year", "end_year",
)
GED_FLOAT = ("latitude", "longitude")
# Columns this export leaves empty: UCDP's own judgement or source details an ACLED row does not carry.
LEFT_EMPTY = ("code_status", "source_office", "source_date", "source_headline", "source_original")
GED_DATE_FORMAT = "%Y-%m-%d 00:00:00.000"

STATE_SIDE = ("State forces", "External/Other forces")  # UCDP's governments, at home or abroad
ARMED = STATE_SIDE + ("Rebel group", "Political militia", "Identity militia")
VIOLENT_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
# ACLED time_precision -> GED date_prec (1 exact day; 3 only the week known; 4 only the month known)
DATE_PREC = {1: 1, 2: 3, 3: 4}
# ACLED's time_precision 2 codes the middle day of a week or a few days: GED gets that week.
WEEK_HALF_DAYS = 3
# ACLED's state actors: "Military Forces of Iraq (2022-)", "Police Forces of the United States (2021-)",
# "Government of Somalia (2022-)", optionally followed by a unit. "Former ..." forces are not governments.
STATE_ACTOR = re.compile(r"^(?:(?:Military|Police|Naval|Air|Security) Forces|Government) of (?:the )?(?P<rest>.+)$")
_YEARS = re.compile(r"^(?P<country>.+?) \(\d{4}-(?:\d{4})?\)")


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


def government(actor: str | None) -> tuple[str, int | None] | None:
    """``("Government of <GED country>", gwno)`` for an ACLED state actor's name, else None."""
    if not actor:
        return None
    m = STATE_ACTOR.match(actor)
    if not m:
        return None
    years = _YEARS.match(m["rest"])
    name = years["country"] if years else m["rest"]
    isos = countries.isos_of(name)
    if not isos:  # a unit after a name without years: try shorter prefixes
        words = name.split(" ")
        for k in range(len(words) - 1, 0, -1):
            isos = countries.isos_of(" ".join(words[:k]))
            if isos:
                break
    if len(isos) != 1:
        return None
    iso = next(iter(isos))
    ged = countries.ged_country(iso)
    named = countries.isos_of(ged)
    if named and iso not in named:
        return None  # GED folds this country into another state (Palestine into Israel): no government of its own
    return f"Government of {ged}", countries.gwno(iso)


def _int(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _text(v) -> str | None:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _event_iso(e: dict) -> int | None:
    iso = _int(e.get("iso"))
    if iso is not None:
        return iso
    isos = countries.isos_of(_text(e.get("country")) or "")
    return next(iter(isos)) if len(isos) == 1 else None


def date_range(day: pd.Timestamp, time_precision: int | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """GED's date_start/date_end for an ACLED day and its time_precision."""
    day = pd.Timestamp(day).normalize()
    if time_precision == 2:
        half = pd.Timedelta(days=WEEK_HALF_DAYS)
        return day - half, day + half
    if time_precision == 3:
        start = day.replace(day=1)
        return start, start + pd.offsets.MonthEnd(0)
    return day, day


def to_ucdp(events: pd.DataFrame, event_sources: pd.DataFrame | None = None, *,
            lethal_only: bool = True) -> pd.DataFrame:
    """GED rows, typed (Int64, Float64, string), for the events UCDP's definitions cover."""
    counts = None
    if event_sources is not None:
        counts = event_sources.groupby("event_id_cnty")["source_id"].nunique()
    rows = []
    for e in events.to_dict(orient="records"):
        inter1, inter2 = _text(e.get("inter1")), _text(e.get("inter2"))
        tov = type_of_violence(_text(e.get("event_type")), inter1, inter2)
        best = _int(e.get("fatalities"))
        if tov is None or (lethal_only and not best):
            continue
        best = best or 0
        a, b = _text(e.get("actor1")), _text(e.get("actor2"))
        gov_a, gov_b = government(a), government(b)
        if tov == 1 and gov_a is None and (gov_b is not None or inter1 not in STATE_SIDE):
            a, b, gov_a, gov_b = b, a, gov_b, gov_a  # GED puts the government on side A
        side_a = gov_a[0] if gov_a else a
        side_b = "Civilians" if tov == 3 else (gov_b[0] if gov_b else b)
        if not side_a or not side_b or side_a == side_b:
            continue  # GED has no dyad with one actor on both sides
        iso = _event_iso(e)
        gw = countries.gwno(iso) if iso is not None else None
        start, end = date_range(e["event_date"], _int(e.get("time_precision")))
        lat, lon = float(e["latitude"]), float(e["longitude"])
        admin2 = _text(e.get("admin2"))
        geo = _int(e.get("geo_precision"))
        sources = _text(e.get("source"))
        n_sources = (int(counts.get(e["event_id_cnty"], 0)) if counts is not None
                     else len(sources.split("; ")) if sources else None)
        low, high = _int(e.get("fatalities_low")), _int(e.get("fatalities_high"))
        rows.append({
            "relid": e["event_id_cnty"], "year": _int(e.get("year")), "type_of_violence": tov,
            "dyad_name": f"{side_a} - {side_b}", "side_a": side_a, "side_b": side_b,
            "number_of_sources": n_sources, "source_article": sources,
            "where_prec": {1: 1, 2: 2, 3: 3 if admin2 else 4}.get(geo),
            "where_coordinates": _text(e.get("location")),
            "where_description": ", ".join(x for x in (_text(e.get("location")), admin2, _text(e.get("admin1"))) if x),
            "adm_1": _text(e.get("admin1")), "adm_2": admin2, "latitude": lat, "longitude": lon,
            "geom_wkt": f"POINT ({lon:.6f} {lat:.6f})", "priogrid_gid": priogrid_gid(lat, lon),
            "country": countries.ged_country(iso) if iso is not None else _text(e.get("country")),
            "country_id": gw, "region": countries.ged_region(gw),
            "event_clarity": 1 if _int(e.get("time_precision")) == 1 and (geo or 9) <= 2 else 2,
            "date_prec": DATE_PREC.get(_int(e.get("time_precision"))),
            "date_start": start.strftime(GED_DATE_FORMAT), "date_end": end.strftime(GED_DATE_FORMAT),
            "deaths_a": 0, "deaths_b": 0,
            "deaths_civilians": best if tov == 3 else 0,
            "deaths_unknown": 0 if tov == 3 else best,
            "best": best, "low": low if low is not None else best, "high": high if high is not None else best,
            "gwnoa": gov_a[1] if gov_a else None, "gwnob": gov_b[1] if gov_b and tov == 1 else None,
        })
    frame = pd.DataFrame(rows, columns=[c for c in GED_COLUMNS if c not in _IDS])
    _number(frame)
    return typed(frame[list(GED_COLUMNS)])


_IDS = ("id", "active_year", "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id",
        "dyad_new_id", "side_a_dset_id", "side_a_new_id", "side_b_dset_id", "side_b_new_id")


def _number(frame: pd.DataFrame) -> None:
    """Ids UCDP has not given: negative (never a UCDP id), stable within the export."""
    frame["id"] = -(pd.RangeIndex(len(frame)) + 1)
    dyads = pd.factorize(pd.Series(list(zip(frame["side_a"], frame["side_b"])), dtype=object))[0] + 1
    actors = {name: -(k + 1) for k, name in enumerate(pd.unique(pd.concat([frame["side_a"], frame["side_b"]])))}
    for col in ("dyad_dset_id", "dyad_new_id", "conflict_dset_id", "conflict_new_id"):
        frame[col] = -dyads
    for side in ("side_a", "side_b"):
        ids = frame[side].map(actors)
        frame[f"{side}_dset_id"] = ids
        frame[f"{side}_new_id"] = ids
    frame["conflict_name"] = frame["dyad_name"]
    # UCDP's activity threshold (25 deaths in a calendar year), applied to the dyad-years exported
    totals = frame.groupby([frame["dyad_new_id"], frame["year"]])["best"].transform("sum")
    frame["active_year"] = (totals >= 25).astype(int)
    for col in LEFT_EMPTY:
        frame[col] = None


def ged_dtypes(columns: Any = GED_COLUMNS) -> dict[str, str]:
    """The pandas dtype of each GED column: Int64 for GED's integers, Float64 coordinates, string text."""
    return {c: "Int64" if c in GED_INTEGER else "Float64" if c in GED_FLOAT else "string" for c in columns}


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with GED's dtypes (columns it does not know are left as they are)."""
    out = frame.copy()
    for c, t in ged_dtypes(frame.columns).items():
        if t == "string":
            out[c] = out[c].astype("string")
        else:  # through numbers, so that '850.0' (a float-written integer) reads as 850
            out[c] = pd.to_numeric(out[c].astype(object), errors="raise").astype(t)
    return out


def read_ged(source: Any) -> pd.DataFrame:
    """A GED CSV (UCDP's, HDX's copy with its hashtag line, or this export) with GED's dtypes."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])
    first = frame.iloc[0].dropna().astype(str) if len(frame) else pd.Series(dtype=str)
    if len(first) and first.str.startswith("#").all():
        frame = frame.iloc[1:].reset_index(drop=True)  # HDX's HXL hashtag line
    return typed(frame)


def to_csv(frame: pd.DataFrame) -> str:
    """GED CSV text: GED's columns and order, empty cells for missing values."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(frame.columns)
    for row in frame.astype(object).itertuples(index=False, name=None):
        w.writerow(["" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in row])
    return buf.getvalue()
