"""`python -m images build` (make image) or `python -m images check` (make image-check)."""

from __future__ import annotations

import argparse
import sys

from images.engine import ImageError


def main(argv: list[str] | None = None) -> int:
    """Dispatch to build or check."""
    parser = argparse.ArgumentParser(prog="python -m images", description=__doc__)
    parser.add_argument("action", choices=["build", "check"])
    args = parser.parse_args(argv)
    if args.action == "check":
        from images.check import main as check

        return check()
    from images.build import build_all
    from images.engine import detect

    try:
        refs = build_all(detect())
    except ImageError as exc:
        print(f"make image failed: {exc}", file=sys.stderr)
        return 1
    print(" ".join(refs.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
