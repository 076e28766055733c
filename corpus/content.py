"""Varied CV content, deterministic from a random generator, and its ground truth.

A CV here is what a person wrote, independent of how it is laid out: every value is kept as
the exact string the layouts print, so the ground truth is the values themselves. Hazards the
extractor must survive are part of the content: values with commas, long wrapped bullets, many
date-range styles, cities in item lines, levels after skills and languages.
"""

from __future__ import annotations

import random
import unicodedata
import zlib
from dataclasses import dataclass, field

from corpus.gt import Block, GroundTruth
from corpus.pools import HEADINGS, LOCAL, LOCAL_TEXT, POOLS

LANGUAGES = ("en", "de", "fr", "es", "ar")
# How often each CV language is drawn; English dominates, as in r2w's uploads.
LANGUAGE_WEIGHTS = (10, 2, 2, 2, 1)

ARABIC_NAMES = ("ليلى حداد", "أحمد الحسن", "مريم العلي", "يوسف النجار", "سارة القاسم")

SKILLS = [
    "Python",
    "SQL",
    "Kubernetes",
    "Figma",
    "Excel",
    "Negotiation",
    "Public speaking",
    "Data visualisation",
    "C++",
    "React",
    "TypeScript",
    "Tableau",
    "Stakeholder management",
    "SAP",
    "Photoshop",
    "Terraform",
    "Go",
    "Budgeting",
    "Patient assessment",
    "Agile/Scrum",
    "Power BI",
    "Copywriting",
    "Node.js",
    "AWS",
]

SKILL_GROUPS = [
    "Technical",
    "Tools",
    "Soft Skills",
    "Languages & Frameworks",
    "Management",
    "Design",
]

BULLETS = (
    "Led a team of {n} engineers to rebuild the {thing}, cutting release time from {a} days to "
    "{b} hours and raising test coverage to {p}%",
    "Managed budgets from $120,000 to $300,000 per quarter across {n} regional offices",
    "Negotiated contracts with suppliers in {city}, saving ${k},000 a year",
    "Introduced {thing} monitoring, which reduced incidents by {p}%",
    "Mentored {n} junior colleagues, {n2} of whom were promoted within a year",
    "Designed and ran A/B tests on the {thing}, increasing conversion by {p}% over {n} months",
    "Wrote the onboarding guide, used by {k} new hires since {year}",
    "Coordinated with sales, legal and finance teams to launch in {n} new markets",
    "Analysed {k},000+ customer records with SQL and Python to find churn drivers",
    "Presented quarterly results to the board; prepared forecasts, dashboards and reports",
)
THINGS = ("checkout flow", "billing platform", "mobile app", "data pipeline", "search service")
DETAILS = (
    "Thesis: {thing} at scale",
    "Dean's List, {year}",
    "Exchange semester in {city}",
    "Relevant coursework: Statistics, Databases, Operations Research",
    "Graduated with honours",
)
CERTS = (
    ("AWS Certified Solutions Architect – Associate", "Amazon Web Services"),
    ("Certified Scrum Master (CSM)", "Scrum Alliance"),
    ("PMP", "Project Management Institute"),
    ("Google Data Analytics Certificate", "Google"),
    ("Basic Life Support (BLS)", "American Heart Association"),
    ("CFA Level II", "CFA Institute"),
)
# How a CV sets its courses (one way throughout): title above provider and year, or one line.
COURSE_STYLES = ("two_lines", "dash", "year_first", "brackets")
# The share of CVs that list courses.
COURSE_SHARE = 30
VOLUNTEER = (
    ("Mentor", "Code Club"),
    ("Volunteer Nurse", "Red Cross"),
    ("Treasurer", "Riverside Food Bank"),
    ("Coach", "Youth Football League"),
)
PUBS = (
    "Predicting {thing} failures with gradient boosting",
    "A field study of remote onboarding",
    "Energy use of {thing} workloads in small data centres",
)
VENUES = ("Journal of Applied Analytics", "Proceedings of CHI {year}", "IEEE Software")
AWARDS = (
    "Employee of the Year",
    "Best Paper Award",
    "Hackathon winner, 1st place",
    "Top Performer",
)


