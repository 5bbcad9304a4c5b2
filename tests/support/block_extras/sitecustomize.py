"""Imported at start-up when this folder is on PYTHONPATH: makes the top-level modules named in
$MIDEAST_EVENTS_BLOCK (comma-separated) impossible to import, as if they were not installed."""
import os
import sys

BLOCKED = {m for m in os.environ.get("MIDEAST_EVENTS_BLOCK", "").split(",") if m}


class _NotInstalled:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


if BLOCKED:
    sys.meta_path.insert(0, _NotInstalled())
