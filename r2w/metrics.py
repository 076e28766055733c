"""Prometheus metrics at /metrics: request latency by endpoint plus r2w's domain metrics.

Under gunicorn (PROMETHEUS_MULTIPROC_DIR set) every worker writes to shared files and /metrics
aggregates them, so a scrape sees the whole pod, not one worker.

/metrics answers only a scraper holding METRICS_TOKEN (a bearer token); without one it is
open on a local run and closed in the cloud. The check runs before routing, on the path as
any spelling reaches it (`//metrics`, `/%6detrics`, `/Metrics/`), so a path block in front of
the app is not the only defence.
"""

from __future__ import annotations

import hmac
import logging
import os
import posixpath
import re
from dataclasses import dataclass

from flask import Flask, abort, current_app, has_app_context, request
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics
from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

KEY = "r2w.metrics"
log = logging.getLogger(__name__)


def names_metrics(path: str) -> bool:
    """Whether a request path (already percent-decoded) is some spelling of /metrics."""
    collapsed = re.sub(r"/+", "/", "/" + path.replace("\\", "/"))
    return posixpath.normpath(collapsed).rstrip("/").casefold() == "/metrics"


def scrape_allowed(config, authorization: str | None) -> bool:
    """Whether this request may read the metrics (see the module docstring)."""
    token = config.get("METRICS_TOKEN")
    if not token:
        return config.get("ENVIRONMENT") in ("local", "test")
    return hmac.compare_digest((authorization or "").encode(), f"Bearer {token}".encode())


def _guard_metrics():
    if names_metrics(request.path) and not scrape_allowed(
        current_app.config, request.headers.get("Authorization")
    ):
        abort(404)


@dataclass
class DomainMetrics:
    """r2w's own counters and histograms."""

    extractions: Counter
    extraction_seconds: Histogram
    builds: Counter
    site_files: Counter


def _age_seconds(oldest) -> float:
    from r2w.models import utcnow
    from r2w.models.base import aware

    return max(0.0, (utcnow() - aware(oldest)).total_seconds()) if oldest else 0.0


class StateCollector:
    """Gauges read from the database at scrape time (queues, their age, active portfolios)."""

    def collect(self):
        """Yield queue lengths and ages and the number of published portfolios."""
        from sqlalchemy import func, select

        from r2w.extensions import db
        from r2w.intake.pipeline import ACTIVE
        from r2w.models import CV, Build, Portfolio

        if not has_app_context():
            return
        queued, oldest_build = db.session.execute(
            select(func.count(Build.id), func.min(Build.created_at)).where(Build.status == "queued")
        ).one()
        live = db.session.scalar(
            select(func.count(Portfolio.id)).where(Portfolio.live_build_id.is_not(None))
        )
        unfinished, oldest_cv = db.session.execute(
            select(func.count(CV.id), func.min(CV.created_at)).where(CV.status.in_(ACTIVE))
        ).one()
        yield GaugeMetricFamily("r2w_build_queue_length", "Builds waiting for a slot", queued)
        # Alerts watch ages, not lengths: a short queue that never moves is the real problem.
        yield GaugeMetricFamily(
            "r2w_build_queue_oldest_seconds",
            "Age of the oldest queued build (0 when none waits)",
            _age_seconds(oldest_build),
        )
        yield GaugeMetricFamily(
            "r2w_cvs_unfinished", "CVs still being read (uploaded, reading, extracting)", unfinished
        )
        yield GaugeMetricFamily(
            "r2w_cv_oldest_unfinished_seconds",
            "Age of the oldest CV still being read (0 when none)",
            _age_seconds(oldest_cv),
        )
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
        site_files=Counter(
            "r2w_site_fast_responses",
            "Site files answered by the fast path in front of the app, by site kind and status",
            ["kind", "status"],
            registry=registry,
        ),
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
    # First of the request hooks: nothing else (sessions, CSRF) runs for a refused scrape.
    app.before_request_funcs.setdefault(None, []).insert(0, _guard_metrics)
    if app.config.get("ENVIRONMENT") not in ("local", "test") and not app.config.get(
        "METRICS_TOKEN"
    ):
        log.warning("METRICS_TOKEN is not set: /metrics is refused to every scraper")


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


def count_site_file(app: Flask, kind: str, status: str) -> None:
    """Count one site file answered by the fast path (outside any request context)."""
    metrics = app.extensions.get(KEY)
    if metrics is not None:
        metrics.site_files.labels(kind, status).inc()


def record_build(status: str) -> None:
    """Count one finished build."""
    metrics = _metrics()
    if metrics is not None:
        metrics.builds.labels(status).inc()
