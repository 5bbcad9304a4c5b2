"""export in-process: each format's bytes, for the bundled events and for an ACLED file, checked with
the standard library and pandas against the source rows (ACLED's documented spellings)."""
from __future__ import annotations

import csv
import io
import json
import warnings

import pandas as pd
import pytest

import mideast_events as me
from conftest import ROOT, SAMPLES
from mideast_events import export, schema

JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"  # export tool: numeric codes, "28 December 2022"
EVENTS = ROOT / "dataset" / "events.csv"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _quiet(fn, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*a, **kw)


def test_acled_export_in_each_spelling():
    ours = _rows(EVENTS.read_text(encoding="utf-8"))
    text = _rows(export.render("acled").decode())
    assert list(text[0]) == schema.acled_columns() and len(text) == len(ours)
    for t, o in zip(text, ours):
        y, m, d = o["event_date"].split("-")
        assert t["event_date"] == f"{d} {MONTHS[int(m) - 1]} {y}"  # the export tool's "05 April 2021"
        assert t["inter1"] == o["inter1"] and t["event_id_cnty"] == o["event_id_cnty"]
    api = _rows(export.render("acled", codes="numeric", dates="api").decode())
    for a, o in zip(api, ours):
        assert a["event_date"] == o["event_date"] and a["inter1"] in set("12345678")
        assert a["inter2"] == ("0" if o["inter2"] == "" else a["inter2"])


def test_geojson_and_parquet_of_the_bundled_events_are_the_published_files():
    ds = ROOT / "dataset"
    assert export.render("geojson") == (ds / "events.geojson").read_bytes()
    assert pd.read_parquet(io.BytesIO(export.render("parquet"))).equals(pd.read_parquet(ds / "events.parquet"))


def test_an_acled_file_exported_keeps_acled_columns_only(samples):
    rows = _rows(JOSH.read_text(encoding="utf-8"))
    doc = json.loads(_quiet(export.render, "geojson", JOSH))
    assert [f["id"] for f in doc["features"]] == [r["event_id_cnty"] for r in rows]
    first = doc["features"][0]
    assert first["geometry"]["coordinates"] == [float(rows[0]["longitude"]), float(rows[0]["latitude"])]
    d, month, y = rows[0]["event_date"].split()
    assert first["properties"]["event_date"] == f"{y}-{MONTHS.index(month) + 1:02d}-{int(d):02d}"
    assert set(first["properties"]) <= set(schema.acled_columns())
    assert first["properties"]["fatalities"] == int(rows[0]["fatalities"])
    frame = pd.read_parquet(io.BytesIO(_quiet(export.render, "parquet", JOSH)))
    assert frame["event_id_cnty"].tolist() == [r["event_id_cnty"] for r in rows]
    assert set(frame.columns) <= set(schema.acled_columns()) and "event_date" in frame.columns
    ucdp_rows = _rows(_quiet(export.render, "ucdp", JOSH).decode())
    assert ucdp_rows and {r["relid"] for r in ucdp_rows} <= {r["event_id_cnty"] for r in rows}


def test_export_writes_the_file_it_returns(tmp_path):
    out = tmp_path / "events.geojson"
    data = export.export("geojson", out)
    assert out.read_bytes() == data == export.render("geojson")
    assert export.export("acled") == export.render("acled")  # no file without out


def test_unknown_format_is_named():
    with pytest.raises(ValueError, match="unknown format 'xlsx'; one of acled, ucdp, geojson, parquet"):
        export.render("xlsx")
    assert len(me.load_events()) > 0


ASCH = SAMPLES / "AschHarwood_acled__acled.csv"  # 2016 API layout, with ACLED's older columns


def test_an_old_acled_file_exported_drops_the_columns_we_do_not_have(samples):
    doc = json.loads(_quiet(export.render, "geojson", ASCH))
    header = next(csv.reader(io.StringIO(ASCH.read_text(encoding="utf-8"))))
    assert {"gwno", "data_id"} <= set(header)  # the file has them ...
    for f in doc["features"][:5]:
        assert not {"gwno", "data_id", "event_id_no_cnty"} & set(f["properties"])  # ... the export not
    frame = pd.read_parquet(io.BytesIO(_quiet(export.render, "parquet", ASCH)))
    assert not {"gwno", "data_id", "event_id_no_cnty"} & set(frame.columns)


