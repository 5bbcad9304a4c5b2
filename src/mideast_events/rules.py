"""Cross-field and cross-table rules that a Table Schema cannot say.

Each rule has a name, the table whose rows it judges, the fields it reads and a one-line
reason. ``check(frames)`` returns one boolean per row of that table (True = the row passes;
rows missing a value the rule needs pass, since ``required`` already reports them). Rules
on one table also carry a polars expression, and every rule can be wrapped as a named
Pandera check.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from mideast_events import schema

Frames = dict[str, pd.DataFrame]

# Coordinates may sit this far (degrees) outside a country's bounding box: bases on a border
# are coded to the border line, and Natural Earth's boxes are generalised.
BBOX_MARGIN_DEG = 0.05
# Events at sea (admin1 empty, as ACLED codes them) are coded to the nearest coastal country and
# may lie this far outside its box: 200 nautical miles (an exclusive economic zone) is 3.33 degrees
# of latitude and at most 3.45 of longitude at the latitudes of the Red Sea and the Gulf of Aden.
SEA_MARGIN_DEG = 3.5
SEA_AREA = "sea area"  # the locations table's location_type of a sea, gulf or strait


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    fields: tuple[str, ...]
    reason: str
    pandas: Callable[[Frames], pd.Series]
    polars: Callable[[], Any] | None = None  # () -> pl.Expr, True where the row passes
    needs: tuple[str, ...] = field(default=())  # other tables the rule reads

    def applies(self, frames: Frames) -> bool:
        own = frames.get(self.table)
        return (
            own is not None
            and all(f in own.columns for f in self.fields)
            and all(t in frames for t in self.needs)
        )

    def check(self, frames: Frames) -> pd.Series:
        return self.pandas(frames).fillna(True).astype(bool)

    def pandera_check(self, check_cls: Any, frames: Frames | None = None) -> Any:
        """This rule as a Pandera DataFrame check; cross-table rules read ``frames``."""
        others = dict(frames or {})

        def run(df: pd.DataFrame) -> pd.Series:
            return self.check({**others, self.table: df})

        return check_cls(run, name=self.name, error=self.reason)

    def polars_check(self, check_cls: Any) -> Any:
        expr = self.polars

        def run(data: Any) -> Any:
            return data.lazyframe.select(expr())

        return check_cls(run, name=self.name, error=self.reason)


# ------------------------------------------------------------------ helpers


def _ev(frames: Frames) -> pd.DataFrame:
    return frames["events"]


@cache
def _interaction_labels() -> dict[tuple[str, str | None], str]:
    codes = schema.actor_type_codes()
    out: dict[tuple[str, str | None], str] = {}
    for a, ca in codes.items():
        out[(a, None)] = f"{a} only"
        for b, cb in codes.items():
            lo, hi = (a, b) if ca <= cb else (b, a)
            out[(a, b)] = f"{lo}-{hi}"
    return out


def expected_interaction(inter1: pd.Series, inter2: pd.Series) -> pd.Series:
    """ACLED's text interaction for each row: lower actor-type code first; '<type> only' alone."""
    labels = _interaction_labels()
    keys = zip(inter1.astype(object).where(inter1.notna(), None), inter2.astype(object).where(inter2.notna(), None))
    return pd.Series([labels.get(k) for k in keys], index=inter1.index, dtype="string")


@cache
def country_bboxes() -> dict[int, tuple[float, float, float, float]]:
    """ISO numeric -> (lon_min, lat_min, lon_max, lat_max), from Natural Earth's subunit boxes."""
    import country_bounding_boxes as cbb

    boxes: dict[int, tuple[float, float, float, float]] = {}
    for c in cbb.all_country_subunits():
        try:
            iso = int(c.iso_n3)
        except (TypeError, ValueError):
            continue
        if iso < 0:
            continue
        x0, y0, x1, y1 = c.bbox
        if iso in boxes:
            a0, b0, a1, b1 = boxes[iso]
            x0, y0, x1, y1 = min(a0, x0), min(b0, y0), max(a1, x1), max(b1, y1)
        boxes[iso] = (x0, y0, x1, y1)
    return boxes


def latest_plausible_date() -> pd.Timestamp:
    """Today at the far side of the date line: no local date can be later than this."""
    return pd.Timestamp(dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1))


