"""The OpenAPI description is valid, served, and lists exactly the API's routes."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from r2w.api.openapi import openapi_spec
from tests.security.support import STATE_CHANGING, api_rules, methods_of

FLASK_ARG = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
ERROR_SCHEMAS = ("#/components/schemas/Error", "#/components/schemas/ValidationError")


def _routes_of_app(app) -> set[tuple[str, str]]:
    return {
        (FLASK_ARG.sub(r"{\1}", rule.rule), method)
        for rule in api_rules(app)
        for method in methods_of(rule)
    }


def _routes_of_spec(spec) -> set[tuple[str, str]]:
    verbs = {"get", "put", "post", "patch", "delete"}
    return {
        (path, verb.upper())
        for path, item in spec["paths"].items()
        for verb in item
        if verb in verbs
    }


def test_served_description_is_valid_openapi_3_1(app):
    response = app.test_client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    validate(response.json)
    assert response.json["openapi"].startswith("3.1")
    assert response.json == openapi_spec()


def test_every_api_route_is_described_and_every_description_is_a_route(app):
    in_app, in_spec = _routes_of_app(app), _routes_of_spec(openapi_spec())

    assert in_app - in_spec == set(), "routes missing from r2w/api/openapi.yaml"
    assert in_spec - in_app == set(), "described operations the app does not have"
    assert len(in_app) >= 25


def test_state_changing_operations_need_the_csrf_header_except_the_webhook():
    spec = openapi_spec()
    for path, item in spec["paths"].items():
        for verb, operation in item.items():
            if verb.upper() not in STATE_CHANGING:
                continue
            if path == "/api/v1/payments/webhook":
                assert operation["security"] == []
                continue
            assert operation["security"] == [{"session": [], "csrf": []}], (verb, path)
            assert "400" in operation["responses"], (verb, path)


def test_id_routes_document_404_and_errors_share_one_shape():
    spec = openapi_spec()
    responses = spec["components"]["responses"]
    for path, item in spec["paths"].items():
        for verb, operation in item.items():
            if verb == "parameters":
                continue
            if "{" in path:
                assert "404" in operation["responses"], (verb, path)
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    name = answer["$ref"].rsplit("/", 1)[-1]
                    schema = responses[name]["content"]["application/json"]["schema"]
                    assert schema["$ref"] in ERROR_SCHEMAS, (verb, path, status)
    schemas = spec["components"]["schemas"]
    assert schemas["Error"]["required"] == ["error", "message"]
    assert schemas["ValidationError"]["allOf"][0] == {"$ref": ERROR_SCHEMAS[0]}


def test_the_document_schema_comes_from_the_validation_models():
    from r2w.cvdoc import SECTION_KEYS

    document = openapi_spec()["components"]["schemas"]["CVDocument"]

    assert set(SECTION_KEYS) <= set(document["properties"])
    assert "$defs" not in str(document)  # references point into components
    assert "#/components/schemas/Hero" in str(document)


def test_every_review_flag_code_is_in_the_described_enum():
    from r2w.extraction.confidence import CODES

    flag = openapi_spec()["components"]["schemas"]["ReviewFlag"]["properties"]["code"]
    assert flag["enum"] == list(CODES)
