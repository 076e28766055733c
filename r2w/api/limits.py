"""Rate limits on work that costs r2w: per account when signed in, per client address otherwise."""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from r2w.api.helpers import strict_json
from r2w.extensions import limiter


def account_or_address() -> str:
    """The limit key: the account (whatever address it comes from), else the client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return f"addr:{get_remote_address()}"


def _portfolio_limit() -> str:
    return current_app.config["PORTFOLIO_RATE_LIMIT"]


def _build_limit() -> str:
    return current_app.config["BUILD_RATE_LIMIT"]


def _starts_no_build() -> bool:
    # Only a PATCH that may change the theme or the hidden sections starts a build. The body is
    # parsed the way the view parses it (bounded nesting); the view answers any parse error.
    try:
        body = strict_json(request.get_data())
    except (ValueError, RecursionError):
        return True
    return not (isinstance(body, dict) and ("theme" in body or "hiddenSections" in body))


# Creating a portfolio (which also starts its first build).
limit_portfolios = limiter.limit(_portfolio_limit, key_func=account_or_address, scope="portfolios")
# Starting a build again: one counter for rebuilds and for changes that rebuild.
limit_builds = limiter.shared_limit(
    _build_limit, scope="builds", key_func=account_or_address, exempt_when=_starts_no_build
)
limit_rebuilds = limiter.shared_limit(_build_limit, scope="builds", key_func=account_or_address)
