"""The docs site in a real browser: headless Chromium (Debian's) driven by Playwright, offline.

The site is built once per session (the ``site`` fixture), served from 127.0.0.1 on an ephemeral
port, and every request to any other host is refused and recorded: the pages must need none.
A screenshot of each page goes to test-artifacts/ for a human to look at.
"""
from __future__ import annotations

import functools
import hashlib
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

import mideast_events as me
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
PAGES = ["", "quickstart/", "codebook/", "events/", "map/", "downloads/", "methodology/", "people/",
         "cli/", "api/mideast_events.load/", "changelog/"]


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


@pytest.fixture
def page(browser, server):
    """A fresh page that may only talk to our server; outside requests and script errors are kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.outside, p.errors = [], []
    host = urlparse(server).netloc

    def route(r):
        if urlparse(r.request.url).netloc == host:
            r.continue_()
        else:
            p.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    yield p
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_every_page_renders_offline_without_errors(page, server):
    for path in PAGES:
        response = page.goto(server + path)
        assert response.ok, path
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.is_visible(), path
        shot(page, (path.strip("/") or "home").replace("/", "_"))
    assert page.outside == [], f"pages asked for outside resources: {page.outside}"
    assert page.errors == [], page.errors


def test_events_table_lists_every_event_and_search_filters_it(page, server):
    events = me.load_events()
    page.goto(server + "events/")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == len(events)
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.event)")) == sorted(events["event_id_cnty"])
    visible = "#events-table tbody tr:not([hidden])"

    # a place: at least its events stay, and rows that do not mention it go
    place = events["location"].value_counts().index[-1]
    page.fill("#event-search", place)
    shown = page.locator(visible).evaluate_all("rs => rs.map(r => r.dataset.event)")
    assert set(events.loc[events["location"] == place, "event_id_cnty"]) <= set(shown)
    assert 0 < len(shown) < len(events)
    assert page.locator("#event-count").inner_text() == f"{len(shown)} of {len(events)} events"

    # an id: exactly the ids containing it
    eid = events["event_id_cnty"].iloc[len(events) // 2]
    page.fill("#event-search", eid)
    shown = page.locator(visible).evaluate_all("rs => rs.map(r => r.dataset.event)")
    assert eid in shown and set(shown) == {i for i in events["event_id_cnty"] if eid in i}
    page.fill("#event-search", "no event says this zzqx")
    assert page.locator(visible).count() == 0
    page.fill("#event-search", "")
    assert page.locator(visible).count() == len(events)

    # sorting by deaths: the first row becomes the deadliest event
    page.click("#events-table th:has-text('Deaths')")
    page.click("#events-table th:has-text('Deaths')")
    first = page.locator("#events-table tbody tr").first.get_attribute("data-event")
    assert events.set_index("event_id_cnty").loc[first, "fatalities"] == events["fatalities"].max()
    shot(page, "events_sorted")


def test_event_page_shows_every_source_and_the_seed_evidence(page, server):
    es = me.load_event_sources()
    sources = me.load_sources().set_index("source_id")
    per_event = es.groupby("event_id_cnty", observed=True)["source_id"].apply(list)
    eid = per_event.map(len).idxmax()  # the event with the most sources
    page.goto(server + "events/")
    with page.expect_navigation():
        page.click(f"#events-table a[href='{eid}/']")
    assert page.url.endswith(f"/events/{eid}/")
    page.locator("#event-sources").wait_for()
    listed = page.locator("#event-sources tbody tr[data-source]").evaluate_all("rs => rs.map(r => r.dataset.source)")
    assert sorted(listed) == sorted(per_event[eid])
    for sid in per_event[eid]:
        assert sources.loc[sid, "publisher"] in page.locator(f"#event-sources tr[data-source='{sid}']").inner_text()
    shot(page, "event_most_sources")

    seeded = es[es["source_id"].map(sources["seed_path"].notna()) & es["evidence_start"].notna()]
    if seeded.empty:
        pytest.skip("no event_sources row marks evidence in a seed document yet")
    row = seeded.iloc[0]
    text = (ROOT / sources.loc[row["source_id"], "seed_path"]).read_text(encoding="utf-8")
    page.goto(server + f"events/{row['event_id_cnty']}/")
    mark = page.locator(f".me-seed[data-source='{row['source_id']}'] mark")
    assert mark.count() == 1
    assert mark.text_content() == text[int(row["evidence_start"]):int(row["evidence_end"])]
    shot(page, "event_seed_evidence")


def test_map_and_timeline_draw_every_event(page, server):
    events = me.load_events()
    page.goto(server + "map/")
    points = page.locator("svg.me-map circle.me-point")
    assert points.count() == events.groupby(["country", "location", "event_type"], observed=True).ngroups
    assert sum(points.evaluate_all("cs => cs.map(c => +c.dataset.n)")) == len(events)
    box = page.locator("svg.me-map").bounding_box()
    assert box["width"] > 500 and box["height"] > 300
    assert page.locator("svg.me-map path.me-scope").count() == len(me.metadata()["x-spatial-coverage"])
    bars = page.locator("svg.me-timeline rect.me-bar")
    assert sum(bars.evaluate_all("rs => rs.map(r => +r.dataset.n)")) == len(events)
    key_dates = (ROOT / "docs" / "_gen" / "key_dates.csv").read_text().strip().splitlines()[1:]
    assert page.locator("svg.me-timeline .me-key-date").count() == len(key_dates) > 0
    # sizing by casualties changes the radii
    before = points.evaluate_all("cs => cs.map(c => c.getAttribute('r'))")
    page.check("input[name='me-size'][value='casualties']")
    after = points.evaluate_all("cs => cs.map(c => c.getAttribute('r'))")
    assert after == points.evaluate_all("cs => cs.map(c => c.dataset.rCasualties)") and after != before
    # a tooltip appears on hover
    points.first.hover(force=True)
    assert page.locator(".me-tooltip").is_visible()
    shot(page, "map_casualties")
    # clicking a place with several events opens the events table filtered to them
    many = page.locator("svg.me-map circle.me-point[data-n]:not([data-n='1'])").first
    ids = many.get_attribute("data-events").split()
    with page.expect_navigation():
        many.dispatch_event("click")
    page.locator("#events-table").wait_for()
    shown = page.locator("#events-table tbody tr:not([hidden])").evaluate_all("rs => rs.map(r => r.dataset.event)")
    assert sorted(shown) == sorted(ids)


def test_download_links_return_the_files_with_the_stated_hashes(page, server):
    page.goto(server + "downloads/")
    rows = page.locator("#downloads tbody tr")
    assert rows.count() == len([p for p in me.path("datapackage.json").parent.iterdir() if p.is_file()])
    for i in range(rows.count()):
        row = rows.nth(i)
        stated = row.locator("code.me-hash").get_attribute("data-sha256")
        link = row.locator("a")
        with page.expect_download() as info:
            link.click()
        body = Path(info.value.path()).read_bytes()
        assert hashlib.sha256(body).hexdigest() == stated, row.get_attribute("data-file")
        assert body == me.path(row.get_attribute("data-file")).read_bytes()


def test_site_search_works_offline(page, server):
    events = me.load_events()
    place = events["location"].value_counts().index[0]
    page.goto(server)
    page.locator(".md-search__input").first.click()
    page.fill("input.md-search__input", place)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert place.lower() in page.locator(".md-search-result").inner_text().lower()
    assert page.outside == []
