"""The map and the timeline, drawn as inline SVG when the site is built.

The pages must work offline, so nothing is fetched when they are viewed: country outlines come
from the countryinfo package, points and bars from the bundled events, and docs/assets/site.js
only switches sizes and shows tooltips.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from functools import cache
from html import escape

import pandas as pd
from countryinfo import CountryInfo

from mideast_events import schema

# A colour-blind-friendly qualitative palette (Okabe-Ito, then Tableau's extras); categories take
# colours by their position in the vocabulary, so a colour never depends on which rows exist.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#332288",
           "#882255", "#117733", "#999933", "#AA4499", "#44AA99", "#661100", "#6699CC")

MAP_WIDTH = 860
LOCATOR_WIDTH = 260
PLACE_LABELS = 8  # the busiest places get a name on the map


def colour_of(value: str, vocabulary: list[str]) -> str:
    return PALETTE[vocabulary.index(value) % len(PALETTE)] if value in vocabulary else "#777777"


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


# ------------------------------------------------------------------------------------ map


def _outline(iso3_or_name: str) -> tuple[str, list]:
    """(country name, list of polygons as lists of rings of (lon, lat)) from countryinfo's GeoJSON."""
    info = CountryInfo(iso3_or_name)
    polygons = []
    for feature in info.geo_json()["features"]:
        geom = feature["geometry"]
        if geom["type"] == "Polygon":
            polygons.append(geom["coordinates"])
        elif geom["type"] == "MultiPolygon":
            polygons.extend(geom["coordinates"])
    return info.name().title(), polygons


class _Projection:
    """Equirectangular, x shrunk by cos(mean latitude): honest enough at this scale."""

    def __init__(self, lon_min: float, lat_min: float, lon_max: float, lat_max: float, width: float):
        self.lon_min, self.lat_max = lon_min, lat_max
        self.kx = math.cos(math.radians((lat_min + lat_max) / 2))
        self.scale = width / ((lon_max - lon_min) * self.kx)
        self.width = width
        self.height = (lat_max - lat_min) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon_min) * self.kx * self.scale, (self.lat_max - lat) * self.scale


