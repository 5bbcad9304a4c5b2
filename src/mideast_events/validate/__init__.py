"""Validate a table file, a data package or a DataFrame against schema/ and the rules.

Everything found goes into one :class:`Report` (per row, per field), printable as text or
JSON. Input that cannot be read at all raises :class:`UnusableInput` with a one-line reason.

The package, one job per module:

- :mod:`.report`: problems, the report, its text and JSON, the messages;
- :mod:`.reading`: sniffing, encodings, limits, and each engine's reader;
- :mod:`.columns`: the header (columns wanted, their order, the columns the checks read);
- :mod:`.pandas_engine`, :mod:`.polars_engine`, :mod:`.dask_engine`: one module per engine;
- :mod:`.package`: a whole data package (foreign keys, cross-table rules, declared hashes);
- :mod:`.acled_profile`: a foreign ACLED export, on any engine;
- :mod:`.dispatch`: what a path names and which engine checks it.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

# Each public name and the module that defines it. They are imported when first asked for
# (PEP 562), so that importing one module of the package (the command imports ``reading``
# first) does not import every engine, and pandas with them, before the file is being read.
_WHERE = {
    "check_columns": "columns", "checked_columns": "columns", "layout_problems": "columns",
    "ENGINES": "dispatch", "validate_csv": "dispatch", "validate_path": "dispatch",
    "check_across_tables": "package", "validate_package": "package",
    "check_frame": "pandas_engine", "parse_frame": "pandas_engine", "validate_dataframe": "pandas_engine",
    "Conversion": "polars_engine", "check_frame_polars": "polars_engine", "validate_csv_polars": "polars_engine",
    "guess_table": "reading", "read_head": "reading", "read_raw_csv": "reading", "scan_polars_strings": "reading",
    "sniff_csv": "reading",
    "CSV_LINE_OFFSET": "report", "Problem": "report", "Report": "report", "UnusableInput": "report",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def validate_acled(path: str | Path, engine: str = "pandas") -> Any:
    """A foreign ACLED export with ACLED's columns and our rules (see :mod:`.acled_profile`)."""
    from mideast_events.validate.acled_profile import validate_acled as run

    return run(path, engine)


__all__ = [
    "CSV_LINE_OFFSET", "ENGINES", "Conversion", "Problem", "Report", "UnusableInput", "check_across_tables",
    "check_columns", "check_frame", "check_frame_polars", "checked_columns", "guess_table", "layout_problems",
    "parse_frame", "read_head", "read_raw_csv", "scan_polars_strings", "sniff_csv", "validate_acled",
    "validate_csv", "validate_csv_polars", "validate_dataframe", "validate_package", "validate_path",
]
