"""build in-process: what each published file holds, checked against the CSVs by hand (hashlib,
csv and json from the standard library, never build's own helpers), and what a rebuild rewrites."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from mideast_events import build, schema

TABLES = ["events", "sources", "event_sources", "actors", "locations"]
ALL = {f"{t}.csv" for t in TABLES} | {"events.parquet", "events.geojson", "datapackage.json"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_descriptor_declares_what_the_files_hold(repo_copy):
    out = build.render(repo_copy)
    meta = json.loads(out["datapackage.json"])
    ds = repo_copy / "dataset"
    assert [r["name"] for r in meta["resources"]] == TABLES
    for res in meta["resources"]:
        data = out[res["path"]]
        assert res["path"] == f"{res['name']}.csv" and data == (ds / res["path"]).read_bytes()
        assert res["bytes"] == len(data)
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["rows"] == len(_rows(ds / res["path"]))
        assert [f["name"] for f in res["schema"]["fields"]] == next(iter(csv.reader(io.StringIO(data.decode()))))
        assert (res["format"], res["mediatype"], res["encoding"]) == ("csv", "text/csv", "utf-8")
        assert res["dialect"] == {"delimiter": ",", "lineTerminator": "\n", "header": True}
        assert res["type"] == "table" and res["title"] and res["description"]
    for d in meta["x-derived-files"]:
        assert d["bytes"] == len(out[d["path"]]) and d["format"] == d["path"].rsplit(".", 1)[1]
        assert d["hash"] == "sha256:" + hashlib.sha256(out[d["path"]]).hexdigest()
    assert [d["path"] for d in meta["x-derived-files"]] == ["events.parquet", "events.geojson"]
    version = tomllib.loads((repo_copy / "pyproject.toml").read_text())["project"]["version"]
    assert meta["version"] == version
    newest = max(int(r["timestamp"]) for r in _rows(ds / "events.csv"))
    assert meta["x-last-change"] == dt.datetime.fromtimestamp(newest, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    package = json.loads((repo_copy / "schema" / "package.json").read_text())
    assert meta["name"] == package["name"] and meta["licenses"] == package["licenses"]
    assert meta["x-temporal-coverage"] == package["temporal_coverage"]
    assert out["datapackage.json"].endswith(b"}\n") and b'\n  "name": ' in out["datapackage.json"]


def test_descriptor_version_without_a_pyproject_is_the_installed_one(repo_copy):
    from importlib.metadata import PackageNotFoundError, version

    (repo_copy / "pyproject.toml").unlink()
    try:
        installed = version("mideast-events")
    except PackageNotFoundError:
        installed = "0+unknown"
    assert json.loads(build.render(repo_copy)["datapackage.json"])["version"] == installed


def test_geojson_features_are_the_event_rows(repo_copy):
    doc = json.loads(build.render(repo_copy)["events.geojson"])
    rows = _rows(repo_copy / "dataset" / "events.csv")
    ints = {f["name"] for f in schema.fields("events") if f["type"] == "integer"}
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(rows)
    for feature, row in zip(doc["features"], rows):
        assert feature["type"] == "Feature" and feature["id"] == row["event_id_cnty"]
        assert feature["geometry"] == {"type": "Point",
                                       "coordinates": [float(row["longitude"]), float(row["latitude"])]}
        want = {k: None if v == "" else int(v) if k in ints else v
                for k, v in row.items() if k not in ("latitude", "longitude")}
        assert feature["properties"] == want
    blank = next(r for r in rows if r["injuries"] == "")
    assert doc["features"][rows.index(blank)]["properties"]["injuries"] is None


def test_parquet_holds_the_typed_events(repo_copy):
    frame = pd.read_parquet(io.BytesIO(build.render(repo_copy)["events.parquet"]))
    rows = _rows(repo_copy / "dataset" / "events.csv")
    assert list(frame.columns) == list(rows[0]) and len(frame) == len(rows)
    assert frame["event_id_cnty"].tolist() == [r["event_id_cnty"] for r in rows]
    assert [int(x) for x in frame["fatalities"]] == [int(r["fatalities"]) for r in rows]


def test_csvs_come_out_sorted_by_key_with_newline_ends(repo_copy):
    events = repo_copy / "dataset" / "events.csv"
    original = events.read_bytes()
    frame = pd.read_csv(events, dtype=str, keep_default_na=False)
    frame.iloc[::-1].to_csv(events, index=False, lineterminator="\r\n")  # other row order, CRLF
    assert build.check(repo_copy) == ["events.csv"]
    result = build.build(repo_copy)
    assert result.written == ["events.csv"]
    assert events.read_bytes() == original  # back to the canonical bytes
    assert b"\r" not in original and original.decode().splitlines()[0] == ",".join(schema.field_names("events"))
    ids = [r["event_id_cnty"] for r in _rows(events)]
    assert ids == sorted(ids)


def test_columns_out_of_the_schema_order_are_refused(repo_copy):
    events = repo_copy / "dataset" / "events.csv"
    frame = pd.read_csv(events, dtype=str, keep_default_na=False)
    frame[list(reversed(frame.columns))].to_csv(events, index=False, lineterminator="\n")
    with pytest.raises(build.BuildRefused) as refused:
        build.build(repo_copy)
    assert [(p.table, p.line, p.check) for p in refused.value.report.problems] == [("events", 1, "column_order")]


def test_a_rebuild_writes_nothing_and_keeps_the_parquet_bytes(repo_copy):
    result = build.build(repo_copy)
    assert result.written == [] and sorted(result.unchanged) == sorted(ALL)
    parquet = repo_copy / "dataset" / "events.parquet"
    assert build.render(repo_copy)["events.parquet"] == parquet.read_bytes()


def test_a_damaged_parquet_is_rebuilt(repo_copy):
    parquet = repo_copy / "dataset" / "events.parquet"
    good = parquet.read_bytes()
    parquet.write_bytes(b"not parquet at all")
    assert build.check(repo_copy) == ["events.parquet"]
    assert build.build(repo_copy).written == ["events.parquet"]
    assert pd.read_parquet(parquet).equals(pd.read_parquet(io.BytesIO(good)))
    assert build.check(repo_copy) == []


def test_a_parquet_of_other_data_is_replaced(repo_copy):
    parquet = repo_copy / "dataset" / "events.parquet"
    pd.read_parquet(parquet).iloc[:3].to_parquet(parquet)  # a readable table, but not ours
    assert build.check(repo_copy) == ["events.parquet"]
    build.build(repo_copy)
    assert len(pd.read_parquet(parquet)) == len(_rows(repo_copy / "dataset" / "events.csv"))


# event_id_cnty: the per-row range rules once read it without listing it among their fields (a KeyError)
@pytest.mark.parametrize("drop", ["notes", "event_id_cnty"])
def test_a_table_missing_a_column_is_refused(repo_copy, drop):
    events = repo_copy / "dataset" / "events.csv"
    pd.read_csv(events, dtype=str, keep_default_na=False).drop(columns=drop).to_csv(
        events, index=False, lineterminator="\n")
    with pytest.raises(build.BuildRefused) as refused:
        build.render(repo_copy)
    assert any(p.table == "events" and drop in (p.field or "") + (p.message or "")
               for p in refused.value.report.problems)
    assert str(refused.value) == f"{len(refused.value.report.problems)} validation problems"


def test_check_compares_the_root_it_is_given(repo_copy):
    events = repo_copy / "dataset" / "events.csv"
    frame = pd.read_csv(events, dtype=str, keep_default_na=False)
    frame.loc[0, "notes"] = frame.loc[0, "notes"] + " (Corrected.)"
    frame.to_csv(events, index=False, lineterminator="\n")
    # the CSV is already canonical; what is built from it is stale
    assert sorted(build.check(repo_copy)) == ["datapackage.json", "events.geojson", "events.parquet"]
    build.build(repo_copy)
    assert build.check(repo_copy) == []  # this copy is now up to date, though the bundled data differs


def test_a_stray_temp_file_is_reported_then_removed(repo_copy):
    stray = repo_copy / "dataset" / ".events.csv.1234.tmp"  # a write killed half-way
    stray.write_bytes(b"half")
    assert build.check(repo_copy) == [".events.csv.1234.tmp (left by an interrupted write)"]
    result = build.build(repo_copy)
    assert result.written == ["(removed .events.csv.1234.tmp)"] and not stray.exists()
    assert build.check(repo_copy) == []


def test_build_refuses_the_installed_package_folder():
    package = Path(build.__file__).resolve().parent
    with pytest.raises(build.NotACheckout) as refused:
        build.build(package)
    assert str(refused.value) == (
        f"build writes into a source checkout, and {package} is inside the installed package; to work on "
        "the data, clone the repository, run 'python3 -m venv .venv && . .venv/bin/activate && pip install "
        "-e .' in it and build there (or give --root CHECKOUT)")
