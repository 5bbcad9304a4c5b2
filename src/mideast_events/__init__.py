"""mideast-events: a curated, validated ACLED-format event dataset, and the tools that check it.

>>> import mideast_events as me
>>> events = me.load_events()            # pandas, typed; me.load_events(backend="polars")

The names below come from :mod:`mideast_events.load`, imported on first use: importing the
package (or running ``mideast-events --help``) does not import pandas.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, imported for real on first attribute access (see __getattr__)
    from mideast_events.load import (
        __version__,
        cite,
        codebook,
        load_actors,
        load_event_sources,
        load_events,
        load_locations,
        load_sources,
        load_table,
        metadata,
        path,
    )

__all__ = [
    "__version__",
    "cite",
    "codebook",
    "load_actors",
    "load_event_sources",
    "load_events",
    "load_locations",
    "load_sources",
    "load_table",
    "metadata",
    "path",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mideast_events import load

        value = getattr(load, name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'mideast_events' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
