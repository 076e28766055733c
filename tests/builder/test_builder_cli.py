"""The builder command line: exit codes, JSON log lines, manifest, idempotence."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder import BUILDER_VERSION
from builder.publish import MANIFEST, publish
from builder.render import render_site
from r2w.cvdoc import validate_document
from tests.builder.conftest import MemoryStorage
from tests.builder.factories import full_document, make_spec, minimal_document

LOG_KEYS = {"ts", "level", "phase", "message", "buildId"}
REPO = Path(__file__).resolve().parents[2]


def site_files(storage, prefix: str) -> dict[str, bytes]:
    """Every object under a prefix, keyed by its path inside the site."""
    return {o.key[len(prefix) :]: storage.get_bytes(o.key) for o in storage.list(prefix)}


def test_spec_file_build_writes_site_and_manifest(run_cli, spec_file, storage, storage_url):
    spec = make_spec()
    code, _ = run_cli("--spec-file", str(spec_file(spec)), "--storage-url", storage_url)

    assert code == 0
    files = site_files(storage, spec["outputPrefix"])
    manifest = json.loads(files.pop(MANIFEST))
    assert manifest["buildId"] == spec["buildId"]
    assert manifest["theme"] == "professional"
    assert manifest["builderVersion"] == BUILDER_VERSION
    assert set(manifest["files"]) == set(files)
    assert {"index.html", "404.html"} <= set(files)
    for path, meta in manifest["files"].items():
        assert meta["sha256"] == hashlib.sha256(files[path]).hexdigest()
        assert meta["size"] == len(files[path])
        assert storage.stat(spec["outputPrefix"] + path).content_type == meta["contentType"]
    assert manifest["files"]["index.html"]["contentType"].startswith("text/html")


def test_log_lines_are_json_with_phases(run_cli, spec_file, storage_url):
    spec = make_spec(build_id="b-logs")
    code, lines = run_cli("--spec-file", str(spec_file(spec)), "--storage-url", storage_url)

    assert code == 0
    assert all(line.keys() >= LOG_KEYS for line in lines)
    assert [line["phase"] for line in lines] == ["start", "spec", "render", "done"]
    assert {line["buildId"] for line in lines[1:]} == {"b-logs"}
    assert all(line["level"] == "info" for line in lines)


def test_spec_key_reads_spec_from_storage_named_by_env(run_cli, storage, storage_url, monkeypatch):
    spec = make_spec(minimal_document(), theme="academic")
    storage.put("builds/b-0001/spec.json", json.dumps(spec).encode(), "application/json")
    monkeypatch.setenv("STORAGE_URL", storage_url)
    monkeypatch.delenv("S3_ENDPOINT_URL", raising=False)

    code, _ = run_cli("--spec-key", "builds/b-0001/spec.json")

    assert code == 0
    assert storage.exists(spec["outputPrefix"] + MANIFEST)


def test_build_into_s3_compatible_storage(
    run_cli, s3_storage, s3_server, s3_bucket, monkeypatch, storage, storage_url, spec_file
):
    spec = make_spec(theme="creative")
    s3_storage.put("builds/b-s3/spec.json", json.dumps(spec).encode(), "application/json")
    monkeypatch.setenv("STORAGE_URL", f"s3://{s3_bucket}/r2w")
    monkeypatch.setenv("S3_ENDPOINT_URL", s3_server)

    code, lines = run_cli("--spec-key", "builds/b-s3/spec.json")

    assert code == 0, lines
    # The same objects as the same spec built into a folder: every file, byte for byte, with
    # its content type (the manifest included).
    local = spec_file(spec)
    local_run = run_cli("--spec-file", str(local), "--storage-url", storage_url)
    assert local_run[0] == 0, local_run[1]
    prefix = spec["outputPrefix"]
    built, expected = site_files(s3_storage, prefix), site_files(storage, prefix)
    assert built == expected
    for path in expected:
        assert (
            s3_storage.stat(prefix + path).content_type == storage.stat(prefix + path).content_type
        )
    manifest = json.loads(built[MANIFEST])
    for path, meta in manifest["files"].items():
        assert hashlib.sha256(built[path]).hexdigest() == meta["sha256"]


def test_the_builder_reaches_s3_without_botocore(s3_storage, s3_server, s3_bucket):
    spec = make_spec()
    s3_storage.put("builds/b-crt/spec.json", json.dumps(spec).encode(), "application/json")
    probe = (
        "import sys\n"
        "from builder.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('botocore' in sys.modules, 'boto3' in sys.modules, code)\n"
    )
    env = {**os.environ, "STORAGE_URL": f"s3://{s3_bucket}/r2w", "S3_ENDPOINT_URL": s3_server}
    result = subprocess.run(
        [sys.executable, "-c", probe, "--spec-key", "builds/b-crt/spec.json"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "False False 0", result.stdout
    assert s3_storage.exists(spec["outputPrefix"] + MANIFEST)


def test_rerun_with_manifest_present_skips_rendering(run_cli, spec_file, storage, storage_url):
    spec = make_spec()
    path = str(spec_file(spec))
    assert run_cli("--spec-file", path, "--storage-url", storage_url)[0] == 0
    index_key = spec["outputPrefix"] + "index.html"
    storage.put(index_key, b"sentinel", "text/html")  # would be overwritten by a re-render

    code, lines = run_cli("--spec-file", path, "--storage-url", storage_url)

    assert code == 0
    assert lines[-1]["phase"] == "done" and lines[-1]["skipped"] is True
    assert "render" not in [line["phase"] for line in lines]
    assert storage.get_bytes(index_key) == b"sentinel"


def test_manifest_is_written_last():
    storage = MemoryStorage()
    files = render_site(full_document(), "creative", {})

    publish(storage, "sites/abc/", "b-1", "creative", files)

    assert storage.writes[-1] == "sites/abc/" + MANIFEST
    assert sorted(storage.writes[:-1]) == sorted("sites/abc/" + f.path for f in files)


class _BatchStorage(MemoryStorage):
    """A storage that sends many objects at once (as CrtS3Storage does): records each batch."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def put_many(self, objects: list[tuple[str, bytes, str | None]]) -> None:
        """Store every object; remember them as one batch."""
        self.batches.append([key for key, _, _ in objects])
        for key, data, content_type in objects:
            self.put(key, data, content_type)


