"""The `r2w` command (also `python -m r2w`): what a script needs without the web app.

`r2w extract FILE` prints the CV document of one file as JSON. It imports neither Flask nor
the app's extensions, so a script that reads many files one process at a time pays only for
reading (bench/bench_startup.py measures it). Operations on the app's data (workers, cut-over,
reconcile) stay under `flask --app wsgi r2w …` (r2w/cli.py), which runs the same extract.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO


def extract_file(path: Path, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The CV document of one file, read with the extractor the settings name.

    Raises ValueError (UnsupportedFile, a failed text extraction or extraction among them)
    with a message for the person when the file cannot be read.
    """
    from r2w.extraction import extractor_from_settings
    from r2w.extraction.sniff import check_upload
    from r2w.extraction.text import extract_text

    data = path.read_bytes()
    kind = check_upload(data, path.name)
    text = extract_text(data, kind)
    extractor = extractor_from_settings(settings)
    return extractor.extract(text.text, source=data, kind=kind, reading=text.reading)


def read_settings(extractor: str | None = None) -> dict[str, Any]:
    """The validated settings from the environment (and CV_EXTRACTOR=extractor if given)."""
    from r2w import config

    explicit = {"CV_EXTRACTOR": extractor} if extractor else {}
    # Extraction reads no path setting: the instance folder only names paths here, so it is
    # not looked up (finding Flask's default costs importing Flask).
    settings = config.merged(explicit, os.environ.get("INSTANCE_PATH") or "instance")
    config.validate(settings)
    return settings


def read_errors() -> tuple[type[Exception], ...]:
    """The failures of reading a file that are the file's (a message for the person), not bugs:
    refused uploads (UnsupportedFile is a ValueError), unreadable text, failed extraction."""
    from r2w.extraction import ExtractionFailed
    from r2w.extraction.text import TextExtractionFailed

    return (TextExtractionFailed, ExtractionFailed, ValueError)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="r2w", description="r2w: CV files to CV documents.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract = commands.add_parser(
        "extract",
        help="print the CV document of one file as JSON",
        description="Print the CV document of one file as JSON (for scripting and evaluation).",
    )
    extract.add_argument("path", type=Path, help="a PDF, DOCX, text or image file")
    extract.add_argument(
        "--extractor", choices=("heuristic", "claude"), help="default: CV_EXTRACTOR"
    )
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run one command; 0 on success, 1 when the file cannot be read, 2 on bad usage."""
    out, err = out or sys.stdout, err or sys.stderr
    args = _parser().parse_args(argv)
    if not args.path.is_file():
        print(f"error: no such file: {args.path}", file=err)
        return 2
    from r2w.config import ConfigError

    try:
        document = extract_file(args.path, read_settings(args.extractor))
    except ConfigError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except read_errors() as exc:
        print(f"error: {exc}", file=err)
        return 1
    print(json.dumps(document, ensure_ascii=False, indent=2), file=out)
    return 0
