"""The validation report across files, frames and packages: keys, cross-table rules, drift."""
from __future__ import annotations

import json

import pandas as pd

import mideast_events as me
from conftest import ROOT, run_cli
from mideast_events import rules, validate


def test_each_table_file_validates_on_its_own():
    for table in ("events", "sources", "event_sources", "actors", "locations"):
        report = validate.validate_csv(ROOT / "dataset" / f"{table}.csv")
        assert report.valid, report.to_text()
        assert report.rows == {table: len(me.load_table(table))}


def test_a_renamed_file_is_recognised_by_its_header(tmp_path):
    target = tmp_path / "my_export.csv"
    target.write_bytes((ROOT / "dataset" / "sources.csv").read_bytes())
    report = validate.validate_csv(target)
    assert report.valid and list(report.rows) == ["sources"]


def test_validate_dataframe_takes_typed_frames():
    events = me.load_events()
    assert validate.validate_dataframe(events).valid
    events.loc[3, "interaction"] = "State forces-Civilians"
    report = validate.validate_dataframe(events)
    assert [(p.line, p.check) for p in report.problems] == [(5, "interaction_from_actor_types")]


def _package_problems(repo_copy, table: str, mutate) -> list[validate.Problem]:
    file = repo_copy / "dataset" / f"{table}.csv"
    df = pd.read_csv(file, dtype=str, keep_default_na=False)
    mutate(df)
    df.to_csv(file, index=False, lineterminator="\n")
    return validate.validate_package(repo_copy / "dataset" / "datapackage.json").problems


def test_package_reports_foreign_keys_and_drift(repo_copy):
    def orphan(df):
        df.loc[0, "source_id"] = "S9999"

    probs = _package_problems(repo_copy, "event_sources", orphan)
    checks = {p.check for p in probs}
    assert {"foreign_key", "hash_drift"} <= checks
    fk = next(p for p in probs if p.check == "foreign_key")
    assert fk.table == "event_sources" and fk.line == 2 and "S9999" in fk.value


def test_package_reports_cross_table_rules(repo_copy):
    def move(df):
        # a row on land (at a sea area a position reported for the event may replace the area's point)
        i = df.index[df["admin1"] != ""][0]
        df.loc[i, "latitude"] = str(float(df.loc[i, "latitude"]) + 0.01)  # still in the country, not the location's point

    probs = _package_problems(repo_copy, "events", move)
    assert [p.check for p in probs if p.check != "hash_drift" and "drift" not in p.check] == ["location_matches_table"]


def test_event_dated_after_its_sources_is_caught(repo_copy):
    es = pd.read_csv(repo_copy / "dataset" / "event_sources.csv", dtype=str, keep_default_na=False)
    so = pd.read_csv(repo_copy / "dataset" / "sources.csv", dtype=str, keep_default_na=False)
    first = es.merge(so, on="source_id").groupby("event_id_cnty")["published"].apply(lambda s: min(x for x in s if x))

    def later(df):
        eid = df.loc[0, "event_id_cnty"]
        day = (pd.Timestamp(first[eid]) + pd.Timedelta(days=3))
        df.loc[0, ["event_date", "year"]] = [day.strftime("%Y-%m-%d"), str(day.year)]

    probs = _package_problems(repo_copy, "events", later)
    assert "event_not_after_its_sources" in {p.check for p in probs}


def test_every_rule_has_a_name_reason_and_unique_name():
    names = [r.name for r in rules.RULES]
    assert len(names) == len(set(names))
    assert all(r.reason and r.table in me.load.schema.TABLES for r in rules.RULES)


def test_json_report_of_the_bundled_package():
    proc = run_cli("validate", "--json")
    rep = json.loads(proc.stdout)
    assert proc.returncode == 0 and rep["valid"] and rep["rows"]["events"] == len(me.load_events())


# ------------------------------------------------------------------ the engine a user gets by default


def test_the_default_engine_is_polars_for_a_large_file_and_pandas_otherwise(tmp_path):
    from mideast_events.validate import dispatch

    small = ROOT / "examples" / "my_events.csv"
    big = tmp_path / "events.csv"
    with big.open("w") as fh:  # larger than the threshold: the header and enough rows copied
        text = (ROOT / "dataset" / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        fh.write(text[0])
        fh.writelines(text[1:])  # at least twice: the repeated ids are problems both engines must report
        fh.writelines(text[1:])
        while fh.tell() <= dispatch.AUTO_POLARS_BYTES:
            fh.writelines(text[1:])
    assert dispatch.choose_engine(big) == "polars"
    assert dispatch.choose_engine(small) == "pandas"
    assert dispatch.choose_engine(ROOT / "dataset" / "datapackage.json") == "pandas"
    assert dispatch.choose_engine(big, "dask") == "dask"  # asked for, kept
    # the engines agree on the file: the default changes the speed, not the report
    auto, pandas = validate.validate_csv(big), validate.validate_csv(big, engine="pandas")
    assert sorted(map(str, auto.problems)) == sorted(map(str, pandas.problems)) and not auto.valid


def test_a_large_file_on_a_slow_engine_gets_a_one_line_note(tmp_path, monkeypatch):
    from mideast_events.validate import dispatch

    path, small = ROOT / "dataset" / "events.csv", ROOT / "examples" / "my_events.csv"
    monkeypatch.setattr(dispatch, "LARGE_FILE_BYTES", small.stat().st_size + 1)
    assert dispatch.engine_note(path, "polars", "polars") is None
    note = dispatch.engine_note(path, "pandas", "pandas")
    assert note is not None and "polars" in note and "\n" not in note
    assert dispatch.engine_note(small, "pandas", "pandas") is None
    proc = run_cli("validate", "--engine", "pandas", str(path))
    assert proc.returncode == 0 and "[engine: pandas]" in proc.stdout
    # a file the polars engine could not hold in the memory available: dask is named
    monkeypatch.setattr(dispatch, "available_memory", lambda: path.stat().st_size * 2)
    note = dispatch.engine_note(path, "polars", "auto")
    assert note is not None and "--engine dask" in note and "\n" not in note
    monkeypatch.setattr(dispatch, "available_memory", lambda: path.stat().st_size * 4)
    assert dispatch.engine_note(path, "polars", "auto") is None


def test_a_prefetched_read_is_used_only_for_the_file_as_it_was(tmp_path):
    """The command starts reading a file early (polars engine); the read is used for that file as it
    was, never for the file changed since, and forgotten once the report is made."""
    from mideast_events.validate import reading

    path = tmp_path / "events.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    reading.prefetch(path)
    (_, started), = [v for k, v in reading.PREFETCHED.items() if k[0] == str(path)]
    started.result(timeout=60)
    assert reading.scan_polars_strings(path).collect().rows() == [("1", "2")]
    path.write_text("a,b\n3,4\n5,\n", encoding="utf-8")  # changed after the read: read again
    assert reading.scan_polars_strings(path).collect().rows() == [("3", "4"), ("5", None)]
    reading.forget(path)
    assert not [k for k in reading.PREFETCHED if k[0] == str(path)]
