"""How well review() flags wrong values: coverage and false-flag rate on the labelled samples.

    .venv/bin/python bench/bench_review.py [--samples DIR] [--verbose]

Each sample is read (extract_text), extracted (HeuristicExtractor) and reviewed (review()).
Every extracted value is scored against the sample's hand-written ground truth (format in
tests/fixtures/cvs/ground-truth/README.md): it is right when it equals, verbatim up to case and
spacing, a fact of the kind its field holds (or one part of a fact: a city of an address, the
start of a date range, one skill of a list). Coverage is the share of wrong values that carry a
flag (the issue asks for >= 95%); the false-flag rate is the share of right values that do.
Text the extractor could not place (unclassified_text) is counted on its own: it is always
flagged, by design.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.samples import SAMPLES as DEFAULT_SAMPLES
from r2w.cvdoc import iter_text_values
from r2w.extraction.confidence import review
from r2w.extraction.confidence.fields import field_name
from r2w.extraction.confidence.locate import key
from r2w.extraction.heuristic import HeuristicExtractor
from r2w.extraction.sniff import check_upload
from r2w.extraction.text import extract_text

_PARTS = re.compile(r"\s*(?:[,;|/·•]|\s[-–—]\s|[–—]|\bto\b|=)\s*")
_GLOBAL = {
    "name",
    "skill",
    "skillcat",
    "hobby",
    "unclass",
    "summary",
    "email",
    "phone",
    "address",
    "link",
    "nationality",
    "dob",
    "pob",
    "license",
    "availability",
    "visa",
    "marital",
}
# Section of a document path -> ground-truth block kind.
_BLOCKS = {
    "experience": "exp",
    "education": "edu",
    "projects": "proj",
    "volunteer": "vol",
    "certifications": "cert",
    "courses": "course",
    "publications": "pub",
    "achievements": "ach",
    "languages": "lang",
    "speaking": "speak",
}
# (block kind, document field name) -> ground-truth fields it may hold.
_FIELDS = {
    "exp": {
        "jobTitle": ["title"],
        "companyName": ["company"],
        "city": ["location"],
        "state": ["location"],
        "country": ["location"],
        "startDate": ["dates"],
        "endDate": ["dates"],
        "responsibilitiesAndAchievements": ["bullet", "detail"],
        "technologiesUsed": ["tech"],
        "employmentType": ["detail"],
        "remoteWork": ["detail", "location"],
    },
    "edu": {
        "degree": ["degree"],
        "fieldOfStudy": ["degree"],
        "institution": ["institution"],
        "city": ["location"],
        "state": ["location"],
        "country": ["location"],
        "startDate": ["dates"],
        "endDate": ["dates"],
        "gpa": ["gpa"],
    },
    "proj": {
        "title": ["title"],
        "description": ["detail"],
        "projectUrl": ["url"],
        "technologiesUsed": ["tech"],
        "date": ["dates"],
        "startDate": ["dates"],
        "endDate": ["dates"],
    },
    "vol": {
        "role": ["role"],
        "organization": ["org"],
        "city": ["location"],
        "state": ["location"],
        "country": ["location"],
        "startDate": ["dates"],
        "endDate": ["dates"],
        "responsibilities": ["bullet"],
        "description": ["bullet"],
    },
    "cert": {
        "title": ["title"],
        "issuingOrganization": ["org"],
        "issueDate": ["date"],
        "expirationDate": ["date"],
        "startDate": ["date"],
        "endDate": ["date"],
    },
    "course": {
        "title": ["title"],
        "institution": ["org"],
        "year": ["date"],
        "startDate": ["date"],
        "endDate": ["date"],
    },
    "pub": {"title": ["title"], "publicationDate": ["date"]},
    "ach": {"value": ["value"], "contextOrDetail": ["detail"], "timeframe": ["date"]},
    "lang": {"language": ["language"], "proficiency": ["level"]},
}
_CONTACT = {
    "fullName": ["name"],
    "professionalTitle": ["title"],
    "summaryText": ["summary"],
    "email": ["email"],
    "phone": ["phone"],
    "city": ["address"],
    "state": ["address"],
    "country": ["address"],
    "url": ["link"],
    "placeOfBirth": ["pob"],
    "dateOfBirth": ["dob"],
    "drivingLicense": ["license"],
    "nationality": ["nationality"],
    "availability": ["availability"],
    "visaStatus": ["visa"],
    "maritalStatus": ["marital"],
}
_SKIPPED = {"sectionTitle", "platform", "label", "unclassified_text"}


def parse_truth(path: Path) -> dict[str, set[str]]:
    """ "kind.field" -> the keys of its facts and of their parts ("exp.dates", "skill", ...)."""
    facts: dict[str, set[str]] = defaultdict(set)
    block = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=="):
            block = line[2:].strip()
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue
        name, value = name.strip(), value.strip()
        if name in ("skills", "hobbies"):
            name = name[:-1] if name == "skills" else "hobby"
            # Commas inside brackets belong to one skill: "Office (Word, Excel)".
            values = [v for v in re.split(r";|,(?![^()]*\))", value) if v.strip()]
            values = [v.split("=", 1)[0] for v in values]
        else:
            values = [value]
        # Scalar facts may follow a block in the files; "title" is a block field there.
        label = name if (not block or name in _GLOBAL) else f"{block}.{name}"
        for one in values:
            whole = key(one)
            facts[label].add(whole)
            if label in ("skill", "hobby"):
                continue  # one entry of a list: "HTML5/CSS" is one skill
            for part in _PARTS.split(one):
                if key(part):
                    facts[label].add(key(part))
    return facts


def kinds_of(path: str) -> list[str]:
    """The ground-truth labels a document path's value may match."""
    name = field_name(path)
    section = path.split(".", 1)[0].split("[", 1)[0]
    if section in ("hero", "summary", "contact"):
        return _CONTACT.get(name, [])
    if section == "skills":
        if name == "categoryName":
            return ["skillcat"]
        return ["skill"]
    if section == "hobbies":
        return ["hobby"]
    block = _BLOCKS.get(section)
    if block is None:
        return []
    fields = _FIELDS.get(block, {}).get(name) or ["detail", "bullet"]
    if block == "speak":
        fields = ["title", "detail", "date", "event", "role"]
    return [f"{block}.{field}" for field in fields]


