"""The Pandera schemas of each table (pandas, polars), built from the one truth in schema/
(types, constraints, vocabularies, keys) with the rules of :mod:`mideast_events.rules`
attached as named DataFrame checks. No field, type or enum is written here: all come from
:mod:`mideast_events.schema`. The validator's engines run these column checks.
"""
from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from mideast_events import rules as rules_module
from mideast_events import schema


class _Columns:
    """Stands in for a frame when asking a rule whether a table has the columns it reads."""

    def __init__(self, columns: dict[str, Any]):
        self.columns = list(columns)


def _date_bound(value: str) -> datetime:
    """A date bound from schema/ (ISO text) as a datetime: both pandas' datetime64 and polars'
    Date columns compare with it (pandas refuses a plain ``date``)."""
    return datetime.fromisoformat(value)


def _constraint_checks(check_cls: Any, field: dict[str, Any]) -> list[Any]:
    c = field.get("constraints", {})
    bound = _date_bound if field.get("type") == "date" else (lambda v: v)
    checks = []
    if "enum" in c:
        checks.append(check_cls.isin(c["enum"], name="enum"))
    if "pattern" in c:
        checks.append(check_cls.str_matches(c["pattern"], name="pattern"))
    if "minimum" in c:
        checks.append(check_cls.ge(bound(c["minimum"]), name="minimum"))
    if "maximum" in c:
        checks.append(check_cls.le(bound(c["maximum"]), name="maximum"))
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

    dtypes = schema.pandas_dtypes(name)
    if not categorical:
        dtypes = {c: ("string" if str(t) == "category" else t) for c, t in dtypes.items()}
    columns = {}
    for f in schema.fields(name):
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
        chosen = rules_module.table_rules(name, cross_table=frames is not None)
        checks = [rule.pandera_check(pa.Check, frames) for rule in chosen
                  if frames is None or rule.applies({**frames, name: frames.get(name, _Columns(columns))})]
    pk = schema.primary_key(name)
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

    dtypes = schema.polars_dtypes(name)
    columns = {}
    for f in schema.fields(name):
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
        checks = [rule.polars_check(pa.Check) for rule in rules_module.table_rules(name)]
    pk = schema.primary_key(name)
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True,
                              unique=pk if len(pk) > 1 else None, name=name)
