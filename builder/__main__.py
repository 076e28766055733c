"""Entry point for `python -m builder`."""

import gc

from builder.cli import main

# A build is one short process that frees everything when it exits: collecting cycles while
# its modules load and its pages render costs ~5 ms of a ~100 ms run and frees next to
# nothing (bench/bench_build.py), so the collector stays off.
gc.disable()
raise SystemExit(main())
