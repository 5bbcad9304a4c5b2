"""Cross-field and cross-table rules that a Table Schema cannot say, each written once.

Each rule has a name, the table whose rows it judges, the fields it reads and a one-line
reason. A rule on one table is a narwhals expression (``expr()``: True where the row passes),
so the same definition runs natively on pandas, polars and dask: there is no per-engine twin.
A rule that reads other tables too (``needs``) is a function of the tables (``frames``).
What no expression can say (is a point in its country's shape?) is a ``Derived`` column, computed
once per distinct value by plain Python on the rows at hand, that the rule's expression reads.
Rows missing a value the rule needs pass, since ``required`` already reports them.

To add a rule: write one function returning its expression and add one ``Rule(...)`` line
to ``RULES`` (see docs/contributing.md). Every engine picks it up from there.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import narwhals as nw
import pandas as pd

from mideast_events import schema

Frames = dict[str, pd.DataFrame]

SEA_AREA = "sea area"  # the locations table's location_type of a sea, gulf or strait


@dataclass(frozen=True)
class Derived:
    """A column a rule reads that no expression can compute: ``compute`` gets the ``reads``
    columns of the rows (an eager narwhals frame) and returns one value per row, in order.
    ``Rule.passes`` adds it to a frame that lacks it; an engine may add it itself, natively
    (the polars engine does, inside its lazy query)."""
    name: str
    reads: tuple[str, ...]
    compute: Callable[[nw.DataFrame], Any]

    def values(self, frame: nw.DataFrame) -> nw.Series:
        data = self.compute(frame.select(*self.reads))
        return nw.new_series(self.name, data, nw.Boolean, backend=nw.get_native_namespace(frame))


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    fields: tuple[str, ...]
    reason: str
    expr: Callable[[], nw.Expr] | None = None  # one table: () -> narwhals expression, True = passes
    frames: Callable[[Frames], pd.Series] | None = None  # across tables: pandas frames -> passes
    needs: tuple[str, ...] = field(default=())  # other tables the rule reads
    coded: tuple[str, ...] = field(default=())  # vocabulary columns it reads by position (see code())
    derived: tuple[Derived, ...] = field(default=())  # computed columns it reads (see Derived)

    def applies(self, frames: dict[str, Any]) -> bool:
        own = frames.get(self.table)
        return (
            own is not None
            and all(f in own.columns for f in self.fields)
            and all(t in frames for t in self.needs)
        )

    def passes(self, native: Any) -> Any:
        """This rule over one table (a pandas, polars or dask frame, eager or lazy): the same
        kind of frame with one boolean column named after the rule, True where a row passes.
        A dask frame runs it partition by partition on pandas (the rule reads one row at a
        time), which is how the dask engine runs every check; narwhals' own dask backend is
        leaving narwhals for a separate package and types lookups as text."""
        if type(native).__module__.startswith("dask"):
            return native.map_partitions(self.passes, meta={self.name: bool})
        frame = nw.from_native(native)
        missing = [c for c in self.coded if code_column(c) not in frame.columns]
        if missing:  # an engine may bring the codes already (the polars engine does, natively)
            frame = frame.with_columns(**{code_column(c): encode(c) for c in missing})
        todo = [d for d in self.derived if d.name not in frame.columns]
        if todo:  # computed from the rows at hand (a lazy frame is collected first, and stays lazy)
            lazy = isinstance(frame, nw.LazyFrame)
            eager = frame.collect() if lazy else frame
            eager = eager.with_columns(*[d.values(eager) for d in todo])
            frame = eager.lazy() if lazy else eager
        return frame.select(self.expr().alias(self.name)).to_native()

    def check(self, frames: Frames) -> pd.Series:
        """One boolean per row of ``frames[self.table]`` (pandas), True where the row passes."""
        own = frames[self.table]
        if self.expr is not None:
            ok = self.passes(own)[self.name]
        else:
            ok = self.frames(frames)
        return pd.Series(ok.fillna(True).astype(bool).to_numpy(), index=own.index)

    def pandera_check(self, check_cls: Any, frames: Frames | None = None) -> Any:
        """This rule as a Pandera DataFrame check (pandas); cross-table rules read ``frames``."""
        others = dict(frames or {})

        def run(df: pd.DataFrame) -> pd.Series:
            return self.check({**others, self.table: df})

        return check_cls(run, name=self.name, error=self.reason)

    def polars_check(self, check_cls: Any) -> Any:
        """This rule as a Pandera check on polars (one-table rules only)."""

        def run(data: Any) -> Any:
            return self.passes(data.lazyframe)

        return check_cls(run, name=self.name, error=self.reason)


# ------------------------------------------------------------------ vocabularies and lookups


@cache
def interaction_labels() -> dict[tuple[str, str | None], str]:
    """(inter1, inter2 or None) -> ACLED's text interaction: lower actor-type code first but
    Civilians last (schema/acled/interaction_order.csv), '<type> only' with no second actor."""
    from mideast_events import conventions

    codes = schema.actor_type_codes()
    out: dict[tuple[str, str | None], str] = {}
    for a in codes:
        out[(a, None)] = f"{a} only"
        for b in codes:
            out[(a, b)] = conventions.text_interaction(a, b)
    return out


def latest_plausible_date() -> dt.datetime:
    """Today at the far side of the date line: no local date can be later than this."""
    today = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    return dt.datetime(today.year, today.month, today.day)


def vocabulary(column: str) -> list[str]:
    """The values an events column may take, in the schema's order."""
    if column == "interaction":  # no vocabulary of its own: every label the actor types make
        return list(dict.fromkeys(interaction_labels().values()))
    return list(schema.enum_values("events", column))