def _null_or(cond: pd.Series, *cols: pd.Series) -> pd.Series:
    missing = pd.Series(False, index=cond.index)
    for c in cols:
        missing |= c.isna()
    return missing | cond.fillna(False).astype(bool)


# ------------------------------------------------------------------ single-table rules (events)


def _sub_event_in_type(f: Frames) -> pd.Series:
    e = _ev(f)
    parent = e["sub_event_type"].astype(object).map({k: v[0] for k, v in schema.sub_event_types().items()})
    return _null_or(parent == e["event_type"].astype(object), e["sub_event_type"], e["event_type"])


def _disorder_of_sub_event(f: Frames) -> pd.Series:
    e = _ev(f)
    disorder = e["sub_event_type"].astype(object).map({k: v[1] for k, v in schema.sub_event_types().items()})
    return _null_or(disorder == e["disorder_type"].astype(object), e["sub_event_type"], e["disorder_type"])


def _interaction(f: Frames) -> pd.Series:
    e = _ev(f)
    exp = expected_interaction(e["inter1"], e["inter2"])
    return _null_or(exp == e["interaction"].astype("string"), e["inter1"], e["interaction"])


def _inter2_with_actor2(f: Frames) -> pd.Series:
    e = _ev(f)
    return e["actor2"].isna() == e["inter2"].isna()


def _year(f: Frames) -> pd.Series:
    e = _ev(f)
    return _null_or(e["event_date"].dt.year == e["year"], e["event_date"], e["year"])


def _within(lo: str, best: str, hi: str) -> Callable[[Frames], pd.Series]:
    def run(f: Frames) -> pd.Series:
        e = _ev(f)
        ok = pd.Series(True, index=e.index)
        ok &= (e[lo].isna() | e[best].isna() | (e[lo] <= e[best])).fillna(True)
        ok &= (e[hi].isna() | e[best].isna() | (e[best] <= e[hi])).fillna(True)
        ok &= (e[lo].isna() | e[hi].isna() | (e[lo] <= e[hi])).fillna(True)
        return ok

    return run


def _no_civilian_targeting_on_battles(f: Frames) -> pd.Series:
    e = _ev(f)
    return ~((e["event_type"].astype(object) == "Battles") & e["civilian_targeting"].notna())


def _civilians_are_actor2(f: Frames) -> pd.Series:
    e = _ev(f)
    vac = e["event_type"].astype(object) == "Violence against civilians"
    return ~vac | (e["inter2"].astype(object) == "Civilians")


def _bbox_columns(iso: pd.Series) -> pd.DataFrame:
    boxes = country_bboxes()
    frame = pd.DataFrame(
        [boxes.get(int(i)) if pd.notna(i) and int(i) in boxes else (None,) * 4 for i in iso],
        columns=["x0", "y0", "x1", "y1"],
        index=iso.index,
        dtype="Float64",
    )
    return frame


def _coordinates_in_country(f: Frames) -> pd.Series:
    e = _ev(f)
    b = _bbox_columns(e["iso"])
    at_sea = e["admin1"].isna() if "admin1" in e.columns else pd.Series(False, index=e.index)
    m = at_sea.map({True: SEA_MARGIN_DEG, False: BBOX_MARGIN_DEG}).astype("Float64")  # at sea: wider
    inside = (
        (e["latitude"] >= b["y0"] - m) & (e["latitude"] <= b["y1"] + m)
        & (e["longitude"] >= b["x0"] - m) & (e["longitude"] <= b["x1"] + m)
    )
    # An unknown ISO code has no box to test against: iso's own constraints report it.
    return _null_or(inside, e["latitude"], e["longitude"], b["x0"])


def _not_in_future(f: Frames) -> pd.Series:
    e = _ev(f)
    return _null_or(e["event_date"] <= latest_plausible_date(), e["event_date"])


# ------------------------------------------------------------------ polars expressions


def pl_code(column: str) -> Any:
    """A vocabulary column of events as its position in the schema's list (null: missing or
    not in the list). The rules below and the polars path's allowed-value checks all use this
    same expression, which polars then computes once per column: integers compared by
    position instead of strings looked up row by row, several times over."""
    import polars as pl

    return pl.col(column).cast(pl.String).cast(pl.Enum(_vocab(column)), strict=False).to_physical()


def _vocab(column: str) -> list[str]:
    if column == "interaction":  # no vocabulary of its own: every label the actor types make
        return list(dict.fromkeys(_interaction_labels().values()))
    return list(schema.enum_values("events", column))


