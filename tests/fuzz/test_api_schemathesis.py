"""Every API operation, fuzzed from its OpenAPI description (schemathesis, in-process WSGI).

Valid and invalid requests alike must never get a 5xx, must get a status, content type and body
that the description documents, and a refused request must change nothing.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from r2w.api.openapi import openapi_spec
from tests.fuzz.conftest import (
    FUZZ,
    ON_BOTH_DATABASES,
    assert_nothing_written,
    assert_still_serving,
    examples,
)
from tests.security.support import snapshot

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_MODE = 8
SCHEMA = schemathesis.openapi.from_dict(openapi_spec())
OPERATIONS = sorted(
    (op.ok() for op in SCHEMA.get_all_operations()), key=lambda op: (op.path, op.method)
)

pytestmark = ON_BOTH_DATABASES


def _real_ids(visitor) -> dict[str, str]:
    return {
        "cv_id": visitor.cv_id,
        "portfolio_id": visitor.portfolio_id,
        "build_id": visitor.build_id,
    }


def _strategy(operation, visitor):
    """Valid and invalid requests; for id routes, half of them aim at the visitor's own ids."""
    names = {p.name for p in operation.path_parameters}
    real = {k: v for k, v in _real_ids(visitor).items() if k in names}
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    if real:
        strategies += [
            operation.as_strategy(generation_mode=mode, path_parameters=real) for mode in modes
        ]
    return st.one_of(strategies)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_operation_holds_under_generated_requests(fuzz_app, visitor, operation):
    client = fuzz_app.test_client()  # schemathesis deletes the cookies it set after each call
    headers = {"X-CSRFToken": visitor.api.token}
    session_id = visitor.api.client.get_cookie("r2w_session").value
    statuses: list[int] = []
    codes: list[str | None] = []

    @settings(FUZZ, max_examples=examples(EXAMPLES_PER_MODE * 2))
    @given(case=_strategy(operation, visitor))
    def run(case):
        before = snapshot(fuzz_app)
        # The description declares the session cookie, so generated cases carry one: send the
        # visitor's real one instead.
        cookies = {"r2w_session": session_id}
        response = case.call(session=client, headers=headers, cookies=cookies, app=fuzz_app)
        statuses.append(response.status_code)
        positive = case.meta is not None and case.meta.generation.mode.is_positive
        if response.status_code == 400 and positive:
            codes.append((response.json() or {}).get("error"))
        case.validate_response(response, checks=CHECKS)
        if response.status_code >= 400:
            assert_nothing_written(fuzz_app, before, case.as_curl_command())

    run()

    assert statuses and max(statuses) < 500
    # Valid requests reach the view they aim at; invalid ones may also drop the CSRF header.
    assert "csrf_failed" not in codes
    assert_still_serving(fuzz_app)
