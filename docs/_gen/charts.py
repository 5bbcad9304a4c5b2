"""Charts drawn as inline SVG when the site is built, and the direction of each event.

The pages must work offline, so nothing is fetched when they are viewed. Every chart comes in a wide
and a narrow drawing (CSS shows one): an SVG scales its text with its width, so one drawing cannot
be legible both on a desktop and on a 390 px phone. Text is never smaller than 11 px as drawn.
The interactive map is Leaflet (docs/assets/vendor), driven by docs/assets/site.js.
"""
from __future__ import annotations

import json
import math
from datetime import date, timedelta
from functools import cache
from html import escape
from pathlib import Path

import pandas as pd

from mideast_events import schema

FOREIGN_FORCES = "External/Other forces"  # the actor type of US and coalition forces in this data
ATTACKS, STRIKES, OTHER = "Attacks on US and coalition forces", "US and coalition strikes", "Other events"
DIRECTIONS = (ATTACKS, STRIKES, OTHER)
DIRECTION_NOTE = (
    f"**{ATTACKS}**: actor 2 is of type *{FOREIGN_FORCES}* and actor 1 is not. "
    f"**{STRIKES}**: actor 1 is of type *{FOREIGN_FORCES}*. "
    f"**{OTHER}**: the rest (announcements and other strategic developments with no one attacked).")
# one hue per direction (colour-blind-safe Okabe-Ito anchors), shades for the event types within it
SHADES = {ATTACKS: ("#D55E00", "#E69F00", "#8F3F00", "#F3BD80", "#B07A00"),
          STRIKES: ("#0072B2", "#56B4E9", "#00456B", "#9FD3F2"),
          OTHER: ("#6E6E6E", "#A8A8A8", "#3F3F3F")}
BASEMAP = Path(__file__).resolve().parents[1] / "assets" / "vendor" / "basemap.js"

LOCATOR_WIDTH = 260


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def direction_of(events: pd.DataFrame) -> pd.Series:
    """Each event's direction, from the types of its two actors (see DIRECTION_NOTE)."""
    if FOREIGN_FORCES not in schema.actor_type_codes():
        raise RuntimeError(f"actor type {FOREIGN_FORCES!r} is no longer in the vocabulary; update charts.py")
    inter1 = events["inter1"].astype("string").fillna("")
    inter2 = events["inter2"].astype("string").fillna("")
    out = pd.Series(OTHER, index=events.index, dtype="object")
    out[(inter2 == FOREIGN_FORCES) & (inter1 != FOREIGN_FORCES)] = ATTACKS
    out[inter1 == FOREIGN_FORCES] = STRIKES
    return out


def series_colours(events: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(direction, sub-event type) -> colour, for the pairs in the data, types in vocabulary order."""
    subs = list(schema.sub_event_types())
    pairs = set(zip(direction_of(events), events["sub_event_type"].astype(str), strict=True))
    out = {}
    for d in DIRECTIONS:
        present = [s for s in subs if (d, s) in pairs] + sorted(s for dd, s in pairs if dd == d and s not in subs)
        for i, s in enumerate(present):
            out[(d, s)] = SHADES[d][i % len(SHADES[d])]
    return out


def legend(colours: dict[tuple[str, str], str], label: str) -> str:
    """An HTML legend grouped by direction."""
    groups = []
    for d in DIRECTIONS:
        items = "".join(f'<span class="me-legend-item"><span class="me-swatch" style="background:{c}"></span>{_attr(s)}</span>'
                        for (dd, s), c in colours.items() if dd == d)
        if items:
            groups.append(f'<div class="me-legend-group"><strong>{_attr(d)}</strong> {items}</div>')
    return f'<div class="me-legend" role="group" aria-label="{_attr(label)}">{"".join(groups)}</div>'


# ------------------------------------------------------------------------------------ base map


@cache
def basemap() -> dict:
    """The vendored base map (docs/_gen/make_basemap.py writes it)."""
    text = BASEMAP.read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].strip().rstrip(";"))


def basemap_scope_names() -> list[str]:
    """The countries whose admin-1 borders and towns the base map draws (those with events on land)."""
    return sorted(f["properties"]["name"] for f in basemap()["countries"]["features"] if f["properties"]["scope"])


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


def _path(geometry: dict, proj: _Projection, step: float = 1.5) -> str:
    """SVG path data; points closer than ``step`` px to the last one drawn are dropped (a small map
    needs no more), and rings that shrink to nothing go."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for poly in polys:
        for ring in poly:
            pts, last = [], None
            for lon, lat in ring:
                x, y = proj(lon, lat)
                if last is None or abs(x - last[0]) + abs(y - last[1]) >= step:
                    pts.append((x, y))
                    last = (x, y)
            if len(pts) >= 3:
                out.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in pts) + "Z")
    return "".join(out)


