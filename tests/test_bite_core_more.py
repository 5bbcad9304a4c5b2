"""Behaviours a sampled mutation run of the core (3 December 2026, evening) found no test for; each
test fails on the surviving mutant named beside it (expectations worked out by hand)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from mideast_events.validate import package, pandas_engine, reading, report
from mideast_events.validate.report import Problem, UnusableInput


def test_a_row_without_an_id_is_named_by_its_line_only():
    # report.Problem.where: the id in brackets only when the row has one
    assert Problem("events", 5, "notes", "isin", None, "m").where() == "events.csv line 5"
    assert Problem("events", None, None, "rows", None, "m").where() == "events.csv"
    assert Problem("events", 5, "notes", "isin", None, "m", "IRQ1").where() == "events.csv line 5 (IRQ1)"


@pytest.mark.parametrize("year, expected", [
    (1900, "February 1900 has no 29th: 1900 is not a leap year"),  # divisible by 100, not by 400
    (2023, "February 2023 has no 29th: 2023 is not a leap year"),
    (2000, None),  # divisible by 400: a leap year
    (2024, None),
])
def test_the_29th_of_february_by_the_gregorian_rule(year, expected):
    assert report.impossible_day(year, 2, 29) == expected


def test_uniqueness_messages_say_duplicate_and_only_they_do():
    one = report.message("field_uniqueness", "events", "event_id_cnty", "IRQ1")
    several = report.message("multiple_fields_uniqueness", "event_sources", "event_id_cnty", "IRQ1")
    assert one.startswith("duplicate:") and "must be unique" in one
    assert several.startswith("duplicate key:")
    assert "duplicate" not in report.message("not_nullable", "events", "actor1", None)


def test_the_bundled_package_is_validated_when_no_descriptor_is_given():
    got = package.validate_package()
    assert got.target.endswith("datapackage.json") and got.valid
    assert got.rows["events"] == len((ROOT / "dataset" / "events.csv").read_text().splitlines()) - 1


def test_the_pandas_engine_reports_a_cut_last_row_instead_of_refusing_the_file(tmp_path):
    lines = (ROOT / "dataset" / "events.csv").read_text().splitlines()
    cut = tmp_path / "events.csv"
    cut.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:40])  # the last row stops mid-way, no line break
    got = pandas_engine.validate_csv_pandas(cut)
    assert got.rows["events"] == len(lines) - 2  # the rows before the cut one
    assert [(p.line, p.check) for p in got.problems] == [(len(lines), reading.CUT_ROW_CHECK)]


def test_a_semicolon_header_is_refused_in_words(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("event_id_cnty;event_date\nIRQ1;2024-01-28\n")
    with pytest.raises(UnusableInput, match=r"x\.csv: the header is separated by semicolons \(';'\); expected commas"):
        reading.sniff_csv(path)
