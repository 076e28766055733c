"""The filled-in sections of the factories' full document: every field of every item has a value.

Display hints carry links that pass the URL checks, and every text value is distinct.
"""

from __future__ import annotations

from typing import Any


def _hints(n: str, view: str = "text", variant: str = "detailed") -> dict[str, Any]:
    """Display hints with links that pass the URL checks."""
    return {
        "viewMode": view,
        "textVariant": variant,
        "linkType": "website",
        "hasLink": True,
        "linkUrl": f"https://example.org/{n}/link",
        "githubUrl": f"https://github.com/example/{n}",
        "videoUrl": f"https://video.example.org/{n}",
        "imageUrl": f"https://img.example.org/{n}.png",
    }


def _range(n: str, current: bool = False) -> dict[str, Any]:
    """A DateRange with free-text dates."""
    return {"startDate": f"Jan 20{n}", "endDate": f"Dec 20{n}", "isCurrent": current}


def place(n: str) -> dict[str, str]:
    """A Location with all three parts."""
    return {"city": f"City {n}", "state": f"State {n}", "country": f"Country {n}"}


def _experience(n: str, view: str, variant: str) -> dict[str, Any]:
    """One job with every field filled."""
    return {
        **_hints(f"job{n}", view, variant),
        "jobTitle": f"Job title {n}",
        "companyName": f"Company {n}",
        "location": place(f"job{n}"),
        "dateRange": _range(n, current=n == "1"),
        "duration": f"{n} yrs",
        "responsibilitiesAndAchievements": [f"Responsibility {n}a", f"Achievement {n}b"],
        "technologiesUsed": [f"Tech {n}a", f"Tech {n}b"],
        "employmentType": f"Full-time {n}",
        "remoteWork": f"Hybrid {n}",
        "additionalData": {"teamSize": f"Team of {n}0", "reportsTo": f"Director {n}"},
    }


def _education(n: str, view: str) -> dict[str, Any]:
    """One degree with every field filled."""
    return {
        **_hints(f"edu{n}", view),
        "institution": f"University {n}",
        "degree": f"Degree {n}",
        "fieldOfStudy": f"Field {n}",
        "dateRange": _range(n),
        "description": f"Education description {n}\nsecond line {n}",
        "gpa": f"3.{n}/4.0",
        "honors": [f"Honour {n}"],
        "minors": [f"Minor {n}"],
        "relevantCoursework": [f"Coursework {n}a", f"Coursework {n}b"],
        "exchangePrograms": [f"Exchange {n}"],
        "location": place(f"edu{n}"),
        "additionalData": {"thesis": f"Thesis {n}"},
    }


