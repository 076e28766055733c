"""A realistic local r2w to move: rows made through the real models, files in local storage."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import JSON

from r2w.cvdoc import empty_document
from r2w.extensions import db
from r2w.models import (
    CV,
    Build,
    Extraction,
    OAuthIdentity,
    OriginalImport,
    Payment,
    PendingDeletion,
    Portfolio,
    User,
    WebhookEvent,
)
from r2w.services import get_storage

T0 = datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)
UNICODE_NAME = "Zoë Ñúñez-李小龍 🚀"
ENTITLEMENTS = {"publish": True, "since": "2024-03-01", "limits": {"sites": 3, "ratio": 0.5}}
SITE_PREFIX = "sites/" + "ab" * 16 + "/"
EXTRA_USERS = 5
EXTRA_EVENTS = 7


def cv_document() -> dict:
    """A CV document with nested lists, nulls and non-ASCII text."""
    doc = empty_document()
    doc["hero"]["fullName"] = "Ada Lovelace"
    doc["hero"]["professionalTitle"] = "Analyste — machine analytique"
    doc["contact"]["email"] = "ada@example.com"
    doc["contact"]["professionalLinks"] = [{"label": "Site", "url": "https://ada.example"}]
    doc["summary"]["summaryText"] = "Première programmeuse. «Notes» on Bernoulli numbers ∑."
    doc["summary"]["additionalData"]["keySpecializations"] = ["Mathematics", "Poésie"]
    return doc


@dataclass
class Seeded:
    """Ids and contents of the seeded instance, for spot checks after a move."""

    ids: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    document: dict = field(default_factory=cv_document)


def _users(seeded: Seeded) -> tuple[User, User]:
    ada = User(email="ada@example.com", name="Ada Lovelace", password_hash="argon2$x", plan="free")
    zoe = User(
        email="zoe@example.com",
        name=UNICODE_NAME,
        plan="lifetime",
        entitlements=ENTITLEMENTS,
        created_at=T0 - timedelta(days=30),
        last_seen_at=T0,
    )
    others = [User(email=f"user{i}@example.com") for i in range(EXTRA_USERS)]
    db.session.add_all([ada, zoe, *others])
    db.session.flush()
    db.session.add(
        OAuthIdentity(user_id=zoe.id, provider="google", subject="1094", email_verified=True)
    )
    seeded.ids.update(ada=ada.id, zoe=zoe.id)
    return ada, zoe


def _cvs(seeded: Seeded, ada: User, zoe: User) -> tuple[CV, CV]:
    common = {"content_type": "application/pdf", "kind": "pdf", "size": 10, "sha256": "0" * 64}
    cv1 = CV(owner_user_id=ada.id, original_name="ada cv.pdf", document=seeded.document, **common)
    cv2 = CV(owner_user_id=zoe.id, original_name="zoë.md", status="failed", **common)
    cv3 = CV(anon_session_id="anon-1", original_name="scan.docx", document=JSON.NULL, **common)
    db.session.add_all([cv1, cv2, cv3])
    db.session.flush()
    for cv, data in ((cv1, b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"), (cv2, "# Zoë\n".encode())):
        cv.storage_key = f"uploads/{cv.id}/original.{cv.kind}"
        seeded.files[cv.storage_key] = data
    big = random.Random(7).randbytes(300_000)  # several stream chunks
    cv3.storage_key = f"uploads/{cv3.id}/original.docx"
    seeded.files[cv3.storage_key] = big
    db.session.add_all(
        [
            Extraction(
                cv_id=cv1.id,
                source_sha256="1" * 64,
                extractor="heuristic",
                extractor_version="1.0",
                status="succeeded",
                document=seeded.document,
                unsupported_paths=["experience[0].title", "hero.fullName"],
                started_at=T0,
                finished_at=T0 + timedelta(milliseconds=1500),
                duration_ms=1500,
            ),
            Extraction(
                cv_id=cv2.id,
                source_sha256="2" * 64,
                extractor="claude",
                extractor_version="claude-opus-4-1",
                status="failed",
                error="timeout — retried 3×",
            ),
        ]
    )
    seeded.ids.update(cv1=cv1.id, cv2=cv2.id, cv3=cv3.id)
    return cv1, cv2


def _sites(seeded: Seeded, ada: User, zoe: User, cv1: CV, cv2: CV) -> None:
    p1 = Portfolio(owner_user_id=ada.id, cv_id=cv1.id, slug="ada-lovelace", published_at=T0)
    p2 = Portfolio(owner_user_id=zoe.id, cv_id=cv2.id, theme="minimal")
    db.session.add_all([p1, p2])
    db.session.flush()

    def build(portfolio: Portfolio, **fields) -> Build:
        fields.setdefault("status", "succeeded")
        made = Build(
            portfolio_id=portfolio.id,
            owner_user_id=portfolio.owner_user_id,
            theme=portfolio.theme,
            runner="local",
            storage_prefix=SITE_PREFIX,
            **fields,
        )
        db.session.add(made)
        db.session.flush()
        made.spec_key = f"builds/{made.id}/spec.json"
        seeded.files[made.spec_key] = json.dumps({"buildId": made.id}).encode()
        return made

    b1 = build(p1, started_at=T0, finished_at=T0 + timedelta(seconds=3))
    b2 = build(p1, started_at=T0 + timedelta(hours=1), log_tail="built ✓")
    b3 = build(p2, status="failed", error="theme “minimal” missing")
    p1.live_build_id, p1.previous_build_id = b2.id, b1.id
    seeded.ids.update(p1=p1.id, p2=p2.id, b1=b1.id, b2=b2.id, b3=b3.id)


def _payments(seeded: Seeded, zoe: User) -> None:
    paid = Payment(
        user_id=zoe.id,
        plan="lifetime",
        stripe_checkout_session_id="cs_test_1",
        amount=4900,
        currency="eur",
        status="paid",
        created_at=T0,
    )
    db.session.add_all([paid, Payment(customer_email="guest@example.com", plan="monthly")])
    events = [
        WebhookEvent(id=f"evt_{i:04d}", type="checkout.session.completed", created=1709251198 + i)
        for i in range(EXTRA_EVENTS)
    ]
    db.session.add_all(events)
    db.session.flush()
    seeded.ids.update(payment=paid.id, event=events[0].id)


def _site_files(seeded: Seeded) -> None:
    seeded.files.update(
        {
            SITE_PREFIX + "index.html": "<h1>Ada — «Notes»</h1>".encode(),
            SITE_PREFIX + "assets/style.css": b"body{margin:0}",
            SITE_PREFIX + "img/café ☕.txt": "☕".encode(),
            SITE_PREFIX + ".nojekyll": b"",
            SITE_PREFIX + "manifest.json": b'{"files":{}}',
        }
    )


def populate() -> Seeded:
    """Fill the current app's database and storage (inside an app context)."""
    seeded = Seeded()
    ada, zoe = _users(seeded)
    cv1, cv2 = _cvs(seeded, ada, zoe)
    _sites(seeded, ada, zoe, cv1, cv2)
    _payments(seeded, zoe)
    _site_files(seeded)
    # A record of the import from the original system (its files list and kept values are JSON).
    db.session.add(
        OriginalImport(id="cv:u-1", kind="cv", source_id="u-1", outcome="imported",
                       target_id=cv1.id, files=[{"key": cv1.storage_key, "size": 10}],
                       kept={"original_status": "completed", "phone": None})
    )  # fmt: skip
    # A deletion still owed to storage moves with the rest, so the target finishes it.
    db.session.add(PendingDeletion(prefix="uploads/deleted-cv/", reason="cv deleted"))
    db.session.commit()
    storage = get_storage()
    for key, data in seeded.files.items():
        storage.put(key, data)
    return seeded
