"""`python -m corpus.train_unsure`: train the learned "unsure" flag of r2w's review.

Every generated CV of the train split is read by r2w as a user's would be (cached by
corpus.cache) and reviewed by the rules alone; each extracted value becomes one example: its
features (confidence.unsure.value_features) and whether it is exactly right by the corpus
scorer (a value that holds a fact not exactly right, or no fact at all, is "not right").
A gradient-boosted tree ensemble (scikit-learn, a development dependency only) learns from
train; its trees are written to data/unsure_model.json for r2w's pure-Python reader. The
threshold is chosen on dev: the highest probability at which the flags (rules and model)
leave at most TARGET_SILENT of dev's not-right facts without a flag. Test is never read.
Same corpus, same file: the trees are fit with a fixed seed and written in a stable order.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from corpus import cache

# The share of not-right facts that may carry no flag (the goal is 5%); the threshold
# is set where dev meets it, and what that costs in flags on right values is printed.
TARGET_SILENT = 0.05
# Where no threshold meets it, the model may flag at most this share of dev's right values:
# each such flag costs the person a needless look, and too many teach them to ignore flags.
# (On this corpus 2% left 11.3% of dev's not-right facts silent, 4% leaves 9.3%, 8% 7.7%.)
FLAG_BUDGET = 0.04
MIN_FEATURE_ROWS = 5
TREES = 300
DEPTH = 6
RATE = 0.1
SEED = 17


@dataclass
class FileExamples:
    """One file's values (features and label) and, per fact, what would flag it."""

    # (features, label): 1 not right, 0 right, None when the value holds no fact at all.
    rows: list[tuple[dict[str, float], int | None]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    # Per fact: (right?, flagged by a rule?, value paths whose flag would cover it).
    facts: list[tuple[bool, bool, list[str]]] = field(default_factory=list)


def examples(job: tuple[str, str, str]) -> FileExamples:
    """The examples of one corpus file (features of each value, its label, its facts)."""
    from corpus.gt import parse_gt
    from corpus.score import _field_slots, _related, _scalar_slots, scalar_home, score_document
    from corpus.score import slots as all_slots_of
    from r2w.extraction.confidence.review import rules_and_features

    path, gt, version = job
    entry = cache.load(cache.cached_path(Path(path), version))
    out = FileExamples()
    if entry["document"] is None:
        return out
    values, flags, _, features = rules_and_features(
        entry["document"], entry["text"], entry["reading"]
    )
    truth = parse_gt(Path(gt).read_text(encoding="utf-8"))
    score = score_document(truth, entry["document"], "", [flag.path for flag in flags])
    wrong: set[str] = set()
    right: set[str] = set()
    slots = all_slots_of(entry["document"])
    value_paths = [p for p, _ in values]
    for result in score.results:
        places = [p for p in (result.path, result.item_path) if p]
        if result.fact.block is None:
            home = _scalar_slots(result.fact, slots)
            places.append(scalar_home(result.fact.field))
        else:
            home = _field_slots(result.item_path, slots, result.fact) if result.item_path else []
        places += [s.path for s in home]
        ok = result.verdict == "right"
        if ok and result.path:
            # A right value's "false flag" is one on the value itself (bench_flags' rule).
            covering = [v for v in value_paths if _related(v, result.path)]
            right.update(covering)
        else:
            covering = [v for v in value_paths if any(_related(v, p) for p in places if p)]
            if result.path:
                wrong.update(v for v in value_paths if _related(v, result.path))
        out.facts.append((ok, result.flagged, covering))
    # Values that hold no fact (section titles, skill-group names) are left out: the scorer
    # does not judge them, so nothing says whether they are right.
    for value_path in value_paths:
        if value_path not in features:
            continue  # a heading by nature: never judged
        label = None
        if value_path in right or value_path in wrong:
            label = 0 if value_path not in wrong else 1
        out.rows.append((features[value_path], label))
        out.paths.append(value_path)
    return out


def _field(named: dict[str, float]) -> str:
    """The field name a value's features carry ("field=jobTitle" -> "jobTitle")."""
    return next((name[6:] for name in named if name.startswith("field=")), "")


def _jobs(split: str) -> list[tuple[str, str, str]]:
    version = cache.extractor_version()
    gts = sorted((cache.CORPUS / split).glob("*.gt"))
    return [(str(gt.with_suffix("")), str(gt), version) for gt in gts]


def collect(split: str, workers: int) -> list[FileExamples]:
    """The examples of every file of one split."""
    if split == "test":
        raise SystemExit("the test split is for reporting only")
    jobs = _jobs(split)
    if not jobs:
        raise SystemExit(f"no corpus files in {cache.CORPUS / split}: run python -m corpus.eval")
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(examples, jobs, chunksize=4))


