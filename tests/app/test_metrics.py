"""Prometheus metrics: request latency by endpoint and r2w's domain metrics."""

from urllib.parse import unquote

from tests.api.conftest import SAMPLES, Api


def test_metrics_endpoint_has_request_and_domain_metrics(app):
    api = Api(app.test_client())
    api.upload((SAMPLES / "comprehensive_all_components_cv.txt").read_bytes(), "cv.txt")
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert "r2w_http_request_duration_seconds" in text
    assert 'endpoint="api.upload_cv"' in text
    assert 'r2w_extractions_total{extractor="heuristic",outcome="ready"} 1.0' in text
    assert "r2w_extraction_duration_seconds_bucket" in text
    assert "r2w_build_queue_length 0.0" in text
    assert "r2w_active_portfolios 0.0" in text


def test_two_apps_in_one_process_do_not_collide(make_app):
    first, second = make_app(), make_app()
    assert first.test_client().get("/metrics").status_code == 200
    assert second.test_client().get("/metrics").status_code == 200


SPELLINGS = [
    "/metrics",
    "//metrics",
    "/%6detrics",
    "/metrics/",
    "/METRICS",
    "/Metrics/",
    "/./metrics",
    "/metrics/.",
    "/metrics//",
    "//METRICS/",
    "/%4d%45%54%52%49%43%53",
    "/x/../metrics",
    "/metrics%2f",
    "/%2fmetrics",
    "/%5cmetrics",
]


def _get(client, path: str, **headers):
    # Sent as the raw path a server would pass on, without the test client's own parsing.
    return client.get("/", environ_overrides={"PATH_INFO": unquote(path)}, headers=headers)


def test_metrics_are_refused_without_the_token_whatever_the_spelling(make_app):
    client = make_app(METRICS_TOKEN="scrape-secret").test_client()
    for spelling in SPELLINGS:
        assert _get(client, spelling).status_code == 404, spelling
        wrong = _get(client, spelling, Authorization="Bearer guess")
        assert wrong.status_code == 404, spelling


def test_the_scraper_with_the_token_reads_the_metrics(make_app):
    client = make_app(METRICS_TOKEN="scrape-secret").test_client()
    response = _get(client, "/metrics", Authorization="Bearer scrape-secret")
    assert response.status_code == 200
    assert "r2w_build_queue_length" in response.get_data(as_text=True)


def test_without_a_token_metrics_are_open_locally_and_closed_in_the_cloud():
    from r2w.metrics import names_metrics, scrape_allowed

    assert all(names_metrics(unquote(s)) for s in SPELLINGS)
    assert not names_metrics("/metricsx") and not names_metrics("/api/metrics")
    assert scrape_allowed({"ENVIRONMENT": "local"}, None)
    assert not scrape_allowed({"ENVIRONMENT": "production"}, None)
    assert not scrape_allowed({"ENVIRONMENT": "production"}, "Bearer ")
    assert scrape_allowed({"ENVIRONMENT": "production", "METRICS_TOKEN": "t"}, "Bearer t")
