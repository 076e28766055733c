"""Rendering: every value shown, empty sections hidden, hints, metadata, assets, direction."""

from __future__ import annotations

import html
import itertools
import json
import re

import pytest

from builder.context import DEFAULT_TITLES
from r2w.cvdoc import SECTION_KEYS, iter_text_values, validate_document
from tests.builder.conftest import parse_html, render
from tests.builder.factories import full_document, minimal_document, rtl_document

SECTION_IDS = list(SECTION_KEYS[1:])


def index_of(files: dict[str, bytes]) -> str:
    """The decoded index page."""
    return files["index.html"].decode()


def test_every_text_value_appears_in_every_theme(theme):
    page = index_of(render(full_document(), theme))
    unescaped = html.unescape(page)

    values = iter_text_values(full_document())
    missing = [path for path, value in values if value not in unescaped]

    # Unplaced text is never published; a photo link is never shown (only a stored photo is).
    assert missing == ["hero.profilePhotoUrl", "unclassified_text"]
    assert list(iter_text_values(full_document()))  # the walk really yields values


def test_numbers_and_mapping_keys_are_rendered(theme):
    text = parse_html(render(full_document(), theme)["index.html"]).text

    assert re.search(r"12\s+years of experience", text)
    assert re.search(r"Audience\s*300", text)
    for shown in ("Meals served", "Volunteers trained", "Skill A", "Expert level"):
        assert shown in text
    assert "Team size" in text  # additionalData keys are humanised


def test_all_sections_render_in_schema_order(theme):
    page = parse_html(render(full_document(), theme)["index.html"])

    ids = [a["id"] for tag, a in page.tags if tag == "section"]
    nav = [a["href"] for a in page.find("a") if (a.get("href") or "").startswith("#")]

    assert ids == SECTION_IDS
    # The menu follows the page, with Contact (in the header) last; every target exists.
    assert nav == ["#main"] + [f"#{key}" for key in SECTION_IDS[1:]] + ["#contact"]
    assert {href[1:] for href in nav} <= {a["id"] for _, a in page.tags if a.get("id")}


def test_empty_sections_are_hidden(theme):
    doc = minimal_document(
        skills={"sectionTitle": "Skills title", "ungroupedSkills": [""]},
        experience={"experienceItems": [{"viewMode": "timeline", "hasLink": True}]},
        languages={"languageItems": [{"language": "Welsh"}]},
    )
    page = parse_html(render(doc, theme)["index.html"])

    assert [a["id"] for tag, a in page.tags if tag == "section"] == ["languages"]
    assert "Skills title" not in page.text
    assert DEFAULT_TITLES["experience"] not in page.text


def test_empty_document_still_renders_a_page(theme):
    page = parse_html(render(validate_document({}), theme)["index.html"])

    assert page.find("h1") and page.find("main")
    assert not page.find("section")


def test_landmarks_and_heading_levels(theme):
    page = parse_html(render(full_document(), theme)["index.html"])
    tags = [tag for tag, _ in page.tags]

    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in tags
    assert tags.count("h1") == 1
    headings = [int(t[1]) for t in tags if re.fullmatch(r"h[1-6]", t)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))
    assert page.find("a", href="#main")[0]["class"] == "skip-link"
    assert all(img.get("alt") for img in page.find("img"))


def test_display_hints_are_honoured():
    page = index_of(render(full_document()))
    parsed = parse_html(page)
    classes = " ".join(a.get("class") or "" for _, a in parsed.tags)

    assert "entry--timeline" in classes and "entry--simple" in classes
    assert "bullets--simple" in classes
    hrefs = {a.get("href") for a in parsed.find("a")}
    assert {"https://example.org/job1/link", "https://github.com/example/proj"} <= hrefs
    assert "https://video.example.org/talk" in hrefs
    # An item's image on another host is a link, never loaded by the page.
    assert "https://img.example.org/hobby.png" in hrefs
    assert parsed.find("img") == []


def test_has_link_false_hides_the_link():
    item = {"title": "Quiet project", "hasLink": False, "linkUrl": "https://hidden.example.org/"}
    page = index_of(render(minimal_document(projects={"projectItems": [item]})))

    assert "hidden.example.org" not in page


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("vbscript:msgbox(1)", None),
        ("//evil.example.com/x", None),
        ("example.org/work", "https://example.org/work"),
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2"),
    ],
)
def test_project_urls_are_sanitised(url, href):
    doc = minimal_document(projects={"projectItems": [{"title": "P", "projectUrl": url}]})
    parsed = parse_html(render(doc)["index.html"])
    links = [a["href"] for a in parsed.find("a", **{"class": "link"})]

    assert links == ([href] if href else [])
    if href is None:
        assert url in parsed.text  # refused URLs are still shown, as inert text


