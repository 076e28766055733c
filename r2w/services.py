"""r2w's own backends (storage, build runner, extractor): built once per app, reached here."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")
# Operators may edit the Job template (resources, tolerations) without a code change.
JOB_TEMPLATE = Path(__file__).resolve().parent.parent / "manifests" / "build-job.yaml"


def _cached(name: str, factory: Callable[[Mapping[str, Any]], T]) -> T:
    """Build a backend on first use and keep it in app.extensions (no clients at import time)."""
    app = current_app._get_current_object()
    key = f"r2w.{name}"
    if key not in app.extensions:
        app.extensions[key] = factory(app.config)
    return app.extensions[key]


def make_storage(config: Mapping[str, Any]) -> Any:
    """Build the storage backend named by STORAGE_URL."""
    from r2w.storage import storage_from_url

    return storage_from_url(
        config["STORAGE_URL"],
        endpoint_url=config.get("S3_ENDPOINT_URL"),
        public_base_url=config.get("CDN_BASE_URL"),
    )


def make_runner(config: Mapping[str, Any]) -> Any:
    """Build the build runner named by BUILD_RUNNER."""
    from r2w.runners import runner_from_name

    if config["BUILD_RUNNER"] == "local":
        return runner_from_name(
            "local",
            storage_url=config["STORAGE_URL"],
            s3_endpoint_url=config.get("S3_ENDPOINT_URL"),
            max_concurrent=config["BUILD_MAX_CONCURRENT"],
            log_dir=config["BUILD_LOG_DIR"],
        )
    storage_env = {"STORAGE_URL": config["STORAGE_URL"]}
    if config.get("S3_ENDPOINT_URL"):
        # An S3-compatible server (dev clusters) has no IRSA: hand the builder the same
        # static credentials the web pod was given. On AWS, IRSA supplies them instead.
        storage_env["S3_ENDPOINT_URL"] = config["S3_ENDPOINT_URL"]
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            if os.environ.get(name):
                storage_env[name] = os.environ[name]
    return runner_from_name(
        "kubernetes",
        namespace=config["BUILD_NAMESPACE"],
        image=config["BUILDER_IMAGE"],
        template_path=JOB_TEMPLATE,
        storage_env=storage_env,
        service_account="r2w-builder",
    )


def make_extractor(config: Mapping[str, Any]) -> Any:
    """Build the CV extractor named by CV_EXTRACTOR."""
    from r2w.extraction import extractor_from_settings

    return extractor_from_settings(config)


FACTORIES: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "storage": make_storage,
    "runner": make_runner,
    "extractor": make_extractor,
}


def get_storage() -> Any:
    """Return this app's storage backend."""
    return _cached("storage", FACTORIES["storage"])


def get_runner() -> Any:
    """Return this app's build runner."""
    return _cached("runner", FACTORIES["runner"])


def get_extractor() -> Any:
    """Return this app's CV extractor."""
    return _cached("extractor", FACTORIES["extractor"])
