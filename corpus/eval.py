"""`python -m corpus.eval` (`make eval`): extract every corpus file, score it, write the report.

The generated corpus lives in a gitignored cache (.corpus/) and is rebuilt when it is missing or
the generator changed. The hand-labeled samples in tests/fixtures/cvs are scored the same way.
This only reports: nothing here is tuned to any split.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from corpus.generate import SPLITS, corpus_version, ensure
from corpus.gt import Fact, parse_gt
from corpus.run import extract_file, flags_available
from corpus.score import ITEM_LISTS, _related, score_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "cvs"
SCALAR_SECTIONS = {
    "name": "hero",
    "title": "hero",
    "summary": "summary",
    "skill": "skills",
    "level": "skills",
    "skillcat": "skills",
    "hobby": "hobbies",
    "unclass": "unclassified",
}
TEXT_FORMATS = ("pdf", "docx", "md", "txt")
COLUMNS = ("right", "partly", "missing", "wrong_place")  # the report's column order


def section_of(fact: Fact) -> str:
    """The document section a fact belongs to (contact for personal details)."""
    if fact.block is not None:
        return ITEM_LISTS[fact.kind][0]
    return SCALAR_SECTIONS.get(fact.field, "contact")


@dataclass
class FileResult:
    """What one file scored: (section, verdict, flagged) per fact, invented values, errors."""

    group: str
    fmt: str
    file: str
    facts: list[tuple[str, str, bool]] = field(default_factory=list)
    invented: int = 0
    error: str | None = None
    seconds: float = 0.0
    unseen: bool = False
    tags: dict[str, str] = field(default_factory=dict)  # lang, layout family, heading style


def score_file(job: tuple[str, str, str, str]) -> FileResult:
    """Extract and score one file (runs in a worker process)."""
    group, fmt, path, gt_path = job
    result = FileResult(group, fmt, Path(path).name)
    truth = parse_gt(Path(gt_path).read_text(encoding="utf-8"))
    outcome = extract_file(Path(path))
    result.seconds = outcome.seconds
    document = outcome.document
    if outcome.error:
        result.error = outcome.error
        document = {}
    score = score_document(truth, document, outcome.text, outcome.flags)
    # A right fact counts as flagged (a needless flag) only when a flag is shown on its own
    # value (a flag covering its whole entry or section asks about where it was filed).
    flags = outcome.shown or []
    result.facts = [
        (
            section_of(r.fact),
            r.verdict,
            r.flagged
            if r.verdict != "right"
            else bool(r.path) and any(_related(flag, r.path) for flag in flags),
        )
        for r in score.results
    ]
    result.invented = len(score.invented)
    return result


def sample_jobs() -> list[tuple[str, str, str, str]]:
    """The hand-labeled real samples with their ground truth."""
    jobs = []
    for gt in sorted((SAMPLES / "ground-truth").glob("*.gt")):
        path = SAMPLES / gt.name.removesuffix(".gt")
        ext = path.suffix.lstrip(".")
        fmt = "scan" if ext in ("jpg", "png") else ext
        jobs.append(("real samples", fmt, str(path), str(gt)))
    return jobs


# ---------------------------------------------------------------------------- report


def _row(results: list[FileResult], flags: bool) -> tuple[int, list[str]]:
    """Facts and the percentage cells of one table row."""
    verdicts: Counter[str] = Counter()
    silent = wrong = invented = needless = 0
    for r in results:
        invented += r.invented
        for _section, verdict, flagged in r.facts:
            verdicts[verdict] += 1
            if verdict != "right":
                wrong += 1
                silent += not flagged
            else:
                needless += flagged
    total = sum(verdicts.values())
    cells = [_pct(verdicts[v], total) for v in COLUMNS]
    cells.append(f"{invented} ({_pct(invented, total)})")
    cells.append(_pct(silent, wrong) if flags else "n/a")
    cells.append(_pct(needless, verdicts["right"]) if flags else "n/a")
    return total, cells


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def standard_error(results: list[FileResult]) -> float:
    """Standard error of the right share with files as the sampled units (the facts of one
    file are not independent), by the ratio-estimator formula."""
    share = right_share(results) or 0.0
    total = sum(len(r.facts) for r in results)
    if not total or len(results) < 2:
        return 0.0
    spread = sum(
        (sum(v == "right" for _s, v, _f in r.facts) - share * len(r.facts)) ** 2 for r in results
    )
    return (spread * len(results) / (len(results) - 1)) ** 0.5 / total


def right_share(results: list[FileResult]) -> float | None:
    """Share of facts exactly right, or None without facts."""
    facts = [v for r in results for _s, v, _f in r.facts]
    return sum(v == "right" for v in facts) / len(facts) if facts else None


HEADER = (
    "| {what} | files | facts | right | partly | missing | wrong place | invented | silent "
    "| flagged right |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def _table(title: str, rows: list[tuple[str, list[FileResult]]], flags: bool) -> list[str]:
    lines = [f"### {title}", "", HEADER.format(what="set")]
    for label, results in rows:
        if not results:
            continue
        total, cells = _row(results, flags)
        errors = sum(1 for r in results if r.error)
        files = f"{len(results)}" + (f" ({errors} failed)" if errors else "")
        lines.append(f"| {label} | {files} | {total} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _section_table(title: str, results: list[FileResult], flags: bool) -> list[str]:
    by_section: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for r in results:
        for fact in r.facts:
            by_section[fact[0]].append(fact)
    lines = [f"### {title}", "", HEADER.format(what="section").replace("| files ", "")]
    lines[-1] = lines[-1].replace("|---|---|---|---|---|---|---|---|---|---|", "|---" * 9 + "|")
    for section in sorted(by_section, key=lambda s: -len(by_section[s])):
        facts = by_section[section]
        fake = FileResult("", "", "", facts)
        total, cells = _row([fake], flags)
        cells[4] = "–"  # invented values are counted per document, not per section
        lines.append(f"| {section} | {total} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def report(results: list[FileResult], meta: dict[str, str], flags: bool) -> str:
    """The Markdown report (docs/extraction-eval.md)."""
    by_group: dict[str, list[FileResult]] = defaultdict(list)
    for r in results:
        by_group[r.group].append(r)
    lines = [
        "# Extraction evaluation",
        "",
        "Written by `make eval` (`python -m corpus.eval`); do not edit by hand. How the corpus,",
        "the splits and the scoring work: [the end of this page](#how-this-is-measured).",
        "",
        *(f"- **{k}**: {v}" for k, v in meta.items()),
        "",
        "## Summary",
        "",
    ]
    train = right_share(by_group["train"])
    test = right_share(by_group["test"])
    if train is not None and test is not None:
        gap_se = (
            standard_error(by_group["train"]) ** 2 + standard_error(by_group["test"]) ** 2
        ) ** 0.5
        lines.append(
            f"Train-to-test gap: **{100 * (train - test):.1f} points** of facts right "
            f"(train {100 * train:.1f}%, test {100 * test:.1f}%; ±{196 * gap_se:.1f} points is "
            "the 95% interval from sampling files)."
        )
        lines.append("")
    for split in ("train", "test"):
        text = [r for r in by_group[split] if r.fmt in TEXT_FORMATS]
        scans = [r for r in by_group[split] if r.fmt == "scan"]
        for label, part in (("text formats", text), ("scans", scans)):
            share = right_share(part)
            if share is not None:
                lines.append(f"- {split}, {label}: {100 * share:.1f}% of facts right")
    real = right_share(by_group["real samples"])
    if real is not None:
        lines.append(f"- hand-labeled real samples: {100 * real:.1f}% of facts right")
    lines.append(
        "- flags: "
        + ("from r2w.extraction.confidence.review" if flags else "not available (no review())")
    )
    lines.append("")
    lines.append("Columns: share of facts right / partly / missing / in the wrong place; invented")
    lines.append("values (count, and per fact); silent = share of the facts that are not right")
    lines.append("and carry no flag; flagged right = share of the right facts whose own value")
    lines.append("carries a flag (a needless look for the person).")
    lines.append("")
    lines += _table(
        "Per split",
        [
            ("train", by_group["train"]),
            ("dev", by_group["dev"]),
            ("test (all)", by_group["test"]),
            ("test, ordinary samples", [r for r in by_group["test"] if not r.unseen]),
            ("test, unseen pools and layouts", [r for r in by_group["test"] if r.unseen]),
            ("real samples", by_group["real samples"]),
        ],
        flags,
    )
    for group in (*SPLITS, "real samples"):
        rows = [
            (fmt, [r for r in by_group[group] if r.fmt == fmt]) for fmt in (*TEXT_FORMATS, "scan")
        ]
        lines += _table(f"{group}: per format", rows, flags)
    # Where test's gap lies: each format's ordinary half against its unseen half.
    halves = [
        (f"{fmt}, {half}", [r for r in by_group["test"] if r.fmt == fmt and r.unseen == unseen])
        for fmt in (*TEXT_FORMATS, "scan")
        for half, unseen in (("ordinary", False), ("unseen", True))
    ]
    lines += _table("test: per format, ordinary and unseen halves", halves, flags)
    for group in ("train", "test", "real samples"):
        lines += _section_table(f"{group}: per section", by_group[group], flags)
    generated = [r for r in results if r.tags]
    for tag, title in (
        ("family", "layout family"),
        ("heading", "heading style"),
        ("lang", "CV language"),
    ):
        values = sorted({r.tags[tag] for r in generated})
        rows = [(value, [r for r in generated if r.tags[tag] == value]) for value in values]
        lines += _table(f"all splits: per {title}", rows, flags)
    failed = [r for r in results if r.error]
    if failed:
        lines += ["### Files that failed to extract", ""]
        lines += [f"- {r.group} {r.file}: {r.error}" for r in failed]
        lines.append("")
    lines += METHOD.splitlines()
    return "\n".join(lines).rstrip() + "\n"


METHOD = """
## How this is measured