def list_sections() -> dict[str, Any]:
    """The list sections after summary, each with every field filled."""
    return {
        "experience": {
            "sectionTitle": "Work history",
            "experienceItems": [
                _experience("1", "timeline", "detailed"),
                _experience("2", "timeline", "simple"),
            ],
        },
        "education": {
            "sectionTitle": "Studies",
            "educationItems": [_education("1", "text"), _education("2", "timeline")],
        },
        "skills": {
            "sectionTitle": "Toolbox",
            "description": "Skills description",
            "skillCategories": [
                {
                    **_hints("skill"),
                    "categoryName": "Category one",
                    "skills": ["Skill A", "Skill B"],
                    "description": "Category description",
                    "additionalData": {"since": "Since 2010"},
                }
            ],
            "ungroupedSkills": ["Loose skill X", "Loose skill Y"],
            "proficiencyIndicators": {"Skill A": "Expert level", "Skill B": "Working level"},
        },
        "projects": {
            "sectionTitle": "Selected projects",
            "projectItems": [
                {
                    **_hints("proj", "github"),
                    "title": "Project title",
                    "description": "Project description",
                    "projectUrl": "https://project.example.org/home",
                    "technologiesUsed": ["Project tech"],
                    "additionalData": {"users": "Ten thousand users"},
                }
            ],
        },
        "achievements": {
            "sectionTitle": "Awards",
            "achievements": [
                {
                    **_hints("ach"),
                    "value": "Achievement headline",
                    "label": "Patent",
                    "contextOrDetail": "Achievement context",
                    "timeframe": "Spring 2020",
                    "additionalData": {"number": "US-123"},
                }
            ],
        },
        "certifications": {
            "sectionTitle": "Licences",
            "certificationItems": [
                {
                    **_hints("cert"),
                    "title": "Certification title",
                    "issuingOrganization": "Issuing body",
                    "issueDate": "Mar 2021",
                    "expirationDate": "Mar 2027",
                    "credentialId": "CRED-42",
                    "verificationUrl": "https://verify.example.org/42",
                    "description": "Certification description",
                    "additionalData": {"level": "Professional tier"},
                }
            ],
        },
        "languages": {
            "sectionTitle": "Spoken languages",
            "languageItems": [
                {
                    **_hints("lang"),
                    "language": "Portuguese",
                    "proficiency": "C1",
                    "certification": "CAPLE certificate",
                    "additionalData": {"learnt": "Lived in Lisbon"},
                }
            ],
        },
        "courses": {
            "sectionTitle": "Training",
            "courseItems": [
                {
                    **_hints("course"),
                    "title": "Course title",
                    "institution": "Course school",
                    "year": "2019",
                    "dateRange": {
                        "startDate": "Feb 2019",
                        "endDate": "Apr 2019",
                        "isCurrent": False,
                    },
                    "certificateNumber": "CN-7",
                    "certificateUrl": "https://certs.example.org/7",
                    "description": "Course description",
                    "additionalData": {"hours": "40 hours"},
                }
            ],
        },
        "volunteer": {
            "sectionTitle": "Giving back",
            "volunteerItems": [
                {
                    **_hints("vol", "timeline"),
                    "role": "Volunteer role",
                    "organization": "Charity org",
                    "description": "Volunteer description",
                    "dateRange": {"startDate": "2015", "endDate": "Ongoing", "isCurrent": True},
                    "location": place("vol"),
                    "responsibilities": ["Volunteer duty"],
                    "impactMetrics": {"Meals served": "12,000", "Volunteers trained": "35"},
                    "commitment": "Weekends",
                    "additionalData": {"cause": "Food security"},
                }
            ],
        },
        "publications": {
            "sectionTitle": "Papers",
            "publications": [
                {
                    **_hints("pub"),
                    "title": "Publication title",
                    "authors": ["Author One", "Author Two"],
                    "publicationType": "Journal article",
                    "journalName": "Journal name",
                    "conferenceName": "Conference name",
                    "publicationDate": "2022",
                    "doi": "10.1234/abcd.5678",
                    "publicationUrl": "https://papers.example.org/5678",
                    "abstract": "Publication abstract",
                    "description": "Publication description",
                    "additionalData": {"citations": "120 citations"},
                }
            ],
        },
        "speaking": {
            "sectionTitle": "Talks",
            "speakingEngagements": [
                {
                    **_hints("talk", "video"),
                    "title": "Talk title",
                    "eventName": "Event name",
                    "topic": "Talk topic",
                    "date": "Oct 2023",
                    "venue": "Venue hall",
                    "role": "Keynote speaker",
                    "eventUrl": "https://event.example.org/",
                    "presentationUrl": "https://slides.example.org/talk",
                    "audienceSize": 300,
                    "description": "Talk description",
                    "additionalData": {"language": "Given in English"},
                }
            ],
        },
        "hobbies": {
            "sectionTitle": "Outside work",
            "hobbyItems": [
                {
                    **_hints("hobby", "images"),
                    "title": "Hobby title",
                    "description": "Hobby description",
                    "additionalData": {"club": "Hobby club"},
                }
            ],
            "hobbies": ["Loose hobby"],
        },
    }
