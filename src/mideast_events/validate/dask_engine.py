"""The dask engine: the same checks, block by block, for files larger than one machine's
memory or for a cluster.

Dask cuts the file into blocks of bytes at line ends (``dask.bytes.read_bytes``: the file is
read once, a block at a time); each block is parsed and checked by the polars engine
(``check_frame_polars``: the Pandera schema from ``pandera_schemas.polars_schema`` and the
rules of ``rules.RULES``), with the block's rows numbered as in the whole file. Polars parses
and checks outside Python's GIL, so Dask's threads run blocks side by side. Uniqueness is the
one check that needs every row at once: each block gives hashes of its keys, compared across
blocks; only blocks holding a repeated hash are read again, for their key columns, to compare
the values exactly. The report is the one the other engines give.

Runs on whatever Dask scheduler is active: threads on this machine by default, or a cluster
after ``dask.distributed.Client("tcp://scheduler:8786")`` (see docs/performance.md).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mideast_events import schema
from mideast_events.validate.columns import check_columns, checked_columns
from mideast_events.validate.polars_engine import Conversion, check_frame_polars
from mideast_events.validate.reading import (collect, cut_row, cut_row_problem, dask_blocksize, formula_warnings_polars, guess_table,
                                             header_names, sniff_csv)
from mideast_events.validate.report import CSV_LINE_OFFSET, Problem, Report, cell_text, message, row_key

UNIQUENESS = ("field_uniqueness", "multiple_fields_uniqueness")


@dataclass
class Plan:
    """How each block of a file is checked.

    ``names``: the file's column names; ``select`` turns a block (a lazy polars frame of text in
    those names) into the frame checked, in our column names; ``keys``: for each uniqueness check,
    its key columns (our names); ``skip_first``: the file's first data row is no data (HDX's
    hashtag line: left out; lines are then counted as if it were not there, as on polars)."""

    table: str
    names: list[str]
    label: str | None = None
    null_values: tuple[str, ...] = ("",)
    select: Callable[[Any], Any] = lambda frame: frame
    conversions: Callable[[Any], dict[str, Conversion]] | None = None
    keys: dict[str, list[str]] = field(default_factory=dict)
    skip_first: bool = False


def uniqueness_keys(table: str, present: list[str]) -> dict[str, list[str]]:
    """For each uniqueness check of ``table`` whose columns are all ``present``: its columns."""
    keys = {f["name"]: [f["name"]] for f in schema.fields(table)
            if f.get("constraints", {}).get("unique") and f["name"] in present}
    key = schema.primary_key(table)
    if len(key) > 1 and all(c in present for c in key):
        keys["|".join(key)] = list(key)
    return keys


def read_block(block: bytes, first: bool, plan: Plan, file: Path) -> Any:
    """One block of the file as a polars DataFrame of text in the file's column names."""
    import polars as pl

    if not block.strip():
        return pl.DataFrame(schema={n: pl.String for n in plan.names})
    frame = collect(pl.scan_csv(block, has_header=first, new_columns=plan.names, infer_schema=False,
                                null_values=list(plan.null_values)), file)
    return frame.slice(1) if first and plan.skip_first else frame


def block_pass(block: bytes, first: bool, plan: Plan, file: Path) -> tuple[int, list[Problem], list[Problem], Any]:
    """Everything one read of a block yields: its row count, its problems and formula warnings
    (lines counted from the block's start: the caller adds the rows before it), and, for each
    uniqueness check, a 64-bit hash of each row's key (null where a key value is missing)."""
    import polars as pl

    raw = read_block(block, first, plan, file).lazy()
    problems: list[Problem] = []
    rows = check_frame_polars(plan.select(raw), plan.table, problems, file, conversions=plan.conversions,
                              label=plan.label)
    # duplicates within one block are not all the duplicates: checked across blocks (see key_problems)
    problems = [p for p in problems if p.check not in UNIQUENESS]
    warnings = formula_warnings_polars(raw, plan.label or plan.table, file)
    keyed = plan.select(raw)
    hashes = keyed.select(*[
        pl.when(pl.all_horizontal([pl.col(c).is_not_null() for c in columns]))
        .then(pl.struct(columns).hash() if len(columns) > 1 else pl.col(columns[0]).hash()).alias(name)
        for name, columns in plan.keys.items()]).collect() if plan.keys else None
    return rows, problems, warnings, hashes


def block_keys(block: bytes, first: bool, plan: Plan, file: Path, columns: list[str]) -> Any:
    """The key columns of one block (read again: only blocks holding a repeated hash are)."""
    return plan.select(read_block(block, first, plan, file).lazy()).select(columns).collect()


