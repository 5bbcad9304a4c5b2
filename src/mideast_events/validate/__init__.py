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

from pathlib import Path

from mideast_events.validate.columns import check_columns, checked_columns, layout_problems
from mideast_events.validate.dispatch import ENGINES, validate_csv, validate_path
from mideast_events.validate.package import check_across_tables, validate_package
from mideast_events.validate.pandas_engine import check_frame, parse_frame, validate_dataframe
from mideast_events.validate.polars_engine import Conversion, check_frame_polars, validate_csv_polars
from mideast_events.validate.reading import guess_table, read_head, read_raw_csv, scan_polars_strings, sniff_csv
from mideast_events.validate.report import CSV_LINE_OFFSET, Problem, Report, UnusableInput


def validate_acled(path: str | Path, engine: str = "pandas") -> Report:
    """A foreign ACLED export with ACLED's columns and our rules (see :mod:`.acled_profile`)."""
    from mideast_events.validate.acled_profile import validate_acled as run

    return run(path, engine)


__all__ = [
    "CSV_LINE_OFFSET", "ENGINES", "Conversion", "Problem", "Report", "UnusableInput", "check_across_tables",
    "check_columns", "check_frame", "check_frame_polars", "checked_columns", "guess_table", "layout_problems",
    "parse_frame", "read_head", "read_raw_csv", "scan_polars_strings", "sniff_csv", "validate_acled",
    "validate_csv", "validate_csv_polars", "validate_dataframe", "validate_package", "validate_path",
]
