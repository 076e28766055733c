"""`python -m corpus.train_sections`: train r2w's section reader on the train split.

Each generated CV of the train split (text formats) is read by r2w as a user's would be, and
every section found under a heading r2w knows becomes one example: its lines, labelled with
the section (with any lines the rules alone filed into it from under a heading r2w does not
know, as a user's CV would be read with the model off). The heading itself is not part of the
example, so the model learns what the lines say, and is used where a heading's words are
unknown. Only train is read (dev and test stay unseen); the output is written in a stable
order, so the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from r2w.extraction.section_model import MODEL_PATH, train

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("pdf", "docx", "md", "txt")


def examples(path: str) -> list[tuple[str, list[str]]]:
    """(section, lines) of every section of one CV that r2w found by a heading it knows."""
    from r2w.extraction import section_model
    from r2w.extraction.heuristic import UNKNOWN, segment
    from r2w.extraction.layout import lay_out
    from r2w.extraction.lines import attach_layout, split_lines, typical_width
    from r2w.extraction.normalize import clean_text
    from r2w.extraction.readers import READERS
    from r2w.extraction.section_breaks import block_texts
    from r2w.extraction.sniff import check_upload
    from r2w.extraction.text import extract_text

    section_model.ENABLED = False  # examples come from the rules alone (this worker only)

    data = Path(path).read_bytes()
    result = extract_text(data, check_upload(data, Path(path).name))
    lines = split_lines(clean_text(result.text))
    if result.reading is not None:
        lines = attach_layout(lines, lay_out(result.reading).lines)
    width = typical_width(lines)
    _, sections = segment(lines)
    return [
        (key, block_texts(section.lines, width))
        for key, section in sections.items()
        if not key.startswith(UNKNOWN) and key in READERS and section.lines
    ]


def main(argv: list[str] | None = None) -> int:
    """Train on the train split and write the model file."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--cache", type=Path, default=ROOT / ".corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    manifest = json.loads((args.cache / "manifest.json").read_text(encoding="utf-8"))
    paths = sorted(
        str(args.cache / s["file"])
        for s in manifest["samples"]
        if s["split"] == "train" and s["format"] in FORMATS
    )
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        found = [ex for file_examples in pool.map(examples, paths) for ex in file_examples]
    model = train(found)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(model, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(paths)} CVs, {len(found)} sections, {model['features']} features -> {args.out} "
        f"({args.out.stat().st_size // 1024} KB); examples per section: {model['examples']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
