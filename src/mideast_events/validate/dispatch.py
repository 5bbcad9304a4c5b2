"""What a path names, and on which engine it is checked: a datapackage.json (or a folder
holding one), or one CSV file on pandas, polars or dask."""
from __future__ import annotations

from pathlib import Path

from mideast_events.validate.package import validate_package
from mideast_events.validate.pandas_engine import validate_csv_pandas
from mideast_events.validate.polars_engine import validate_csv_polars
from mideast_events.validate.report import Report, UnusableInput

ENGINES = ("pandas", "polars", "dask")


def validate_csv(file: str | Path, table: str | None = None, engine: str = "pandas") -> Report:
    """Validate one CSV file as one of our tables (guessed from its name or header).

    ``engine``: "pandas" (default), "polars" (the fast path; the same checks and the same
    problems) or "dask" (partitioned, for files larger than memory).
    """
    file = Path(file)
    if engine == "polars":
        return validate_csv_polars(file, table)
    if engine == "dask":
        from mideast_events.validate.dask_engine import validate_csv_dask

        return validate_csv_dask(file, table=table)
    if engine != "pandas":
        raise UnusableInput(f"unknown engine {engine!r}: {', '.join(ENGINES[:-1])} or {ENGINES[-1]}")
    return validate_csv_pandas(file, table)


def validate_path(path: str | Path | None = None) -> Report:
    """Validate what ``path`` names: a datapackage.json, a folder holding one, or a CSV file.
    With no path, the bundled package."""
    if path is None:
        return validate_package()
    p = Path(path)
    if p.is_dir() and (p / "datapackage.json").exists():
        return validate_package(p / "datapackage.json")
    if p.suffix == ".json":
        return validate_package(p)
    if p.exists() and not p.is_dir() and p.suffix.lower() not in (".csv", ".txt", ""):
        raise UnusableInput(f"{p}: expected a .csv file or a datapackage.json, not {p.suffix!r}")
    return validate_csv(p)
