"""Reading a table file before any check: sniffing (is it a comma CSV at all?), encodings,
limits, and the readers each engine uses (every column as text, empty = missing).

Whatever cannot be read as a table is refused here, with one line (:class:`UnusableInput`),
before an engine sees it; the engines then read the file the same way.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd

from mideast_events import schema
from mideast_events.validate.report import UnusableInput

# ------------------------------------------------------------------ limits

SNIFF_BYTES = 1 << 16       # the start of a file that sniffing reads (the header must fit in it)
ARROW_BLOCK_BYTES = 1 << 24  # pyarrow's read block (a row must fit in one)
HEAD_FIRST_BYTES = 1 << 23  # read_head reads this much first, then on as needed
DASK_SAMPLE_BYTES = 1 << 20  # dask: files smaller than this are read whole for the header sample
DASK_SAMPLE_ROWS = 5000     # else this many rows


# ------------------------------------------------------------------ sniffing and encodings


def sniff_csv(file: Path) -> str:
    """The header line of a CSV, after the checks that need only the file's start."""
    if not file.exists():
        raise UnusableInput(f"{file}: no such file")
    if file.is_dir():
        raise UnusableInput(f"{file}: is a directory, not a CSV file")
    with file.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise UnusableInput(f"{file}: the file is empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnusableInput(f"{file}: the file is UTF-16; re-save it as UTF-8")
    if b"\x00" in head:
        raise UnusableInput(f"{file}: binary content (NUL bytes); expected a UTF-8 CSV")
    if head.startswith(b"\xef\xbb\xbf"):
        raise UnusableInput(f"{file}: starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    try:
        header = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError as e:
        raise not_utf8(file, e) from None
    for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if header.count(sep) > header.count(","):
            raise UnusableInput(f"{file}: the header is separated by {name}s ({sep!r}); expected commas")
    if header.count(",") == 0:
        raise UnusableInput(f"{file}: the first line has no commas; not a CSV table")
    return header


def not_utf8(file: Path, error: UnicodeDecodeError) -> UnusableInput:
    return UnusableInput(f"{file}: not valid UTF-8 at byte {error.start} (re-save the file as UTF-8)")


def header_names(file: Path, header_line: str) -> list[str]:
    """The column names of a header line, refusing a header that repeats a name."""
    names = next(csv.reader([header_line]))
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise UnusableInput(f"{file}: the header repeats column names: {', '.join(dupes)}")
    return names


def malformed(file: Path, error: Exception) -> UnusableInput:
    """A reader's complaint about a CSV as the one-line message the command shows."""
    return UnusableInput(f"{file}: malformed CSV: {str(error).strip().splitlines()[0]}")


# ------------------------------------------------------------------ pandas


def read_raw_csv(file: Path) -> pd.DataFrame:
    """Read a CSV as strings, refusing (one line, UnusableInput) what is not a comma CSV in UTF-8."""
    header = sniff_csv(file)
    return read_strings(file, header)


def read_strings(file: Path, header_line: str) -> pd.DataFrame:
    """Every column as strings (None = missing), with pyarrow's reader: fast, strict about rows
    with too few or too many fields, and about UTF-8 (checked as it reads)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = header_names(file, header_line)
    try:
        table = pacsv.read_csv(
            file,
            read_options=pacsv.ReadOptions(block_size=ARROW_BLOCK_BYTES),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=True, quoted_strings_can_be_null=True, null_values=[""]),
        )
    except (pa.ArrowInvalid, OSError) as e:
        if "UTF8" in str(e) or "UTF-8" in str(e):
            try:
                file.read_bytes().decode("utf-8")
            except UnicodeDecodeError as u:
                raise not_utf8(file, u) from None
        raise malformed(file, e) from None
    # pyarrow-backed text columns, missing = NaN (pandas' own str dtype): no copy into Python
    # strings, and compared like the object columns they replace
    text = pd.StringDtype(storage="pyarrow", na_value=float("nan"))
    return table.to_pandas(types_mapper=lambda t: text if t == pa.string() else None)


def guess_table(file: Path, columns: list[str]) -> str:
    """Which of our tables a CSV is: by file name, else by the best header overlap."""
    if file.stem in schema.TABLES:
        return file.stem
    best, score = None, 0.0
    for t in schema.TABLES:
        want = set(schema.field_names(t))
        s = len(want & set(columns)) / len(want | set(columns))
        if s > score:
            best, score = t, s
    if best is None or score < 0.5:
        raise UnusableInput(
            f"{file}: cannot tell which table this is (its header matches none of {', '.join(schema.TABLES)}); "
            "for an ACLED export use --profile acled")
    return best


# ------------------------------------------------------------------ polars


def scan_polars_strings(file: Path, null_values: tuple[str, ...] = ("",)) -> Any:
    """A CSV as a lazy polars frame of strings (empty = missing, quoted or not, as on the pandas
    path), after the same up-front checks as read_raw_csv."""
    import polars as pl

    header_names(file, sniff_csv(file))
    return pl.scan_csv(file, infer_schema=False, null_values=list(null_values))


def collect(query: Any, file: Path) -> Any:
    """Run a lazy polars query over ``file`` (streaming); a reading error becomes one line."""
    import polars as pl

    try:
        return query.collect(engine="streaming")
    except (pl.exceptions.PolarsError, OSError) as e:
        if "utf-8" in str(e).lower() or "utf8" in str(e).lower():
            try:  # the same line as the pandas path gives, with the byte
                file.read_bytes().decode("utf-8")
            except UnicodeDecodeError as u:
                raise not_utf8(file, u) from None
        raise malformed(file, e) from None


def read_head(file: Path, rows: int, columns: list[str]) -> pd.DataFrame:
    """The first rows of ``columns`` as strings, None = missing, as the pandas path holds them
    (to detect an ACLED layout). Parsed from the file's first bytes, read on until they hold
    the rows: asking polars for the first rows of a large file costs several times more."""
    import polars as pl

    with file.open("rb") as fh:
        data = fh.read(HEAD_FIRST_BYTES)
        while True:
            more = fh.read(1)
            whole = data[:last_row_end(data)] if more else data
            if whole:
                try:
                    head = pl.read_csv(io.BytesIO(whole), n_rows=rows, columns=columns, infer_schema=False,
                                       null_values=[""])
                except (pl.exceptions.PolarsError, OSError) as e:
                    raise malformed(file, e) from None
                if not more or head.height >= rows:
                    break
            # read on: as much again as the rows still missing took so far, and a bit more
            got = head.height if whole else 0
            data += more + fh.read(int(len(data) * ((rows - got) / got * 1.2 if got else 1)) + (1 << 20))
    head = head.head(rows)
    return pd.DataFrame({c: head.get_column(c).to_list() for c in head.columns}, dtype=object)


def last_row_end(data: bytes) -> int:
    """Just past the last line break of ``data`` that ends a row: one outside quotes (a CSV
    cell may hold line breaks; a quote inside a cell is doubled, so quotes pair up). 0: none."""
    end = data.rfind(b"\n")
    quotes = data.count(b'"', 0, max(end, 0))
    while end >= 0 and quotes % 2:
        before = data.rfind(b"\n", 0, end)
        quotes -= data.count(b'"', before + 1, end)
        end = before
    return end + 1


# ------------------------------------------------------------------ dask


def dask_head(file: Path, header_line: str) -> pd.DataFrame:
    """The rows a dask run reads its header and layout from: the whole of a small file, else
    the first rows."""
    if file.stat().st_size < DASK_SAMPLE_BYTES:
        return read_strings(file, header_line)
    head = pd.read_csv(file, dtype=str, keep_default_na=False, nrows=DASK_SAMPLE_ROWS)
    return head.replace("", None).astype(object)
