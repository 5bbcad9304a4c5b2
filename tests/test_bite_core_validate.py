"""The validator's paths that the sampled mutation runs of December 2026 found untested: the dask
engine on a damaged file, the text report's "also on line", a date off the calendar named in words,
and the package's ``validate_acled`` entry point. Each expectation is worked out from the file the
test writes (the byte it spoils, the rows it copies), in-process so that the mutation benchmark
(benchmarks/mutation.py) counts it."""
from __future__ import annotations

import pytest

from conftest import ROOT, SAMPLES, read_strings, write_csv
from mideast_events import validate
from mideast_events.validate.report import UnusableInput

EVENTS = ROOT / "dataset" / "events.csv"
JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"  # ACLED export tool, numeric codes


def test_dask_refuses_a_byte_that_is_not_utf8_in_one_line_naming_the_file(tmp_path):
    pytest.importorskip("dask")
    data = EVENTS.read_bytes()
    at = len(data) - 200  # inside the last rows, far past the header the sniffer reads
    bad = tmp_path / "events.csv"
    bad.write_bytes(data[:at] + b"\xe9" + data[at + 1:])  # Latin-1's e-acute
    for engine in ("pandas", "dask"):
        with pytest.raises(UnusableInput) as e:
            validate.validate_csv(bad, engine=engine)
        assert str(e.value) == f"{bad}: not valid UTF-8 at byte {at} (re-save the file as UTF-8)", engine


def test_dask_reports_a_last_row_cut_short_on_its_line(tmp_path):
    pytest.importorskip("dask")
    rows = len(read_strings(EVENTS))
    cut = tmp_path / "events.csv"
    cut.write_bytes(EVENTS.read_bytes()[:-40])  # the last row loses its end
    report = validate.validate_csv(cut, engine="dask")
    [problem] = report.problems
    # the header is line 1, so the last of `rows` rows is on line rows + 1
    assert (problem.check, problem.line) == ("truncated_row", rows + 1)
    assert f"ends mid-row at line {rows + 1}" in problem.message


def test_a_date_off_the_calendar_is_named_in_words(tmp_path):
    events = read_strings(EVENTS)
    why = {"2023-02-30": "February has no 30th", "2023-04-31": "April has no 31st",
           "2023-02-29": "February 2023 has no 29th: 2023 is not a leap year", "2023-13-01": "there is no month 13"}
    for row, day in enumerate(why):
        events.loc[row, "event_date"] = day  # row 0 is line 2
    report = validate.validate_csv(write_csv(events, tmp_path / "events.csv"), engine="pandas")
    said = {p.line: (p.check, p.message) for p in report.problems if p.field == "event_date"}
    assert said == {row + 2: ("type", f"not a real date ({why[day]})") for row, day in enumerate(why)}


def test_validate_acled_of_the_package_runs_the_engine_asked_for(samples):
    default = validate.validate_acled(JOSH)
    assert default.target.startswith(f"{JOSH} (ACLED profile: ") and default.target.endswith(")")
    assert default.rows == {JOSH.name: len(read_strings(JOSH))}
    assert validate.validate_acled(JOSH, "pandas").problems == default.problems
    pytest.importorskip("dask")
    assert validate.validate_acled(JOSH, "dask").target.endswith("; dask)")
    with pytest.raises(UnusableInput, match="unknown engine 'spark'"):
        validate.validate_acled(JOSH, "spark")


def test_a_package_report_names_its_descriptor(repo_copy):
    descriptor = repo_copy / "dataset" / "datapackage.json"
    report = validate.validate_path(repo_copy / "dataset")
    assert report.target == str(descriptor) and report.valid
    assert report.to_text().startswith(f"valid: {descriptor} (")


def test_dask_names_the_rows_of_a_duplicate_key_as_pandas_does(tmp_path):
    """A repeated event id: each engine's report names both rows by their event id, so the text
    reports read the same line for line (dask found duplicates across blocks without the names)."""
    pytest.importorskip("dask")
    events = read_strings(EVENTS)
    dup = events.loc[4, "event_id_cnty"]
    events.loc[5, "event_id_cnty"] = dup  # rows 4 and 5: lines 6 and 7
    file = write_csv(events, tmp_path / "events.csv")
    reports = {engine: validate.validate_csv(file, engine=engine) for engine in ("pandas", "dask")}
    for engine, report in reports.items():
        assert {(p.line, p.check, p.event_id) for p in report.problems} == \
            {(6, "field_uniqueness", dup), (7, "field_uniqueness", dup)}, engine
    text = reports["pandas"].to_text().splitlines()
    said = [line for line in text if f"(value '{dup}')" in line]
    assert said[0].startswith(f"  events.csv line 6 ({dup})") and said[0].endswith("; also on line 7 [unique]")
    assert said[1].startswith(f"  events.csv line 7 ({dup})") and said[1].endswith("; also on line 6 [unique]")
    assert reports["dask"].to_text().splitlines()[1:] == text[1:]


