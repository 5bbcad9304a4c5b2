"""Valid but awkward CSVs (long rows, line breaks in quoted cells of big files, long and wide
headers) are read by every engine, or refused with one line that names the limit; never a
misreading, a traceback or a hang."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import ROOT
from mideast_events import cli, validate
from mideast_events.validate import reading

EVENTS = ROOT / "dataset" / "events.csv"
ENGINES = ["pandas", "polars", "dask"]


def _rows() -> tuple[list[str], list[list[str]]]:
    with open(EVENTS, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def multiline_big(tmp_path_factory) -> tuple[Path, int]:
    """A valid events file over 16 MiB (pyarrow's block) whose notes hold line breaks: the real
    rows again and again, each with a unique id."""
    header, rows = _rows()
    notes, ident = header.index("notes"), header.index("event_id_cnty")
    out, size, n = [], 0, 0
    while size <= (17 << 20):
        r = list(rows[n % len(rows)])
        r[ident] = f"IRQ{n:06d}"
        r[notes] = r[notes] + "\nsecond line, quoted\r\nthird"
        out.append(r)
        size += sum(len(c) for c in r) + 60
        n += 1
    path = _write(tmp_path_factory.mktemp("ml") / "events.csv", header, out)
    assert path.stat().st_size > reading.ARROW_BLOCK_BYTES
    return path, len(out)


@pytest.mark.parametrize("engine", ENGINES)
def test_line_breaks_in_quoted_cells_of_a_big_file(multiline_big, engine):
    path, n = multiline_big
    report = validate.validate_csv(path, engine=engine)
    assert report.rows == {"events": n}
    # the copies repeat the real events' other keys, so the only problems are about uniqueness
    # or the rows' ids (never a reading error): every row was read whole
    assert not [p for p in report.problems if p.field == "notes"]


def test_dask_cuts_no_quoted_cell(tmp_path):
    """A file larger than dask's block, with a line break in quoted cells: one partition, read whole."""
    header, rows = _rows()
    notes = header.index("notes")
    many = [list(r) for r in rows * 8]
    for r in many:
        r[notes] += "\nafter a line break"
    path = _write(tmp_path / "events.csv", header, many)
    assert reading.quoted_line_break(path) and not reading.quoted_line_break(EVENTS)
    from mideast_events.validate.dask_engine import validate_csv_dask

    report = validate_csv_dask(path, blocksize=64 << 10)
    assert report.rows == {"events": len(many)}
    assert reading.dask_blocksize(EVENTS, 1 << 10) == 1 << 10  # no quoted break: partitions as asked


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_a_row_over_16_mib_with_line_breaks(tmp_path, engine):
    header, rows = _rows()
    notes = header.index("notes")
    big = list(rows[0])
    big[notes] = "a long note\n" * ((17 << 20) // 12)
    path = _write(tmp_path / "events.csv", header, rows[1:40] + [big] + rows[40:])
    report = validate.validate_csv(path, engine=engine)
    assert report.rows == {"events": len(rows)} and report.valid, report.to_text()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_header_field_over_the_csv_modules_limit(tmp_path, capsys, engine):
    header, rows = _rows()
    long = 'a "quoted", long name ' * 7_000  # 154,000 characters: the csv module's limit is 131,072
    path = _write(tmp_path / "events.csv", header + [long], [r + ["1"] for r in rows[:3]])
    code, out, err = _cli(capsys, "validate", "--engine", engine, "--limit", "5", str(path))
    assert code == 1 and "Traceback" not in err, err
    assert "unexpected columns: " + long in out  # the whole name, not a cut one


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wide_header_is_judged_whole_and_at_once(tmp_path, capsys, engine):
    """80,000 columns (a header longer than the bytes sniffed first): the repeated names are the
    real ones, listed briefly."""
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i % 40_000}" for i in range(80_000)) + "\n" + "," * 79_999 + "\n")
    code, out, err = _cli(capsys, "validate", "--engine", engine, str(path))
    assert code == 2 and out == "", err
    assert err.strip().endswith("the header repeats column names: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 "
                                "and 39,990 more"), err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_line_of_50_mb_of_commas(tmp_path, capsys, engine):
    path = tmp_path / "commas.csv"
    path.write_bytes(b"," * (50 << 20) + b"\n")
    code, out, err = _cli(capsys, "validate", "--engine", engine, str(path))
    assert code == 2 and out == "", err
    # one error line (a big file on a slower engine also gets the one-line note about the default engine)
    errors = [ln for ln in err.strip().splitlines() if not ln.startswith("note: ")]
    assert f"over the limit of {reading.MAX_COLUMNS:,}" in err and len(errors) == 1


def test_a_header_line_longer_than_the_limit(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(reading, "MAX_HEADER_BYTES", 1 << 20)
    path = tmp_path / "events.csv"
    path.write_bytes(b"a," * (1 << 20) + b"\n1,2\n")
    code, _, err = _cli(capsys, "validate", str(path))
    assert code == 2 and "the first line is longer than 1 MiB" in err


def test_a_symlink_loop_is_named(tmp_path, capsys):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    for engine in ENGINES:
        code, _, err = _cli(capsys, "validate", "--engine", engine, str(tmp_path / "a.csv"))
        assert code == 2 and "symlink loop" in err and len(err.strip().splitlines()) == 1, err


def test_repeated_names_a_million_columns_and_blank_names():
    names = [f"c{i}" for i in range(reading.MAX_COLUMNS)]
    assert reading.header_names(Path("x.csv"), ",".join(names)) == names
    with pytest.raises(validate.UnusableInput, match=r"repeats column names: '', ' c'$"):
        reading.header_names(Path("x.csv"), ",, c, c,")
