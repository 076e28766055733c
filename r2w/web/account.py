"""Account actions from the dashboard that also work without JavaScript."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from r2w.api.account import confirm_matches, delete_account
from r2w.web import bp


@bp.post("/dashboard/delete-account")
@login_required
def delete_account_form():
    """Delete the account once its email is typed; the form's CSRF token is checked first."""
    from r2w.auth.accounts import end_session

    user = current_user._get_current_object()
    if not confirm_matches(user, request.form.get("confirm")):
        flash("Type the email address of your account to confirm deletion.", "error")
        return redirect(url_for("web.dashboard") + "#delete-account")
    delete_account(user)
    end_session()
    flash("Your account and everything in it have been deleted.", "success")
    return redirect(url_for("web.index"))
