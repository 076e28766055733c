"""The 15 CV sections with their exact camelCase field names (see docs/cv-schema.md)."""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BeforeValidator, Field

from r2w.cvdoc.types import (
    DERIVED,
    MAX_ITEMS,
    DateRange,
    Int,
    Item,
    Location,
    Model,
    ProfessionalLink,
    Text,
    TextList,
    TextMap,
    none_to_list,
    none_to_model,
)

T = TypeVar("T")
Items = Annotated[list[T], Field(max_length=MAX_ITEMS), BeforeValidator(none_to_list)]
OptLocation = Location | None
OptDateRange = DateRange | None


class Hero(Model):
    """Who the person is, shown at the top of the site."""

    fullName: Text = None
    professionalTitle: Text = None
    profilePhotoUrl: Text = None


class Contact(Model):
    """How to reach the person, plus personal details some CVs carry."""

    email: Text = None
    phone: Text = None
    location: OptLocation = None
    professionalLinks: Items[ProfessionalLink] = Field(default_factory=list)
    availability: Text = None
    placeOfBirth: Text = None
    nationality: Text = None
    drivingLicense: Text = None
    dateOfBirth: Text = None
    maritalStatus: Text = None
    visaStatus: Text = None


class SummaryData(Model):
    """Structured facts stated in the profile summary."""

    yearsOfExperience: Int = None
    keySpecializations: TextList = Field(default_factory=list)
    careerHighlights: TextList = Field(default_factory=list)


class Summary(Model):
    """The profile/summary paragraph."""

    summaryText: Text = None
    additionalData: Annotated[SummaryData, BeforeValidator(none_to_model)] = Field(
        default_factory=SummaryData
    )


class ExperienceItem(Item):
    """One job."""

    jobTitle: Text = None
    companyName: Text = None
    location: OptLocation = None
    dateRange: OptDateRange = None
    duration: Text = Field(
        None, json_schema_extra=DERIVED, description="Derived; only a duration the CV states."
    )
    responsibilitiesAndAchievements: TextList = Field(default_factory=list)
    technologiesUsed: TextList = Field(default_factory=list)
    employmentType: Text = None
    remoteWork: Text = None


class Experience(Model):
    """Work history."""

    sectionTitle: Text = None
    experienceItems: Items[ExperienceItem] = Field(default_factory=list)


class EducationItem(Item):
    """One degree, school or programme."""

    institution: Text = None
    degree: Text = None
    fieldOfStudy: Text = None
    dateRange: OptDateRange = None
    description: Text = None
    gpa: Text = None
    honors: TextList = Field(default_factory=list)
    minors: TextList = Field(default_factory=list)
    relevantCoursework: TextList = Field(default_factory=list)
    exchangePrograms: TextList = Field(default_factory=list)
    location: OptLocation = None


class Education(Model):
    """Education history."""

    sectionTitle: Text = None
    educationItems: Items[EducationItem] = Field(default_factory=list)


class SkillCategory(Item):
    """A named group of skills."""

    categoryName: Text = None
    skills: TextList = Field(default_factory=list)
    description: Text = None


class Skills(Model):
    """Skills, grouped or not, with levels where the CV states them."""

    sectionTitle: Text = None
    description: Text = None
    skillCategories: Items[SkillCategory] = Field(default_factory=list)
    ungroupedSkills: TextList = Field(default_factory=list)
    proficiencyIndicators: TextMap = Field(
        default_factory=dict, description="Skill name -> level, exactly as written."
    )


class ProjectItem(Item):
    """One project."""

    title: Text = None
    description: Text = None
    projectUrl: Text = None
    technologiesUsed: TextList = Field(default_factory=list)


class Projects(Model):
    """Projects."""

    sectionTitle: Text = None
    projectItems: Items[ProjectItem] = Field(default_factory=list)


class AchievementItem(Item):
    """An award, patent, membership or other achievement."""

    value: Text = Field(None, description="The achievement itself (the headline).")
    label: Text = Field(None, description='Its kind: "Award", "Patent", "Membership", ...')
    contextOrDetail: Text = None
    timeframe: Text = None


class Achievements(Model):
    """Awards, patents, memberships."""

    sectionTitle: Text = None
    achievements: Items[AchievementItem] = Field(default_factory=list)


class CertificationItem(Item):
    """One certification or licence."""

    title: Text = None
    issuingOrganization: Text = None
    issueDate: Text = None
    expirationDate: Text = None
    credentialId: Text = None
    verificationUrl: Text = None
    description: Text = None


class Certifications(Model):
    """Certifications and licences."""

    sectionTitle: Text = None
    certificationItems: Items[CertificationItem] = Field(default_factory=list)


class LanguageItem(Item):
    """A spoken language with its level as written."""

    language: Text = None
    proficiency: Text = Field(None, description='Level as written: "B2", "Native", ...')
    certification: Text = None


class Languages(Model):
    """Spoken languages."""

    sectionTitle: Text = None
    languageItems: Items[LanguageItem] = Field(default_factory=list)


class CourseItem(Item):
    """A course or training."""

    title: Text = None
    institution: Text = None
    year: Text = None
    dateRange: OptDateRange = None
    certificateNumber: Text = None
    certificateUrl: Text = None
    description: Text = None


class Courses(Model):
    """Courses and trainings."""

    sectionTitle: Text = None
    courseItems: Items[CourseItem] = Field(default_factory=list)


class VolunteerItem(Item):
    """One volunteering role."""

    role: Text = None
    organization: Text = None
    description: Text = None
    dateRange: OptDateRange = None
    location: OptLocation = None
    responsibilities: TextList = Field(default_factory=list)
    impactMetrics: TextMap = Field(default_factory=dict)
    commitment: Text = None


class Volunteer(Model):
    """Volunteering."""

    sectionTitle: Text = None
    volunteerItems: Items[VolunteerItem] = Field(default_factory=list)


class PublicationItem(Item):
    """A paper, article, book or other publication."""

    title: Text = None
    authors: TextList = Field(default_factory=list)
    publicationType: Text = None
    journalName: Text = None
    conferenceName: Text = None
    publicationDate: Text = None
    doi: Text = None
    publicationUrl: Text = None
    abstract: Text = None
    description: Text = None


class Publications(Model):
    """Publications."""

    sectionTitle: Text = None
    publications: Items[PublicationItem] = Field(default_factory=list)


class SpeakingItem(Item):
    """A talk, panel or other speaking engagement."""

    title: Text = None
    eventName: Text = None
    topic: Text = None
    date: Text = None
    venue: Text = None
    role: Text = None
    eventUrl: Text = None
    presentationUrl: Text = None
    audienceSize: Int = None
    description: Text = None


class Speaking(Model):
    """Speaking engagements."""

    sectionTitle: Text = None
    speakingEngagements: Items[SpeakingItem] = Field(default_factory=list)


class HobbyItem(Item):
    """A hobby with an optional description."""

    title: Text = None
    description: Text = None


class Hobbies(Model):
    """Hobbies and interests."""

    sectionTitle: Text = None
    hobbyItems: Items[HobbyItem] = Field(default_factory=list)
    hobbies: TextList = Field(default_factory=list)
