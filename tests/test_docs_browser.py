"""The docs site in a real browser: headless Chromium (Debian's) driven by Playwright, offline.

The site is built once per session (the ``docs_site`` fixture), served from 127.0.0.1 on an ephemeral
port, and every request to any other host is refused and recorded: the pages must need none.
Screenshots go to test-artifacts/ (CI keeps them) for a human to look at.
"""
from __future__ import annotations

import functools
import hashlib
import http.server
import io
import re
import threading
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

import mideast_events as me
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
PAGES = ["", "quickstart/", "codebook/", "events/", "map/", "bases/", "downloads/", "cite/", "methodology/",
         "people/", "cli/", "api/mideast_events.load/", "changelog/"]
PHONE = {"width": 390, "height": 844}
VISIBLE = "#events-table tbody tr:not([hidden])"

# the explorer's facets as pandas filters on events.csv (read as text, as the page reads it)
ATTACK = "Attacks on US and coalition forces"


def csv_events() -> pd.DataFrame:
    return pd.read_csv(me.path("events"), dtype=str, keep_default_na=False)


def directions(events: pd.DataFrame) -> pd.Series:
    """The direction rule the site states (actor types), written again here from its words."""
    foreign = "External/Other forces"
    out = pd.Series("Other events", index=events.index)
    out[(events["inter2"] == foreign) & (events["inter1"] != foreign)] = ATTACK
    out[events["inter1"] == foreign] = "US and coalition strikes"
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(docs_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(docs_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _page(browser, server, viewport):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    p = context.new_page()
    p.outside, p.errors = [], []
    host = urlparse(server).netloc

    def route(r):
        if urlparse(r.request.url).netloc == host or r.request.url.startswith(("blob:", "data:")):
            r.continue_()
        else:
            p.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    return context, p


@pytest.fixture
def page(browser, server):
    """A fresh desktop page that may only talk to our server; outside requests and script errors are kept."""
    context, p = _page(browser, server, {"width": 1280, "height": 900})
    yield p
    context.close()


@pytest.fixture
def phone(browser, server):
    context, p = _page(browser, server, PHONE)
    yield p
    context.close()


def shot(page, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def shown_ids(page) -> list[str]:
    return page.locator(VISIBLE).evaluate_all("rs => rs.map(r => r.dataset.event)")


def test_every_page_renders_offline_without_errors(page, server):
    for path in PAGES:
        response = page.goto(server + path)
        assert response.ok, path
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.is_visible(), path
        shot(page, (path.strip("/") or "home").replace("/", "_"))
    assert page.outside == [], f"pages asked for outside resources: {page.outside}"
    assert page.errors == [], page.errors


# --------------------------------------------------------------------------------- explorer


def download_rows(page) -> pd.DataFrame:
    """Click "Download these rows" and read the file it gives."""
    with page.expect_download() as info:
        page.click("#me-download")
    body = Path(info.value.path()).read_bytes()
    return body, pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)


def assert_matches(page, expected: pd.DataFrame) -> None:
    """The table shows exactly these rows, the count says so, and the CSV download is these rows of
    events.csv, byte for byte."""
    total = len(csv_events())
    assert sorted(shown_ids(page)) == sorted(expected["event_id_cnty"])
    assert page.locator("#event-count").inner_text().startswith(f"{len(expected)} of {total} events")
    body, got = download_rows(page)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
    lines = me.path("events").read_bytes().split(b"\n")
    assert body.split(b"\n")[0] == lines[0]  # every column of events.csv, in its order
    assert body.endswith(b"\n") and b"\r" not in body


def test_explorer_filters_and_download_match_pandas(page, server):
    ev = csv_events()
    ev_dir = directions(ev)
    page.goto(server + "events/")
    assert len(shown_ids(page)) == len(ev)

    # theatre, then direction and country within it
    for theatre in sorted(ev["theatre"].unique()):
        page.select_option("#f-theatre", theatre)
        assert_matches(page, ev[ev["theatre"] == theatre])
    page.select_option("#f-theatre", "")
    page.select_option("#f-direction", ATTACK)
    assert_matches(page, ev[ev_dir == ATTACK])
    country = ev.loc[ev_dir == ATTACK, "country"].value_counts().index[0]
    page.select_option("#f-country", country)
    expected = ev[(ev_dir == ATTACK) & (ev["country"] == country)]
    assert_matches(page, expected)
    # the other facets count what their choices would leave
    sub = expected["sub_event_type"].value_counts()
    options = page.locator("#f-sub_event_type option").all_inner_texts()
    for value, n in sub.items():
        assert f"{value} ({n})" in options
    # the URL keeps the filter: a fresh load of it shows the same rows
    query = parse_qs(urlparse(page.url).query)
    assert query == {"direction": [ATTACK], "country": [country]}
    # a theatre's facet counts follow the other filters
    options = page.locator("#f-theatre option").all_inner_texts()
    for value, n in expected["theatre"].value_counts().items():
        assert f"{value} ({n})" in options
    page.goto(page.url)
    assert sorted(shown_ids(page)) == sorted(expected["event_id_cnty"])
    shot(page, "events_filtered", full=False)

    # clear, then actor (either side) and a date range
    page.click("#me-clear")
    assert len(shown_ids(page)) == len(ev) and "?" not in page.url
    actor = ev["actor2"].value_counts().index[1]
    page.select_option("#f-actor", actor)
    page.fill("#f-from", "2024-01-01")
    page.fill("#f-to", "2024-02-29")
    page.locator("#f-to").dispatch_event("change")
    page.locator("#f-from").dispatch_event("change")
    assert_matches(page, ev[((ev["actor1"] == actor) | (ev["actor2"] == actor))
                            & (ev["event_date"] >= "2024-01-01") & (ev["event_date"] <= "2024-02-29")])
    page.click("#me-clear")

    # month and sub-event type, and a field offered under "More filters" (from schema/, not listed in code)
    month = ev["event_date"].str[:7].value_counts().index[0]
    page.select_option("#f-month", month)
    page.select_option("#f-sub_event_type", ev.loc[ev["event_date"].str[:7] == month, "sub_event_type"].iloc[0])
    sub = page.locator("#f-sub_event_type").input_value()
    assert_matches(page, ev[(ev["event_date"].str[:7] == month) & (ev["sub_event_type"] == sub)])
    page.click("#me-clear")
    page.click(".me-more-facets summary")
    page.select_option("#f-review_status", ev["review_status"].iloc[0])
    assert_matches(page, ev[ev["review_status"] == ev["review_status"].iloc[0]])
    assert page.locator("#me-clear").is_visible()


def test_the_way_back_from_an_event_keeps_the_filter(page, server):
    ev = csv_events()
    place = ev["location"].value_counts().index[0]
    page.goto(server + "events/")
    page.select_option("#f-place", place)
    filtered = page.url
    first = shown_ids(page)[0]
    with page.expect_navigation():
        page.click(f"#events-table tr[data-event='{first}'] td:first-child > a")
    assert page.url.endswith(f"/events/{first}/")
    with page.expect_navigation():
        page.click("a[data-me-back]")
    assert page.url == filtered
    assert sorted(shown_ids(page)) == sorted(ev.loc[ev["location"] == place, "event_id_cnty"])


def test_events_table_sorts_and_searches(page, server):
    events = me.load_events()
    page.goto(server + "events/")
    eid = events["event_id_cnty"].iloc[len(events) // 2]
    page.fill("#event-search", eid)
    assert set(shown_ids(page)) == {i for i in events["event_id_cnty"] if eid in i}
    page.fill("#event-search", "no event says this zzqx")
    assert page.locator(VISIBLE).count() == 0
    page.fill("#event-search", "")
    page.click("#events-table th:has-text('Deaths')")
    page.click("#events-table th:has-text('Deaths')")
    first = page.locator("#events-table tbody tr").first.get_attribute("data-event")
    assert events.set_index("event_id_cnty").loc[first, "fatalities"] == events["fatalities"].max()


def test_event_page_shows_every_source_the_evidence_and_a_citation(page, server):
    es = me.load_event_sources()
    sources = me.load_sources().set_index("source_id")
    per_event = es.groupby("event_id_cnty", observed=True)["source_id"].apply(list)
    eid = per_event.map(len).idxmax()  # the event with the most sources
    page.goto(server + f"events/{eid}/")
    listed = page.locator("#event-sources tbody tr[data-source]").evaluate_all("rs => rs.map(r => r.dataset.source)")
    assert sorted(listed) == sorted(per_event[eid])
    for sid in per_event[eid]:
        assert sources.loc[sid, "publisher"] in page.locator(f"#event-sources tr[data-source='{sid}']").inner_text()
    bibtex = page.locator("#cite-bibtex code").inner_text()
    assert eid in bibtex and me.metadata()["version"] in bibtex and bibtex.startswith("@misc{")
    shot(page, "event_most_sources")

    seeded = es[es["source_id"].map(sources["seed_path"].notna()) & es["evidence_start"].notna()]
    row = seeded.iloc[0]
    text = (ROOT / sources.loc[row["source_id"], "seed_path"]).read_text(encoding="utf-8")
    page.goto(server + f"events/{row['event_id_cnty']}/")
    mark = page.locator(f".me-seed[data-source='{row['source_id']}'] mark")
    assert mark.count() == 1
    assert mark.text_content() == text[int(row["evidence_start"]):int(row["evidence_end"])]


# -------------------------------------------------------------------------------------- map


def places(events: pd.DataFrame) -> pd.DataFrame:
    """One row per place (a location in a country), busiest first, with the theatres of its events."""
    return (events.groupby(["country", "location"])
            .agg(n=("event_id_cnty", "size"), theatres=("theatre", lambda t: sorted(set(t))))
            .reset_index().sort_values(["n", "location"], ascending=[False, True]).reset_index(drop=True))


def top_places_of_each_theatre(events: pd.DataFrame, k: int = 5) -> list[tuple[str, str, str]]:
    """(theatre, country, location) of the k busiest places of each theatre, from events.csv."""
    out = []
    for theatre, rows in events.groupby("theatre"):
        out += [(theatre, p["country"], p["location"]) for _, p in places(rows).head(k).iterrows()]
    return out


def click_place_and_open_its_events(page, country: str, location: str) -> None:
    """A real click at the centre of the place's circle; where other circles overlap there, the list
    of places under the pointer names this one (with its country), and it is chosen there."""
    marker = page.locator(f"#me-map .me-marker[data-place='{location}'][data-country='{country}']")
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    chooser = page.locator(".me-chooser")
    page.wait_for_timeout(300)
    if chooser.count():
        choice = chooser.locator(f"a[data-place='{location}'][data-country='{country}']")
        assert f"{location}, {country}" in choice.inner_text()
        with page.expect_navigation():
            choice.click()
    else:
        page.wait_for_url("**/events/**")
    page.locator("#events-table").wait_for()


def test_map_one_marker_per_place_and_a_click_opens_exactly_its_events(page, server):
    ev = csv_events()
    pl = places(ev)
    page.goto(server + "map/")
    markers = page.locator("#me-map .me-marker")
    assert markers.count() == len(pl)
    assert sum(markers.evaluate_all("ms => ms.map(m => +m.dataset.n)")) == len(ev)
    # key places are named on the map, the deadliest (Tower 22 in this data) among them
    labels = page.locator("#me-map .me-place-label").evaluate_all("ls => ls.map(l => l.textContent)")
    shown = page.locator("#me-map .me-place-label:not(.me-hidden)").evaluate_all("ls => ls.map(l => l.textContent)")
    # the deadliest attack on US forces (Tower 22 in this data) is named first, so never hidden
    attacks = ev[directions(ev) == ATTACK].assign(f=lambda t: pd.to_numeric(t["fatalities"]),
                                                   i=lambda t: pd.to_numeric(t["injuries"].replace("", None)))
    deadliest = attacks.sort_values(["f", "i"], ascending=False, na_position="last").iloc[0]["location"]
    assert deadliest in shown and set(pl["location"].head(5)) <= set(labels)
    # a base map with admin-1 borders and towns, drawn from files of the site
    assert page.locator("#me-map path.leaflet-interactive, #me-map path").count() > 40
    assert page.locator("#me-map .me-town").count() >= 20
    shot(page, "map", full=False)

    # the five busiest places of each theatre, at the opening view: sea areas (Red Sea, Gulf of Aden)
    # whose coordinates in locations.csv are a port's, and that port, open their own events each
    top = top_places_of_each_theatre(ev)
    assert {t for t, _, _ in top} == set(ev["theatre"])
    for theatre, country, location in top:
        page.goto(server + "map/")
        click_place_and_open_its_events(page, country, location)
        expected = ev[(ev["location"] == location) & (ev["country"] == country)]["event_id_cnty"]
        assert sorted(shown_ids(page)) == sorted(expected), (theatre, location)
        assert page.locator("#me-clear").is_visible() and page.locator("#me-clear").is_enabled()
    assert page.outside == [] and page.errors == []


def sea_areas_at_a_port(events: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(theatre, country, location) of each sea area with events whose point in locations.csv is a place
    on land with events too (the Red Sea at Hodeidah), and of that place."""
    loc = pd.read_csv(me.path("locations"), dtype=str, keep_default_na=False)
    has_events = set(zip(events["country"], events["location"]))
    theatre = dict(zip(zip(events["country"], events["location"]), events["theatre"]))
    loc = loc[[k in has_events for k in zip(loc["country"], loc["location"])]]
    sea, land = loc[loc["location_type"] == "sea area"], loc[loc["location_type"] != "sea area"]
    pairs = sea.merge(land, on=["country", "latitude", "longitude"], suffixes=("", "_port"))
    out = []
    for _, r in pairs.iterrows():
        out += [(theatre[(r["country"], r["location"])], r["country"], r["location"]),
                (theatre[(r["country"], r["location_port"])], r["country"], r["location_port"])]
    return list(dict.fromkeys(out))


def test_a_sea_area_and_the_port_it_shares_a_point_with_are_clicked_apart(page, server):
    """Zoomed to their theatre (its button), a sea area and the port whose point locations.csv gives it
    each open their own events with one click: the sea area is drawn where its events were reported."""
    ev = csv_events()
    pairs = sea_areas_at_a_port(ev)
    assert pairs, "no sea area shares its point with a port that has events: this test has nothing to check"
    for theatre, country, location in pairs:
        page.goto(server + "map/")
        page.click(f".me-map-views button[data-theatre='{theatre}']")
        page.wait_for_timeout(500)
        bounds = page.evaluate("(() => { const b = document.getElementById('me-map').meMap.getBounds();"
                               " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
        here = ev[(ev["location"] == location) & (ev["country"] == country)]
        lat, lon = pd.to_numeric(here["latitude"]), pd.to_numeric(here["longitude"])
        assert bounds[0] <= lat.min() and lat.max() <= bounds[2] and bounds[1] <= lon.min() and lon.max() <= bounds[3]
        marker = page.locator(f"#me-map .me-marker[data-place='{location}'][data-country='{country}']")
        marker.scroll_into_view_if_needed()
        box = marker.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url("**/events/**")
        assert sorted(shown_ids(page)) == sorted(here["event_id_cnty"]), (theatre, location)
    page.goto(server + "map/")
    page.click(f".me-map-views button[data-theatre='{pairs[0][0]}']")
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#me-map").screenshot(path=str(ARTIFACTS / f"map_{pairs[0][0]}.png"))
    assert page.outside == [] and page.errors == []


def test_map_is_keyboard_reachable_and_zooms(page, server):
    ev = csv_events()
    page.goto(server + "map/")
    zoom = "document.getElementById('me-map').meMap.getZoom()"
    before = page.evaluate(zoom)
    page.locator("#me-map .leaflet-control-zoom-in").click()
    page.wait_for_function(f"{zoom} > {before}")
    centre = page.evaluate("document.getElementById('me-map').meMap.getCenter().lng")
    page.locator("#me-map").focus()
    page.keyboard.press("ArrowRight")  # Leaflet pans with the arrow keys
    page.wait_for_function(f"document.getElementById('me-map').meMap.getCenter().lng > {centre}")
    # Tab until a place has the focus, then Enter opens its events
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('me-marker')"):
            break
    else:
        pytest.fail("no map marker is reachable with the Tab key")
    place = page.evaluate("[document.activeElement.dataset.place, document.activeElement.dataset.country]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expected = ev[(ev["location"] == place[0]) & (ev["country"] == place[1])]["event_id_cnty"]
    assert sorted(shown_ids(page)) == sorted(expected)


def test_charts_count_every_event_by_direction_with_legends(page, server):
    ev = csv_events()
    ev_dir = directions(ev)
    page.goto(server + "map/")
    bars = page.locator("#timeline-figure svg.me-wide rect.me-bar")
    assert sum(bars.evaluate_all("rs => rs.map(r => +r.dataset.n)")) == len(ev)
    legend = page.locator("#timeline-figure .me-legend").inner_text()
    for d in ev_dir.unique():
        assert d in legend
        for sub in ev.loc[ev_dir == d, "sub_event_type"].unique():
            assert sub in legend
    page.goto(server)
    assert page.locator("#home-timeline .me-legend").is_visible()
    page.goto(server + "bases/")
    attacks = ev[ev_dir == ATTACK]
    charts = page.locator(".me-base")
    assert charts.count() == attacks.groupby(["country", "location"]).ngroups
    # grouped by theatre: each theatre's section has exactly its attacked places, each chart its attacks
    theatres = page.locator(".me-theatre-bases")
    assert sorted(theatres.evaluate_all("ts => ts.map(t => t.dataset.theatre)")) == sorted(attacks["theatre"].unique())
    for j in range(theatres.count()):
        section = theatres.nth(j)
        mine = attacks[attacks["theatre"] == section.get_attribute("data-theatre")]
        shown = section.locator(".me-base")
        assert shown.count() == mine.groupby(["country", "location"]).ngroups
        for i in range(shown.count()):
            c = shown.nth(i)
            n = sum(c.locator("rect.me-bar").evaluate_all("rs => rs.map(r => +r.dataset.n)"))
            here = (mine["location"] == c.get_attribute("data-place")) & (mine["country"] == c.get_attribute("data-country"))
            assert n == int(c.get_attribute("data-n")) == int(here.sum())


# ------------------------------------------------------------------------------------ phone


SMALL_TEXT = """() => {
  const small = [];
  const check = (el, size, what) => { if (size < 11 - 0.01 && el.getClientRects().length) small.push(what + ': ' + size.toFixed(1)); };
  document.querySelectorAll('svg.me-chart').forEach(svg => {
    if (!svg.getClientRects().length || getComputedStyle(svg).display === 'none') return;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    svg.querySelectorAll('text').forEach(t => check(t, parseFloat(getComputedStyle(t).fontSize) * scale, 'svg ' + t.textContent));
  });
  document.querySelectorAll('#me-map .leaflet-tooltip, #me-map .leaflet-control, .me-legend, .me-map-legend, .me-legend *, .me-map-legend *, #events-table td, #events-table th, .me-facet, .me-count, .me-map-views button, .me-chooser').forEach(el => {
    if (getComputedStyle(el).display === 'none') return;
    check(el, parseFloat(getComputedStyle(el).fontSize), el.className || el.tagName);
  });
  return small;
}"""


def test_a_390px_phone_has_no_horizontal_scroll_and_no_text_under_11px(phone, server):
    events = csv_events()
    # an event page of each theatre (one at sea, one on land), and the map zoomed to each theatre
    firsts = [f"events/{g['event_id_cnty'].iloc[0]}/" for _, g in events.groupby("theatre")]
    for path in PAGES + firsts:
        phone.goto(server + path)
        phone.wait_for_load_state("networkidle")
        width = phone.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        assert width[0] <= width[1], f"{path}: the page scrolls sideways ({width[0]} px in {width[1]} px)"
        small = phone.evaluate(SMALL_TEXT)
        assert small == [], f"{path}: text under 11 px: {small[:8]}"
        if path in ("", "events/", "map/", "bases/"):
            shot(phone, "phone_" + (path.strip("/") or "home"), full=path != "events/")
    for theatre in sorted(events["theatre"].unique()):
        phone.goto(server + "map/")
        phone.click(f".me-map-views button[data-theatre='{theatre}']")
        phone.wait_for_timeout(500)
        assert phone.evaluate(SMALL_TEXT) == [], theatre
        phone.locator("#me-map").screenshot(path=str(ARTIFACTS / f"phone_map_{theatre}.png"))
    # the events table on a phone: date, place, what, deaths, injured; the rest one tap away
    phone.goto(server + "events/")
    head = phone.locator("#events-table thead th:visible").all_inner_texts()
    assert [t.split()[0] for t in head] == ["Date", "Place", "What", "Deaths", "Injured"]
    row = phone.locator("#events-table tbody tr").first
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    row.locator(".me-more summary").click()
    assert row.locator(".me-more").inner_text().count(row.get_attribute("data-event")) == 1
    shot(phone, "phone_events", full=False)
    assert phone.outside == [] and phone.errors == []


# ------------------------------------------------------------------------------- downloads


def test_download_links_return_the_files_with_the_stated_hashes(page, server):
    page.goto(server + "downloads/")
    rows = page.locator("#downloads tbody tr")
    bundled = {p.name: p for p in me.path("datapackage.json").parent.iterdir() if p.is_file()}
    assert rows.count() == len(bundled)
    for i in range(rows.count()):
        row = rows.nth(i)
        stated = row.locator("code.me-hash").get_attribute("data-sha256")
        with page.expect_download() as info:
            row.locator("a").click()
        body = Path(info.value.path()).read_bytes()
        assert hashlib.sha256(body).hexdigest() == stated, row.get_attribute("data-file")
        assert body == bundled[row.get_attribute("data-file")].read_bytes()
    # everything in one zip, with its hash
    archive = page.locator("#archive")
    with page.expect_download() as info:
        archive.locator("a").click()
    body = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(body).hexdigest() == archive.locator("code.me-hash").get_attribute("data-sha256")
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        inside = {Path(n).name: z.read(n) for n in z.namelist()}
    assert set(inside) == set(bundled) | {"SHA256SUMS"}
    for name, p in bundled.items():
        assert inside[name] == p.read_bytes(), name


# ---------------------------------------------------------------------------------- search


def search(page, server, text: str):
    page.goto(server)
    page.locator(".md-search__input").first.click()
    page.fill("input.md-search__input", text)
    page.locator(".md-search-result__item").first.wait_for(timeout=60000)  # the index is built in the page
    return page.locator(".md-search-result__item")


def test_search_finds_events_by_their_facts_not_by_map_labels(page, server):
    ev = me.load_events()
    # the place of each theatre's deadliest event finds that event's page
    for _, rows in ev.groupby(ev["theatre"].astype(str)):
        deadliest = rows.loc[rows["fatalities"].idxmax()]
        items = search(page, server, deadliest["location"])
        first = items.first.locator("a").first.get_attribute("href")
        assert first.rstrip("/").endswith(f"events/{deadliest['event_id_cnty']}") or \
            f"events/{deadliest['event_id_cnty']}/" in " ".join(items.locator("a").evaluate_all("as => as.map(a => a.href)"))
    previews = " ".join(items.all_inner_texts())
    for country in ("IraqSyria", "SyriaJordan", "JordanIraq"):
        assert country not in previews.replace(" ", "")  # no map labels run together
    # an actor named in an event's facts finds that event's page
    actor = ev["actor1"].value_counts().index[-1]
    # typed as words: the search box reads ':' '+' '-' '~' '^' '*' as query syntax (a field, a must, ...)
    items = search(page, server, " ".join(re.findall(r"\w+", actor)))
    hrefs = " ".join(items.locator("a").evaluate_all("as => as.map(a => a.href)"))
    assert any(f"events/{i}/" in hrefs for i in ev.loc[ev["actor1"] == actor, "event_id_cnty"])
    assert page.outside == []
