"""Alert rules, their unit tests, runbooks and the dashboard, checked with promtool."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "ops" / "prometheus" / "r2w-alerts.yaml"
RULE_TESTS = ROOT / "ops" / "prometheus" / "r2w-alerts.test.yaml"
RUNBOOKS = ROOT / "ops" / "runbooks"
DASHBOARD = ROOT / "ops" / "grafana" / "r2w-dashboard.json"
RUNBOOK_URL = "https://github.com/r2w/r2w/blob/main/ops/runbooks/{}.md"
# Metrics from standard exporters, not from r2w: kube-state-metrics, the blackbox exporter, up.
EXTERNAL = {"up", "kube_resourcequota", "probe_ssl_earliest_cert_expiry"}


@pytest.fixture(scope="module")
def promtool() -> str:
    """Debian's promtool (package prometheus)."""
    path = shutil.which("promtool")
    if path is None:
        unavailable("promtool (Debian package prometheus)")
    return path


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=cwd, check=False)


def _alerts() -> list[dict]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def _dashboard_queries() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [target["expr"] for panel in panels for target in panel["targets"]]


def test_promtool_checks_the_rules(promtool):
    result = _run(promtool, "check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_unit_tests_pass(promtool):
    result = _run(promtool, "test", "rules", RULE_TESTS.name, cwd=RULE_TESTS.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout + result.stderr


def test_every_alert_is_unit_tested_firing():
    tests = yaml.safe_load(RULE_TESTS.read_text())["tests"]
    fired = {
        case["alertname"]
        for test in tests
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    assert fired == {alert["alert"] for alert in _alerts()}


def test_the_issue_s_alerts_exist():
    names = {alert["alert"] for alert in _alerts()}
    assert {
        "R2wHighErrorRate",  # error rate
        "R2wSlowRequests",  # latency
        "R2wBuildQueueStuck",  # queue age
        "R2wBuildsFailing",  # failed builds
        "R2wCvsStuck",  # stuck CVs
        "R2wWebhookFailures",  # webhook failures
        "R2wCertificateExpiresSoon",  # certificate limits
        "R2wQuotaNearlyUsed",  # quota limits
    } <= names


def test_every_alert_has_its_runbook_and_every_runbook_an_alert():
    names = {alert["alert"] for alert in _alerts()}
    for alert in _alerts():
        annotations = alert["annotations"]
        assert annotations["runbook_url"] == RUNBOOK_URL.format(alert["alert"])
        assert annotations.get("summary") and annotations.get("description")
        assert alert["labels"]["severity"] in ("page", "ticket")
        runbook = RUNBOOKS / f"{alert['alert']}.md"
        assert runbook.exists(), runbook
        text = runbook.read_text()
        assert text.startswith(f"# {alert['alert']} ") and "1. " in text
    assert {path.stem for path in RUNBOOKS.glob("*.md")} == names


def test_every_dashboard_query_parses(promtool, tmp_path):
    # promtool has no "parse this expression" command: each query becomes a recording rule.
    queries = _dashboard_queries()
    assert len(queries) >= 10
    rules = [{"record": f"dashboard:query_{n}", "expr": q} for n, q in enumerate(queries)]
    path = tmp_path / "dashboard-queries.yaml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))
    result = _run(promtool, "check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(queries)} rules found" in result.stdout


def _names(expr: str) -> set[str]:
    # Identifiers followed by a selector or used bare, minus PromQL's own words and labels.
    words = set(re.findall(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b\s*(?=\{|\[|\)|$|\s|/|>|<)", expr))
    return {w for w in words if w.startswith("r2w_") or w in EXTERNAL}


def _exposed_names(app) -> set[str]:
    """Every series name the app's /metrics declares (a counter's _total, a histogram's parts)."""
    text = app.test_client().get("/metrics").get_data(as_text=True)
    names = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            # The TYPE line already names a counter with its _total.
            suffixes = {"histogram": ["_bucket", "_count", "_sum"]}
            names.update(name + suffix for suffix in suffixes.get(kind, [""]))
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def test_rules_and_dashboard_use_metrics_r2w_really_exposes(app):
    used = set()
    for alert in yaml.safe_load(RULES.read_text())["groups"]:
        for rule in alert["rules"]:
            used |= _names(rule["expr"])
    for query in _dashboard_queries():
        used |= _names(query)
    exposed = _exposed_names(app)
    assert {"r2w_builds_total", "r2w_extractions_total", "r2w_cv_oldest_unfinished_seconds"} <= used
    assert used - EXTERNAL <= exposed, sorted(used - EXTERNAL - exposed)


def _gauge(app, name: str) -> float:
    text = app.test_client().get("/metrics").get_data(as_text=True)
    (line,) = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(line.split(" ")[1])


def test_the_age_gauges_the_alerts_watch_measure_the_oldest_waiting_work(any_app):
    from datetime import timedelta

    from r2w.extensions import db
    from r2w.models import CV, utcnow

    assert _gauge(any_app, "r2w_cv_oldest_unfinished_seconds") == 0.0
    with any_app.app_context():
        for minutes, status in ((30, "reading"), (5, "uploaded"), (90, "ready")):
            db.session.add(
                CV(
                    original_name="cv.txt",
                    content_type="text/plain",
                    kind="txt",
                    size=1,
                    sha256="0" * 64,
                    status=status,
                    anon_session_id="s",
                    created_at=utcnow() - timedelta(minutes=minutes),
                )
            )
        db.session.commit()
    # The finished CV (90 minutes old) does not count; the one reading for 30 minutes does.
    assert 30 * 60 <= _gauge(any_app, "r2w_cv_oldest_unfinished_seconds") < 31 * 60
    assert _gauge(any_app, "r2w_cvs_unfinished") == 2
    assert _gauge(any_app, "r2w_build_queue_oldest_seconds") == 0.0
