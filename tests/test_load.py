"""The loader: typed frames from schema/, pandas or polars, cheap to import."""
from __future__ import annotations

import subprocess
import sys


import mideast_events as me
from mideast_events import schema


def test_events_are_typed_from_the_schema():
    e = me.load_events()
    assert list(e.columns) == schema.field_names("events")
    assert str(e["event_date"].dtype).startswith("datetime64")
    assert e["fatalities"].dtype == "Int64"
    assert e["latitude"].dtype == "Float64"
    # categories are the whole vocabulary, not just the values that occur
    assert list(e["sub_event_type"].cat.categories) == schema.enum_values("events", "sub_event_type")
    assert len(e["sub_event_type"].cat.categories) > e["sub_event_type"].nunique()
    assert (e["year"] == e["event_date"].dt.year).all()


def test_every_table_loads_with_every_row():
    for t in schema.TABLES:
        frame = me.load_table(t)
        with open(me.path(t), encoding="utf-8") as fh:
            assert len(frame) == sum(1 for _ in fh) - 1
        assert list(frame.columns) == schema.field_names(t)


def test_polars_backend_matches_pandas():
    import polars as pl

    p, q = me.load_events(), me.load_events(backend="polars")
    assert q.columns == list(p.columns) and q.height == len(p)
    assert q.schema["event_date"] == pl.Date
    assert isinstance(q.schema["event_type"], pl.Enum)
    assert q["fatalities"].sum() == int(p["fatalities"].sum())
    assert q["event_id_cnty"].to_list() == p["event_id_cnty"].tolist()


def test_import_and_load_do_not_pull_in_validation_libraries():
    code = ("import sys, mideast_events as me; me.load_events(); "
            "print(sorted(m for m in ('pandera','frictionless','polars') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_path_metadata_codebook_cite():
    assert me.path("events").name == "events.csv" and me.path("events").exists()
    meta = me.metadata()
    assert meta["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["name"] for r in meta["resources"]] == list(schema.TABLES)
    cb = me.codebook()
    assert set(cb["table"]) == set(schema.TABLES)
    assert (cb.loc[cb["table"] == "events", "origin"] == "ACLED").sum() == 31
    assert "CC-BY-4.0" in me.cite() and meta["version"] in me.cite()
    assert meta["x-last-change"][:4] + "." in me.cite()  # the year of the data's last change


def test_unknown_file_names_what_exists():
    import pytest

    with pytest.raises(FileNotFoundError, match="available"):
        me.path("nope")
