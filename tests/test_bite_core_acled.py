"""ACLED layouts and conversions in-process (the mutation benchmark counts only such tests): the
first rows of real exports written back as they were, the standard layout's spellings, and the
polars profile of an export that lacks a column. Expectations come from the files themselves and
from ACLED's documentation (../shared/reference/acled-format.md)."""
from __future__ import annotations

import csv
import io
import warnings

import pytest

import mideast_events as me
from conftest import SAMPLES, read_strings, write_csv
from mideast_events import acled, validate

GAZA = SAMPLES / "MIT-Emerging-Talent_ET6-CDSP-starter__gaza_war_events.csv"  # dates re-saved as '6-Jun-25'
UKRAINE = SAMPLES / "peacerep_ukraine-map__ACLED-Ukraine.csv"  # '14/08/2020 00:00:00'
JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"  # export tool, numeric codes, R's NA
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def _head(path, rows, out):
    """The header and first ``rows`` records of a real file, written with its own line ending."""
    text = path.read_text(encoding="utf-8")
    end = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    records = list(csv.reader(io.StringIO(text, newline="")))[:rows + 1]
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end).writerows(records)
    out.write_bytes(buf.getvalue().encode("utf-8"))
    return out


@pytest.mark.parametrize("path", [GAZA, UKRAINE, JOSH], ids=["gaza", "ukraine", "josh"])
def test_the_first_rows_of_a_real_export_are_written_back_as_they_were(samples, path, tmp_path):
    part = _head(path, 60, tmp_path / path.name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", acled.AcledWarning)  # the spreadsheet dates are said to be re-saved
        events = acled.from_acled(part)
    out = acled.write_acled(events, tmp_path / "back.csv")
    assert out.read_bytes() == part.read_bytes()


def test_the_standard_layout_writes_the_spellings_asked_for():
    ours = me.load_events().head(20)
    api = acled.to_acled(ours, acled.standard_layout(codes="numeric", dates="api"))
    tool = acled.to_acled(ours, acled.standard_layout())
    types = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
             "Civilians", "External/Other forces"]  # codes 1-8 in this order (acled-format.md)
    for i, row in ours.reset_index(drop=True).iterrows():
        day = row["event_date"]
        assert api.at[i, "event_date"] == f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
        assert tool.at[i, "event_date"] == f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"
        assert api.at[i, "inter1"] == str(types.index(row["inter1"]) + 1) and tool.at[i, "inter1"] == row["inter1"]


def test_an_export_without_event_date_is_reported_alike_on_every_engine(samples, tmp_path):
    part = _head(JOSH, 60, tmp_path / JOSH.name)
    file = write_csv(read_strings(part).drop(columns=["event_date"]), tmp_path / "no_date.csv")
    for engine in ("pandas", "polars"):
        report = validate.validate_acled(file, engine)
        missing = [p for p in report.problems if p.check == "missing_columns"]
        assert [(p.line, p.message) for p in missing] == [(1, "missing ACLED columns (current layout): event_date")], engine


def test_a_rule_problem_shows_the_date_as_the_export_writes_it(samples, tmp_path):
    rows = read_strings(_head(JOSH, 60, tmp_path / JOSH.name))
    day = rows.loc[0, "event_date"]  # the export tool's "28 December 2022"
    rows.loc[0, "year"] = str(int(rows.loc[0, "year"]) - 1)
    report = validate.validate_acled(write_csv(rows, tmp_path / "year.csv"))
    [problem] = [p for p in report.problems if p.check == "year_of_event_date"]
    assert problem.line == 2 and problem.value == f"year={rows.loc[0, 'year']}; event_date={day}"
    assert problem.message.endswith(f"(expected '{day[-4:]}')")


def test_the_report_says_the_dates_were_re_saved_by_a_spreadsheet(samples, tmp_path):
    report = validate.validate_acled(_head(GAZA, 60, tmp_path / GAZA.name))
    assert "dates re-saved by a spreadsheet (d-Mon-yy)" in report.target  # '6-Jun-25': day, month, 2 digits


def test_acled_validate_acled_passes_the_engine_on(samples, tmp_path):
    part = _head(JOSH, 20, tmp_path / JOSH.name)
    assert acled.validate_acled(part).rows == {JOSH.name: 20}
    with pytest.raises(validate.UnusableInput, match="unknown engine 'spark'"):
        acled.validate_acled(part, "spark")


ASCH = SAMPLES / "AschHarwood_acled__acled.csv"  # 2016 API layout: gwno, ally_actor_1, ally_actor_2


def test_the_2016_layout_says_which_columns_it_renamed(samples, tmp_path):
    header = next(csv.reader(io.StringIO(ASCH.read_text(encoding="utf-8"))))
    old = [c for c in header if c.startswith("ally_actor_")]
    assert old == ["ally_actor_1", "ally_actor_2"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", acled.AcledWarning)
        layout = acled.from_acled(_head(ASCH, 20, tmp_path / ASCH.name)).attrs["acled_layout"]
    # ACLED renamed ally_actor_N to assoc_actor_N (acled-format.md)
    assert "renamed to today's names: ally_actor_1 -> assoc_actor_1, ally_actor_2 -> assoc_actor_2" in layout.notes
    assert layout.era == "2016"
