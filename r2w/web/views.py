"""Server-rendered pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

bp = Blueprint("web", __name__)


@bp.get("/")
def index():
    """Landing page: what r2w does, and a place to drop a CV."""
    return render_template("index.html")


@bp.get("/dashboard")
@login_required
def dashboard():
    """The signed-in person's CVs and portfolios."""
    return render_template("dashboard.html", user=current_user)
