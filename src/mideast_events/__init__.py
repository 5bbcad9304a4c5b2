"""mideast-events: a curated, validated ACLED-format event dataset, and the tools that check it.

>>> import mideast_events as me
>>> events = me.load_events()            # pandas, typed; me.load_events(backend="polars")
"""
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
