"""Writing a file so that readers see either the old bytes or the new ones, never half of them."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(out: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``out``, flush it to disk, then rename it over ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
