"""Test data for the web pages: a realistic CV document (every section has something in it)."""

from __future__ import annotations

from typing import Any


def _job(title: str, company: str, city: str, start: str, end: str, bullets: list[str]) -> dict:
    return {
        "jobTitle": title,
        "companyName": company,
        "location": {"city": city, "state": "WA" if city == "Seattle" else "CA", "country": None},
        "dateRange": {"startDate": start, "endDate": end, "isCurrent": end == "Present"},
        "responsibilitiesAndAchievements": bullets,
        "technologiesUsed": [],
    }


def cv_document() -> dict[str, Any]:
    """Alexandra Chen's CV (from the sample text CV), with every section filled in."""
    return {
        "schemaVersion": 1,
        "hero": {
            "fullName": "Alexandra Chen",
            "professionalTitle": "Senior Product Manager | Digital Innovation Leader",
        },
        "contact": {
            "email": "alexandra.chen@email.com",
            "phone": "+1 (555) 987-6543",
            "location": {"city": "Seattle", "state": "WA"},
            "professionalLinks": [
                {"platform": "LinkedIn", "url": "linkedin.com/in/alexandrachen"},
                {"platform": "Portfolio", "url": "alexchen.dev"},
            ],
        },
        "summary": {
            "summaryText": "Results-driven Senior Product Manager with 12 years of experience.",
            "additionalData": {"yearsOfExperience": 12, "keySpecializations": ["B2B", "B2C"]},
        },
        "experience": {
            "experienceItems": [
                _job(
                    "VP of Product Management",
                    "TechVision Corp",
                    "Seattle",
                    "March 2020",
                    "Present",
                    ["Increased platform revenue by 275%", "Led 25 PMs across 4 product lines"],
                ),
                _job(
                    "Senior Product Manager",
                    "InnovateLabs",
                    "San Francisco",
                    "June 2016",
                    "February 2020",
                    ["Launched an analytics platform serving 2M+ daily active users"],
                ),
            ]
        },
        "education": {
            "educationItems": [
                {"institution": "Stanford University", "degree": "MBA", "gpa": "3.95/4.0"},
                {
                    "institution": "MIT",
                    "degree": "BS Computer Science",
                    "honors": ["Summa Cum Laude"],
                },
            ]
        },
        "skills": {
            "skillCategories": [
                {"categoryName": "Technical", "skills": ["SQL", "Python", "JavaScript"]},
                {"categoryName": "Leadership", "skills": ["Team Building", "Agile/Scrum"]},
            ],
            "proficiencyIndicators": {"SQL": "Advanced"},
        },
        "projects": {
            "projectItems": [{"title": "Enterprise Data Platform", "technologiesUsed": ["AWS"]}]
        },
        "achievements": {
            "achievements": [{"value": "Product Leader of the Year", "label": "Award"}]
        },
        "certifications": {
            "certificationItems": [{"title": "CSPO", "issuingOrganization": "Scrum Alliance"}]
        },
        "languages": {"languageItems": [{"language": "Mandarin", "proficiency": "Native"}]},
        "courses": {"courseItems": [{"title": "Machine Learning", "institution": "Coursera"}]},
        "volunteer": {"volunteerItems": [{"role": "Mentor", "organization": "Girls Who Code"}]},
        "publications": {"publications": [{"title": "Product-led growth", "authors": ["A. Chen"]}]},
        "speaking": {
            "speakingEngagements": [{"title": "Scaling product teams", "audienceSize": 400}]
        },
        "hobbies": {"hobbies": ["Hiking", "Photography"]},
    }
