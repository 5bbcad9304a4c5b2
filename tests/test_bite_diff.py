"""diff in-process: the exact text, JSON and changelog of a hand-made set of edits, and every
refusal's message. The expected outputs are written out by hand from the edits made here (only
Python's own repr() and json are used to spell them), so any change to what diff reports fails."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ROOT, read_strings, run_main, write_csv
from mideast_events import diff

EVENTS = ROOT / "dataset" / "events.csv"


@pytest.fixture
def edited(tmp_path):
    """events.csv with: row 0's notes (80 characters, one not ASCII) and timestamp corrected, row 3's
    notes set to 81 characters, row 4's timestamp alone changed, row 2 removed, a copy of row 0 added
    under a new id, row 1's latitude spelt with a trailing zero (the same number), the tags column
    dropped and an empty 'extra' column added."""
    ev = read_strings(EVENTS)
    new = ev.copy()
    new.loc[0, "notes"] = "é" + "a" * 79
    new.loc[0, "timestamp"] = str(int(ev.loc[0, "timestamp"]) + 60)
    new.loc[3, "notes"] = "b" * 81
    new.loc[4, "timestamp"] = str(int(ev.loc[4, "timestamp"]) + 1)
    assert "." in ev.loc[1, "latitude"]
    new.loc[1, "latitude"] = ev.loc[1, "latitude"] + "0"
    added = new.iloc[[0]].assign(event_id_cnty="IRQ949999")
    new = pd.concat([new.drop(index=2), added]).drop(columns="tags").assign(extra="")
    return ev, write_csv(new, tmp_path / "new.csv")


def test_diff_reports_each_edit_once(edited):
    ev, new = edited
    d = diff.diff(EVENTS, new)
    ids = ev["event_id_cnty"]
    assert (d.old, d.new) == (str(EVENTS), str(new))
    assert d.added == ["IRQ949999"] and d.removed == [ids[2]]
    assert d.columns_added == ["extra"] and d.columns_removed == ["tags"]
    assert d.changed == {
        ids[0]: [("notes", ev.loc[0, "notes"], "é" + "a" * 79),
                 ("timestamp", ev.loc[0, "timestamp"], str(int(ev.loc[0, "timestamp"]) + 60))],
        ids[3]: [("notes", ev.loc[3, "notes"], "b" * 81)],
        ids[4]: [("timestamp", ev.loc[4, "timestamp"], str(int(ev.loc[4, "timestamp"]) + 1))],
    }  # row 1's latitude is the same number however it is spelt: not a change
    assert d.notes == [] and not d.empty


def _short(v: str) -> str:
    """How the text report shows a value, by hand: up to 80 characters whole, else 77 and '...'."""
    return repr(v) if len(v) <= 80 else repr(v[:77] + "...")


def test_diff_text_report(edited):
    ev, new = edited
    ids, ts0, ts4 = ev["event_id_cnty"], ev.loc[0, "timestamp"], ev.loc[4, "timestamp"]
    assert len(ev.loc[0, "notes"]) > 80  # the old notes are shortened
    assert diff.diff(EVENTS, new).to_text() == "\n".join([
        f"{EVENTS} -> {new}: 1 added, 3 changed, 1 removed",
        "columns added: extra",
        "columns removed: tags",
        "+ IRQ949999",
        f"- {ids[2]}",
        f"~ {ids[0]}",
        f"    notes: {_short(ev.loc[0, 'notes'])} -> '{'é' + 'a' * 79}'",
        f"    timestamp: '{ts0}' -> '{int(ts0) + 60}'",
        f"~ {ids[3]}",
        f"    notes: {_short(ev.loc[3, 'notes'])} -> '{'b' * 77}...'",
        f"~ {ids[4]}",
        f"    timestamp: '{ts4}' -> '{int(ts4) + 1}'",
    ])


def test_diff_json_report(edited):
    ev, new = edited
    ids = ev["event_id_cnty"]
    text = diff.diff(EVENTS, new).to_json()
    assert text.startswith('{\n  "old": ')  # indented by two, keys in this order
    assert '"é' in text  # written as UTF-8, not \\u escapes
    doc = json.loads(text)
    assert list(doc) == ["old", "new", "added", "removed", "changed", "columns_added", "columns_removed", "notes"]
    assert doc["old"] == str(EVENTS) and doc["new"] == str(new)
    assert doc["added"] == ["IRQ949999"] and doc["removed"] == [ids[2]]
    assert doc["columns_added"] == ["extra"] and doc["columns_removed"] == ["tags"] and doc["notes"] == []
    assert doc["changed"][ids[3]] == [{"field": "notes", "old": ev.loc[3, "notes"], "new": "b" * 81}]
    assert list(doc["changed"]) == [ids[0], ids[3], ids[4]]


def test_diff_changelog_section(edited):
    ev, new = edited
    ids = ev["event_id_cnty"]
    assert diff.diff(EVENTS, new).to_changelog() == (
        "### Data\n\n"
        "#### Added\n\n- `IRQ949999`\n\n"
        f"#### Corrected\n\n- `{ids[0]}`: notes\n- `{ids[3]}`: notes\n- `{ids[4]}`: timestamp\n\n"
        f"#### Removed\n\n- `{ids[2]}`\n\n"
        "#### Columns\n\n- added `extra`\n- removed `tags`\n"
    )


def test_diff_changelog_of_no_change_and_of_additions_only(tmp_path):
    assert diff.diff(EVENTS, EVENTS).to_changelog() == "### Data\n\nNo data changes.\n"
    ev = read_strings(EVENTS)
    only_added = write_csv(pd.concat([ev, ev.iloc[[5]].assign(event_id_cnty="IRQ949998")]), tmp_path / "a.csv")
    assert diff.diff(EVENTS, only_added).to_changelog() == "### Data\n\n#### Added\n\n- `IRQ949998`\n"
    only_removed = write_csv(ev.drop(index=[5, 6]), tmp_path / "r.csv")
    ids = ev["event_id_cnty"]
    assert diff.diff(EVENTS, only_removed).to_changelog() == \
        f"### Data\n\n#### Removed\n\n- `{ids[5]}`\n- `{ids[6]}`\n"


def test_diff_reads_a_descriptor_file_and_upper_case_headers(tmp_path):
    assert diff.diff(ROOT / "dataset" / "datapackage.json", EVENTS).empty
    upper = write_csv(read_strings(EVENTS).rename(columns=str.upper), tmp_path / "upper.csv")
    assert diff.diff(EVENTS, upper).empty


def test_diff_compares_an_unconvertible_value_as_empty(tmp_path):
    ev = read_strings(EVENTS)
    new = ev.copy()
    new.loc[0, "event_date"] = "31-12-19"  # a spreadsheet's rewrite: not an ACLED date
    d = diff.diff(EVENTS, write_csv(new, tmp_path / "bad.csv"))
    assert d.changed == {ev.loc[0, "event_id_cnty"]: [("event_date", ev.loc[0, "event_date"], None)]}
    assert d.notes == ["bad.csv: 1 value(s) could not be converted and compare as empty"]


def test_diff_of_a_living_file_without_timestamps_keeps_the_last_row(tmp_path):
    ev = read_strings(EVENTS).drop(columns="timestamp")
    update = ev.iloc[[0]].assign(notes="Corrected notes.")
    both = write_csv(pd.concat([ev, update]), tmp_path / "living.csv")
    d = diff.diff(write_csv(ev, tmp_path / "old.csv"), both)
    first = ev.loc[0, "event_id_cnty"]
    assert d.changed == {first: [("notes", ev.loc[0, "notes"], "Corrected notes.")]}
    assert d.notes == ["living.csv: 2 rows share an event id; the newest row of each is compared"]


def test_diff_of_a_living_file_with_an_unreadable_timestamp_still_compares(tmp_path):
    ev = read_strings(EVENTS)
    twin = ev.iloc[[0]].assign(timestamp="soon")  # not a number: no traceback, the rows still compare
    d = diff.diff(EVENTS, write_csv(pd.concat([ev, twin]), tmp_path / "living.csv"))
    assert not d.added and not d.removed and set(d.changed) <= {ev.loc[0, "event_id_cnty"]}
    assert d.notes == ["living.csv: 2 rows share an event id; the newest row of each is compared"]


@pytest.mark.parametrize("make, message", [
    (lambda t: write_csv(read_strings(EVENTS).drop(columns="event_id_cnty"), t / "nokey.csv"),
     "nokey.csv: no event_id_cnty column; cannot tell events apart"),
    (lambda t: (t / "empty.csv").write_text("") and t / "empty.csv" or t / "empty.csv",
     "empty.csv: the file is empty"),
    (lambda t: (t / "pkg").mkdir() or (t / "pkg" / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "sources", "path": "sources.csv"}]})) and t / "pkg",
     "datapackage.json: the package has no events resource"),
])
def test_diff_refuses_unusable_input_in_one_line(tmp_path, make, message):
    path = make(tmp_path)
    code, out, err = run_main("diff", str(EVENTS), str(path))
    assert code == 2 and out == ""
    assert err.startswith("mideast-events: error: ") and err.rstrip().endswith(message), err
    assert err.count("\n") == 1


def test_diff_lists_several_columns_and_fields_comma_separated(tmp_path):
    ev = read_strings(EVENTS)
    new = ev.drop(columns=["tags", "admin3"]).assign(extra="", more="")
    new.loc[0, "notes"] = "Corrected notes."
    new.loc[0, "location"] = "Elsewhere"
    d = diff.diff(EVENTS, write_csv(new, tmp_path / "new.csv"))
    first = ev.loc[0, "event_id_cnty"]
    text = d.to_text().splitlines()
    assert text[1:3] == ["columns added: extra, more", "columns removed: admin3, tags"]
    assert f"- `{first}`: location, notes" in d.to_changelog().splitlines()


def test_changelog_lists_columns_added_alone(tmp_path):
    new = write_csv(read_strings(EVENTS).assign(extra=""), tmp_path / "new.csv")
    assert diff.diff(EVENTS, new).to_changelog() == "### Data\n\n#### Columns\n\n- added `extra`\n"
    old = write_csv(read_strings(EVENTS).assign(extra=""), tmp_path / "old.csv")
    assert diff.diff(old, EVENTS).to_changelog() == "### Data\n\n#### Columns\n\n- removed `extra`\n"


def test_diff_of_a_living_file_keeps_the_later_of_two_rows_with_one_timestamp(tmp_path):
    # every event twice, with the same timestamp: the later row of the file is the newer one
    ev = read_strings(EVENTS)
    later = ev.assign(notes=["Revised: " + n for n in ev["notes"]])
    d = diff.diff(EVENTS, write_csv(pd.concat([ev, later]), tmp_path / "living.csv"))
    assert sorted(d.changed) == sorted(ev["event_id_cnty"])
    assert all(c == [("notes", o, "Revised: " + o)] for c, o in zip(
        (d.changed[i] for i in ev["event_id_cnty"]), ev["notes"]))


def test_diff_refuses_a_file_that_is_not_r_data(tmp_path):
    pytest.importorskip("pyreadr")
    bad = tmp_path / "events.rda"
    bad.write_bytes(b"this is not an R data file\n")
    code, out, err = run_main("diff", str(EVENTS), str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"mideast-events: error: {bad}: cannot read as an R data file"), err
