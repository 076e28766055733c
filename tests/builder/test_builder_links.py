"""Links that look finished: networks named with an icon, item URLs as links, menu targets."""

from __future__ import annotations

import copy

import pytest

from builder.networks import describe_link
from tests.builder.conftest import parse_html, render
from tests.builder.factories import minimal_document

LINKS = [
    (
        {"platform": "linkedin", "url": "linkedin.com/in/jane"},
        "https://linkedin.com/in/jane",
        "LinkedIn",
        "linkedin",
    ),
    (
        {"platform": None, "url": "https://www.github.com/jane"},
        "https://www.github.com/jane",
        "GitHub",
        "github",
    ),
    (
        {"platform": "GitLab", "url": "gitlab.com/jane"},
        "https://gitlab.com/jane",
        "GitLab",
        "gitlab",
    ),
    (
        {"platform": "twitter", "url": "twitter.com/jane"},
        "https://twitter.com/jane",
        "X (Twitter)",
        "x",
    ),
    ({"platform": None, "url": "x.com/jane"}, "https://x.com/jane", "X (Twitter)", "x"),
    (
        {"platform": "stack overflow", "url": "stackoverflow.com/users/1/jane"},
        "https://stackoverflow.com/users/1/jane",
        "Stack Overflow",
        "stackoverflow",
    ),
    ({"platform": None, "url": "alexchen.dev"}, "https://alexchen.dev", "alexchen.dev", "website"),
    (
        {"platform": "website", "url": "https://jane.example.org/work/"},
        "https://jane.example.org/work/",
        "jane.example.org/work",
        "website",
    ),
    (
        {"platform": "portfolio", "url": "jane.design"},
        "https://jane.design",
        "jane.design",
        "website",
    ),
    ({"platform": "resume.io", "url": None}, "https://resume.io", "resume.io", "website"),
]


@pytest.mark.parametrize(("link", "href", "label", "kind"), LINKS)
def test_a_link_is_named_by_its_network(link, href, label, kind):
    described = describe_link(link)

    assert (described["href"], described["label"], described["kind"]) == (href, label, kind)
    assert str(described["icon"]).startswith('<svg class="net-icon"')


def test_contact_links_show_names_and_inline_icons_and_the_document_keeps_its_text(theme):
    links = [link for link, *_ in LINKS]
    document = minimal_document(contact={"professionalLinks": links})
    before = copy.deepcopy(document)

    page = parse_html(render(document, theme)["index.html"])

    anchors = [a for t, a in page.tags if t == "a" and (a.get("class") or "") == "net-link"]
    assert [a["href"] for a in anchors] == [href for _, href, *_ in LINKS]
    for _, _, label, kind in LINKS:
        assert page.find(
            "li",
            **{"class": f"contact-list__item contact-list__item--link contact-list__item--{kind}"},
        )
        assert label in page.text
    icons = page.find("svg", **{"class": "net-icon"})
    assert len(icons) == len(LINKS) and all(i["aria-hidden"] == "true" for i in icons)
    assert not page.find("img") and not page.find("use")  # nothing fetched for an icon
    assert document == before


def test_a_link_that_is_no_address_stays_text():
    page = parse_html(
        render(minimal_document(contact={"professionalLinks": [{"platform": "linkedin"}]}))[
            "index.html"
        ]
    )

    assert not [a for t, a in page.tags if t == "a" and a.get("class") == "net-link"]
    assert "linkedin" in page.text


def test_project_certificate_and_publication_urls_are_full_links(theme):
    document = minimal_document(
        projects={"projectItems": [{"title": "Tool", "projectUrl": "github.com/jane/tool"}]},
        certifications={
            "certificationItems": [{"title": "Cert", "verificationUrl": "verify.example.org/1"}]
        },
        publications={"publications": [{"title": "Paper", "publicationUrl": "arxiv.org/abs/1"}]},
    )

    hrefs = {a.get("href") for a in parse_html(render(document, theme)["index.html"]).find("a")}

    assert {
        "https://github.com/jane/tool",
        "https://verify.example.org/1",
        "https://arxiv.org/abs/1",
    } <= hrefs


def test_every_menu_target_exists_and_contact_points_at_the_contact_section(theme):
    document = minimal_document(
        contact={"email": "jane@example.org"}, summary={"summaryText": "Hello."}
    )
    page = parse_html(render(document, theme)["index.html"])

    menu = [a["href"] for a in page.find("a") if (a.get("href") or "").startswith("#")][1:]
    ids = {a["id"] for _, a in page.tags if a.get("id")}
    assert menu == ["#summary", "#contact"]
    assert {href[1:] for href in menu} <= ids
    assert page.find("section", id="contact")[0]["class"] == "contact"
