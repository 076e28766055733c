"""Configuration: local defaults need nothing; the cloud fails fast naming every missing setting."""

import pytest

from r2w import create_app
from r2w.config import ENV_SETTINGS, ConfigError


def test_local_defaults_need_nothing_installed(tmp_path, monkeypatch):
    for name in ENV_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["ENVIRONMENT"] == "local"
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SESSION_BACKEND"] == "filesystem"
    assert app.config["STORAGE_URL"].startswith("file://")
    assert app.config["BUILD_RUNNER"] == "local"
    assert app.config["CV_EXTRACTOR"] == "heuristic"
    assert not app.config.get("STRIPE_SECRET_KEY")
    assert app.config["SESSION_COOKIE_SECURE"] is False
    # The generated local secret survives a restart, so sessions do too.
    again = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_cloud_without_settings_names_every_missing_one(tmp_path, monkeypatch, environment):
    for name in ENV_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as info:
        create_app({"ENVIRONMENT": environment, "INSTANCE_PATH": str(tmp_path)})
    message = str(info.value)
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "STORAGE_URL", "PUBLIC_BASE_URL"):
        assert name in message


def test_environment_variables_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("CV_EXTRACTOR", "heuristic")
    app = create_app({"ENVIRONMENT": "test", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["MAX_UPLOAD_MB"] == 3
    assert app.config["MAX_CONTENT_LENGTH"] > 3 * 1024 * 1024


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"STORAGE_URL": "ftp://x"}, "STORAGE_URL"),
        ({"BUILD_RUNNER": "docker"}, "BUILD_RUNNER"),
        ({"SESSION_BACKEND": "memcached"}, "SESSION_BACKEND"),
        ({"CV_EXTRACTOR": "claude"}, "ANTHROPIC_API_KEY"),
        ({"MAX_UPLOAD_MB": "ten"}, "MAX_UPLOAD_MB"),
        ({"ENVIRONMENT": "qa"}, "ENVIRONMENT"),
        ({"BUILD_RUNNER": "kubernetes"}, "BUILDER_IMAGE"),
        ({"BUILD_RUNNER": "kubernetes", "BUILDER_IMAGE": "r2w-builder:latest"}, "BUILDER_IMAGE"),
        ({"BUILD_RUNNER": "kubernetes", "BUILDER_IMAGE": "r2w-builder"}, "BUILDER_IMAGE"),
        ({"BUILD_RUNNER": "kubernetes", "BUILDER_IMAGE": "reg:5000/r2w-builder"}, "BUILDER_IMAGE"),
        (
            {"BUILD_RUNNER": "kubernetes", "BUILDER_IMAGE": "r2w-builder@sha256:abc"},
            "BUILDER_IMAGE",
        ),
    ],
)
def test_malformed_settings_stop_start_up(tmp_path, override, named):
    config = {"ENVIRONMENT": "test", "INSTANCE_PATH": str(tmp_path), **override}
    with pytest.raises(ConfigError, match=named):
        create_app(config)


def test_production_with_everything_starts_with_secure_cookies(tmp_path, monkeypatch):
    for name in ENV_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    app = create_app(
        {
            "ENVIRONMENT": "production",
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "s" * 40,
            "DATABASE_URL": "postgresql://u@db.example/r2w",
            "REDIS_URL": "rediss://cache.example:6379/0",
            "SESSION_BACKEND": "redis",
            "STORAGE_URL": "s3://bucket/r2w",
            "PUBLIC_BASE_URL": "https://r2w.example",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert app.config["SESSION_TYPE"] == "redis"
    assert app.config["RATELIMIT_STORAGE_URI"] == "rediss://cache.example:6379/0"


@pytest.mark.parametrize(
    "image",
    [
        "r2w-builder:0.1.0",
        "reg:5000/r2w-builder:abc1234",
        "111122223333.dkr.ecr.eu-west-1.amazonaws.com/r2w-builder@sha256:" + "0" * 64,
        "111122223333.dkr.ecr.eu-west-1.amazonaws.com/r2w-builder:0.1.0@sha256:" + "e" * 64,
    ],
)
def test_kubernetes_builds_accept_a_pinned_builder_image(tmp_path, image):
    app = create_app(
        {
            "ENVIRONMENT": "test",
            "INSTANCE_PATH": str(tmp_path),
            "BUILD_RUNNER": "kubernetes",
            "BUILDER_IMAGE": image,
        }
    )
    assert app.config["BUILDER_IMAGE"] == image


def test_secrets_come_from_files_in_secrets_dir(tmp_path, monkeypatch):
    """The cloud mounts r2w-secrets as files: each names a setting; a variable still wins."""
    for name in ENV_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "SECRET_KEY").write_text("from-a-file\n")
    (secrets / "STRIPE_SECRET_KEY").write_text("sk_test_file")
    (secrets / "UNRELATED").write_text("ignored")
    monkeypatch.setenv("SECRETS_DIR", str(secrets))
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_env")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_env")

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})

    assert app.config["SECRET_KEY"] == "from-a-file"
    assert app.config["STRIPE_SECRET_KEY"] == "sk_test_env"
    assert "UNRELATED" not in app.config
