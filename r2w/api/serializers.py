"""How API resources look on the wire (camelCase, like the CV document)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, url_for
from sqlalchemy import select

from r2w.extensions import db
from r2w.intake import reviews
from r2w.models import CV, Build, Extraction, Portfolio
from r2w.models.base import aware

PHASE_LABELS = {
    "uploaded": "Uploaded — waiting to be read",
    "reading": "Reading your file",
    "extracting": "Finding the sections of your CV",
    "ready": "Ready to review",
    "failed": "We could not read this CV",
}


def _iso(value: datetime | None) -> str | None:
    # SQLite hands timestamps back without a zone; the API always says they are UTC.
    return aware(value).isoformat() if value else None


def latest_extraction(cv: CV) -> Extraction | None:
    """The most recent extraction run of a CV."""
    return db.session.scalar(
        select(Extraction)
        .where(Extraction.cv_id == cv.id)
        .order_by(Extraction.started_at.desc())
        .limit(1)
    )


def cv_json(cv: CV) -> dict[str, Any]:
    """A CV's status and metadata (the document itself has its own endpoint)."""
    run = latest_extraction(cv)
    return {
        "id": cv.id,
        "status": cv.status,
        "phase": PHASE_LABELS.get(cv.status, cv.status),
        "error": cv.error,
        "originalName": cv.original_name,
        "kind": cv.kind,
        "size": cv.size,
        "sha256": cv.sha256,
        "hasDocument": cv.document is not None,
        "needsReview": reviews.stored_count(cv),
        "revision": cv.document_revision,
        "createdAt": _iso(cv.created_at),
        "updatedAt": _iso(cv.updated_at),
        "extraction": None if run is None else extraction_json(run, run.status),
        "links": cv_links(cv.id),
    }


def extraction_json(run: Any, status: str) -> dict[str, Any]:
    """An extraction run's summary, from its row or from status columns selected beside a CV."""
    return {
        "extractor": run.extractor,
        "extractorVersion": run.extractor_version,
        "status": status,
        "durationMs": run.duration_ms,
        "textMethod": run.text_method,
        "unsupportedPaths": run.unsupported_paths or [],
    }


def cv_links(cv_id: str) -> dict[str, str]:
    """The addresses of a CV's resources."""
    return {
        "self": url_for("api.get_cv", cv_id=cv_id),
        "document": url_for("api.get_document", cv_id=cv_id),
        "review": url_for("api.get_review", cv_id=cv_id),
        "original": url_for("api.download_original", cv_id=cv_id),
    }


def build_json(build: Build) -> dict[str, Any]:
    """A build's status and where to preview it."""
    succeeded = build.status == "succeeded"
    return {
        "id": build.id,
        "portfolioId": build.portfolio_id,
        "theme": build.theme,
        "status": build.status,
        "error": build.error,
        "logTail": build.log_tail,
        "createdAt": _iso(build.created_at),
        "startedAt": _iso(build.started_at),
        "finishedAt": _iso(build.finished_at),
        "previewUrl": url_for("sites.preview", build_id=build.id, path="") if succeeded else None,
        "shareUrl": url_for("sites.preview", build_id=build.id, path="", share=build.preview_token)
        if succeeded
        else None,
    }


def _cdn_url(path: str | None) -> str | None:
    """The published address on the CDN (CloudFront in front of /p/), when one is configured."""
    base = current_app.config.get("CDN_BASE_URL")
    return f"{base.rstrip('/')}{path}" if base and path else None


def portfolio_json(portfolio: Portfolio, latest: Build | None) -> dict[str, Any]:
    """A portfolio with its latest build and what is live."""
    public = url_for("sites.public_site", slug=portfolio.slug, path="") if portfolio.slug else None
    return {
        "id": portfolio.id,
        "cvId": portfolio.cv_id,
        "theme": portfolio.theme,
        "hiddenSections": portfolio.hidden_sections or [],
        "slug": portfolio.slug,
        "liveBuildId": portfolio.live_build_id,
        "previousBuildId": portfolio.previous_build_id,
        "published": portfolio.live_build_id is not None,
        "publishedAt": _iso(portfolio.published_at),
        "publicUrl": public if portfolio.live_build_id else None,
        "cdnUrl": _cdn_url(public) if portfolio.live_build_id else None,
        "latestBuild": build_json(latest) if latest else None,
    }