def _path(polygons: list, proj: _Projection) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            pts = [proj(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


@cache
def _base(scope_countries: tuple[str, ...], width: float, labels: bool = True) -> tuple[_Projection, str]:
    """Sea, neighbours and the scope countries, framed on the scope countries."""
    scope = [_outline(c) for c in scope_countries]
    scope_iso = {CountryInfo(c).iso(3) for c in scope_countries}
    neighbours = sorted({b for c in scope_countries for b in CountryInfo(c).borders()} - scope_iso)
    others = [_outline(iso) for iso in neighbours]

    lons = [p[0] for _, polys in scope for poly in polys for p in poly[0]]
    lats = [p[1] for _, polys in scope for poly in polys for p in poly[0]]
    pad = 0.8
    proj = _Projection(min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad, width)
    out = [f'<rect class="me-sea" width="{proj.width:.0f}" height="{proj.height:.0f}"/>']
    for name, polys in others:
        out.append(f'<path class="me-land me-neighbour" d="{_path(polys, proj)}"><title>{_attr(name)}</title></path>')
    for name, polys in scope:
        out.append(f'<path class="me-land me-scope" d="{_path(polys, proj)}"><title>{_attr(name)}</title></path>')
    for name, polys in (scope + others) if labels else []:
        # label at the mean of the outline's points that fall inside the view
        pts = [proj(lon, lat) for poly in polys for lon, lat in poly[0]]
        inside = [(x, y) for x, y in pts if 30 < x < proj.width - 30 and 15 < y < proj.height - 15]
        if len(inside) >= 3:
            x = sum(p[0] for p in inside) / len(inside)
            y = sum(p[1] for p in inside) / len(inside)
            out.append(f'<text class="me-country-label" x="{x:.0f}" y="{y:.0f}">{_attr(name)}</text>')
    return proj, "".join(out)


def locator_svg(lat: float, lon: float, scope_countries: list[str], label: str) -> str:
    """A small map with one marked place, for an event's page."""
    proj, base = _base(tuple(scope_countries), LOCATOR_WIDTH, labels=False)
    x, y = proj(lon, lat)
    return (f'<svg class="me-locator" viewBox="0 0 {proj.width:.0f} {proj.height:.0f}" role="img" '
            f'aria-label="{_attr(label)} on the map" xmlns="http://www.w3.org/2000/svg">{base}'
            f'<circle class="me-locator-dot" cx="{x:.1f}" cy="{y:.1f}" r="6"><title>{_attr(label)}</title></circle></svg>')


def map_svg(events: pd.DataFrame, scope_countries: list[str], event_link: str) -> str:
    """Places as circles sized by events (or casualties, switched in the page), coloured by event type.

    ``event_link`` is the relative URL prefix of the event pages (``../events/``).
    """
    proj, base = _base(tuple(scope_countries), MAP_WIDTH)
    event_types = schema.vocabulary_values("event_types.csv", "event_type")
    out = [f'<svg class="me-map" viewBox="0 0 {proj.width:.0f} {proj.height:.0f}" role="img" '
           f'aria-label="Map of events by place" xmlns="http://www.w3.org/2000/svg">', base]

    if len(events):
        ev = events.assign(casualties=events["fatalities"].fillna(0).astype(int)
                           + events["injuries"].fillna(0).astype(int),
                           event_type=events["event_type"].astype(str))
        groups = []
        for (_, loc, etype), g in ev.groupby(["country", "location", "event_type"], sort=True, observed=True):
            groups.append((loc, etype, g))
        max_n = max(len(g) for *_, g in groups)
        max_c = max(max(int(g["casualties"].sum()) for *_, g in groups), 1)
        # big circles first so small ones stay clickable on top
        groups.sort(key=lambda t: -len(t[2]))
        for loc, etype, g in groups:
            x, y = proj(float(g["longitude"].iloc[0]), float(g["latitude"].iloc[0]))
            n, cas = len(g), int(g["casualties"].sum())
            r_events = 4 + 18 * math.sqrt(n / max_n)
            r_cas = 3 + 22 * math.sqrt(cas / max_c)
            ids = " ".join(g["event_id_cnty"].astype(str))
            tip = f"{loc} ({g['country'].iloc[0]}) · {etype}: {n} event{'s' * (n != 1)}, {cas} killed or injured"
            out.append(
                f'<circle class="me-point" cx="{x:.1f}" cy="{y:.1f}" r="{r_events:.1f}" '
                f'data-r-events="{r_events:.1f}" data-r-casualties="{r_cas:.1f}" data-n="{n}" '
                f'fill="{colour_of(etype, event_types)}" data-tip="{_attr(tip)}" '
                f'data-events="{_attr(ids)}" data-href="{_attr(event_link)}">'
                f'<title>{_attr(tip)}</title></circle>')
        busiest = ev.groupby(["country", "location"], observed=True).agg(
            n=("event_id_cnty", "size"), lon=("longitude", "first"), lat=("latitude", "first"))
        for (_, loc), p in busiest.sort_values("n", ascending=False).head(PLACE_LABELS).iterrows():
            x, y = proj(float(p["lon"]), float(p["lat"]))
            out.append(f'<text class="me-place-label" x="{x + 9:.0f}" y="{y - 9:.0f}">{_attr(loc)}</text>')
    out.append("</svg>")
    return "".join(out)


def legend(values: list[str], vocabulary: list[str], label: str) -> str:
    items = "".join(f'<span class="me-legend-item"><span class="me-swatch" style="background:{colour_of(v, vocabulary)}">'
                    f'</span>{_attr(v)}</span>' for v in values)
    return f'<div class="me-legend" aria-label="{_attr(label)}">{items}</div>'


# ------------------------------------------------------------------------------- timeline


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def timeline_svg(events: pd.DataFrame, start: date, end: date, key_dates: list[tuple[date, str]]) -> str:
    """Events per week, stacked by sub-event type, with the key dates as labelled lines."""
    subs = list(schema.sub_event_types())
    first, last = _monday(start), _monday(end)
    if len(events):
        first = min(first, _monday(events["event_date"].min().date()))
        last = max(last, _monday(events["event_date"].max().date()))
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    counts: dict[date, dict[str, int]] = {w: {} for w in weeks}
    for d, sub in zip(events["event_date"], events["sub_event_type"].astype(str), strict=True):
        w = _monday(d.date())
        counts[w][sub] = counts[w].get(sub, 0) + 1
    max_total = max([sum(c.values()) for c in counts.values()] + [1])
    step = max(1, math.ceil(max_total / 5))
    top = step * math.ceil(max_total / step)

    width, height = 860, 300
    left, right, upper, lower = 40, 10, 46, 34
    plot_w, plot_h = width - left - right, height - upper - lower
    bar_w = plot_w / len(weeks)

    def x_of(d: date) -> float:
        return left + (d - first).days / 7 * bar_w

    def y_of(v: float) -> float:
        return upper + plot_h * (1 - v / top)

    out = [f'<svg class="me-timeline" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="Events per week by sub-event type" xmlns="http://www.w3.org/2000/svg">']
    for v in range(0, top + 1, step):
        y = y_of(v)
        out.append(f'<line class="me-grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="me-axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{v}</text>')
    # month ticks
    d = date(first.year, first.month, 1)
    while d <= last + timedelta(days=6):
        if d >= first and x_of(d) + 30 < width - right:
            x = x_of(d)
            label = d.strftime("%b") + (f" {d.year}" if d.month == 1 or d == date(first.year, first.month, 1) else "")
            out.append(f'<line class="me-tick" x1="{x:.1f}" x2="{x:.1f}" y1="{upper + plot_h}" y2="{upper + plot_h + 5}"/>'
                       f'<text class="me-axis" x="{x + 2:.1f}" y="{upper + plot_h + 18}">{label}</text>')
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    for w in weeks:
        base = 0
        for sub in subs:
            n = counts[w].get(sub, 0)
            if not n:
                continue
            y0, y1 = y_of(base), y_of(base + n)
            tip = f"Week of {w:%d %b %Y}: {n} × {sub}"
            out.append(f'<rect class="me-bar" x="{x_of(w) + 0.5:.1f}" y="{y1:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                       f'height="{y0 - y1:.1f}" fill="{colour_of(sub, subs)}" data-n="{n}" data-tip="{_attr(tip)}">'
                       f'<title>{_attr(tip)}</title></rect>')
            base += n
    for i, (kd, label) in enumerate(key_dates):
        if not first <= kd <= last + timedelta(days=6):
            continue
        x = x_of(kd)
        ty = 12 + 13 * (i % 3)
        out.append(f'<g class="me-key-date"><line x1="{x:.1f}" x2="{x:.1f}" y1="{ty + 3}" y2="{upper + plot_h}"/>'
                   f'<text x="{x + 3:.1f}" y="{ty}">{kd:%-d %b %Y}: {_attr(label)}</text></g>')
    out.append(f'<line class="me-axis-line" x1="{left}" x2="{width - right}" y1="{upper + plot_h}" y2="{upper + plot_h}"/>')
    out.append("</svg>")
    return "".join(out)
