"""``python -m equipref``: the same as the ``equipref`` command."""

import sys

from equipref.cli import main

sys.exit(main())