def test_files_go_together_where_storage_can_send_them_and_the_manifest_after():
    storage = _BatchStorage()
    files = render_site(full_document(), "creative", {})

    publish(storage, "sites/abc/", "b-1", "creative", files)

    assert storage.batches == [sorted("sites/abc/" + f.path for f in files)]
    assert storage.writes[-1] == "sites/abc/" + MANIFEST
    assert storage.objects["sites/abc/index.html"][1] == "text/html; charset=utf-8"


def test_same_spec_gives_byte_identical_files(run_cli, spec_file, storage, storage_url):
    first, second = make_spec(build_id="b-one"), make_spec(build_id="b-two")
    second["outputPrefix"] = "sites/" + "f" * 32 + "/"  # same input, forced to a second prefix
    for spec in (first, second):
        assert run_cli("--spec-file", str(spec_file(spec)), "--storage-url", storage_url)[0] == 0

    one = site_files(storage, first["outputPrefix"])
    two = site_files(storage, second["outputPrefix"])
    one.pop(MANIFEST), two.pop(MANIFEST)
    assert one == two


def _normal_but(**job_fields):
    """A validated document with one job field changed (a spec the app did not write)."""
    document = validate_document(full_document())
    document["experience"]["experienceItems"][0].update(job_fields)
    return document


def _broken(field: str, value):
    spec = make_spec(minimal_document())
    spec[field] = value
    return spec


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        (_broken("theme", "neon"), "unknown theme"),
        (_broken("outputPrefix", "../elsewhere/"), "outputPrefix"),
        (_broken("buildId", ""), "buildId"),
        (_broken("document", {"hero": {"fullName": 42}}), "hero.fullName"),
        (_broken("document", "not a document"), "expected an object"),
        (_broken("document", _normal_but(viewMode="3d")), "experienceItems[0].viewMode"),
        (_broken("options", {"lang": 7}), "options.lang"),
    ],
)
def test_invalid_spec_fails_with_error_line(run_cli, spec_file, storage_url, spec, fragment):
    code, lines = run_cli("--spec-file", str(spec_file(spec)), "--storage-url", storage_url)

    assert code == 1
    assert lines[-1]["level"] == "error"
    assert lines[-1]["phase"] == "spec"
    assert fragment in lines[-1]["message"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--spec-file", "a.json", "--spec-key", "b"],
        ["--spec-file", "/nonexistent/spec.json", "--storage-url", "file:///tmp/x"],
        ["--spec-key", "builds/missing/spec.json"],
        ["--spec-file", "a.json", "--storage-url", "ftp://nowhere"],
    ],
)
def test_bad_invocation_exits_1(run_cli, argv, storage_url, monkeypatch):
    monkeypatch.setenv("STORAGE_URL", storage_url)
    code, lines = run_cli(*argv)

    assert code == 1
    assert lines[-1]["level"] == "error"
    assert lines[-1].keys() >= LOG_KEYS


