"""How a CV is laid out: families, heading styles, item line styles, fonts; and its HTML.

``compose`` turns CV content and a Layout into parts (heading + items of typed lines) that every
writer shares; ``to_html`` places the parts on a page for the PDF writer. Every value is printed
whole, so the ground truth (the content's values) stays verbatim in every layout.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from corpus.content import CV

# Layout families and heading styles, split like the content pools: test-only ones are "held".
FAMILIES = {
    "seen": ("one_column", "two_columns", "sidebar_left", "header_band"),
    "held": ("sidebar_right", "timeline"),
}
HEADING_STYLES = {
    "seen": ("caps", "title_case", "bold_only", "underlined", "colon", "icon"),
    "held": ("numbered", "spaced"),
}
FONTS = ("DejaVu Sans", "DejaVu Serif", "Noto Sans", "Noto Serif")
ARABIC_FONTS = ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Kufi Arabic")
BULLETS = ("•", "–", "▪", "●", "➤", "-")
ICONS = ("■", "●", "◆", "▶", "★")
ITEM_STYLES = ("stacked", "one_line", "pipes")
DATE_PLACES = ("right", "below", "left", "inline")
SIDE_KEYS = ("contact", "skills", "languages", "certifications", "achievements", "hobbies")


@dataclass(frozen=True)
class Layout:
    """Every visual choice of one CV."""

    family: str
    heading: str
    font: str
    size: float
    bullet: str
    item_style: str
    date_place: str
    company_first: bool
    skills_style: str  # "comma", "lines", "dots"
    level_style: str  # "dash", "paren", "colon"
    accent: str


@dataclass
class Line:
    """One printed line and its role (title, sub, date, bullet, text, label)."""

    text: str
    role: str = "text"


@dataclass
class Item:
    """An item's lines; date is set when the layout prints dates in a column of their own."""

    lines: list[Line]
    date: str | None = None


@dataclass
class Part:
    """A section as printed: its heading, items and whether it sits in a sidebar."""

    key: str
    heading: str
    items: list[Item] = field(default_factory=list)
    side: bool = False


@dataclass
class Composed:
    """A CV ready for a writer: the header block and the parts in reading order."""

    name: str
    title: str
    contact: list[str]
    parts: list[Part]
    rtl: bool = False


def choose_layout(rng: random.Random, half: str, heading_half: str, lang: str) -> Layout:
    """Draw a layout: family from one half, heading style from another (test mixes them)."""
    fonts = ARABIC_FONTS if lang == "ar" else FONTS
    return Layout(
        family=rng.choice(FAMILIES[half]),
        heading=rng.choice(HEADING_STYLES[heading_half]),
        font=rng.choice(fonts),
        size=rng.choice((9.5, 10, 10.5, 11)),
        bullet=rng.choice(BULLETS),
        item_style=rng.choice(ITEM_STYLES),
        date_place=rng.choice(DATE_PLACES),
        company_first=rng.random() < 0.35,
        skills_style=rng.choice(("comma", "lines", "dots")),
        level_style=rng.choice(("dash", "paren", "colon")),
        accent=rng.choice(("#1f4e79", "#7a1f3d", "#2e6b30", "#444444", "#8a5a00")),
    )


def heading_text(text: str, style: str, number: int) -> str:
    """A heading as printed in a style ("01 PROFILE", "■ EXPERIENCE", "Skills:" ...)."""
    if style == "caps":
        return text.upper()
    if style == "colon":
        return f"{text}:"
    if style == "icon":
        return f"{ICONS[number % len(ICONS)]} {text.upper() if number % 2 else text}"
    if style == "numbered":
        return f"{number:02d} {text.upper()}"
    if style == "spaced":
        return text.upper()
    return text


def _level(name: str, level: str, style: str) -> str:
    if not level:
        return name
    return {"dash": f"{name} — {level}", "paren": f"{name} ({level})"}.get(
        style, f"{name}: {level}"
    )


def _head_lines(title: str, org: str, where: str, dates: str, layout: Layout) -> Item:
    """The first lines of a job-like item in the layout's item style and date place."""
    first, second = (org, title) if layout.company_first else (title, org)
    date_col = dates if layout.date_place == "left" else None
    inline_date = layout.date_place == "inline"
    lines: list[Line] = []
    if layout.item_style == "pipes":
        parts = [first, second, where] + ([dates] if dates and not date_col else [])
        lines.append(Line(" | ".join(p for p in parts if p), "title"))
    elif layout.item_style == "one_line":
        text = ", ".join(p for p in (first, second, where) if p)
        if inline_date and dates:
            text += f" ({dates})"
        lines.append(Line(text, "title"))
        if dates and not date_col and not inline_date:
            lines.append(Line(dates, "date"))
    else:
        lines.append(Line(first, "title"))
        if layout.date_place == "right" and dates:
            lines[-1] = Line(f"{first}\t{dates}", "title")
        sub = ", ".join(p for p in (second, where) if p)
        if inline_date and dates:
            sub += f" · {dates}"
        if sub:
            lines.append(Line(sub, "sub"))
        if dates and layout.date_place == "below":
            lines.append(Line(dates, "date"))
    return Item(lines, date_col)


