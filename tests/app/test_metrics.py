"""Prometheus metrics: request latency by endpoint and r2w's domain metrics."""

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
