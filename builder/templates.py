"""The Jinja environment of the themes, with compiled templates cached on disk.

Compiling the themes' templates costs ~45 ms per build; Jinja's bytecode cache stores the
compiled code keyed by template name and source checksum, so a changed template is compiled
again. The image warms the cache at build time (`python -m builder.templates`), since its root
filesystem is read-only when a build runs; a cache that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import ChainableUndefined, Environment, FileSystemBytecodeCache, FileSystemLoader
from jinja2.bccache import Bucket

from builder.filters import FILTERS, TESTS

THEMES_DIR = Path(__file__).resolve().parent / "themes"
# R2W_TEMPLATE_CACHE overrides the folder; the default sits next to the themes (git-ignored).
CACHE_ENV = "R2W_TEMPLATE_CACHE"
DEFAULT_CACHE_DIR = Path(__file__).resolve().parent / ".template-cache"

_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def _finalize(value: Any) -> Any:
    """Render None as nothing (validated documents use null for every empty field)."""
    return "" if value is None else value


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache, whose keys also cover what compiled code depends on besides source.

    Compiled code depends on the Jinja version and the environment's syntax options, not only
    on a template's text, so those go into every key: an upgrade never loads stale code.
    """

    def __init__(self, directory: Path) -> None:
        super().__init__(str(directory), "%s.jinja-cache")
        self.path = directory
        options = repr(sorted(_OPTIONS.items())) + repr(sorted(FILTERS)) + repr(sorted(TESTS))
        self.fingerprint = f"{jinja2.__version__}|{sys.version_info[:2]}|{options}"

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The template's key: its name and path plus this environment's fingerprint."""
        text = f"{self.fingerprint}|{name}|{filename or ''}"
        return hashlib.sha256(text.encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        """Load stored code; a missing, unreadable or damaged entry means compiling again."""
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store compiled code if the folder is writable; a build never fails on the cache."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def cache_dir() -> Path:
    """Where compiled templates are kept."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR)


def make_environment(themes_dir: Path = THEMES_DIR, cache: Path | None = None) -> Environment:
    """A Jinja environment over themes_dir, autoescaping every template whatever its name."""
    env = Environment(
        loader=FileSystemLoader(str(themes_dir)),
        bytecode_cache=TemplateCache(cache or cache_dir()),
        finalize=_finalize,
        undefined=ChainableUndefined,
        **_OPTIONS,
    )
    env.filters.update(FILTERS)
    env.tests.update(TESTS)
    return env


def warm(env: Environment) -> int:
    """Compile every template into the cache; return how many there are."""
    names = env.list_templates(extensions=["html"])
    for name in names:
        env.get_template(name)
    return len(names)


def main() -> int:
    """`python -m builder.templates`: fill the cache (the image runs it at build time)."""
    count = warm(make_environment())
    print(f"compiled {count} templates into {cache_dir()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