def compose(cv: CV, layout: Layout) -> Composed:
    """Lay out the CV's content as parts of typed lines, shared by every writer."""
    g = layout.bullet
    h = cv.headings
    parts: list[Part] = []
    sidebar = layout.family in ("sidebar_left", "sidebar_right", "two_columns")
    contact = [cv.email, cv.phone, cv.address, *cv.links]
    contact += [f"{label}: {value}" for _key, label, value in cv.personal]
    if sidebar:
        parts.append(Part("contact", h["contact"], [Item([Line(c) for c in contact])], True))
    parts.append(Part("summary", h["summary"], [Item([Line(cv.summary)])]))
    jobs = []
    for job in cv.jobs:
        item = _head_lines(job.title, job.company, job.location, job.dates, layout)
        item.lines += [Line(f"{g} {b}", "bullet") for b in job.bullets]
        if job.tech:
            item.lines.append(Line(f"Tech: {job.tech}", "text"))
        jobs.append(item)
    parts.append(Part("experience", h["experience"], jobs))
    degrees = []
    for deg in cv.degrees:
        item = _head_lines(deg.degree, deg.institution, deg.location, deg.dates, layout)
        item.lines += [Line(d) for d in deg.details]
        if deg.gpa:
            item.lines.append(Line(f"GPA: {deg.gpa}"))
        degrees.append(item)
    parts.append(Part("education", h["education"], degrees))
    by_kind: dict[str, list[Item]] = {}
    for e in cv.entries:
        by_kind.setdefault(e.kind, []).append(_entry(e, layout))
    for kind, key in (("proj", "projects"), ("vol", "volunteer"), ("pub", "publications")):
        if kind in by_kind:
            parts.append(Part(key, h[key], by_kind[kind]))
    parts.append(Part("skills", h["skills"], _skills(cv, layout), sidebar))
    langs = [_level(n, lv, layout.level_style) for n, lv in cv.languages]
    parts.append(Part("languages", h["languages"], [Item([Line(x) for x in langs])], sidebar))
    for kind, key in (("cert", "certifications"), ("course", "courses"), ("ach", "achievements")):
        if kind in by_kind:
            parts.append(Part(key, h[key], by_kind[kind], sidebar))
    if cv.hobbies:
        hob = [Item([Line(", ".join(cv.hobbies))])]
        if layout.skills_style == "lines":
            hob = [Item([Line(x) for x in cv.hobbies])]
        parts.append(Part("hobbies", h["hobbies"], hob, sidebar))
    for number, part in enumerate(parts, 1):
        part.heading = heading_text(part.heading, layout.heading, number)
    return Composed(cv.name, cv.title, [] if sidebar else contact, parts, cv.lang == "ar")


def _skills(cv: CV, layout: Layout) -> list[Item]:
    if cv.skill_groups:
        return [Item([Line(f"{cat}: {', '.join(names)}")]) for cat, names in cv.skill_groups]
    shown = [_level(n, lv, layout.level_style) for n, lv in cv.skills]
    if layout.skills_style == "lines" or any(lv for _n, lv in cv.skills):
        return [Item([Line(x) for x in shown])]
    glue = ", " if layout.skills_style == "comma" else " · "
    return [Item([Line(glue.join(shown))])]


def _entry(e, layout: Layout) -> Item:
    """One project, certification, volunteering, publication or award."""
    if e.kind == "proj":
        return Item([Line(e.title, "title"), Line(e.detail), Line(e.url)])
    if e.kind == "cert":
        return Item([Line(e.title, "title"), Line(f"{e.org}, {e.date}")])
    if e.kind == "vol":
        item = _head_lines(e.title, e.org, e.location, e.date, layout)
        item.lines += [Line(f"{layout.bullet} {b}", "bullet") for b in e.bullets]
        return item
    if e.kind == "pub":
        return Item([Line(e.title, "title"), Line(f"{e.detail}, {e.date}")])
    if e.kind == "course":
        first, *rest = _course_lines(e)
        return Item([Line(first, "title" if rest else "text"), *(Line(text) for text in rest)])
    return Item([Line(f"{e.title} ({e.date})")])


