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
from mideast_events.validate.pandas_engine import check_frame
from mideast_events.validate.reading import dask_blocksize, dask_head, guess_table, sniff_csv
from mideast_events.validate.report import CSV_LINE_OFFSET, FORMULA_CHECK, Problem, Report, formula_warnings, message

PROBLEM_COLUMNS = ["table", "line", "field", "check", "value", "message"]
UNIQUENESS = ("field_uniqueness", "multiple_fields_uniqueness")


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    rows = [[p.table, p.line, p.field, p.check, p.value, p.message] for p in problems]
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
    else:
        check_frame(raw, table, problems, columns=False, label=label)
    problems += formula_warnings(raw, label or table, start)  # told apart from problems in validate_csv_dask
    # Duplicates within one partition are not all the duplicates: checked across partitions below.
    return problems_frame([p for p in problems if p.check not in UNIQUENESS])


def duplicates(part: pd.DataFrame, offsets: list[int], columns: list[str], keys: set, label: str,
                partition_info: dict | None = None) -> pd.DataFrame:
    """Rows whose value (or key of several columns) is in ``keys``: one problem per column."""
    start = offsets[partition_info["number"]] if partition_info else 0
    frame = part[columns].reset_index(drop=True).astype(object)
    own = frame.apply(tuple, axis=1) if len(columns) > 1 else frame[columns[0]]
    check = "multiple_fields_uniqueness" if len(columns) > 1 else "field_uniqueness"
    problems = [Problem(label, start + int(i) + CSV_LINE_OFFSET, c, check,
                                 str(frame.at[i, c]), message(check))
                for i in own.index[own.isin(keys).to_numpy()] for c in columns]
    return problems_frame(problems)


def validate_csv_dask(path: str | Path, table: str | None = None, profile: str = "mideast",
                 blocksize: str | int | None = "64MB") -> Report:
    """Validate a CSV with Dask: one of our tables (``profile="mideast"``) or a foreign ACLED
    export (``profile="acled"``). ``blocksize`` is the partition size; a larger file with line
    breaks inside quoted cells is read as one partition (Dask splits files at line ends)."""
    import dask.dataframe as dd

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
    ddf = dd.read_csv(path, dtype=str, keep_default_na=False, na_values=na_values,
                      blocksize=dask_blocksize(path, blocksize))
    lengths = ddf.map_partitions(len).compute().tolist()
    offsets = [sum(lengths[:i]) for i in range(len(lengths))]
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
    parts = [ddf.map_partitions(check_partition, offsets, table, profile, layout, label, meta=meta)]
    names = layout.names() if layout else {c: c for c in ddf.columns}
    for written, ours in names.items():
        field = next((f for f in schema.fields(table) if f["name"] == ours), None)
        if field and field.get("constraints", {}).get("unique"):
            counts = ddf[written].value_counts().compute()
            dupes = set(counts[counts > 1].index)
            if dupes:
                parts.append(ddf.map_partitions(duplicates, offsets, [written], dupes, label or table, meta=meta))
    key = schema.primary_key(table)
    if len(key) > 1 and all(c in ddf.columns for c in key):
        sizes = ddf.groupby(key).size().compute()
        dupes = set(sizes[sizes > 1].index)
        if dupes:
            parts.append(ddf.map_partitions(duplicates, offsets, key, dupes, label or table, meta=meta))
    found = dd.concat(parts).compute() if len(parts) > 1 else parts[0].compute()
    report = Report(target=target, rows={label or table: int(sum(lengths))})
    report.problems.extend(pre)
    for r in found.itertuples(index=False):
        line = None if pd.isna(r.line) else int(r.line)
        value = None if r.value is None or (not isinstance(r.value, str) and pd.isna(r.value)) else r.value
        bucket = report.warnings if r.check == FORMULA_CHECK else report.problems
        bucket.append(Problem(r.table, line, r.field, r.check, value, r.message))
    return report
