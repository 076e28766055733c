"""Fixtures for the CV document tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

FULL_DOCUMENT: dict[str, Any] = {
    "hero": {
        "fullName": "Eleanor Vance",
        "professionalTitle": "Senior Data Scientist",
        "profilePhotoUrl": "https://example.com/me.jpg",
    },
    "contact": {
        "email": "eleanor@example.com",
        "phone": "+44 20 7946 0958",
        "location": {"city": "London", "state": None, "country": "United Kingdom"},
        "professionalLinks": [
            {"platform": "LinkedIn", "url": "https://linkedin.com/in/evance"},
            {"platform": "GitHub", "url": "https://github.com/evance"},
        ],
        "availability": "Immediately",
        "placeOfBirth": "Leeds",
        "nationality": "British",
        "drivingLicense": "B",
        "dateOfBirth": "12/03/1988",
        "maritalStatus": "Married",
        "visaStatus": "EU Settled Status",
    },
    "summary": {
        "summaryText": "Data scientist with 10 years of experience in NLP.",
        "additionalData": {
            "yearsOfExperience": 10,
            "keySpecializations": ["NLP", "Forecasting"],
            "careerHighlights": ["Led a team of 8"],
        },
    },
    "experience": {
        "sectionTitle": "Professional Experience",
        "experienceItems": [
            {
                "jobTitle": "Lead Data Scientist",
                "companyName": "Acme Analytics",
                "location": {"city": "London", "state": None, "country": "UK"},
                "dateRange": {"startDate": "Sep 2020", "endDate": "Present", "isCurrent": True},
                "duration": "4 yrs",
                "responsibilitiesAndAchievements": ["Built the churn model", "Cut costs 20%"],
                "technologiesUsed": ["Python", "Spark"],
                "employmentType": "Full-time",
                "remoteWork": "Hybrid",
                "viewMode": "timeline",
                "textVariant": "detailed",
                "additionalData": {"teamSize": "8"},
            },
            {
                "jobTitle": "Data Analyst",
                "companyName": "Beta Ltd",
                "dateRange": {"startDate": "2016", "endDate": "2020", "isCurrent": False},
                "responsibilitiesAndAchievements": ["Reporting"],
            },
        ],
    },
    "education": {
        "sectionTitle": "Education",
        "educationItems": [
            {
                "institution": "University of Oxford",
                "degree": "MSc",
                "fieldOfStudy": "Statistics",
                "dateRange": {"startDate": "2014", "endDate": "2015"},
                "description": "Thesis on Bayesian methods",
                "gpa": "Distinction",
                "honors": ["Dean's list"],
                "minors": ["Philosophy"],
                "relevantCoursework": ["Time series"],
                "exchangePrograms": ["ETH Zürich"],
                "location": {"city": "Oxford"},
            }
        ],
    },
    "skills": {
        "sectionTitle": "Skills",
        "description": "Tools I use daily",
        "skillCategories": [
            {"categoryName": "Languages", "skills": ["Python", "R", "SQL"]},
            {"categoryName": "Empty group", "skills": []},
        ],
        "ungroupedSkills": ["Leadership", "Communication"],
        "proficiencyIndicators": {"Python": "Expert", "Leadership": "Advanced"},
    },
    "projects": {
        "sectionTitle": "Projects",
        "projectItems": [
            {
                "title": "Open forecasting kit",
                "description": "Library for demand forecasting",
                "projectUrl": "https://github.com/evance/ofk",
                "technologiesUsed": ["Python"],
                "viewMode": "github",
                "githubUrl": "https://github.com/evance/ofk",
            }
        ],
    },
    "achievements": {
        "sectionTitle": "Awards",
        "achievements": [
            {
                "value": "Best Paper",
                "label": "Award",
                "contextOrDetail": "ACL",
                "timeframe": "2021",
            },
            {"value": "US Patent 1,234", "label": "Patent", "timeframe": "Spring 2019"},
        ],
    },
    "certifications": {
        "sectionTitle": "Certifications",
        "certificationItems": [
            {
                "title": "AWS Certified ML",
                "issuingOrganization": "Amazon",
                "issueDate": "03/2021",
                "expirationDate": "03/2024",
                "credentialId": "ABC-123",
                "verificationUrl": "https://aws.example/verify",
                "description": "Specialty",
            }
        ],
    },
    "languages": {
        "sectionTitle": "Languages",
        "languageItems": [
            {"language": "English", "proficiency": "Native"},
            {"language": "Deutsch", "proficiency": "B2", "certification": "Goethe B2"},
        ],
    },
    "courses": {
        "sectionTitle": "Courses",
        "courseItems": [
            {
                "title": "Deep Learning",
                "institution": "Coursera",
                "year": "2018",
                "certificateNumber": "X1",
                "certificateUrl": "https://coursera.example/x1",
            }
        ],
    },
    "volunteer": {
        "sectionTitle": "Volunteering",
        "volunteerItems": [
            {
                "role": "Mentor",
                "organization": "Code Club",
                "description": "Teaching kids",
                "dateRange": {"startDate": "2019", "endDate": None, "isCurrent": True},
                "location": {"city": "London"},
                "responsibilities": ["Weekly sessions"],
                "impactMetrics": {"students": "40"},
                "commitment": "2h/week",
            }
        ],
    },
    "publications": {
        "sectionTitle": "Publications",
        "publications": [
            {
                "title": "Forecasting at scale",
                "authors": ["E. Vance", "J. Doe"],
                "publicationType": "Journal article",
                "journalName": "JMLR",
                "publicationDate": "2022",
                "doi": "10.1000/xyz",
                "publicationUrl": "https://jmlr.example/1",
                "abstract": "We study forecasting.",
            }
        ],
    },
    "speaking": {
        "sectionTitle": "Talks",
        "speakingEngagements": [
            {
                "title": "NLP in production",
                "eventName": "PyData London",
                "date": "June 2023",
                "audienceSize": 300,
                "role": "Speaker",
            }
        ],
    },
    "hobbies": {
        "sectionTitle": "Interests",
        "hobbyItems": [{"title": "Climbing", "description": "Bouldering twice a week"}],
        "hobbies": ["Chess", "بيانو"],
    },
    "unclassified_text": "References available on request.",
    "schemaVersion": 1,
}


@pytest.fixture
def full_document() -> dict[str, Any]:
    """A document using every section (a fresh copy per test)."""
    return copy.deepcopy(FULL_DOCUMENT)
