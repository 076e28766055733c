"""`python -m corpus.errors`: the corpus's wrong facts counted by group, the biggest first.

Each fact that is not right is grouped by format, fact field (exp.title, skill ...), verdict and
where it was found instead (its path with item numbers dropped), so the biggest error groups of a
split stand out. Also prints the false-flag rate (share of right facts that carry a flag) next to
the silent rate. Tune on train and dev only; this never reads the test split unless asked.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from corpus.gt import parse_gt
from corpus.run import extract_file
from corpus.score import score_document

ROOT = Path(__file__).resolve().parents[1]
_INDEX = re.compile(r"\[\d+\]")


def where(path: str | None) -> str:
    """A found path with item numbers dropped (experience[3].company -> experience.company)."""
    return _INDEX.sub("", path) if path else "-"


def file_errors(job: tuple[str, str]) -> dict:
    """Extract and score one file; its wrong facts and its flag counts."""
    fmt, path = job
    truth = parse_gt(Path(path + ".gt").read_text(encoding="utf-8"))
    outcome = extract_file(Path(path))
    score = score_document(truth, outcome.document or {}, outcome.text, outcome.flags)
    wrong = [
        {
            "fact": f"{r.fact.kind}.{r.fact.field}" if r.fact.block is not None else r.fact.field,
            "verdict": r.verdict,
            "found": where(r.path),
            "flagged": r.flagged,
            "value": r.fact.value,
            "got": (r.found or "")[:120],
        }
        for r in score.results
        if r.verdict != "right"
    ]
    right = [r for r in score.results if r.verdict == "right"]
    return {
        "file": path,
        "format": fmt,
        "facts": len(score.results),
        "right": len(right),
        "right_flagged": sum(r.flagged for r in right),
        "invented": len(score.invented),
        "error": outcome.error,
        "wrong": wrong,
    }


def hide_headings(fraction: float, salt: str = "") -> None:
    """Forget a fixed share of r2w's heading phrases (chosen by hash), in this process.

    A probe of how r2w reads headings it has no words for: the sections then have to be
    found by their typography and filed by what they say, as with a CV's own wording.
    """
    import hashlib

    from r2w.extraction import sections

    def hidden(phrase: str) -> bool:
        digest = hashlib.sha256((salt + phrase).encode("utf-8")).digest()
        return digest[0] / 256 < fraction

    sections._EXACT = {k: v for k, v in sections._EXACT.items() if not hidden(k)}
    sections._WORDS = {k: v for k, v in sections._WORDS.items() if not hidden(k)}


def content_words() -> set[str]:
    """Folded words of the content train and dev draw from (the "seen" pools and the shared
    content lists), less the words r2w's own vocabulary knows (degree, school, title, level
    and language words are general knowledge, not a pool's)."""
    from corpus import content
    from corpus.pools import POOLS
    from r2w.cvdoc.strings import iter_strings
    from r2w.extraction import vocab
    from r2w.extraction.section_model import WORD

    texts = [text for pool in POOLS.values() for text in iter_strings(pool.get("seen", []))]
    for name, value in vars(content).items():
        # The content module's own lists (not the pools and headings it imports, whose held
        # halves only the test split draws from).
        if name.isupper() and not isinstance(value, dict) and name != "LANGUAGES":
            texts += iter_strings(value)
    general = (
        vocab.DEGREE_WORDS | vocab.INSTITUTION_WORDS | vocab.LEVEL_WORDS | vocab.LANGUAGE_NAMES
    )
    words = {w.casefold() for text in texts for w in WORD.findall(text)}
    return {w for w in words if w not in general and not vocab.has_word(w, vocab.TITLE_WORDS)}


def blind_content() -> None:
    """Make r2w's section reader forget the words of the generated content, in this process.

    A probe of CVs whose content words are all new (other names, schools, hobbies, course
    titles): blocks under unknown headings must then be told apart by the shapes of their
    values and lines and by general words, as on a person's own CV.
    """
    from r2w.extraction import section_model

    model = section_model._model()
    if model is not None:
        model["vocabulary"] -= {f"w:{word}" for word in content_words()}


def probe(fraction: float, salt: str, blind: bool) -> None:
    """Set up one worker for the probes asked for (hidden headings, blind content)."""
    if fraction:
        hide_headings(fraction, salt)
    if blind:
        blind_content()


def jobs(cache: Path, splits: set[str], formats: set[str]) -> list[tuple[str, str]]:
    """(format, path) of every corpus file of the wanted splits and formats."""
    manifest = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))["samples"]
    return [
        (s["format"], str(cache / s["file"]))
        for s in manifest
        if s["split"] in splits and s["format"] in formats
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the biggest error groups of the chosen splits and formats."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--cache", type=Path, default=ROOT / ".corpus")
    parser.add_argument("--splits", default="train,dev")
    parser.add_argument("--formats", default="pdf,docx,md,txt")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", type=Path, help="write every file's wrong facts here (JSON)")
    parser.add_argument(
        "--hide-headings",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="forget this share of r2w's heading phrases first (0-1), to probe unknown wordings",
    )
    parser.add_argument(
        "--hide-salt",
        default="",
        help="which phrases are forgotten (another salt, another set of the same share)",
    )
    parser.add_argument(
        "--blind-content",
        action="store_true",
        help="make the section reader forget the generated content's words, to probe new ones",
    )
    args = parser.parse_args(argv)
    todo = jobs(args.cache, set(args.splits.split(",")), set(args.formats.split(",")))
    setup = (args.hide_headings, args.hide_salt, args.blind_content)
    with ProcessPoolExecutor(max_workers=args.jobs, initializer=probe, initargs=setup) as pool:
        results = list(pool.map(file_errors, todo, chunksize=2))
    if args.dump:
        args.dump.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    facts = sum(r["facts"] for r in results)
    right = sum(r["right"] for r in results)
    wrong = [w | {"format": r["format"]} for r in results for w in r["wrong"]]
    silent = sum(not w["flagged"] for w in wrong)
    false_flags = sum(r["right_flagged"] for r in results)
    print(
        f"{len(results)} files, {facts} facts: right {100 * right / max(facts, 1):.1f}%, "
        f"silent {100 * silent / max(len(wrong), 1):.1f}% of not-right, "
        f"false flags {100 * false_flags / max(right, 1):.1f}% of right, "
        f"invented {sum(r['invented'] for r in results)}"
    )
    for fmt in sorted({r["format"] for r in results}):
        mine = [r for r in results if r["format"] == fmt]
        n, ok = sum(r["facts"] for r in mine), sum(r["right"] for r in mine)
        print(f"  {fmt}: {len(mine)} files, right {100 * ok / max(n, 1):.1f}%")
    groups = Counter((w["format"], w["fact"], w["verdict"], w["found"]) for w in wrong)
    silent_groups = Counter(
        (w["format"], w["fact"], w["verdict"], w["found"]) for w in wrong if not w["flagged"]
    )
    print(f"\n{'count':>5} {'silent':>6}  format fact verdict -> found at")
    for (fmt, fact, verdict, found), count in groups.most_common(args.top):
        quiet = silent_groups[(fmt, fact, verdict, found)]
        print(f"{count:5d} {quiet:6d}  {fmt} {fact} {verdict} -> {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
