"""Configuration: per-environment defaults, read from the environment, validated at start-up."""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ENVIRONMENTS = ("local", "test", "staging", "production")

# Every setting r2w reads from the environment (documented in .env.example).
ENV_SETTINGS = (
    "ENVIRONMENT",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "SESSION_BACKEND",
    "STORAGE_URL",
    "S3_ENDPOINT_URL",
    "PUBLIC_BASE_URL",
    "CDN_BASE_URL",
    "EDGE_KVS_ARN",
    "BUILD_RUNNER",
    "BUILD_NAMESPACE",
    "BUILDER_IMAGE",
    "BUILD_MAX_CONCURRENT",
    "BUILD_MAX_PER_USER",
    "PREVIEW_RETENTION_DAYS",
    "PLAN_GRACE_DAYS",
    "SITE_CACHE_BYTES",
    "CV_EXTRACTOR",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_MODEL",
    "ANTHROPIC_BASE_URL",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "STRIPE_PRICE_MONTHLY",
    "STRIPE_PRICE_LIFETIME",
    "GOOGLE_CLIENT_ID",
    "GOOGLE_CLIENT_SECRET",
    "GOOGLE_METADATA_URL",
    "LINKEDIN_CLIENT_ID",
    "LINKEDIN_CLIENT_SECRET",
    "LINKEDIN_METADATA_URL",
    "RATELIMIT_STORAGE_URI",
    "UPLOAD_RATE_LIMIT",
    "LOGIN_ACCOUNT_RATE_LIMIT",
    "PORTFOLIO_RATE_LIMIT",
    "BUILD_RATE_LIMIT",
    "MAX_UPLOAD_MB",
    "KEEP_LATEST_CVS",
    "READ_MEMORY_MB",
    "READ_TIMEOUT_SECONDS",
    "READ_CVS_IN_WEB",
    "ANONYMOUS_RETENTION_DAYS",
    "LOG_LEVEL",
    "METRICS_TOKEN",
    "OTEL_ENABLED",
    "TRUSTED_PROXY_HOPS",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_SENDER",
    "EMAIL_VERIFY_HOURS",
    "PASSWORD_RESET_HOURS",
)

INT_SETTINGS = (
    "BUILD_MAX_CONCURRENT",
    "BUILD_MAX_PER_USER",
    "PREVIEW_RETENTION_DAYS",
    "PLAN_GRACE_DAYS",
    "SITE_CACHE_BYTES",
    "MAX_UPLOAD_MB",
    "KEEP_LATEST_CVS",
    "READ_MEMORY_MB",
    "READ_TIMEOUT_SECONDS",
    "ANONYMOUS_RETENTION_DAYS",
    "TRUSTED_PROXY_HOPS",
    "MAIL_PORT",
    "EMAIL_VERIFY_HOURS",
    "PASSWORD_RESET_HOURS",
)
BOOL_SETTINGS = ("OTEL_ENABLED", "MAIL_USE_TLS", "MAIL_USE_SSL", "READ_CVS_IN_WEB")

# Settings that staging and production must be given explicitly (no embedded default).
REQUIRED_IN_CLOUD = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "STORAGE_URL", "PUBLIC_BASE_URL")

SESSION_BACKENDS = ("filesystem", "redis")
BUILD_RUNNERS = ("local", "kubernetes")
CV_EXTRACTORS = ("heuristic", "claude")


_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def image_is_pinned(image: str) -> bool:
    """True for `name:tag` (tag not `latest`) or `name[:tag]@sha256:<64 hex>`."""
    name, at, digest = image.partition("@")
    if at:
        return bool(_DIGEST.match(digest)) and bool(name)
    # Only the last path part can carry a tag: `registry:5000/r2w-builder` has none.
    tag = name.rsplit("/", 1)[-1].partition(":")[2]
    return bool(tag) and tag != "latest"


class ConfigError(RuntimeError):
    """Raised at start-up when settings are missing or malformed; the message names each one."""


