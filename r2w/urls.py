"""The address people reach r2w at, for links that leave the page (public sites, sign-in)."""

from __future__ import annotations

from flask import current_app, has_request_context, request

# Used only outside a request when PUBLIC_BASE_URL is unset: the address `make run` serves.
LOCAL_FALLBACK = "http://127.0.0.1:5000"


def public_base_url() -> str:
    """PUBLIC_BASE_URL without a trailing slash; locally, unset, the request's own scheme and host.

    The cloud always sets PUBLIC_BASE_URL (start-up refuses to run without it), so the request's
    Host header is trusted only on a local run, where it is the person's own browser talking to
    their own machine, on whatever port `make run PORT=…` chose.
    """
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return LOCAL_FALLBACK
