"""The seed story's events: each coded, dated by the rules, sourced beyond the seed, with evidence spans."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import mideast_events as me
from conftest import ROOT

SEED = ROOT / "seeds" / "000_eaa5d8ad86e5cbbc.txt"


@pytest.fixture(scope="module")
def seed_rows() -> pd.DataFrame:
    es = me.load_event_sources()
    so = me.load_sources()
    seed_id = so.loc[so["seed_path"] == "seeds/000_eaa5d8ad86e5cbbc.txt", "source_id"].item()
    ids = es.loc[es["source_id"] == seed_id, "event_id_cnty"]
    return me.load_events().set_index("event_id_cnty").loc[ids]


def test_sidecar_matches_sources_row():
    meta = json.loads(SEED.with_suffix(".json").read_text())
    so = me.load_sources().set_index("source_id").loc[meta["source_id"]]
    assert so["seed_path"] == "seeds/000_eaa5d8ad86e5cbbc.txt"
    assert str(so["published"].date()) == meta["published"] == "2024-01-31"
    assert so["published_precision"] == meta["published_precision"] == "range"
    assert meta["published_earliest"] <= meta["published"] <= meta["published_latest"]
    assert SEED.read_text(encoding="utf-8").splitlines()[0] == meta["title"] == so["title"]


def _one(rows: pd.DataFrame, **conds) -> pd.Series:
    m = pd.Series(True, index=rows.index)
    for k, v in conds.items():
        m &= rows[k].astype(str).str.contains(v, regex=False)
    assert m.sum() >= 1, conds
    return rows[m].iloc[0]


def test_the_seed_events_are_coded(seed_rows):
    tower = _one(seed_rows, location="Tower 22")
    assert str(tower["event_date"].date()) == "2024-01-28" and tower["country"] == "Jordan"
    assert tower["fatalities"] == 3 and tower["time_precision"] == 1
    assert tower["injuries_low"] < tower["injuries_high"]  # the reports disagree, and the range says so
    pause = _one(seed_rows, sub_event_type="Change to group/activity", actor1="Kataib Hezbollah")
    assert str(pause["event_date"].date()) == "2024-01-30" and pd.isna(pause["actor2"])
    baghdad = _one(seed_rows, location="Baghdad", actor1="United States", event_date="2024-01")
    assert baghdad["fatalities"] >= 1
    kh_strikes = seed_rows[(seed_rows["actor1"].str.contains("United States")) & (seed_rows["actor2"] == "Kataib Hezbollah").fillna(False)
                           & (seed_rows["event_date"].dt.month == 1) & (seed_rows["location"] != "Baghdad")]
    assert kh_strikes["location"].nunique() >= 2 and kh_strikes["event_date"].nunique() == 1
    erbil = _one(seed_rows, location="Erbil", actor2="United States")
    assert erbil["injuries"] == 3


def test_every_seed_event_has_an_independent_report(seed_rows):
    es, so = me.load_event_sources(), me.load_sources()
    m = es.merge(so, on="source_id")
    m["independent"] = m["syndicated_from"].fillna(m["publisher"])
    for eid in seed_rows.index:
        others = m[(m["event_id_cnty"] == eid) & (m["seed_path"].isna())]
        assert len(others) >= 1, eid


def test_evidence_spans_support_their_rows(seed_rows):
    text = SEED.read_text(encoding="utf-8")
    es = me.load_event_sources()
    spans = es[es["event_id_cnty"].isin(seed_rows.index) & es["evidence_start"].notna()]
    assert set(spans["event_id_cnty"]) == set(seed_rows.index)
    for r in spans.itertuples():
        passage = text[r.evidence_start:r.evidence_end].lower()
        assert len(passage) > 20
        assert any(w in passage for w in ("drone", "strike", "attack", "statement", "killed", "lost their lives")), passage
