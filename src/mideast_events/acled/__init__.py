"""ACLED's formats: the layouts of ACLED's files (:mod:`.layouts`: eras, actor-type codes,
date styles, monadic files) and exact conversion to and from our events (:mod:`.convert`).

>>> from mideast_events import acled
>>> events = acled.from_acled("2024-acled-export.csv")   # doctest: +SKIP
>>> acled.write_acled(events, "back.csv")                 # the same cells, the same layout
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from mideast_events.acled.convert import (
    BadValue,
    acled_csv,
    calendar_date,
    date_problem,
    from_acled,
    normalize,
    parse_dates,
    read_raw,
    stringify,
    to_acled,
    write_acled,
)
from mideast_events.acled.layouts import (
    LATER_COLUMNS,
    LEGACY_COLUMNS,
    MONADIC_DROPS,
    MONTHS,
    NA_PROBE_COLUMNS,
    NA_PROBE_ROWS,
    RENAMED,
    SAMPLE_ROWS,
    SAMPLED_COLUMNS,
    AcledError,
    AcledWarning,
    Layout,
    code_maps,
    describe_column,
    detect_layout,
    our_name,
    standard_layout,
    uses_na_token,
)


def validate_acled(path: str | Path, engine: str = "pandas") -> Any:
    """Check a foreign ACLED export with ACLED's columns and our rules on them (see
    :func:`mideast_events.validate.acled_profile.validate_acled`)."""
    from mideast_events.validate.acled_profile import validate_acled as run

    return run(path, engine)


__all__ = [
    "LATER_COLUMNS", "LEGACY_COLUMNS", "MONADIC_DROPS", "MONTHS", "NA_PROBE_COLUMNS", "NA_PROBE_ROWS", "RENAMED",
    "SAMPLE_ROWS", "SAMPLED_COLUMNS",
    "AcledError", "AcledWarning", "BadValue", "Layout", "acled_csv", "calendar_date", "code_maps", "date_problem",
    "describe_column", "detect_layout", "from_acled", "normalize", "our_name", "parse_dates", "read_raw",
    "standard_layout", "stringify", "to_acled", "uses_na_token", "validate_acled", "write_acled",
]
