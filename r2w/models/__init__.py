"""The r2w data model: accounts, CVs, portfolios and builds, payments."""

from r2w.models.accounts import OAuthIdentity, User
from r2w.models.base import new_id, utcnow
from r2w.models.cvs import CV, CVStatus, Extraction
from r2w.models.deletions import PendingDeletion
from r2w.models.imports import OriginalImport
from r2w.models.payments import Payment, WebhookEvent
from r2w.models.sites import Build, Portfolio

__all__ = [
    "CV",
    "Build",
    "CVStatus",
    "Extraction",
    "OAuthIdentity",
    "OriginalImport",
    "Payment",
    "PendingDeletion",
    "Portfolio",
    "User",
    "WebhookEvent",
    "new_id",
    "utcnow",
]