@dataclass
class Job:
    """One job as written."""

    title: str
    company: str
    location: str
    dates: str
    bullets: list[str]
    tech: str = ""


@dataclass
class Degree:
    """One degree as written."""

    degree: str
    institution: str
    location: str
    dates: str
    details: list[str]
    gpa: str = ""


@dataclass
class Entry:
    """A small item: project, certification, volunteering, publication or award."""

    kind: str
    title: str
    org: str = ""
    date: str = ""
    detail: str = ""
    url: str = ""
    location: str = ""
    bullets: list[str] = field(default_factory=list)
    style: str = ""


@dataclass
class CV:
    """The content of one CV: every value exactly as it is printed."""

    lang: str
    name: str
    title: str
    email: str
    phone: str
    address: str
    links: list[str]
    personal: list[tuple[str, str, str]]  # (gt key, label as printed, value)
    summary: str
    jobs: list[Job]
    degrees: list[Degree]
    skills: list[tuple[str, str]]  # (name, level or "")
    skill_groups: list[tuple[str, list[str]]]  # empty when skills are not grouped
    languages: list[tuple[str, str]]
    entries: list[Entry]
    hobbies: list[str]
    headings: dict[str, str]


def _ascii(text: str) -> str:
    """Strip accents for e-mail addresses and handles."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " -"))
    return kept.lower().replace(" ", "").replace("'", "")


class Maker:
    """Draws content for one CV from one random generator and one pool half."""

    def __init__(self, rng: random.Random, half: str, lang: str) -> None:
        """half is "seen" (train/dev) or "held" (test-only pools)."""
        self.rng, self.half, self.lang = rng, half, lang
        self.local = LOCAL[lang]

    def pick(self, pool: str) -> str:
        """One entry of a named pool in this maker's half."""
        return self.rng.choice(POOLS[pool][self.half])

    def text(self, kind: str, fallback: str) -> str:
        """A CV-language phrase of a kind (job, degree, bullet), else an English pool entry."""
        local = LOCAL_TEXT.get(self.lang, {}).get(kind)
        if local and self.rng.random() < 0.7:
            return self.rng.choice(local)
        return self.pick(fallback) if fallback in POOLS else fallback

    def fill(self, template: str) -> str:
        """Fill a template's placeholders with numbers, things, cities and years."""
        r = self.rng
        return template.format(
            n=r.randint(3, 14),
            n2=r.randint(1, 3),
            a=r.randint(5, 20),
            b=r.randint(2, 12),
            p=r.randint(12, 65),
            k=r.randint(12, 480),
            thing=r.choice(THINGS),
            city=self.pick("city").split(",")[0],
            year=r.randint(2012, 2023),
        )

    def month(self, m: int) -> str:
        """A month name in the CV language."""
        return self.local["months"][m - 1]

    def dates(self, start: int, end: int | None) -> str:
        """A date range in one of many styles ("Jan 2021 — May 2021", "Since 2022", ...)."""
        r = self.rng
        m1, m2 = r.randint(1, 12), r.randint(1, 12)
        now = r.choice(self.local["present"])
        style = r.randrange(8)
        if end is None and style == 7:
            return f"{self.local['since'][0]} {start}"
        endy = str(end) if end else now
        dash = r.choice(("–", "—", "-", " – ", " — ", " - "))
        dash = dash if dash.startswith(" ") or style in (2, 5) else f" {dash} "
        if style in (0, 1, 7):
            e = f"{self.month(m2)} {end}" if end else now
            return f"{self.month(m1)} {start}{dash}{e}"
        if style == 2:
            return f"{start}{dash}{endy}"
        if style == 3:
            e = f"{m2:02d}/{end}" if end else now
            return f"{m1:02d}/{start}{dash}{e}"
        if style == 4 and self.lang == "de":
            e = f"{m2:02d}.{end}" if end else now
            return f"{m1:02d}.{start}{dash}{e}"
        if style == 5:
            return f"{start}{dash}{endy}"
        return f"{self.month(m1)} {start}{dash}{self.month(m2) + ' ' + str(end) if end else now}"


