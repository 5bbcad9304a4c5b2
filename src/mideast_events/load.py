"""Load the bundled tables as typed DataFrames.

Types come from schema/: dates are dates, vocabulary fields are categoricals whose categories
are the whole vocabulary (not just the values that occur), integers are nullable. This module
imports neither pandera nor frictionless, and polars only when asked for.
"""
from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from mideast_events import extras, schema
from mideast_events._paths import dataset_dir

Backend = Literal["pandas", "polars"]

try:
    __version__ = version("mideast-events")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

# The column types are the schema's (re-exported here for callers of load.pandas_dtypes).
DATE_FORMAT = schema.DATE_FORMAT
pandas_dtypes = schema.pandas_dtypes
polars_dtypes = schema.polars_dtypes


def path(name: str) -> Path:
    """Path of a bundled file: a table name (``"events"``) or a file name (``"events.parquet"``).

    Only a plain file name is taken: one with a folder part (``"../x"``, ``"/etc/passwd"``,
    ``"a/b"``) or ``"."``/``".."`` raises :class:`ValueError`, so no name reaches outside the
    bundled dataset folder."""
    file = f"{name}.csv" if name in schema.TABLES else name
    if not isinstance(file, str) or file in ("", ".", "..") or any(c in file for c in "/\\\0"):
        raise ValueError(f"not a bundled file name: {name!r} (give a table or file name, without a folder)")
    p = dataset_dir() / file
    if not p.exists():
        available = ", ".join(sorted(x.name for x in dataset_dir().iterdir()))
        raise FileNotFoundError(f"no bundled file {file!r}; available: {available}")
    return p


def read_csv(file: str | Path, name: str, backend: Backend = "pandas") -> Any:
    """Read a CSV laid out as table ``name`` with the schema's types."""
    if backend == "polars":
        pl = extras.import_module("polars", "polars", 'backend="polars"')
        dtypes = polars_dtypes(name)
        dates = [c for c, t in dtypes.items() if t == pl.Date]
        frame = pl.read_csv(file, schema_overrides={c: (pl.String if c in dates else t) for c, t in dtypes.items()})
        return frame.with_columns(pl.col(c).str.to_date(DATE_FORMAT) for c in dates)
    if backend != "pandas":
        raise ValueError(f"backend must be 'pandas' or 'polars', not {backend!r}")
    dtypes = pandas_dtypes(name)
    dates = [c for c, t in dtypes.items() if t == "datetime64[s]"]
    frame = pd.read_csv(
        file,
        dtype={c: t for c, t in dtypes.items() if c not in dates},
        parse_dates=dates,
        date_format=DATE_FORMAT,
        keep_default_na=False,
        na_values=[""],
    )
    for c in dates:
        frame[c] = frame[c].astype("datetime64[s]")
    return frame


def load_table(name: str, backend: Backend = "pandas") -> Any:
    """Any bundled table by name (one of ``schema.TABLES``)."""
    return read_csv(path(name), name, backend)


def load_events(backend: Backend = "pandas") -> Any:
    """The events table: one row per event, ACLED's columns first, then this project's."""
    return load_table("events", backend)


def load_sources(backend: Backend = "pandas") -> Any:
    """The sources table: one row per report."""
    return load_table("sources", backend)


def load_event_sources(backend: Backend = "pandas") -> Any:
    """What each source reports about each event."""
    return load_table("event_sources", backend)


def load_actors(backend: Backend = "pandas") -> Any:
    """Every actor named by the events, with aliases and actor types."""
    return load_table("actors", backend)


def load_locations(backend: Backend = "pandas") -> Any:
    """Every place named by the events, with coordinates and their source."""
    return load_table("locations", backend)


def metadata() -> dict[str, Any]:
    """The bundled datapackage.json as a dict."""
    return json.loads(path("datapackage.json").read_text(encoding="utf-8"))


def codebook() -> pd.DataFrame:
    """One row per field of every table: type, required, allowed values, description, ACLED or ours."""
    rows = []
    for table in schema.TABLES:
        for f in schema.fields(table):
            c = f.get("constraints", {})
            rows.append({
                "table": table,
                "field": f["name"],
                "type": f["type"],
                "required": bool(c.get("required", False)),
                "allowed_values": "; ".join(map(str, c["enum"])) if "enum" in c else None,
                "constraints": ", ".join(f"{k}={v}" for k, v in c.items() if k not in ("enum", "required")) or None,
                "origin": ("ACLED" if f.get("x-acled") else "mideast-events") if table == "events" else "mideast-events",
                "description": f["description"],
                "example": None if f.get("example") is None else str(f["example"]),
            })
    frame = pd.DataFrame(rows)
    return frame.astype({c: ("boolean" if c == "required" else "string") for c in frame.columns})


def cite(format: str = "text", event: str | None = None) -> str:
    """How to cite the installed data release.

    :param format: ``"text"`` (one sentence) or ``"bibtex"`` (a BibTeX ``@misc`` entry).
    :param event: an ``event_id_cnty``, to cite one event of this release (it is named in the citation).
    :raises ValueError: for another format.
    """
    meta = metadata()
    version = meta.get("version", __version__)
    title = meta.get("title", "mideast-events")
    year = (meta.get("created") or meta.get("x-last-change") or "")[:4]
    licences = ", ".join(lic["name"] for lic in meta.get("licenses", []))
    url = meta.get("homepage", "")
    if format == "text":
        return (
            f"{title} (version {version}){f', event {event}' if event else ''}. "
            f"mideast-events contributors, {year}. Licensed {licences}." + (f" {url}" if url else "")
        )
    if format == "bibtex":
        key = f"mideast_events_{version}".replace(".", "_") + (f"_{event}" if event else "")
        fields = [("title", f"{{{title}}}"), ("author", "{mideast-events contributors}"), ("year", year),
                  ("version", version), ("note", (f"Event {event}; " if event else "") + f"data release {version}; licence {licences}")]
        if url:
            fields.append(("url", url))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
        return f"@misc{{{key},\n{body}\n}}"
    raise ValueError(f"cite(format={format!r}): use 'text' or 'bibtex'")
