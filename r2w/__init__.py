"""r2w: turn a CV into a portfolio website."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the r2w Flask application (imported lazily so Flask-free layers stay Flask-free)."""
    from r2w.app import build_app

    return build_app(config)