def _pl_table(values: list[Any], dtype: Any) -> Any:
    """A lookup table to ``gather`` from by a pl_code."""
    import polars as pl

    return pl.lit(pl.Series(values, dtype=dtype))


def _pl_parent_is(column: str, part: int, name: str) -> Any:
    """The sub-event's parent (0: event_type, 1: disorder_type) is ``column``; as on pandas, a
    row missing either passes and an unknown value on either side fails."""
    import polars as pl

    subs, own = schema.sub_event_types(), _vocab(column)
    parent = _pl_table([own.index(subs[s][part]) if subs[s][part] in own else None
                        for s in _vocab("sub_event_type")], pl.UInt32).gather(pl_code("sub_event_type"))
    missing = pl.col("sub_event_type").is_null() | pl.col(column).is_null()
    return (missing | (parent == pl_code(column)).fill_null(False)).alias(name)


def _pl_sub_event_in_type() -> Any:
    return _pl_parent_is("event_type", 0, "sub_event_in_event_type")


def _pl_disorder() -> Any:
    return _pl_parent_is("disorder_type", 1, "disorder_type_of_sub_event")


def _pl_interaction() -> Any:
    import polars as pl

    # Integers, not a string built for every row: each actor type as a power of two (1 for no
    # inter2), so that the sum names the unordered pair, as the text interaction does.
    codes = schema.actor_type_codes()
    bit = _pl_table([2 ** codes[label] for label in _vocab("inter1")], pl.Int64)
    bit2 = _pl_table([2 ** codes[label] for label in _vocab("inter2")], pl.Int64)
    pair = {text: 2 ** codes[a] + (2 ** codes[b] if b is not None else 1) for (a, b), text in _interaction_labels().items()}
    exp = bit.gather(pl_code("inter1")) + pl.when(pl.col("inter2").is_null()).then(1).otherwise(bit2.gather(pl_code("inter2")))
    given = _pl_table([pair[t] for t in _vocab("interaction")], pl.Int64).gather(pl_code("interaction"))
    missing = pl.col("inter1").is_null() | pl.col("interaction").is_null()
    return (missing | (exp == given).fill_null(False)).alias("interaction_from_actor_types")


def _pl_inter2_with_actor2() -> Any:
    import polars as pl

    return (pl.col("actor2").is_null() == pl.col("inter2").is_null()).alias("inter2_with_actor2")


def _pl_year() -> Any:
    import polars as pl

    return (pl.col("event_date").dt.year() == pl.col("year")).fill_null(True).alias("year_of_event_date")


def _pl_within(lo: str, best: str, hi: str, name: str) -> Callable[[], Any]:
    def expr() -> Any:
        import polars as pl

        return (
            (pl.col(lo) <= pl.col(best)).fill_null(True)
            & (pl.col(best) <= pl.col(hi)).fill_null(True)
            & (pl.col(lo) <= pl.col(hi)).fill_null(True)
        ).alias(name)

    return expr


def _pl_is(column: str, value: str) -> Any:
    """``column`` == ``value`` by position in the vocabulary (null where the column is)."""
    return pl_code(column) == _vocab(column).index(value)


def _pl_no_ct_on_battles() -> Any:
    import polars as pl

    return ~(_pl_is("event_type", "Battles") & pl.col("civilian_targeting").is_not_null()).fill_null(False)


def _pl_civilians_are_actor2() -> Any:
    vac = _pl_is("event_type", "Violence against civilians").fill_null(False)  # as on pandas
    return (~vac | _pl_is("inter2", "Civilians")).fill_null(False).alias("civilians_are_actor2")


def _pl_coordinates_in_country() -> Any:
    import polars as pl

    boxes = country_bboxes()
    m = pl.when(pl.col("admin1").is_null()).then(SEA_MARGIN_DEG).otherwise(BBOX_MARGIN_DEG)  # at sea: wider
    # ISO numeric codes are small integers: each bound is looked up by position in a table of
    # every code up to the largest (no hashing); a code outside the table has no box.
    size = max(boxes) + 1
    at = pl.when(pl.col("iso").is_between(0, size - 1)).then(pl.col("iso"))
    x0, y0, x1, y1 = (pl.lit(pl.Series([boxes[i][k] if i in boxes else None for i in range(size)], dtype=pl.Float64)).gather(at)
                      for k in range(4))
    inside = (
        (pl.col("latitude") >= y0 - m) & (pl.col("latitude") <= y1 + m)
        & (pl.col("longitude") >= x0 - m) & (pl.col("longitude") <= x1 + m)
    )
    # As on pandas, a row missing a coordinate or a box passes (null & False is False in polars).
    missing = pl.col("latitude").is_null() | pl.col("longitude").is_null() | x0.is_null()
    return (missing | inside.fill_null(True)).alias("coordinates_in_country")


