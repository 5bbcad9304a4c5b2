"""Behaviours a probe of small deliberate bugs found unguarded (issue 20). Each test here fails
on the bug it names; the expectations are worked out by hand from the data files, ACLED's date
format and the calendar, never by calling the code under test a second time. The tests run the
code in-process, so the mutation benchmark (benchmarks/mutation.py) counts them."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

import mideast_events as me
from conftest import ROOT, SAMPLES, read_strings, run_main, write_csv
from mideast_events import build, diff

EVENTS = ROOT / "dataset" / "events.csv"
JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"  # ACLED export tool: "28 December 2022"


# ------------------------------------------------------------------ build: cross-table checks


def _dataset_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "dataset").iterdir() if p.is_file()}


def test_build_refuses_an_event_without_sources(repo_copy):
    # Every table is valid on its own; only the cross-table rule "every event has a source" fails.
    es_file = repo_copy / "dataset" / "event_sources.csv"
    events = read_strings(repo_copy / "dataset" / "events.csv")
    es = read_strings(es_file)
    victim = es["event_id_cnty"].iloc[0]
    write_csv(es[es["event_id_cnty"] != victim], es_file)
    before = _dataset_bytes(repo_copy)
    line = int(events.index[events["event_id_cnty"] == victim][0]) + 2  # header is line 1
    with pytest.raises(build.BuildRefused) as refused:
        build.build(repo_copy)
    found = {(p.table, p.line, p.check) for p in refused.value.report.problems}
    assert ("events", line, "event_has_source") in found
    assert _dataset_bytes(repo_copy) == before  # nothing published, nothing half-written


def test_build_refuses_a_broken_foreign_key(repo_copy):
    es_file = repo_copy / "dataset" / "event_sources.csv"
    es = read_strings(es_file)
    known = set(read_strings(repo_copy / "dataset" / "sources.csv")["source_id"])
    unknown = next(f"S{n}" for n in range(9999, 0, -1) if f"S{n}" not in known)
    es.loc[0, "source_id"] = unknown
    write_csv(es, es_file)
    with pytest.raises(build.BuildRefused) as refused:
        build.render(repo_copy)
    fk = [p for p in refused.value.report.problems if p.check == "foreign_key"]
    assert [(p.table, p.line, p.field, p.value) for p in fk] == [("event_sources", 2, "source_id", unknown)]
    assert build.check() == []  # the bundled package itself is untouched by the refusal


# ------------------------------------------------------------------ ACLED dates: the calendar


@pytest.mark.parametrize("engine", ["pandas", "polars"])
@pytest.mark.parametrize(("day", "why"), [("30 February 2022", "February has no 30th"),
                                         ("29 February 2023", "February 2023 has no 29th: 2023 is not a leap year"),
                                         ("31 April 2022", "April has no 31st")])
def test_an_impossible_acled_date_is_reported_on_its_line(samples, tmp_path, engine, day, why):
    # ACLED's export tool writes "DD Month YYYY"; none of these is a day of the calendar
    # (2023 is not a leap year; April has 30 days). Both engines report the cell as ACLED wrote it.
    if engine == "polars":
        pytest.importorskip("polars")
    frame = read_strings(JOSH)
    frame.loc[2, "event_date"] = day
    path = write_csv(frame, tmp_path / "impossible.csv")
    code, out, err = run_main("validate", "--engine", engine, "--profile", "acled", "--json", str(path))
    assert code == 1, err
    report = json.loads(out)
    assert "Traceback" not in err and "internal error" not in err
    dates = [p for p in report["problems"] if p["field"] == "event_date"]
    assert [(p["line"], p["value"]) for p in dates] == [(4, day)]
    assert dates[0]["message"] == f"not a real date ({why})"  # written as ACLED writes dates, but impossible


def test_a_leap_day_is_a_real_acled_date(samples, tmp_path):
    # 2024 is a leap year (divisible by 4, not by 100): 29 February 2024 is accepted.
    frame = read_strings(JOSH)
    frame.loc[2, "event_date"] = "29 February 2024"
    frame.loc[2, "year"] = "2024"
    path = write_csv(frame, tmp_path / "leap.csv")
    code, out, err = run_main("validate", "--profile", "acled", "--json", str(path))
    assert code in (0, 1) and "Traceback" not in err, err
    report = json.loads(out)
    assert not [p for p in report["problems"] if p["field"] == "event_date"], report["problems"]


# ------------------------------------------------------------------ extract: named days


@pytest.mark.parametrize("sentence, published, expected", [
    # the latest such day on or before publication, worked out on a calendar
    ("The drone struck on Christmas Day.", dt.date(2023, 12, 25), dt.date(2023, 12, 25)),  # same day
    ("The drone struck on Christmas Day.", dt.date(2024, 1, 2), dt.date(2023, 12, 25)),
    ("The drone struck on Christmas Day.", dt.date(2023, 12, 24), dt.date(2022, 12, 25)),  # not yet this year
    ("Rockets fell on New Year's Day.", dt.date(2024, 1, 1), dt.date(2024, 1, 1)),
    ("Rockets fell on New Year's Day.", dt.date(2024, 3, 10), dt.date(2024, 1, 1)),
    ("Rockets fell on New Year's Eve.", dt.date(2024, 1, 1), dt.date(2023, 12, 31)),
])
def test_a_named_day_falls_in_the_right_year(sentence, published, expected):
    pytest.importorskip("dateparser")
    from mideast_events.extract import dates

    found = [m for m in dates.find(sentence, published) if m.rule == "named day"]
    assert [(m.date, m.precision) for m in found] == [(expected, 1)]


# ------------------------------------------------------------------ diff: empty versus a value


def test_diff_counts_an_emptied_or_filled_in_value_as_a_change(tmp_path):
    ev = read_strings(EVENTS)
    used: list[int] = []

    def row(mask: pd.Series) -> int:  # a different event for each change
        used.append(next(i for i in ev.index[mask] if i not in used))
        return used[-1]

    a = row(ev["admin2"] != "")            # text emptied
    b = row(ev["admin3"] == "")            # text filled in
    c = row(ev["injuries"] == "")          # number filled in, with a zero
    d = row(ev["munitions_low"] != "")     # number emptied
    new = ev.copy()
    new.loc[a, "admin2"] = ""
    new.loc[b, "admin3"] = "Somewhere"
    new.loc[c, "injuries"] = "0"
    new.loc[d, "munitions_low"] = ""
    result = diff.diff(EVENTS, write_csv(new, tmp_path / "events.csv"))
    ids = ev["event_id_cnty"]
    assert result.changed == {
        ids[a]: [("admin2", ev.loc[a, "admin2"], None)],
        ids[b]: [("admin3", None, "Somewhere")],
        ids[c]: [("injuries", None, "0")],
        ids[d]: [("munitions_low", ev.loc[d, "munitions_low"], None)],
    }
    assert not result.added and not result.removed and not result.empty
    as_json = json.loads(result.to_json())["changed"]
    assert as_json[ids[a]] == [{"field": "admin2", "old": ev.loc[a, "admin2"], "new": None}]
    assert f"    admin3: (empty) -> 'Somewhere'" in result.to_text()


def test_diff_of_a_file_with_itself_is_empty_although_it_has_blanks():
    ev = read_strings(EVENTS)
    assert (ev == "").any().any()  # blanks on both sides must compare equal
    result = diff.diff(EVENTS, EVENTS)
    assert result.empty and result.changed == {}
    assert result.to_text().splitlines()[0].endswith(": 0 added, 0 changed, 0 removed")


# ------------------------------------------------------------------ load.path: no way out


@pytest.mark.parametrize("name", [
    "../pyproject.toml",        # exists, one folder up
    "../x", "../../etc/passwd", "/etc/passwd", "..", ".", "",
    "sub/../events.csv", "events.csv/..", "..\\pyproject.toml", "events\0.csv",
])
def test_path_refuses_names_that_leave_the_dataset_folder(name):
    with pytest.raises(ValueError, match="not a bundled file name"):
        me.path(name)


def test_path_still_finds_every_bundled_file():
    folder = me.path("datapackage.json").parent
    for f in folder.iterdir():
        if f.is_file():
            assert me.path(f.name) == folder / f.name
    assert me.path("events") == folder / "events.csv"
    with pytest.raises(FileNotFoundError, match="available: .*events.csv"):
        me.path("events.xlsx")
