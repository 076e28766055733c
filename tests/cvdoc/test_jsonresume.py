"""JSON Resume (v1.0.0) import and export."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from r2w.cvdoc import DocumentInvalid, validate_document
from r2w.cvdoc.jrcodec import EXT, iso_date
from r2w.cvdoc.jsonresume import SCHEMA_URL, from_json_resume, to_json_resume
from tests.cvdoc.strategies import documents

# JSON Resume's date pattern (iso8601 in schema v1.0.0).
JR_DATE = re.compile(
    r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$"
)
DATE_KEYS = {"startDate", "endDate", "date", "releaseDate"}

RESUME: dict[str, Any] = {
    "basics": {
        "name": "Rafael Ortega",
        "label": "Backend Engineer",
        "image": "https://example.org/rafael.png",
        "email": "rafael@example.org",
        "phone": "+34 600 000 000",
        "url": "https://rafael.example.org",
        "summary": "Engineer who likes queues.",
        "location": {
            "address": "Calle Mayor 1",
            "postalCode": "28013",
            "city": "Madrid",
            "countryCode": "ES",
            "region": "Comunidad de Madrid",
        },
        "profiles": [
            {"network": "GitHub", "username": "rortega", "url": "https://github.com/rortega"}
        ],
    },
    "work": [
        {
            "name": "Colas SA",
            "position": "Staff Engineer",
            "location": "Madrid",
            "url": "https://colas.example",
            "description": "Messaging company",
            "startDate": "2019-04",
            "summary": "Runs the broker team.",
            "highlights": ["Halved latency", "Mentored 5 engineers"],
        }
    ],
    "volunteer": [
        {
            "organization": "Code Club",
            "position": "Mentor",
            "url": "https://codeclub.example",
            "startDate": "2018",
            "endDate": "2020",
            "summary": "Taught Python.",
            "highlights": ["40 kids"],
        }
    ],
    "education": [
        {
            "institution": "UPM",
            "url": "https://upm.example",
            "area": "Computer Science",
            "studyType": "BSc",
            "startDate": "2010",
            "endDate": "2014",
            "score": 3.8,
            "courses": ["Distributed Systems"],
        }
    ],
    "awards": [{"title": "Hackathon winner", "date": "2017-05-01", "awarder": "HackMadrid"}],
    "certificates": [
        {"name": "CKA", "date": "2021-11", "issuer": "CNCF", "url": "https://cncf.example/c"}
    ],
    "publications": [
        {
            "name": "Queues at scale",
            "publisher": "ACM Queue",
            "releaseDate": "2022-02-02",
            "url": "https://queue.example/1",
            "summary": "On backpressure.",
        }
    ],
    "skills": [
        {"name": "Backend", "level": "Master", "keywords": ["Go", "Kafka"]},
        {"name": "Leadership", "level": "Advanced"},
    ],
    "languages": [{"language": "Spanish", "fluency": "Native speaker"}],
    "interests": [{"name": "Cycling", "keywords": ["Gravel", "Touring"]}],
    "references": [{"name": "Ana Ruiz", "reference": "Rafael is a great engineer."}],
    "projects": [
        {
            "name": "qbench",
            "description": "Queue benchmark",
            "highlights": ["Used by 3 companies"],
            "keywords": ["Go"],
            "startDate": "2020-01",
            "url": "https://github.com/rortega/qbench",
            "roles": ["Author"],
            "entity": "Personal",
            "type": "application",
        }
    ],
    "meta": {"canonical": "https://example.org/resume.json", "version": "v1.0.0"},
}


def _native(obj: Any) -> Any:
    """Drop r2w extension keys, leaving what any JSON Resume tool sees."""
    if isinstance(obj, dict):
        return {k: _native(v) for k, v in obj.items() if k != EXT}
    if isinstance(obj, list):
        return [_native(v) for v in obj]
    return obj


def _walk_dates(obj: Any) -> list[str]:
    """All values under JSON Resume date keys."""
    found = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in DATE_KEYS and isinstance(value, str):
                found.append(value)
            elif key != EXT:
                found += _walk_dates(value)
    elif isinstance(obj, list):
        for value in obj:
            found += _walk_dates(value)
    return found


def test_full_document_round_trips(full_document):
    doc = validate_document(full_document)
    exported = to_json_resume(doc)
    assert from_json_resume(json.loads(json.dumps(exported))) == doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_round_trips_through_json_resume(data):
    doc = validate_document(data)
    exported = to_json_resume(doc)
    text = json.dumps(exported, allow_nan=False)
    assert from_json_resume(json.loads(text)) == doc
    assert all(JR_DATE.match(d) for d in _walk_dates(exported))


def test_export_uses_native_fields(full_document):
    jr = to_json_resume(full_document)
    assert jr["$schema"] == SCHEMA_URL
    assert jr["basics"]["name"] == "Eleanor Vance"
    assert jr["basics"]["label"] == "Senior Data Scientist"
    assert jr["basics"]["profiles"][0] == {
        "network": "LinkedIn",
        "url": "https://linkedin.com/in/evance",
    }
    job = jr["work"][0]
    assert (job["name"], job["position"], job["location"]) == (
        "Acme Analytics",
        "Lead Data Scientist",
        "London, UK",
    )
    assert job["startDate"] == "2020-09"
    assert "endDate" not in job  # ongoing
    assert job["highlights"] == ["Built the churn model", "Cut costs 20%"]
    assert jr["certificates"][0]["date"] == "2021-03"
    assert jr["languages"][0] == {"language": "English", "fluency": "Native"}
    assert {"name": "Leadership", "level": "Advanced"} in jr["skills"]
    assert jr["skills"][0]["keywords"] == ["Python", "R", "SQL"]
    assert jr["interests"][0]["name"] == "Climbing"


def test_export_keeps_the_rest_in_extensions(full_document):
    jr = to_json_resume(full_document)
    job = jr["work"][0][EXT]
    assert job["dateRange"] == {"startDate": "Sep 2020", "endDate": "Present", "isCurrent": True}
    assert job["technologiesUsed"] == ["Python", "Spark"]
    assert job["viewMode"] == "timeline"
    meta = jr["meta"][EXT]
    assert meta["schemaVersion"] == 1
    assert meta["sections"]["speaking"]["speakingEngagements"][0]["eventName"] == "PyData London"
    assert meta["unclassified_text"] == "References available on request."
    assert EXT not in jr["languages"][0]  # nothing beyond the native fields


def test_empty_document_exports_minimal_resume():
    jr = to_json_resume({})
    assert jr == {"$schema": SCHEMA_URL, "basics": {}, "meta": {EXT: {"schemaVersion": 1}}}


def test_import_maps_native_fields():
    doc = from_json_resume(copy.deepcopy(RESUME))
    assert doc["hero"] == {
        "fullName": "Rafael Ortega",
        "professionalTitle": "Backend Engineer",
        "profilePhotoUrl": "https://example.org/rafael.png",
    }
    assert doc["contact"]["location"] == {
        "city": "Madrid",
        "state": "Comunidad de Madrid",
        "country": "ES",
    }
    assert doc["summary"]["summaryText"] == "Engineer who likes queues."
    job = doc["experience"]["experienceItems"][0]
    assert job["companyName"] == "Colas SA"
    assert job["location"]["city"] == "Madrid"
    assert job["dateRange"] == {"startDate": "2019-04", "endDate": None, "isCurrent": True}
    assert job["additionalData"] == {
        "url": "https://colas.example",
        "description": "Messaging company",
        "summary": "Runs the broker team.",
    }
    school = doc["education"]["educationItems"][0]
    assert (school["degree"], school["fieldOfStudy"], school["gpa"]) == (
        "BSc",
        "Computer Science",
        "3.8",
    )
    assert doc["volunteer"]["volunteerItems"][0]["dateRange"]["isCurrent"] is False
    assert doc["achievements"]["achievements"][0]["value"] == "Hackathon winner"
    assert doc["certifications"]["certificationItems"][0]["issuingOrganization"] == "CNCF"
    assert doc["publications"]["publications"][0]["journalName"] == "ACM Queue"
    assert doc["languages"]["languageItems"][0]["proficiency"] == "Native speaker"
    assert doc["projects"]["projectItems"][0]["additionalData"]["roles"] == ["Author"]


def test_import_splits_skills_and_levels():
    skills = from_json_resume(copy.deepcopy(RESUME))["skills"]
    assert skills["skillCategories"][0]["categoryName"] == "Backend"
    assert skills["skillCategories"][0]["skills"] == ["Go", "Kafka"]
    assert skills["ungroupedSkills"] == ["Leadership"]
    assert skills["proficiencyIndicators"] == {"Backend": "Master", "Leadership": "Advanced"}


def test_import_keeps_what_has_no_field_as_text():
    doc = from_json_resume(copy.deepcopy(RESUME))
    links = doc["contact"]["professionalLinks"]
    assert links[0] == {"platform": "Website", "url": "https://rafael.example.org"}
    assert links[1] == {"platform": "GitHub", "url": "https://github.com/rortega"}
    text = doc["unclassified_text"]
    for fact in ("Calle Mayor 1", "28013", "rortega", "Ana Ruiz", "Rafael is a great engineer."):
        assert fact in text


@pytest.mark.parametrize(
    "key",
    [
        "work",
        "volunteer",
        "education",
        "awards",
        "certificates",
        "publications",
        "skills",
        "languages",
        "interests",
        "projects",
    ],
)
def test_json_resume_round_trips_natively(key):
    exported = to_json_resume(from_json_resume(copy.deepcopy(RESUME)))
    expected = copy.deepcopy(RESUME[key])
    if key == "education":
        expected[0]["score"] = "3.8"  # numbers are read as text
    assert _native(exported[key]) == expected


def test_basics_round_trip_keeps_every_value():
    exported = to_json_resume(from_json_resume(copy.deepcopy(RESUME)))
    basics = exported["basics"]
    for key in ("name", "label", "image", "email", "phone", "summary"):
        assert basics[key] == RESUME["basics"][key]
    assert basics["location"] == {
        "city": "Madrid",
        "region": "Comunidad de Madrid",
        "countryCode": "ES",
    }
    assert "Calle Mayor 1" in exported["meta"][EXT]["unclassified_text"]


def test_native_edits_win_over_stale_extension_data(full_document):
    jr = to_json_resume(full_document)
    jr["work"][0]["location"] = "Paris"
    jr["work"][0]["startDate"] = "2021-01"
    job = from_json_resume(jr)["experience"]["experienceItems"][0]
    assert job["location"] == {"city": "Paris", "state": None, "country": None}
    assert job["dateRange"]["startDate"] == "2021-01"
    assert job["technologiesUsed"] == ["Python", "Spark"]  # untouched extension data stays


def test_malformed_input_is_tolerated_or_rejected():
    doc = from_json_resume({"work": ["junk", {"name": "Ok"}], "basics": "junk", "meta": 3})
    assert [j["companyName"] for j in doc["experience"]["experienceItems"]] == ["Ok"]
    with pytest.raises(DocumentInvalid):
        from_json_resume({"basics": {"name": {"first": "A"}}})
    with pytest.raises(ValueError):
        from_json_resume(["not", "an", "object"])


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2019", "2019"),
        ("2019-04", "2019-04"),
        ("2019-04-30", "2019-04-30"),
        ("Sep 2024", "2024-09"),
        ("Sept. 2024", "2024-09"),
        ("September 2024", "2024-09"),
        ("03/2021", "2021-03"),
        ("3.2021", "2021-03"),
        ("13/2021", None),
        ("Present", None),
        ("Septiembre 2024", None),
        ("Spring 2019", None),
        (None, None),
    ],
)
def test_iso_dates(written, iso):
    assert iso_date(written) == iso
