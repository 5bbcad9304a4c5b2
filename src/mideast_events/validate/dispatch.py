"""What a path names, and on which engine it is checked: a datapackage.json (or a folder
holding one), or one CSV file on pandas, polars or dask.

The engine a caller gets without asking (``engine="auto"``) is the fastest one installed for
what it checks: polars for a CSV file of more than ``AUTO_POLARS_BYTES`` (a core dependency:
about 4x faster than pandas on a large file, the same problems); pandas for a smaller file
(start-up costs the same on both there, and pandas' reader also refuses a row with too few
fields, which polars reads as missing trailing values), for a data package, an R file, or
when polars is missing (a broken install). :func:`choose_engine` makes that choice and :func:`engine_note`
says, in one line, when a large file is left on a slower engine.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from mideast_events.validate.report import Report, UnusableInput

ENGINES = ("pandas", "polars", "dask")
AUTO = "auto"
# A file this large takes seconds or more on the pandas and dask engines (about 30 s for a
# 500 MB ACLED export on pandas, 3-4 s on polars): the command says so when one of them is chosen.
LARGE_FILE_BYTES = 50 * 1024 * 1024
TABLE_SUFFIXES = (".csv", ".txt", "")
# Below this size both engines cost the start-up of the process (about the same, measured):
# auto keeps such a file on pandas; above it polars is faster (2,000 ACLED rows, 1 MB: 3.6-4.0 s
# against 4.3-4.7 s as whole processes on a loaded 2-core machine; 100,000 rows: 3.8 s against 6.9 s).
AUTO_POLARS_BYTES = 256 * 1024


def polars_installed() -> bool:
    """Whether polars can be imported (found, not imported: cheap)."""
    try:
        return importlib.util.find_spec("polars") is not None
    except (ImportError, ValueError):
        return False


def is_table_file(path: str | Path | None) -> bool:
    """Whether ``path`` names one CSV file (not a data package, a folder or an R file)."""
    if path is None:
        return False
    p = Path(path)
    return not p.is_dir() and p.suffix.lower() in TABLE_SUFFIXES


def choose_engine(path: str | Path | None, engine: str = AUTO) -> str:
    """The engine that checks ``path``: ``engine`` itself unless it is "auto"; then polars for a
    CSV file larger than AUTO_POLARS_BYTES when polars is installed, else pandas."""
    if engine != AUTO:
        if engine not in ENGINES:
            raise UnusableInput(f"unknown engine {engine!r}: {', '.join(ENGINES[:-1])} or {ENGINES[-1]} (or auto)")
        return engine
    if not is_table_file(path) or not polars_installed():
        return "pandas"
    try:
        size = Path(path).stat().st_size  # type: ignore[arg-type]
    except OSError:
        return "pandas"  # the pandas path says why it cannot be read
    return "polars" if size > AUTO_POLARS_BYTES else "pandas"


# The polars engine holds about this many times a file in memory at its peak (2.3x to 2.9x measured,
# docs/performance.md); the dask engine holds a few blocks at a time.
POLARS_MEMORY_FACTOR = 3


def available_memory() -> int | None:
    """Bytes of memory available to a new process (Linux' MemAvailable), or None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def engine_note(path: str | Path | None, engine: str, requested: str = AUTO) -> str | None:
    """One line for a user whose large file is checked on a slow engine, or on the polars engine
    when it would not fit in the memory available, else None."""
    if not is_table_file(path):
        return None
    try:
        size = Path(path).stat().st_size  # type: ignore[arg-type]
    except OSError:
        return None
    if engine == "polars":
        free = available_memory()
        if free is None or size * POLARS_MEMORY_FACTOR <= free:
            return None
        return (f"note: {Path(path).name} is {size / 1e9:,.1f} GB; the polars engine needs about "
                f"{POLARS_MEMORY_FACTOR}x that in memory and {free / 1e9:,.1f} GB is available: --engine dask "
                "checks it a block at a time, in bounded memory")
    if size < LARGE_FILE_BYTES:
        return None
    mb = size / 1e6
    if requested == AUTO:  # auto fell back to pandas: polars is missing
        return (f"note: {Path(path).name} is {mb:,.0f} MB and polars is not installed, so the slower pandas "
                'engine checks it; pip install "mideast-events[polars]" makes this about 4x faster')
    if engine == "dask":  # 2.4x the polars engine's time at 1M rows, 1.7x at 5M (docs/performance.md)
        return (f"note: {Path(path).name} is {mb:,.0f} MB: on one machine the dask engine checks it about twice "
                "as slowly as the default (polars) engine, which needs about 3x the file in memory; leave out "
                "--engine for the fast one if that fits")
    return (f"note: {Path(path).name} is {mb:,.0f} MB: the {engine} engine checks it several times slower "
            "than the default (polars) engine; leave out --engine for the fast one")


def engine_label(engine: str, requested: str) -> str:
    """How a report names the engine that made it (and why, when it was chosen automatically)."""
    if requested != AUTO:
        return f"[engine: {engine}]"
    if engine == "polars":
        return "[engine: polars, chosen automatically: the fastest for a file this size]"
    return "[engine: pandas, chosen automatically: a small file]" if polars_installed() else \
        "[engine: pandas, chosen automatically: polars is not installed]"


def validate_csv(file: str | Path, table: str | None = None, engine: str = AUTO) -> Report:
    """Validate one CSV file as one of our tables (guessed from its name or header).

    ``engine``: "auto" (default: polars when installed, else pandas), "polars" (the fast path),
    "pandas" (the same checks and the same problems) or "dask" (partitioned, for files larger
    than memory).
    """
    file = Path(file)
    engine = choose_engine(file, engine)
    if engine == "polars":
        from mideast_events.validate.polars_engine import validate_csv_polars

        return validate_csv_polars(file, table)
    if engine == "dask":
        from mideast_events.validate.dask_engine import validate_csv_dask

        return validate_csv_dask(file, table=table)
    from mideast_events.validate.pandas_engine import validate_csv_pandas

    return validate_csv_pandas(file, table)


def validate_path(path: str | Path | None = None, engine: str = AUTO) -> Report:
    """Validate what ``path`` names: a datapackage.json, a folder holding one, or a CSV file
    (on ``engine``, see :func:`validate_csv`). With no path, the bundled package."""
    from mideast_events.validate.package import validate_package

    if path is None:
        return validate_package()
    p = Path(path)
    if p.is_dir() and (p / "datapackage.json").exists():
        return validate_package(p / "datapackage.json")
    if p.suffix == ".json":
        return validate_package(p)
    if p.exists() and not p.is_dir() and p.suffix.lower() not in TABLE_SUFFIXES:
        raise UnusableInput(f"{p}: expected a .csv file or a datapackage.json, not {p.suffix!r}")
    return validate_csv(p, engine=engine)
