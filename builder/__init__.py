"""The r2w portfolio builder: render a CV document into a static site in storage."""

from __future__ import annotations

# Part of every content address: bump it whenever rendered output changes for the same input,
# so the app never serves a site built by an older builder from a reused prefix.
BUILDER_VERSION = "1.2.0"

THEMES: tuple[str, ...] = ("professional", "creative", "academic", "executive")

__all__ = ["BUILDER_VERSION", "THEMES"]
