"""`python -m mideast_events ...` runs the command-line tool."""
import sys

from mideast_events.cli import main

sys.exit(main())
