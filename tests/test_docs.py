"""The docs site: built strict from the bundled data, so its counts, pages and hashes match the package."""
from __future__ import annotations

import hashlib
import re
import sys

import pandas as pd
import pytest

import mideast_events as me
from conftest import ROOT
from mideast_events import schema

sys.path.insert(0, str(ROOT / "docs" / "_gen"))
import pages  # noqa: E402  (the page generator, beside the docs)

pytestmark = pytest.mark.slow


def html(site, page: str) -> str:
    """The built HTML of a page ("" for the home page)."""
    return (site / page / "index.html" if page else site / "index.html").read_text(encoding="utf-8")


def test_home_counts_match_the_package(docs_site):
    text = html(docs_site, "")
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', text))
    events = me.load_events()
    assert int(counts["events"]) == len(events) > 0
    assert int(counts["sources"]) == len(me.load_sources())
    assert int(counts["event_sources"]) == len(me.load_event_sources())
    assert int(counts["locations"]) == len(me.load_locations())
    assert int(counts["fatalities"]) == int(events["fatalities"].sum())
    assert me.metadata()["version"] in text


def test_downloads_state_the_package_hashes_and_ship_the_same_bytes(docs_site):
    text = html(docs_site, "downloads")
    stated = dict(re.findall(r'data-file="([^"]+)">.*?data-sha256="([0-9a-f]{64})"', text))
    published = pages.stated_hashes(me.metadata())
    bundled = {p.name: p for p in me.path("datapackage.json").parent.iterdir() if p.is_file()}
    assert set(stated) == set(bundled)
    for name, digest in stated.items():
        assert digest == hashlib.sha256(bundled[name].read_bytes()).hexdigest(), name
        assert (docs_site / "data" / name).read_bytes() == bundled[name].read_bytes(), name
        if name in published:
            assert digest == published[name], f"{name}: datapackage.json states another hash"
    assert set(published) <= set(stated)
    sums = (docs_site / "data" / "SHA256SUMS").read_text().split("\n")
    assert sorted(f"{d}  {n}" for n, d in stated.items()) == sorted(filter(None, sums))


def test_codebook_documents_every_field_and_vocabulary_value(docs_site):
    text = html(docs_site, "codebook")
    for table in schema.TABLES:
        for name in schema.field_names(table):
            assert f'id="field-{table}-{name}"' in text, f"{table}.{name}"
    for sub, (etype, _) in schema.sub_event_types().items():
        assert f"<td>{sub}</td>" in text.replace("&amp;", "&") and etype in text
    for label in schema.actor_type_codes():
        assert label in text
    assert text.count(">ACLED</td>") == len(schema.acled_columns())


def test_every_event_has_a_page_and_a_row(docs_site):
    ids = me.load_events()["event_id_cnty"].tolist()
    table = html(docs_site, "events")
    assert sorted(re.findall(r'<tr data-event="([^"]+)"', table)) == sorted(ids)
    for eid in ids:
        assert (docs_site / "events" / eid / "index.html").exists(), eid


def test_cli_and_api_reference_are_generated(docs_site):
    cli_text = html(docs_site, "cli")
    for command in ("validate", "build", "info"):
        assert f"mideast-events {command}" in cli_text
    api = html(docs_site, "api/mideast_events.load")
    assert 'id="mideast_events.load.load_events"' in api
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(r"## \[(\d[^\]]*)\]", changelog).group(1) in html(docs_site, "changelog")


def test_seed_evidence_is_highlighted_with_the_seed_text():
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    start = seed.index("Tower 22") if "Tower 22" in seed else 0
    out = pages.highlight(seed, [(start, start + 8)])
    assert out.count("<mark") == 1
    assert re.search(r"<mark[^>]*>(.*?)</mark>", out).group(1) == seed[start:start + 8].replace("&", "&amp;")
    assert pages.highlight("a<b", []) == "a&lt;b"


def test_coverage_table_without_and_with_the_official_tally(tmp_path):
    data = pages.Data()
    absent = pages.coverage_table(data, pages.read_tallies(tmp_path / "coverage_tallies.csv"))
    months = re.findall(r'<tr data-month="([^"]+)">', absent)
    start, end = data.period()
    assert months[0] == f"{start:%Y-%m}" and months[-1] >= f"{end:%Y-%m}"
    assert absent.count("tally not yet recorded") == len(months)
    attacks = pages.attacks_on_foreign_forces(data.events)
    assert 0 < len(attacks) < len(data.events)
    # A tally file in the lead's format: the month it falls in shows it, the others still say "not yet".
    month = months[len(months) // 2]
    as_of = pd.Timestamp(f"{month}-15")
    (tmp_path / "coverage_tallies.csv").write_text(
        f"date,cumulative_attacks,source_id,note\n{as_of:%Y-%m-%d},1000,S0000,test value\n")
    shown = pages.coverage_table(data, pages.read_tallies(tmp_path / "coverage_tallies.csv"))
    row = re.search(rf'<tr data-month="{month}">(.*?)</tr>', shown).group(1)
    expected = int((attacks["event_date"] <= as_of).sum())
    assert "1000" in row and f"({expected} rows by then)" in row and "test value" in row
    assert shown.count("tally not yet recorded") == len(months) - 1


def test_coverage_table_counts_the_rows_the_target_side_confirmed(tmp_path):
    data = pages.Data()
    attacks = pages.attacks_on_foreign_forces(data.events)
    coded = attacks.dropna(subset=["confirmation"])
    assert len(coded) > 0
    first, last = attacks["event_date"].min(), coded["event_date"].max()
    assert first < last
    # rows of the first month not yet re-read: that month's tally cannot count confirmations
    data.events = data.events.copy()
    data.events.loc[data.events["event_date"].dt.to_period("M") == first.to_period("M"), "confirmation"] = pd.NA
    attacks = pages.attacks_on_foreign_forces(data.events)
    (tmp_path / "coverage_tallies.csv").write_text(
        f"date,cumulative_attacks,source_id,note\n{first:%Y-%m-%d},1,S0000,early\n{last:%Y-%m-%d},1000,S0000,late\n")
    shown = pages.coverage_table(data, pages.read_tallies(tmp_path / "coverage_tallies.csv"))
    early = re.search(rf'<tr data-month="{first:%Y-%m}">(.*?)</tr>', shown).group(1)
    late = re.search(rf'<tr data-month="{last:%Y-%m}">(.*?)</tr>', shown).group(1)
    assert "not yet coded" in early
    upto = attacks[attacks["event_date"] <= last]["confirmation"].astype("string")
    confirmed, n = int((upto == "target confirmed").sum()), int(upto.notna().sum())
    assert 0 < confirmed <= n
    assert f"{confirmed} <small>of {n} rows coded</small>" in late
