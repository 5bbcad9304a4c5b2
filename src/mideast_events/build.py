"""Regenerate the published package from the dataset CSVs: canonical CSVs (sorted by key,
UTF-8, "\\n"), events.parquet, events.geojson and datapackage.json with bytes, hashes and
row counts. Refuses to publish data that fails validation; writes the new release as one
transaction (a staging folder beside dataset/ switched in at once: a kill leaves the old release
or the new one, whole); the same inputs always give the same bytes.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mideast_events import descriptor, load, schema, validate
from mideast_events._paths import bundle_root, schema_dir
from mideast_events import _files

DERIVED = ("events.parquet", "events.geojson")


class BuildRefused(Exception):
    """The dataset does not validate; nothing was written."""

    def __init__(self, report: validate.Report):
        super().__init__(f"{len(report.problems)} validation problems")
        self.report = report


class NotACheckout(Exception):
    """``build`` was pointed at an installed package; it writes only into a source checkout."""


def _refuse_installed(root: Path) -> None:
    package = Path(__file__).resolve().parent
    if root.resolve().is_relative_to(package):
        raise NotACheckout(
            f"build writes into a source checkout, and {root} is inside the installed package; "
            "to work on the data, clone the repository, run 'python3 -m venv .venv && . .venv/bin/activate "
            "&& pip install -e .' in it and build there (or give --root CHECKOUT)")


@dataclass
class BuildResult:
    written: list[str]
    unchanged: list[str]


def _version(root: Path) -> str:
    pyproject = root / "pyproject.toml"
    if pyproject.exists():
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    return load.__version__


def canonical_csv(raw: pd.DataFrame, table: str) -> bytes:
    """The table's bytes as published: schema column order, sorted by primary key, '\\n' ends."""
    cols = schema.field_names(table)
    frame = raw[cols].sort_values(schema.primary_key(table), kind="stable")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in frame.itertuples(index=False):
        writer.writerow(["" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else v for v in row])
    return buf.getvalue().encode("utf-8")


def parquet_bytes(events_csv: bytes) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = load.read_csv(io.BytesIO(events_csv), "events")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue().to_pybytes()


def _stable_parquet(existing: Path, fresh: bytes) -> bytes:
    """Keep the file on disk when it holds the same table: parquet bytes carry the writer's
    pyarrow version, which must not count as a change of data."""
    if not existing.exists():
        return fresh
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        same = pq.read_table(existing).equals(pq.read_table(pa.BufferReader(fresh)), check_metadata=True)
    except (OSError, pa.ArrowInvalid):
        return fresh
    return existing.read_bytes() if same else fresh


def geojson_bytes(events_csv: bytes) -> bytes:
    frame = pd.read_csv(io.BytesIO(events_csv), dtype=str, keep_default_na=False)
    ints = {f["name"] for f in schema.fields("events") if f["type"] == "integer"}
    features = []
    for rec in frame.to_dict(orient="records"):
        props = {k: (None if v == "" else int(v) if k in ints else v) for k, v in rec.items()
                 if k not in ("latitude", "longitude")}
        features.append({
            "type": "Feature",
            "id": rec["event_id_cnty"],
            "geometry": {"type": "Point", "coordinates": [float(rec["longitude"]), float(rec["latitude"])]},
            "properties": props,
        })
    doc = {"type": "FeatureCollection", "features": features}
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _stats(data: bytes) -> dict[str, Any]:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def _descriptor(root: Path, outputs: dict[str, bytes], rows: dict[str, int]) -> bytes:
    meta = json.loads((schema_dir() / "package.json").read_text(encoding="utf-8"))
    events = pd.read_csv(io.BytesIO(outputs["events.csv"]), usecols=["timestamp"])
    last_change = int(events["timestamp"].max()) if len(events) else 0
    resources = []
    for table in schema.TABLES:
        s = schema.table_schema(table, frictionless=True)
        resources.append({
            "name": table,
            "type": "table",
            "path": f"{table}.csv",
            "title": s.pop("title"),
            "description": s.pop("description"),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            **_stats(outputs[f"{table}.csv"]),
            "rows": rows[table],
            "schema": s,
        })
    derived = [{"path": name, "format": name.rsplit(".", 1)[1], **_stats(outputs[name]),
                "description": "Built from events.csv by mideast-events build."} for name in DERIVED]
    desc = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": meta["name"],
        "title": meta["title"],
        "description": meta["description"],
        "version": _version(root),
        "homepage": meta["homepage"],
        "keywords": meta["keywords"],
        "licenses": meta["licenses"],
        "contributors": meta["contributors"],
        "sources": meta["sources"],
        "x-code-license": meta["code_license"],
        "x-temporal-coverage": meta["temporal_coverage"],
        "x-spatial-coverage": meta["spatial_coverage"],
        "x-last-change": pd.Timestamp(last_change, unit="s").strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": resources,
        "x-derived-files": derived,
    }
    return (json.dumps(desc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def render(root: Path | None = None) -> dict[str, bytes]:
    """Every published file's bytes, computed in memory from ``root/dataset``. Raises
    :class:`BuildRefused` when the data does not validate."""
    root = root or bundle_root()
    ds = descriptor.existing(root / "dataset", "folder")  # a symlink loop is named as one
    report = validate.Report(target=str(ds))
    raws: dict[str, pd.DataFrame] = {}
    for table in schema.TABLES:
        raw = validate.read_raw_csv(ds / f"{table}.csv")
        raws[table] = raw
        report.rows[table] = len(raw)
    outputs: dict[str, bytes] = {}
    frames = {}
    for table, raw in raws.items():
        if list(raw.columns) == schema.field_names(table) or set(raw.columns) == set(schema.field_names(table)):
            outputs[f"{table}.csv"] = canonical_csv(raw.astype(object).where(raw.notna(), None), table)
        frames[table] = validate.check_frame(raw, table, report.problems)
    validate.check_across_tables(frames, report.problems)
    if not report.valid:
        raise BuildRefused(report)
    outputs["events.parquet"] = _stable_parquet(ds / "events.parquet", parquet_bytes(outputs["events.csv"]))
    outputs["events.geojson"] = geojson_bytes(outputs["events.csv"])
    outputs["datapackage.json"] = _descriptor(root, outputs, report.rows)
    return outputs


def build(root: Path | None = None) -> BuildResult:
    """Render everything, then switch in the files whose bytes changed, all at once (and drop
    stray temp files an interrupted run left in dataset/)."""
    root = root or bundle_root()
    _refuse_installed(root)
    ds = root / "dataset"
    _files.recover(ds)  # a build or extract --into killed earlier: roll it back or complete it first
    outputs = render(root)
    written, unchanged = [], []
    for name, data in outputs.items():
        file = ds / name
        if file.exists() and file.read_bytes() == data:
            unchanged.append(name)
        else:
            written.append(name)
    stray = _files.leftovers(ds)
    if written or stray:
        _files.replace_files(ds, {n: outputs[n] for n in written})
        written += [f"(removed {p.name})" for p in stray if p.parent == ds]
    return BuildResult(written, unchanged)


def check(root: Path | None = None) -> list[str]:
    """Names of published files that differ from what a build would write, and the debris of an
    interrupted write (stray temp files in dataset/, a staging folder beside it); empty: no drift."""
    root = root or bundle_root()
    outputs = render(root)
    drift = [n for n, data in outputs.items()
             if not (root / "dataset" / n).exists() or (root / "dataset" / n).read_bytes() != data]
    return drift + [f"{p.name} (left by an interrupted write)" for p in _files.leftovers(root / "dataset")]