@cache
def _locator_base(width: float) -> tuple[_Projection, str]:
    bm = basemap()
    # the base map's view: the countries with events on land and the seas around them
    lon_min, lat_min, lon_max, lat_max = bm["view"]
    proj = _Projection(lon_min, lat_min, lon_max, lat_max, width)
    out = [f'<rect class="me-sea" width="{proj.width:.0f}" height="{proj.height:.0f}"/>']
    out += [f'<path class="me-land {"me-scope" if f["properties"]["scope"] else "me-neighbour"}" d="{_path(f["geometry"], proj)}"/>'
            for f in bm["countries"]["features"]]
    out += [f'<path class="me-admin1" d="{_path(f["geometry"], proj)}"/>' for f in bm["admin1"]["features"]]
    return proj, "".join(out)


def locator_svg(lat: float, lon: float, label: str) -> str:
    """A small map with one marked place, for an event's page (no text in it: nothing to index)."""
    proj, base = _locator_base(LOCATOR_WIDTH)
    x, y = proj(lon, lat)
    return (f'<svg class="me-locator" data-search-exclude viewBox="0 0 {proj.width:.0f} {proj.height:.0f}" role="img" '
            f'aria-label="{_attr(label)} on a map of the region" xmlns="http://www.w3.org/2000/svg">{base}'
            f'<circle class="me-locator-dot" cx="{x:.1f}" cy="{y:.1f}" r="6"/></svg>')


# ------------------------------------------------------------------------------- timeline


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _months(first: date, last: date) -> list[date]:
    out, d = [], date(first.year, first.month, 1)
    while d <= last:
        out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