def _pl_not_in_future() -> Any:
    import polars as pl

    return (pl.col("event_date") <= latest_plausible_date().date()).fill_null(True).alias("event_date_not_in_future")


# ------------------------------------------------------------------ cross-table rules


def _sources_of_events(f: Frames) -> pd.DataFrame:
    es, so = f["event_sources"], f["sources"]
    return es.merge(so, on="source_id", how="left", suffixes=("", "_source"))


def _every_event_has_source(f: Frames) -> pd.Series:
    e = _ev(f)
    return e["event_id_cnty"].isin(f["event_sources"]["event_id_cnty"])


def _not_before_sources(f: Frames) -> pd.Series:
    e = _ev(f)
    first = _sources_of_events(f).groupby("event_id_cnty")["published"].min()
    earliest = e["event_id_cnty"].map(first)
    return _null_or(e["event_date"] <= earliest, earliest, e["event_date"])


def _range_covers_sources(kind: str) -> Callable[[Frames], pd.Series]:
    def run(f: Frames) -> pd.Series:
        e = _ev(f)
        # a total across the places of an operation is judged by operation_totals, not per row
        g = _event_scope(f["event_sources"]).groupby("event_id_cnty")[kind]
        lo, hi = e["event_id_cnty"].map(g.min()), e["event_id_cnty"].map(g.max())
        # the coded figure belongs to the range too: 0 when the only figure is a discounted claim
        lo = pd.concat([lo, e[kind]], axis=1).min(axis=1).where(lo.notna())
        hi = pd.concat([hi, e[kind]], axis=1).max(axis=1).where(hi.notna())
        ok = (e[f"{kind}_low"] == lo) & (e[f"{kind}_high"] == hi)
        return _null_or(ok, lo)

    return run


OPERATION_TOTAL = "operation total"
_CAPPING = ("exact", "up to", "about")  # qualifiers whose figure bounds the total from above


def _event_scope(es: pd.DataFrame) -> pd.DataFrame:
    if "figure_scope" not in es.columns:
        return es
    return es[es["figure_scope"].astype(object) != OPERATION_TOTAL]


def _operation_totals(f: Frames) -> pd.Series:
    """The totals rule, per measure (fatalities, injuries) over the rows sharing ``operation``:
    each source gives one total (the same figure on every row it is on); the summed bests do not
    exceed the smallest total worded exact, up to or about; the summed highs do not exceed the
    largest total, or the sum of each row's largest per-place figure where that is larger. A total
    on a row with no operation fails that row."""
    e, es = _ev(f), f["event_sources"]
    if "figure_scope" not in es.columns:
        return pd.Series(True, index=e.index)
    op = e["operation"].astype(object)
    totals = es[es["figure_scope"].astype(object) == OPERATION_TOTAL]
    totals = totals.assign(operation=totals["event_id_cnty"].map(pd.Series(op.to_numpy(), index=e["event_id_cnty"])))
    ok = ~e["event_id_cnty"].isin(totals.loc[totals["operation"].isna(), "event_id_cnty"])
    place = _event_scope(es)
    bad: set[Any] = set()
    for kind in ("fatalities", "injuries"):
        t = totals.dropna(subset=[kind, "operation"])
        wording = t.get(f"{kind}_qualifier", pd.Series(None, index=t.index)).astype(object)
        capping = t[wording.isna() | wording.isin(_CAPPING)].groupby("operation")[kind].min()
        largest = t.groupby("operation")[kind].max()
        two = t.groupby(["operation", "source_id"])[kind].nunique().groupby(level=0).max() > 1
        rows = e[op.isin(largest.index)].assign(
            _place=lambda r: r["event_id_cnty"].map(place.groupby("event_id_cnty")[kind].max()).fillna(0))
        sums = rows.groupby(op[rows.index])[[kind, f"{kind}_high", "_place"]].sum()
        for name, s in sums.iterrows():
            cap = capping.get(name)
            if (two.get(name, False) or (cap is not None and s[kind] > cap)
                    or s[f"{kind}_high"] > max(largest[name], s["_place"])):
                bad.add(name)
    return ok & ~op.isin(bad)


