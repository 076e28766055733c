"""The extractor registry and error contract in r2w.extraction.base."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from r2w.extraction import ExtractionFailed, Extractor, extractor_from_name
from r2w.extraction.claude import DEFAULT_MODEL, ClaudeExtractor


def test_claude_is_built_with_its_settings():
    extractor = extractor_from_name("claude", api_key="sk-test", model="claude-x", timeout=5.0)
    assert isinstance(extractor, ClaudeExtractor)
    assert isinstance(extractor, Extractor)
    assert extractor.model == "claude-x"
    assert extractor.client.timeout == 5.0


def test_claude_defaults():
    extractor = extractor_from_name("claude", api_key="sk-test", max_retries=4)
    assert extractor.model == DEFAULT_MODEL
    assert extractor.temperature == 0.0
    assert extractor.client.max_retries == 4


def test_heuristic_is_imported_lazily_by_name(monkeypatch: pytest.MonkeyPatch):
    # A stand-in module shows the registry wiring independently of the real implementation.
    class StandIn:
        name, version = "heuristic", "test"

        def extract(self, text, *, source=None, kind=None, reading=None):
            return {}

    monkeypatch.setitem(
        sys.modules,
        "r2w.extraction.heuristic",
        types.SimpleNamespace(HeuristicExtractor=StandIn),
    )
    assert isinstance(extractor_from_name("heuristic"), StandIn)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"valid extractors: claude, heuristic"):
        extractor_from_name("gpt")


def test_extraction_failed_carries_retryable():
    err = ExtractionFailed("busy", retryable=True)
    assert (str(err), err.message, err.retryable) == ("busy", "busy", True)
    assert ExtractionFailed("bad").retryable is False


def test_importing_the_package_stays_light():
    code = "import sys, r2w.extraction; print('anthropic' in sys.modules, 'flask' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.split() == ["False", "False"]
