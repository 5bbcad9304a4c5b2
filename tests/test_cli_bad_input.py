"""Every kind of bad input gets a clear message and the right exit code, never a traceback."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, run_cli

EVENTS = ROOT / "dataset" / "events.csv"


def _events() -> pd.DataFrame:
    return pd.read_csv(EVENTS, dtype=str, keep_default_na=False)


def _write(df: pd.DataFrame, path: Path, **kw) -> Path:
    df.to_csv(path, index=False, lineterminator="\n", **kw)
    return path


def _assert_clean(proc, code: int) -> str:
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out
    assert proc.returncode == code, out
    return out


def test_valid_events_file_passes(tmp_path):
    proc = run_cli("validate", str(_write(_events(), tmp_path / "events.csv")))
    out = _assert_clean(proc, 0)
    assert out.startswith("valid:")


def _file(name: str, content: bytes):
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(content)
        return folder / name
    return make


@pytest.mark.parametrize("name,make,needle", [
    ("missing file", lambda p: p / "nope.csv", "no such file"),
    ("a folder", lambda p: p, "is a directory"),
    ("binary file", _file("x.csv", ROOT.joinpath("dataset/events.parquet").read_bytes()), "binary"),
    ("empty file", _file("x.csv", b""), "empty"),
    ("UTF-16 file", _file("x.csv", "event_id_cnty,event_date\n".encode("utf-16")), "UTF-16"),
    ("not a CSV", _file("x.csv", b"just some prose\nwith no table\n"), "not a CSV"),
    ("pdf suffix", _file("x.pdf", b"%PDF-1.4"), "expected a .csv"),
])
def test_unusable_input_exits_2_with_one_line(tmp_path, name, make, needle):
    target = make(tmp_path)
    proc = run_cli("validate", str(target))
    _assert_clean(proc, 2)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], proc.stderr
    assert proc.stdout == ""


def test_wrong_delimiter(tmp_path):
    target = _write(_events(), tmp_path / "events.csv", sep=";")
    proc = run_cli("validate", str(target))
    _assert_clean(proc, 2)
    assert "semicolon" in proc.stderr


def test_wrong_encoding(tmp_path):
    df = _events()
    df.loc[0, "notes"] = df.loc[0, "notes"] + " café"
    target = tmp_path / "events.csv"
    target.write_bytes(df.to_csv(index=False).encode("latin-1"))
    proc = run_cli("validate", str(target))
    _assert_clean(proc, 2)
    assert "UTF-8" in proc.stderr


def test_malformed_rows(tmp_path):
    text = EVENTS.read_text(encoding="utf-8").splitlines()
    text.append("IRQ999999,2024-01-01,too,few")
    target = tmp_path / "events.csv"
    target.write_text("\n".join(text) + "\n", encoding="utf-8")
    proc = run_cli("validate", "--engine", "pandas", str(target))
    _assert_clean(proc, 2)
    assert "malformed CSV" in proc.stderr
    # polars reads the short row's missing fields as empty values: invalid, never valid
    proc = run_cli("validate", "--engine", "polars", str(target))
    _assert_clean(proc, 1)
    assert f"line {len(text)} (IRQ999999):" in proc.stdout


def _invalid(tmp_path, df: pd.DataFrame, check: str, line: int | None = None) -> str:
    """The text report of ``df`` (invalid): it names ``check`` (in words for a column constraint) and,
    given ``line``, the row by its line and its event_id_cnty."""
    proc = run_cli("validate", str(_write(df, tmp_path / "events.csv")))
    out = _assert_clean(proc, 1)
    assert out.startswith("INVALID"), out
    assert f"[{check}]" in out, out
    if line is not None:
        assert f"line {line} ({df.loc[line - 2, 'event_id_cnty']}):" in out, out
    return out


def test_missing_and_extra_columns(tmp_path):
    _invalid(tmp_path, _events().drop(columns=["fatalities", "notes"]), "missing_columns")
    df = _events()
    df["my_extra"] = "x"
    out = _invalid(tmp_path, df, "extra_columns")
    assert "my_extra" in out


def test_duplicate_ids(tmp_path):
    df = _events()
    df.loc[1, "event_id_cnty"] = df.loc[0, "event_id_cnty"]
    _invalid(tmp_path, df, "unique", line=3)


def test_unknown_event_type(tmp_path):
    df = _events()
    df.loc[0, "event_type"] = "Skirmish"
    out = _invalid(tmp_path, df, "vocabulary", line=2)
    assert "event_type: not one of the 6 values of event_type (schema/vocabularies/event_types.csv) " \
           "(value 'Skirmish')" in out


def test_sub_event_type_under_wrong_event_type(tmp_path):
    df = _events()
    df.loc[0, ["event_type", "sub_event_type"]] = ["Battles", "Air/drone strike"]
    _invalid(tmp_path, df, "sub_event_in_event_type", line=2)


def test_latitude_longitude_swapped(tmp_path):
    df = _events()
    df.loc[0, ["latitude", "longitude"]] = [df.loc[0, "longitude"], df.loc[0, "latitude"]]
    _invalid(tmp_path, df, "coordinates_in_country", line=2)


def test_coordinates_outside_country(tmp_path):
    df = _events()
    df.loc[0, ["latitude", "longitude"]] = ["48.8566", "2.3522"]  # Paris
    _invalid(tmp_path, df, "coordinates_in_country", line=2)


def test_date_in_future(tmp_path):
    df = _events()
    future = dt.date.today() + dt.timedelta(days=30)
    df.loc[0, ["event_date", "year"]] = [future.isoformat(), str(future.year)]
    _invalid(tmp_path, df, "event_date_not_in_future", line=2)


def test_fatalities_below_zero(tmp_path):
    df = _events()
    df.loc[0, ["fatalities", "fatalities_low"]] = ["-1", "-1"]
    out = _invalid(tmp_path, df, "minimum", line=2)
    assert "fatalities: below the minimum: must be at least 0 (value '-1')" in out


def test_fatalities_outside_range(tmp_path):
    df = _events()
    high = int(df.loc[0, "fatalities_high"])
    df.loc[0, "fatalities"] = str(high + 5)
    _invalid(tmp_path, df, "fatalities_within_range", line=2)


def test_unparseable_values_are_reported_once(tmp_path):
    df = _events()
    df.loc[0, "fatalities"] = "three"
    df.loc[1, "event_date"] = "28 January 2024"
    proc = run_cli("validate", str(_write(df, tmp_path / "events.csv")))
    out = _assert_clean(proc, 1)
    first, second = df.loc[0, "event_id_cnty"], df.loc[1, "event_id_cnty"]
    assert f"line 2 ({first}): fatalities: not an integer (value 'three') [type]" in out
    assert f"line 3 ({second}): event_date: not an ISO date" in out
    assert out.count(f"line 2 ({first}): fatalities") == 1


def test_json_report(tmp_path):
    import json

    df = _events()
    df.loc[0, "event_type"] = "Skirmish"
    proc = run_cli("validate", "--json", str(_write(df, tmp_path / "events.csv")))
    rep = json.loads(proc.stdout)
    assert proc.returncode == 1 and rep["valid"] is False
    assert {"table": "events", "line": 2, "field": "event_type"}.items() <= rep["problems"][0].items()


def test_unknown_table_header(tmp_path):
    target = tmp_path / "other.csv"
    target.write_text("a,b,c\n1,2,3\n")
    proc = run_cli("validate", str(target))
    _assert_clean(proc, 2)
    assert "cannot tell which table" in proc.stderr


def test_usage_error_exit_2():
    proc = run_cli("validate", "--profile", "nonsense")
    _assert_clean(proc, 2)


# ------------------------------------------------------------------ standard input, FIFOs, --limit


def _stdin(data: bytes, *args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "mideast_events.cli", "validate", *args, "-"],
                          input=data, capture_output=True, timeout=300)


@pytest.mark.parametrize("engine", ["pandas", "polars", "dask"])
def test_dash_reads_standard_input(engine):
    proc = _stdin(EVENTS.read_bytes(), "--engine", engine)
    out = proc.stdout.decode()
    rows = EVENTS.read_bytes().count(b"\n") - 1  # the file ends with a line break; the header is no row
    assert proc.returncode == 0 and out.startswith("valid: <stdin>") and f"[engine: {engine}]" in out, proc.stderr
    assert f"(events {rows} rows)" in out, out
    bad = EVENTS.read_bytes().replace(b"2023-12-25", b"Christmas", 1)
    proc = _stdin(bad, "--engine", engine)
    assert proc.returncode == 1 and b"event_date: not an ISO date" in proc.stdout
    assert b"/tmp" not in proc.stdout + proc.stderr  # the stream is named, not its temporary copy


@pytest.mark.parametrize("data,needle", [(b"", b"<stdin>: the file is empty"),
                                          (b"\x00" * 5000, b"<stdin>: binary content"),
                                          (b"a;b\n1;2\n", b"<stdin>: the header is separated by semicolons")])
def test_dash_refuses_unusable_standard_input_in_one_line(data, needle):
    proc = _stdin(data)
    assert proc.returncode == 2 and proc.stdout == b"" and proc.stderr.count(b"\n") == 1
    assert needle in proc.stderr, proc.stderr


@pytest.mark.parametrize("engine", ["pandas", "polars", "dask"])
def test_a_fifo_is_read_once(tmp_path, engine):
    """A FIFO (as `<(cat file)` makes) can be read only once: read whole into a temporary file, so
    every engine sees all of it (polars used to wait forever on it; the others saw it emptied)."""
    import os
    import subprocess
    import sys
    import threading

    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(EVENTS.read_bytes()), daemon=True)
    writer.start()
    proc = subprocess.run([sys.executable, "-m", "mideast_events.cli", "validate", "--engine", engine, str(fifo)],
                          capture_output=True, text=True, timeout=300)
    writer.join(5)
    assert proc.returncode == 0 and proc.stdout.startswith(f"valid: {fifo} "), proc.stdout + proc.stderr


def test_a_stream_over_the_limit_is_refused(monkeypatch, capsys):
    import io
    import sys

    from mideast_events import cli
    from mideast_events.validate import reading

    monkeypatch.setattr(reading, "MAX_STREAM_BYTES", 1 << 20)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EVENTS.read_bytes() * 8)))
    assert EVENTS.stat().st_size * 8 > 1 << 20
    assert cli.main(["validate", "-"]) == 2
    err = capsys.readouterr().err
    assert "<stdin>: over 1,048,576 bytes, the limit for standard input" in err, err


@pytest.mark.parametrize("limit", ["-1", "-50"])
def test_a_negative_limit_is_a_one_line_usage_error(limit):
    proc = run_cli("validate", "--limit", limit, str(EVENTS))
    _assert_clean(proc, 2)
    assert proc.stdout == "" and proc.stderr.count("\n") == 1 and "--limit" in proc.stderr, proc.stderr


def test_fatalities_over_the_schemas_ceiling(tmp_path):
    """1e9 deaths, consistent across low/high (so no range rule catches it): above schema/'s maximum."""
    df = _events()
    df.loc[0, ["fatalities", "fatalities_low", "fatalities_high"]] = ["1e9", "1e9", "1e9"]
    out = _invalid(tmp_path, df, "maximum", line=2)
    assert "fatalities: above the maximum: must be at most 100000 (value '1000000000')" in out
