"""Command line: `python -m builder --spec-key KEY` or `--spec-file PATH --storage-url URL`."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from builder import BUILDER_VERSION


class UsageError(Exception):
    """Bad command line arguments or missing configuration."""


class JsonLog:
    """Writes one JSON object per line: ts, level, phase, message, buildId (+ extra fields)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.build_id: str | None = None

    def __call__(self, phase: str, message: str, level: str = "info", **extra: Any) -> None:
        """Emit one log line and flush, so a Job's log tail is current if it is killed."""
        ts = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        line = {"ts": ts, "level": level, "phase": phase, "message": message}
        line["buildId"] = self.build_id
        line.update(extra)
        self.stream.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        self.stream.flush()


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that raises instead of printing and exiting, so main() returns a code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = _Parser(prog="python -m builder", description="Build a portfolio site.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--spec-key", help="storage key of the build spec JSON")
    source.add_argument("--spec-file", type=Path, help="local path of the build spec JSON")
    parser.add_argument(
        "--storage-url", help="file:///path or s3://bucket/prefix (env STORAGE_URL)"
    )
    parser.add_argument("--s3-endpoint-url", help="S3-compatible endpoint (env S3_ENDPOINT_URL)")
    parser.add_argument("--version", action="version", version=f"r2w builder {BUILDER_VERSION}")
    return parser.parse_args(argv)


def open_storage(args: argparse.Namespace) -> Any:
    """Build the storage backend from arguments, falling back to the environment."""
    from urllib.parse import urlsplit

    from r2w.storage import storage_from_url  # imported late: only the CLI needs a backend

    url = args.storage_url or os.environ.get("STORAGE_URL")
    if not url:
        raise UsageError("no storage: pass --storage-url or set STORAGE_URL")
    endpoint = args.s3_endpoint_url or os.environ.get("S3_ENDPOINT_URL") or None
    if urlsplit(url).scheme.lower() == "s3":
        # awscrt, not botocore: its client starts in a fraction of the time (r2w.storage.crt).
        from r2w.storage.crt import crt_storage_from_url

        return crt_storage_from_url(url, endpoint_url=endpoint)
    return storage_from_url(url, endpoint_url=endpoint)


def read_spec(args: argparse.Namespace, storage: Any) -> bytes:
    """The spec's raw bytes from storage or from a local file."""
    if args.spec_key:
        return storage.get_bytes(args.spec_key)
    try:
        return args.spec_file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read spec file: {exc.strerror}: {args.spec_file}") from None


def run(args: argparse.Namespace, log: JsonLog, state: dict[str, str]) -> None:
    """Load, check, render and publish; `state["phase"]` tracks where a failure happened."""
    from builder.publish import is_complete, publish
    from builder.render import render_site
    from builder.spec import parse_spec

    started = time.monotonic()
    storage = open_storage(args)
    state["phase"] = "spec"
    spec = parse_spec(read_spec(args, storage))
    log.build_id = spec.build_id
    log("spec", "spec loaded", theme=spec.theme, outputPrefix=spec.output_prefix)
    if is_complete(storage, spec.output_prefix):
        log("done", "site already built at this prefix; nothing to do", skipped=True)
        return
    state["phase"] = "render"
    # The photo is copied from storage into the site: a published page loads nothing elsewhere.
    photo = storage.get_bytes(spec.photo_key) if spec.photo_key else None
    files = render_site(spec.document, spec.theme, spec.options, photo=photo)
    log("render", f"rendered {len(files)} files", bytes=sum(len(f.data) for f in files))
    state["phase"] = "publish"
    publish(storage, spec.output_prefix, spec.build_id, spec.theme, files)
    elapsed_ms = round((time.monotonic() - started) * 1000)
    log("done", "site published", files=len(files) + 1, durationMs=elapsed_ms)


def main(argv: Sequence[str] | None = None, stream: TextIO | None = None) -> int:
    """Run a build; return 0 on success and 1 on any failure (each logged as a JSON line)."""
    log = JsonLog(stream or sys.stdout)
    state = {"phase": "start"}
    try:
        args = parse_args(argv)
        log("start", f"r2w builder {BUILDER_VERSION} starting")
        run(args, log, state)
        return 0
    except SystemExit as exc:  # --help / --version print and exit through argparse
        return 0 if exc.code in (0, None) else 1
    except Exception as exc:
        extra = {} if _expected(exc) else {"traceback": traceback.format_exc(limit=8)}
        log(state["phase"], f"{type(exc).__name__}: {exc}", level="error", **extra)
        return 1


def _expected(exc: Exception) -> bool:
    """Domain failures (bad input, storage trouble) need no traceback in the log; bugs do."""
    from r2w.storage import StorageError

    return isinstance(exc, UsageError | ValueError | OSError | StorageError)
