"""The one reading of ``schema/``: Table Schemas with their vocabularies resolved, and the
column types each engine holds them in (pandas, polars).

Reading the schema needs only the standard library, so the loader can use it without
importing pandera; the dtypes import their library only when called. The Pandera schemas
built from this are in :mod:`mideast_events.pandera_schemas`.
"""
from __future__ import annotations

import copy
import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

from mideast_events._paths import schema_dir

TABLES: tuple[str, ...] = ("events", "sources", "event_sources", "actors", "locations")
DATE_FORMAT = "%Y-%m-%d"  # every date field: ISO 8601 calendar dates


@cache
def vocabulary(file: str) -> tuple[dict[str, str], ...]:
    """Rows of a vocabulary CSV in ``schema/vocabularies`` (in file order)."""
    with open(schema_dir() / "vocabularies" / file, newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def vocabulary_values(file: str, column: str) -> list[str]:
    """Distinct values of one vocabulary column, in first-seen order."""
    return list(dict.fromkeys(row[column] for row in vocabulary(file)))


def vocabulary_files() -> list[str]:
    return sorted(p.name for p in (schema_dir() / "vocabularies").glob("*.csv"))


def _typed(value: str, field_type: str) -> Any:
    return int(value) if field_type == "integer" else value


@cache
def _table_schema(name: str) -> dict[str, Any]:
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLES)}")
    raw = json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    for field in raw["fields"]:
        ref = field.pop("x-vocabulary", None)
        if ref:
            values = [_typed(v, field["type"]) for v in vocabulary_values(ref["file"], ref["column"])]
            field.setdefault("constraints", {})["enum"] = values
            # Frictionless 5 ignores `categories`; the enum above is what it enforces.
            field["categories"] = values
            field["x-vocabulary"] = ref
    return raw


def table_schema(name: str, *, frictionless: bool = False) -> dict[str, Any]:
    """The Table Schema of ``name`` with every vocabulary written out as ``constraints.enum``.

    ``frictionless=True`` drops this project's ``x-`` keys, giving the form published in
    datapackage.json.
    """
    schema = copy.deepcopy(_table_schema(name))
    if frictionless:
        for field in schema["fields"]:
            for key in [k for k in field if k.startswith("x-")]:
                del field[key]
    return schema


def fields(name: str) -> list[dict[str, Any]]:
    return _table_schema(name)["fields"]


def field_names(name: str) -> list[str]:
    return [f["name"] for f in fields(name)]


def acled_columns() -> list[str]:
    """ACLED's export columns, in ACLED's order (the events fields flagged ``x-acled``)."""
    return [f["name"] for f in fields("events") if f.get("x-acled")]


def enum_values(name: str, field: str) -> list[Any] | None:
    for f in fields(name):
        if f["name"] == field:
            return f.get("constraints", {}).get("enum")
    raise KeyError(f"{name} has no field {field!r}")


def primary_key(name: str) -> list[str]:
    return list(_table_schema(name).get("primaryKey", []))


def foreign_keys(name: str) -> list[dict[str, Any]]:
    return copy.deepcopy(_table_schema(name).get("foreignKeys", []))


def actor_type_codes() -> dict[str, int]:
    """Actor-type label -> ACLED's numeric code (1-8)."""
    return {row["label"]: int(row["code"]) for row in vocabulary("actor_types.csv")}


def sub_event_types() -> dict[str, tuple[str, str]]:
    """sub_event_type -> (event_type, disorder_type)."""
    return {r["sub_event_type"]: (r["event_type"], r["disorder_type"]) for r in vocabulary("event_types.csv")}


def schema_path(name: str) -> Path:
    return schema_dir() / f"{name}.schema.json"


# ---------------------------------------------------------------- column types


def is_categorical(field: dict[str, Any]) -> bool:
    """A string field with a vocabulary: a categorical whose categories are the vocabulary."""
    return field["type"] == "string" and "enum" in field.get("constraints", {})


@cache
def _pandas_dtypes(name: str) -> dict[str, Any]:
    import pandas as pd

    out: dict[str, Any] = {}
    for f in fields(name):
        if is_categorical(f):
            out[f["name"]] = pd.CategoricalDtype(f["constraints"]["enum"])
        elif f["type"] == "integer":
            out[f["name"]] = "Int64"
        elif f["type"] == "number":
            out[f["name"]] = "Float64"
        elif f["type"] == "date":
            out[f["name"]] = "datetime64[s]"
        else:
            out[f["name"]] = "string"
    return out


def pandas_dtypes(name: str) -> dict[str, Any]:
    """Column -> pandas dtype for table ``name``, as ``load.load_table`` returns it."""
    return dict(_pandas_dtypes(name))


def polars_dtypes(name: str) -> dict[str, Any]:
    """Column -> polars dtype for table ``name`` (vocabularies become ``pl.Enum``)."""
    from mideast_events import extras

    pl = extras.import_module("polars", "polars", 'backend="polars"')

    out: dict[str, Any] = {}
    for f in fields(name):
        if is_categorical(f):
            out[f["name"]] = pl.Enum(f["constraints"]["enum"])
        elif f["type"] == "integer":
            out[f["name"]] = pl.Int64
        elif f["type"] == "number":
            out[f["name"]] = pl.Float64
        elif f["type"] == "date":
            out[f["name"]] = pl.Date
        else:
            out[f["name"]] = pl.String
    return out
