"""review(): provenance and flags for every value of an extracted CV document."""

from __future__ import annotations

import re
from statistics import fmean
from typing import Any

from r2w.cvdoc import iter_text_values
from r2w.extraction.confidence import (
    checks,
    cuts,
    garbled,
    guessed,
    illegible,
    kinds,
    levels,
    lost,
    misfiled,
    shapes,
    structure,
    unread,
    unsure,
)
from r2w.extraction.confidence.fields import (
    DATE_FIELDS,
    EMAIL_FIELDS,
    PHONE_FIELDS,
    URL_FIELDS,
    field_name,
    item_of,
)
from r2w.extraction.confidence.locate import Match, Source, key, locate
from r2w.extraction.confidence.model import Flag, Review
from r2w.extraction.normalize import fold
from r2w.extraction.reading.model import Reading

# OCR engines score clean print at 0.9 and above (rapidocr's PP-OCR per line, tesseract per
# word once scaled to 0..1); a mean below 0.85 over a value, or any word below 0.6, is where
# misread letters (0/O, 1/l, rn/m) become common, so the person should compare with the scan.
OCR_MEAN_MIN = 0.85
OCR_WORD_MIN = 0.60

_INDEX_TAIL = re.compile(r"\[\d+\]$")
_SHAPES = (
    (EMAIL_FIELDS, "bad_email", shapes.email_problem),
    (PHONE_FIELDS, "bad_phone", shapes.phone_problem),
    (URL_FIELDS, "bad_url", shapes.url_problem),
    (DATE_FIELDS, "bad_date", shapes.date_problem),
)


def review(
    document: dict[str, Any], text: str, reading: Reading | None, *, learned: bool = True
) -> Review:
    """Locate every value of document in its source and flag the ones that may be wrong.

    The source is reading when there is one (page and box, or line for flowing formats), and
    text otherwise or when a value is not in the reading (its line number in text). The rules'
    flags come first; the learned model (confidence.unsure) adds an "unsure" flag to values
    no rule flagged that it still doubts. learned=False leaves the model out: it learned from
    the rule-based extractor's output, and says nothing reliable about another extractor's.
    """
    values, flags, provenance, seen = _rules(document, text, reading)
    # The features cost a pass over every value: only made when the model will read them.
    if learned and unsure.active():
        texts = dict(values)
        flagged = frozenset(flag.path for flag in flags)
        features = unsure.value_features(values, seen, _codes(flags), reading)
        for path in unsure.unsure_paths(features, flagged):
            flags.append(Flag(path, "unsure", unsure.reason(texts[path], features[path])))
    return Review(flags=_ordered(flags, [path for path, _ in values]), provenance=provenance)


def rules_and_features(
    document: dict[str, Any], text: str, reading: Reading | None
) -> tuple[list[tuple[str, str]], list[Flag], dict[str, dict[str, Any]], dict[str, dict]]:
    """The document's values, the rules' flags, provenance, and the learned model's features
    of every value (corpus.train_unsure trains on these)."""
    values, flags, provenance, seen = _rules(document, text, reading)
    features = unsure.value_features(values, seen, _codes(flags), reading)
    return values, flags, provenance, features


def _codes(flags: list[Flag]) -> dict[str, set[str]]:
    """path -> the codes of the flags on it."""
    codes: dict[str, set[str]] = {}
    for flag in flags:
        codes.setdefault(flag.path, set()).add(flag.code)
    return codes


