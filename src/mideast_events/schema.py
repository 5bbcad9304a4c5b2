"""The one reading of ``schema/``: Table Schemas with their vocabularies resolved, and the
Pandera schemas (pandas, polars, PySpark) built from them.

Reading the schema needs only the standard library, so the loader can use it without
importing pandera; the Pandera builders import their backend only when called.
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


@cache
def vocabulary(file: str) -> tuple[dict[str, str], ...]:
    """Rows of a vocabulary CSV in ``schema/vocabularies`` (in file order)."""
    with open(schema_dir() / "vocabularies" / file, newline="", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def vocabulary_values(file: str, column: str) -> list[str]:
    """Distinct values of one vocabulary column, in first-seen order."""
    return list(dict.fromkeys(row[column] for row in vocabulary(file)))


def theatre_of(country: str | None) -> str | None:
    """The theatre (theatres.csv) whose countries include ``country``; None when none does."""
    for row in vocabulary("theatres.csv"):
        if country in [c.strip() for c in row["countries"].split(";")]:
            return row["theatre"]
    return None


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


# ---------------------------------------------------------------- Pandera builders


class _Columns:
    """Stands in for a frame when asking a rule whether a table has the columns it reads."""

    def __init__(self, columns: dict[str, Any]):
        self.columns = list(columns)

def _constraint_checks(check_cls: Any, field: dict[str, Any]) -> list[Any]:
    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        checks.append(check_cls.isin(c["enum"], name="enum"))
    if "pattern" in c:
        checks.append(check_cls.str_matches(c["pattern"], name="pattern"))
    if "minimum" in c:
        checks.append(check_cls.ge(c["minimum"], name="minimum"))
    if "maximum" in c:
        checks.append(check_cls.le(c["maximum"], name="maximum"))
    return checks


def pandas_schema(name: str, *, rules: bool = True, categorical: bool = True,
                  frames: dict[str, Any] | None = None) -> Any:
    """A ``pandera.pandas.DataFrameSchema`` for table ``name`` (typed frames, as loaded).

    With ``rules=True`` the rules of :mod:`mideast_events.rules` are attached as named
    DataFrame checks; given the other tables in ``frames``, the cross-table rules too.
    ``categorical=False`` expects vocabulary columns as plain strings (how the validator
    reads foreign files, so that a value outside the vocabulary is reported, not lost).
    """
    import pandera.pandas as pa

    from mideast_events import load

    dtypes = load.pandas_dtypes(name)
    if not categorical:
        dtypes = {c: ("string" if str(t) == "category" else t) for c, t in dtypes.items()}
    columns = {}
    for f in fields(name):
        required = f.get("constraints", {}).get("required", False)
        columns[f["name"]] = pa.Column(
            dtypes[f["name"]],
            checks=_constraint_checks(pa.Check, f),
            nullable=not required,
            unique=f.get("constraints", {}).get("unique", False),
            description=f.get("description"),
            title=f["name"],
        )
    checks = []
    if rules:
        from mideast_events import rules as rules_mod

        chosen = rules_mod.table_rules(name, cross_table=frames is not None)
        checks = [rule.pandera_check(pa.Check, frames) for rule in chosen
                  if frames is None or rule.applies({**frames, name: frames.get(name, _Columns(columns))})]
    pk = primary_key(name)
    return pa.DataFrameSchema(
        columns,
        checks=checks,
        strict=True,
        ordered=True,
        unique=pk if len(pk) > 1 else None,
        name=name,
    )


@cache
def polars_schema(name: str, *, rules: bool = True) -> Any:
    """A ``pandera.polars.DataFrameSchema`` for table ``name`` (frames from ``load_*(backend="polars")``).
    Built once per process and shared: derive a changed copy rather than changing it."""
    import pandera.polars as pa

    from mideast_events import load

    dtypes = load.polars_dtypes(name)
    columns = {}
    for f in fields(name):
        c = f.get("constraints", {})
        checks = _constraint_checks(pa.Check, f)
        columns[f["name"]] = pa.Column(
            dtypes[f["name"]],
            checks=checks,
            nullable=not c.get("required", False),
            unique=c.get("unique", False),
            description=f.get("description"),
        )
    checks = []
    if rules:
        from mideast_events import rules as rules_mod

        checks = [rule.polars_check(pa.Check) for rule in rules_mod.table_rules(name) if rule.polars is not None]
    pk = primary_key(name)
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True,
                              unique=pk if len(pk) > 1 else None, name=name)
