"""ACLED's file layouts on a fresh clone: synthetic files made from this project's own events (no
ACLED data: its terms keep real exports out of the repository) in each layout the real_samples set
covers with real exports: numeric codes with NA blanks, text labels, the 2019-2020 columns, UPPERCASE
monadic files, unpadded and API dates, and a date a spreadsheet damaged. Each is read in, written
back byte for byte, and checked by `validate --profile acled` on the pandas and polars engines."""
from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pycountry
import pytest

import mideast_events as me
from conftest import run_cli
from mideast_events import acled


def _base() -> pd.DataFrame:
    """Our events as ACLED's export tool writes them with number codes, all cells as text."""
    cells = acled.to_acled(me.load_events(), codes="numeric")
    return cells.astype(object).where(cells.notna(), None)


def _old_2019(f: pd.DataFrame) -> pd.DataFrame:
    f = f.drop(columns=["disorder_type", "civilian_targeting", "tags"])
    f.insert(0, "data_id", [str(9100000 + i) for i in range(len(f))])
    f.insert(3, "event_id_no_cnty", f["event_id_cnty"].str[3:])
    f["iso3"] = [pycountry.countries.get(numeric=f"{int(n):03d}").alpha_3 for n in f["iso"]]
    return f


def _upper_monadic(f: pd.DataFrame) -> pd.DataFrame:
    f = f.drop(columns=["actor2", "assoc_actor_2", "inter2"])
    f["population_best"] = None  # a column the API adds
    return f.rename(columns=str.upper)


LAYOUTS: dict[str, tuple[Callable[[pd.DataFrame], pd.DataFrame], str]] = {
    "numeric codes, NA blanks": (lambda f: f, "NA"),
    "text labels": (lambda f: acled.to_acled(me.load_events(), codes="text").astype(object), ""),
    "2019-2020 columns": (_old_2019, "NA"),
    "UPPERCASE monadic": (_upper_monadic, "NA"),
    "unpadded dates": (lambda f: f.assign(event_date=f["event_date"].str.lstrip("0")), "NA"),
    "API dates": (lambda f: acled.to_acled(me.load_events(), codes="numeric", dates="api").astype(object), ""),
}


def _write(tmp_path: Path, name: str) -> Path:
    edit, na = LAYOUTS[name]
    frame = edit(_base())
    out = tmp_path / (name.replace(" ", "_").replace(",", "") + ".csv")
    out.write_text(acled.acled_csv(frame.where(frame.notna(), None), na=na), encoding="utf-8")
    return out


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_each_layout_round_trips_and_validates_on_both_engines(tmp_path, name):
    path = _write(tmp_path, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", acled.AcledWarning)
        events = acled.from_acled(path)
    layout = events.attrs["acled_layout"]
    assert not layout.unplaced
    assert acled.acled_csv(acled.to_acled(events), na=layout.na) == path.read_text(encoding="utf-8")
    assert len(events) == len(me.load_events())
    reports = []
    for engine in ("pandas", "polars"):
        proc = run_cli("validate", "--profile", "acled", "--engine", engine, "--json", str(path))
        assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
        reports.append((proc.returncode, json.loads(proc.stdout)))
    (code, pandas_report), (_, polars_report) = reports
    assert reports[0][0] == reports[1][0] and pandas_report["counts"] == polars_report["counts"]
    if name in ("numeric codes, NA blanks", "text labels", "unpadded dates", "API dates"):
        assert code == 0, pandas_report["problems"][:5]  # our own events, in ACLED's current columns


def test_layouts_are_told_apart(tmp_path):
    old = acled.from_acled(_write(tmp_path, "2019-2020 columns")).attrs["acled_layout"]
    assert old.era == "2019-2020" and old.codes == "numeric" and old.na == "NA"
    assert any("disorder_type, civilian_targeting, tags" in n for n in old.notes)
    mono = acled.from_acled(_write(tmp_path, "UPPERCASE monadic")).attrs["acled_layout"]
    assert mono.monadic
    unpadded = acled.from_acled(_write(tmp_path, "unpadded dates")).attrs["acled_layout"]
    assert unpadded.day_padded is False and unpadded.dates == "export"
    text = acled.from_acled(_write(tmp_path, "text labels")).attrs["acled_layout"]
    assert text.codes == "text" and text.na == ""
    api = acled.from_acled(_write(tmp_path, "API dates")).attrs["acled_layout"]
    assert api.dates == "api" and api.codes == "numeric"


def test_numeric_and_text_exports_of_the_same_events_do_not_differ(tmp_path):
    proc = run_cli("diff", str(_write(tmp_path, "numeric codes, NA blanks")), str(_write(tmp_path, "text labels")))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].endswith(": 0 added, 0 changed, 0 removed")


def test_a_date_damaged_by_a_spreadsheet_is_reported_on_its_line(tmp_path):
    frame = _base()
    day = pd.Timestamp(me.load_events().loc[4, "event_date"])
    frame.loc[4, "event_date"] = f"{day.day}-{day:%b}-{day:%y}"  # the same day, as a spreadsheet rewrites it
    path = tmp_path / "damaged.csv"
    path.write_text(acled.acled_csv(frame, na="NA"), encoding="utf-8")
    with pytest.raises(acled.AcledError, match="spreadsheet"):
        acled.from_acled(path)
    proc = run_cli("validate", "--profile", "acled", "--json", str(path))
    assert proc.returncode == 1, proc.stderr
    bad = [p for p in json.loads(proc.stdout)["problems"] if p["field"] == "event_date"]
    assert [(p["line"], p["value"]) for p in bad] == [(6, frame.loc[4, "event_date"])]
    assert "spreadsheet" in bad[0]["message"]
