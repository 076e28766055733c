"""The CV photo in a site: copied in as a content-addressed asset; other hosts never loaded."""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
from PIL import Image

from builder.render import render_site
from r2w.cvdoc import validate_document
from tests.builder.conftest import parse_html, render
from tests.builder.factories import full_document, make_spec, minimal_document

BASE = "https://jane.example.org/"


def webp(colour: str = "teal") -> bytes:
    """A small real WebP photo."""
    out = io.BytesIO()
    Image.new("RGB", (60, 80), colour).save(out, "WEBP")
    return out.getvalue()


def rendered(document: dict, photo: bytes | None, theme: str = "professional") -> dict:
    files = render_site(validate_document(document), theme, {"baseUrl": BASE}, photo=photo)
    return {f.path: f for f in files}


def loaded_urls(page) -> list[str]:
    """Every URL the browser would fetch on its own: img/script src and link hrefs."""
    urls = [a.get("src") for t, a in page.tags if t in ("img", "script", "source", "iframe")]
    urls += [a.get("href") for t, a in page.tags if t == "link" and a.get("rel") != "canonical"]
    return [u for u in urls if u]


def test_the_photo_becomes_a_content_addressed_asset(theme):
    photo = webp()
    files = rendered(full_document(), photo, theme)

    path = f"assets/photo.{hashlib.sha256(photo).hexdigest()[:12]}.webp"
    assert files[path].data == photo and files[path].content_type == "image/webp"
    page = parse_html(files["index.html"].data)
    assert page.find("img", **{"class": "avatar"})[0]["src"] == path
    metas = {a.get("property"): a.get("content") for a in page.find("meta")}
    assert metas["og:image"] == BASE + path
    assert json.loads(page.scripts[0][1])["image"] == BASE + path


def test_a_site_with_a_photo_loads_only_its_own_files(theme):
    page = parse_html(rendered(full_document(), webp(), theme)["index.html"].data)

    urls = loaded_urls(page)
    assert urls and all(not re.match(r"^(?:[a-z]+:)?//", u, re.I) for u in urls), urls


def test_a_photo_link_to_another_host_is_dropped(theme):
    document = minimal_document(hero={"fullName": "Jane", "profilePhotoUrl": "https://x.org/a.jpg"})
    files = render(document, theme, baseUrl=BASE)
    page = files["index.html"].decode()

    assert "x.org" not in page  # neither loaded, nor shown as text, nor in og:image / JSON-LD
    assert parse_html(page).find("img") == []
    assert not any(path.startswith("assets/photo.") for path in files)


def test_a_new_photo_is_a_new_asset_and_the_same_photo_the_same():
    first, again = rendered(minimal_document(), webp()), rendered(minimal_document(), webp())
    other = rendered(minimal_document(), webp("orange"))

    photos = [{p for p in f if p.startswith("assets/photo.")} for f in (first, again, other)]
    assert photos[0] == photos[1] and photos[0] != photos[2]
    assert first["index.html"].data == again["index.html"].data


def test_bytes_that_are_not_webp_are_refused():
    with pytest.raises(ValueError, match="WebP"):
        rendered(minimal_document(), b"<svg onload=alert(1)>" * 3)


def test_cli_copies_the_stored_photo_into_the_site(run_cli, spec_file, storage, storage_url):
    photo = webp()
    storage.put("uploads/cv-1/photo.webp", photo, "image/webp")
    spec = make_spec(minimal_document()) | {"photoKey": "uploads/cv-1/photo.webp"}

    code, lines = run_cli("--spec-file", str(spec_file(spec)), "--storage-url", storage_url)

    assert code == 0, lines
    path = f"assets/photo.{hashlib.sha256(photo).hexdigest()[:12]}.webp"
    assert storage.get_bytes(spec["outputPrefix"] + path) == photo
    assert storage.stat(spec["outputPrefix"] + path).content_type == "image/webp"
    manifest = json.loads(storage.get_bytes(spec["outputPrefix"] + "manifest.json"))
    assert path in manifest["files"]


@pytest.mark.parametrize(
    "key", ["builds/b-1/spec.json", "uploads/cv-1/original.pdf", "uploads/../x/photo.webp", 7]
)
def test_cli_refuses_a_photo_key_outside_the_photo_slot(run_cli, spec_file, storage_url, key):
    spec = make_spec(minimal_document()) | {"photoKey": key}

    code, lines = run_cli("--spec-file", str(spec_file(spec)), "--storage-url", storage_url)

    assert code == 1
    assert lines[-1]["phase"] == "spec" and "photoKey" in lines[-1]["message"]
