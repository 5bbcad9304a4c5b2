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
from conftest import run_main
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
        proc = run_main("validate", "--profile", "acled", "--engine", engine, "--json", str(path))
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
    proc = run_main("diff", str(_write(tmp_path, "numeric codes, NA blanks")), str(_write(tmp_path, "text labels")))
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
    proc = run_main("validate", "--profile", "acled", "--json", str(path))
    assert proc.returncode == 1, proc.stderr
    bad = [p for p in json.loads(proc.stdout)["problems"] if p["field"] == "event_date"]
    assert [(p["line"], p["value"]) for p in bad] == [(6, frame.loc[4, "event_date"])]
    assert "spreadsheet" in bad[0]["message"]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_export_keeps_the_input_layout(tmp_path, name):
    """`export --format acled --events FILE` writes the file's own layout back: era, columns, order,
    codes, date style and missing-value token; and what it writes validates as the input does."""
    path = _write(tmp_path, name)
    out = tmp_path / "back.csv"
    proc = run_main("export", "--format", "acled", "--events", str(path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == path.read_bytes()
    reports = [sorted((p["check"], p["line"], p["field"], p["value"]) for p in
                      json.loads(run_main("validate", "--profile", "acled", "--json", str(f)).stdout)["problems"])
               for f in (path, out)]
    assert reports[0] == reports[1]


def test_missing_codes_stay_missing(tmp_path):
    """A numeric file's empty interaction stays empty (was the text 'nan'); an empty inter2 stays empty
    (was '0'), beside an actor2 or without one, while the file's other rows keep their 0."""
    frame = _base()
    no_actor2 = frame.index[frame["actor2"].isna()]
    with_actor2 = frame.index[frame["actor2"].notna()]
    assert len(no_actor2) > 1 and len(with_actor2) > 0
    frame.loc[with_actor2[0], "interaction"] = None
    frame.loc[with_actor2[0], "inter2"] = None
    frame.loc[no_actor2[0], "inter2"] = None
    path = tmp_path / "gaps.csv"
    path.write_text(acled.acled_csv(frame, na="NA"), encoding="utf-8")
    proc = run_main("export", "--format", "acled", "--events", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == path.read_text(encoding="utf-8")
    assert "nan" not in proc.stdout.split(",")


def test_hdx_hashtag_line_and_crlf_round_trip_and_are_skipped(tmp_path):
    """HDX's copies put a hashtag line under the header (#event+code, #date+occurred...) and end lines
    with CRLF: the line is no data row (lines are still the file's), and the file comes back as it was."""
    frame = _old_2019(_base())
    tags = {"event_id_cnty": "#event+code", "event_date": "#date+occurred", "iso3": "#country+code"}
    hxl = ",".join(tags.get(c, "") for c in frame.columns)
    lines = acled.acled_csv(frame, na="").split("\n")
    path = tmp_path / "hdx.csv"
    path.write_bytes("\r\n".join([lines[0], hxl, *lines[1:]]).encode("utf-8"))
    out = tmp_path / "back.csv"
    proc = run_main("export", "--format", "acled", "--events", str(path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == path.read_bytes()
    damaged = path.read_text(encoding="utf-8").replace(frame.loc[3, "event_id_cnty"] + ",", "X1,", 1)
    path.write_text(damaged, encoding="utf-8", newline="")
    for engine in ("pandas", "polars", "dask"):
        proc = run_main("validate", "--profile", "acled", "--engine", engine, "--json", str(path))
        report = json.loads(proc.stdout)
        assert "HDX hashtag line 2 skipped" in report["target"]
        assert {(p["line"], p["field"]) for p in report["problems"]} == {(6, "event_id_cnty")}, report["problems"]


def test_ucdp_ged_is_refused_on_every_engine(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text("id,relid,year,type_of_violence,side_a,side_b,best,high,low,where_prec,date_prec\n"
                    "1,X-1,2019,1,Government of Indonesia,OPM,2,2,2,1,1\n", encoding="utf-8")
    for engine in ("pandas", "polars", "dask"):
        proc = run_main("validate", "--profile", "acled", "--engine", engine, str(path))
        assert proc.returncode == 2 and "not an ACLED export: looks like UCDP GED" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    proc = run_main("export", "--format", "acled", "--events", str(path))
    assert proc.returncode == 2 and "looks like UCDP GED" in proc.stderr


def _monadic(f: pd.DataFrame) -> pd.DataFrame:
    """ACLED's monadic shape: actor2's columns dropped, each event once per actor (actor2 as actor1)."""
    rows = []
    for _, r in f.iterrows():
        one = r.drop(["actor2", "assoc_actor_2", "inter2"])
        rows.append(one)
        if pd.notna(r["actor2"]):
            other = one.copy()
            other[["actor1", "assoc_actor_1", "inter1"]] = [r["actor2"], r["assoc_actor_2"], r["inter2"]]
            rows.append(other)
    out = pd.DataFrame(rows).reset_index(drop=True)
    return out.astype(object).where(out.notna(), None)


def test_monadic_file_is_checked_as_monadic(tmp_path):
    """One row per actor: the event id repeats by design (no "duplicate" on every row); the key is
    (event_id_cnty, actor1); an event's rows share its interaction, which names each row's inter1."""
    frame = _monadic(_base())
    assert frame["event_id_cnty"].duplicated().sum() > 10
    path = tmp_path / "monadic.csv"
    path.write_text(acled.acled_csv(frame, na=""), encoding="utf-8")
    out = tmp_path / "back.csv"
    assert run_main("export", "--format", "acled", "--events", str(path), "--out", str(out)).returncode == 0
    assert out.read_bytes() == path.read_bytes()
    pair = frame.index[frame["event_id_cnty"].duplicated(keep=False)][:4]  # two events, two rows each
    assert frame.loc[pair[0], "event_id_cnty"] == frame.loc[pair[1], "event_id_cnty"]
    bad = frame.copy()
    bad.loc[pair[1], "interaction"] = "13"                       # not shared, and inter1 not in it
    bad.loc[pair[3], "actor1"] = bad.loc[pair[2], "actor1"]      # the same actor twice in one event
    bad_path = tmp_path / "monadic_bad.csv"
    bad_path.write_text(acled.acled_csv(bad, na=""), encoding="utf-8")
    line = {i: int(i) + 2 for i in pair}
    expected = {("monadic_interaction_shared", line[pair[0]]), ("monadic_interaction_shared", line[pair[1]]),
                ("monadic_inter1_in_interaction", line[pair[1]]),
                ("monadic_key", line[pair[2]]), ("monadic_key", line[pair[3]])}
    for engine in ("pandas", "polars"):
        proc = run_main("validate", "--profile", "acled", "--engine", engine, "--json", str(path))
        assert proc.returncode == 0, proc.stdout[:500]
        assert "monadic" in json.loads(proc.stdout)["target"]
        proc = run_main("validate", "--profile", "acled", "--engine", engine, "--json", str(bad_path))
        assert {(p["check"], p["line"]) for p in json.loads(proc.stdout)["problems"]} == expected


def _problems(path: Path, engine: str, *args: str) -> set[tuple]:
    proc = run_main("validate", *args, "--engine", engine, "--json", str(path))
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    return {(p["check"], p["field"], p["line"]) for p in json.loads(proc.stdout)["problems"]}


def test_empty_admin1_is_acleds_coding_only_at_sea(tmp_path):
    """ACLED leaves admin1 (and admin2) empty on the open sea: the ACLED profile accepts an empty admin1
    exactly where admin2 is empty too (geo.at_sea); on land it is still reported (rule
    admin1_missing_only_at_sea), in our own dataset too."""
    frame = _base()
    on_land = [i for i in frame.index if frame.at[i, "admin2"] not in (None, "") and pd.notna(frame.at[i, "admin2"])]
    sea, land = on_land[0], on_land[1]
    frame.loc[sea, ["admin1", "admin2", "admin3"]] = None  # at sea
    frame.loc[land, "admin1"] = None                       # admin2 filled: on land, admin1 missing
    path = tmp_path / "sea.csv"
    path.write_text(acled.acled_csv(frame, na=""), encoding="utf-8")
    for engine in ("pandas", "polars"):
        assert {(c, ln) for c, _f, ln in _problems(path, engine, "--profile", "acled")} == \
            {("admin1_missing_only_at_sea", land + 2)}
    # our own dataset: the same rule on a land row (admin2 filled), whatever the theatre
    ours = me.load_events()
    ours["admin1"] = ours["admin1"].astype(object)
    i = ours.index[ours["admin2"].notna()][0]
    ours.loc[i, "admin1"] = None
    assert ("admin1_missing_only_at_sea", i + 2) in {(p.check, p.line)
                                                     for p in me.validate.validate_dataframe(ours).problems}


def _era_2016(f: pd.DataFrame) -> pd.DataFrame:
    """The 2016 API layout (its columns, alphabetical, ally_actor_*, gwno, data_id), older event types."""
    from mideast_events import conventions

    f = f.rename(columns={"assoc_actor_1": "ally_actor_1", "assoc_actor_2": "ally_actor_2"})
    f["gwno"] = "645"
    f["data_id"] = [str(1000 + i) for i in range(len(f))]
    f["event_id_no_cnty"] = f["event_id_cnty"].str[3:]
    f["event_type"] = "Remote violence"
    return f[list(conventions.era_columns("2016"))]


def test_2016_files_are_judged_by_their_eras_rules(tmp_path):
    """A 2016 file: real-time ids (8188RTA), that era's event types and its coding of force against
    protesters (Violence against civilians, protesters on either side) pass; a value no era has fails."""
    frame = _era_2016(_base())
    frame.loc[1, "event_id_cnty"] = "8188RTA"
    frame.loc[2, "event_type"] = "Riots/Protests"
    frame.loc[3, ["event_type", "inter1", "actor2", "inter2", "interaction"]] = \
        ["Violence against civilians", "1", "Protesters (Iraq)", "6", "16"]
    frame.loc[4, "event_type"] = "Explosions"           # not an event type of 2016
    frame.loc[6, "event_id_cnty"] = "IRQ-12"            # no era's id
    path = tmp_path / "2016.csv"
    path.write_text(acled.acled_csv(frame, na=""), encoding="utf-8")
    for engine in ("pandas", "polars"):
        found = _problems(path, engine, "--profile", "acled")
        assert found == {("isin", "event_type", 6), ("str_matches", "event_id_cnty", 8)}, found
