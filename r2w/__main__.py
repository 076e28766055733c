"""`python -m r2w`: the r2w command (r2w/console.py)."""

import sys

from r2w.console import main

sys.exit(main())
