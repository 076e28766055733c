"""WSGI entry point for the worker-kill test: r2w configured from the environment, whose
extractor waits while the file named by R2W_TEST_EXTRACT_GATE exists.

That holds a CV in its "extracting" phase inside a web worker for as long as the test needs, so
the worker can be killed with the work half done. Run: gunicorn tests.faults.gated_app:app
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from r2w import create_app

GATE_ENV = "R2W_TEST_EXTRACT_GATE"
LONGEST_WAIT = 60.0  # seconds; nothing outlives a broken test run for long


class GatedExtractor:
    """Delegates to the configured extractor once the gate file is gone."""

    def __init__(self, inner: Any, gate: Path) -> None:
        self.inner, self.gate = inner, gate
        self.name, self.version = inner.name, inner.version

    def extract(self, text: str, **kwargs: Any) -> dict:
        """Wait while the gate exists, then extract as usual."""
        deadline = time.monotonic() + LONGEST_WAIT
        while self.gate.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.inner.extract(text, **kwargs)


def gated(flask_app: Any) -> Any:
    """Install the gated extractor on the app when the environment names a gate."""
    gate = os.environ.get(GATE_ENV)
    if gate:
        from r2w.services import get_extractor

        with flask_app.app_context():
            flask_app.extensions["r2w.extractor"] = GatedExtractor(get_extractor(), Path(gate))
    return flask_app


app = gated(create_app())