**Corpus.** `corpus/` generates CVs from a seed (nothing is downloaded): content
(`corpus/content.py`, `corpus/pools.py`: people, jobs, degrees, skills with and without levels,
languages with levels, projects with URLs, certifications, volunteering, publications, awards,
hobbies; English, German, French, Spanish and Arabic), layouts (`corpus/layouts.py`: one column,
two columns, sidebar left/right, header band, timeline; headings in ALL CAPS, Title Case,
bold-only, underlined, colon-suffixed, icon-prefixed, numbered "01 PROFILE", letter-spaced;
DejaVu and Noto fonts; dates right of, below, left of or inline with titles; company before or
after the title; six bullet glyphs) and writers (`corpus/render.py`: PDF printed by headless
Chromium, DOCX with and without Word heading styles and tables, Markdown, plain text, and scans:
the PDF rasterised at 72-200 dpi, tilted up to 1.5 degrees, blurred, JPEG-compressed, sometimes
shrunk to a ~500x700 px phone photo, saved as JPEG, PNG or an image-only PDF). The ground truth
is written in the same `.gt` fact format as the hand-written files, from the values printed.

**Splits.** train 40%, dev 20%, test 40% of the corpus. Train and dev use only the "seen" half
of every pool. Half of the test samples (odd indices, "unseen" in the tables) use only the
"held" half: other names, companies, schools, cities, job titles, project names, hobbies and
section-heading wordings, the layout families sidebar_right and timeline, and the heading styles
numbered and letter-spaced, none of which train or dev contain; the other half of test is drawn
like train ("ordinary"). Tune rules and models on train and dev only. The one learned part,
r2w's section reader (`r2w/extraction/section_model.py`, a naive Bayes model of what a block
of lines says), is trained by `python -m corpus.train_sections` on the train split alone,
from the sections found under headings r2w knows; dev and test never train it. Unknown
heading wordings are probed on train and dev with `python -m corpus.errors --hide-headings
SHARE`, and content in words no CV showed with `--blind-content` (the section reader forgets
the words of the seen pools; the held halves are never read).

