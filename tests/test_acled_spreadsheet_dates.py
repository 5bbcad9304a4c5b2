"""Real ACLED files whose every date a spreadsheet re-saved (Gaza: '6-Jun-25'; Ukraine: '14/08/2020
00:00:00'): read exactly, written back as they were, repaired on request, still reported by the
validator; and refused in one sentence where the file cannot tell the date exactly."""
from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from conftest import run_cli
from mideast_events import acled

GAZA = "MIT-Emerging-Talent_ET6-CDSP-starter__gaza_war_events.csv"
UKRAINE = "peacerep_ukraine-map__ACLED-Ukraine.csv"
STYLES = {GAZA: "d-Mon-yy", UKRAINE: "dd/mm/yyyy 00:00:00"}


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", acled.AcledWarning)
        events = acled.from_acled(path)
    return events, [str(w.message) for w in caught]


@pytest.mark.parametrize("name", sorted(STYLES))
def test_dates_are_read_exactly(samples, name):
    events, said = _read(samples / name)
    layout = events.attrs["acled_layout"]
    assert layout.dates == STYLES[name]
    assert any("re-saved by a spreadsheet" in w and STYLES[name] in w for w in said)
    assert events["event_date"].notna().all()
    assert (events["event_date"].dt.year == events["year"]).all()
    # ACLED's notes open with the day in words ("On 6 June 2025, ..."): an independent witness
    said_day = events["notes"].str.extract(r"^On (?:or around )?(\d{1,2} [A-Z][a-z]+ \d{4})")[0]
    witnessed = said_day.notna()
    assert witnessed.mean() > 0.9
    assert (pd.to_datetime(said_day[witnessed], format="%d %B %Y") == events.loc[witnessed, "event_date"]).all()


@pytest.mark.parametrize("name", sorted(STYLES))
def test_round_trip_writes_the_same_bytes(samples, name, tmp_path):
    path, out = samples / name, tmp_path / "back.csv"
    proc = run_cli("export", "--format", "acled", "--events", str(path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "re-saved by a spreadsheet" in proc.stderr
    assert out.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("name", sorted(STYLES))
def test_export_dates_repairs_and_the_validator_still_reports(samples, name, tmp_path):
    path, out = samples / name, tmp_path / "repaired.csv"
    proc = run_cli("export", "--format", "acled", "--dates", "export", "--events", str(path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    events, _ = _read(path)
    written = pd.read_csv(out, dtype=str, keep_default_na=False)["event_date"]
    assert written.tolist() == events["event_date"].dt.strftime("%d %B %Y").tolist()

    def date_problems(file):
        report = json.loads(run_cli("validate", "--profile", "acled", "--json", str(file)).stdout)
        return sum(int(p.get("count", 1)) for p in report["problems"] if p["field"] == "event_date")

    assert date_problems(path) == len(events)  # the file as it is: every date reported
    assert date_problems(out) == 0


def _variant(samples, tmp_path, name, edit):
    frame = pd.read_csv(samples / name, dtype=str, keep_default_na=False)
    frame = edit(frame)
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_a_year_that_does_not_give_the_century_is_refused(samples, tmp_path):
    def edit(frame):
        frame.loc[7, "year"] = "2019"  # its date says 24 or 25
        return frame
    path = _variant(samples, tmp_path, GAZA, edit)
    with pytest.raises(acled.AcledError, match="century is lost"):
        acled.from_acled(path)
    proc = run_cli("export", "--format", "acled", "--events", str(path), "--out", str(tmp_path / "x.csv"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert [line for line in proc.stderr.splitlines() if "error:" in line][0].count("century") == 1
    assert not (tmp_path / "x.csv").exists()


def test_day_and_month_that_cannot_be_told_apart_are_refused(samples, tmp_path):
    # only the rows whose both numbers are 12 or less: nothing says which one is the day
    def edit(frame):
        parts = frame["event_date"].str.extract(r"^(\d\d)/(\d\d)/")
        return frame[(parts[0].astype(int) <= 12) & (parts[1].astype(int) <= 12)]
    path = _variant(samples, tmp_path, UKRAINE, edit)
    with pytest.raises(acled.AcledError, match="do not tell the day from the month"):
        acled.from_acled(path)


def test_month_first_files_are_read_month_first(samples, tmp_path):
    # the same file written month first (as a US spreadsheet would): the same days come out
    def edit(frame):
        parts = frame["event_date"].str.extract(r"^(\d\d)/(\d\d)/(.*)$")
        return frame.assign(event_date=parts[1] + "/" + parts[0] + "/" + parts[2])
    path = _variant(samples, tmp_path, UKRAINE, edit)
    events, _ = _read(path)
    original, _ = _read(samples / UKRAINE)
    assert events.attrs["acled_layout"].dates == "mm/dd/yyyy 00:00:00"
    assert events["event_date"].tolist() == original["event_date"].tolist()
    assert acled.acled_csv(acled.to_acled(events)) == path.read_text(encoding="utf-8")
