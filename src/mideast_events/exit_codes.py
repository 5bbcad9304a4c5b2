"""The command's exit codes, shared by ``cli`` and the subcommands' own modules."""
from __future__ import annotations

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2  # success/valid, invalid data, unusable input or usage
