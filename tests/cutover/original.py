"""Builds the original system's data as its code wrote it: one SQLite file and an uploads folder.

Layout from the original's documentation: tables users, sessions, cv_uploads and
cv_extraction_cache; files as ``{job_id}{ext}``, ``{anonymous_id}/{job_id}{ext}`` or a folder
``{job_id}/NN_<name>`` of pages; ``{job_id}_extracted.json`` beside some uploads. ``old=True``
makes a database from before the later ``ALTER TABLE … ADD COLUMN`` changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt
from PIL import Image

ANN_PASSWORD = "old-secret-1"
BOB_PASSWORD = "bobs-password"
ANON = "anonymous_0123456789ab"

NEW_USERS = """CREATE TABLE users (user_id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL,
 password_hash TEXT NOT NULL, name TEXT, created_at TEXT NOT NULL, phone TEXT,
 date_of_birth TEXT, location TEXT, active_portfolio_id TEXT, active_portfolio_url TEXT,
 portfolio_created_at TEXT, portfolio_expires_at TEXT)"""
OLD_USERS = """CREATE TABLE users (user_id TEXT PRIMARY KEY, email TEXT UNIQUE NOT NULL,
 password_hash TEXT NOT NULL, name TEXT, created_at TEXT NOT NULL)"""
NEW_CVS = """CREATE TABLE cv_uploads (upload_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,
 job_id TEXT UNIQUE NOT NULL, filename TEXT NOT NULL, file_type TEXT NOT NULL,
 upload_date TEXT NOT NULL, cv_data TEXT, status TEXT DEFAULT 'processing', file_hash TEXT)"""
OLD_CVS = NEW_CVS.replace(", file_hash TEXT)", ")")
SESSIONS = """CREATE TABLE sessions (session_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,
 created_at TEXT NOT NULL)"""
CACHE = """CREATE TABLE cv_extraction_cache (file_hash TEXT PRIMARY KEY, cv_data TEXT NOT NULL,
 extraction_model TEXT NOT NULL, temperature REAL NOT NULL, created_at TEXT NOT NULL,
 confidence_score REAL, access_count INT, last_accessed TEXT NOT NULL)"""


def sha(data: bytes) -> str:
    """Hex SHA-256, as the original stored file_hash."""
    return hashlib.sha256(data).hexdigest()


def quirky_document() -> dict:
    """A cv_data with every documented quirk."""
    return {
        "hero": {"fullName": "Ann Example", "professionalTitle": None},
        "contact": None,
        "education": {
            "educationItems": [
                {
                    "institution": "Technion",
                    "degree": "BSc",
                    "description": "Thesis on graphs. Honors: Cum Laude. GPA: 3.9. "
                    "Location: Haifa, Israel.",
                },
                None,
            ]
        },
        "volunteer": [{"role": "Mentor", "organization": "Code Club"}],
        "hobbies": {"hobbies": ["chess", "climbing"]},
        "unclassified_text": "Driving licence B",
    }


def plain_document(name: str) -> dict:
    """A small valid cv_data."""
    return {"hero": {"fullName": name}, "summary": {"summaryText": f"{name} builds things."}}


@dataclass
class Upload:
    """One cv_uploads row and the files written for it."""

    upload_id: str
    user_id: str
    job_id: str
    filename: str
    file_type: str
    cv_data: str | None
    status: str
    files: dict[str, bytes]  # relative path -> bytes, in page order
    file_hash: str | None = None


@dataclass
class Original:
    """The built database and folder, and the ids tests look for."""

    db_path: Path
    uploads: Path
    users: dict[str, str] = field(default_factory=dict)  # label -> user_id
    cvs: dict[str, Upload] = field(default_factory=dict)  # label -> upload
    orphans: dict[str, bytes] = field(default_factory=dict)


def _uid(label: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"r2w-test-user:{label}"))


def _photo(shade: int) -> bytes:
    """A small JPEG, as a phone photo of one CV page would be."""
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (shade, shade, shade)).save(out, "JPEG")
    return out.getvalue()


def _bcrypt(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()


def _users(old: bool) -> list[dict]:
    ann_hash = _bcrypt(ANN_PASSWORD)
    rows = [
        ("ann", "Ann@Example.com", ann_hash, "Ann Example", "2021-01-01T10:00:00"),
        ("ann_twin", "ann@example.com", ann_hash, None, "2022-05-01T10:00:00"),
        ("bob", "bob@example.com", sha(BOB_PASSWORD.encode()), "Bob Sha", "2020-03-01T09:00:00"),
        ("bob_twin", "BOB@example.com", _bcrypt("other-pw-1"), "Bob Two", "2023-01-01T09:00:00"),
        ("carol", "carol@example.com", sha(uuid.uuid4().bytes), "Carol\x00 Google", "2022-02-02"),
    ]
    users = []
    for label, email, password_hash, name, created in rows:
        row = {"label": label, "user_id": _uid(label), "email": email,
               "password_hash": password_hash, "name": name, "created_at": created}  # fmt: skip
        if not old:
            row["phone"] = "+972 50 000 0000" if label == "ann" else None
            row["active_portfolio_url"] = "http://localhost:4001" if label == "ann" else None
        users.append(row)
    return users


def _uploads(users: dict[str, str], old: bool) -> dict[str, Upload]:
    pdf = b"%PDF-1.4\n% Ann's CV\n" + bytes(range(256)) * 40
    pages = [_photo(shade) for shade in (40, 120, 200)]
    cached_pdf = b"%PDF-1.4\n% cached\n"
    made = {
        "ann_pdf": Upload("u-ann-pdf", users["ann"], "job-ann-pdf", "Ann CV.pdf", ".pdf",
                          json.dumps(quirky_document()), "completed", {"job-ann-pdf.pdf": pdf}),
        "ann_pages": Upload("u-ann-pages", users["ann"], "job-ann-pages", "phone photos", ".jpg",
                            None, "processing",
                            {"job-ann-pages/01_p1.jpg": pages[0],
                             "job-ann-pages/02_p2.jpg": pages[1],
                             "job-ann-pages/10_p10.jpg": pages[2]}),
        "ann_twin_txt": Upload("u-twin-txt", users["ann_twin"], "job-twin-txt", "cv.txt", ".txt",
                               json.dumps(plain_document("Ann")), "completed",
                               {"job-twin-txt.txt": b"Ann Example\nEngineer\n"}),
        "bob_twin_cv": Upload("u-bob2", users["bob_twin"], "job-bob2", "bob.pdf", ".pdf",
                              json.dumps(plain_document("Bob Two")), "completed",
                              {"job-bob2.pdf": b"%PDF-1.4 bob two"}),
        "carol_doc_only": Upload("u-carol-1", users["carol"], "job-carol-1", "carol.pdf", ".pdf",
                                 json.dumps(plain_document("Carol")), "completed", {}),
        "carol_nothing": Upload("u-carol-2", users["carol"], "job-carol-2", "gone.pdf", ".pdf",
                                "{not json", "failed", {}),
        "carol_corrupt": Upload("u-carol-3", users["carol"], "job-carol-3", "c.docx", ".docx",
                                '{"hero": {"fullName": 5}, "bogus": 1}', "completed",
                                {"job-carol-3.docx": b"PK\x03\x04 docx bytes"}),
        "carol_mismatch": Upload("u-carol-4", users["carol"], "job-carol-4", "m\x00\x07.pdf",
                                 ".pdf",
                                 json.dumps(plain_document("Carol")), "completed",
                                 {"job-carol-4.pdf": b"%PDF-1.4 changed after upload"},
                                 file_hash="0" * 64),
        "carol_extracted": Upload("u-carol-5", users["carol"], "job-carol-5", "e.pdf", ".pdf",
                                  "[1, 2]", "completed", {"job-carol-5.pdf": b"%PDF-1.4 e"}),
        "carol_cached": Upload("u-carol-6", users["carol"], "job-carol-6", "k.pdf", ".pdf",
                               None, "uploaded", {"job-carol-6.pdf": cached_pdf}),
        "anon": Upload("u-anon", ANON, "job-anon", "anon.pdf", ".pdf",
                       json.dumps(plain_document("Anon")), "completed",
                       {f"{ANON}/job-anon.pdf": b"%PDF-1.4 anonymous"}),
        "no_owner": Upload("u-ghost", _uid("ghost"), "job-ghost", "g.pdf", ".pdf", None,
                           "completed", {"job-ghost.pdf": b"%PDF-1.4 ghost"}),
    }  # fmt: skip
    for upload in made.values():
        if upload.file_hash is None and upload.files and not old:
            upload.file_hash = sha(next(iter(upload.files.values())))
        if old:
            upload.file_hash = None
    return made


def build_original(root: Path, *, old: bool = False) -> Original:
    """Write an original-format database and uploads folder under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    original = Original(root / "resume2website.db", root / "uploads")
    original.uploads.mkdir()
    conn = sqlite3.connect(original.db_path)
    conn.execute(OLD_USERS if old else NEW_USERS)
    conn.execute(OLD_CVS if old else NEW_CVS)
    conn.execute(SESSIONS)
    for row in _users(old):
        original.users[row.pop("label")] = row["user_id"]
        conn.execute(
            f"INSERT INTO users ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        conn.execute(
            "INSERT INTO sessions VALUES (?, ?, ?)",
            (str(uuid.uuid4()), row["user_id"], row["created_at"]),
        )
    original.cvs = _uploads(original.users, old)
    for upload in original.cvs.values():
        values = [upload.upload_id, upload.user_id, upload.job_id, upload.filename]
        values += [upload.file_type, "2024-01-02T03:04:05", upload.cv_data, upload.status]
        if not old:
            values.append(upload.file_hash)
        conn.execute(f"INSERT INTO cv_uploads VALUES ({', '.join('?' * len(values))})", values)
        for relative, data in upload.files.items():
            path = original.uploads / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    extracted = original.uploads / "job-carol-5_extracted.json"
    extracted.write_text(json.dumps(plain_document("Carol from extracted")))
    if not old:
        conn.execute(CACHE)
        cached = sha(original.cvs["carol_cached"].files["job-carol-6.pdf"])
        entries = [
            (cached, json.dumps(plain_document("Carol from cache"))),
            (original.cvs["ann_pdf"].file_hash, json.dumps(quirky_document())),
            ("f" * 64, json.dumps(plain_document("Nobody"))),
        ]
        for file_hash, data in entries:
            conn.execute(
                "INSERT INTO cv_extraction_cache VALUES (?, ?, 'gpt-4o', 0.1, '2024-01-01', 0.9,"
                " 3, '2024-02-01')",
                (file_hash, data),
            )
    conn.commit()
    conn.close()
    original.orphans = {
        "stray.pdf": b"%PDF-1.4 stray",
        "deadjob_extracted.json": b'{"hero": {}}',
        "anonymous_ffffffffffff/old.pdf": b"%PDF-1.4 old anon",
    }
    for relative, data in original.orphans.items():
        path = original.uploads / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return original
