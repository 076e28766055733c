"""Silent and false-flag rates of review() on the generated corpus (train and dev only).

    PYTHONPATH=$PWD .venv/bin/python -m bench.bench_flags [--splits train,dev] [--samples]

Extraction is slow and does not change while review() is tuned, so each file's document, text
and Reading are cached under .corpus/review-cache/ (keyed by the file's size and mtime and the
extractor's sources); only review() and the scorer run on every call. Silent rate: the share of
facts that are not exactly right and carry no flag (corpus.score's rule). False-flag rate: the
share of exactly right facts whose value (or its item or section) carries a flag. Never run it
on the test split: rules are tuned on train and dev only.

The last table is the trade-off of each check: the wrong facts only its flags cover (how much
the silent rate rises without it) against the right values only its flags sit on (how much the
false-flag rate falls without it). Checks were kept while they caught more than they cost;
the crowded-entry check is the one that costs most per catch.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from corpus import cache

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "cvs"


def _cached(job: tuple[str, str]) -> str:
    """Extract one file unless its cache entry exists; the cache file's path."""
    return str(cache.cached_path(Path(job[0]), job[1]))


def score_one(cache_path: str, gt_path: str) -> dict:
    """Review one cached extraction and score it: per-fact verdicts, flagged, false flags."""
    from corpus.gt import parse_gt
    from corpus.run import flag_paths
    from corpus.score import (
        _field_slots,
        _flagged,
        _related,
        _scalar_slots,
        score_document,
        slots,
    )
    from r2w.extraction.confidence import review

    entry = cache.load(Path(cache_path))
    if entry["document"] is None:
        return {"facts": [], "codes": Counter(), "catch": Counter(), "false": Counter()}
    rev = review(entry["document"], entry["text"], entry["reading"])
    # The silent share counts what flags cover, as make eval does (corpus.run.flag_paths);
    # needless flags are those shown on a right value itself.
    covered = flag_paths(rev.flags)
    truth = parse_gt(Path(gt_path).read_text(encoding="utf-8"))
    score = score_document(truth, entry["document"], "", covered)
    facts = []
    codes: Counter = Counter()
    sole_catch: Counter = Counter()  # not-right facts only this code's flags cover
    sole_false: Counter = Counter()  # right facts only this code's flags sit on
    all_slots = slots(entry["document"])
    by_code: dict[str, list[str]] = {}
    for flag, path in zip(rev.flags, covered, strict=True):
        by_code.setdefault(flag.code, []).append(path)
    for r in score.results:
        if r.verdict != "right" and r.flagged:
            if r.fact.block is None:
                home = _scalar_slots(r.fact, all_slots)
            else:
                home = _field_slots(r.item_path, all_slots, r.fact) if r.item_path else []
            covering = [c for c, p in by_code.items() if _flagged(r, p, home)]
            if len(covering) == 1:
                sole_catch[covering[0]] += 1
        if r.verdict == "right" and r.path:
            on = {f.code for f in rev.flags if _related(f.path, r.path)}
            if len(on) == 1:
                sole_false[next(iter(on))] += 1
        false_codes = []
        if r.verdict == "right" and r.path:
            false_flags = [f for f in rev.flags if _related(f.path, r.path)]
            false_codes = [f.code for f in false_flags]
            codes.update(set(false_codes))
            false_codes = [f"{f.code}: {f.reason}" for f in false_flags]
        facts.append(
            (
                r.verdict,
                r.flagged,
                bool(false_codes),
                r.fact.label(),
                r.fact.value,
                r.path,
                " | ".join(false_codes) or r.found,
            )
        )
    return {"facts": facts, "codes": codes, "catch": sole_catch, "false": sole_false}


def jobs_for(splits: list[str], samples: bool) -> list[tuple[str, str]]:
    """(file, ground truth) pairs for the splits asked for (never test)."""
    pairs = []
    for split in splits:
        if split == "test":
            raise SystemExit("the test split is for reporting only")
        for gt in sorted((cache.CORPUS / split).glob("*.gt")):
            pairs.append((str(gt.with_suffix("")), str(gt)))
    if samples:
        for gt in sorted((SAMPLES / "ground-truth").glob("*.gt")):
            pairs.append((str(SAMPLES / gt.name.removesuffix(".gt")), str(gt)))
    return pairs


def _work(job: tuple[str, str, str]) -> tuple[str, dict]:
    path, gt, version = job
    return path, score_one(_cached((path, version)), gt)


def main(argv: list[str] | None = None) -> int:
    """Print silent and false-flag rates per split (and the false flags' codes)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--splits", default="train,dev")
    parser.add_argument("--samples", action="store_true", help="also the labeled real samples")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dump", type=Path, help="write every fact's outcome to this file")
    args = parser.parse_args(argv)
    version = cache.extractor_version()
    pairs = jobs_for([s for s in args.splits.split(",") if s], args.samples)
    jobs = [(path, gt, version) for path, gt in pairs]
    with ProcessPoolExecutor(args.workers) as pool:
        results = dict(pool.map(_work, jobs, chunksize=4))
    groups: dict[str, list] = {}
    codes: Counter = Counter()
    dump = []
    for path, result in results.items():
        group = "samples" if str(SAMPLES) in path else Path(path).parent.name
        groups.setdefault(group, []).extend(result["facts"])
        codes.update(result["codes"])
        dump.extend((Path(path).name, *fact) for fact in result["facts"])
    for group, facts in groups.items():
        wrong = [f for f in facts if f[0] != "right"]
        right = [f for f in facts if f[0] == "right"]
        silent = sum(1 for f in wrong if not f[1])
        false = sum(1 for f in right if f[2])
        print(
            f"{group:8} facts {len(facts):6}  not right {len(wrong):5}  "
            f"silent {100 * silent / max(len(wrong), 1):5.1f}%  "
            f"false flags {100 * false / max(len(right), 1):5.1f}% of right"
        )
    print("false flags by code:", ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    # The trade-off of each check: facts only it flags (silent without it) against right
    # values only it flags (false flags it alone adds).
    catch: Counter = Counter()
    false_only: Counter = Counter()
    for result in results.values():
        catch.update(result["catch"])
        false_only.update(result["false"])
    print(f"{'code':20} {'only it flags (wrong)':>22} {'only it flags (right)':>22}")
    for code in sorted(set(catch) | set(false_only), key=lambda c: -catch[c]):
        print(f"{code:20} {catch[code]:22} {false_only[code]:22}")
    if args.dump:
        args.dump.write_text(
            "\n".join("\t".join(str(x) for x in row) for row in dump), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
