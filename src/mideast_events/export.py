"""``mideast-events export``: the bundled events (or any events file) in another format.

The CSV formats (acled, ucdp) neutralise formula cells by default (a leading ``'``, as OWASP
advises against CSV injection; see :mod:`mideast_events.formulas`); ``raw_formulas=True`` writes
them as they are. GeoJSON and parquet are not spreadsheets' formats and carry the values unchanged.
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path

import pandas as pd

from mideast_events import acled, build, descriptor, formulas, load, schema, ucdp
from mideast_events._files import atomic_write

FORMATS = ("acled", "ucdp", "geojson", "parquet")


def _events(source: str | Path | None) -> tuple[pd.DataFrame, bytes, pd.DataFrame | None]:
    """Typed events, their CSV bytes in our layout, and event_sources when bundled."""
    if source is None:
        data = load.path("events").read_bytes()
        return load.read_csv(io.BytesIO(data), "events"), data, load.load_event_sources()
    events = acled.from_acled(descriptor.existing(source))
    text = acled.acled_csv(acled.to_acled(events, acled.standard_layout(dates="api")))
    return events, text.encode("utf-8"), None


def render(fmt: str, source: str | Path | None = None, *, codes: str | None = None, dates: str | None = None,
           raw_formulas: bool = False) -> bytes:
    """The bytes of the export in ``fmt``.

    ``acled``: an ACLED export given as ``source`` is written back in its own layout (era,
    columns and their order, codes, date style, missing-value token, line ending, HDX hashtag
    line), so a round trip gives the same cells; ``codes`` / ``dates`` change only what they
    name. Our own events are written as a current export (text codes, export-tool dates unless
    told otherwise)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    events, csv_bytes, event_sources = _events(source)
    if fmt == "acled":
        layout = events.attrs.get("acled_layout") if source is not None else None
        if layout is None or _ours(layout):
            layout = acled.standard_layout(codes=codes or "text", dates=dates or "export")
        cells = acled.to_acled(events, layout, codes=codes, dates=dates)
        final = cells.attrs["acled_layout"]
        return acled.acled_csv(_safe(cells, raw_formulas), na=final.na, layout=final).encode("utf-8")
    if fmt == "ucdp":
        return ucdp.to_csv(_safe(ucdp.to_ucdp(events, event_sources), raw_formulas)).encode("utf-8")
    if source is not None:  # ACLED files lack our columns: write ACLED's only
        events = events[[c for c in events.columns if c in load.pandas_dtypes("events")]]
    if fmt == "geojson":
        if source is None:
            return build.geojson_bytes(csv_bytes)
        return build.geojson_bytes(_our_csv(events))
    return build.parquet_bytes(csv_bytes) if source is None else _parquet(events)


def _ours(layout: acled.Layout) -> bool:
    """Whether a file read as ACLED is this project's own events table (it has our added columns)."""
    added = set(load.pandas_dtypes("events")) - set(schema.acled_columns())
    return bool(added & set(layout.names().values()))


def _safe(cells: pd.DataFrame, raw: bool) -> pd.DataFrame:
    """The CSV cells with formula cells neutralised (unless ``raw``), saying how many on stderr."""
    if raw:
        return cells
    safe, n = formulas.neutralise(cells)
    if n:
        warnings.warn(f"{n} formula cell(s) (starting with = + - @ tab or CR) written with a leading ' "
                      "so spreadsheets show them as text; --raw-formulas writes them as they are", stacklevel=3)
    return safe


def _our_csv(events: pd.DataFrame) -> bytes:
    out = events.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime(load.DATE_FORMAT)
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _parquet(events: pd.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    plain = events.copy(deep=False)
    plain.attrs = {}  # the ACLED layout read with the file is not parquet metadata (and not JSON)
    buf = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(plain, preserve_index=False), buf, compression="zstd")
    return buf.getvalue().to_pybytes()


def export(fmt: str, out: str | Path | None = None, source: str | Path | None = None, **kw) -> bytes:
    """Render and, given ``out``, write atomically; returns the bytes."""
    data = render(fmt, source, **kw)
    if out is not None:
        atomic_write(Path(out), data)
    return data
