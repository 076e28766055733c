"""API routes: who am I, and the CSRF token for scripts."""

from flask import jsonify
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from r2w.api import bp


@bp.get("/session")
def get_session():
    """The visitor's identity and the CSRF token to send as X-CSRFToken."""
    user = None
    if current_user.is_authenticated:
        user = {"id": current_user.id, "email": current_user.email, "name": current_user.name}
    return jsonify(user=user, csrfToken=generate_csrf())
