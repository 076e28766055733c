"""Filling each section of the CV document from the lines under its heading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from r2w.extraction.header import Contact, parse_contact_lines
from r2w.extraction.items import (
    education_detail,
    education_item,
    experience_detail,
    ordered_jobs,
    volunteer_items,
)
from r2w.extraction.lines import Block, Line, item_blocks, join_list_items, join_wrapped
from r2w.extraction.lists import (
    achievement_items,
    certification_items,
    course_items,
    hobbies_section,
    languages_section,
    project_items,
    publication_items,
    skills_section,
)


@dataclass
class Context:
    """What section readers fill: the document, contact facts and leftover text."""

    doc: dict[str, Any]
    contact: Contact
    leftovers: list[str]
    width: int
    # The header order the jobs showed ("title_first"/"company_first"), for volunteering.
    job_order: str | None = None


Reader = Callable[[Context, list[Line]], None]


def read_section(key: str, title: str | None, lines: list[Line], ctx: Context) -> None:
    """Fill the document from one section's lines; unknown kinds stay unclassified."""
    target = ctx.doc.get(key)
    if isinstance(target, dict) and "sectionTitle" in target:
        target["sectionTitle"] = title
    reader = READERS.get(key)
    if reader is None:  # references and anything else without a home
        ctx.leftovers.extend(line.raw for line in lines)
        return
    # A language list is one entry a line; its own reader joins the tails of wrapped levels.
    reader(ctx, lines if key == "languages" else join_wrapped(lines, ctx.width))


def _dated(
    key: str,
    list_key: str,
    item: Callable[[Block, int], dict[str, Any]],
    detail: Callable[[str], bool],
) -> Reader:
    """A reader for a section of dated items (jobs, degrees, volunteering)."""

    def read(ctx: Context, lines: list[Line]) -> None:
        ctx.doc[key][list_key] = [item(b, ctx.width) for b in item_blocks(lines, detail)]

    return read


def _experience(ctx: Context, lines: list[Line]) -> None:
    """Jobs; the header order they show is kept for the volunteering section."""
    jobs, order = ordered_jobs(item_blocks(lines, experience_detail), ctx.width)
    ctx.doc["experience"]["experienceItems"] = jobs
    ctx.job_order = order or ctx.job_order


def _volunteer(ctx: Context, lines: list[Line]) -> None:
    """Volunteering roles, whose header order follows the jobs' where they show none."""
    blocks = item_blocks(lines, experience_detail)
    ctx.doc["volunteer"]["volunteerItems"] = volunteer_items(blocks, ctx.width, ctx.job_order)


def _summary(ctx: Context, lines: list[Line]) -> None:
    """Profile paragraphs (added to any found above the first heading)."""
    summary = ctx.doc["summary"]
    text = "\n".join(line.text for line in lines)
    summary["summaryText"] = "\n".join(filter(None, [summary["summaryText"], text]))


def _achievements(ctx: Context, lines: list[Line]) -> None:
    """Awards, accomplishments and memberships share the achievements list."""
    section = ctx.doc["achievements"]
    section["achievements"] += achievement_items(item_blocks(lines), ctx.width)


def _items(key: str, list_key: str, build: Callable[[list[Block], int], list]) -> Reader:
    """A reader for a list section built from item blocks."""

    def read(ctx: Context, lines: list[Line]) -> None:
        ctx.doc[key][list_key] = build(item_blocks(lines), ctx.width)

    return read


def _titles(key: str, list_key: str) -> Reader:
    """One item per line, its full text as the title (publications, talks)."""

    def read(ctx: Context, lines: list[Line]) -> None:
        ctx.doc[key][list_key] = [{"title": line.text} for line in lines]

    return read


READERS: dict[str, Reader] = {
    "contact": lambda ctx, lines: parse_contact_lines(lines, ctx.contact, section=True),
    "summary": _summary,
    "experience": _experience,
    "education": _dated("education", "educationItems", education_item, education_detail),
    "volunteer": _volunteer,
    "skills": lambda ctx, lines: ctx.doc["skills"].update(skills_section(join_list_items(lines))),
    "languages": lambda ctx, lines: ctx.doc["languages"].update(
        languageItems=languages_section(lines, ctx.leftovers)
    ),
    "hobbies": lambda ctx, lines: ctx.doc["hobbies"].update(
        hobbies_section(join_list_items(lines))
    ),
    "achievements": _achievements,
    "certifications": _items("certifications", "certificationItems", certification_items),
    "courses": _items("courses", "courseItems", course_items),
    "projects": lambda ctx, lines: ctx.doc["projects"].update(
        projectItems=project_items(lines, ctx.width)
    ),
    "publications": lambda ctx, lines: ctx.doc["publications"].update(
        publications=publication_items(lines)
    ),
    "speaking": _titles("speaking", "speakingEngagements"),
}
