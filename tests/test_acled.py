"""ACLED interoperability on real ACLED files: every layout in, the same bytes out."""
from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import mideast_events as me
from mideast_events import acled, schema
from conftest import SAMPLES, read_strings

JOSH = SAMPLES / "JoshMerfeld_saereplication__acled.csv"    # export tool, numeric codes, NA blanks
ASCH = SAMPLES / "AschHarwood_acled__acled.csv"             # 2016 API layout
RDA = SAMPLES / "acledR__acled_old_dummy.rda"               # ACLED's R package, API dates


def _round_trip_text(source: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", acled.AcledWarning)
        events = acled.from_acled(source)
    return acled.acled_csv(acled.to_acled(events), na=events.attrs["acled_layout"].na)


@pytest.mark.parametrize("name", [JOSH.name, ASCH.name])
def test_csv_samples_round_trip_byte_for_byte(samples, name):
    path = samples / name
    assert _round_trip_text(path) == path.read_text(encoding="utf-8")


def test_rda_sample_round_trips_every_cell(samples):
    pyreadr = pytest.importorskip("pyreadr")
    original = pyreadr.read_r(str(RDA))["acled_old_dummy"]
    events = acled.from_acled(RDA)
    layout = events.attrs["acled_layout"]
    assert (layout.codes, layout.dates, layout.era) == ("numeric", "api", "current")
    back = acled.to_acled(events)
    assert list(back.columns) == list(original.columns) == schema.acled_columns()
    expected, _ = acled.stringify(original)
    for c in original.columns:
        want = expected[c].tolist()
        if c in layout.blank_columns:  # R's "" stays "", R's NA stays missing
            want = ["" if v is None else v for v in want]
        assert back[c].tolist() == want, c


def test_from_acled_gives_our_names_types_and_spellings(samples):
    events = acled.from_acled(JOSH)
    assert list(events.columns) == schema.acled_columns()
    assert str(events["event_date"].dtype).startswith("datetime64")
    assert events.loc[0, "event_date"] == pd.Timestamp("2022-12-28")
    labels = set(schema.actor_type_codes())
    assert set(events["inter1"].dropna()) <= labels
    # numeric 0 = no actor2: missing, and the interaction in today's words
    row = events[events["event_id_cnty"] == "BEN892"].iloc[0]
    assert pd.isna(row["inter2"]) and row["interaction"] == "Civilians only"
    # ours and ACLED's rows concatenate column for column, each column keeping the schema's type
    # (a mismatch would leave an object column, or NaN where a value was)
    ours = me.load_events()[schema.acled_columns()]
    both = pd.concat([ours, events], ignore_index=True)
    assert list(both.columns) == schema.acled_columns()
    kind = {"integer": "Int64", "number": "Float64", "date": "datetime64[s]", "string": "string"}
    want = {f["name"]: kind[f["type"]] for f in schema.fields("events") if f["name"] in both.columns}
    assert {c: str(both[c].dtype) for c in both.columns} == want
    assert both["event_id_cnty"].tolist() == ours["event_id_cnty"].tolist() + events["event_id_cnty"].tolist()
    assert both.notna().sum().tolist() == (ours.notna().sum() + events.notna().sum()).tolist()


def test_numeric_and_text_exports_hold_the_same_events(samples, tmp_path):
    numeric = acled.from_acled(JOSH)
    text_file = tmp_path / "text.csv"
    acled.write_acled(numeric, text_file, acled.standard_layout(codes="text"))
    assert "Civilians only" in text_file.read_text()
    text = acled.from_acled(text_file)
    assert text.attrs["acled_layout"].codes == "text"
    pd.testing.assert_frame_equal(text, numeric, check_like=False)
    # and back to numbers in the first file's layout, byte for byte
    assert acled.acled_csv(acled.to_acled(text, numeric.attrs["acled_layout"]), na="NA") == JOSH.read_text()
    assert acled.to_acled(text, codes="numeric")["inter1"].str.fullmatch(r"[1-8]").all()


def test_2016_api_layout(samples):
    with pytest.warns(acled.AcledWarning, match="unnamed row-index"):
        events = acled.from_acled(ASCH)
    layout = events.attrs["acled_layout"]
    assert layout.era == "2016" and layout.dates == "api" and layout.codes == "numeric"
    assert "assoc_actor_1" in events.columns and "ally_actor_1" not in events.columns
    for legacy in ("gwno", "data_id", "event_id_no_cnty"):
        assert legacy in events.columns
    assert any("sub_event_type" in n for n in layout.notes)  # says plainly what the layout lacks
    assert "Riots/Protests" in set(events["event_type"])     # old event types kept as written


def _josh_variant(tmp_path: Path, name: str, edit) -> Path:
    frame = read_strings(JOSH)
    frame = edit(frame)
    out = tmp_path / name
    out.write_text(acled.acled_csv(frame.astype(object).where(frame != "NA", None), na="NA"))
    return out


def test_2019_2020_layout_with_data_id_and_iso3(samples, tmp_path):
    def old(frame):
        frame = frame.drop(columns=["disorder_type", "civilian_targeting", "tags"])
        frame.insert(0, "data_id", [str(7000000 + i) for i in range(len(frame))])
        frame.insert(3, "event_id_no_cnty", frame["event_id_cnty"].str[3:])
        frame["iso3"] = "BEN"
        return frame
    path = _josh_variant(tmp_path, "old.csv", old)
    events = acled.from_acled(path)
    layout = events.attrs["acled_layout"]
    assert layout.era == "2019-2020" and not layout.unplaced
    assert "disorder_type" not in events.columns and events["iso3"].eq("BEN").all()
    assert any("disorder_type, civilian_targeting, tags" in n for n in layout.notes)
    assert _round_trip_text(path) == path.read_text()


def test_uppercase_monadic_and_api_extra_columns(samples, tmp_path):
    def variant(frame):
        frame = frame.drop(columns=["actor2", "assoc_actor_2", "inter2"])
        frame["population_best"] = "1200"
        return frame.rename(columns=str.upper)
    path = _josh_variant(tmp_path, "upper.csv", variant)
    events = acled.from_acled(path)
    layout = events.attrs["acled_layout"]
    assert layout.monadic and not layout.unplaced
    assert "event_id_cnty" in events.columns and "population_best" in events.columns
    assert _round_trip_text(path) == path.read_text()


def test_unplaced_column_is_named_and_kept(samples, tmp_path):
    path = _josh_variant(tmp_path, "extra.csv", lambda f: f.assign(my_coder="ab"))
    with pytest.warns(acled.AcledWarning, match="my_coder"):
        events = acled.from_acled(path)
    assert events.attrs["acled_layout"].unplaced == ("my_coder",)
    assert _round_trip_text(path) == path.read_text()


def test_non_padded_export_dates_round_trip(samples, tmp_path):
    path = _josh_variant(tmp_path, "unpadded.csv", lambda f: f.assign(event_date=f["event_date"].str.lstrip("0")))
    assert acled.from_acled(path).attrs["acled_layout"].day_padded is False
    assert _round_trip_text(path) == path.read_text()


def test_spreadsheet_damaged_dates_are_refused_plainly(samples, tmp_path):
    def damage(frame):
        frame.loc[4, "event_date"] = "9-May-20"
        return frame
    path = _josh_variant(tmp_path, "damaged.csv", damage)
    with pytest.raises(acled.AcledError, match="spreadsheet"):
        acled.from_acled(path)
    report = acled.validate_acled(path)
    bad = [p for p in report.problems if p.field == "event_date"]
    assert [(p.line, p.check, p.value) for p in bad] == [(6, "type", "9-May-20")]
    assert "spreadsheet" in bad[0].message


def test_our_events_export_in_acled_format():
    events = me.load_events()
    cells = acled.to_acled(events)
    assert list(cells.columns) == schema.acled_columns()
    assert cells.loc[0, "event_date"] == events.loc[0, "event_date"].strftime("%d %B %Y")
    numeric = acled.to_acled(events, codes="numeric", dates="api")
    codes = {str(v) for v in schema.actor_type_codes().values()}
    assert set(numeric["inter1"]) <= codes and set(numeric["inter2"]) <= codes | {"0"}
    assert numeric["interaction"].str.fullmatch(r"\d{2}").all()
    # written and read back, the ACLED columns are unchanged
    back = acled.from_acled(pd.DataFrame(cells))
    pd.testing.assert_frame_equal(
        back[schema.acled_columns()].astype(str), acled.from_acled(events[schema.acled_columns()]).astype(str))


def test_calendar_dates_are_the_days_pandas_takes():
    # acled.calendar_date decides which ACLED dates are real days, without pandas; it must
    # agree with pandas on leap years (1900 no, 2000 yes), year 0000 and impossible days.
    days = [f"{y:04d}-{m:02d}-{d:02d}" for y in (0, 1, 100, 400, 1900, 2000, 2023, 2024, 9999)
            for m in range(0, 14) for d in range(0, 33)]
    by_pandas = pd.to_datetime(pd.Series(days, dtype=object), format="%Y-%m-%d", errors="coerce").notna()
    assert [acled.calendar_date(d) for d in days] == by_pandas.tolist()
    assert 0 < by_pandas.sum() < len(days)