# The share of CVs (percent) whose bullets end with a full stop.
FULL_STOP_SHARE = 35


def _with_stop(text: str) -> str:
    """A bullet ending with a full stop (one that ends in punctuation stays as it is)."""
    return text if text.endswith((".", "!", "?", ":", ";")) else text + "."


def make_cv(rng: random.Random, half: str, lang: str, headings_half: str, size: str) -> CV:
    """A whole CV. size is "short" (fits one page, for scans) or "full"."""
    mk = Maker(rng, half, lang)
    r = rng
    first, last = mk.pick("first"), mk.pick("last")
    name = r.choice(ARABIC_NAMES) if lang == "ar" and r.random() < 0.7 else f"{first} {last}"
    handle = f"{_ascii(first)}.{_ascii(last)}"
    title = mk.text("title", "job")
    email = r.choice((f"{handle}@example.com", f"{_ascii(first)}{r.randint(1, 99)}@example.org"))
    phone = r.choice(
        (
            f"+49 151 {r.randint(1000, 9999)} {r.randint(1000, 9999)}",
            f"({r.randint(200, 989)}) {r.randint(200, 989)}-{r.randint(1000, 9999)}",
            f"+33 6 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} 00",
            f"+971 50 {r.randint(100, 999)} {r.randint(1000, 9999)}",
            f"+1 {r.randint(200, 989)} {r.randint(200, 989)} {r.randint(1000, 9999)}",
        )
    )
    links = []
    if r.random() < 0.8:
        links.append(f"linkedin.com/in/{_ascii(first)}-{_ascii(last)}")
    if r.random() < 0.4:
        links.append(f"https://github.com/{_ascii(first)}{_ascii(last)[:3]}")
    personal: list[tuple[str, str, str]] = []
    if r.random() < (0.6 if lang == "de" else 0.2):
        label = {"de": "Staatsangehörigkeit", "fr": "Nationalité", "es": "Nacionalidad"}
        personal.append(
            (
                "nationality",
                label.get(lang, "Nationality"),
                r.choice(("German", "Irish", "Canadian")),
            )
        )
    if r.random() < (0.5 if lang == "de" else 0.15):
        label = {"de": "Geburtsdatum", "fr": "Date de naissance", "es": "Fecha de nacimiento"}
        personal.append(
            (
                "dob",
                label.get(lang, "Date of birth"),
                f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(1975, 2001)}",
            )
        )
    if r.random() < 0.2:
        label = {"de": "Führerschein", "fr": "Permis", "es": "Carné de conducir"}
        personal.append(
            ("license", label.get(lang, "Driving license"), r.choice(("B", "Class B", "Full")))
        )
    short = size == "short"
    years = r.randint(3, 18)
    summary = r.choice(
        (
            f"{title} with {years} years of experience in fast-paced teams. Known for clear "
            f"communication, careful planning and shipping on time.",
            f"I am a {title.lower()} who enjoys turning messy problems into simple, reliable "
            f"processes; {years}+ years across start-ups and large companies.",
            f"Results-driven {title} focused on measurable impact, mentoring and continuous "
            f"improvement.",
        )
    )
    if lang != "en" and r.random() < 0.6:
        summary = r.choice(LOCAL_TEXT[lang]["bullet"])
    year = 2024
    jobs = []
    for _ in range(r.randint(1, 2) if short else r.randint(2, 4)):
        start = year - r.randint(1, 4)
        end = None if not jobs and r.random() < 0.6 else year
        nb = r.randint(1, 3) if short else r.randint(2, 5)
        bullets = [mk.fill(r.choice(BULLETS)) for _ in range(nb)]
        if lang != "en" and r.random() < 0.5:
            bullets[0] = r.choice(LOCAL_TEXT[lang]["bullet"])
        tech = ", ".join(r.sample(SKILLS, 3)) if r.random() < 0.25 else ""
        jobs.append(
            Job(
                mk.text("job", "job"),
                mk.pick("company"),
                mk.pick("city"),
                mk.dates(start, end),
                list(dict.fromkeys(bullets)),
                tech,
            )
        )
        year = start - r.randint(0, 1)
    degrees = []
    for _ in range(1 if short else r.randint(1, 2)):
        start = year - r.randint(2, 5)
        details = [mk.fill(r.choice(DETAILS))] if r.random() < 0.5 else []
        gpa = r.choice(("", "", f"{r.randint(30, 40) / 10:.1f}/4.0"))
        deg = mk.text(
            "degree",
            r.choice(
                (
                    "BSc Computer Science",
                    "Master of Business Administration",
                    "BA in Economics",
                    "MSc Data Science",
                )
            ),
        )
        degrees.append(
            Degree(deg, mk.pick("school"), mk.pick("city"), mk.dates(start, year), details, gpa)
        )
        year = start
    names = r.sample(SKILLS, r.randint(4, 6) if short else r.randint(5, 10))
    levelled = r.random() < 0.35
    skills = [(n, r.choice(mk.local["skill_levels"]) if levelled else "") for n in names]
    groups: list[tuple[str, list[str]]] = []
    if not levelled and r.random() < 0.4:
        cats = r.sample(SKILL_GROUPS, 2)
        cut = len(names) // 2
        groups = [(cats[0], names[:cut]), (cats[1], names[cut:])]
    langs = r.sample(mk.local["langs"], r.randint(1, 3))
    languages = [(lang_name, r.choice(mk.local["levels"])) for lang_name in langs]
    entries: list[Entry] = []
    if not short or r.random() < 0.3:
        if r.random() < 0.6:
            for _ in range(r.randint(1, 2)):
                entries.append(
                    Entry(
                        "proj",
                        mk.pick("project"),
                        detail=mk.fill(r.choice(BULLETS)),
                        url=f"https://github.com/{handle.replace('.', '')}/{r.randint(1, 99)}",
                    )
                )
        if r.random() < 0.5:
            for cert, org in r.sample(CERTS, r.randint(1, 2)):
                entries.append(Entry("cert", cert, org=org, date=str(r.randint(2015, 2024))))
        if r.random() < 0.35:
            role, org = r.choice(VOLUNTEER)
            entries.append(
                Entry(
                    "vol",
                    role,
                    org=org,
                    location=mk.pick("city"),
                    date=mk.dates(r.randint(2015, 2020), None),
                    bullets=[mk.fill(r.choice(BULLETS))],
                )
            )
        if r.random() < 0.25:
            entries.append(
                Entry(
                    "pub",
                    mk.fill(r.choice(PUBS)),
                    detail=mk.fill(r.choice(VENUES)),
                    date=str(r.randint(2016, 2024)),
                )
            )
        if r.random() < 0.3:
            entries.append(Entry("ach", r.choice(AWARDS), date=str(r.randint(2016, 2024))))
    entries += _courses(name, short, half)
    hobbies = r.sample(POOLS["hobby"][half], r.randint(2, 4)) if r.random() < 0.5 else []
    for job in jobs:  # a summary borrowed from the bullet pool must stay one value
        job.bullets = [b for b in job.bullets if b != summary] or [mk.fill(BULLETS[2])]
    # Many people end every bullet with a full stop; a CV does it throughout or not at all.
    # Drawn from the name, not from rng, so the rest of each CV is the same as without it.
    if zlib.crc32(name.encode()) % 100 < FULL_STOP_SHARE:
        for holder in [*jobs, *entries]:
            holder.bullets = [_with_stop(b) for b in holder.bullets]
    pools = HEADINGS[lang]
    headings = {key: r.choice(pools[key][headings_half]) for key in pools if key != "courses"}
    # Drawn apart, as the courses are: the other headings stay those drawn without it.
    course_rng = random.Random(zlib.crc32(f"course heading {name}".encode()))
    headings["courses"] = course_rng.choice(pools["courses"][headings_half])
    return CV(
        lang,
        name,
        title,
        email,
        phone,
        r.choice(POOLS["city"][half]),
        links,
        personal,
        summary,
        jobs,
        degrees,
        skills,
        groups,
        languages,
        entries,
        hobbies,
        headings,
    )


