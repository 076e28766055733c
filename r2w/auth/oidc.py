"""Sign in with Google or LinkedIn (OpenID Connect through Authlib)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from flask import (
    Blueprint,
    Flask,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import user_logged_in

from r2w.auth.accounts import start_session
from r2w.auth.forms import LoginForm
from r2w.auth.oidc_accounts import (
    SignInProblem,
    account_for,
    link_pending_identity,
    pending_link,
    profile_from_claims,
)
from r2w.auth.oidc_providers import PROVIDERS, client_or_404, configured_providers
from r2w.extensions import db
from r2w.urls import public_base_url

if TYPE_CHECKING:
    from authlib.integrations.base_client import OAuthError

log = logging.getLogger(__name__)
bp = Blueprint("oidc", __name__, url_prefix="/account/oauth")
NEXT_KEY = "oidc_next"


def init_oidc(app: Flask) -> None:
    """Register the sign-in routes and the login buttons (Authlib loads on the first sign-in)."""
    app.register_blueprint(bp)
    user_logged_in.connect(link_pending_identity, app)
    app.context_processor(lambda: {"oauth_providers": configured_providers(app.config)})


def _safe_next(target: str | None) -> str | None:
    """Only keep a same-site path (no open redirects through the provider round trip)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target if not urlparse(target).netloc else None
    return None


def _callback_url(provider: str) -> str:
    base = public_base_url()
    return f"{base}{url_for('oidc.callback', provider=provider)}"


def _problem(status: int, message: str):
    db.session.rollback()
    page = render_template("error.html", status=status, code="sign_in_failed", message=message)
    return page, status


def _unreachable(title: str):
    message = (
        f"{title} cannot be reached right now. Please try again in a minute, "
        "or log in with your email and password."
    )
    return _problem(502, message)


@bp.get("/<provider>/login")
def login(provider: str):
    """Send the person to the provider (Authlib adds and remembers state and nonce)."""
    import requests  # with Authlib: loaded by the first sign-in, not by every process

    client = client_or_404(provider)
    session[NEXT_KEY] = _safe_next(request.args.get("next"))
    try:
        return client.authorize_redirect(_callback_url(provider))
    except requests.RequestException as exc:
        log.warning("provider discovery failed", extra={"provider": provider, "detail": str(exc)})
        return _unreachable(PROVIDERS[provider].title)


def _verified_claims(client: Any) -> dict[str, Any]:
    """Exchange the code; Authlib checks state and the ID token (signature, iss, aud, nonce)."""
    token = client.authorize_access_token()
    claims = token.get("userinfo")
    if not claims:
        # Without an ID token there is no nonce to check, so the response is not trusted.
        raise SignInProblem(400, "The sign-in response had no ID token. Please try again.")
    claims = dict(claims)
    if not claims.get("email"):
        extra = client.userinfo(token=token)
        if extra.get("sub") == claims["sub"]:  # OIDC Core 5.3.2: must be the same person
            claims = {**extra, **claims}
    return claims


def _oauth_problem(title: str, exc: OAuthError):
    from authlib.integrations.base_client import MismatchingStateError

    if isinstance(exc, MismatchingStateError):
        message = "This sign-in expired or was started in another browser. Please start again."
    elif exc.error == "access_denied":
        message = f"You cancelled signing in with {title}. You can log in another way."
    else:
        message = f"{title} could not sign you in. Please try again."
    return _problem(400, message)


@bp.get("/<provider>/callback")
def callback(provider: str):
    """Finish signing in: existing identity, verified email match, or a new account."""
    import requests
    from authlib.integrations.base_client import OAuthError
    from authlib.jose.errors import JoseError

    client = client_or_404(provider)
    title = PROVIDERS[provider].title
    try:
        profile = profile_from_claims(provider, _verified_claims(client))
        user = account_for(profile)
    except OAuthError as exc:
        log.info("provider sign-in refused", extra={"provider": provider, "error": exc.error})
        return _oauth_problem(title, exc)
    except SignInProblem as exc:
        return _problem(exc.status, exc.message)
    except requests.RequestException as exc:
        log.warning("provider unreachable", extra={"provider": provider, "detail": str(exc)})
        return _unreachable(title)
    except (JoseError, ValueError) as exc:
        # JoseError: bad signature, issuer, audience, expiry or nonce; ValueError: unknown key id.
        log.warning("provider ID token rejected", extra={"provider": provider, "detail": str(exc)})
        return _problem(400, f"We could not verify the answer from {title}. Please start again.")
    if user is None:  # the identity waits in the session; nothing is written yet
        return redirect(url_for("oidc.link"))
    start_session(user)
    return redirect(session.pop(NEXT_KEY, None) or url_for("web.dashboard"))


@bp.get("/link")
def link():
    """Ask the person to prove the existing account is theirs before linking the provider."""
    pending = pending_link()
    if pending is None:
        return redirect(url_for("auth.login_page"))
    form = LoginForm(email=pending["email"])
    return render_template(
        "auth/oidc_link.html",
        form=form,
        email=pending["email"],
        provider_title=PROVIDERS[pending["provider"]].title,
    )