def _rules(
    document: dict[str, Any], text: str, reading: Reading | None
) -> tuple[list[tuple[str, str]], list[Flag], dict[str, dict[str, Any]], dict[str, Any]]:
    """The document's values, the rules' flags (anchored, each once), provenance, and where
    each value was found (for the learned model's features)."""
    values = list(iter_text_values(document))
    texts = dict(values)
    sources = []
    if reading is not None and reading.words:
        sources.append(Source.from_reading(reading))
    sources.append(Source.from_text(text))
    flags: list[Flag] = []
    provenance: dict[str, dict[str, Any]] = {}
    cursors: dict[int, int] = {}
    caps_headings = checks.caps_heading_lines(text)
    folded_source = fold(text)
    previous: tuple[str, str] | None = None
    spans: dict[str, tuple[int, int, int]] = {}
    seen: dict[str, unsure.Seen] = {}
    for path, value in values:
        match, source = locate(value, sources, cursors)
        seen[path] = unsure.Seen(match, source)
        if match is not None and source is not None:
            provenance[path] = match.provenance(source.flowing)
            spans[path] = (id(source), match.start, match.end)
            cursors[id(source)] = match.start
            flags.extend(_ocr_flags(path, value, match))
            seen[path].neighbours = source.neighbours(match)
            before, after = (token.word.text if token else None for token in seen[path].neighbours)
            found = list(checks.cut_name(path, before, after))
            found.extend(cuts.lost_date_word(path, value, before, after, texts))
            for check in (cuts.cut_inside_word, cuts.cut_at_comma, cuts.broken_line):
                found.extend(check(path, value, match, source))
            flags.extend(Flag(path, code, reason) for code, reason in found)
            flags.extend(
                Flag(*cut) for cut in cuts.place_without_city(path, value, match, source, texts)
            )
        if path == "unclassified_text":
            flags.extend(_unplaced(value, sources))
            previous = None
            continue
        # Values made mostly of symbols ("C++", "C#") have too few letters to be located by
        # word; the text itself still shows whether the file has them.
        if match is None and key(value) and fold(value) not in folded_source:
            reason = f'"{checks.short(value)}" was not found in your file'
            flags.append(Flag(path, "unsupported", reason))
        flags.extend(_value_flags(path, value, caps_headings))
        flags.extend(
            Flag(path, code, reason) for code, reason in cuts.phone_backwards(path, value, text)
        )
        if previous and checks.split_number(previous[1], value, folded_source):
            reason = f'"{checks.short(previous[1], 30)}" and "{checks.short(value, 30)}" look '
            reason += "like one value split in two"
            flags.append(Flag(previous[0], "split_value", reason))
            flags.append(Flag(path, "split_value", reason))
        previous = (path, value)
    flags.extend(Flag(*found) for found in checks.duplicates(values, text))
    flags.extend(Flag(*found) for found in levels.level_categories(values))
    flags.extend(Flag(*found) for found in kinds.skills_elsewhere(values))
    flags.extend(Flag(*found) for found in kinds.name_elsewhere(values, text))
    for check in (
        structure.missing_details,
        structure.crowded_items,
        structure.repeated_titles,
        structure.reversed_ranges,
        structure.nameless_items,
        structure.repeated_place,
        structure.empty_sections,
        structure.guessed_sections,
        misfiled.misfiled_items,
    ):
        flags.extend(Flag(*found) for found in check(document))
    flags.extend(Flag(*found) for found in unread.unread_contacts(document, text, reading))
    flags.extend(Flag(*found) for found in illegible.unread_lines(values, provenance, reading))
    flags.extend(
        Flag(*found) for found in lost.lost_entries(document, provenance, reading, sources, spans)
    )
    lost_in = {flag.path for flag in flags if flag.code == "unread_in_section"}
    flags.extend(
        Flag(*found)
        for found in garbled.garbled_sections(document, seen, reading)
        if found[0] not in lost_in
    )
    flags.extend(Flag(*found) for found in guessed.guessed_entries(document, values, text, reading))
    flags.extend(_cut_lists(values, flags))
    flags.extend(_rest_of_cut(values, flags, provenance, spans))
    flags = list(dict.fromkeys(_anchored(flags, texts)))
    return values, flags, provenance, seen


def shape_flags(path: str, value: str) -> list[Flag]:
    """Flags on one value from its own shape alone (no source needed: for edited values)."""
    name = field_name(path)
    found: list[tuple[str, str]] = []
    for fields, code, problem in _SHAPES:
        if name in fields:
            reason = problem(value)
            if reason:
                found.append((code, reason))
    return [Flag(path, code, reason) for code, reason in found]


def _value_flags(path: str, value: str, caps_headings: list[str]) -> list[Flag]:
    """Shape and content checks of one value."""
    flags = shape_flags(path, value)
    found: list[tuple[str, str]] = []
    found.extend(checks.heading_like(path, value))
    found.extend(checks.swallowed_heading(path, value, caps_headings))
    found.extend(checks.shape_like_other(path, value))
    found.extend(checks.sentence_as_name(path, value))
    found.extend(checks.person_name(path, value))
    found.extend(checks.level_as_language(path, value))
    found.extend(checks.sentence_in_list(path, value))
    found.extend(checks.fragment(path, value))
    found.extend(checks.labelled_heading(path, value))
    found.extend(checks.extra_detail(path, value))
    found.extend(checks.joined_pieces(path, value))
    found.extend(checks.stray_mark(path, value))
    found.extend(checks.generic_name(path, value))
    found.extend(checks.unbalanced(path, value))
    found.extend(checks.project_link(path, value))
    found.extend(levels.level_in_skills(path, value))
    for check in (
        kinds.swapped_kind,
        kinds.name_in_list,
        kinds.header_as_bullet,
        kinds.date_in_name,
        kinds.joined_entries,
        kinds.school_and_degree,
    ):
        found.extend(check(path, value))
    return flags + [Flag(path, code, reason) for code, reason in found]


