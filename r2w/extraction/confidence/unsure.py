"""A learned second opinion on every extracted value: how likely it is not exactly right.

The rule-based checks flag values whose shape is plainly off; many wrong values look ordinary
on their own (a company that is really a job's last bullet, a city cut at a comma, a word the
OCR misread). This model judges each value from how it was read, never from what it says
about the person: the file's kind, the value's field and section, its shape (words, commas,
case, digits, length against the same field's other values in the CV), where it sits in the
source (found or not, with words close beside it on its row or only far ones, the OCR
engine's scores, type size) and the rule flags on it and its entry. Features that describe
where a CV came from rather than how it was read (its size, an entry's place in its list,
sentence-final stops, lines found in no section) are left out: the generated CVs it learns
from differ from real ones there, and the model learned them as signs of error.

It is an ensemble of gradient-boosted decision trees trained by `python -m corpus.train_unsure`
on the generated corpus's train split, its threshold chosen on dev, and read from
`data/unsure_model.json` (reproducible, nothing fetched at run time). A value it doubts at or
above the threshold, and that no rule flagged, gets an "unsure" flag naming what made r2w
doubt it. Values of text formats are rarely doubted; values read from scans often are.
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import fmean, median
from typing import Any

from r2w.extraction.confidence.fields import field_name, item_of
from r2w.extraction.confidence.locate import Match, Source, Token, unit_score
from r2w.extraction.reading.model import Reading, Word

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "unsure_model.json"
# On dev, the model flags at most 6% of a text file's values in 95 files of 100 (20% at
# most); beyond this share a file is unlike what it learned from. Scans are not capped: half
# their values can be misread.
MAX_TEXT_SHARE = 0.10
# Switch for callers and tests that want the rules alone (corpus.train_unsure needs no switch:
# rules_and_features never asks the model, so it never learns from its own output).
ENABLED = True

# A word space is about a third of a line height; a column gap is several.
NEAR_GAP = 1.0
_SEPARATORS = frozenset(",;:|/&–—-")
_FLOAT32_MAX = 3.4e38
_SEGMENT = re.compile(r"[.\[\]]")
_WEB = re.compile(r"^(?:https?://|www\.)|@", re.IGNORECASE)
# Fields that are headings by nature: the scorer judges none of them, so the model never
# learned about them.
UNJUDGED_FIELDS = frozenset({"sectionTitle", "label", "platform"})


@dataclass
class Seen:
    """Where review() found one value: the match, its source and the words beside it."""

    match: Match | None = None
    source: Source | None = None
    neighbours: tuple[Token | None, Token | None] = (None, None)


def value_features(
    values: list[tuple[str, str]],
    seen: Mapping[str, Seen],
    flag_codes: Mapping[str, Iterable[str]],
    reading: Reading | None,
) -> dict[str, dict[str, float]]:
    """Features of every value path the model judges (see the module docstring)."""
    doc = _document_features(values, seen, reading)
    # Lengths are judged against the same field's other values in this CV: a bullet three
    # times as long as its neighbours may hold two, while long bullets throughout are style.
    lengths: dict[str, list[int]] = {}
    for path, value in values:
        lengths.setdefault(field_name(path), []).append(len(value))
    typical = {name: median(found) for name, found in lengths.items()}
    flagged_items: Counter[str] = Counter()
    for path, codes in flag_codes.items():
        if codes:
            flagged_items[item_of(path)] += 1
    sizes = _word_sizes(reading)
    out: dict[str, dict[str, float]] = {}
    for path, value in values:
        name = field_name(path)
        if name in UNJUDGED_FIELDS:
            continue
        found = dict(doc)
        found.update(_shape(value))
        found.update(_place(seen.get(path), sizes))
        found["length_vs_field"] = len(value) / max(typical[name], 1.0)
        found["values_of_field"] = float(len(lengths[name]))
        found[f"section={path.split('.', 1)[0]}"] = 1.0
        # Mapping keys are the CV's own words; only the schema's field names are features.
        found[f"field={name if name in schema_fields() else '(key)'}"] = 1.0
        found["extra_data"] = float(any(part == "additionalData" for part in _SEGMENT.split(path)))
        codes = set(flag_codes.get(path, ()))
        for code in codes:
            found[f"flag={code}"] = 1.0
        found["flags_here"] = float(len(codes))
        found["flags_in_item"] = float(flagged_items[item_of(path)])
        out[path] = found
    return out


@lru_cache(maxsize=1)
def schema_fields() -> frozenset[str]:
    """Every field name of the CV document's models (mapping keys are not among them)."""
    from pydantic import BaseModel

    from r2w.cvdoc.schema import CVDocument

    names: set[str] = {"unclassified_text"}
    stack: list[type] = [CVDocument]
    seen: set[type] = set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            stack.extend(_models_in(info.annotation, BaseModel))
    return frozenset(names)


