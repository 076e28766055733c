"""Hand-picked hostile values in every place the API reads input, on SQLite and PostgreSQL.

NUL characters, wrong JSON types, NaN, lone surrogates, huge and deeply nested bodies: each is
refused with a 4xx (never a 5xx) and a refused request changes nothing.
"""

from __future__ import annotations

import io
import re

import pytest

from r2w.api.openapi import openapi_spec
from tests.conftest import csrf_token
from tests.fuzz.conftest import ON_BOTH_DATABASES, assert_nothing_written, assert_still_serving
from tests.security.support import id_rules, methods_of, snapshot

PLACEHOLDER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
VALUES = [None, 0, -1, 1.5, True, [], {}, ["x"], {"a": 1}, "", "a\x00b", "\ud800", "x" * 100_000]
RAW_BODIES = [
    b"",
    b"null",
    b"[]",
    b'"text"',
    b"{",
    b"[" * 100_000,
    b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    b'{"plan": NaN, "slug": Infinity, "document": -Infinity}',
    b'{"a": 1' + b"0" * 10_000 + b"}",
    b"\xff\xfe\x00garbage",
    b'{"a": "\xc3\x28"}',
    b"\xef\xbb\xbf{}",
]

pytestmark = ON_BOTH_DATABASES


def _json_operations() -> list[tuple[str, str, list[str]]]:
    """(method, path, property names) of every operation that takes a JSON object."""
    found = []
    for path, item in openapi_spec()["paths"].items():
        for verb, operation in item.items():
            body = operation.get("requestBody", {}) if isinstance(operation, dict) else {}
            schema = body.get("content", {}).get("application/json", {}).get("schema", {})
            if body and path != "/api/v1/payments/webhook":
                found.append((verb.upper(), path, sorted(schema.get("properties", {}))))
    return found


def _fill(path: str, visitor) -> str:
    values = {"cv_id": visitor.cv_id, "portfolio_id": visitor.portfolio_id}
    return re.sub(r"{([a-z_]+)}", lambda m: values[m.group(1)], path)


def _send(visitor, method: str, url: str, **kw):
    headers = {"X-CSRFToken": visitor.api.token, "Accept": "application/json"}
    return visitor.api.client.open(url, method=method, headers=headers, **kw)


def _refused_cleanly(app, before, response, what) -> None:
    assert response.status_code < 500, (what, response.get_data(as_text=True)[:300])
    if response.status_code >= 400:
        assert_nothing_written(app, before, what)
        if response.is_json:
            assert set(response.json) >= {"error", "message"}, what


def test_nul_and_junk_in_every_id_of_every_route(fuzz_app, visitor):
    junk = ["a%00b", "%00", "x" * 300, "%ff%fe", "..", "1 OR 1=1", "%e2%80%ae"]
    for rule in id_rules(fuzz_app):
        for method in methods_of(rule):
            for value in junk:
                url = PLACEHOLDER.sub(
                    lambda m, v=value: v if m.group(1) != "path" else "x", rule.rule
                )
                before = snapshot(fuzz_app)
                response = _send(visitor, method, url, json={})

                assert response.status_code == 404, (method, url, response.status_code)
                assert_nothing_written(fuzz_app, before, url)


@pytest.mark.parametrize("method,path,names", _json_operations(), ids=lambda v: str(v))
def test_every_json_field_refuses_wrong_types_and_hostile_text(
    fuzz_app, visitor, method, path, names
):
    url = _fill(path, visitor)
    for name in names or ["unexpected"]:
        for value in VALUES:
            before = snapshot(fuzz_app)
            response = _send(visitor, method, url, json={name: value})
            _refused_cleanly(fuzz_app, before, response, (method, url, name, repr(value)[:40]))
    for raw in RAW_BODIES:
        before = snapshot(fuzz_app)
        response = _send(visitor, method, url, data=raw, content_type="application/json")
        _refused_cleanly(fuzz_app, before, response, (method, url, raw[:40]))
    assert_still_serving(fuzz_app)


def test_deep_and_non_standard_json_is_a_400(fuzz_app, visitor):
    url = f"/api/v1/cvs/{visitor.cv_id}/document"
    for raw in (b"[" * 100_000, b'{"document": {"summary": {"x": NaN}}}', b"\xff\xfe{"):
        response = _send(visitor, "PUT", url, data=raw, content_type="application/json")

        assert (response.status_code, response.json["error"]) == (400, "bad_request"), raw[:20]


def test_forms_refuse_nul_without_a_server_error(fuzz_app):
    client = fuzz_app.test_client()
    forms = {
        "/account/login": {"email": "a\x00@example.com", "password": "x\x00"},
        "/account/register": {
            "name": "Name\x00",
            "email": "nul\x00@example.com",
            "password": "long enough password",
            "confirm": "long enough password",
        },
    }
    for url, form in forms.items():
        before = snapshot(fuzz_app)
        response = client.post(url, data=form | {"csrf_token": csrf_token(client)})

        assert response.status_code == 400, url
        assert_nothing_written(fuzz_app, before, url)


def test_control_characters_leave_uploaded_file_names(fuzz_app, visitor):
    data = b"Jane Example\nPrincipal Engineer\n\nExperience\nEngineer at Example Ltd, 2019\n"
    for name, kept in [("a\x00b.txt", "ab.txt"), ("\x1b[31mred\x7f.md", "[31mred.md")]:
        response = visitor.api.client.post(
            "/api/v1/cvs",
            data={"file": (io.BytesIO(data), name)},
            headers={"X-CSRFToken": visitor.api.token, "Accept": "application/json"},
        )

        assert response.status_code == 201, response.json
        assert response.json["originalName"] == kept


def test_multipart_parts_without_a_name_are_ignored(fuzz_app, visitor):
    for disposition in ("form-data", "form-data; name=", 'form-data; filename="cv.txt"'):
        body = f"--b\r\nContent-Disposition: {disposition}\r\n\r\nhello\r\n--b--\r\n".encode()
        before = snapshot(fuzz_app)
        response = _send(
            visitor,
            "POST",
            "/api/v1/cvs",
            data=body,
            content_type="multipart/form-data; boundary=b",
        )

        assert (response.status_code, response.json["error"]) == (400, "no_file"), disposition
        assert_nothing_written(fuzz_app, before, disposition)