def _rest_of_cut(
    values: list[tuple[str, str]],
    flags: list[Flag],
    provenance: dict[str, dict[str, Any]],
    spans: dict[str, tuple[int, int, int]],
) -> list[Flag]:
    """The value read right after a name that was cut, on the same source line and in the
    same item: it likely holds the rest of the name ("University of Illinois" |
    "Urbana-Champaign")."""
    texts = dict(values)
    flagged = {flag.path for flag in flags}
    # The located values of each item: a cut value's rest is looked for in its own item only,
    # so a review costs time in proportion to the document, not to its square.
    by_item: dict[str, list[str]] = {}
    for path in spans:
        by_item.setdefault(item_of(path), []).append(path)
    found = []
    for flag in flags:
        if flag.code != "split_value" or flag.path not in spans:
            continue
        if field_name(flag.path) not in checks.CUT_FIELDS:
            continue
        source, _, end = spans[flag.path]
        after = [
            (spans[path][1], path)
            for path in by_item[item_of(flag.path)]
            if spans[path][0] == source
            and spans[path][1] >= end
            and _same_line(provenance[flag.path], provenance[path])
        ]
        if after:
            path = min(after)[1]
            if path not in flagged:
                reason = f'"{checks.short(texts[path])}" may hold the rest of a value cut in two'
                found.append(Flag(path, "split_value", reason))
                flagged.add(path)
    return found


def _same_line(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two provenances point at one source line (line number, or overlapping rows)."""
    if a["line"] is not None and b["line"] is not None:
        return a["line"] == b["line"]
    if a["box"] is None or b["box"] is None or a["page"] != b["page"]:
        return False
    return a["box"][1] < b["box"][3] and b["box"][1] < a["box"][3]


def _cut_lists(values: list[tuple[str, str]], flags: list[Flag]) -> list[Flag]:
    """Every entry of a list of which one entry starts mid-sentence: the list was cut from
    running text at its commas, so its other entries are pieces of sentences too."""
    cut = {
        _INDEX_TAIL.sub("", flag.path)
        for flag in flags
        # Only a start mid-sentence says the list came from running text; a bracket cut in
        # one entry ("Kubernetes (Sehr") says nothing of its neighbours.
        if flag.code == "split_value"
        and "mid-sentence" in flag.reason
        and _INDEX_TAIL.search(flag.path)
    }
    flagged = {flag.path for flag in flags}
    found = []
    for path, value in values:
        if path not in flagged and _INDEX_TAIL.sub("", path) in cut:
            reason = f'"{checks.short(value)}" is part of a list that seems cut from a sentence'
            found.append(Flag(path, "split_value", reason))
    return found


def _ocr_flags(path: str, value: str, match: Match) -> list[Flag]:
    """A value whose words the OCR engine was unsure of."""
    scores = match.scores
    if not scores or (fmean(scores) >= OCR_MEAN_MIN and min(scores) >= OCR_WORD_MIN):
        return []
    percent = round(100 * min(scores))
    reason = f'"{checks.short(value)}" was hard to read in the scan ({percent}% sure); '
    reason += "compare it with your file"
    return [Flag(path, "ocr_unsure", reason)]


def _unplaced(value: str, sources: list[Source]) -> list[Flag]:
    """One flag per piece of text that landed in no section (and whether it is in the file)."""
    flags = []
    for piece in (line.strip() for line in value.split("\n")):
        if not key(piece):
            continue
        reason = f'"{checks.short(piece)}" could not be placed in a section of your CV'
        flags.append(Flag("unclassified_text", "unplaced", reason))
        if locate(piece, sources, {})[0] is None:
            reason = f'"{checks.short(piece)}" was not found in your file'
            flags.append(Flag("unclassified_text", "unsupported", reason))
    return flags


def _anchored(flags: list[Flag], texts: dict[str, str]) -> list[Flag]:
    """Every flag on a path that holds a value (the editor shows flags next to values, and a
    flag whose path holds nothing reads as resolved). A flag on a whole entry goes to each of
    its values; one on an empty field (a missing date) to its entry's first value, else it is
    dropped. A detail that was not read at all (an e-mail address) is flagged on its own empty
    field: the editor shows that field, and the flag stays open until it is filled in."""
    out = []
    for flag in flags:
        if flag.path in texts or flag.code == "not_read":
            out.append(flag)
            continue
        inside = [path for path in texts if path.startswith((flag.path + ".", flag.path + "["))]
        if inside:
            out.extend(Flag(path, flag.code, flag.reason) for path in inside)
            continue
        item = item_of(flag.path)
        first = next((p for p in texts if p.startswith((item + ".", item + "["))), None)
        if first is not None and item != flag.path:
            out.append(Flag(first, flag.code, flag.reason))
    return out


def _ordered(flags: list[Flag], paths: list[str]) -> list[Flag]:
    """Flags in document order, each (path, code, reason) once."""
    rank = {path: index for index, path in enumerate(paths)}
    unique = list(dict.fromkeys(flags))
    return sorted(unique, key=lambda flag: rank.get(flag.path, len(rank)))