def _courses(name: str, short: bool, half: str) -> list[Entry]:
    """Courses for some CVs, drawn from the name (not from rng, so the rest of each CV is the
    same as without them): one to three from the half's pool, set in one of COURSE_STYLES."""
    r = random.Random(zlib.crc32(f"courses {name}".encode()))
    if short or r.randrange(100) >= COURSE_SHARE:
        return []
    style = r.choice(COURSE_STYLES)
    picked = r.sample(POOLS["course"][half], r.randint(1, 3))
    return [
        Entry("course", title, org=org, date=str(r.randint(2014, 2024)), style=style)
        for title, org in (course.split(" — ") for course in picked)
    ]


def truth(cv: CV) -> GroundTruth:
    """The ground truth of a CV: every printed value as one fact."""
    gt = GroundTruth()
    add = gt.entries.append
    for key, value in (
        ("name", cv.name),
        ("title", cv.title),
        ("email", cv.email),
        ("phone", cv.phone),
        ("address", cv.address),
    ):
        add((key, value))
    for link in cv.links:
        add(("link", link))
    for key, _label, value in cv.personal:
        add((key, value))
    add(("summary", cv.summary))
    if cv.skill_groups:
        for cat, names in cv.skill_groups:
            add(("skillcat", cat))
            for n in names:
                add(("skill", n))
    else:
        for n, level in cv.skills:
            add(("skill", f"{n}={level}" if level else n))
    for hobby in cv.hobbies:
        add(("hobby", hobby))
    for job in cv.jobs:
        fields = [
            ("title", job.title),
            ("company", job.company),
            ("location", job.location),
            ("dates", job.dates),
        ]
        fields += [("bullet", b) for b in job.bullets]
        if job.tech:
            fields.append(("tech", job.tech))
        add(Block("exp", fields))
    for deg in cv.degrees:
        fields = [
            ("degree", deg.degree),
            ("institution", deg.institution),
            ("location", deg.location),
            ("dates", deg.dates),
        ]
        fields += [("detail", d) for d in deg.details]
        if deg.gpa:
            fields.append(("gpa", deg.gpa))
        add(Block("edu", fields))
    for language, level in cv.languages:
        add(Block("lang", [("language", language), ("level", level)]))
    for e in cv.entries:
        add(Block(e.kind, _entry_fields(e)))
    return gt


def _entry_fields(e: Entry) -> list[tuple[str, str]]:
    """The .gt fields of a small item, in the format's names for its kind."""
    if e.kind == "proj":
        return [("title", e.title), ("detail", e.detail), ("url", e.url)]
    if e.kind == "cert":
        return [("title", e.title), ("org", e.org), ("date", e.date)]
    if e.kind == "vol":
        return [("role", e.title), ("org", e.org), ("location", e.location), ("dates", e.date)] + [
            ("bullet", b) for b in e.bullets
        ]
    if e.kind == "pub":
        return [("title", e.title), ("detail", e.detail), ("date", e.date)]
    if e.kind == "course":
        return [("title", e.title), ("org", e.org), ("date", e.date)]
    return [("value", e.title), ("date", e.date)]
