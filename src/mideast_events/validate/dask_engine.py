"""The dask engine: the same checks, partition by partition, for files larger than one
machine's memory or for a cluster.

Each partition is checked by the pandas engine's ``check_frame`` (the Pandera schema from
``pandera_schemas.pandas_schema`` and the rules of ``rules.RULES``), with the partition's rows
numbered as in the whole file. Uniqueness is the one check that needs every row at once: it
is done across partitions, so the report is the one the pandas path gives.

Runs on whatever Dask scheduler is active: threads on this machine by default, or a cluster
after ``dask.distributed.Client("tcp://scheduler:8786")`` (see docs/performance.md).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from mideast_events import schema
from mideast_events.validate.columns import check_columns, layout_problems
from mideast_events.validate.pandas_engine import check_frame, name_frame_rows
from mideast_events.validate.reading import (cut_row, cut_row_problem, dask_blocksize, dask_head, guess_table,
                                             read_strings, sniff_csv)
from mideast_events.validate.report import (CSV_LINE_OFFSET, FORMULA_CHECK, Problem, Report, formula_warnings, message,
                                            row_key)

PROBLEM_COLUMNS = ["table", "line", "field", "check", "value", "message", "event_id"]
UNIQUENESS = ("field_uniqueness", "multiple_fields_uniqueness")


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    rows = [[p.table, p.line, p.field, p.check, p.value, p.message, p.event_id] for p in problems]
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS).astype(object)
    return frame


def check_partition(part: pd.DataFrame, offsets: list[int], table: str, profile: str, layout: Any,
                     label: str, partition_info: dict | None = None) -> pd.DataFrame:
    start = offsets[partition_info["number"]] if partition_info else 0
    raw = part.astype(object).where(part.notna(), None)
    raw.index = pd.RangeIndex(start, start + len(raw))
    problems: list[Problem] = []
    if profile == "acled":
        from mideast_events.acled.convert import normalize

        norm, bad = normalize(raw, layout)
        for b in bad:
            problems.append(Problem(label, b.row + CSV_LINE_OFFSET, b.column, "type", b.value, b.message))
        cols = [c for c in schema.acled_columns() if c in norm.columns]
        check_frame(norm[cols], table, problems, columns=False,
                             skip={(b.row, b.column) for b in bad}, label=label)
        name_frame_rows(problems, norm, table)
    else:
        check_frame(raw, table, problems, columns=False, label=label)
    problems += formula_warnings(raw, label or table, start)  # told apart from problems in validate_csv_dask
    # Duplicates within one partition are not all the duplicates: checked across partitions below.
    return problems_frame([p for p in problems if p.check not in UNIQUENESS])


def partition_pass(part: pd.DataFrame, table: str, profile: str, layout: Any, label: str,
                   keys: dict[str, list[str]]) -> tuple[int, pd.DataFrame, dict[str, pd.Series]]:
    """Everything one read of a partition yields: its row count, its problems (lines counted
    from the partition's start: the caller adds the rows before it) and, for each uniqueness
    check, a 64-bit hash of each row's key (missing where a key value is missing)."""
    problems = check_partition(part, [0], table, profile, layout, label, {"number": 0})
    hashes = {}
    for name, columns in keys.items():
        frame = part[columns].reset_index(drop=True)
        h = pd.util.hash_pandas_object(frame, index=False)
        hashes[name] = h.where(frame.notna().all(axis=1))  # a missing key value never repeats
    return len(part), problems, hashes


def key_problems(frame: pd.DataFrame, rows: pd.Index, columns: list[str], label: str, table: str) -> list[Problem]:
    """One problem per column of each row in ``rows`` (whole-file positions) of ``frame``."""
    check = "multiple_fields_uniqueness" if len(columns) > 1 else "field_uniqueness"
    key = row_key(table, columns)
    return [Problem(label, int(i) + CSV_LINE_OFFSET, c, check, str(frame.at[i, c]),
                    message(check, table, c, str(frame.at[i, c])), None if key is None else str(frame.at[i, key]))
            for i in rows for c in columns]


def validate_csv_dask(path: str | Path, table: str | None = None, profile: str = "mideast",
                 blocksize: str | int | None = "64MB") -> Report:
    """Validate a CSV with Dask: one of our tables (``profile="mideast"``) or a foreign ACLED
    export (``profile="acled"``). ``blocksize`` is the partition size; a larger file with line
    breaks inside quoted cells is read as one partition (Dask splits files at line ends).

    The file is read once: each partition yields its row count, its problems and hashes of its
    uniqueness keys together. Only when two hashes agree are the partitions holding them read
    again, for their key columns alone, to compare the values exactly."""
    import dask
    import dask.dataframe as dd
    from dask.utils import parse_bytes

    path = Path(path)
    head = dask_head(path, sniff_csv(path))
    label = path.name
    layout = None
    pre: list[Problem] = []
    if profile == "acled":
        from mideast_events.acled.layouts import detect_layout, uses_na_token

        na = "NA" if uses_na_token(head) else ""
        layout, _ = detect_layout(head, (), na)
        target = f"{path} (ACLED profile: {layout.describe()}; dask)"
        table = "events"
        pre = layout_problems(layout, label)
        na_values = ["", na] if na else [""]
    else:
        table = table or guess_table(path, list(head.columns))
        check_columns(head.columns, table, pre)
        target = f"{path} (dask)"
        label = None
        na_values = [""]
    cut = cut_row(path)
    if cut is not None and cut.in_quotes:
        # cut inside a quoted value, which dask's reader refuses: the whole rows are read by the
        # pandas engine's reader (into memory: a rare, damaged file), then partitioned as dask would
        whole = read_strings(path, sniff_csv(path), cut_ok=True)
        whole = whole.astype(object).where(whole.notna(), None)
        if na_values != [""]:
            whole = whole.where(~whole.isin(na_values), None)
        size = path.stat().st_size
        block = parse_bytes(blocksize) if isinstance(blocksize, str) else (blocksize or size)
        ddf = dd.from_pandas(whole, npartitions=max(1, -(-size // max(int(block), 1))), sort=False)
    else:
        ddf = dd.read_csv(path, dtype=str, keep_default_na=False, na_values=na_values,
                          blocksize=dask_blocksize(path, blocksize))
    names = layout.names() if layout else {c: c for c in ddf.columns}
    keys: dict[str, list[str]] = {}
    for written, ours in names.items():
        field = next((f for f in schema.fields(table) if f["name"] == ours), None)
        if field and field.get("constraints", {}).get("unique"):
            keys[written] = [written]
    key = schema.primary_key(table)
    if len(key) > 1 and all(c in ddf.columns for c in key):
        keys["|".join(key)] = list(key)
    parts = ddf.to_delayed()
    if cut is not None:  # the last row is cut short: checked without it, and reported once
        if not cut.in_quotes:  # dask's reader read it, its missing fields as empty
            parts[-1] = dask.delayed(lambda p: p.iloc[:-1])(parts[-1])
        pre.append(cut_row_problem(cut, label or table))
    one_pass = dask.delayed(partition_pass, nout=3)
    results = dask.compute(*[one_pass(p, table, profile, layout, label, keys) for p in parts])
    lengths = [n for n, _, _ in results]
    offsets = [sum(lengths[:i]) for i in range(len(lengths))]
    found = []
    for (_, problems, _), start in zip(results, offsets):
        problems = problems.copy()
        problems["line"] = problems["line"].map(lambda v, s=start: v if v is None or pd.isna(v) else int(v) + s)
        found.append(problems)
    report = Report(target=target, rows={label or table: int(sum(lengths))})
    report.problems.extend(pre)
    for frame in found:
        for r in frame.itertuples(index=False):
            line = None if r.line is None or pd.isna(r.line) else int(r.line)
            value = None if r.value is None or (not isinstance(r.value, str) and pd.isna(r.value)) else r.value
            bucket = report.warnings if r.check == FORMULA_CHECK else report.problems
            eid = None if r.event_id is None or (not isinstance(r.event_id, str) and pd.isna(r.event_id)) else r.event_id
            bucket.append(Problem(r.table, line, r.field, r.check, value, r.message, eid))
    for name, columns in keys.items():
        hashes = pd.concat([h[name] for _, _, h in results], ignore_index=True)
        repeated = hashes[hashes.duplicated(keep=False) & hashes.notna()]
        if repeated.empty:
            continue
        # the values of the candidate rows, exactly: only the partitions that hold them
        where = {i for i, start in enumerate(offsets) for r in repeated.index if start <= r < start + lengths[i]}
        values = dask.compute(*[dask.delayed(lambda p, c=columns: p[c].reset_index(drop=True))(parts[i])
                                for i in sorted(where)])
        frame = pd.concat([v.set_axis(pd.RangeIndex(offsets[i], offsets[i] + len(v))) for i, v in
                           zip(sorted(where), values)]).loc[repeated.index].astype(object)
        dupes = frame.index[frame.duplicated(subset=columns, keep=False).to_numpy()]
        report.problems.extend(key_problems(frame, dupes, columns, label or table, table))
    return report
