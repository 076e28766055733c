"""A small learned reader of what a block of CV lines is (jobs, degrees, projects …).

A multinomial naive Bayes model over features of the lines that do not depend on any one
person: common words (lower-cased, longer than two letters), the shapes of values (years,
date ranges, web addresses, e-mail addresses, numbers, brackets, name-value pairs), of single
words (camelCase, C++ or Node.js, letters with digits, acronyms, -ing) and of lines (bullets,
sentences, short items). It is trained by `python -m corpus.train_sections`
on the generated corpus's train split, from sections whose headings r2w knows, and read from
`data/section_model.json` (small, reproducible, nothing fetched at run time). It stands in
where a heading names nothing r2w knows and the lines must say what they are.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("data") / "section_model.json"
# Off while corpus.train_sections reads its examples: the sections it learns from are found
# by the rules alone, so a model never trains on its own earlier output.
ENABLED = True

WORD = re.compile(r"[^\W\d_]{3,}")
_SHAPES = (
    ("year", re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")),
    ("range", re.compile(r"\d{4}\s*[-–—]\s*(?:\d{4}|[^\W\d_]{3,})|\d{1,2}[./]\d{2,4}\s*[-–—]")),
    ("url", re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|io|dev|net)/", re.IGNORECASE)),
    ("email", re.compile(r"@[\w-]+\.\w")),
    ("number", re.compile(r"\d[\d,.]*%?|\$\d")),
    ("brackets", re.compile(r"\([^)]{1,30}\)")),
    ("pair", re.compile(r"\S\s[–—-]\s\S|^[^:]{2,30}:\s")),
    ("quoted", re.compile(r"[\"“”«»]")),
)
# Shapes of single words that say what kind of thing a name is without knowing the name: a
# technology ("PostgreSQL", "C++", "Node.js", "S3", "AWS") or a pastime in -ing ("Kayaking").
# They carry over to words no training CV held, where the word features fall silent. Each is
# matched from the word's start only (re.match), so a word costs one pass, never one per
# character; words longer than _TOKEN_MAX are no names and are not looked at.
_TOKEN_SHAPES = (
    ("camel", re.compile(r"[^\W\d_]*[a-z][A-Z]")),
    ("symbol", re.compile(r"\.?[^\W\d_]+(?:[+#]+|\.[a-zA-Z]{2,4}|/[^\W\d_]+)$")),
    ("alnum", re.compile(r"(?=\S*[^\W\d_])(?=\S*\d)[^\W_]{2,8}$")),
    ("acronym", re.compile(r"[A-Z]{2,5}s?$")),
    ("gerund", re.compile(r"[^\W\d_]{3,}ing$", re.IGNORECASE)),
)
_TOKEN_MAX = 40
_OPENERS = "([\"'“‘"
_CLOSERS = ")]\"'”’,;:.!?"
# A line that opens with a bullet glyph (section_kind reads lines with the same pattern).
BULLET_LINE = re.compile(r"^\s*[•·▪■●◆►▶➤✓✔\-–—*+o]\s+")


def features(lines: Iterable[str]) -> Counter[str]:
    """Counted features of a block of lines (words and value and line shapes)."""
    found: Counter[str] = Counter()
    for line in lines:
        text = line.strip()
        if not text:
            continue
        words = text.split()
        found.update(f"w:{w.casefold()}" for w in WORD.findall(text))
        found.update(f"s:{name}" for name, pattern in _SHAPES if pattern.search(text))
        found.update(_token_shapes(words, capitals=text.upper() == text))
        size = "long" if len(words) >= 12 else "mid" if len(words) >= 5 else "short"
        found[f"l:{size}"] += 1
        if BULLET_LINE.match(text):
            found["l:bullet"] += 1
        if text.count(",") >= 2 and len(words) <= 3 * (text.count(",") + 1):
            found["l:list"] += 1
        if text.endswith("."):
            found["l:stop"] += 1
    return found


def _token_shapes(words: list[str], *, capitals: bool) -> Iterable[str]:
    """Shape features of a line's words (an all-capitals line says nothing by its acronyms)."""
    for word in words:
        token = word.lstrip(_OPENERS).rstrip(_CLOSERS)
        if len(token) > _TOKEN_MAX:
            continue
        for name, pattern in _TOKEN_SHAPES:
            if pattern.match(token) and not (capitals and name == "acronym"):
                yield f"t:{name}"
                break


@lru_cache(maxsize=1)
def _model() -> dict | None:
    """The trained model (its vocabulary as a set), or None when its file is missing."""
    try:
        model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    model["vocabulary"] = {f for params in model["classes"].values() for f in params["logp"]}
    return model


def log_odds(lines: Sequence[str]) -> dict[str, float]:
    """Per section, the average log-probability per feature of these lines (higher: likelier);
    empty without a model or without features."""
    model = _model() if ENABLED else None
    if model is None:
        return {}
    # Features no section of the training data showed (a name, a company) say nothing.
    known = model["vocabulary"]
    feats = {f: n for f, n in features(lines).items() if f in known}
    total = sum(feats.values())
    if not total:
        return {}
    out = {}
    for label, params in model["classes"].items():
        table, unseen = params["logp"], params["unseen"]
        score = sum(n * table.get(f, unseen) for f, n in feats.items())
        out[label] = params["prior"] + score / total
    return out


# How far the first section must lead the runner-up for classify to name it.
MARGIN = 0.35


def classify(lines: Sequence[str], margin: float = MARGIN) -> str | None:
    """The section these lines most likely are, or None when the runner-up is too close
    (margin is in average log-probability per feature)."""
    first, ahead = leader(lines)
    return first if ahead >= margin else None


def leader(lines: Sequence[str]) -> tuple[str | None, float]:
    """The section these lines most likely are and how far it leads the runner-up (infinite
    when it has none); (None, 0.0) without a model or features. One reading serves callers
    that weigh it at several margins."""
    ranked = sorted(log_odds(lines).items(), key=lambda kv: kv[1], reverse=True)
    if not ranked:
        return None, 0.0
    if len(ranked) == 1:
        return ranked[0][0], math.inf
    return ranked[0][0], ranked[0][1] - ranked[1][1]


def train(blocks: Iterable[tuple[str, Sequence[str]]], min_count: int = 3) -> dict:
    """A model from (section, lines) examples: Laplace-smoothed multinomial naive Bayes over
    features seen at least min_count times."""
    per_class: dict[str, Counter[str]] = {}
    docs: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    for label, lines in blocks:
        feats = features(lines)
        per_class.setdefault(label, Counter()).update(feats)
        overall.update(feats)
        docs[label] += 1
    vocab = sorted(f for f, n in overall.items() if n >= min_count)
    classes = {}
    for label, counts in sorted(per_class.items()):
        total = sum(counts[f] for f in vocab) + len(vocab)
        classes[label] = {
            "prior": round(math.log(docs[label] / sum(docs.values())) / 50, 4),
            "unseen": round(math.log(1 / total), 4),
            "logp": {f: round(math.log((counts[f] + 1) / total), 4) for f in vocab if counts[f]},
        }
    return {"version": 1, "features": len(vocab), "examples": dict(docs), "classes": classes}
