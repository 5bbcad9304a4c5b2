"""schema/ is the one truth: the ACLED columns, the vocabularies and the Pandera schemas built from it."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import SHARED
from mideast_events import pandera_schemas, schema


def test_events_start_with_acled_columns_in_acled_order():
    notes = (SHARED / "reference" / "acled-format.md")
    if not notes.exists():
        pytest.skip("reference notes not beside the checkout")
    block = re.search(r"## Columns of a current export, in order \((\d+)\)\n(.*?)\n- ", notes.read_text(), re.S)
    listed = [c.strip().rstrip(".") for c in block.group(2).replace("\n", " ").split(",")]
    assert len(listed) == int(block.group(1)) == 31
    assert schema.acled_columns() == listed
    assert schema.field_names("events")[:31] == listed


def test_acled_columns_match_a_real_export_header(samples):
    header = pd.read_csv(samples / "JoshMerfeld_saereplication__acled.csv", nrows=0).columns.tolist()
    assert schema.acled_columns() == header


def test_vocabularies_become_enums_and_categories():
    sub = schema.enum_values("events", "sub_event_type")
    assert len(sub) == 25 and "Air/drone strike" in sub
    assert schema.enum_values("events", "event_type") == list(dict.fromkeys(t for t, _ in schema.sub_event_types().values()))
    assert len(schema.enum_values("events", "event_type")) == 6
    assert schema.enum_values("events", "time_precision") == [1, 2, 3]
    f = next(f for f in schema.table_schema("events", frictionless=True)["fields"] if f["name"] == "inter1")
    assert f["constraints"]["enum"] == f["categories"] == list(schema.actor_type_codes())
    assert not any(k.startswith("x-") for k in f)


def test_every_vocabulary_reference_resolves():
    for table in schema.TABLES:
        for f in schema.fields(table):
            ref = f.get("x-vocabulary")
            if ref:
                assert ref["file"] in schema.vocabulary_files()
                assert f["constraints"]["enum"], (table, f["name"])


def test_keys_are_declared():
    assert schema.primary_key("events") == ["event_id_cnty"]
    assert schema.primary_key("event_sources") == ["event_id_cnty", "source_id"]
    refs = {fk["reference"]["resource"] for t in schema.TABLES for fk in schema.foreign_keys(t)}
    assert refs == {"actors", "locations", "events", "sources"}


def test_pandera_pandas_schema_accepts_loaded_events_and_rejects_bad_ones():
    import pandera.errors

    import mideast_events as me

    events = me.load_events()
    s = pandera_schemas.pandas_schema("events")
    s.validate(events)
    bad = events.copy()
    bad.loc[0, "year"] = 2020
    with pytest.raises(pandera.errors.SchemaError, match="year must be the year of event_date"):
        s.validate(bad)


def test_pandera_polars_schema_from_the_same_truth():
    import pandera.errors
    import polars as pl

    import mideast_events as me

    events = me.load_events(backend="polars")
    s = pandera_schemas.polars_schema("events")
    s.validate(events)
    assert list(s.columns) == schema.field_names("events")
    bad = events.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(-3).otherwise(pl.col("fatalities")).alias("fatalities"))
    with pytest.raises(pandera.errors.SchemaError) as err:
        s.validate(bad)
    # the schema's own words: fatalities has minimum 0, so the failure is that check on that cell
    minimum = next(f for f in schema.fields("events") if f["name"] == "fatalities")["constraints"]["minimum"]
    assert minimum == 0
    assert err.value.schema.name == "fatalities"
    assert f"greater_than_or_equal_to({minimum})" in str(err.value.check)
    assert err.value.failure_cases["fatalities"].to_list() == [-3]
