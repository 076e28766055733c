"""The application factory: settings, then extensions, then backends and blueprints."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from r2w import config as settings


def _instance_path(config: dict[str, Any]) -> str | None:
    path = config.get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH")
    return os.path.abspath(path) if path else None


def default_instance_path() -> str:
    """The instance folder Flask gives the r2w app when INSTANCE_PATH does not name one."""
    from flask.sansio.scaffold import find_package

    # As Flask.auto_find_instance_path does for the import name "r2w".
    prefix, package_path = find_package("r2w")
    if prefix is None:
        return os.path.join(package_path, "instance")
    return os.path.join(prefix, "var", "r2w-instance")


def read_settings(config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The validated r2w settings create_app would use, read without building an app."""
    config = dict(config or {})
    merged = settings.merged(config, _instance_path(config) or default_instance_path())
    settings.validate(merged)
    return merged


def load_settings(app: Flask, config: dict[str, Any]) -> None:
    """Defaults for the environment, then the process environment, then explicit config."""
    merged = settings.merged(config, app.instance_path)
    if not merged.get("SECRET_KEY") and settings.environment_of(config) in ("local", "test"):
        merged["SECRET_KEY"] = settings.local_secret_key(app.instance_path)
    settings.validate(merged)
    app.config.update(merged)
    derived = settings.flask_settings(merged)
    # Explicit config may override derived Flask settings too (tests use this).
    app.config.update({k: v for k, v in derived.items() if k not in config})


def init_sessions(app: Flask) -> None:
    """Server-side sessions: Redis in the cloud, a folder locally (Flask-Session)."""
    from r2w.extensions import sessions

    if app.config["SESSION_BACKEND"] == "redis":
        import redis

        app.config["SESSION_TYPE"] = "redis"
        app.config.setdefault(
            "SESSION_REDIS",
            redis.Redis.from_url(
                app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2
            ),
        )
    else:
        from cachelib import FileSystemCache

        app.config["SESSION_TYPE"] = "cachelib"
        app.config["SESSION_CACHELIB"] = FileSystemCache(
            app.config["SESSION_DIR"], threshold=0, default_timeout=7 * 24 * 3600
        )
    app.config["SESSION_KEY_PREFIX"] = "r2w:session:"
    sessions.init_app(app)
    from r2w.sessions import keep_session_alive

    app.after_request(keep_session_alive)
    if app.config["SESSION_BACKEND"] == "redis":
        guard_session_store(app)


def guard_session_store(app: Flask) -> None:
    """Answer 503 when the session store is down, through the app's own error handling.

    Without this the store's error escapes while Flask opens the session, before any request
    handling, so the error page and Flask-Login's hooks run without a session and fail again.
    """
    from r2w.sessions import GuardedSessionInterface, refuse_without_session_store

    app.session_interface = GuardedSessionInterface(app.session_interface)
    # Registered before CSRFProtect's hook, so a POST gets the 503 rather than a CSRF error.
    app.before_request(refuse_without_session_store)


def init_extensions(app: Flask) -> None:
    """Bind the extension singletons to this app."""
    import r2w.models  # noqa: F401 - registers the tables on the metadata
    from r2w.extensions import csrf, db, limiter, login_manager
    from r2w.lazymigrate import init_migrate

    db.init_app(app)
    init_migrate(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,  # SQLite needs batch mode for ALTER TABLE
        compare_type=True,
    )
    init_sessions(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login_page"
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Attach every area of the app."""
    from r2w.api import bp as api_bp
    from r2w.auth import bp as auth_bp
    from r2w.health import bp as health_bp
    from r2w.sites.views import bp as sites_bp
    from r2w.web import bp as web_bp

    for blueprint in (health_bp, auth_bp, web_bp, api_bp, sites_bp):
        app.register_blueprint(blueprint)


def build_app(config: dict[str, Any] | None = None) -> Flask:
    """Create and configure one r2w application."""
    config = dict(config or {})
    app = Flask("r2w", instance_path=_instance_path(config), instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    load_settings(app, config)

    from r2w.cli import register_commands
    from r2w.errors import register_error_handlers
    from r2w.logs import configure_logging
    from r2w.metrics import init_metrics
    from r2w.security import init_security
    from r2w.tracing import init_tracing

    configure_logging(app)
    init_extensions(app)
    register_blueprints(app)
    from r2w.auth.oidc import init_oidc
    from r2w.payments import init_payments

    init_payments(app)  # billing pages, checkout API, Stripe webhook
    init_oidc(app)  # Google / LinkedIn sign-in
    register_error_handlers(app)
    init_security(app)
    register_commands(app)
    init_metrics(app)
    init_tracing(app, app.config.get("OTEL_SPAN_EXPORTER"))
    from r2w.sites.fastpath import install_fast_path

    install_fast_path(app)  # outermost: cached site files are answered before anything else
    return app