def _source_names_publishers(f: Frames) -> pd.Series:
    e = _ev(f)
    pubs = _sources_of_events(f).groupby("event_id_cnty")["publisher"].agg(lambda s: "; ".join(sorted(set(s.dropna()))))
    exp = e["event_id_cnty"].map(pubs)
    return _null_or(e["source"].astype(object) == exp, exp)


def _location_matches_table(f: Frames) -> pd.Series:
    e, loc = _ev(f), f["locations"]
    cols = ["admin1", "admin2", "admin3", "latitude", "longitude"]
    kind = ["location_type"] if "location_type" in loc.columns else []
    joined = e[["country", "location"]].merge(loc[["country", "location", *cols, *kind]], on=["country", "location"], how="left")
    joined.index = e.index
    # at a sea area a position reported for the event replaces the area's representative point
    at_sea = joined["location_type"].astype(object).eq(SEA_AREA) if kind else pd.Series(False, index=e.index)
    ok = pd.Series(True, index=e.index)
    for c in cols:
        a, b = e[c].astype(object), joined[c].astype(object)
        same = (a.isna() & b.isna()) | (a == b).fillna(False)
        ok &= (same | at_sea) if c in ("latitude", "longitude") else same
    return ok | joined["latitude"].isna()  # a missing location is the foreign key's to report


def _actor_types_match(f: Frames) -> pd.Series:
    e, ac = _ev(f), f["actors"]
    inter = ac.set_index("actor")["inter"].astype(object)
    ok = pd.Series(True, index=e.index)
    for a, t in (("actor1", "inter1"), ("actor2", "inter2")):
        exp = e[a].astype(object).map(inter)
        ok &= _null_or(exp == e[t].astype(object), exp)
    return ok


def _admin1_empty_at_sea(f: Frames) -> pd.Series:
    loc = f["locations"]
    return loc["admin1"].isna() == (loc["location_type"].astype(object) == SEA_AREA)


def _has_dated_source(f: Frames) -> pd.Series:
    e = _ev(f)
    dated = _sources_of_events(f).dropna(subset=["published"])["event_id_cnty"]
    return e["event_id_cnty"].isin(dated)


def _precision_matches_date(f: Frames) -> pd.Series:
    so = f["sources"]
    unknown = so["published_precision"].astype(object) == "unknown"
    return (unknown == so["published"].isna()) | so["published_precision"].isna()


def _evidence_in_seed(f: Frames) -> pd.Series:
    from mideast_events._paths import bundle_root

    es = _sources_of_events(f)
    lengths: dict[str, int] = {}
    for p in es["seed_path"].dropna().unique():
        file = bundle_root() / str(p)
        lengths[str(p)] = len(file.read_text(encoding="utf-8")) if file.exists() else -1
    n = es["seed_path"].astype(object).map(lengths)
    has = es["evidence_start"].notna() | es["evidence_end"].notna()
    ok = (
        es["seed_path"].notna() & es["evidence_start"].notna() & es["evidence_end"].notna()
        & (es["evidence_start"] < es["evidence_end"]) & ((es["evidence_end"] <= n) | (n == -1))
    ).fillna(False)
    out = ~has | ok
    out.index = f["event_sources"].index
    return out


