"""The pages people see: landing, dashboard, and the CV and portfolio screens."""

from r2w.web.views import bp

__all__ = ["bp"]