def _stack_svg(cls: str, label: str, bins: list, counts: dict, colours: dict, width: int, height: int,
               font: int, x_labels: list[tuple[int, str]], tip_of, top: int | None = None,
               marks: list[tuple[float, str]] = ()) -> str:
    """Stacked bars, one per bin, with y grid, x labels at bin positions and vertical marks."""
    left, right, lower = font * 2 + 8, 8, font + 14
    upper = 8 + (font + 3) * min(len(marks), 3)
    plot_w, plot_h = width - left - right, height - upper - lower
    max_total = max([sum(c.values()) for c in counts.values()] + [1])
    top = top or max_total
    step = max(1, math.ceil(top / 4))
    top = step * math.ceil(top / step)
    bar_w = plot_w / max(len(bins), 1)
    y_of = lambda v: upper + plot_h * (1 - v / top)  # noqa: E731
    out = [f'<svg class="me-chart {cls}" viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(label)}" '
           f'style="--me-vb:{width}" xmlns="http://www.w3.org/2000/svg">']
    for v in range(0, top + 1, step):
        y = y_of(v)
        out.append(f'<line class="me-grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text class="me-axis" font-size="{font}" x="{left - 4}" y="{y + font / 3:.1f}" text-anchor="end">{v}</text>')
    for i, text in x_labels:
        x = left + i * bar_w
        out.append(f'<line class="me-tick" x1="{x:.1f}" x2="{x:.1f}" y1="{upper + plot_h}" y2="{upper + plot_h + 4}"/>'
                   f'<text class="me-axis" font-size="{font}" x="{x + 1:.1f}" y="{upper + plot_h + font + 4}">{_attr(text)}</text>')
    for i, b in enumerate(bins):
        base = 0
        for key, colour in colours.items():
            n = counts.get(b, {}).get(key, 0)
            if not n:
                continue
            y0, y1 = y_of(base), y_of(base + n)
            tip = tip_of(b, key, n)
            out.append(f'<rect class="me-bar" x="{left + i * bar_w + 0.5:.1f}" y="{y1:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                       f'height="{y0 - y1:.1f}" fill="{colour}" data-n="{n}" data-tip="{_attr(tip)}"><title>{_attr(tip)}</title></rect>')
            base += n
    for j, (x_frac, text) in enumerate(marks):
        x = left + x_frac * bar_w
        ty = 6 + font + (font + 3) * (j % 3)
        anchor = "end" if x > width * 0.6 else "start"
        dx = -3 if anchor == "end" else 3
        out.append(f'<g class="me-key-date"><line x1="{x:.1f}" x2="{x:.1f}" y1="{ty - font + 2}" y2="{upper + plot_h}"/>'
                   f'<text font-size="{font}" x="{x + dx:.1f}" y="{ty}" text-anchor="{anchor}">{_attr(text)}</text></g>')
    out.append(f'<line class="me-axis-line" x1="{left}" x2="{width - right}" y1="{upper + plot_h}" y2="{upper + plot_h}"/></svg>')
    return "".join(out)


def timeline(events: pd.DataFrame, start: date, end: date, key_dates: list[tuple[date, str]]) -> str:
    """Events per week stacked by direction and type, wide and narrow drawings, and the legend."""
    colours = series_colours(events)
    first, last = _monday(start), _monday(end)
    if len(events):
        first = min(first, _monday(events["event_date"].min().date()))
        last = max(last, _monday(events["event_date"].max().date()))
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    counts: dict[date, dict] = {w: {} for w in weeks}
    for d, direction, sub in zip(events["event_date"], direction_of(events), events["sub_event_type"].astype(str), strict=True):
        c = counts[_monday(d.date())]
        c[(direction, sub)] = c.get((direction, sub), 0) + 1

    def tip(w: date, key: tuple[str, str], n: int) -> str:
        return f"Week of {w:%-d %b %Y}: {n} × {key[1]} ({key[0]})"

    def month_labels(every: int) -> list[tuple[float, str]]:
        out = []
        for k, m in enumerate(_months(first, last)):
            if m >= first and k % every == 0:
                out.append(((m - first).days / 7, m.strftime("%b") + (f" {m:%y}" if m.month == 1 or not out else "")))
        return out

    marks = [((kd - first).days / 7, f"{kd:%-d %b}: {label}") for kd, label in key_dates if first <= kd <= last + timedelta(days=6)]
    wide = _stack_svg("me-wide me-timeline", "Events per week by direction and type", weeks, counts, colours, 860, 300, 14,
                      month_labels(1), tip, marks=marks)
    narrow = _stack_svg("me-narrow me-timeline", "Events per week by direction and type", weeks, counts, colours, 340, 300, 12,
                        month_labels(3), tip, marks=[(x, t.split(":")[0]) for x, t in marks])
    lines = "; ".join(f"{kd:%-d %b %Y}: {_attr(label)}" for kd, label in key_dates if first <= kd <= last + timedelta(days=6))
    return (wide + narrow + legend(colours, "Colours: direction, then event type")
            + (f'<p class="me-key-dates"><span class="me-key-line"></span> Dashed lines: {lines}.</p>' if lines else ""))


def base_top(events: pd.DataFrame) -> int:
    """The most attacks on US forces at one place in one month (the shared scale of the base charts)."""
    attacks = events[direction_of(events) == ATTACKS]
    per = attacks.groupby(["country", "location", attacks["event_date"].dt.to_period("M")], observed=True).size()
    return int(per.max()) if len(per) else 1


def base_charts(events: pd.DataFrame, start: date, end: date, link, top: int | None = None) -> str:
    """Attacks on US and coalition forces per month at each place attacked, one small chart each, same scale
    (``top``: the scale's top, to share it with other charts; else the busiest month here)."""
    attacks = events[direction_of(events) == ATTACKS]
    colours = {k: v for k, v in series_colours(events).items() if k[0] == ATTACKS}
    months = _months(min(start, attacks["event_date"].min().date()) if len(attacks) else start,
                     max(end, attacks["event_date"].max().date()) if len(attacks) else end)
    per = (attacks.assign(month=attacks["event_date"].dt.to_period("M"), sub=attacks["sub_event_type"].astype(str))
           .groupby(["country", "location", "month", "sub"], observed=True).size())
    totals = attacks.groupby(["country", "location"], observed=True).size().sort_values(ascending=False)
    top = top or base_top(events)
    cards = []
    for (country, location), n in totals.items():
        counts: dict = {m: {} for m in months}
        for (month, sub), k in per.xs((country, location), level=[0, 1]).items():
            counts[date(month.year, month.month, 1)][(ATTACKS, sub)] = int(k)
        svg = _stack_svg("me-small", f"Attacks per month at {location}", months, counts, colours, 340, 150, 12,
                         [(i, m.strftime("%b") + (f" {m:%y}" if m.month == 1 or i == 0 else ""))
                          for i, m in enumerate(months) if i % 2 == 0],
                         lambda m, key, k: f"{m:%B %Y}: {k} × {key[1]}", top=top)
        cards.append(f'<figure class="me-base" data-place="{_attr(location)}" data-country="{_attr(country)}" data-n="{n}"><figcaption>'
                     f'<a href="{_attr(link(country, location))}">{_attr(location)}</a> <small>({_attr(country)})</small> — '
                     f'{n} attack{"s" * (n != 1)}</figcaption>{svg}</figure>')
    return legend(colours, "Colours: type of attack") + f'<div class="me-bases">{"".join(cards)}</div>'