**Facts and verdicts** (`corpus/score.py`). Each line of a `.gt` file is a fact (a `skills:` or
`hobbies:` list gives one fact per entry; `skill: NAME=LEVEL` gives a skill and a level fact).
Values are compared after folding: Unicode NFKC, case-folded, every run of whitespace one space,
ends trimmed; nothing else (a changed dash or a dropped bullet glyph is not verbatim). Item
facts are first aligned to one extracted item of the right section (greedy one-to-one, ranked by
how many of the block's facts the item holds exactly, then in part, a field misread counting
as in part). Then a fact is **right** if
its field in the aligned item (or its scalar field) equals it; a date range is right if start
and end dates, joined by the text between them in the CV, give it back; a location is its city,
state and country joined by ", "; a detail may be one line or a word-bounded part of a
description. **Partly**: that field overlaps it (one contains the other, or it holds half of the
fact's words) or holds it misread, as OCR misreads (a fact of 7 or more characters, at most one
character edit per 5 of them, no digits: "Mandarın" for "Mandarin", not "Danish" for
"Spanish", "Jun 2020" for "Jan 2020" or "2018" for "2019").
**Wrong place**: not so, but the whole fact is some other value or a word-bounded
part of it (another field, item, section, or unclassified_text); a fact shorter than 5
characters (a year, "SQL") counts as a part only of a value at most three times its length or of
another field of its own item. Otherwise partly if another value overlaps it strongly, else
**missing**. **Invented** values are document values the extracted text does not support
(`r2w.extraction.fidelity.unsupported_values`), counted per file. `override` lines in the
hand-written files are ignored. A fact is **flagged** when a flag of
`r2w.extraction.confidence.review` sits on the path where it was found, on its aligned item or
on its home field (a flag on a whole item or section covers the fields inside it; a
`guessed_section` flag, shown once at a section's title or at an entry's first value, asks
for the whole section or entry to be checked and covers it); **silent** facts are the
not-right facts without a flag, and **flagged right** facts are right facts with a flag on
their own value. Flags come from the rules and from a learned model
(`r2w.extraction.confidence.unsure`, trained on train by `python -m corpus.train_unsure`,
read plainly and under the probes of unknown heading and content words; its thresholds, one
for scans and one for text formats, chosen on dev read plainly and with half and with most
of other heading phrases hidden).

