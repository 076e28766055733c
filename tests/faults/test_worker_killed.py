"""A gunicorn worker killed (SIGKILL) with requests and an extraction in flight."""

from __future__ import annotations

import json
import os
import signal
import uuid
from datetime import timedelta

import pytest
import requests

import r2w.intake.pipeline as pipeline
from r2w.services import get_storage
from tests.faults.conftest import every_cv_has_its_file
from tests.faults.gated_app import GATE_ENV
from tests.faults.servers import wait_until
from tests.faults.webserver import Gunicorn, answer_of, held_by, send_partial_request

# A fault test that hangs fails on its own instead of holding the run.
pytestmark = pytest.mark.timeout(120)


class Visitor:
    """An anonymous visitor of the real server, speaking the JSON API with its CSRF token."""

    def __init__(self, url: str) -> None:
        self.url, self.http = url, requests.Session()
        self.token = self.http.get(url + "/api/v1/session", timeout=10).json()["csrfToken"]
        self.http.headers.update({"X-CSRFToken": self.token, "Accept": "application/json"})

    def upload(self, data: bytes, filename: str) -> dict:
        """Upload a CV; it must be acknowledged."""
        files = {"file": (filename, data, "text/plain")}
        response = self.http.post(self.url + "/api/v1/cvs", files=files, timeout=30)
        assert response.status_code == 201, response.text
        return response.json()

    def get(self, path: str) -> dict:
        """GET a JSON resource."""
        response = self.http.get(self.url + path, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def status(self, cv_id: str) -> str:
        """The CV's phase."""
        return self.get(f"/api/v1/cvs/{cv_id}")["status"]

    def cookie_header(self) -> str:
        """The session cookie, for requests sent by hand."""
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)


@pytest.fixture
def served(pg_app, tmp_path):
    """The app under gunicorn on the throwaway PostgreSQL, plus an in-process twin for checks."""
    app = pg_app()
    gate = tmp_path / "extraction-gate"
    env = {
        "ENVIRONMENT": "local",  # extraction off the request, in the worker's thread pool
        "DATABASE_URL": app.config["DATABASE_URL"],
        "STORAGE_URL": app.config["STORAGE_URL"],
        "INSTANCE_PATH": str(tmp_path / "served-instance"),
        "LOG_LEVEL": "WARNING",
        GATE_ENV: str(gate),
    }
    server = Gunicorn("tests.faults.gated_app:app", env, tmp_path / "gunicorn.log")
    try:
        yield app, server, gate
    finally:
        gate.unlink(missing_ok=True)
        server.stop()


def _in_flight_requests(server: Gunicorn, visitor: Visitor, cv_id: str, document: dict):
    """An upload and an edit whose bodies are half sent when the worker dies."""
    cookie = visitor.cookie_header()
    boundary = uuid.uuid4().hex
    upload = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{'Late Upload line. ' * 20000}\r\n--{boundary}--\r\n"
    ).encode()
    edit = json.dumps({"document": document, "revision": 2}).encode()
    common = f"Host: 127.0.0.1\r\nCookie: {cookie}\r\nX-CSRFToken: {visitor.token}\r\n"
    return [
        send_partial_request(
            server.port,
            "POST /api/v1/cvs HTTP/1.1\r\n" + common
            + f"Content-Type: multipart/form-data; boundary={boundary}",
            upload, len(upload) // 2,
        ),
        send_partial_request(
            server.port,
            f"PUT /api/v1/cvs/{cv_id}/document HTTP/1.1\r\n" + common
            + "Content-Type: application/json",
            edit, len(edit) // 2,
        ),
    ]  # fmt: skip


def _acknowledged_upload_and_edit(visitor: Visitor, data: bytes) -> tuple[str, dict]:
    """Upload a CV, wait until it is read, and save an edit (revision 2); all acknowledged."""
    cv_id = visitor.upload(data, "cv.txt")["id"]
    wait_until(lambda: visitor.status(cv_id) == "ready", timeout=30)
    current = visitor.get(f"/api/v1/cvs/{cv_id}/document")
    current["document"]["hero"]["fullName"] = "Acknowledged Before The Kill"
    saved = visitor.http.put(f"{visitor.url}/api/v1/cvs/{cv_id}/document", json=current)
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    return cv_id, current["document"]


def _finish_with_reconcile(app, monkeypatch) -> None:
    """`flask r2w reconcile` once the dead worker's lease has run out (set to 0 here)."""
    monkeypatch.setattr(pipeline, "LEASE", timedelta(0))
    result = app.test_cli_runner().invoke(args=["r2w", "reconcile"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["cvs_processed"] == 1


def test_killed_worker_loses_nothing_acknowledged_and_reconcile_finishes_its_work(
    served, sample_text, monkeypatch
):
    app, server, gate = served
    first_worker = server.wait_ready()
    visitor = Visitor(server.url)
    edited_id, document = _acknowledged_upload_and_edit(visitor, sample_text)
    gate.touch()  # the next extraction waits inside the worker
    held_id = visitor.upload(sample_text + b"\nHeld in extraction.\n", "held.txt")["id"]
    wait_until(lambda: visitor.status(held_id) == "extracting", timeout=30)
    in_flight = _in_flight_requests(server, visitor, edited_id, document)
    # Killed only once the worker holds both: queued ones would just go to the next worker.
    wait_until(lambda: all(held_by(first_worker, server.port, sock) for sock in in_flight))

    os.kill(first_worker, signal.SIGKILL)
    assert [answer_of(sock) for sock in in_flight] == [b"", b""]  # cut, never acknowledged
    assert server.wait_ready() != first_worker  # gunicorn replaced the worker by itself

    kept = visitor.get(f"/api/v1/cvs/{edited_id}/document")
    assert (kept["revision"], kept["document"]["hero"]["fullName"]) == (
        2,
        document["hero"]["fullName"],
    )
    assert visitor.status(held_id) == "extracting"  # its worker is gone; the lease still holds
    listed = sorted(cv["id"] for cv in visitor.get("/api/v1/cvs")["cvs"])
    assert listed == sorted([edited_id, held_id])

    gate.unlink()
    _finish_with_reconcile(app, monkeypatch)
    assert visitor.status(held_id) == "ready"
    assert visitor.get(f"/api/v1/cvs/{held_id}/document")["document"]["hero"]["fullName"]
    assert every_cv_has_its_file(app) == 2
    with app.app_context():
        stored = {info.key.split("/")[1] for info in get_storage().list("uploads/")}
    assert stored == {edited_id, held_id}  # the cut upload left no file and no row
