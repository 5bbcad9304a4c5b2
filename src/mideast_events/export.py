"""``mideast-events export``: the bundled events (or any events file) in another format."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from mideast_events import acled, build, load, ucdp
from mideast_events._files import atomic_write

FORMATS = ("acled", "ucdp", "geojson", "parquet")


def _events(source: str | Path | None) -> tuple[pd.DataFrame, bytes, pd.DataFrame | None]:
    """Typed events, their CSV bytes in our layout, and event_sources when bundled."""
    if source is None:
        data = load.path("events").read_bytes()
        return load.read_csv(io.BytesIO(data), "events"), data, load.load_event_sources()
    events = acled.from_acled(source)
    text = acled.acled_csv(acled.to_acled(events, acled.standard_layout(dates="api")))
    return events, text.encode("utf-8"), None


def render(fmt: str, source: str | Path | None = None, *, codes: str = "text", dates: str = "export") -> bytes:
    """The bytes of the export in ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    events, csv_bytes, event_sources = _events(source)
    if fmt == "acled":
        layout = acled.standard_layout(codes=codes, dates=dates)
        return acled.acled_csv(acled.to_acled(events, layout)).encode("utf-8")
    if fmt == "ucdp":
        return ucdp.to_csv(ucdp.to_ucdp(events, event_sources)).encode("utf-8")
    if source is not None:  # ACLED files lack our columns: write ACLED's only
        events = events[[c for c in events.columns if c in load.pandas_dtypes("events")]]
    if fmt == "geojson":
        if source is None:
            return build._geojson_bytes(csv_bytes)
        return build._geojson_bytes(_our_csv(events))
    return build._parquet_bytes(csv_bytes) if source is None else _parquet(events)


def _our_csv(events: pd.DataFrame) -> bytes:
    out = events.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime(load.DATE_FORMAT)
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _parquet(events: pd.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(events, preserve_index=False), buf, compression="zstd")
    return buf.getvalue().to_pybytes()


def export(fmt: str, out: str | Path | None = None, source: str | Path | None = None, **kw) -> bytes:
    """Render and, given ``out``, write atomically; returns the bytes."""
    data = render(fmt, source, **kw)
    if out is not None:
        atomic_write(Path(out), data)
    return data
