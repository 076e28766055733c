"""Prometheus metrics at /metrics: request latency by endpoint plus r2w's domain metrics.

Under gunicorn (PROMETHEUS_MULTIPROC_DIR set) every worker writes to shared files and /metrics
aggregates them, so a scrape sees the whole pod, not one worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics
from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

KEY = "r2w.metrics"


@dataclass
class DomainMetrics:
    """r2w's own counters and histograms."""

    extractions: Counter
    extraction_seconds: Histogram
    builds: Counter


class StateCollector:
    """Gauges read from the database at scrape time (queue length, active portfolios)."""

    def collect(self):
        """Yield the current build queue length and number of published portfolios."""
        from sqlalchemy import func, select

        from r2w.extensions import db
        from r2w.models import Build, Portfolio

        if not has_app_context():
            return
        queued = db.session.scalar(select(func.count(Build.id)).where(Build.status == "queued"))
        live = db.session.scalar(
            select(func.count(Portfolio.id)).where(Portfolio.live_build_id.is_not(None))
        )
        yield GaugeMetricFamily("r2w_build_queue_length", "Builds waiting for a slot", queued)
        yield GaugeMetricFamily("r2w_active_portfolios", "Published portfolios", live)


def _domain_metrics(registry: CollectorRegistry) -> DomainMetrics:
    return DomainMetrics(
        extractions=Counter(
            "r2w_extractions",
            "CV extractions by outcome",
            ["extractor", "outcome"],
            registry=registry,
        ),
        extraction_seconds=Histogram(
            "r2w_extraction_duration_seconds",
            "Time to read a CV into a document",
            ["extractor"],
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
            registry=registry,
        ),
        builds=Counter("r2w_builds", "Builds finished, by status", ["status"], registry=registry),
    )


def init_metrics(app: Flask) -> None:
    """Expose /metrics for this app and create the domain metrics."""
    common = {"defaults_prefix": "r2w", "group_by": "endpoint", "excluded_paths": ["/metrics"]}
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        exporter = GunicornInternalPrometheusMetrics(app, **common)
        # Values reach the scrape through the shared files, not through this registry.
        domain_registry = CollectorRegistry()
    else:
        exporter = PrometheusMetrics(app, registry=CollectorRegistry(), **common)
        domain_registry = exporter.registry
    exporter.registry.register(StateCollector())
    app.extensions[KEY] = _domain_metrics(domain_registry)


def _metrics() -> DomainMetrics | None:
    return current_app.extensions.get(KEY) if has_app_context() else None


def record_extraction(extractor: str, outcome: str, seconds: float | None) -> None:
    """Count one extraction and how long it took."""
    metrics = _metrics()
    if metrics is None:
        return
    metrics.extractions.labels(extractor, outcome).inc()
    if seconds is not None:
        metrics.extraction_seconds.labels(extractor).observe(seconds)


def record_build(status: str) -> None:
    """Count one finished build."""
    metrics = _metrics()
    if metrics is not None:
        metrics.builds.labels(status).inc()
