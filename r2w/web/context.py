"""What the pages share: the upload drop zone's facts, themes, and lookups of a visitor's work."""

from __future__ import annotations

from typing import Any

from flask import current_app

from r2w.api.cvs import BLANK_CV_NAME
from r2w.api.retention import keep_latest, replaceable_cvs
from r2w.extensions import db
from r2w.models import CV, Portfolio
from r2w.ownership import Owner, current_owner, owned_by
from r2w.sites.publishing import THEMES

ACCEPT = ".pdf,.docx,.txt,.md,.markdown,.rtf,.jpg,.jpeg,.png,.webp"
ACCEPTED_LABEL = "PDF, Word (.docx), plain text, Markdown, RTF, or a photo or scan (JPG, PNG, WebP)"
THEME_INFO = {
    "professional": ("Professional", "A confident blue banner and clean cards.", "#1d4ed8"),
    "creative": ("Creative", "A violet sidebar beside soft, rounded cards.", "#7c3aed"),
    "academic": ("Academic", "A centred serif page, like a typeset CV.", "#8b1d2c"),
    "executive": ("Executive", "Deep navy with a gold rule and serif headings.", "#0b1f3a"),
}


def themes() -> list[dict[str, str]]:
    """The publishing themes with a name, a one-line description and an accent colour."""
    cards = []
    for key in THEMES:
        name, blurb, accent = THEME_INFO.get(key, (key.title(), "", "#4338ca"))
        cards.append({"key": key, "name": name, "blurb": blurb, "accent": accent})
    return cards


def upload_context(owner: Owner | None = None) -> dict[str, Any]:
    """Facts the drop zone shows: accepted types, size limit, and which CV an upload replaces."""
    owner = owner or current_owner()
    replaced = replaceable_cvs(owner, incoming=1)
    return {
        "accept": ACCEPT,
        "accepted_label": ACCEPTED_LABEL,
        "max_mb": current_app.config["MAX_UPLOAD_MB"],
        "keep": keep_latest(),
        "replaces": cv_label(replaced[0]) if replaced else None,
    }


def visitor_cvs(owner: Owner | None = None) -> list[CV]:
    """The visitor's CVs, newest first."""
    query = owned_by(CV, owner or current_owner()).order_by(CV.created_at.desc())
    return list(db.session.scalars(query))


def visitor_portfolios(owner: Owner | None = None) -> list[Portfolio]:
    """The visitor's portfolios, newest first."""
    query = owned_by(Portfolio, owner or current_owner()).order_by(Portfolio.created_at.desc())
    return list(db.session.scalars(query))


def portfolio_of_cv(cv: CV) -> Portfolio | None:
    """The visitor's newest portfolio made from this CV, if any."""
    query = owned_by(Portfolio, current_owner()).where(Portfolio.cv_id == cv.id)
    return db.session.scalar(query.order_by(Portfolio.created_at.desc()).limit(1))


def cv_label(cv: CV) -> str:
    """The CV's file name, or what a CV started by hand is called."""
    if cv.kind == "json" and cv.original_name == BLANK_CV_NAME:
        return "CV started by hand"
    return cv.original_name


def cv_title(cv: CV) -> str:
    """A name for a CV in lists: the person's name and headline if known, else its label."""
    hero = (cv.document or {}).get("hero") or {}
    parts = [p for p in (hero.get("fullName"), hero.get("professionalTitle")) if p]
    return " — ".join(parts) if parts else cv_label(cv)