def test_contact_links():
    page = parse_html(render(full_document())["index.html"])
    hrefs = [a["href"] for a in page.find("a")]

    assert "mailto:jane@example.org" in hrefs
    assert "tel:+442079460000" in hrefs
    assert "https://linkedin.com/in/jane-example" in hrefs
    assert page.find("a", href="https://github.com/jane-example")[0]["rel"] == "me noopener"


def test_head_metadata_and_json_ld():
    files = render(full_document(), "executive", baseUrl="https://jane.example.org/")
    page = parse_html(files["index.html"])
    metas = {(a.get("name") or a.get("property")): a.get("content") for a in page.find("meta")}

    assert page.text.strip().startswith("Jane Example — Principal Engineer")
    assert metas["description"] == "Summary paragraph one. Summary paragraph two."
    assert metas["og:title"] == "Jane Example — Principal Engineer"
    assert metas["og:url"] == "https://jane.example.org/"
    assert "og:image" not in metas  # the photo is a link to another host: never referenced
    assert page.find("link", rel="canonical")[0]["href"] == "https://jane.example.org/"
    (attrs, body), *others = page.scripts
    assert others == [] and attrs == {"type": "application/ld+json"}
    person = json.loads(body)
    assert person["@type"] == "Person" and person["name"] == "Jane Example"
    assert person["worksFor"]["name"] == "Company 1"
    assert "https://github.com/jane-example" in person["sameAs"]


def test_long_summary_is_shortened_only_in_meta_description():
    summary = "word " * 100
    page = parse_html(render(minimal_document(summary={"summaryText": summary}))["index.html"])
    description = page.find("meta", name="description")[0]["content"]

    assert len(description) <= 160 and description.endswith("…")
    assert summary.strip() in page.text


def test_site_title_option_wins():
    page = parse_html(render(full_document(), siteTitle="My site")["index.html"])
    assert page.find("meta", property="og:title")[0]["content"] == "My site"


def test_assets_are_relative_hashed_and_listed(theme):
    files = render(full_document(), theme)
    page = parse_html(files["index.html"])
    css = [a["href"] for a in page.find("link", rel="stylesheet")]
    icons = [a["href"] for a in page.find("link", rel="icon")]

    assert len(css) == 1 and re.fullmatch(rf"assets/{theme}\.[0-9a-f]{{12}}\.css", css[0])
    for href in css + icons:
        assert href in files  # relative path of a file in the site, no scheme or host
    assert not [a for a, _ in page.scripts if a.get("src")]
    css_text = files[css[0]].decode()
    assert "@media print" in css_text and "url(" not in css_text and "@import" not in css_text
    not_found = parse_html(files["404.html"])
    assert [a["href"] for a in not_found.find("link", rel="stylesheet")] == css


def test_lang_and_direction():
    rtl = parse_html(render(rtl_document())["index.html"])
    ltr = parse_html(render(full_document())["index.html"])
    forced = parse_html(render(full_document(), lang="fr-CA")["index.html"])
    hebrew = parse_html(render(full_document(), lang="he")["index.html"])

    assert rtl.find("html")[0] == {"lang": "ar", "dir": "rtl"}
    assert ltr.find("html")[0] == {"lang": "en", "dir": "ltr"}
    assert forced.find("html")[0] == {"lang": "fr-CA", "dir": "ltr"}
    assert hebrew.find("html")[0]["dir"] == "rtl"
    assert all(a.get("dir") == "auto" for a in rtl.find("h3"))


def test_rendering_is_deterministic(theme):
    assert render(full_document(), theme) == render(full_document(), theme)
    assert render(full_document(), theme) != render(rtl_document(), theme)


def test_nested_additional_data_is_rendered_in_full():
    extra = {"teamSize": 12, "remote": True, "stack": ["Go", {"db": "Postgres"}], "x_y": None}
    item = {"title": "Nested", "additionalData": extra}
    text = parse_html(
        render(minimal_document(projects={"projectItems": [item]}))["index.html"]
    ).text

    for shown in ("Team size", "12", "Remote", "Yes", "Go", "Db", "Postgres"):
        assert shown in text
    assert "X y" not in text  # null facts are left out


def test_unplaced_text_is_never_published(theme):
    files = render(
        full_document() | {"unclassified_text": "Build this template / Pinterest"}, theme
    )

    assert all(b"Pinterest" not in data for data in files.values())
    assert "Leftover text" not in index_of(render(full_document(), theme))
