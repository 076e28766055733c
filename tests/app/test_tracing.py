"""Optional OpenTelemetry tracing: off by default, one span per request when on."""

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from r2w.tracing import KEY


def test_tracing_is_off_by_default(app):
    assert KEY not in app.extensions


def test_requests_become_spans_when_enabled(make_app):
    exporter = InMemorySpanExporter()
    app = make_app(OTEL_ENABLED="true", OTEL_SPAN_EXPORTER=exporter)
    client = app.test_client()
    assert client.get("/account/login").status_code == 200
    assert client.get("/healthz").status_code == 200  # probes are not traced
    app.extensions[KEY].force_flush()
    spans = exporter.get_finished_spans()
    assert [span.attributes.get("http.route") for span in spans] == ["/account/login"]
    assert spans[0].resource.attributes["service.name"] == "r2w"