def test_parquet_exports_are_zstd_compressed(samples):
    import pyarrow.parquet as pq

    for data in (export.render("parquet"), _quiet(export.render, "parquet", JOSH)):
        meta = pq.ParquetFile(io.BytesIO(data)).metadata
        assert {meta.row_group(0).column(i).compression for i in range(meta.num_columns)} == {"ZSTD"}


def test_formula_cells_are_neutralised_unless_asked(samples, tmp_path):
    # a cell a spreadsheet would run ("=1+1") is written with a leading ' (OWASP), and said so
    frame = pd.read_csv(JOSH, dtype=str, keep_default_na=False)
    i = next(i for i, r in frame.iterrows() if r["event_type"] == "Battles" and int(r["fatalities"]) > 0)
    eid = frame.loc[i, "event_id_cnty"]
    frame.loc[i, "notes"] = "=1+1"
    frame.loc[i, "actor1"] = "@actor"
    src = tmp_path / "formula.csv"
    frame.to_csv(src, index=False, lineterminator="\n")
    said = (r"^\d+ formula cell\(s\) \(starting with = \+ - @ tab or CR\) written with a leading ' so "
            r"spreadsheets show them as text; --raw-formulas writes them as they are$")
    with pytest.warns(UserWarning, match=said):
        safe = {r["event_id_cnty"]: r for r in _rows(export.render("acled", src).decode())}
    assert (safe[eid]["notes"], safe[eid]["actor1"]) == ("'=1+1", "'@actor")
    raw = {r["event_id_cnty"]: r for r in _rows(_quiet(export.render, "acled", src, raw_formulas=True).decode())}
    assert (raw[eid]["notes"], raw[eid]["actor1"]) == ("=1+1", "@actor")
    with pytest.warns(UserWarning, match=said):
        ged = {r["relid"]: r for r in _rows(export.render("ucdp", src).decode())}
    assert "'@actor" in (ged[eid]["side_a"], ged[eid]["side_b"]) and ged[eid]["dyad_name"].count("@actor") == 1
    ged_raw = {r["relid"]: r for r in _rows(_quiet(export.render, "ucdp", src, raw_formulas=True).decode())}
    assert "@actor" in (ged_raw[eid]["side_a"], ged_raw[eid]["side_b"])


def test_export_passes_source_and_options_on(samples, tmp_path):
    out = tmp_path / "josh.geojson"
    assert _quiet(export.export, "geojson", out, JOSH) == out.read_bytes() == _quiet(export.render, "geojson", JOSH)
    assert json.loads(out.read_bytes())["features"][0]["id"] == _rows(JOSH.read_text(encoding="utf-8"))[0]["event_id_cnty"]
    numeric = export.export("acled", None, None, codes="numeric", dates="api")
    assert numeric == export.render("acled", codes="numeric", dates="api") != export.render("acled")


def test_our_own_events_file_given_as_a_source_is_written_as_a_current_export():
    # render()'s contract: our own events are written as a current ACLED export (text codes,
    # export-tool dates), whether they come bundled or as the events.csv file named as the source
    from_file = _quiet(export.render, "acled", EVENTS)
    assert from_file == export.render("acled")
    rows = _rows(from_file.decode())
    assert list(rows[0]) == schema.acled_columns()
    day = rows[0]["event_date"].split()
    assert len(day) == 3 and day[1] in MONTHS  # "19 February 2024", not the file's ISO date


ACTOR_TYPES = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
               "Civilians", "External/Other forces"]  # ACLED's codes 1-8, in that order (acled-format.md)


def test_an_acled_export_is_written_back_byte_for_byte(samples):
    # the export tool's numeric codes, "28 December 2022" dates and R's NA for a missing value
    # (JOSH writes NA: its third line is "...,7,NA,NA,0,70,NA,...") all come back as they were
    assert _quiet(export.render, "acled", JOSH) == JOSH.read_bytes()


def test_an_acled_export_with_codes_asked_for_as_text(samples):
    rows = _rows(JOSH.read_text(encoding="utf-8"))
    text = _rows(_quiet(export.render, "acled", JOSH, codes="text").decode())
    assert [r["event_id_cnty"] for r in text] == [r["event_id_cnty"] for r in rows]
    for t, r in zip(text, rows):
        assert t["inter1"] == ACTOR_TYPES[int(r["inter1"]) - 1]
        assert t["inter2"] == ("NA" if r["inter2"] == "0" else ACTOR_TYPES[int(r["inter2"]) - 1])
        assert t["event_date"] == r["event_date"]  # only what was asked for changes