def code_column(column: str) -> str:
    """The name of the column holding ``column``'s codes."""
    return f"{column}|code"


def encode(column: str) -> nw.Expr:
    """A vocabulary column as codes: each value's position in the schema's list (null: missing
    or not in the list). Engines may compute the same codes natively (the polars engine reads
    them off a ``pl.Enum``, and its allowed-value checks share them), under ``code_column``."""
    values = vocabulary(column)
    return nw.col(column).cast(nw.String).replace_strict(values, list(range(len(values))), default=None)


def code(column: str) -> nw.Expr:
    """The codes of ``column`` (a rule reading them lists the column in ``Rule.coded``):
    integers compared by position instead of strings looked up row by row, again and again."""
    return nw.col(code_column(column))


def _lookup(column: str, table: list[Any]) -> nw.Expr:
    """A value per vocabulary entry (``table``, in the vocabulary's order), looked up by code."""
    pairs = [(i, v) for i, v in enumerate(table) if v is not None]
    return code(column).replace_strict([i for i, _ in pairs], [v for _, v in pairs], default=None)


def _is(column: str, value: str) -> nw.Expr:
    """``column`` is ``value`` (by code); False where missing or unknown."""
    return (code(column) == vocabulary(column).index(value)).fill_null(False)


def _passes(condition: nw.Expr, *needed: str) -> nw.Expr:
    """True where ``condition`` holds or a value it needs is missing (``required`` reports those).
    Written out, not left to null propagation: the engines propagate missing values differently
    (pandas' NaN compares False, polars' null compares null)."""
    ok = condition.fill_null(False)
    for c in needed:
        ok = nw.col(c).is_null() | ok
    return ok


# ------------------------------------------------------------------ single-table rules (events)


def _parent_is(column: str, part: int) -> nw.Expr:
    """The sub-event's parent (0: event_type, 1: disorder_type) is ``column``; a row missing
    either passes and an unknown value on either side fails."""
    subs, own = schema.sub_event_types(), vocabulary(column)
    parents = [own.index(subs[s][part]) if subs[s][part] in own else None for s in vocabulary("sub_event_type")]
    return _passes(_lookup("sub_event_type", parents) == code(column), "sub_event_type", column)


def sub_event_in_event_type() -> nw.Expr:
    return _parent_is("event_type", 0)


def disorder_type_of_sub_event() -> nw.Expr:
    return _parent_is("disorder_type", 1)


def interaction_from_actor_types() -> nw.Expr:
    # Integers, not a string built for every row: each actor type as a power of two (1 for no
    # inter2), so that the sum names the unordered pair, as the text interaction does.
    codes = schema.actor_type_codes()
    pair = {text: 2 ** codes[a] + (2 ** codes[b] if b is not None else 1) for (a, b), text in interaction_labels().items()}
    first = _lookup("inter1", [2 ** codes[label] for label in vocabulary("inter1")])
    second = _lookup("inter2", [2 ** codes[label] for label in vocabulary("inter2")])
    expected = first + nw.when(nw.col("inter2").is_null()).then(nw.lit(1)).otherwise(second)
    given = _lookup("interaction", [pair[t] for t in vocabulary("interaction")])
    return _passes(expected == given, "inter1", "interaction")


def inter2_with_actor2() -> nw.Expr:
    return nw.col("actor2").is_null() == nw.col("inter2").is_null()


def year_of_event_date() -> nw.Expr:
    return _passes(nw.col("event_date").dt.year() == nw.col("year"), "event_date", "year")


