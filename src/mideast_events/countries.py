"""ACLED's country codes and conventions, read from ``schema/acled/`` (the one place they are written).

``acled_countries()`` is the table (iso, iso3, iso_name, country, region, gwno, ged_country,
ne_features, source); the helpers answer the questions the validator and the converters ask.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

from mideast_events._paths import schema_dir

KOSOVO_ISO = 0


@cache
def _table() -> pd.DataFrame:
    frame = pd.read_csv(schema_dir() / "acled" / "countries.csv", dtype=str, keep_default_na=False)
    frame["iso"] = frame["iso"].astype(int)
    frame["gwno"] = pd.to_numeric(frame["gwno"].replace("", None)).astype("Int64")
    return frame


def acled_countries() -> pd.DataFrame:
    """The table of schema/acled/countries.csv (a copy): one row per code ACLED uses in ``iso``."""
    return _table().copy()


@cache
def ged_regions() -> tuple[tuple[int, int, str], ...]:
    frame = pd.read_csv(schema_dir() / "acled" / "ged_regions.csv", dtype=str)
    return tuple((int(a), int(b), r) for a, b, r in zip(frame["gwno_from"], frame["gwno_to"], frame["region"]))


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@cache
def _by_name() -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for row in _table().itertuples(index=False):
        for name in (row.country, row.iso_name, row.iso3):
            if name:
                out.setdefault(_norm(name), set()).add(int(row.iso))
    try:  # ISO's other names (official and common) as well
        import pycountry

        for c in pycountry.countries:
            for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
                if name:
                    out.setdefault(_norm(name), set()).add(int(c.numeric))
    except ImportError:  # pragma: no cover - pycountry is a dependency
        pass
    return {k: frozenset(v) for k, v in out.items()}


def isos_of(country: str) -> frozenset[int]:
    """The ``iso`` codes a country name stands for (ACLED's and ISO's names, ISO alpha-3); empty if unknown."""
    return _by_name().get(_norm(country), frozenset())


def iso_matches_country(iso: pd.Series, country: pd.Series) -> pd.Series:
    """Per row: False only where the name is known and its code differs from ``iso``; True otherwise.

    Unknown names, missing values and codes pass: the rule judges only what the table knows.
    """
    codes = pd.to_numeric(iso, errors="coerce")
    names = country.astype(object)
    known = {n: isos_of(n) for n in pd.unique(names.dropna())}
    out = [True if pd.isna(c) or pd.isna(n) or not known.get(n) else int(c) in known[n]
           for c, n in zip(codes, names)]
    return pd.Series(out, index=iso.index, dtype=bool)


@cache
def non_iso_codes() -> frozenset[int]:
    """The codes ACLED writes in ``iso`` that are not ISO 3166-1 numeric codes (Kosovo's 0): the rows
    of countries.csv with no ISO name."""
    t = _table()
    return frozenset(int(i) for i, n in zip(t["iso"], t["iso_name"]) if not n)


def row(iso: int) -> dict | None:
    """The table's row for ``iso`` as a dict, or None."""
    hit = _table()[_table()["iso"] == int(iso)]
    return None if hit.empty else hit.iloc[0].to_dict()


def name(iso: int) -> str | None:
    """ACLED's name for the code where known, else ISO's."""
    r = row(iso)
    return None if r is None else (r["country"] or r["iso_name"] or None)


def gwno(iso: int) -> int | None:
    r = row(iso)
    return None if r is None or pd.isna(r["gwno"]) else int(r["gwno"])


def ged_country(iso: int) -> str | None:
    """UCDP GED's name for the country of ``iso`` (GED's spelling where it differs)."""
    r = row(iso)
    return None if r is None else (r["ged_country"] or r["country"] or r["iso_name"] or None)


def ged_region(gw: int | None) -> str | None:
    """UCDP GED's region for a Gleditsch-Ward number."""
    if gw is None or pd.isna(gw):
        return None
    for lo, hi, region in ged_regions():
        if lo <= int(gw) <= hi:
            return region
    return None


@cache
def iso_by_name() -> dict[str, int]:
    """Exact country name -> iso, for every name (ACLED's, ISO's) that stands for one code only."""
    names: dict[str, set[int]] = {}
    for r in _table().itertuples(index=False):
        for n in (r.country, r.iso_name):
            if n:
                names.setdefault(n, set()).add(int(r.iso))
    try:
        import pycountry

        for c in pycountry.countries:
            for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
                if n:
                    names.setdefault(n, set()).add(int(c.numeric))
    except ImportError:  # pragma: no cover - pycountry is a dependency
        pass
    return {n: next(iter(i)) for n, i in sorted(names.items()) if len(i) == 1}