def export(model, names: list[str], threshold: float) -> dict:
    """The fitted ensemble as plain lists (feature index, threshold, children, leaf value)."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        tree = estimator.tree_
        trees.append(
            [
                [int(f) for f in tree.feature],
                [float(t) for t in tree.threshold],  # exact: inputs sit right beside them
                [int(c) for c in tree.children_left],
                [int(c) for c in tree.children_right],
                [round(float(v), 6) for v in tree.value[:, 0, 0]],
            ]
        )
    return {
        "about": "r2w.extraction.confidence.unsure: trained by python -m corpus.train_unsure",
        "features": names,
        "bias": 0.0,
        "rate": RATE,
        "threshold": round(threshold, 4),
        "trees": trees,
    }


def rates(files: list[FileExamples], chances: list[list[float]], threshold: float):
    """(silent share of not-right facts, flagged share of right facts) at a threshold."""
    wrong = silent = right = false = 0
    for found, chance in zip(files, chances, strict=True):
        doubted = {p for p, c in zip(found.paths, chance, strict=True) if c >= threshold}
        for ok, ruled, covering in found.facts:
            model_flag = any(p in doubted for p in covering)
            if ok:
                right += 1
                false += model_flag
            else:
                wrong += 1
                silent += not (ruled or model_flag)
    return silent / max(wrong, 1), false / max(right, 1)


def main(argv: list[str] | None = None) -> int:
    """Train on train, choose the threshold on dev, write the model file."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    from sklearn.ensemble import GradientBoostingClassifier

    from r2w.extraction.confidence import unsure

    train, dev = collect("train", args.workers), collect("dev", args.workers)
    counts: dict[str, int] = {}
    for found in train:
        for named, _ in found.rows:
            for name in named:
                counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, n in counts.items() if n >= MIN_FEATURE_ROWS)

    # The fields that hold facts; a value of one of them that holds no fact is a piece of a
    # value split in two, or text filed in the wrong place: not right. Other fields (section
    # titles, group names) are never judged by the scorer and stay out of the model.
    fields = sorted(
        {_field(named) for found in train for named, label in found.rows if label is not None}
    )

    def matrix(files: list[FileExamples]) -> tuple[list[list[float]], list[int]]:
        rows = [
            (named, 1 if label is None else label)
            for found in files
            for named, label in found.rows
            if _field(named) in fields
        ]
        return [[named.get(n, 0.0) for n in names] for named, _ in rows], [y for _, y in rows]

    x_train, y_train = matrix(train)
    model = GradientBoostingClassifier(
        init="zero",
        n_estimators=TREES,
        max_depth=DEPTH,
        learning_rate=RATE,
        subsample=0.8,
        min_samples_leaf=20,
        random_state=SEED,
    )
    model.fit(x_train, y_train)
    exported = export(model, names, 0.5)
    exported["fields"] = fields

    def chances_of(files: list[FileExamples]) -> list[list[float]]:
        return [[unsure.chance(exported, named) for named, _ in found.rows] for found in files]

    dev_chances = chances_of(dev)
    train_chances = chances_of(train)
    thresholds = [t / 100 for t in range(1, 100)]
    chosen = None
    cheapest = thresholds[-1]
    print(
        f"{'threshold':>9} {'train silent':>12} {'train false':>11} {'dev silent':>10} "
        f"{'dev false':>9}"
    )
    for threshold in thresholds:
        silent, false = rates(dev, dev_chances, threshold)
        if silent <= TARGET_SILENT:
            chosen = threshold
        if false <= FLAG_BUDGET and threshold < cheapest:
            cheapest = threshold
        if threshold * 100 % 5 == 0:
            t_silent, t_false = rates(train, train_chances, threshold)
            print(
                f"{threshold:9.2f} {100 * t_silent:11.1f}% {100 * t_false:10.1f}% "
                f"{100 * silent:9.1f}% {100 * false:8.1f}%"
            )
    if chosen is None:
        print(
            f"no threshold leaves <= {100 * TARGET_SILENT:.0f}% of dev's not-right facts "
            f"silent; the lowest within the flag budget ({100 * FLAG_BUDGET:.0f}%) is used"
        )
        chosen = cheapest
    exported["threshold"] = chosen
    silent, false = rates(dev, dev_chances, chosen)
    print(
        f"chosen threshold {chosen:.2f}: dev silent {100 * silent:.1f}%, "
        f"right values flagged {100 * false:.1f}%; {len(names)} features, "
        f"{len(y_train)} train values ({sum(y_train)} not right)"
    )
    target = args.out or unsure.MODEL_PATH
    target.write_text(json.dumps(exported, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