def within(lo: str, best: str, hi: str) -> Callable[[], nw.Expr]:
    def expr() -> nw.Expr:
        return (_passes(nw.col(lo) <= nw.col(best), lo, best) & _passes(nw.col(best) <= nw.col(hi), best, hi)
                & _passes(nw.col(lo) <= nw.col(hi), lo, hi))

    return expr


def no_civilian_targeting_on_battles() -> nw.Expr:
    return ~(_is("event_type", "Battles") & ~nw.col("civilian_targeting").is_null())


def civilians_are_actor2() -> nw.Expr:
    return ~_is("event_type", "Violence against civilians") | _is("inter2", "Civilians")


IN_COUNTRY = "coordinates_in_country|inside"


def _inside_country(frame: nw.DataFrame) -> Any:
    """geo.in_country on the rows: Natural Earth's shape of the country ``iso`` names, with the
    tolerance of how the row is coded (geo.tiers): 12 nautical miles on land, 24 in coastal waters
    (admin1 given, admin2 empty), 200 on the open sea (admin1 empty). Each distinct point is tested
    once; unknown codes pass."""
    from mideast_events import geo

    open_sea = frame["admin1"].is_null().to_numpy()
    coastal = frame["admin2"].is_null().to_numpy() & ~open_sea
    points = (frame[c].to_native() for c in ("iso", "latitude", "longitude"))
    return geo.in_country(*points, at_sea=open_sea, coastal=coastal)


def coordinates_in_country() -> nw.Expr:
    return nw.col(IN_COUNTRY).fill_null(True)


def admin1_missing_only_at_sea() -> nw.Expr:
    # ACLED leaves admin1 empty only on the open sea, where admin2 is empty too (geo.at_sea)
    return ~nw.col("admin1").is_null() | nw.col("admin2").is_null()


def iso_matches_country() -> nw.Expr:
    # every name schema/acled/countries.csv (or ISO 3166) knows, with its one code; unknown names pass
    from mideast_events import countries

    table = countries.iso_by_name()
    names = list(table)
    expected = nw.col("country").replace_strict(names, [table[n] for n in names], default=None,
                                                return_dtype=nw.Int64)
    return _passes(expected == nw.col("iso"), "iso", "country") | expected.is_null()


def event_date_not_in_future() -> nw.Expr:
    return _passes(nw.col("event_date") <= latest_plausible_date(), "event_date")


# ------------------------------------------------------------------ cross-table rules
# These read several of this project's own tables (small): pandas frames, one body each.


def _ev(frames: Frames) -> pd.DataFrame:
    return frames["events"]


def _null_or(cond: pd.Series, *cols: pd.Series) -> pd.Series:
    missing = pd.Series(False, index=cond.index)
    for c in cols:
        missing |= c.isna()
    return missing | cond.fillna(False).astype(bool)


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


def admin1_empty_exactly_at_sea() -> nw.Expr:
    return nw.col("admin1").is_null() == (nw.col("location_type").cast(nw.String) == SEA_AREA)


def _has_dated_source(f: Frames) -> pd.Series:
    e = _ev(f)
    dated = _sources_of_events(f).dropna(subset=["published"])["event_id_cnty"]
    return e["event_id_cnty"].isin(dated)