def defaults(environment: str, instance_path: str) -> dict[str, Any]:
    """Embedded defaults: everything local needs nothing installed beyond Python."""
    instance = Path(instance_path)
    local = {
        "ENVIRONMENT": environment,
        "DATABASE_URL": f"sqlite:///{instance / 'r2w.db'}",
        "SESSION_BACKEND": "filesystem",
        "SESSION_DIR": str(instance / "sessions"),
        "STORAGE_URL": f"file://{instance / 'storage'}",
        "BUILD_RUNNER": "local",
        "BUILD_LOG_DIR": str(instance / "builds"),
        "BUILD_NAMESPACE": "default",
        "BUILD_MAX_CONCURRENT": 2,
        "BUILD_MAX_PER_USER": 2,
        "PREVIEW_RETENTION_DAYS": 7,
        # Days a site stays up after its paid plan ends (refund, dispute, lapsed subscription).
        "PLAN_GRACE_DAYS": 7,
        "CV_EXTRACTOR": "heuristic",
        "ANTHROPIC_MODEL": "claude-opus-4-1-20250805",
        "UPLOAD_RATE_LIMIT": "30/hour;10/minute",
        # Sign-in attempts per account (whatever the address), on top of the per-address limit.
        "LOGIN_ACCOUNT_RATE_LIMIT": "20/hour;10/minute",
        # Per account when signed in, per address otherwise (r2w.api.limits).
        "PORTFOLIO_RATE_LIMIT": "30/hour;10/minute",
        "BUILD_RATE_LIMIT": "120/hour;20/minute",
        "MAX_UPLOAD_MB": 10,
        "KEEP_LATEST_CVS": 5,
        # Reading one file runs in a child process held to these (OCR of a page needs ~0.8 GiB).
        "READ_MEMORY_MB": 1024,
        "READ_TIMEOUT_SECONDS": 180,
        # Locally the web process reads CVs in a small thread pool; the cloud overlays turn this
        # off so only the reading worker Deployment (`flask r2w worker --reading`) reads them.
        "READ_CVS_IN_WEB": True,
        # Work of visitors who never made an account is removed after this many days.
        "ANONYMOUS_RETENTION_DAYS": 7,
        "LOG_LEVEL": "INFO",
        "OTEL_ENABLED": False,
        "TRUSTED_PROXY_HOPS": 0,
        # Unset: no mail is sent (verification links then cannot arrive; see docs/security.md).
        "MAIL_SERVER": None,
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_SENDER": "r2w <no-reply@localhost>",
        "EMAIL_VERIFY_HOURS": 48,
        "PASSWORD_RESET_HOURS": 2,
        # Unset locally: links follow the host and port the app is reached at.
        "PUBLIC_BASE_URL": None,
        "RUN_JOBS_INLINE": environment == "test",
    }
    if environment in ("staging", "production"):
        # The cloud must say where its data lives; embedded local paths would hide a mistake.
        for name in REQUIRED_IN_CLOUD:
            local.pop(name, None)
        local["SESSION_BACKEND"] = "redis"
    return local


def environment_of(config: dict[str, Any]) -> str:
    """The environment named by explicit config, else the process environment, else local."""
    return config.get("ENVIRONMENT") or os.environ.get("ENVIRONMENT") or "local"


def merged(config: dict[str, Any], instance_path: str) -> dict[str, Any]:
    """Defaults for the environment, then the process environment, then explicit config."""
    settings = defaults(environment_of(config), instance_path)
    settings.update(read_environment())
    settings.update(config)
    return settings


def read_environment(environ: os._Environ | dict[str, str] | None = None) -> dict[str, Any]:
    """Return the r2w settings present in the environment, with ints and booleans parsed.

    Where SECRETS_DIR names a folder (the cloud mounts the Secret r2w-secrets there), a file
    named after a setting supplies it, so secrets never sit in the process environment, which
    child processes and crash reports would inherit. A variable of the same name wins.
    """
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = read_secret_files(environ.get("SECRETS_DIR"))
    for name in ENV_SETTINGS:
        value = environ.get(name)
        if value is None or value == "":
            continue
        found[name] = value
    return found


def read_secret_files(folder: str | None) -> dict[str, str]:
    """Return the settings stored one per file (named after the setting) in ``folder``."""
    if not folder:
        return {}
    found = {}
    for name in ENV_SETTINGS:
        path = Path(folder) / name
        if path.is_file():
            # Secret files often end with a newline that is not part of the value.
            value = path.read_text(encoding="utf-8").strip()
            if value:
                found[name] = value
    return found


def _coerce(config: dict[str, Any], problems: list[str]) -> None:
    for name in INT_SETTINGS:
        value = config.get(name)
        if isinstance(value, str):
            try:
                config[name] = int(value)
            except ValueError:
                problems.append(f"{name} must be a whole number (got {value!r})")
    for name in BOOL_SETTINGS:
        value = config.get(name)
        if isinstance(value, str):
            config[name] = value.strip().lower() in ("1", "true", "yes", "on")


