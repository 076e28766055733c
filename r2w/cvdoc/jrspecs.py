"""How CV document fields map onto JSON Resume (schema v1.0.0) objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from r2w.cvdoc.jrcodec import (
    DateCodec,
    EmailCodec,
    ItemSpec,
    ListCodec,
    PlaceCodec,
    RangeCodec,
    TextCodec,
    UrlCodec,
    as_text,
    country_code,
)

T, L, D, U = TextCodec, ListCodec, DateCodec, UrlCodec


@dataclass(frozen=True)
class BasicsPlaceCodec:
    """contact.location as basics.location; only a two-letter country is a countryCode."""

    keys: tuple[str, ...] = ("location",)

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        if not isinstance(value, dict):
            return {}
        obj = {"city": value.get("city"), "region": value.get("state")}
        obj["countryCode"] = country_code(value.get("country"))
        obj = {k: v for k, v in obj.items() if v is not None}
        return {"location": obj} if obj else {}

    def decode(self, frag: dict[str, Any]) -> Any:
        """Return the r2w value of the fragment."""
        loc = frag.get("location")
        if not isinstance(loc, dict):
            return None
        keys = {"city": "city", "state": "region", "country": "countryCode"}
        return {ours: as_text(loc.get(theirs)) for ours, theirs in keys.items()}


@dataclass(frozen=True)
class ProfilesCodec:
    """contact.professionalLinks as basics.profiles (platform = network)."""

    keys: tuple[str, ...] = ("profiles",)

    def encode(self, value: Any) -> dict[str, Any]:
        """Return the JSON Resume keys for value."""
        if not value:
            return {}
        from r2w.cvdoc.links import full_url

        profiles = []
        for link in value:
            profile = {"network": link["platform"]} if link.get("platform") is not None else {}
            # JSON Resume wants a full URI; what the CV wrote is kept in x-r2w by export_item.
            if url := full_url(link.get("url")):
                profile["url"] = url
            profiles.append(profile)
        return {"profiles": profiles}

    def decode(self, frag: dict[str, Any]) -> Any:
        """Return the r2w value of the fragment."""
        profiles = frag.get("profiles")
        if not isinstance(profiles, list):
            return []
        return [
            {"platform": as_text(p.get("network")), "url": as_text(p.get("url"))}
            for p in profiles
            if isinstance(p, dict)
        ]


BASICS = ItemSpec(
    {
        "hero.fullName": T("name"),
        "hero.professionalTitle": T("label"),
        "hero.profilePhotoUrl": T("image"),
        "contact.email": EmailCodec("email"),
        "contact.phone": T("phone"),
        "contact.location": BasicsPlaceCodec(),
        "contact.professionalLinks": ProfilesCodec(),
        "summary.summaryText": T("summary"),
    }
)
WORK = ItemSpec(
    {
        "companyName": T("name"),
        "jobTitle": T("position"),
        "location": PlaceCodec("location"),
        "dateRange": RangeCodec(),
        "responsibilitiesAndAchievements": L("highlights"),
    },
    {"url": "uri", "summary": "str", "description": "str"},
)
VOLUNTEER = ItemSpec(
    {
        "organization": T("organization"),
        "role": T("position"),
        "dateRange": RangeCodec(),
        "description": T("summary"),
        "responsibilities": L("highlights"),
    },
    {"url": "uri"},
)
EDUCATION = ItemSpec(
    {
        "institution": T("institution"),
        "fieldOfStudy": T("area"),
        "degree": T("studyType"),
        "dateRange": RangeCodec(),
        "gpa": T("score"),
        "relevantCoursework": L("courses"),
    },
    {"url": "uri"},
)
AWARD = ItemSpec(
    {"value": T("title"), "timeframe": D("date"), "contextOrDetail": T("summary")},
    {"awarder": "str"},
)
CERTIFICATE = ItemSpec(
    {
        "title": T("name"),
        "issueDate": D("date"),
        "verificationUrl": U("url"),
        "issuingOrganization": T("issuer"),
    }
)
PUBLICATION = ItemSpec(
    {
        "title": T("name"),
        "journalName": T("publisher"),
        "publicationDate": D("releaseDate"),
        "publicationUrl": U("url"),
        "abstract": T("summary"),
    }
)
LANGUAGE = ItemSpec({"language": T("language"), "proficiency": T("fluency")})
PROJECT = ItemSpec(
    {
        "title": T("name"),
        "description": T("description"),
        "projectUrl": U("url"),
        "technologiesUsed": L("keywords"),
    },
    {"highlights": "list", "startDate": "str", "endDate": "str", "roles": "list"}
    | {"entity": "str", "type": "str"},
)
SKILL_GROUP = ItemSpec({"categoryName": T("name"), "skills": L("keywords")})
INTEREST = ItemSpec({"title": T("name")}, {"keywords": "list"})

# JSON Resume list key -> (section, item list field, mapping).
LISTS = {
    "work": ("experience", "experienceItems", WORK),
    "volunteer": ("volunteer", "volunteerItems", VOLUNTEER),
    "education": ("education", "educationItems", EDUCATION),
    "awards": ("achievements", "achievements", AWARD),
    "certificates": ("certifications", "certificationItems", CERTIFICATE),
    "publications": ("publications", "publications", PUBLICATION),
    "languages": ("languages", "languageItems", LANGUAGE),
    "projects": ("projects", "projectItems", PROJECT),
}
# Fields carried natively (or by the per-item x-r2w); the rest of each section rides in meta.
OWNED: dict[str, tuple[str, ...]] = {
    "hero": ("fullName", "professionalTitle", "profilePhotoUrl"),
    "contact": ("email", "phone", "location", "professionalLinks"),
    "summary": ("summaryText",),
    "skills": ("skillCategories", "ungroupedSkills"),
    "hobbies": ("hobbyItems", "hobbies"),
    **{section: (field,) for section, field, _ in LISTS.values()},
}