def test_the_same_problem_on_many_rows_is_one_line_naming_the_field(tmp_path):
    from mideast_events import schema

    [spec] = [f for f in schema.fields("events") if f["name"] == "fatalities"]
    low = spec["constraints"]["minimum"]
    events = read_strings(EVENTS)
    events.loc[0:4, "fatalities"] = str(low - 1)  # five rows (lines 2-6): one grouped line of the report
    report = validate.validate_csv(write_csv(events, tmp_path / "events.csv"), engine="pandas")
    ids = ", ".join(events.loc[0:4, "event_id_cnty"])
    assert report.to_text().splitlines()[1] == (
        f"  events.csv: fatalities: below the minimum: must be at least {low} (value '{low - 1}') [minimum] "
        f"-- 5 rows: lines 2, 3, 4, 5, 6 ({ids})")
    [group] = [g for g in report.to_dict()["groups"] if g["check"] == "greater_than_or_equal_to"]
    assert (group["field"], group["count"], group["first_lines"]) == ("fatalities", 5, [2, 3, 4, 5, 6])


def test_the_header_checks_name_the_table_and_line_1():
    from mideast_events import schema

    want = schema.field_names("events")
    problems: list = []
    validate.check_columns([c for c in want if c != "notes"], "events", problems)
    assert [(p.table, p.line, p.check, p.message) for p in problems] == \
        [("events", 1, "missing_columns", "missing columns: notes")]
    problems = []
    validate.check_columns([want[1], want[0], *want[2:]], "events", problems)  # every column, two swapped
    assert [(p.table, p.line, p.check, p.message) for p in problems] == \
        [("events", 1, "column_order", "columns are not in the schema's order")]


def test_an_unknown_engine_and_an_unknown_name_are_refused_in_words():
    with pytest.raises(UnusableInput) as e:
        validate.validate_csv(EVENTS, engine="spark")
    assert str(e.value) == "unknown engine 'spark': pandas, polars or dask (or auto)"
    with pytest.raises(AttributeError, match="^module 'mideast_events.validate' has no attribute 'no_such_thing'$"):
        validate.no_such_thing  # noqa: B018


def test_a_large_file_on_the_pandas_engine_gets_a_note(tmp_path):
    from mideast_events.validate import dispatch

    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(60_000_000)  # 60 MB (sparse: nothing is written), above the 50 MiB of a "large" file
    # auto chose pandas for a file this size only because polars is missing
    assert dispatch.engine_note(big, "pandas", "auto").startswith(
        "note: big.csv is 60 MB and polars is not installed, so the slower pandas engine checks it")
    # pandas asked for by name: the note points to the default engine
    assert dispatch.engine_note(big, "pandas", "pandas") == (
        "note: big.csv is 60 MB: the pandas engine checks it several times slower than the default (polars) "
        "engine; leave out --engine for the fast one")


def test_polars_reads_a_whole_number_written_with_a_decimal_point_as_pandas_does(tmp_path):
    """'0.0' in an integer column is the whole number 0 for pandas' reader; the polars engine's
    fast query reads plain integers only and sends such rows through its exact query."""
    events = read_strings(EVENTS)
    events.loc[0, "fatalities"] = f"{int(events.loc[0, 'fatalities'])}.0"
    events.loc[1, "fatalities"] = "1.5"  # not a whole number: a type problem on line 3, on both
    file = write_csv(events, tmp_path / "events.csv")
    pandas, polars = (validate.validate_csv(file, engine=e) for e in ("pandas", "polars"))
    assert [(p.line, p.field, p.check) for p in pandas.problems if p.check == "type"] == [(3, "fatalities", "type")]
    assert [(p.line, p.field, p.check, p.value) for p in polars.problems] == \
        [(p.line, p.field, p.check, p.value) for p in pandas.problems]


def test_a_formula_cell_in_sources_is_named_by_its_source_id(tmp_path):
    from mideast_events import schema

    sources = read_strings(ROOT / "dataset" / "sources.csv")
    [key] = schema.primary_key("sources")  # sources has no event_id_cnty: its own key names a row
    sources.loc[2, "title"] = "=HYPERLINK(1)"  # row 2: line 4
    report = validate.validate_csv(write_csv(sources, tmp_path / "sources.csv"), engine="pandas")
    [warning] = report.warnings
    assert (warning.line, warning.field, warning.event_id) == (4, "title", sources.loc[2, key])


def test_a_folder_named_as_a_csv_file_is_refused_in_one_line(tmp_path):
    folder = tmp_path / "events.csv"
    folder.mkdir()  # a folder, and no datapackage.json in it
    with pytest.raises(UnusableInput) as e:
        validate.validate_csv(folder, engine="pandas")
    assert str(e.value) == f"{folder}: is a directory, not a CSV file"
