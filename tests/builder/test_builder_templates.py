"""Compiled templates cached on disk: reused while a template is unchanged, never stale."""

from __future__ import annotations

from pathlib import Path

from builder.templates import THEMES_DIR, make_environment, warm


def themes(tmp_path: Path, text: str) -> Path:
    """A one-template themes folder."""
    folder = tmp_path / "themes"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text(text)
    return folder


def test_compiled_template_is_stored_and_reused(tmp_path):
    folder, cache = themes(tmp_path, "Hello {{ name }}"), tmp_path / "cache"
    assert make_environment(folder, cache).get_template("page.html").render(name="A") == "Hello A"
    stored = sorted(cache.iterdir())
    assert len(stored) == 1

    # A new process (a new environment) loads the stored code instead of compiling again.
    mtime = stored[0].stat().st_mtime_ns
    assert make_environment(folder, cache).get_template("page.html").render(name="B") == "Hello B"
    assert sorted(cache.iterdir()) == stored
    assert stored[0].stat().st_mtime_ns == mtime


def test_changed_template_is_compiled_again(tmp_path):
    cache = tmp_path / "cache"
    folder = themes(tmp_path, "Hello {{ name }}")
    make_environment(folder, cache).get_template("page.html").render(name="A")

    themes(tmp_path, "Goodbye {{ name }}")

    assert make_environment(folder, cache).get_template("page.html").render(name="A") == "Goodbye A"


def test_unwritable_cache_only_costs_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    folder = themes(tmp_path, "{{ 1 + 1 }}")

    assert make_environment(folder, blocker / "cache").get_template("page.html").render() == "2"


def test_warm_compiles_every_theme_template(tmp_path):
    cache = tmp_path / "cache"
    count = warm(make_environment(THEMES_DIR, cache))

    assert count == len(list(THEMES_DIR.rglob("*.html")))
    assert len(list(cache.iterdir())) == count


def test_damaged_cache_entry_is_compiled_again(tmp_path):
    folder, cache = themes(tmp_path, "Hello {{ name }}"), tmp_path / "cache"
    make_environment(folder, cache).get_template("page.html")
    (entry,) = cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:20])

    assert make_environment(folder, cache).get_template("page.html").render(name="C") == "Hello C"
