"""The totals rule (operation_totals) on the bundled data, and on that data re-coded the ways the
rule exists to catch: the 2-3 February 2024 Iraq toll double counted, a summed best above the
smallest exact total, a total with no operation, a source giving two totals."""
from __future__ import annotations

import pandas as pd
import pytest

import mideast_events as me
from mideast_events import rules

OP_TOTAL = "operation total"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {"events": me.load_events(), "event_sources": me.load_event_sources()}


def _copy(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {k: v.copy() for k, v in tables.items()}


def _failing(frames: dict[str, pd.DataFrame], name: str = "operation_totals") -> set[str]:
    ok = rules.get(name).check(frames).to_numpy()
    return set(frames["events"].loc[~ok, "event_id_cnty"])


def _operation_of(frames: dict[str, pd.DataFrame], event_id: str) -> tuple[str, pd.DataFrame]:
    e = frames["events"]
    op = e.loc[e["event_id_cnty"] == event_id, "operation"].iloc[0]
    assert not pd.isna(op), f"{event_id} has no operation"
    return op, e[e["operation"] == op]


def _totals(frames: dict[str, pd.DataFrame], op: str) -> pd.DataFrame:
    e, es = frames["events"], frames["event_sources"]
    ids = e.loc[e["operation"] == op, "event_id_cnty"]
    return es[es["event_id_cnty"].isin(ids) & (es["figure_scope"] == OP_TOTAL)]


def test_bundled_data_passes_the_totals_rule(tables):
    assert _failing(tables) == set()
    # the rule has something to judge: several operations, each with a reported total
    ops = tables["events"]["operation"].dropna().unique()
    assert len(ops) >= 3
    for op in ops:
        assert len(_totals(tables, op)) > 0, op


def test_the_old_iraq_coding_of_2_3_february_fails(tables):
    # IRQ950004 is al-Qaim, one of the two Iraqi places of the night of 2-3 February 2024
    frames = _copy(tables)
    op, rows = _operation_of(frames, "IRQ950004")
    largest = int(_totals(frames, op)["fatalities"].max())
    assert len(rows) == 2 and largest == 16
    # the coding the issue found: the toll split 8/8 with the whole toll as each row's high
    frames["events"].loc[rows.index, "fatalities_high"] = largest
    assert _failing(frames) == set(rows["event_id_cnty"])


def test_summed_bests_above_the_smallest_exact_total_fail(tables):
    frames = _copy(tables)
    op, rows = _operation_of(frames, "IRQ950004")
    t = _totals(frames, op)
    cap = int(t.loc[t["fatalities_qualifier"].isin(["exact", "up to", "about"]), "fatalities"].min())
    assert int(rows["fatalities"].sum()) <= cap
    i = rows.index[0]
    extra = cap - int(rows["fatalities"].sum()) + 1
    frames["events"].loc[i, ["fatalities", "fatalities_high"]] = rows.loc[i, "fatalities"] + extra
    assert _failing(frames) == set(rows["event_id_cnty"])


def test_running_counts_and_lower_bounds_do_not_cap_the_sum(tables):
    # Syria, 2-3 February 2024: SOHR's early counts (13, 18) are below the deaths placed by place (13 + 10)
    op, rows = _operation_of(tables, "SYR950001")
    t = _totals(tables, op)
    low_counts = t[t["fatalities"] < rows["fatalities"].sum()]
    assert len(low_counts) > 0
    assert set(low_counts["fatalities_qualifier"]) <= {"so far", "at least", "more than"}
    assert not set(rows["event_id_cnty"]) & _failing(tables)
    # the same figure worded as exact would cap the sum, and the rows would fail
    frames = _copy(tables)
    frames["event_sources"].loc[low_counts.index, "fatalities_qualifier"] = "exact"
    assert _failing(frames) == set(rows["event_id_cnty"])


def test_summed_highs_may_reach_the_per_place_figures_but_no_more(tables):
    # 22 November 2023: Jurf al-Sakhar's own reports give up to 5 wounded, the largest total is 7, so the
    # Anbar row's high may take the rest of the 7 and not one more
    op, rows = _operation_of(tables, "IRQ930032")
    t = _totals(tables, op)
    largest = int(t["injuries"].max())
    frames = _copy(tables)
    e = frames["events"]
    i = e.index[e["event_id_cnty"] == "IRQ930033"][0]
    room = largest - int(rows.loc[rows["event_id_cnty"] != "IRQ930033", "injuries_high"].fillna(0).sum())
    assert room > 0
    e.loc[i, ["injuries", "injuries_low", "injuries_high"]] = [0, 0, room]
    assert not set(rows["event_id_cnty"]) & _failing(frames)
    e.loc[i, "injuries_high"] = room + 1
    assert _failing(frames) == set(rows["event_id_cnty"])


def test_a_total_needs_an_operation(tables):
    frames = _copy(tables)
    op, rows = _operation_of(frames, "IRQ930032")
    frames["events"].loc[rows.index, "operation"] = pd.NA
    assert _failing(frames) == set(_totals(tables, op)["event_id_cnty"])


def test_a_source_gives_one_total_per_operation(tables):
    frames = _copy(tables)
    op, rows = _operation_of(frames, "IRQ910022")
    t = _totals(frames, op)
    t = t[t["injuries"].notna()]  # a source's injuries total (some totals give deaths only)
    repeated = t[t.duplicated("source_id", keep=False)]
    assert len(repeated) >= 2  # one source's total recorded on several rows of the operation
    frames["event_sources"].loc[repeated.index[0], "injuries"] = int(repeated["injuries"].iloc[0]) + 1
    assert set(rows["event_id_cnty"]) <= _failing(frames)


def test_the_per_row_range_rule_leaves_totals_to_the_totals_rule(tables):
    # IRQ950004 carries the government's 16 as an operation total while its own range stays 8-8
    es = tables["event_sources"]
    here = es[(es["event_id_cnty"] == "IRQ950004") & (es["figure_scope"] == OP_TOTAL)]
    row = tables["events"].set_index("event_id_cnty").loc["IRQ950004"]
    assert here["fatalities"].max() > row["fatalities_high"]
    assert "IRQ950004" not in _failing(tables, "fatalities_range_from_sources")
    # read as per-place figures (a file without figure_scope), the same 16 breaks the row's range
    older = {"events": tables["events"], "event_sources": es.drop(columns=["figure_scope"])}
    assert "IRQ950004" in _failing(older, "fatalities_range_from_sources")
    assert _failing(older) == set()
