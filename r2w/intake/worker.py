"""The reading worker: claims waiting CVs and reads them, one at a time, until told to stop.

In the cloud this is the only place CVs are read (READ_CVS_IN_WEB is off in the web pods), so a
heavy or hostile upload costs a worker pod, never the pods that serve pages.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from pathlib import Path

from r2w.extensions import db

log = logging.getLogger(__name__)


def read_waiting_cvs(should_stop: Callable[[], bool] = lambda: False) -> int:
    """Read every CV waiting for a worker; return how many this pass finished."""
    from r2w.intake.pipeline import fail_exhausted, process_cv, stale_cv_ids

    fail_exhausted()
    done = 0
    for cv_id in stale_cv_ids():
        if should_stop():
            break
        try:
            done += process_cv(cv_id) is not None
        finally:
            db.session.remove()
    return done


class StopFlag:
    """Set by SIGTERM/SIGINT: the CV being read is finished, then the loop ends."""

    def __init__(self) -> None:
        self.stopped = False

    def install(self) -> None:
        """Route SIGTERM and SIGINT to this flag instead of killing the process mid-read."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)

    def _stop(self, signum: int, _frame: object) -> None:
        log.info("reading worker stopping after the current CV", extra={"signal": signum})
        self.stopped = True

    def __call__(self) -> bool:
        return self.stopped


def beat(heartbeat: Path | None) -> None:
    """Touch the heartbeat file the liveness probe checks (a stuck loop stops touching it)."""
    if heartbeat is not None:
        heartbeat.touch()


def run_reading_loop(interval: float, once: bool, heartbeat: Path | None) -> None:
    """Read waiting CVs every ``interval`` seconds until stopped (or once)."""
    stop = StopFlag()
    if not once:
        stop.install()

    def stop_or_beat() -> bool:
        # Asked before each CV: a long queue keeps the heartbeat fresh, a hung read does not.
        beat(heartbeat)
        return stop()

    while not stop():
        beat(heartbeat)  # an idle worker is alive too
        done = read_waiting_cvs(stop_or_beat)
        if done:
            log.info("reading pass", extra={"cvs_read": done})
        if once:
            return
        deadline = time.monotonic() + interval
        while not stop() and time.monotonic() < deadline:
            time.sleep(min(0.5, interval))
