"""Headless Chromium (Debian's, driven by Playwright) and a live app server for browser tests."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium floods the closed network with update and sync calls.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def sync_playwright_or_skip() -> Any:
    """Playwright's sync API, or a skip (a failure under CI=true) naming what is missing."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"headless Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the Python package playwright is not installed"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return sync_playwright


class LiveServer:
    """The app served by werkzeug on 127.0.0.1 (port 0) in a background thread."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # Published addresses and build options must point at this very server.
        app.config["PUBLIC_BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