def is_right(path: str, value: str, facts: dict[str, set[str]]) -> bool:
    """Whether value equals a fact (or a fact's part) of the kind its field holds."""
    wanted = set().union(*(facts.get(kind, set()) for kind in kinds_of(path)))
    if key(value) in wanted:
        return True
    if field_name(path) in ("degree", "fieldOfStudy") and len(key(value)) >= 3:
        # The schema splits "B.S. Computer Science" into a degree and a field of study.
        return any(key(value) in fact for fact in wanted)
    lines = [line for line in value.split("\n") if key(line)]
    return len(lines) > 1 and all(key(line) in wanted for line in lines)


def score(sample: Path, truth: Path, verbose: bool) -> dict[str, int]:
    """Right / wrong / flagged counts for one sample."""
    data = sample.read_bytes()
    kind = check_upload(data, sample.name)
    text = extract_text(data, kind)
    document = HeuristicExtractor().extract(text.text, source=data, kind=kind, reading=text.reading)
    result = review(document, text.text, getattr(text, "reading", None))
    flagged = {flag.path for flag in result.flags}
    facts = parse_truth(truth)
    counts = defaultdict(int)
    for path, value in iter_text_values(document):
        name = field_name(path)
        if name == "unclassified_text":
            pieces = [p for p in value.split("\n") if key(p)]
            counts["unplaced"] += len(pieces)
            counts["unplaced_right"] += sum(key(p) in facts.get("unclass", set()) for p in pieces)
            continue
        if name in _SKIPPED or path.startswith("skills.proficiencyIndicators"):
            continue
        right = is_right(path, value, facts)
        flag = path in flagged
        counts["right" if right else "wrong"] += 1
        counts[("right" if right else "wrong") + "_flagged"] += flag
        if verbose and right == flag:
            codes = sorted({f.code for f in result.flags if f.path == path})
            label = "FALSE FLAG" if right else "SILENT"
            print(f"  {label:10} {path} = {value[:70]!r} {codes}")
    return counts


def main(argv: list[str] | None = None) -> int:
    """Score every labelled sample and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    total: dict[str, int] = defaultdict(int)
    print("| sample | right | flagged right | wrong | flagged wrong | unplaced |")
    print("|---|---|---|---|---|---|")
    for truth in sorted((args.samples / "ground-truth").glob("*.gt")):
        sample = args.samples / truth.name[: -len(".gt")]
        if args.verbose:
            print(sample.name)
        counts = score(sample, truth, args.verbose)
        for name, count in counts.items():
            total[name] += count
        print(
            f"| {sample.name} | {counts['right']} | {counts['right_flagged']} | "
            f"{counts['wrong']} | {counts['wrong_flagged']} | {counts['unplaced']} |"
        )
    coverage = total["wrong_flagged"] / max(total["wrong"], 1)
    false_rate = total["right_flagged"] / max(total["right"], 1)
    print(
        f"\nvalues: {total['right']} right, {total['wrong']} wrong; coverage of wrong values "
        f"{coverage:.1%}; false flags on right values {false_rate:.1%}; unplaced pieces "
        f"{total['unplaced']} (all flagged; {total['unplaced_right']} belong in no section)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