RULES: tuple[Rule, ...] = (
    Rule("sub_event_in_event_type", "events", ("event_type", "sub_event_type"),
         "the sub-event type belongs to another event type", _sub_event_in_type, _pl_sub_event_in_type),
    Rule("disorder_type_of_sub_event", "events", ("disorder_type", "sub_event_type"),
         "the disorder type is not the one the sub-event type fixes", _disorder_of_sub_event, _pl_disorder),
    Rule("interaction_from_actor_types", "events", ("inter1", "inter2", "interaction"),
         "interaction must be the two actor types, lower code first ('<type> only' with no actor2)",
         _interaction, _pl_interaction),
    Rule("inter2_with_actor2", "events", ("actor2", "inter2"),
         "inter2 must be given exactly when actor2 is", _inter2_with_actor2, _pl_inter2_with_actor2),
    Rule("year_of_event_date", "events", ("year", "event_date"),
         "year must be the year of event_date", _year, _pl_year),
    Rule("fatalities_within_range", "events", ("fatalities_low", "fatalities", "fatalities_high"),
         "fatalities must lie within fatalities_low..fatalities_high",
         _within("fatalities_low", "fatalities", "fatalities_high"),
         _pl_within("fatalities_low", "fatalities", "fatalities_high", "fatalities_within_range")),
    Rule("injuries_within_range", "events", ("injuries_low", "injuries", "injuries_high"),
         "injuries must lie within injuries_low..injuries_high",
         _within("injuries_low", "injuries", "injuries_high"),
         _pl_within("injuries_low", "injuries", "injuries_high", "injuries_within_range")),
    Rule("no_civilian_targeting_on_battles", "events", ("event_type", "civilian_targeting"),
         "Battles are never coded as civilian targeting", _no_civilian_targeting_on_battles, _pl_no_ct_on_battles),
    Rule("civilians_are_actor2", "events", ("event_type", "inter2"),
         "in Violence against civilians the civilians are actor2", _civilians_are_actor2, _pl_civilians_are_actor2),
    Rule("coordinates_in_country", "events", ("iso", "latitude", "longitude", "admin1"),
         "the coordinates lie outside the country's bounding box (swapped or wrong?); at sea (admin1 empty), "
         "more than 200 nautical miles (3.5 degrees) outside it",
         _coordinates_in_country, _pl_coordinates_in_country),
    Rule("event_date_not_in_future", "events", ("event_date",),
         "the event is dated in the future", _not_in_future, _pl_not_in_future),
    Rule("event_has_source", "events", ("event_id_cnty",),
         "every event needs at least one row in event_sources", _every_event_has_source, needs=("event_sources",)),
    Rule("event_not_after_its_sources", "events", ("event_date", "event_id_cnty"),
         "the event is dated after its earliest source was published", _not_before_sources,
         needs=("event_sources", "sources")),
    Rule("fatalities_range_from_sources", "events", ("fatalities_low", "fatalities_high"),
         "fatalities_low/high must span every figure its sources report and the coded figure",
         _range_covers_sources("fatalities"), needs=("event_sources",)),
    Rule("injuries_range_from_sources", "events", ("injuries_low", "injuries_high"),
         "injuries_low/high must span every figure its sources report and the coded figure",
         _range_covers_sources("injuries"), needs=("event_sources",)),
    Rule("operation_totals", "events", ("operation", "fatalities", "fatalities_high", "injuries", "injuries_high"),
         "rows sharing an operation: summed fatalities/injuries exceed the smallest total a source gives for it "
         "(exact, up to, about), summed highs count it twice, a source gives two totals, or a total has no operation",
         _operation_totals, needs=("event_sources",)),
    Rule("source_names_its_publishers", "events", ("source",),
         "source must list the publishers of the event's sources, sorted, joined with '; '",
         _source_names_publishers, needs=("event_sources", "sources")),
    Rule("location_matches_table", "events", ("country", "location", "admin1", "latitude", "longitude"),
         "admin names and coordinates must be those of the location's row in locations.csv (at a sea area the "
         "coordinates may be the position reported for the event)",
         _location_matches_table, needs=("locations",)),
    Rule("actor_types_match_table", "events", ("actor1", "inter1", "actor2", "inter2"),
         "inter1/inter2 must be the actor types given in actors.csv", _actor_types_match, needs=("actors",)),
    Rule("event_has_dated_source", "events", ("event_id_cnty",),
         "every event needs at least one source with a known publication date", _has_dated_source,
         needs=("event_sources", "sources")),
    Rule("admin1_empty_exactly_at_sea", "locations", ("admin1", "location_type"),
         "admin1 must be empty exactly for a sea area (ACLED codes events at sea with no admin1)", _admin1_empty_at_sea),
    Rule("published_precision_unknown_iff_no_date", "sources", ("published", "published_precision"),
         "published_precision is 'unknown' exactly when published is empty", _precision_matches_date),
    Rule("evidence_span_in_seed", "event_sources", ("evidence_start", "evidence_end"),
         "an evidence span needs a seed document and must lie inside its text",
         _evidence_in_seed, needs=("sources",)),
)


def table_rules(table: str, *, cross_table: bool = False) -> list[Rule]:
    """Rules judging ``table``; cross-table rules only when asked (they need the other tables)."""
    return [r for r in RULES if r.table == table and (cross_table or not r.needs)]


def get(name: str) -> Rule:
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(name)
