"""`flask r2w extract` prints the CV document of one file."""

import json

import pytest

from tests.api.conftest import SAMPLES


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
