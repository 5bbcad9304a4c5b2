"""validate --profile acled, --engine, export and diff, the way a user runs them."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import mideast_events as me
from mideast_events import acled, diff, distributed, schema, ucdp, validate
from conftest import ROOT, SAMPLES, run_cli

JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"
ASCH = SAMPLES / "AschHarwood_acled__acled.csv"
EVENTS = ROOT / "dataset" / "events.csv"


def _key(report: validate.Report) -> list[tuple]:
    return sorted((p.line or 0, p.field or "", p.check, p.value or "", p.message) for p in report.problems)


def _seeded_events(tmp_path: Path) -> Path:
    """Our events with one known defect per row."""
    ev = pd.read_csv(EVENTS, dtype=str, keep_default_na=False)
    ev.loc[0, "latitude"] = "95"
    ev.loc[1, "year"] = "20x"
    ev.loc[2, "inter1"] = "Bogus"
    ev.loc[3, "event_id_cnty"] = ev.loc[4, "event_id_cnty"]
    ev.loc[5, "actor1"] = ""
    ev.loc[6, "year"] = "2019"
    ev.loc[7, "event_date"] = "2024-13-01"
    # whole numbers written as decimals: pandas reads them; the polars path's fast query does not
    ev.loc[8, "fatalities"] = "3.0"
    ev.loc[9, "fatalities"] = "-2.0"
    ev.loc[10, "year"] = "2019.0"
    ev.loc[11, "event_date"] = "0000-04-05"  # a real calendar date to pandas and polars, not to Python
    out = tmp_path / "events.csv"
    ev.to_csv(out, index=False, lineterminator="\n")
    return out


# ------------------------------------------------------------------ validate --profile acled


def test_profile_acled_passes_an_export_with_an_event_at_sea(samples, tmp_path):
    # line 329 (BEN400, Coast of Benin) is at sea: ACLED leaves admin1 and admin2 empty (findings.csv)
    assert pd.read_csv(JOSH, dtype=str, keep_default_na=False).loc[327, ["location", "admin1"]].tolist() == ["Coast of Benin", "NA"]
    proc = run_cli("validate", "--profile", "acled", str(JOSH))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "numeric actor-type codes" in proc.stdout
    frame = pd.read_csv(JOSH, dtype=str, keep_default_na=False)
    frame.loc[327, "admin2"] = "Karimama"  # the same empty admin1 on land is a defect
    land = tmp_path / "land.csv"
    land.write_text(acled.acled_csv(frame.astype(object).where(frame != "NA", None), na="NA"))
    proc = run_cli("validate", "--profile", "acled", str(land))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "line 329 (BEN400): " in proc.stdout and "[admin1_missing_only_at_sea]" in proc.stdout


def test_profile_acled_passes_a_clean_export(samples, tmp_path):
    frame = pd.read_csv(JOSH, dtype=str, keep_default_na=False)
    frame.loc[327, "admin1"] = "Alibori"  # the event at sea (line 329) given a land admin1 also passes
    clean = tmp_path / "clean.csv"
    clean.write_text(acled.acled_csv(frame.astype(object).where(frame != "NA", None), na="NA"))
    proc = run_cli("validate", "--profile", "acled", str(clean))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("valid:")


def test_profile_acled_on_the_2016_layout_and_r_file(samples):
    proc = run_cli("validate", "--profile", "acled", "--json", str(ASCH))
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    # the 2016 layout is complete with its own columns (schema/acled/eras.csv): none is missing
    assert "missing_columns" not in report["counts"] and "2016 layout" in report["target"]
    assert any("unnamed row-index" in p["message"] for p in report["problems"])
    proc = run_cli("validate", "--profile", "acled", str(SAMPLES / "acledR__acled_old_dummy.rda"))
    assert proc.returncode == 1 and "'Demostrations'" in proc.stdout  # ACLED's own typo, reported


def test_profile_acled_bad_input_exits_2(tmp_path):
    proc = run_cli("validate", "--profile", "acled", str(tmp_path / "missing.csv"))
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("validate", "--profile", "acled")
    assert proc.returncode == 2 and "needs a FILE" in proc.stderr


# ------------------------------------------------------------------ engines


@pytest.mark.slow  # the longest engine-agreement test (15 s on 2 cores): --run-slow and CI run it
def test_polars_and_dask_report_what_pandas_reports(tmp_path):
    path = _seeded_events(tmp_path)
    pandas_report = validate.validate_csv(path)
    assert {p.check for p in pandas_report.problems} >= {
        "type", "less_than_or_equal_to", "isin", "field_uniqueness", "not_nullable", "year_of_event_date"}
    checks_on = {(p.line, p.check) for p in pandas_report.problems}
    assert (10, "type") not in checks_on and (10, "fatalities_within_range") in checks_on  # '3.0' is 3
    assert (11, "greater_than_or_equal_to") in checks_on and (12, "year_of_event_date") in checks_on
    assert (13, "year_of_event_date") in checks_on
    assert _key(validate.validate_csv(path, engine="polars")) == _key(pandas_report)
    # Dask in local mode, in several partitions (a small block size), so that the duplicate id
    # sits in two partitions and line numbers must be counted across them.
    dask_report = distributed.validate_csv(path, blocksize=1500)
    assert _key(dask_report) == _key(pandas_report)


@pytest.mark.slow  # every engine in fresh processes: CI runs it (--run-slow)
def test_nan_and_infinity_in_number_columns_are_judged_alike_on_every_engine(tmp_path):
    # 'NaN' is text, not a measurement: every engine reports it as not a number (polars used to
    # read it as a float NaN and call it above the maximum; pandas as a missing value).
    ev = pd.read_csv(EVENTS, dtype=str, keep_default_na=False)
    ev.loc[0, "latitude"] = "NaN"
    ev.loc[1, "longitude"] = "nan"
    ev.loc[2, "latitude"] = "inf"
    ev.loc[3, "longitude"] = "-Infinity"
    ev.loc[4, "fatalities"] = "NaN"
    path = tmp_path / "events.csv"
    ev.to_csv(path, index=False, lineterminator="\n")
    expected = _key(validate.validate_csv(path))
    found = {(line, field, check) for line, field, check, _, _ in expected}
    assert {(2, "latitude", "type"), (3, "longitude", "type"), (4, "latitude", "type"), (5, "longitude", "type"),
            (6, "fatalities", "type")} <= found
    assert not any(line in (2, 3, 4, 5) and check in ("less_than_or_equal_to", "greater_than_or_equal_to")
                   for line, _, check in found)
    assert _key(validate.validate_csv(path, engine="polars")) == expected
    assert _key(distributed.validate_csv(path, blocksize=1500)) == expected


@pytest.mark.parametrize("table", ["sources", "event_sources", "locations"])
def test_engines_agree_on_every_table_incl_compound_keys(tmp_path, table):
    frame = pd.read_csv(ROOT / "dataset" / f"{table}.csv", dtype=str, keep_default_na=False)
    for i, column in enumerate(frame.columns[:6]):  # a bad value or a gap in each of six columns
        frame.loc[i, column] = "" if i % 2 else "zz-bad"
    frame = pd.concat([frame, frame.iloc[[3]]])  # and a repeated key
    path = tmp_path / f"{table}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    expected = _key(validate.validate_csv(path))
    assert any(check in {"field_uniqueness", "multiple_fields_uniqueness"} for _, _, check, _, _ in expected)
    assert _key(validate.validate_csv(path, engine="polars")) == expected
    assert _key(distributed.validate_csv(path, blocksize=800)) == expected


def test_layout_sample_from_the_file_start_is_what_pandas_reads(tmp_path):
    # Rows long enough that the first piece the polars path reads ends inside a quoted cell
    # that holds line breaks: it must read on, not fail or keep half a row.
    rows = 10000
    note = "a first line, with a comma\nand a second, " + "x" * 1000
    frame = pd.DataFrame({"event_id_cnty": [f"IRQ{i}" for i in range(rows + 500)], "notes": note,
                          "inter1": "State forces"})
    path = tmp_path / "long_notes.csv"
    frame.to_csv(path, index=False)
    with path.open("rb") as fh:
        assert fh.read(1 << 23).count(b'"') % 2 == 1  # the first 8 MiB end inside quotes
    head = validate.read_head(path, rows, ["event_id_cnty", "notes", "inter1"])
    assert head.equals(pd.read_csv(path, nrows=rows, dtype=str, keep_default_na=False).astype(object))


def test_engines_agree_on_a_text_export_with_stray_codes(samples, tmp_path):
    # A current (text-label) export with a few numeric codes in it: pandas converts the codes
    # once it sees one; the polars path must find them although it reads labels first.
    frame = pd.read_csv(JOSH, dtype=str, keep_default_na=False)
    frame.loc[327, "admin1"] = "Alibori"
    cells = acled.to_acled(acled.from_acled(frame.astype(object).where(frame != "NA", None)), codes="text")
    cells.loc[3, "inter1"], cells.loc[5, "interaction"], cells.loc[8, "inter2"] = "3", "13", "0"
    path = tmp_path / "stray_codes.csv"
    path.write_text(acled.acled_csv(cells))
    expected = _key(acled.validate_acled(path))
    assert expected  # the stray codes are reported (a code in the wrong place, a mismatch)
    assert _key(acled.validate_acled(path, engine="polars")) == expected


@pytest.mark.parametrize("engine", ["polars", "dask"])
def test_engines_on_real_acled_files(samples, engine):
    for path in (JOSH, ASCH):
        assert _key(acled.validate_acled(path, engine=engine)) == _key(acled.validate_acled(path))


def test_engine_flag_on_the_command_line(tmp_path):
    path = _seeded_events(tmp_path)
    outs = [run_cli("validate", "--engine", e, "--json", str(path)) for e in ("pandas", "polars")]
    assert [o.returncode for o in outs] == [1, 1]
    a, b = (json.loads(o.stdout) for o in outs)
    assert a["counts"] == b["counts"]


# ------------------------------------------------------------------ export


def test_export_acled_matches_to_acled(tmp_path):
    out = tmp_path / "acled.csv"
    proc = run_cli("export", "--format", "acled", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text() == acled.acled_csv(acled.to_acled(me.load_events()))
    proc = run_cli("export", "--format", "acled", "--codes", "numeric", "--dates", "api")
    first = pd.read_csv(io.StringIO(proc.stdout), dtype=str).iloc[0]
    assert first["inter1"].isdigit() and first["event_date"][4] == "-"


def test_export_geojson_and_parquet(tmp_path):
    proc = run_cli("export", "--format", "geojson")
    doc = json.loads(proc.stdout)
    assert len(doc["features"]) == len(me.load_events())
    out = tmp_path / "events.parquet"
    assert run_cli("export", "--format", "parquet", "--out", str(out)).returncode == 0
    assert len(pd.read_parquet(out)) == len(me.load_events())
    proc = run_cli("export", "--format", "parquet")
    assert proc.returncode == 2 and "--out" in proc.stderr


def test_export_an_acled_file_as_ucdp(samples):
    proc = run_cli("export", "--format", "ucdp", "--events", str(JOSH))
    frame = pd.read_csv(io.StringIO(proc.stdout), dtype=str)
    assert proc.returncode == 0 and len(frame) > 0
    assert set(frame["type_of_violence"]) <= {"1", "2", "3"}


# ------------------------------------------------------------------ diff


def _edited(tmp_path: Path) -> Path:
    ev = pd.read_csv(EVENTS, dtype=str, keep_default_na=False)
    ev.loc[0, "fatalities"] = str(int(ev.loc[0, "fatalities"]) + 1)
    ev.loc[0, "timestamp"] = str(int(ev.loc[0, "timestamp"]) + 60)
    removed = ev.loc[2, "event_id_cnty"]
    ev = ev.drop(index=2)
    extra = ev.iloc[[0]].assign(event_id_cnty="IRQ949999")
    out = tmp_path / "events.csv"
    pd.concat([ev, extra]).to_csv(out, index=False, lineterminator="\n")
    return out, removed


def test_diff_lists_added_removed_and_corrected(tmp_path):
    new, removed = _edited(tmp_path)
    d = diff.diff(ROOT / "dataset", new)
    assert d.added == ["IRQ949999"] and d.removed == [removed]
    first = me.load_events().loc[0, "event_id_cnty"]
    assert [f for f, _, _ in d.changed[first]] == ["fatalities", "timestamp"]
    proc = run_cli("diff", str(EVENTS), str(new), "--changelog")
    assert proc.returncode == 0
    md = proc.stdout
    assert md.startswith("### Data") and "#### Added" in md and "#### Corrected" in md and "#### Removed" in md
    assert f"- `{first}`: fatalities" in md and f"- `{removed}`" in md


def test_diff_of_numeric_and_text_exports_is_empty(samples, tmp_path):
    text = tmp_path / "text.csv"
    acled.write_acled(acled.from_acled(JOSH), text, acled.standard_layout(codes="text", dates="api"))
    d = diff.diff(JOSH, text)
    assert d.empty, d.to_text()[:500]


def test_diff_keeps_the_newest_row_of_a_living_file(tmp_path):
    ev = pd.read_csv(EVENTS, dtype=str, keep_default_na=False)
    update = ev.iloc[[0]].assign(notes="Corrected notes.", timestamp=str(int(ev.loc[0, "timestamp"]) + 5))
    both = tmp_path / "events.csv"
    pd.concat([update, ev]).to_csv(both, index=False, lineterminator="\n")
    d = diff.diff(EVENTS, both)
    assert list(d.changed) == [ev.loc[0, "event_id_cnty"]] and not d.added and not d.removed
    assert any("newest" in n for n in d.notes)


def test_diff_bad_input_exits_2(tmp_path):
    proc = run_cli("diff", str(tmp_path / "a.csv"), str(EVENTS))
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr


def test_numeric_actor_type_codes_are_acleds():
    # ACLED's format notes: the numbers 1-8 stand for these labels in this order; inter2 is 0 with no
    # actor2; interaction is 10 x inter1 alone, else 10 x the smaller code + the larger
    documented = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
                  "Protesters", "Civilians", "External/Other forces"]
    code = {label: str(n) for n, label in enumerate(documented, start=1)}
    events = me.load_events().astype(object).where(me.load_events().notna(), None)
    numeric = acled.to_acled(me.load_events(), codes="numeric")
    assert numeric["inter1"].tolist() == [code[v] for v in events["inter1"]]
    assert numeric["inter2"].tolist() == [code[v] if v else "0" for v in events["inter2"]]
    pairs = zip(numeric["inter1"].astype(int), numeric["inter2"].astype(int))
    assert numeric["interaction"].tolist() == [str(10 * a if not b else 10 * min(a, b) + max(a, b)) for a, b in pairs]
    assert {str(c): lab for lab, c in schema.actor_type_codes().items()} == {v: k for k, v in code.items()}


def _rule_agrees_on_every_engine(name: str, frame: pd.DataFrame) -> None:
    """Rule ``name``, written once, passes and fails the same rows of ``frame`` on pandas,
    polars and dask, and some of each."""
    pl = pytest.importorskip("polars")
    dd = pytest.importorskip("dask.dataframe")
    from mideast_events import rules

    rule = rules.get(name)
    on_pandas = rule.check({"events": frame}).to_numpy()
    on_polars = rule.passes(pl.from_pandas(frame))[name].to_numpy()
    on_dask = rule.passes(dd.from_pandas(frame, npartitions=3)).compute()[name].to_numpy()
    assert (on_pandas == on_polars).all(), name
    assert (on_pandas == on_dask).all(), name
    assert 0 < on_pandas.sum() < len(frame), name


def test_interaction_rule_agrees_on_every_engine_for_every_combination():
    from mideast_events import rules

    labels = list(schema.actor_type_codes()) + ["Bogus", None]
    texts = sorted(set(rules.interaction_labels().values())) + ["Civilians-Political militia", "Nonsense", None]
    frame = pd.DataFrame([(a, b, c) for a in labels for b in labels for c in texts],
                         columns=["inter1", "inter2", "interaction"]).astype("string")
    _rule_agrees_on_every_engine("interaction_from_actor_types", frame)


def test_sub_event_rules_agree_on_every_engine_for_every_combination():
    subs = list(schema.sub_event_types()) + ["Bogus", None]
    events = list(dict.fromkeys(v[0] for v in schema.sub_event_types().values())) + ["Demostrations", None]
    disorders = list(dict.fromkeys(v[1] for v in schema.sub_event_types().values())) + ["Other", None]
    frame = pd.DataFrame([(s, e, d) for s in subs for e in events for d in disorders],
                         columns=["sub_event_type", "event_type", "disorder_type"]).astype("string")
    for name in ("sub_event_in_event_type", "disorder_type_of_sub_event"):
        _rule_agrees_on_every_engine(name, frame)


def test_coordinates_rule_agrees_on_every_engine_for_any_iso():
    isos = [368, 760, 4, 894, 999, 0, -5, 100000, None]  # known, unknown and out-of-table codes
    # (28.5, 48.0) lies in Kuwait, about 150 km from Iraq: it fails on land (admin1 and admin2 given) and in
    # coastal waters (admin2 empty), and passes on the open sea (admin1 empty too)
    points = [(33.3, 44.4), (34.8, 38.9), (95.0, 40.0), (None, 40.0), (28.5, 48.0)]
    admins = [("Basra", "Al-Zubair"), ("Basra", None), (None, None)]
    frame = pd.DataFrame([(i, lat, lon, a1, a2) for i in isos for lat, lon in points for a1, a2 in admins],
                         columns=["iso", "latitude", "longitude", "admin1", "admin2"]).astype(
        {"iso": "Int64", "latitude": "Float64", "longitude": "Float64", "admin1": "string", "admin2": "string"})
    _rule_agrees_on_every_engine("coordinates_in_country", frame)


def test_event_type_rules_agree_on_every_engine_with_gaps():
    rows = [(e, i, c) for e in ("Battles", "Violence against civilians", "Protests", None)
            for i in ("Civilians", "Rebel group", None) for c in ("Civilian targeting", None)]
    raw = pd.DataFrame(rows, columns=["event_type", "inter2", "civilian_targeting"]).astype(object)
    typed = validate.parse_frame(raw.where(raw.notna(), None), "events", [])
    for name in ("civilians_are_actor2", "no_civilian_targeting_on_battles"):
        _rule_agrees_on_every_engine(name, typed)


def test_date_and_range_rules_agree_on_every_engine_with_gaps():
    raw = pd.DataFrame({
        "event_date": ["2024-01-28", "2024-01-28", None, "2999-01-01", "2023-12-31", None],
        "year": ["2024", "2023", "2024", "2999", None, None],
        "fatalities_low": ["1", "3", None, "0", "2", None],
        "fatalities": ["3", "2", "1", None, "2", "5"],
        "fatalities_high": ["3", "4", "0", "1", "1", None],
    }, dtype=object)
    typed = validate.parse_frame(raw.where(raw.notna(), None), "events", [])
    for name in ("year_of_event_date", "event_date_not_in_future", "fatalities_within_range"):
        _rule_agrees_on_every_engine(name, typed)


@pytest.mark.slow  # every engine in fresh processes: CI runs it (--run-slow)
def test_a_rule_added_once_runs_on_every_engine(tmp_path, monkeypatch):
    # What docs/contributing.md shows: one function, one Rule line, and every engine runs it.
    import narwhals as nw

    from mideast_events import rules

    path = _seeded_events(tmp_path)
    after_2023 = rules.Rule("year_after_2023", "events", ("year",), "test rule: year must be after 2023",
                            lambda: nw.col("year").is_null() | (nw.col("year") > 2023).fill_null(False))
    monkeypatch.setattr(rules, "RULES", rules.RULES + (after_2023,))
    expected = _key(validate.validate_csv(path))
    assert any(check == "year_after_2023" for _, _, check, _, _ in expected)
    assert _key(validate.validate_csv(path, engine="polars")) == expected
    assert _key(distributed.validate_csv(path, blocksize=1500)) == expected


def test_polars_engines_native_codes_are_the_rules_codes():
    # The polars engine computes the codes the rules read natively; they must be rules.encode's.
    pl = pytest.importorskip("polars")
    import narwhals as nw

    from mideast_events import rules
    from mideast_events.validate.polars_engine import native_code

    for column in ("sub_event_type", "event_type", "disorder_type", "inter1", "inter2", "interaction"):
        values = rules.vocabulary(column) + ["Bogus", "", None]
        frame = pl.DataFrame({column: values}, schema={column: pl.String})
        ours = frame.select(native_code(column)).to_series().cast(pl.Int64).to_list()
        theirs = nw.from_native(frame).select(rules.encode(column)).to_native().to_series().cast(pl.Int64).to_list()
        assert ours == theirs == list(range(len(values) - 3)) + [None, None, None], column