def _models_in(annotation: Any, base: type) -> list[type]:
    """The pydantic models an annotation holds (list[Item], Item | None, dict[str, Item])."""
    if isinstance(annotation, type) and issubclass(annotation, base):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg, base)]


def _document_features(
    values: list[tuple[str, str]], seen: Mapping[str, Seen], reading: Reading | None
) -> dict[str, float]:
    """What the whole file says about how well it was read."""
    kind = "none"
    if reading is not None:
        kind = "ocr" if reading.ocr else "flowing" if reading.flowing else "layout"
    located = [path for path, _ in values if (s := seen.get(path)) and s.match is not None]
    scores = []
    if reading is not None and reading.ocr:
        scores = _finite(unit_score(word.confidence) for word in reading.words)
    # How well the file was read as a whole. Not its size, nor how many lines found no section
    # (real templates carry boilerplate the generated CVs lack): those say more about where a
    # CV came from than about how well it was read.
    return {
        f"kind={kind}": 1.0,
        "doc_located": len(located) / max(len(values), 1),
        "doc_ocr_mean": fmean(scores) if scores else 1.0,
    }


def _shape(value: str) -> dict[str, float]:
    """The value's own shape: length, words, punctuation, case and digits."""
    letters = [ch for ch in value if ch.isalpha()]
    words = value.split()
    stripped = value.strip()
    web = bool(_WEB.search(stripped))
    # No sentence-final stop: whether bullets end in one is a matter of style.
    return {
        "short": float(len(stripped) <= 3),
        "words": float(min(len(words), 8)),
        "lines": float(value.count("\n") + 1),
        "commas": float(value.count(",")),
        "digits": sum(ch.isdigit() for ch in value) / max(len(value), 1),
        "upper": sum(ch.isupper() for ch in letters) / max(len(letters), 1),
        "capital_words": sum(w[:1].isupper() for w in words) / max(len(words), 1),
        "starts_mark": float(bool(stripped) and not stripped[0].isalnum()),
        # A web address may end in "/" and start in lower case; neither says it was cut.
        "ends_separator": float(bool(stripped) and stripped[-1] in _SEPARATORS and not web),
        "starts_lower": float(bool(letters) and stripped[:1].islower() and not web),
        "open_brackets": float(value.count("(") - value.count(")")),
        "has_colon": float(":" in value),
        "has_dash_pair": float(bool(re.search(r"\s[–—-]\s", value))),
        "has_bar": float("|" in value or "•" in value),
        "has_at": float("@" in value),
    }


def _place(seen: Seen | None, sizes: float) -> dict[str, float]:
    """Where the value sits in its source: found, neighbours on its line, OCR scores, type."""
    if seen is None or seen.match is None:
        return {"located": 0.0}
    match = seen.match
    tokens = match.tokens
    scores = _finite(match.scores)
    words = [token.word for token in match.tokens]
    sizes_here = _finite(word.size for word in words)
    size = fmean(sizes_here) if sizes_here else 0.0
    before, after = seen.neighbours
    # A neighbour far off on the same row (another column, a grid of skills) is not part of
    # the value's phrase; one within about a word space may be.
    near_before = before is not None and _gap(before.word, words[0]) < NEAR_GAP
    near_after = after is not None and _gap(words[-1], after.word) < NEAR_GAP
    before_text = before.word.text if near_before and before else ""
    after_text = after.word.text if near_after and after else ""
    return {
        "located": 1.0,
        "from_text": float(
            seen.source is not None
            and seen.source.flowing
            and not any(token.page for token in match.tokens)
        ),
        "word_before": float(near_before),
        "word_after": float(near_after),
        "far_word_before": float(before is not None and not near_before),
        "far_word_after": float(after is not None and not near_after),
        "separator_before": float(bool(before_text) and before_text[-1] in _SEPARATORS),
        "separator_after": float(bool(after_text) and after_text[0] in _SEPARATORS),
        "lower_after": float(after_text[:1].islower()),
        "ocr_min": min(scores) if scores else 1.0,
        "ocr_mean": fmean(scores) if scores else 1.0,
        "source_lines": float(
            len({(t.page, t.word.line, round(t.word.box.y0, 1)) for t in tokens})
        ),
        "size_ratio": size / sizes if sizes and size else 1.0,
        "bold": sum(word.bold for word in words) / max(len(words), 1),
    }


def _gap(left: Word, right: Word) -> float:
    """The space between two words of one row in line heights (0 for flowing text lines)."""
    height = max(left.box.height, right.box.height)
    if height <= 1:  # flowing formats: a row per source line, no geometry
        return 0.0
    return max(0.0, right.box.x0 - left.box.x1) / height


