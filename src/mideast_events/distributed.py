"""Validation on Dask (kept for callers of ``distributed.validate_csv``): the engine itself is
:mod:`mideast_events.validate.dask_engine`."""
from __future__ import annotations

from mideast_events.validate.dask_engine import validate_csv_dask as validate_csv

__all__ = ["validate_csv"]