def shifted(problems: list[Problem], rows: int) -> list[Problem]:
    """``problems`` of a block, their lines moved down by the ``rows`` before it."""
    for p in problems:
        if p.line is not None:
            p.line += rows
    return problems


def check_blocks(path: Path, plan: Plan, report: Report, blocksize: str | int | None) -> None:
    """Check ``path`` block by block (see the module): rows, problems and warnings into ``report``."""
    import dask
    import polars as pl
    from dask.bytes import read_bytes

    _, [blocks] = read_bytes(str(path), delimiter=b"\n", blocksize=dask_blocksize(path, blocksize), sample=False)
    cut = cut_row(path)
    if cut is not None:  # the cut row is the file's tail, so the last block's tail: left out there
        tail = path.stat().st_size - cut.start
        blocks = [*blocks[:-1], dask.delayed(lambda b: b[:max(0, len(b) - tail)])(blocks[-1])]
    one_pass = dask.delayed(block_pass, nout=4)
    results = dask.compute(*[one_pass(b, i == 0, plan, path) for i, b in enumerate(blocks)])
    lengths = [n for n, _, _, _ in results]
    offsets = [sum(lengths[:i]) for i in range(len(lengths))]
    for (_, problems, warnings, _), start in zip(results, offsets):
        report.problems.extend(shifted(problems, start))
        report.warnings.extend(shifted(warnings, start))
    report.rows[plan.label or plan.table] = int(sum(lengths))
    for name, columns in plan.keys.items():
        hashes = pl.concat([h.get_column(name) for _, _, _, h in results])
        repeated = set(hashes.filter(hashes.is_duplicated() & hashes.is_not_null()).to_list())
        if not repeated:
            continue
        where = sorted({i for i, (_, _, _, h) in enumerate(results) if h.get_column(name).is_in(list(repeated)).any()})
        # the key columns, and the column that names a row in a report (as the other engines name it)
        named_by = row_key(plan.table, plan.select(read_block(b"", True, plan, path).lazy()).collect_schema().names())
        wanted = columns + [named_by] if named_by is not None and named_by not in columns else columns
        values = dask.compute(*[dask.delayed(block_keys)(blocks[i], i == 0, plan, path, wanted) for i in where])
        frame = pl.concat([v.with_row_index("__row", offset=offsets[i]) for i, v in zip(where, values)])
        key = pl.col(columns[0]) if len(columns) == 1 else pl.struct(columns)
        dupes = frame.filter(key.is_duplicated() & pl.all_horizontal([pl.col(c).is_not_null() for c in columns]))
        report.problems.extend(key_problems(dupes, columns, plan.label or plan.table, named_by))
    if cut is not None:  # the last row cut short: one problem (the blocks were read without it)
        problem = cut_row_problem(cut, plan.label or plan.table)
        problem.line = cut.line - (1 if plan.skip_first else 0)  # counted as the blocks count (the caller shifts)
        report.problems.append(problem)


def key_problems(dupes: Any, columns: list[str], label: str, named_by: str | None = None) -> list[Problem]:
    """One problem per key column of each row of ``dupes`` (rows whose key repeats; ``__row``:
    the row's position in the whole file), each row named by its ``named_by`` cell as the other
    engines name it."""
    check = "multiple_fields_uniqueness" if len(columns) > 1 else "field_uniqueness"

    def name(row: dict[str, Any]) -> str | None:
        v = row.get(named_by) if named_by is not None else None
        return None if v is None or cell_text(v) == "<NA>" else str(v)

    return [Problem(label, row["__row"] + CSV_LINE_OFFSET, c, check,
                    None if row[c] is None else str(row[c]), message(check), name(row))
            for row in dupes.iter_rows(named=True) for c in columns]


def validate_csv_dask(path: str | Path, table: str | None = None, blocksize: str | int | None = "64MB") -> Report:
    """Validate one of our tables in a CSV file with Dask. ``blocksize`` is the size of each
    block; a larger file with line breaks inside quoted cells is read as one block (Dask cuts
    files at line ends). A foreign ACLED export: ``acled_profile.validate_acled_dask``."""
    path = Path(path)
    names = header_names(path, sniff_csv(path))
    table = table or guess_table(path, names)
    report = Report(target=f"{path} (dask)")
    check_columns(names, table, report.problems)
    wanted = checked_columns(table, names)
    plan = Plan(table, names, select=lambda frame: frame.select(wanted), keys=uniqueness_keys(table, wanted))
    check_blocks(path, plan, report, blocksize)
    return report
