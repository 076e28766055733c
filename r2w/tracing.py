"""Optional OpenTelemetry tracing (OTEL_ENABLED, off by default).

Spans go to the OTLP/HTTP exporter configured by the standard OTEL_EXPORTER_OTLP_* variables
(for example a collector sidecar), with service.name "r2w" unless OTEL_SERVICE_NAME says
otherwise.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

KEY = "r2w.tracer_provider"


def init_tracing(app: Flask, exporter: Any | None = None) -> None:
    """Trace every request of this app when OTEL_ENABLED is on; do nothing otherwise."""
    if not app.config.get("OTEL_ENABLED"):
        return
    # Imported only when enabled: tracing is optional and costs nothing when off.
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "r2w"}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    # Per-app provider (not the global one), so several apps in one process stay separate.
    FlaskInstrumentor().instrument_app(
        app, tracer_provider=provider, excluded_urls="healthz,readyz,metrics"
    )
    app.extensions[KEY] = provider
