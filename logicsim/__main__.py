"""``python -m logicsim`` is the same as the ``logicsim`` command."""

import sys

from logicsim.cli import main

sys.exit(main())
