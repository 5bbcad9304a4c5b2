"""The loader's small public functions in-process: every table's loader, the codebook field by field,
metadata and the citation, against the schema's fields and the bundled datapackage.json read here."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import mideast_events as me
from mideast_events import load, schema

LOADERS = {"events": me.load_events, "sources": me.load_sources, "event_sources": me.load_event_sources,
           "actors": me.load_actors, "locations": me.load_locations}


def _csv_rows(table: str) -> list[dict[str, str]]:
    with me.path(table).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("table", list(LOADERS))
def test_each_loader_reads_its_own_table(table):
    rows = _csv_rows(table)
    frame = LOADERS[table]()
    assert list(frame.columns) == list(rows[0]) == schema.field_names(table)
    key = schema.primary_key(table)[0]
    assert frame[key].astype(str).tolist() == [r[key] for r in rows]
    pl = pytest.importorskip("polars")
    fast = LOADERS[table](backend="polars")
    assert isinstance(fast, pl.DataFrame) and fast.columns == list(rows[0]) and fast.height == len(rows)


def test_an_unknown_backend_is_named():
    with pytest.raises(ValueError, match="backend must be 'pandas' or 'polars', not 'arrow'"):
        me.load_events(backend="arrow")


def test_codebook_row_by_row():
    cb = me.codebook()
    want = []
    for table in ["events", "sources", "event_sources", "actors", "locations"]:
        for f in schema.fields(table):
            c = f.get("constraints", {})
            rest = [f"{k}={v}" for k, v in c.items() if k not in ("enum", "required")]
            want.append({
                "table": table, "field": f["name"], "type": f["type"],
                "required": c.get("required", False) is True,
                "allowed_values": "; ".join(str(v) for v in c["enum"]) if "enum" in c else None,
                "constraints": ", ".join(rest) if rest else None,
                "origin": "ACLED" if table == "events" and f.get("x-acled") else "mideast-events",
                "description": f["description"],
                "example": None if f.get("example") is None else str(f["example"]),
            })
    got = [{k: (None if v is pd.NA else v) for k, v in r.items()} for r in cb.to_dict(orient="records")]
    assert got == want
    assert cb["required"].dtype == "boolean"
    assert all(cb[c].dtype == "string" for c in cb.columns if c != "required")
    events = cb[cb["table"] == "events"]
    assert events["origin"].tolist()[:31] == ["ACLED"] * 31 and set(events["origin"][31:]) == {"mideast-events"}


def test_metadata_is_the_bundled_descriptor():
    assert me.metadata() == json.loads(me.path("datapackage.json").read_text(encoding="utf-8"))


def test_cite_by_hand():
    meta = json.loads(me.path("datapackage.json").read_text(encoding="utf-8"))
    year = (meta.get("created") or meta["x-last-change"])[:4]
    names = ", ".join(lic["name"] for lic in meta["licenses"])
    head = f"{meta['title']} (version {meta['version']})"
    tail = f". mideast-events contributors, {year}. Licensed {names}. {meta['homepage']}"
    assert me.cite() == head + tail
    assert me.cite(event="IRQ910002") == head + ", event IRQ910002" + tail
    bib = me.cite("bibtex").splitlines()
    assert bib[0] == "@misc{mideast_events_" + meta["version"].replace(".", "_") + ","
    assert f"  year = {{{year}}}," in bib and f"  url = {{{meta['homepage']}}}" in bib and bib[-1] == "}"
    with pytest.raises(ValueError, match="use 'text' or 'bibtex'"):
        me.cite("apa")


def test_cite_with_a_sparse_descriptor(monkeypatch):
    monkeypatch.setattr(load, "metadata", lambda: {"created": "2031-05-06T00:00:00Z", "x-last-change": "1999",
                                                   "licenses": [{"name": "A"}, {"name": "B"}]})
    assert me.cite() == (f"mideast-events (version {load.__version__}). mideast-events contributors, 2031. "
                         "Licensed A, B.")
    monkeypatch.setattr(load, "metadata", lambda: {})
    assert me.cite() == f"mideast-events (version {load.__version__}). mideast-events contributors, . Licensed ."


def test_cite_bibtex_by_hand(monkeypatch):
    monkeypatch.setattr(load, "metadata", lambda: {
        "title": "T", "version": "9.8.7", "created": "2030-01-02", "homepage": "https://example.org/x",
        "licenses": [{"name": "CC-BY-4.0"}]})
    assert me.cite() == "T (version 9.8.7). mideast-events contributors, 2030. Licensed CC-BY-4.0. https://example.org/x"
    assert me.cite("bibtex") == (
        "@misc{mideast_events_9_8_7,\n"
        "  title = {{T}},\n"
        "  author = {{mideast-events contributors}},\n"
        "  year = {2030},\n"
        "  version = {9.8.7},\n"
        "  note = {data release 9.8.7; licence CC-BY-4.0},\n"
        "  url = {https://example.org/x}\n"
        "}")
    assert me.cite("bibtex", event="SYR900001") == (
        "@misc{mideast_events_9_8_7_SYR900001,\n"
        "  title = {{T}},\n"
        "  author = {{mideast-events contributors}},\n"
        "  year = {2030},\n"
        "  version = {9.8.7},\n"
        "  note = {Event SYR900001; data release 9.8.7; licence CC-BY-4.0},\n"
        "  url = {https://example.org/x}\n"
        "}")
