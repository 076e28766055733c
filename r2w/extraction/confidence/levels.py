"""Skill lists holding levels: a level kept as a skill, or a skill with its level stuck to it.

A CV writes levels beside skills ("Python — Expert", "SAP (Experto)", "Kubernetes: Sehr gut");
the document keeps levels apart (skills.proficiencyIndicators), so a level word inside a skill
entry, or standing as one, means the pair was not split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from r2w.extraction.confidence.fields import field_name
from r2w.extraction.vocab import LANGUAGE_NAMES, LEVEL_WORDS, word_set, words_of

# Level words of the languages r2w reads, beyond the extractor's language-level lexicon.
SKILL_LEVEL_WORDS = LEVEL_WORDS | word_set(
    "experto experta avanzada intermedia principiante básica alto medio bajo "
    "avancé avancée intermédiaire débutant débutante confirmé confirmée maîtrise "
    "sehr gut fortgeschritten fortgeschrittene anfänger experte expertin grundlagen "
    "esperto avanzato intermedio principiante ottimo buono "
    "gevorderd beginner "
    "خبير خبيرة متقدم متقدمة مبتدئ مبتدئة"
)
# Level words that also end ordinary skill names ("Customer knowledge", "Business English").
_WEAK = word_set(
    "knowledge level very command speaker business professional full working mother good "
    "limited proficiency a1 a2 b1 b2 c1 c2"
)
_MARK = re.compile(r"\s[-–—|:]\s|[:(（]")
_SKILL_FIELDS = frozenset({"skills", "ungroupedSkills"})
# "X — Expert", "X: Expert", "X (Expert)", "X - Expert", "X | Expert": a level set after a mark.
_TAIL = re.compile(r"(?:\s[-–—|:]\s*|:\s*|\s*[(\[（])\s*([^()\[\]]+?)\s*[)\]）]?\s*$")

Found = Iterator[tuple[str, str]]


def _is_level(text: str, strong: bool = False) -> bool:
    """Whether every word of text is a level word (one to three words; strong: one that
    names a level on its own, not "knowledge" or "business")."""
    words = [w.strip(".,:;()[]-–—") for w in words_of(text)]
    words = [w for w in words if w]
    if strong and any(w in _WEAK for w in words):
        return False
    return 0 < len(words) <= 3 and all(w in SKILL_LEVEL_WORDS for w in words)


def level_in_skills(path: str, value: str) -> Found:
    """A skill entry (or a skill group's name, or the key a level is filed under) that is
    only a level, or a skill with its level stuck to it."""
    name = field_name(path)
    if path.startswith("skills.proficiencyIndicators"):
        key = re.sub(r'^skills\.proficiencyIndicators\.?|^\["|"\]$', "", path).strip('[]"')
        if any(w.strip(".,:;()") in LANGUAGE_NAMES for w in words_of(key)):
            yield "wrong_kind", f'"{key}" is a language; its level belongs with your languages'
            return
        yield from _with_level(path, key)
        return
    if path == "skills.description":
        levels = [w for w in words_of(value) if w.strip(".,:;()-–—") in _STRONG_LEVELS]
        if len(levels) >= 2:
            yield "merged_values", "holds skills with their levels; they were not split apart"
        return
    if name not in _SKILL_FIELDS and name != "categoryName":
        return
    yield from _with_level(path, value)


def _with_level(path: str, value: str) -> Found:
    """A value that is only a level, or a name with its level stuck to it."""
    stripped = value.strip()
    if _is_level(stripped.strip("()[]（）")):
        yield "level_as_skill", f'"{stripped}" is a level, not a skill; which skill is it for?'
        return
    match = _TAIL.search(stripped)
    if match and match.start() > 0 and _is_level(match.group(1)):
        yield (
            "merged_values",
            f'"{stripped}" holds a skill and its level in one; they belong apart',
        )
        return
    words = stripped.split()
    # "Tableau — Expert Figma": a level word set off by a mark inside the entry.
    if len(words) >= 2 and _MARK.search(stripped):
        inner = [w.strip(".,:;()[]-–—|") for w in words_of(stripped)]
        if any(w in _STRONG_LEVELS for w in inner) and not all(
            w in SKILL_LEVEL_WORDS for w in inner
        ):
            yield "merged_values", f'"{stripped}" holds a skill and a level in one'
            return
    # "Kubernetes Expert": a level word after the name.
    if len(words) >= 2 and _is_level(words[-1], strong=True) and not _is_level(words[0]):
        yield "merged_values", f'"{stripped}" seems to hold a skill and its level in one'


_STRONG_LEVELS = frozenset(w for w in SKILL_LEVEL_WORDS if w not in _WEAK)


def level_categories(values: list[tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    """(path, code, reason) for skill groups whose entries are all levels: the group's name is
    then a skill whose level was taken for its list ("Excel" -> ["Expert"])."""
    groups: dict[str, list[str]] = {}
    for path, value in values:
        match = re.match(r"^(skills\.skillCategories\[\d+\])\.skills\[\d+\]$", path)
        if match:
            groups.setdefault(match.group(1), []).append(value)
    for group, entries in groups.items():
        if entries and all(_is_level(entry.strip("()[]")) for entry in entries):
            reason = "this group lists only levels; its name is likely a skill"
            yield group, "level_as_skill", reason