def _course_lines(e) -> list[str]:
    """A course's lines in its CV's style."""
    if e.style == "dash":
        return [f"{e.title} — {e.org}, {e.date}"]
    if e.style == "year_first":
        return [f"{e.date} · {e.title}, {e.org}"]
    if e.style == "brackets":
        return [f"{e.title} ({e.org}, {e.date})"]
    return [e.title, f"{e.org}, {e.date}"]


# ---------------------------------------------------------------------------- HTML

_CSS = """
@page {{ size: A4; margin: 14mm 13mm; }}
body {{ font-family: '{font}'; font-size: {size}pt; color: #222; margin: 0; line-height: 1.3; }}
h1 {{ font-size: 22pt; margin: 0 0 2pt 0; color: {accent}; }}
.title {{ font-size: 12pt; margin-bottom: 6pt; }}
.contact span {{ margin-right: 12pt; }}
.page {{ display: flex; gap: 16pt; {direction} }}
.main {{ flex: 1; }}
.side {{ width: 33%; background: #f1f1f1; padding: 8pt; }}
.cols {{ display: flex; gap: 16pt; }} .cols > div {{ flex: 1; }}
.band {{ background: {accent}; color: white; padding: 10pt; margin-bottom: 8pt; }}
.band h1 {{ color: white; }}
h2 {{ font-size: {hsize}pt; margin: 10pt 0 4pt 0; color: {accent}; {hstyle} }}
.item {{ margin-bottom: 6pt; break-inside: avoid; }}
.grid {{ display: grid; grid-template-columns: 24% 1fr; gap: 8pt; }}
.timeline {{ border-left: 2pt solid {accent}; padding-left: 8pt; }}
.t {{ font-weight: bold; }} .d {{ color: #555; }} .r {{ float: right; color: #555; }}
p {{ margin: 0 0 1pt 0; }}
"""

_HEADING_CSS = {
    "bold_only": "font-size: inherit; color: inherit; font-weight: bold;",
    "underlined": "text-decoration: underline;",
    "spaced": "letter-spacing: 0.3em;",
}


def _line_html(line: Line) -> str:
    text = html.escape(line.text)
    if line.role == "title" and "\t" in line.text:
        left, right = (html.escape(x) for x in line.text.split("\t", 1))
        return f'<p><span class="r">{right}</span><span class="t">{left}</span></p>'
    cls = {"title": "t", "date": "d"}.get(line.role, "")
    return f'<p class="{cls}">{text}</p>' if cls else f"<p>{text}</p>"


def _part_html(part: Part, timeline: bool) -> str:
    body = []
    for item in part.items:
        lines = "".join(_line_html(line) for line in item.lines)
        if item.date is not None or (timeline and part.key in ("experience", "education")):
            date = html.escape(item.date or "")
            body.append(
                f'<div class="item grid"><div class="d">{date}</div><div>{lines}</div></div>'
            )
        else:
            body.append(f'<div class="item">{lines}</div>')
    inner = "".join(body)
    if timeline and part.key in ("experience", "education"):
        inner = f'<div class="timeline">{inner}</div>'
    return f"<section><h2>{html.escape(part.heading)}</h2>{inner}</section>"


def to_html(doc: Composed, layout: Layout) -> str:
    """A standalone HTML page of the composed CV in its layout family."""
    css = _CSS.format(
        font=layout.font,
        size=layout.size,
        accent=layout.accent,
        hsize=layout.size + 3,
        hstyle=_HEADING_CSS.get(layout.heading, ""),
        direction="flex-direction: row-reverse;" if layout.family == "sidebar_right" else "",
    )
    timeline = layout.family == "timeline"
    contact = "".join(f"<span>{html.escape(c)}</span> " for c in doc.contact)
    head = (
        f"<h1>{html.escape(doc.name)}</h1><div class='title'>{html.escape(doc.title)}</div>"
        f"<div class='contact'>{contact}</div>"
    )
    if layout.family == "header_band":
        head = f"<div class='band'>{head}</div>"
    main = "".join(_part_html(p, timeline) for p in doc.parts if not p.side)
    side = "".join(_part_html(p, timeline) for p in doc.parts if p.side)
    if layout.family == "two_columns":
        body = f"{head}<div class='cols'><div>{main}</div><div>{side}</div></div>"
    elif side:
        side, main = f"<div class='side'>{side}</div>", f"<div class='main'>{head}{main}</div>"
        body = f"<div class='page'>{side}{main}</div>"
    else:
        body = head + main
    direction = ' dir="rtl" lang="ar"' if doc.rtl else ""
    return (
        f"<!doctype html><html{direction}><head><meta charset='utf-8'><style>{css}</style>"
        f"</head><body>{body}</body></html>"
    )
