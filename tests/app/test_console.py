"""`r2w extract FILE` (and `python -m r2w extract`): a CV document without Flask or pydantic."""

import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from r2w.console import main
from tests.api.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[2]

# Runs the command as `python -m r2w` does and reports what it imported.
RUN = """
import json, sys
from r2w.console import main
try:
    code = main(sys.argv[1:])
finally:
    heavy = ("flask", "pydantic", "r2w.app", "boto3", "sqlalchemy", "anthropic")
    print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def _run(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "ENVIRONMENT": "local",
           "CV_EXTRACTOR": "heuristic", **settings}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", RUN, *args],
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _imported(result: subprocess.CompletedProcess[str]) -> list[str]:
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_the_command_is_installed_as_r2w():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"] == {"r2w": "r2w.console:main"}


@pytest.mark.parametrize("name", ["comprehensive_all_components_cv.txt", "Eleanor_Vance_cv.pdf"])
def test_extract_prints_what_the_flask_command_prints(app, tmp_path, name):
    through_app = app.test_cli_runner().invoke(args=["r2w", "extract", str(SAMPLES / name)])
    work = tmp_path / "work"
    work.mkdir()
    result = _run(work, "extract", str(SAMPLES / name))
    assert result.returncode == 0, result.stderr
    assert result.stdout == through_app.output
    assert json.loads(result.stdout)["hero"]["fullName"]
    # Reading one file needs neither the web app nor the document models' pydantic build.
    assert _imported(result) == []
    assert list(work.iterdir()) == []  # nothing written: no instance folder, no database


def test_a_file_that_is_not_a_cv_is_refused_with_a_message(tmp_path):
    path = tmp_path / "program.pdf"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    out, err = io.StringIO(), io.StringIO()
    assert main(["extract", str(path)], out, err) == 1
    assert err.getvalue().startswith("error: ")
    assert out.getvalue() == ""


def test_a_missing_file_is_a_usage_error(tmp_path):
    err = io.StringIO()
    assert main(["extract", str(tmp_path / "nope.pdf")], io.StringIO(), err) == 2
    assert "no such file" in err.getvalue()


def test_bad_settings_are_named_as_start_up_names_them(tmp_path):
    result = _run(tmp_path, "extract", str(SAMPLES / "comprehensive_all_components_cv.txt"),
                  CV_EXTRACTOR="magic")  # fmt: skip
    assert result.returncode == 2
    assert "CV_EXTRACTOR must be one of heuristic, claude (got 'magic')" in result.stderr


def test_claude_without_a_key_is_a_settings_error(tmp_path):
    sample = str(SAMPLES / "comprehensive_all_components_cv.txt")
    result = _run(tmp_path, "extract", sample, "--extractor", "claude")
    assert result.returncode == 2
    assert "ANTHROPIC_API_KEY" in result.stderr


def test_python_dash_m_r2w_runs_the_same_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "r2w", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "extract" in result.stdout
