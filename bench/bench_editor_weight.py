"""Bytes the editor loads of its own when it shows a 3-page CV beside the fields.

    .venv/bin/python bench/bench_editor_weight.py [PDF]

Counts the editor's stylesheets and modules (editor.js and every module it imports, followed
through their import lines), the icon, and the page images the original panel loads, rendered
exactly as GET /api/v1/cvs/<id>/pages/<n> serves them, and the photo found in the CV as the
"Your photo" panel shows it (the same WebP whether offered or in use). The HTML page itself
(its embedded document and provenance) is not counted. Issue 18 asks for under 300 KB.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from r2w.extraction.photo import find_photo  # noqa: E402
from r2w.intake.pages import render_pdf  # noqa: E402

STATIC = ROOT / "r2w" / "static"
IMPORT = re.compile(r"from '\./([\w.-]+)'")
BUDGET = 300 * 1024


def modules(entry: str) -> set[str]:
    """entry and every module it imports, transitively."""
    seen, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(IMPORT.findall((STATIC / name).read_text()))
    return seen


def main() -> int:
    """Print the weight of each part and whether the total fits the budget."""
    pdf = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else ROOT / "tests/fixtures/cvs/Chicago-Resume-Template-Creative.pdf"
    )
    assets = {name: (STATIC / name).stat().st_size for name in
              modules("editor.js") | {"app.css", "editor.css", "icon.svg"}}  # fmt: skip
    data = pdf.read_bytes()
    images = [len(image) for _, _, image in render_pdf(data)]
    photo = find_photo(data, "pdf") or b""
    for name, size in sorted(assets.items()):
        print(f"{name:24} {size / 1024:7.1f} KB")
    for number, size in enumerate(images, start=1):
        print(f"page {number} (WebP){'':10} {size / 1024:7.1f} KB")
    print(f"{'photo (WebP)':24} {len(photo) / 1024:7.1f} KB")
    total = sum(assets.values()) + sum(images) + len(photo)
    print(f"{'total':24} {total / 1024:7.1f} KB of {BUDGET // 1024} KB ({len(images)} pages)")
    return 0 if total < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
