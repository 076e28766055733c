"""`flask r2w …`: extract prints the CV document of one file without creating the app."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.api.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["comprehensive_all_components_cv.txt", "Eleanor_Vance_cv.pdf"])
def test_extract_prints_the_document(app, name):
    result = app.test_cli_runner().invoke(args=["r2w", "extract", str(SAMPLES / name)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["schemaVersion"] == 1
    assert document["hero"]["fullName"]


def test_extract_refuses_what_is_not_a_cv_file(app, tmp_path):
    path = tmp_path / "program.pdf"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    result = app.test_cli_runner().invoke(args=["r2w", "extract", str(path)])
    assert result.exit_code == 1
    assert "error:" in result.output


def test_unknown_extractor_is_named(app):
    path = SAMPLES / "comprehensive_all_components_cv.txt"
    result = app.test_cli_runner().invoke(
        args=["r2w", "extract", str(path), "--extractor", "magic"]
    )
    assert result.exit_code != 0
    assert "magic" in result.output


# `flask` loads the flask.commands entry point and adds the group itself, as here; the app is
# created only if a command asks for it.
PLUGIN_RUN = """
import json, sys
from flask.cli import FlaskGroup
from r2w.cli import r2w_cli

cli = FlaskGroup(name="flask")
cli.add_command(r2w_cli, "r2w")
try:
    cli.main(["--app", "wsgi", *sys.argv[1:]], standalone_mode=False)
finally:
    loaded = ("wsgi", "r2w.app", "boto3", "botocore", "sqlalchemy", "flask_sqlalchemy")
    print(json.dumps(sorted(m for m in loaded if m in sys.modules)), file=sys.stderr)
"""


def _plugin_run(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "ENVIRONMENT": "local",
           "INSTANCE_PATH": str(tmp_path / "instance"), "CV_EXTRACTOR": "heuristic",
           **settings}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", PLUGIN_RUN, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _modules(result: subprocess.CompletedProcess[str]) -> list[str]:
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_the_group_is_flasks_plugin_command():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["flask.commands"] == {"r2w": "r2w.cli:r2w_cli"}


@pytest.mark.parametrize("name", ["comprehensive_all_components_cv.txt", "Eleanor_Vance_cv.pdf"])
def test_extract_runs_without_the_app_and_prints_the_same(app, tmp_path, name):
    through_app = app.test_cli_runner().invoke(args=["r2w", "extract", str(SAMPLES / name)])
    result = _plugin_run(tmp_path, "r2w", "extract", str(SAMPLES / name))
    assert result.returncode == 0, result.stderr
    assert result.stdout == through_app.output
    # No app (nor its database layer), no cloud client: r2w.app only lends its settings reader.
    assert _modules(result) == ["r2w.app"]
    assert not (tmp_path / "instance").exists()


def test_extract_without_the_app_still_refuses_bad_files(tmp_path):
    path = tmp_path / "program.pdf"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    result = _plugin_run(tmp_path, "r2w", "extract", str(path))
    assert result.returncode == 1
    assert "error:" in result.stderr


def test_extract_without_the_app_checks_the_settings_as_start_up_does(tmp_path):
    sample = str(SAMPLES / "comprehensive_all_components_cv.txt")
    result = _plugin_run(tmp_path, "r2w", "extract", sample, CV_EXTRACTOR="magic")
    assert result.returncode == 1
    assert "CV_EXTRACTOR must be one of heuristic, claude (got 'magic')" in result.stderr


def test_commands_that_need_the_app_create_it_when_they_run(tmp_path):
    result = _plugin_run(tmp_path, "r2w", "check-config")
    assert result.returncode == 0, result.stderr
    assert "CV_EXTRACTOR=heuristic" in result.stdout
    assert "wsgi" in _modules(result)


def test_commands_from_other_packages_are_found_when_asked_for(tmp_path):
    result = _plugin_run(tmp_path, "r2w", "--help")
    assert result.returncode == 0, result.stderr
    for name in ("extract", "worker", "migrate-data", "import-original", "send-reset-links"):
        assert name in result.stdout
    assert "wsgi" not in _modules(result)
    result = _plugin_run(tmp_path, "r2w", "migrate-data", "--help")
    assert result.returncode == 0 and "PostgreSQL" in result.stdout


def test_the_settings_read_without_an_app_are_the_apps(app, monkeypatch):
    from flask import Flask

    from r2w.app import default_instance_path, read_settings

    monkeypatch.delenv("INSTANCE_PATH", raising=False)
    assert default_instance_path() == Flask("r2w").instance_path
    settings = read_settings({"ENVIRONMENT": "test", "INSTANCE_PATH": app.instance_path})
    for name in ("ENVIRONMENT", "CV_EXTRACTOR", "STORAGE_URL", "DATABASE_URL", "ANTHROPIC_MODEL"):
        assert settings[name] == app.config[name], name
