"""The pages people see: landing, progress, editor, theme and publishing, dashboard."""

from flask import Blueprint

bp = Blueprint("web", __name__)

# Page modules attach their routes to `bp`.
from r2w.web import account, cvs, pages, portfolios  # noqa: E402, F401

__all__ = ["bp"]