def test_missing_storage_configuration_is_reported(run_cli, spec_file, monkeypatch):
    monkeypatch.delenv("STORAGE_URL", raising=False)
    code, lines = run_cli("--spec-file", str(spec_file(make_spec())))

    assert code == 1
    assert "STORAGE_URL" in lines[-1]["message"]


def test_invalid_json_spec(run_cli, tmp_path, storage_url):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    code, lines = run_cli("--spec-file", str(path), "--storage-url", storage_url)

    assert code == 1
    assert "not valid JSON" in lines[-1]["message"]


def test_validated_document_builds_without_the_pydantic_models(spec_file, storage_url):
    # The app sends documents it validated; the builder checks their shape in plain Python.
    spec = make_spec(validate_document(full_document()))
    argv = ["--spec-file", str(spec_file(spec)), "--storage-url", storage_url]
    probe = (
        "import json, sys\n"
        "from builder.cli import main\n"
        f"code = main({argv!r}, stream=open('/dev/null', 'w'))\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith('pydantic'))]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60
    )

    assert json.loads(result.stdout) == [0, []], result.stderr


def test_python_m_builder_subprocess_never_imports_flask(tmp_path, spec_file, storage, storage_url):
    spec = make_spec(minimal_document())
    argv = ["--spec-file", str(spec_file(spec)), "--storage-url", storage_url]
    probe = (
        "import json, sys\n"
        "from builder.cli import main\n"
        f"code = main({argv!r})\n"
        "r2w = sorted({m.split('.')[1] for m in sys.modules if m.startswith('r2w.')})\n"
        "print(json.dumps({'code': code, 'flask': 'flask' in sys.modules, 'r2w': r2w}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "STORAGE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=REPO, timeout=60
    )
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert (outcome["code"], outcome["flask"]) == (0, False)
    # The builder image carries only these parts of r2w (builder/Dockerfile copies them).
    assert set(outcome["r2w"]) <= {"cvdoc", "storage"}

    spec2 = make_spec(minimal_document(), theme="executive")
    cli = subprocess.run(
        [sys.executable, "-m", "builder", "--spec-file", str(spec_file(spec2))],
        capture_output=True, text=True, env={**env, "STORAGE_URL": storage_url}, cwd=REPO,
        timeout=60,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert [json.loads(line)["phase"] for line in cli.stdout.splitlines()][-1] == "done"
    # Another interpreter (other hash seed) wrote exactly what this one renders.
    rendered = render_site(validate_document(spec2["document"]), "executive", {})
    assert {f.path: f.data for f in rendered} == {
        path: data
        for path, data in site_files(storage, spec2["outputPrefix"]).items()
        if path != MANIFEST
    }

    failed = subprocess.run(
        [sys.executable, "-m", "builder", "--spec-file", str(tmp_path / "missing.json")],
        capture_output=True, text=True, env={**env, "STORAGE_URL": storage_url}, cwd=REPO,
        timeout=60,
    )  # fmt: skip
    assert failed.returncode == 1
    assert json.loads(failed.stdout.splitlines()[-1])["level"] == "error"


def test_unexpected_error_is_logged_with_traceback(run_cli, spec_file, storage_url, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("template bug")

    monkeypatch.setattr("builder.render.render_site", explode)
    code, lines = run_cli("--spec-file", str(spec_file(make_spec())), "--storage-url", storage_url)

    assert code == 1
    assert lines[-1]["phase"] == "render" and "template bug" in lines[-1]["message"]
    assert "Traceback" in lines[-1]["traceback"]
