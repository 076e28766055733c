"""`python -m corpus.train_unsure`: train the learned "unsure" flag of r2w's review.

Every generated CV of the train split is read by r2w as a user's would be (cached by
corpus.cache) and reviewed by the rules alone; each extracted value becomes one example: its
features (confidence.unsure.value_features) and whether it is exactly right by the corpus
scorer (a value that holds a fact not exactly right, or no fact at all, is "not right").

A person's CV is written in words r2w never saw: headings in their own wording, other
schools, hobbies and course titles. Read plainly, the train and dev CVs hold few of the
mistakes such words cause, and a model that learned from them alone leaves those mistakes
silent. So each split is also read under probes (corpus.errors.probe): half of r2w's
heading phrases forgotten and the section reader blind to the generated content's words.
Train's probes forget other heading phrases than dev's, so the threshold is chosen on
mistakes the model never learned from; dev is read a third time with most phrases forgotten.

A gradient-boosted tree ensemble (scikit-learn, a development dependency only) learns from
train; its trees are written to data/unsure_model.json for r2w's pure-Python reader. The
thresholds are chosen on dev, one for scans and one for text formats (a scan's values are
misread in ways a text file's never are): the highest probability at which the flags (rules
and model) leave at most TARGET_SILENT of dev's not-right facts without a flag, or where none
does, the one NEAR_BEST and SILENT_COST say. Test is never read. Same corpus, same file:
the trees are fit with a fixed seed and written in a stable order.
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
# Where no threshold meets it: a scan's values were all read by OCR, and the person is asked
# to hold each against the picture anyway, so its threshold is the highest whose silent share
# is within NEAR_BEST of the lowest any threshold reaches. A text file's values are mostly
# right and each needless flag costs a look (a CV full of them teaches the person to ignore
# flags), so its threshold is the one of least cost, a value left wrong without a word
# weighing as much as SILENT_COST needless flags: near the lowest thresholds the model buys
# one more wrong value flagged with hundreds of right ones.
NEAR_BEST = 0.005
SILENT_COST = 20
MIN_FEATURE_ROWS = 5
TREES = 300
DEPTH = 6
RATE = 0.1
SEED = 17


@dataclass(frozen=True)
class Variant:
    """One way of reading a split: plainly, or under a probe of unknown words."""

    hide: float = 0.0  # the share of heading phrases forgotten
    salt: str = ""  # which phrases (another salt, another set)
    blind: bool = False  # the section reader forgets the generated content's words

    @property
    def name(self) -> str:
        """Its key in the extraction cache, made of its settings ("" for the plain reading)."""
        if not (self.hide or self.blind):
            return ""
        return f"hide{round(100 * self.hide)}{self.salt}" + ("-blind" if self.blind else "")


PLAIN = Variant()
# Train and dev forget different heading phrases: dev's mistakes are new to the model. Dev is
# also read with most phrases forgotten: a person's CV is worded in ways r2w never saw more
# often than the generated ones, and thresholds chosen on dev's half-forgotten readings alone
# left more of the held-out CVs' mistakes silent than dev's.
TRAIN_VARIANTS = (PLAIN, Variant(0.5, "a", True))
DEV_VARIANTS = (PLAIN, Variant(0.5, "c", True), Variant(0.8, "d", True))
# Scans and text formats each get their own threshold (features "kind=ocr" against the rest).
GROUPS = ("ocr", "text")


@dataclass
class FileExamples:
    """One file's values (features and label) and, per fact, what would flag it."""

    # (features, label): 1 not right, 0 right, None when the value holds no fact at all.
    rows: list[tuple[dict[str, float], int | None]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    # Per fact: (right?, flagged by a rule?, value paths whose flag would cover it).
    facts: list[tuple[bool, bool, list[str]]] = field(default_factory=list)
    group: str = "text"  # "ocr" for a scan
    ruled: set[str] = field(default_factory=set)  # value paths a rule flagged


def examples(job: tuple[str, str, str, str]) -> FileExamples:
    """The examples of one corpus file (features of each value, its label, its facts)."""
    from corpus.gt import parse_gt
    from corpus.run import flag_paths
    from corpus.score import _field_slots, _related, _scalar_slots, scalar_home, score_document
    from corpus.score import slots as all_slots_of
    from r2w.extraction.confidence.review import rules_and_features

    path, gt, version, variant = job
    entry = cache.load(cache.cached_path(Path(path), version, variant))
    out = FileExamples()
    if entry["document"] is None:
        return out
    reading = entry["reading"]
    out.group = "ocr" if reading is not None and reading.ocr else "text"
    values, flags, _, features = rules_and_features(entry["document"], entry["text"], reading)
    truth = parse_gt(Path(gt).read_text(encoding="utf-8"))
    score = score_document(truth, entry["document"], "", flag_paths(flags))
    out.ruled = {flag.path for flag in flags}
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


def _jobs(split: str, variant: str) -> list[tuple[str, str, str, str]]:
    version = cache.extractor_version()
    gts = sorted((cache.CORPUS / split).glob("*.gt"))
    return [(str(gt.with_suffix("")), str(gt), version, variant) for gt in gts]


def collect(split: str, workers: int, variant: Variant = PLAIN) -> list[FileExamples]:
    """The examples of every file of one split, read as the variant says."""
    from corpus.errors import probe

    if split == "test":
        raise SystemExit("the test split is for reporting only")
    jobs = _jobs(split, variant.name)
    if not jobs:
        raise SystemExit(f"no corpus files in {cache.CORPUS / split}: run python -m corpus.eval")
    setup = (variant.hide, variant.salt, variant.blind)
    with ProcessPoolExecutor(workers, initializer=probe, initargs=setup) as pool:
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


def doubted_paths(found: FileExamples, chance: list[float], threshold: float) -> set[str]:
    """The paths the model would flag in one file at a threshold (unsure.unsure_paths' rule,
    its cap on text files included)."""
    from r2w.extraction.confidence import unsure

    chances = dict(zip(found.paths, chance, strict=True))
    return set(unsure.doubts(chances, threshold, found.ruled, scanned=found.group == "ocr"))


def fact_counts(files: list[FileExamples], chances: list[list[float]], threshold: float):
    """(not-right facts, silent ones, right facts, flagged ones) at a threshold."""
    wrong = silent = right = false = 0
    for found, chance in zip(files, chances, strict=True):
        doubted = doubted_paths(found, chance, threshold)
        for ok, ruled, covering in found.facts:
            model_flag = any(p in doubted for p in covering)
            if ok:
                right += 1
                false += model_flag
            else:
                wrong += 1
                silent += not (ruled or model_flag)
    return wrong, silent, right, false


def rates(files: list[FileExamples], chances: list[list[float]], threshold: float):
    """(silent share of not-right facts, flagged share of right facts) at a threshold."""
    wrong, silent, right, false = fact_counts(files, chances, threshold)
    return silent / max(wrong, 1), false / max(right, 1)


def read_split(split: str, variants: tuple[Variant, ...], workers: int) -> list[FileExamples]:
    """The examples of a split under each of its variants, one after the other."""
    found: list[FileExamples] = []
    for variant in variants:
        found += collect(split, workers, variant)
    return found


def of_group(
    files: list[FileExamples], chances: list[list[float]], group: str
) -> tuple[list[FileExamples], list[list[float]]]:
    """The files of one group (scans or text) and their chances."""
    pairs = [(f, c) for f, c in zip(files, chances, strict=True) if f.group == group]
    return [f for f, _ in pairs], [c for _, c in pairs]


def choose(files: list[FileExamples], chances: list[list[float]], group: str) -> float:
    """The threshold for one group of files (scans or text): the highest that leaves at most
    TARGET_SILENT of their not-right facts silent; where none does, for scans the highest that
    comes within NEAR_BEST of the lowest silent share any threshold reaches, and for text
    files the one of least cost (SILENT_COST)."""
    found, odds = of_group(files, chances, group)
    if not found:
        return 0.5
    table = {t / 100: fact_counts(found, odds, t / 100) for t in range(1, 100)}

    def silent_share(threshold: float) -> float:
        wrong, silent, _, _ = table[threshold]
        return silent / max(wrong, 1)

    def cost(threshold: float) -> float:
        _, silent, _, false = table[threshold]
        return SILENT_COST * silent + false

    print(f"\n{group}: {'threshold':>9} {'silent':>7} {'false':>7} {'cost':>6}")
    for threshold, (_, _, right, false) in table.items():
        if round(threshold * 100) % 5 == 0 or threshold < 0.05:
            pad = " " * (len(group) + 1)
            print(
                f"{pad} {threshold:9.2f} {100 * silent_share(threshold):6.1f}% "
                f"{100 * false / max(right, 1):6.1f}% {cost(threshold):6.0f}"
            )
    meeting = [t for t in table if silent_share(t) <= TARGET_SILENT]
    if meeting:
        chosen = max(meeting)
    elif group == "ocr":
        best = min(map(silent_share, table))
        chosen = max(t for t in table if silent_share(t) <= best + NEAR_BEST)
    else:
        chosen = min(table, key=lambda t: (cost(t), -t))
    _, _, right, false = table[chosen]
    print(
        f"{group}: threshold {chosen:.2f}: dev silent {100 * silent_share(chosen):.1f}%, "
        f"right values flagged {100 * false / max(right, 1):.1f}%"
    )
    return chosen


def main(argv: list[str] | None = None) -> int:
    """Train on train (plain and probed), choose the thresholds on dev, write the model."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    from sklearn.ensemble import GradientBoostingClassifier

    from r2w.extraction.confidence import unsure

    train = read_split("train", TRAIN_VARIANTS, args.workers)
    dev = read_split("dev", DEV_VARIANTS, args.workers)
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
    exported["thresholds"] = {group: choose(dev, dev_chances, group) for group in GROUPS}
    del exported["threshold"]
    train_chances = chances_of(train)
    for split, files, odds in (("train", train, train_chances), ("dev", dev, dev_chances)):
        for group in GROUPS:
            silent, false = rates(*of_group(files, odds, group), exported["thresholds"][group])
            print(
                f"{split} {group} (plain and probed): silent {100 * silent:.1f}%, "
                f"right values flagged {100 * false:.1f}%"
            )
    print(f"{len(names)} features, {len(y_train)} train values ({sum(y_train)} not right)")
    target = args.out or unsure.MODEL_PATH
    target.write_text(json.dumps(exported, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