def _check_choice(config: dict[str, Any], name: str, choices: tuple[str, ...], problems: list[str]):
    value = config.get(name)
    if value not in choices:
        problems.append(f"{name} must be one of {', '.join(choices)} (got {value!r})")


def _check_url(config: dict[str, Any], name: str, schemes: tuple[str, ...], problems: list[str]):
    value = config.get(name)
    if value and urlparse(str(value)).scheme.split("+")[0] not in schemes:
        problems.append(f"{name} must start with one of {', '.join(s + ':' for s in schemes)}")


def validate(config: dict[str, Any]) -> None:
    """Check the merged settings; raise one ConfigError naming every problem."""
    problems: list[str] = []
    _coerce(config, problems)
    _check_choice(config, "ENVIRONMENT", ENVIRONMENTS, problems)
    cloud = config.get("ENVIRONMENT") in ("staging", "production")
    if cloud:
        missing = [name for name in REQUIRED_IN_CLOUD if not config.get(name)]
        if missing:
            problems.append("missing required settings: " + ", ".join(missing))
        if config.get("STRIPE_SECRET_KEY") and not config.get("STRIPE_WEBHOOK_SECRET"):
            problems.append("missing required settings: STRIPE_WEBHOOK_SECRET (payments are on)")
    _check_choice(config, "SESSION_BACKEND", SESSION_BACKENDS, problems)
    _check_choice(config, "BUILD_RUNNER", BUILD_RUNNERS, problems)
    _check_choice(config, "CV_EXTRACTOR", CV_EXTRACTORS, problems)
    if config.get("BUILD_RUNNER") == "kubernetes":
        # The builder image comes from the overlay's config, pinned: `latest` would make a
        # build's output depend on whichever image a node happened to pull.
        image = config.get("BUILDER_IMAGE")
        if not image:
            problems.append("missing required settings: BUILDER_IMAGE (BUILD_RUNNER is kubernetes)")
        elif not image_is_pinned(str(image)):
            problems.append(f"BUILDER_IMAGE must name a tag other than latest or a sha256 digest "
                            f"(got {image!r})")  # fmt: skip
    if config.get("CV_EXTRACTOR") == "claude" and not config.get("ANTHROPIC_API_KEY"):
        problems.append("missing required settings: ANTHROPIC_API_KEY (CV_EXTRACTOR is claude)")
    if config.get("SESSION_BACKEND") == "redis" and not config.get("REDIS_URL"):
        problems.append("missing required settings: REDIS_URL (SESSION_BACKEND is redis)")
    _check_url(config, "DATABASE_URL", ("sqlite", "postgresql", "postgres"), problems)
    _check_url(config, "REDIS_URL", ("redis", "rediss"), problems)
    _check_url(config, "STORAGE_URL", ("file", "s3"), problems)
    _check_url(config, "PUBLIC_BASE_URL", ("http", "https"), problems)
    if problems:
        raise ConfigError("r2w cannot start: " + "; ".join(problems))


def local_secret_key(instance_path: str) -> str:
    """Return a per-machine secret for local runs, kept in the instance folder across restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def flask_settings(config: dict[str, Any]) -> dict[str, Any]:
    """Derive Flask and extension settings from r2w's own settings."""
    cloud = config["ENVIRONMENT"] in ("staging", "production")
    database_url = str(config["DATABASE_URL"])
    # psycopg 3 is the driver we ship; accept the common postgres:// spellings.
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            database_url = "postgresql+psycopg://" + database_url[len(prefix) :]
    # No ping on every checkout: r2w.dbpool tests only connections that sat idle. LIFO keeps
    # the busy connections busy, so under load they are never idle long enough to be tested.
    engine_options: dict[str, Any] = {"pool_recycle": 300}
    if database_url.startswith("postgresql"):
        engine_options["pool_use_lifo"] = True
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "MAX_CONTENT_LENGTH": int(config["MAX_UPLOAD_MB"]) * 1024 * 1024 + 64 * 1024,
        "PERMANENT_SESSION_LIFETIME": timedelta(days=7),
        "SESSION_PERMANENT": True,
        # Saved only when changed (a poll reads it and writes nothing); r2w.sessions keeps the
        # 7-day expiry sliding with at most one save a day.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_COOKIE_NAME": "r2w_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": cloud,
        "REMEMBER_COOKIE_SECURE": cloud,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session does
        "RATELIMIT_STORAGE_URI": config.get("RATELIMIT_STORAGE_URI")
        or (config.get("REDIS_URL") if cloud else "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "PREFERRED_URL_SCHEME": "https" if cloud else "http",
    }
