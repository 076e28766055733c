"""CV pages: reading progress, the editor, and the way into choosing a design."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user

from r2w.api.cvs import BLANK_CV_NAME
from r2w.api.serializers import cv_json
from r2w.intake.photos import photo_state
from r2w.intake.reviews import review_state
from r2w.models import CV
from r2w.ownership import get_owned_or_404
from r2w.urls import public_base_url
from r2w.web import bp
from r2w.web.context import cv_title, portfolio_of_cv, themes
from r2w.web.section_titles import SECTION_TITLES


@bp.get("/cvs/<cv_id>")
def cv_progress(cv_id: str):
    """Follow a CV being read: uploaded → reading → extracting → ready, or why it failed."""
    cv = get_owned_or_404(CV, cv_id)
    return render_template("cvs/progress.html", cv=cv, cv_data=cv_json(cv))


@bp.get("/cvs/<cv_id>/edit")
def cv_editor(cv_id: str):
    """Review and edit every field of the CV document; changes save as you type."""
    cv = get_owned_or_404(CV, cv_id)
    if cv.document is None:
        return redirect(url_for("web.cv_progress", cv_id=cv.id))
    portfolio = portfolio_of_cv(cv)
    # The extraction's paths fit the document only until its first edit (revision 1).
    unedited = cv.document_revision == 1
    review = review_state(cv)
    unsupported = (cv_json(cv).get("extraction") or {}).get("unsupportedPaths", [])
    page = {
        "cvId": cv.id,
        "portfolioId": portfolio.id if portfolio else None,
        "documentUrl": url_for("api.get_document", cv_id=cv.id),
        "schema": _editor_schema(),
        "unsupportedPaths": unsupported if unedited else [],
        # What the review says may be wrong, still open after the person's edits, and where
        # each unedited value was read (shown on the original beside the form).
        "reviewFlags": [f for f in review["flags"] if f["status"] == "open"],
        "provenance": review["provenance"],
        "pagesUrl": url_for("api.list_pages", cv_id=cv.id),
        "dismissUrl": url_for("api.dismiss_flag", cv_id=cv.id),
        "photo": photo_state(cv),
        "photoUrl": url_for("api.get_photo", cv_id=cv.id),
        # Pause after the last keystroke before saving; tests may shorten it.
        "autosaveMs": int(current_app.config.get("EDITOR_AUTOSAVE_MS", 1000)),
    }
    by_hand = cv.kind == "json" and cv.original_name == BLANK_CV_NAME
    return render_template(
        "cvs/edit.html", cv=cv, title=cv_title(cv), page=page, portfolio=portfolio, by_hand=by_hand
    )


@bp.get("/cvs/<cv_id>/site")
def cv_site(cv_id: str):
    """Choose a design for a CV: its existing portfolio, or a theme picker that makes one."""
    cv = get_owned_or_404(CV, cv_id)
    if cv.document is None:
        return redirect(url_for("web.cv_progress", cv_id=cv.id))
    portfolio = portfolio_of_cv(cv)
    if portfolio is not None:
        return redirect(url_for("web.portfolio_page", portfolio_id=portfolio.id))
    return render_template("portfolios/site.html", **site_context(cv, None))


def site_context(cv: CV, portfolio_data: dict | None) -> dict:
    """What the theme, preview and publishing page needs."""
    page = {
        "cvId": cv.id,
        "portfolio": portfolio_data,
        "publicBase": public_base_url() + "/p/",
        # Only a signed-in person can publish; others are asked to sign up before anything else.
        "signedIn": bool(current_user.is_authenticated),
    }
    hideable = [(key, title) for key, title in SECTION_TITLES.items() if key != "hero"]
    hidden = set((portfolio_data or {}).get("hiddenSections") or [])
    return {
        "cv": cv,
        "title": cv_title(cv),
        "page": page,
        "themes": themes(),
        "sections": [{"key": k, "title": t, "shown": k not in hidden} for k, t in hideable],
    }


def _editor_schema() -> dict:
    """The editor's field description (imports the pydantic models: the editor, not start-up)."""
    from r2w.web.editor_schema import editor_schema

    return editor_schema()
