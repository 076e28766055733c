"""Fixtures for builder tests: real local storage, an in-memory fake, and HTML inspection."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from builder import THEMES
from builder.cli import main
from builder.render import render_site
from r2w.cvdoc import validate_document
from r2w.storage import ObjectNotFound, storage_from_url
from tests.support.s3 import aws_env, s3_bucket, s3_server, s3_storage  # noqa: F401 (fixtures)


class MemoryStorage:
    """The slice of the Storage protocol the builder uses, in memory, recording write order."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, str | None]] = {}
        self.writes: list[str] = []

    def put(self, key: str, data: bytes, content_type: str | None = None) -> None:
        """Store bytes under a key and remember the order of writes."""
        self.objects[key] = (bytes(data), content_type)
        self.writes.append(key)

    def get_bytes(self, key: str) -> bytes:
        """Return stored bytes or raise ObjectNotFound."""
        if key not in self.objects:
            raise ObjectNotFound(key)
        return self.objects[key][0]

    def exists(self, key: str) -> bool:
        """True when the key was written."""
        return key in self.objects


@dataclass
class Page:
    """What html.parser saw in a page: every start tag with attributes, scripts and text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """Attributes of every tag with the given name whose attributes match."""
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


class _Collector(HTMLParser):
    """Collects tags, script bodies and text nodes (character references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: dict[str, str | None] | None = None
        self._chunks: list[str] = []
        self._script_body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._script_body = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script, "".join(self._script_body)))
            self._script = None

    def handle_data(self, data: str) -> None:
        (self._script_body if self._script is not None else self._chunks).append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._chunks)


def parse_html(html: str | bytes) -> Page:
    """Parse a page with the standard library parser."""
    collector = _Collector()
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    collector.close()
    return collector.page


def render(document: dict[str, Any], theme: str = "professional", **options: Any) -> dict:
    """Validate and render a document; return {path: bytes}."""
    files = render_site(validate_document(document), theme, options)
    return {f.path: f.data for f in files}


@pytest.fixture(params=THEMES)
def theme(request: pytest.FixtureRequest) -> str:
    """Each theme in turn."""
    return request.param


@pytest.fixture
def storage_url(tmp_path: Path) -> str:
    """A file:// URL of an empty storage folder."""
    return (tmp_path / "store").as_uri()


@pytest.fixture
def storage(storage_url: str) -> Any:
    """The real LocalStorage behind storage_url."""
    return storage_from_url(storage_url)


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, list[dict[str, Any]]]]:
    """Run builder.cli.main in-process; return (exit code, parsed JSON log lines)."""

    def run(*argv: str) -> tuple[int, list[dict[str, Any]]]:
        out = io.StringIO()
        code = main(list(argv), stream=out)
        return code, [json.loads(line) for line in out.getvalue().splitlines()]

    return run


@pytest.fixture
def spec_file(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Write a spec dict to a JSON file and return its path."""

    def write(spec: dict[str, Any]) -> Path:
        path = tmp_path / f"spec-{spec.get('buildId', 'x')}.json"
        path.write_text(json.dumps(spec))
        return path

    return write