**Not scored.** Section headings; which skill category a skill sits in (a skill is right
anywhere in the skills lists; the category name is its own fact); link platforms. The Arabic
PDFs and scans are scored against the logical (reading) order of their text: a PDF text layer
stores mixed right-to-left lines in visual order, so a reader must reorder them.

Score one file and see each fact it gets wrong: `python -m corpus.score FILE FILE.gt`.
"""


def main(argv: list[str] | None = None) -> int:
    """Generate (if needed), extract, score and write docs/extraction-eval.md."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument(
        "--size",
        type=int,
        default=1000,
        help="generated CVs over all splits (1000: the gap is known to about ±4 points)",
    )
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--max-scans", type=int, default=None, help="cap scans per split")
    parser.add_argument("--quick", action="store_true", help="30 CVs, at most 2 scans a split")
    parser.add_argument(
        "--splits",
        default=",".join(SPLITS),
        help="comma-separated splits to score (tune with train,dev; test is for reporting)",
    )
    parser.add_argument(
        "--formats",
        default=None,
        help="comma-separated formats to score (pdf, docx, md, txt, scan); all by default",
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=ROOT / ".corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "extraction-eval.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.size, args.max_scans = 30, 2 if args.max_scans is None else args.max_scans
    started = time.perf_counter()
    manifest = ensure(args.cache, args.seed, args.size, args.max_scans)
    generated_at = time.perf_counter() - started
    wanted = {name.strip() for name in args.splits.split(",")}
    manifest = [s for s in manifest if s["split"] in wanted]
    if args.formats:
        formats = {name.strip() for name in args.formats.split(",")}
        manifest = [s for s in manifest if s["format"] in formats]
    jobs = [
        (s["split"], s["format"], str(args.cache / s["file"]), str(args.cache / s["file"]) + ".gt")
        for s in manifest
    ]
    by_path = {str(args.cache / s["file"]): s for s in manifest}
    jobs += [job for job in sample_jobs() if not args.formats or job[1] in formats]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(score_file, jobs, chunksize=2))
    for job, result in zip(jobs, results, strict=True):
        sample = by_path.get(job[2])
        if sample:
            result.unseen = sample["unseen"]
            result.tags = {k: sample[k] for k in ("lang", "family", "heading")}
    elapsed = time.perf_counter() - started
    command = "python -m corpus.eval " + " ".join(argv if argv is not None else sys.argv[1:])
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        "command": f"`{command.strip()}`",
        "seed": str(args.seed),
        "corpus version": corpus_version(),
        "corpus": f"{len(manifest)} generated CVs ("
        + ", ".join(f"{s} {sum(m['split'] == s for m in manifest)}" for s in SPLITS)
        + f"), {len(sample_jobs())} hand-labeled samples",
        "elapsed": f"{elapsed:.0f} s (generating {generated_at:.0f} s), {args.jobs} workers",
    }
    flags = flags_available()
    args.out.write_text(report(results, meta, flags), encoding="utf-8")
    # Per-file results beside the cache, to find the files worth `python -m corpus.score`.
    per_file = [
        {
            "group": r.group,
            "file": r.file,
            "format": r.fmt,
            "unseen": r.unseen,
            **r.tags,
            "facts": len(r.facts),
            "right": sum(v == "right" for _s, v, _f in r.facts),
            "invented": r.invented,
            "error": r.error,
            "seconds": round(r.seconds, 2),
        }
        for r in results
    ]
    (args.cache / "results.json").write_text(json.dumps(per_file, indent=1), encoding="utf-8")
    print(f"wrote {args.out} in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
