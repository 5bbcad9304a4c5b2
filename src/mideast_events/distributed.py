"""Validation on Dask (kept for callers of ``distributed.validate_csv``): the engine itself is
:mod:`mideast_events.validate.dask_engine` (one of our tables) and
:func:`mideast_events.validate.acled_profile.validate_acled_dask` (a foreign ACLED export)."""
from __future__ import annotations

from pathlib import Path

from mideast_events.validate.acled_profile import validate_acled_dask
from mideast_events.validate.dask_engine import validate_csv_dask
from mideast_events.validate.report import Report


def validate_csv(path: str | Path, table: str | None = None, profile: str = "mideast",
                 blocksize: str | int | None = "64MB") -> Report:
    """Validate a CSV with Dask: one of our tables (``profile="mideast"``) or a foreign ACLED
    export (``profile="acled"``); ``blocksize``: the bytes each block holds."""
    if profile == "acled":
        return validate_acled_dask(path, blocksize=blocksize)
    return validate_csv_dask(path, table=table, blocksize=blocksize)


__all__ = ["validate_csv"]
