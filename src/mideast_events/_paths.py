"""Where the bundled schema/ and dataset/ folders are, in a wheel or in a source checkout."""
from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def bundle_root() -> Path:
    """The folder holding ``schema/`` and ``dataset/``.

    A wheel carries them in ``mideast_events/_data``; a source checkout or an editable
    install has them at the repository root.
    """
    packaged = Path(str(files("mideast_events"))) / "_data"
    if (packaged / "schema").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "schema").is_dir():
        return checkout
    raise FileNotFoundError("mideast_events: neither the packaged data nor a source checkout was found")


def schema_dir() -> Path:
    return bundle_root() / "schema"


def dataset_dir() -> Path:
    return bundle_root() / "dataset"
