"""The JSON API, version 1: CVs, documents, portfolios, builds."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Route modules attach themselves to `bp`.
from r2w.api import account, builds, cvs, openapi, photos, portfolios, session  # noqa: E402, F401
from r2w.api.helpers import BadRequest, handle_bad_request  # noqa: E402

bp.register_error_handler(BadRequest, handle_bad_request)