def _word_sizes(reading: Reading | None) -> float:
    """The median word size of the reading (0 when it has none)."""
    if reading is None:
        return 0.0
    sizes = [size for size in _finite(word.size for word in reading.words) if size]
    return median(sizes) if sizes else 0.0


def _finite(values: Iterable[float]) -> list[float]:
    """The finite numbers of values (a hostile file may give boxes at infinity)."""
    return [value for value in values if math.isfinite(value)]


# ---------------------------------------------------------------------------- the model


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> dict[str, Any] | None:
    """The trained model (None when its file is absent: the rules then stand alone)."""
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def probability(model: Mapping[str, Any], features: Mapping[str, float]) -> float:
    """The model's probability that a value with these features is not exactly right."""
    index = model["features"]
    # scikit-learn compares features as single-precision floats; so does this reader.
    values = [max(-_FLOAT32_MAX, min(_FLOAT32_MAX, features.get(name, 0.0))) for name in index]
    vector = list(struct.unpack(f"{len(values)}f", struct.pack(f"{len(values)}f", *values)))
    raw = float(model["bias"])
    for tree in model["trees"]:
        node = 0
        feature, threshold, left, right, value = tree
        while left[node] >= 0:
            node = left[node] if vector[feature[node]] <= threshold[node] else right[node]
        raw += model["rate"] * value[node]
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, raw))))


def active() -> bool:
    """Whether the learned flag is on and its model file is there."""
    return ENABLED and load_model() is not None


def unsure_paths(
    features: Mapping[str, Mapping[str, float]], flagged: frozenset[str] = frozenset()
) -> dict[str, float]:
    """Paths the model doubts more than its threshold, with the probability it gave each;
    paths in flagged (a rule's flag already asks the person to look) are left out."""
    if not active():
        return {}
    model = load_model()
    scanned = any(named.get("kind=ocr") for named in features.values())
    chances = {path: chance(model, named) for path, named in features.items()}
    return doubts(chances, threshold_for(model, scanned=scanned), flagged, scanned=scanned)


def doubts(
    chances: Mapping[str, float], threshold: float, flagged: Iterable[str], *, scanned: bool
) -> dict[str, float]:
    """The values of one file the model flags, given its probability for each: those at or
    above the threshold that no rule flagged, capped on a text file (keep_doubts)."""
    ruled = set(flagged)
    found = {p: c for p, c in chances.items() if c >= threshold and p not in ruled}
    return keep_doubts(found, len(chances), scanned=scanned)


def threshold_for(model: Mapping[str, Any], *, scanned: bool) -> float:
    """The model's threshold for a scan's values or a text file's."""
    thresholds = model.get("thresholds") or {}
    chosen = thresholds.get("ocr" if scanned else "text", model.get("threshold"))
    return float(chosen if chosen is not None else 0.5)


def keep_doubts(found: dict[str, float], values: int, *, scanned: bool) -> dict[str, float]:
    """The doubts a file keeps: all of a scan's; a text file's up to MAX_TEXT_SHARE of its
    values, the strongest first."""
    most = math.ceil(MAX_TEXT_SHARE * values)
    if scanned or len(found) <= most:
        return found
    # A text file whose values the model doubts by the dozen is one unlike those it learned
    # from (a layout it never saw): it keeps only its strongest doubts there.
    strongest = sorted(found, key=lambda path: -found[path])[:most]
    return {path: found[path] for path in strongest}


def chance(model: Mapping[str, Any], named: Mapping[str, float]) -> float:
    """probability(), or 0 for a field that holds no fact (section titles, group names):
    the model never learned about those."""
    if not any(f"field={name}" in named for name in model["fields"]):
        return 0.0
    return probability(model, named)


def reason(value: str, named: Mapping[str, float]) -> str:
    """Why r2w doubts a value, in the person's words (the strongest plain sign it has)."""
    shown = value if len(value) <= 60 else value[:59] + "…"
    if named.get("kind=ocr") and named.get("ocr_min", 1.0) < 0.9:
        sign = "it was read from a scan, where letters are easily misread"
    elif named.get("kind=ocr"):
        sign = "it was read from a scan"
    elif not named.get("located"):
        sign = "r2w could not find it as one piece in your file"
    elif named.get("separator_after") or named.get("lower_after") or named.get("ends_separator"):
        sign = "the text around it goes on, so it may be cut short"
    elif named.get("word_before") or named.get("word_after"):
        sign = "it shares its line with other text, so it may be split or merged"
    elif named.get("flags_in_item"):
        sign = "other details of the same entry look wrong"
    else:
        sign = "entries like this one are often read wrong"
    return f'Check "{shown}": {sign}'
