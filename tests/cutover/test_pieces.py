"""The import's pieces on their own: documents, passwords, case twins, file layouts."""

from __future__ import annotations

import io
import json

import bcrypt
import pytest
from PIL import Image

from r2w.auth.passwords import hash_password, needs_rehash, verify_password
from r2w.cutover.documents import Unusable, convert, split_education_description
from r2w.cutover.originals import SourceFile, UploadsFolder, hash_matches
from r2w.cutover.people import carried_password, decide_twins, stable_id
from r2w.cutover.stored import join_images


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        (
            "Thesis. Honors: Cum Laude. GPA: 3.9. Location: Haifa, Israel.",
            {"description": "Thesis.", "honors": ["Cum Laude"], "gpa": "3.9",
             "location": {"city": "Haifa", "state": None, "country": "Israel"}},
        ),
        ("GPA: 4.0", {"description": None, "gpa": "4.0"}),
        (
            "Location: Austin, TX, USA.",
            {"description": None, "location": {"city": "Austin", "state": "TX", "country": "USA"}},
        ),
        ("No appended fields here.", {"description": "No appended fields here."}),
    ],
)  # fmt: skip
def test_appended_education_text_goes_back_into_its_fields(description, expected):
    assert split_education_description({"description": description}) == expected


def test_appended_text_never_overwrites_a_field_that_has_a_value():
    item = {"description": "Honors: Dean's list. GPA: 3.1.", "gpa": "3.8"}

    result = split_education_description(item)

    assert result["gpa"] == "3.8" and result["honors"] == ["Dean's list"]
    assert result["description"] == "GPA: 3.1."  # kept, not lost


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"volunteer": [{"role": "Mentor"}], "hobbies": ["chess"]}),
        json.dumps({"hero": None, "contact": {"email": None}, "skills": None}),
        json.dumps({"unclassified_text": ["line one", "line two"]}),
        json.dumps({"experience": {"experienceItems": [None, {"jobTitle": "Dev"}]}}),
    ],
)
def test_quirky_documents_become_valid(raw):
    document = convert(raw)
    assert document["schemaVersion"] == 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (None, "no document"),
        ("", "no document"),
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"hero": {"fullName": 7}}), "hero.fullName"),
        (json.dumps({"made_up_section": {}}), "made_up_section"),
    ],
)
def test_unusable_documents_say_why(raw, reason):
    with pytest.raises(Unusable, match=reason.replace(".", r"\.")):
        convert(raw)


def test_a_bcrypt_hash_verifies_and_asks_to_be_upgraded():
    old = bcrypt.hashpw(b"old-secret-1", bcrypt.gensalt(rounds=4)).decode()

    assert verify_password(old, "old-secret-1")
    assert not verify_password(old, "old-secret-2")
    assert needs_rehash(old) and not needs_rehash(hash_password("x" * 12))


def test_bcrypt_uses_the_first_72_bytes_as_passlib_did():
    secret = "é" * 40  # 80 bytes in UTF-8
    old = bcrypt.hashpw(secret.encode()[:72], bcrypt.gensalt(rounds=4)).decode()

    assert verify_password(old, secret)


@pytest.mark.parametrize(
    ("stored", "kept"),
    [("$2b$12$" + "a" * 53, True), ("$2a$12$" + "a" * 53, True), ("ab" * 32, False), ("", False)],
)
def test_only_bcrypt_hashes_are_carried_over(stored, kept):
    assert (carried_password(stored) is not None) is kept


def test_case_twins_merge_only_when_safe():
    group = [
        {"user_id": "a", "email": "Ann@x.com", "password_hash": "h1", "cvs": 2},
        {"user_id": "b", "email": "ann@x.com", "password_hash": "h1", "cvs": 1},
        {"user_id": "c", "email": "ANN@x.com", "password_hash": "h2", "cvs": 0},
        {"user_id": "d", "email": "aNN@x.com", "password_hash": "h3", "cvs": 4},
    ]

    decisions = decide_twins(group)

    assert [decisions[k].merge for k in "bcd"] == [True, True, False]
    assert all(d.primary_id == "a" for d in decisions.values())
    assert "kept aside" in decisions["d"].reason


def test_ids_are_stable_across_runs():
    user = "5d41402a-bc4b-4a76-b971-9d911017c592"
    assert stable_id("user", user) == "5d41402abc4b4a76b9719d911017c592"
    assert stable_id("cv", "u1") == stable_id("cv", "u1") != stable_id("cv", "u2")


def test_pages_come_in_numeric_order_and_ids_cannot_leave_the_folder(tmp_path):
    (tmp_path / "up" / "job").mkdir(parents=True)
    for name in ("10_c.jpg", "2_b.jpg", "01_a.jpg"):
        (tmp_path / "up" / "job" / name).write_bytes(name.encode())
    (tmp_path / "secret.pdf").write_bytes(b"outside")
    folder = UploadsFolder(tmp_path / "up")
    row = {"job_id": "job", "file_type": ".jpg", "user_id": "u", "filename": "x"}

    files = folder.locate(row)

    assert [f.name for f in files] == ["a.jpg", "b.jpg", "c.jpg"]
    assert hash_matches(files[1].sha256, files) is True and hash_matches("0" * 64, files) is False
    assert folder.locate({**row, "job_id": "../secret", "file_type": ".pdf"}) == []
    assert folder.locate({**row, "job_id": "..", "file_type": ""}) == []


def _page(folder, name: str, data: bytes):
    path = folder / name
    path.write_bytes(data)
    return SourceFile(path, name, "", len(data), name.split("_", 1)[1])


def test_image_pages_join_into_one_pdf_others_do_not(tmp_path):
    photo = io.BytesIO()
    Image.new("RGB", (30, 40), (90, 90, 90)).save(photo, "JPEG")
    one, two = (
        _page(tmp_path, "01_a.jpg", photo.getvalue()),
        _page(tmp_path, "02_b.jpg", photo.getvalue()),
    )

    joined = join_images([one, two])

    assert joined.startswith(b"%PDF") and joined.count(b"/Type /Page\n") == 2
    assert join_images([one, _page(tmp_path, "02_b.docx", b"PK")]) is None
    assert join_images([one, _page(tmp_path, "02_c.jpg", b"not a jpeg")]) is None