def published_precision_unknown_iff_no_date() -> nw.Expr:  # one table (sources): an expression
    unknown = (nw.col("published_precision").cast(nw.String) == "unknown").fill_null(False)
    return (unknown == nw.col("published").is_null()) | nw.col("published_precision").is_null()


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
         "the sub-event type belongs to another event type", sub_event_in_event_type,
         coded=("sub_event_type", "event_type")),
    Rule("disorder_type_of_sub_event", "events", ("disorder_type", "sub_event_type"),
         "the disorder type is not the one the sub-event type fixes", disorder_type_of_sub_event,
         coded=("sub_event_type", "disorder_type")),
    Rule("interaction_from_actor_types", "events", ("inter1", "inter2", "interaction"),
         "interaction must be the two actor types, lower code first ('<type> only' with no actor2)",
         interaction_from_actor_types, coded=("inter1", "inter2", "interaction")),
    Rule("inter2_with_actor2", "events", ("actor2", "inter2"),
         "inter2 must be given exactly when actor2 is", inter2_with_actor2),
    Rule("year_of_event_date", "events", ("year", "event_date"),
         "year must be the year of event_date", year_of_event_date),
    Rule("fatalities_within_range", "events", ("fatalities_low", "fatalities", "fatalities_high"),
         "fatalities must lie within fatalities_low..fatalities_high",
         within("fatalities_low", "fatalities", "fatalities_high")),
    Rule("injuries_within_range", "events", ("injuries_low", "injuries", "injuries_high"),
         "injuries must lie within injuries_low..injuries_high", within("injuries_low", "injuries", "injuries_high")),
    Rule("no_civilian_targeting_on_battles", "events", ("event_type", "civilian_targeting"),
         "Battles are never coded as civilian targeting", no_civilian_targeting_on_battles,
         coded=("event_type",)),
    Rule("civilians_are_actor2", "events", ("event_type", "inter2"),
         "in Violence against civilians the civilians are actor2", civilians_are_actor2,
         coded=("event_type", "inter2")),
    Rule("coordinates_in_country", "events", ("iso", "latitude", "longitude", "admin1", "admin2"),
         "the coordinates lie outside the country's land and islands (swapped or wrong?) by more than 12 "
         "nautical miles (22 km); in coastal waters (admin2 empty) 24 (44 km); on the open sea (admin1 empty) 200 (370 km)",
         coordinates_in_country,
         derived=(Derived(IN_COUNTRY, ("iso", "latitude", "longitude", "admin1", "admin2"), _inside_country),)),
    Rule("admin1_missing_only_at_sea", "events", ("admin1", "admin2"),
         "admin1 is missing on land (ACLED leaves it empty only at sea, where admin2 is empty too)",
         admin1_missing_only_at_sea),
    Rule("iso_matches_country", "events", ("iso", "country"),
         "iso is not the code of the country named (schema/acled/countries.csv)", iso_matches_country),
    Rule("event_date_not_in_future", "events", ("event_date",),
         "the event is dated in the future", event_date_not_in_future),
    Rule("event_has_source", "events", ("event_id_cnty",),
         "every event needs at least one row in event_sources", frames=_every_event_has_source,
         needs=("event_sources",)),
    Rule("event_not_after_its_sources", "events", ("event_date", "event_id_cnty"),
         "the event is dated after its earliest source was published", frames=_not_before_sources,
         needs=("event_sources", "sources")),
    Rule("fatalities_range_from_sources", "events", ("event_id_cnty", "fatalities", "fatalities_low", "fatalities_high"),
         "fatalities_low/high must span every figure its sources report and the coded figure",
         frames=_range_covers_sources("fatalities"), needs=("event_sources",)),
    Rule("injuries_range_from_sources", "events", ("event_id_cnty", "injuries", "injuries_low", "injuries_high"),
         "injuries_low/high must span every figure its sources report and the coded figure",
         frames=_range_covers_sources("injuries"), needs=("event_sources",)),
    Rule("operation_totals", "events", ("event_id_cnty", "operation", "fatalities", "fatalities_high", "injuries", "injuries_high"),
         "rows sharing an operation: summed fatalities/injuries exceed the smallest total a source gives for it "
         "(exact, up to, about), summed highs count it twice, a source gives two totals, or a total has no operation",
         frames=_operation_totals, needs=("event_sources",)),
    Rule("source_names_its_publishers", "events", ("event_id_cnty", "source"),
         "source must list the publishers of the event's sources, sorted, joined with '; '",
         frames=_source_names_publishers, needs=("event_sources", "sources")),
    Rule("location_matches_table", "events", ("country", "location", "admin1", "latitude", "longitude"),
         "admin names and coordinates must be those of the location's row in locations.csv (at a sea area the "
         "coordinates may be the position reported for the event)",
         frames=_location_matches_table, needs=("locations",)),
    Rule("actor_types_match_table", "events", ("actor1", "inter1", "actor2", "inter2"),
         "inter1/inter2 must be the actor types given in actors.csv", frames=_actor_types_match, needs=("actors",)),
    Rule("event_has_dated_source", "events", ("event_id_cnty",),
         "every event needs at least one source with a known publication date", frames=_has_dated_source,
         needs=("event_sources", "sources")),
    Rule("admin1_empty_exactly_at_sea", "locations", ("admin1", "location_type"),
         "admin1 must be empty exactly for a sea area (ACLED codes events at sea with no admin1)", admin1_empty_exactly_at_sea),
    Rule("published_precision_unknown_iff_no_date", "sources", ("published", "published_precision"),
         "published_precision is 'unknown' exactly when published is empty", published_precision_unknown_iff_no_date),
    Rule("evidence_span_in_seed", "event_sources", ("evidence_start", "evidence_end"),
         "an evidence span needs a seed document and must lie inside its text",
         frames=_evidence_in_seed, needs=("sources",)),
)


def table_rules(table: str, *, cross_table: bool = False) -> list[Rule]:
    """Rules judging ``table``; cross-table rules only when asked (they need the other tables)."""
    return [r for r in RULES if r.table == table and (cross_table or not r.needs)]


def get(name: str) -> Rule:
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(name)
