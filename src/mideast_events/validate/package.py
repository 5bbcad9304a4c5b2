"""Package-level checks: a whole data package (every table, the keys across tables, the
cross-table rules, and the bytes/hash/rows that datapackage.json declares)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from mideast_events import descriptor as descriptors
from mideast_events import schema
from mideast_events._paths import dataset_dir
from mideast_events.validate.pandas_engine import check_frame, name_frame_rows, rule_checks
from mideast_events.validate.reading import cut_row, cut_row_problem, read_raw_csv
from mideast_events.validate.report import CSV_LINE_OFFSET, Problem, Report, UnusableInput, formula_warnings


def sha256(file: Path) -> str:
    return "sha256:" + hashlib.sha256(file.read_bytes()).hexdigest()


def foreign_keys(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    for table, frame in frames.items():
        for fk in schema.foreign_keys(table):
            ref_table = fk["reference"]["resource"]
            if ref_table not in frames:
                continue
            mine, theirs = fk["fields"], fk["reference"]["fields"]
            if not all(c in frame.columns for c in mine) or not all(c in frames[ref_table].columns for c in theirs):
                continue
            keys = frames[ref_table][theirs].astype(object).apply(tuple, axis=1)
            own = frame[mine].astype(object).apply(tuple, axis=1)
            nulls = frame[mine].isna().any(axis=1)
            bad = ~own.isin(set(keys)) & ~nulls
            for i in frame.index[bad.to_numpy()]:
                problems.append(Problem(table, int(i) + CSV_LINE_OFFSET, ",".join(mine), "foreign_key",
                                        "; ".join(str(v) for v in own[i]), f"no matching row in {ref_table}.csv"))


def validate_package(descriptor: str | Path | None = None) -> Report:
    """Validate a whole data package: every table, keys across tables, cross-table rules, and
    the bytes/hash/rows that datapackage.json declares."""
    target = Path(descriptor) if descriptor else dataset_dir() / "datapackage.json"
    try:  # the descriptor's shape and every resource path, confined to the package folder
        package = descriptors.load(target)
    except descriptors.InputError as e:
        raise UnusableInput(str(e)) from None
    report = Report(target=str(package.file))
    raws: dict[str, pd.DataFrame] = {}
    frames: dict[str, pd.DataFrame] = {}
    for resource in package.resources:
        name, res = resource.name, resource.entry
        if name not in schema.TABLES:
            continue
        file = Path(resource.path)
        raw = read_raw_csv(file, cut_ok=True)
        cut = cut_row(file)
        if cut is not None:
            report.problems.append(cut_row_problem(cut, name))
        raws[name] = raw
        report.rows[name] = len(raw)
        frames[name] = check_frame(raw, name, report.problems)
        report.warnings += formula_warnings(raw, name)
        declared = {k: res.get(k) for k in ("bytes", "hash", "rows")}
        actual = {"bytes": file.stat().st_size, "hash": sha256(file), "rows": len(raw)}
        for k, v in declared.items():
            if v is not None and v != actual[k]:
                report.problems.append(Problem(name, None, None, f"{k}_drift", str(v),
                                               f"datapackage.json declares {k} {v} but the file has {actual[k]} (run mideast-events build)"))
    missing = [t for t in schema.TABLES if t not in frames]
    if missing:
        report.problems.append(Problem(missing[0], None, None, "missing_resource", None,
                                       "the package lacks tables: " + ", ".join(missing)))
    check_across_tables(frames, report.problems)
    for name, raw in raws.items():  # the rows the cross-table checks found, named too
        name_frame_rows([p for p in report.problems if p.table == name], raw, name)
    return report


def check_across_tables(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Foreign keys and the cross-table rules, over tables already parsed by :func:`check_frame`."""
    foreign_keys(frames, problems)
    for table in frames:
        rule_checks(frames, table, problems, cross=True)


