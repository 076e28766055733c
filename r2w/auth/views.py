"""Sign-up, sign-in and sign-out pages."""

from __future__ import annotations

import hashlib
from urllib.parse import urlparse

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from r2w.auth.accounts import (
    AccountError,
    authenticate,
    end_session,
    find_user_by_email,
    normalise_email,
    register,
    session_is_current,
    start_session,
)
from r2w.auth.forms import LoginForm, NewPasswordForm, RegisterForm, ResetRequestForm
from r2w.auth.reset import send_reset, set_new_password, user_for_token
from r2w.auth.verification import send_verification, verified_user
from r2w.extensions import db, limiter, login_manager
from r2w.models import User
from r2w.models.accounts import EMAIL_MAX

bp = Blueprint("auth", __name__, url_prefix="/account")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Load the signed-in user for Flask-Login; sessions from before a sign-out-everywhere fail."""
    user = db.session.get(User, user_id)
    if user is None or not session_is_current(user):
        return None
    return user


def _safe_next(default: str) -> str:
    """Only follow `next` to a path on this site (no open redirects)."""
    target = request.args.get("next", "")
    parsed = urlparse(target)
    if target.startswith("/") and not target.startswith("//") and not parsed.netloc:
        return target
    return default


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def register_page():
    """Create an account; anonymous work becomes the new account's."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = register(form.email.data, form.password.data, form.name.data)
        except AccountError as exc:
            db.session.rollback()
            form.email.errors.append(str(exc))
        else:
            start_session(user)
            if send_verification(user):
                flash(f"Welcome to r2w. We sent a link to {user.email}: open it to confirm "
                      "your address.", "success")  # fmt: skip
            else:
                flash("Welcome to r2w. Your account is ready.", "success")
            return redirect(_safe_next(url_for("web.dashboard")))
    status = 400 if form.errors else 200
    return render_template("auth/register.html", form=form), status


def _login_account_key() -> str:
    """Attempts on one account from anywhere share a counter (a hash: no emails in Redis)."""
    email = normalise_email(str(request.form.get("email", "")))[:EMAIL_MAX]
    return "login:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30/hour;10/minute", methods=["POST"])
@limiter.limit(
    _login_account_limit, methods=["POST"], key_func=_login_account_key, scope="login-account"
)
def login_page():
    """Sign in with email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except AccountError as exc:
            db.session.rollback()
            form.password.errors.append(str(exc))
        else:
            start_session(user)
            return redirect(_safe_next(url_for("web.dashboard")))
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.get("/verify/<token>")
def verify_email(token: str):
    """Confirm the address from the emailed link (the link itself is the proof)."""
    if verified_user(token) is None:
        flash("That link is invalid or has expired. Sign in to get a new one.", "error")
        return redirect(url_for("auth.login_page"))
    flash("Thank you: your email address is confirmed.", "success")
    target = "web.dashboard" if current_user.is_authenticated else "auth.login_page"
    return redirect(url_for(target))


@bp.post("/verify/resend")
@login_required
@limiter.limit("5/hour", key_func=lambda: f"verify:{current_user.get_id()}")
def resend_verification():
    """Send the verification link again (CSRF-protected POST, a few an hour)."""
    if current_user.email_verified:
        flash("Your email address is already confirmed.", "info")
    elif send_verification(current_user):
        flash(f"We sent a new link to {current_user.email}.", "success")
    else:
        flash("We could not send the email just now. Please try again later.", "error")
    return redirect(url_for("web.dashboard"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
@limiter.limit(
    _login_account_limit, methods=["POST"], key_func=_login_account_key, scope="reset-account"
)
def reset_request():
    """Send a password reset link; the answer is the same whether the account exists or not."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is not None:
            send_reset(user)
        flash("If an account uses that address, we sent it a link to set a new password.", "info")
        return redirect(url_for("auth.login_page"))
    status = 400 if form.errors else 200
    return render_template("auth/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def reset_password(token: str):
    """Set a new password from the emailed link (it works once, then it is void)."""
    user = user_for_token(token)
    if user is None:
        flash("That link is invalid, used or expired. Ask for a new one.", "error")
        return redirect(url_for("auth.reset_request"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        set_new_password(user, form.password.data)
        flash("Your new password is set. Log in with it.", "success")
        return redirect(url_for("auth.login_page"))
    status = 400 if form.errors else 200
    return render_template("auth/reset_password.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST only, CSRF-protected, so no link can sign someone out)."""
    end_session()
    flash("You are signed out.", "info")
    return redirect(url_for("web.index"))


@login_manager.unauthorized_handler
def unauthorized():
    """Send people to the sign-in page; API clients get a 401 JSON error."""
    from r2w.errors import json_error, wants_json

    if wants_json():
        return json_error(401, "unauthorized", "Sign in to do this.")
    return redirect(url_for("auth.login_page", next=request.full_path.rstrip("?")))


__all__ = ["bp", "current_user"]
