"""Reading a table file before any check: sniffing (is it a comma CSV at all?), encodings,
limits, and the readers each engine uses (every column as text, empty = missing).

Whatever cannot be read as a table is refused here, with one line (:class:`UnusableInput`),
before an engine sees it; the engines then read the file the same way.
"""
from __future__ import annotations

import csv
import io
import os
import re
import stat
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mideast_events import descriptor, schema
from mideast_events.validate.report import CSV_LINE_OFFSET, ROW_NAME, Problem, UnusableInput, formula_warnings

if TYPE_CHECKING:
    import pandas as pd

# ------------------------------------------------------------------ limits

SNIFF_BYTES = 1 << 16       # the start of a file that sniffing reads for encodings and binary content
MAX_HEADER_BYTES = 1 << 26  # the header line is read whole up to this (64 MiB); longer is not a table's header
ARROW_BLOCK_BYTES = 1 << 24  # pyarrow's read block; a longer row or a quoted line break across blocks is read too
HEAD_FIRST_BYTES = 1 << 23  # read_head reads this much first, then on as needed
MAX_STREAM_BYTES = 1 << 31  # standard input, a pipe or a FIFO is read once, up to this (2 GiB), into a temp file
MAX_COLUMNS = 1_000_000    # a header with more fields is not a table's (ours have 50; ACLED's 31)
SHOWN_NAMES = 10            # repeated header names listed in the message (the rest are counted)


# ------------------------------------------------------------------ sniffing and encodings


def usable(file: Path) -> None:
    """Refuse (one line) a path with nothing readable behind it, saying why: no such file, a
    dangling symlink, a symlink loop, permission denied, a folder."""
    try:
        st = os.stat(file)
    except OSError as e:
        raise UnusableInput(f"{file}: {descriptor.explain(file, e)}") from None
    except ValueError:  # a NUL byte in the path
        raise UnusableInput(f"{file!r}: not a usable path (NUL byte)") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnusableInput(f"{file}: is a directory, not a CSV file")


def header_line(fh: Any, head: bytes, file: Path) -> bytes:
    """The whole first line, ``head`` being the file's first bytes: read on past them when the
    header is longer (a wide table), up to MAX_HEADER_BYTES."""
    end = head.find(b"\n")
    if end >= 0:
        return head[:end]
    parts, size = [head], len(head)
    while end < 0:
        more = fh.read(SNIFF_BYTES * 16)
        if not more:
            break
        end = more.find(b"\n")
        parts.append(more if end < 0 else more[:end])
        size += len(parts[-1])
        if size > MAX_HEADER_BYTES:
            raise UnusableInput(f"{file}: the first line is longer than {MAX_HEADER_BYTES >> 20} MiB "
                                "(the limit for a header); not a CSV table")
    return b"".join(parts)


def sniff_csv(file: Path) -> str:
    """The header line of a CSV, after the checks that need only the file's start."""
    usable(file)
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
        raw = header_line(fh, head, file)
    try:
        header = raw.rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError as e:
        raise not_utf8(file, e) from None
    commas = header.count(",")
    for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
        if header.count(sep) > commas:
            raise UnusableInput(f"{file}: the header is separated by {name}s ({sep!r}); expected commas")
    if commas == 0:
        raise UnusableInput(f"{file}: the first line has no commas; not a CSV table")
    return header


def not_utf8(file: Path, error: UnicodeDecodeError) -> UnusableInput:
    return UnusableInput(f"{file}: not valid UTF-8 at byte {error.start} (re-save the file as UTF-8)")


