"""The validator's package checks, its path dispatch and the dask engine's line numbers, on the bundled
package and a real ACLED export, with expectations worked out from the files themselves. In-process,
so the mutation benchmark (benchmarks/mutation.py) counts them."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ROOT, SAMPLES, read_strings, run_main, write_csv
from mideast_events import validate

JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"  # ACLED export tool: "28 December 2022"


def _declare(repo_copy, change) -> None:
    pkg = repo_copy / "dataset" / "datapackage.json"
    meta = json.loads(pkg.read_text(encoding="utf-8"))
    change(meta)
    pkg.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def test_a_size_the_package_misstates_is_reported_with_the_declared_figure(repo_copy):
    events = repo_copy / "dataset" / "events.csv"
    real = events.stat().st_size

    def misstate(meta):
        [res] = [r for r in meta["resources"] if r["name"] == "events"]
        res["bytes"] = real + 1
    _declare(repo_copy, misstate)
    report = validate.validate_package(repo_copy / "dataset" / "datapackage.json")
    [drift] = [p for p in report.problems if p.check == "bytes_drift"]
    assert drift.value == str(real + 1)
    assert str(real + 1) in drift.message and str(real) in drift.message


def test_a_package_without_a_table_names_the_table(repo_copy):
    _declare(repo_copy, lambda meta: meta.update(resources=[r for r in meta["resources"] if r["name"] != "actors"]))
    report = validate.validate_package(repo_copy / "dataset" / "datapackage.json")
    [missing] = [p for p in report.problems if p.check == "missing_resource"]
    assert missing.table == "actors" and "actors" in missing.message and missing.value is None


def test_a_folder_is_validated_as_the_package_it_holds(repo_copy):
    # A source id that sources.csv lacks: only the package's foreign key can see it.
    es_file = repo_copy / "dataset" / "event_sources.csv"
    es = read_strings(es_file)
    es.loc[0, "source_id"] = "S0"
    write_csv(es, es_file)
    folder = validate.validate_path(repo_copy / "dataset")
    assert ("event_sources", "foreign_key", 2) in {(p.table, p.check, p.line) for p in folder.problems}
    assert folder.problems == validate.validate_path(repo_copy / "dataset" / "datapackage.json").problems


def test_dask_counts_lines_across_partitions(samples, tmp_path):
    """An impossible ACLED date and a figure that is not a number near the end of a real export,
    read in partitions of about 40 kB: each is reported on its own line of the file, as pandas does."""
    pytest.importorskip("dask")
    from mideast_events.validate.acled_profile import validate_acled_dask

    frame = read_strings(JOSH)
    last = len(frame) - 1
    frame.loc[last - 3, "event_date"] = "31 April 2022"     # April has 30 days
    frame.loc[last, "fatalities"] = "several"
    path = write_csv(frame, tmp_path / "late_errors.csv")
    assert path.stat().st_size > 3 * 40_000  # several partitions
    report = validate_acled_dask(path, blocksize=40_000)
    found = {(p.field, p.line) for p in report.problems}
    assert ("event_date", last - 3 + 2) in found and ("fatalities", last + 2) in found
    from mideast_events import acled

    pandas = acled.validate_acled(path, "pandas")
    assert sorted((p.check, p.field, p.line) for p in report.problems) == \
        sorted((p.check, p.field, p.line) for p in pandas.problems)


def test_dask_finds_a_key_of_two_columns_repeated_in_another_partition(tmp_path):
    # event_sources' key is (event_id_cnty, source_id) together: the first row again at the end
    # of the file repeats it, in a partition other than the first one's.
    pytest.importorskip("dask")
    from mideast_events.validate.dask_engine import validate_csv_dask

    es = read_strings(ROOT / "dataset" / "event_sources.csv")
    doubled = pd.concat([es, es.iloc[[0]]], ignore_index=True)
    path = write_csv(doubled, tmp_path / "event_sources.csv")
    report = validate_csv_dask(path, blocksize=20_000)
    keys = {(p.check, p.field, p.line) for p in report.problems}
    last = len(doubled) + 1  # the header is line 1
    assert {("multiple_fields_uniqueness", "event_id_cnty", last),
            ("multiple_fields_uniqueness", "source_id", last)} <= keys
    assert keys == {(p.check, p.field, p.line) for p in validate.validate_csv(path).problems}


@pytest.mark.parametrize("missing", [None, float("nan"), "pd.NA", "pd.NaT"])
def test_a_missing_cell_shows_as_na_whatever_its_type(missing):
    # report.cell_text's promise: missing shows as <NA> on every engine (pandas gives NaT for a
    # missing date, pd.NA for a missing nullable integer, None or NaN for text).
    from mideast_events.validate import report

    value = {"pd.NA": pd.NA, "pd.NaT": pd.NaT}.get(missing, missing)
    assert report.cell_text(value) == "<NA>"
    assert report.cell_text(pd.Timestamp("2024-01-28")) == "2024-01-28"


def test_the_engine_asked_for_is_the_one_that_runs(monkeypatch):
    # The engines report the same problems by design, so which one ran is seen by standing in for
    # each: the one asked for runs, and only it; a name that is no engine is refused.
    from mideast_events.validate import dask_engine, dispatch, pandas_engine, polars_engine
    from mideast_events.validate.report import Report

    ran: list[str] = []
    for module, name in ((pandas_engine, "validate_csv_pandas"), (polars_engine, "validate_csv_polars"),
                         (dask_engine, "validate_csv_dask")):
        monkeypatch.setattr(module, name, lambda *a, _n=name, **k: ran.append(_n) or Report("stand-in"))
    events = ROOT / "dataset" / "events.csv"
    for engine in ("pandas", "polars", "dask"):
        ran.clear()
        dispatch.validate_csv(events, engine=engine)
        assert ran == [f"validate_csv_{engine}"]
    with pytest.raises(dispatch.UnusableInput, match="unknown engine 'spark'"):
        dispatch.validate_csv(events, engine="spark")


def test_acled_columns_out_of_order_are_reported_once_on_the_header(samples, tmp_path):
    # ACLED's exports keep one column order; two neighbours swapped is a file edited by hand.
    from mideast_events import acled

    frame = read_strings(JOSH)
    cols = list(frame.columns)
    i = cols.index("event_type")
    cols[i], cols[i + 1] = cols[i + 1], cols[i]
    report = acled.validate_acled(write_csv(frame[cols], tmp_path / "swapped.csv"), "pandas")
    assert [(p.check, p.line) for p in report.problems if p.check == "column_order"] == [("column_order", 1)]
    assert not [p for p in acled.validate_acled(JOSH, "pandas").problems if p.check == "column_order"]


def test_the_json_report_counts_the_rows_of_each_table(tmp_path):
    import csv

    events = ROOT / "dataset" / "events.csv"
    with open(events, newline="", encoding="utf-8") as fh:
        rows = sum(1 for _ in csv.reader(fh)) - 1  # records, not lines: notes may hold line breaks
    code, out, err = run_main("validate", "--json", str(events))
    assert code == 0, err
    assert json.loads(out)["rows"] == {"events": rows}