def header_names(file: Path, header_line: str) -> list[str]:
    """The column names of a header line, refusing a header that repeats a name (in linear time:
    a header of 80,000 columns or a line of 50 million commas is judged at once)."""
    limit = csv.field_size_limit()
    try:  # a header field may be longer than the csv module's default limit (131,072 characters)
        csv.field_size_limit(max(limit, len(header_line) + 1))
        if '"' not in header_line:
            too_many(file, header_line.count(",") + 1)
            names = header_line.split(",")
        else:
            names = next(csv.reader([header_line]))
            too_many(file, len(names))
    except csv.Error as e:
        raise UnusableInput(f"{file}: the header is not a CSV line ({e})") from None
    finally:
        csv.field_size_limit(limit)
    if len(set(names)) != len(names):
        counts = Counter(names)
        dupes = [n for n, k in counts.items() if k > 1]
        shown = ", ".join(repr(n) if not n or n != n.strip() or "," in n else n for n in dupes[:SHOWN_NAMES])
        more = f" and {len(dupes) - SHOWN_NAMES:,} more" if len(dupes) > SHOWN_NAMES else ""
        raise UnusableInput(f"{file}: the header repeats column names: {shown}{more}")
    return names


def too_many(file: Path, columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise UnusableInput(f"{file}: the header has {columns:,} columns, over the limit of {MAX_COLUMNS:,}; "
                            "not a table's header")


def malformed(file: Path, error: Exception) -> UnusableInput:
    """A reader's complaint about a CSV as the one-line message the command shows."""
    return UnusableInput(f"{file}: malformed CSV: {str(error).strip().splitlines()[0]}")


# ------------------------------------------------------------------ a file that ends mid-row


@dataclass(frozen=True)
class CutRow:
    """The last row of a file that ends mid-row: no line break at the end, and fewer fields than
    the header (or the file ends inside a quoted value). Every engine reads the file without it
    and the report names it once (:func:`cut_row_problem`)."""

    start: int      # byte offset where the cut row begins (what comes before it is whole rows)
    line: int       # its line, as problems count lines (the header is line 1)
    fields: int     # the fields it has
    expected: int   # the fields the header has
    in_quotes: bool  # the file ends inside a quoted value
    event_id: str | None = None  # its event_id_cnty, where the file has that column and the row got that far


def cut_row(file: Path) -> CutRow | None:
    """The file's cut last row, or None when the file ends with a whole row. Cheap for a file that
    ends with a line break (one byte read); otherwise the quotes of the whole file are counted once
    (a line break inside a quoted value does not end a row), and the result is kept for the file as
    it is (size and modification time)."""
    try:
        st = file.stat()
    except OSError:
        return None
    if st.st_size == 0:
        return None
    with file.open("rb") as fh:
        fh.seek(st.st_size - 1)
        if fh.read(1) == b"\n":
            return None
    return _cut_row(str(file), st.st_size, st.st_mtime_ns)


@cache
def _cut_row(file: str, size: int, mtime: int) -> CutRow | None:
    import numpy as np

    odd, last_end, rows, offset = False, -1, 0, 0
    with open(file, "rb") as fh:
        while data := fh.read(ARROW_BLOCK_BYTES):
            arr = np.frombuffer(data, dtype=np.uint8)
            quotes = arr == ord('"')
            inside = ((np.cumsum(quotes, dtype=np.uint8) & 1).astype(bool) ^ odd) if quotes.any() else \
                np.full(len(arr), odd)
            ends = np.flatnonzero((arr == ord("\n")) & ~inside)
            if len(ends):
                rows += len(ends)
                last_end = offset + int(ends[-1])
            odd = bool(inside[-1])
            offset += len(data)
    if last_end < 0:  # one line (a header alone): no row to cut
        return None
    with open(file, "rb") as fh:
        header = fh.readline(MAX_HEADER_BYTES).rstrip(b"\r\n").decode("utf-8", "replace")
        fh.seek(last_end + 1)
        tail = fh.read().decode("utf-8", "replace")
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(max(limit, len(tail) + len(header) + 1))
        names = next(csv.reader([header]))
        cells = next(csv.reader([tail + ('"' if odd else "")]), [])
        expected, fields = len(names), len(cells)
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(limit)
    if fields >= expected and not odd:
        return None  # a whole row that lacks only the final line break
    at = names.index(ROW_NAME) if ROW_NAME in names else None
    event_id = cells[at] if at is not None and at < fields - 1 and cells[at] else None  # a whole cell only
    return CutRow(last_end + 1, rows + 1, fields, expected, odd, event_id)


CUT_ROW_CHECK = "truncated_row"


def cut_row_problem(cut: CutRow, table: str, line_shift: int = 0) -> Problem:
    """The one problem a cut last row is (instead of a missing value for each field it lacks)."""
    line = cut.line + line_shift
    how = ", inside a quoted value" if cut.in_quotes else ""
    return Problem(table, line, None, CUT_ROW_CHECK, None,
                   f"the file ends mid-row at line {line} ({cut.fields} of {cut.expected} fields{how}); "
                   "the rest of the file is checked without it", cut.event_id)


# ------------------------------------------------------------------ pandas


def read_raw_csv(file: Path, cut_ok: bool = False) -> pd.DataFrame:
    """Read a CSV as strings, refusing (one line, UnusableInput) what is not a comma CSV in UTF-8.
    A file that ends mid-row (:func:`cut_row`) is refused too, unless ``cut_ok``: the validators
    read it without its cut row and report that row as one problem."""
    header = sniff_csv(file)
    return read_strings(file, header, cut_ok)


def refuse_cut(file: Path, cut: CutRow) -> UnusableInput:
    return UnusableInput(f"{file}: the file ends mid-row at line {cut.line} ({cut.fields} of {cut.expected} "
                         "fields): it was cut short; mideast-events validate reports what else is wrong")


def read_strings(file: Path, header_line: str, cut_ok: bool = False) -> pd.DataFrame:
    """Every column as strings (None = missing), with pyarrow's reader: fast, strict about rows
    with too few or too many fields, and about UTF-8 (checked as it reads). A last row cut short
    is left out (with ``cut_ok``) or refused."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = header_names(file, header_line)
    cut = cut_row(file)
    if cut is not None and not cut_ok:
        raise refuse_cut(file, cut)
    source: Any = file
    if cut is not None:  # the whole rows before the cut one, mapped, not copied
        source = pa.BufferReader(pa.memory_map(str(file)).read_buffer(cut.start))
    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(block_size=ARROW_BLOCK_BYTES),
            # quoted cells may hold line breaks: the reader splits blocks only between rows
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
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


# Files whose reading started early (see prefetch): (path, null values) -> (the file's size and
# modification time when the read started, the read's Future).
PREFETCHED: dict[tuple[str, tuple[str, ...]], tuple[tuple[int, int], Future]] = {}


def signature(file: Path) -> tuple[int, int]:
    st = os.stat(file)
    return st.st_size, st.st_mtime_ns


def scan_polars_strings(file: Path, null_values: tuple[str, ...] = ("",)) -> Any:
    """A CSV as a lazy polars frame of strings (empty = missing, quoted or not, as on the pandas
    path), after the same up-front checks as read_raw_csv. A file whose reading was started by
    :func:`prefetch` comes from memory when that read is done (a read that failed is not used:
    the query reads the file again and fails where it always did, with the same message)."""
    import polars as pl

    names = header_names(file, sniff_csv(file))
    cut = cut_row(file)  # a last row cut short is left out (the validators report it once)
    sig, started = PREFETCHED.get((str(file), tuple(null_values)), (None, None))
    if cut is None and started is not None and sig == signature(file) and started.exception() is None:
        return started.result().lazy()
    # the names as the csv module reads them (polars keeps a quoted name's doubled quotes)
    return pl.scan_csv(file, infer_schema=False, null_values=list(null_values), new_columns=names,
                       n_rows=None if cut is None else cut.line - CSV_LINE_OFFSET)


def prefetch(file: Path) -> None:
    """Start reading ``file`` whole, every column as text (as :func:`scan_polars_strings` reads it),
    on a background thread, so that the validator's imports (pandas, Pandera: most of the fixed
    cost of a process) run while polars reads, outside Python's lock. The command does this for
    the polars engine only; a file refused up front is left to the engine to refuse."""
    import polars as pl

    try:
        names = header_names(file, sniff_csv(file))
        query = pl.scan_csv(file, infer_schema=False, null_values=[""], new_columns=names)
        sig = signature(file)
    except (UnusableInput, pl.exceptions.PolarsError, OSError, ValueError):
        return
    done: Future = Future()

    def read() -> None:
        try:
            done.set_result(collect(query, file))
        except BaseException as e:  # noqa: BLE001 - handed to whoever waits on it
            done.set_exception(e)

    # a daemon thread: a command that stops early (a refused layout) does not wait for the read
    threading.Thread(target=read, name="mideast-events-prefetch", daemon=True).start()
    PREFETCHED[(str(file), ("",))] = sig, done


def forget(file: Path) -> None:
    """Drop what :func:`prefetch` read of ``file`` (the command does once its report is made)."""
    for key in [k for k in PREFETCHED if k[0] == str(file)]:
        del PREFETCHED[key]


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
    import pandas as pd
    import polars as pl

    cut = cut_row(file)
    with file.open("rb") as fh:
        data = fh.read(HEAD_FIRST_BYTES)
        while True:
            more = fh.read(1)
            whole = data[:last_row_end(data)] if more or cut else data
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


def dask_blocksize(file: Path, blocksize: str | int | None) -> str | int | None:
    """The partition size dask may use for ``file``: ``blocksize``, or None (the file as one
    partition) when the file is larger than one block and a quoted cell holds a line break.
    Dask cuts a file at line breaks without looking at quotes, so such a file cut in parts would
    be misread; in one part it is read as pandas reads it."""
    if blocksize is None:
        return None
    from dask.utils import parse_bytes

    size = parse_bytes(blocksize) if isinstance(blocksize, str) else int(blocksize)
    if file.stat().st_size <= size:
        return blocksize
    return None if quoted_line_break(file) else blocksize


def quoted_line_break(file: Path, chunk: int = ARROW_BLOCK_BYTES) -> bool:
    """Whether a line break of ``file`` lies inside a quoted cell. In a CSV a quote inside a cell
    is doubled, so a line break is inside quotes exactly when an odd number of quotes precede it."""
    import numpy as np

    odd = False
    with file.open("rb") as fh:
        while data := fh.read(chunk):
            arr = np.frombuffer(data, dtype=np.uint8)
            quotes = arr == ord('"')
            if not quotes.any():
                if odd and b"\n" in data:
                    return True
                continue
            # parity of the quotes so far at each byte (a uint8 sum wraps, its parity holds)
            inside = (np.cumsum(quotes, dtype=np.uint8) & 1).astype(bool) ^ odd
            if (inside & (arr == ord("\n"))).any():
                return True
            odd = bool(inside[-1])
    return False


# ------------------------------------------------------------------ formula cells


def formula_warnings_polars(raw: Any, table: str, file: Path) -> list[Problem]:
    """:func:`~mideast_events.validate.report.formula_warnings` over a lazy polars frame of text
    (``raw``, every column): only the rows with a formula cell are collected and judged by
    :func:`mideast_events.formulas.formula_cells`."""
    import pandas as pd
    import polars as pl

    from mideast_events.formulas import PLAIN_NUMBER, TRIGGERS

    columns = raw.collect_schema().names()
    # First, which columns have a cell whose first character could be a trigger: two string
    # comparisons per cell (no trigger is a digit, so a column of numbers is cleared at once),
    # about half the cost of the regex that the few columns left then get.
    below, above = [t for t in TRIGGERS if t < "0"], [t for t in TRIGGERS if t > "9"]
    ranges = [(min(x), chr(ord(max(x)) + 1)) for x in (below, above) if x]
    could = collect(raw.select(*[pl.any_horizontal([(pl.col(c) >= lo) & (pl.col(c) < hi) for lo, hi in ranges])
                                 .any().alias(c) for c in columns]), file).row(0, named=True)
    suspects = [c for c in columns if could[c]]
    if not suspects:
        return []
    index = "row" + "_" * (1 + max((len(c) for c in columns), default=0))  # a name no column has
    first = "^[" + "".join(re.escape(x) for x in TRIGGERS) + "]"
    formula = pl.any_horizontal([(pl.col(c).str.contains(first) & ~pl.col(c).str.contains(f"^(?:{PLAIN_NUMBER})$"))
                                 .fill_null(False) for c in suspects])
    hits = collect(raw.with_row_index(index).filter(formula), file)
    if hits.height == 0:
        return []
    frame = pd.DataFrame({c: hits.get_column(c).to_list() for c in columns}, dtype=object)
    rows = hits.get_column(index).to_list()
    return [Problem(p.table, rows[p.line - CSV_LINE_OFFSET] + CSV_LINE_OFFSET, p.field, p.check, p.value, p.message,
                    p.event_id) for p in formula_warnings(frame, table)]


# ------------------------------------------------------------------ standard input, pipes and FIFOs


def is_stream(path: str | Path) -> bool:
    """Whether ``path`` is standard input (``-``) or a stream that can be read only once: a pipe,
    a FIFO (``mkfifo``, ``<(cat file)``) or a character device."""
    if str(path) == "-":
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


@contextmanager
def read_once(path: str | Path | None) -> Iterator[Path | None]:
    """``path`` itself when it is a file; standard input (``-``), a pipe or a FIFO read once, whole,
    into a temporary file (up to MAX_STREAM_BYTES), which the engines then read as often as they
    need and which is removed afterwards. The temporary file keeps the stream's name (``stdin.csv``
    for ``-``), so the table is guessed as for a file; messages name the stream, not the copy."""
    if path is None or not is_stream(path):
        yield None if path is None else Path(path)
        return
    label = "<stdin>" if str(path) == "-" else str(path)
    name = "stdin.csv" if str(path) == "-" else Path(path).name
    if Path(name).suffix.lower() == ".json":
        raise UnusableInput(f"{label}: a datapackage.json is read from a file, beside its resources; not from a stream")
    if not Path(name).suffix:
        name += ".csv"
    with tempfile.TemporaryDirectory(prefix="mideast-events-stream-") as tmp:
        copy = Path(tmp) / name
        try:
            if str(path) == "-":
                copy_stream(sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin, copy, label)
            else:
                with open(path, "rb") as fh:
                    copy_stream(fh, copy, label)
        except OSError as e:
            raise UnusableInput(f"{label}: {descriptor.explain(label, e)}") from None
        try:
            yield copy
        except UnusableInput as e:
            raise UnusableInput(str(e).replace(str(copy), label)) from None


def copy_stream(stream: Any, copy: Path, label: str) -> None:
    """Copy ``stream`` into ``copy``, refusing binary content at once and anything over MAX_STREAM_BYTES."""
    size = 0
    with open(copy, "wb") as out:
        while chunk := stream.read(SNIFF_BYTES * 16):
            if isinstance(chunk, str):  # a text stream standing in for standard input (tests, notebooks)
                chunk = chunk.encode("utf-8")
            if size == 0 and b"\x00" in chunk[:SNIFF_BYTES]:
                raise UnusableInput(f"{label}: binary content (NUL bytes); expected a UTF-8 CSV")
            size += len(chunk)
            if size > MAX_STREAM_BYTES:
                raise UnusableInput(f"{label}: over {MAX_STREAM_BYTES:,} bytes, the limit for standard input or "
                                    "a pipe (read once into a temporary file); save it to a file and validate that")
            out.write(chunk)
