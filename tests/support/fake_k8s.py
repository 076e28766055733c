"""A fake Kubernetes API server for tests: Jobs and their pods in memory, over real HTTP.

It speaks enough of batch/v1 Jobs and v1 pods for the official client: create (409 on a
duplicate), get, list with a label selector, merge-patch, delete (404 when missing), pod list and
pod log. Tests drive Job status with the mark_* helpers and inject faults with fail_next (HTTP
errors) and delay_next (answers slower than the client timeout).
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import urllib3
from kubernetes import client as k8s

_ROUTE = re.compile(
    r"^/(?:apis/batch/v1|api/v1)/namespaces/(?P<ns>[^/]+)/(?P<kind>jobs|pods)"
    r"(?:/(?P<name>[^/]+))?(?:/(?P<sub>status|log))?$"
)


KUBECONFIG = """\
apiVersion: v1
kind: Config
current-context: fake
clusters: [{{name: fake, cluster: {{server: "{url}"}}}}]
users: [{{name: fake, user: {{token: fake-token}}}}]
contexts: [{{name: fake, context: {{cluster: fake, user: fake, namespace: {namespace}}}}}]
"""


def now() -> str:
    """The current time in Kubernetes' timestamp format."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def matches(labels: dict[str, str], selector: str) -> bool:
    """True if ``labels`` satisfy an equality-based label selector ("a=b,c!=d,e,!f")."""
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if "!=" in term:
            key, value = term.split("!=", 1)
            if labels.get(key) == value:
                return False
        elif "=" in term:
            key, value = term.replace("==", "=").split("=", 1)
            if labels.get(key) != value:
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def merge(target: dict, patch: dict) -> dict:
    """Apply a JSON merge patch (RFC 7386) to ``target`` in place."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def status_body(code: int, reason: str, message: str) -> dict:
    """A Kubernetes Status object."""
    outcome = "Success" if code < 400 else "Failure"
    return dict(kind="Status", apiVersion="v1", status=outcome, code=code, reason=reason,
                message=message)  # fmt: skip


class FakeKubernetes:
    """In-memory Jobs and pods plus the helpers tests use to drive them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.objects: dict[tuple[str, str, str], dict] = {}  # (kind, namespace, name) -> object
        self.logs: dict[tuple[str, str], str] = {}  # (namespace, pod) -> text
        self.requests: list[tuple[str, str]] = []  # (method, path with query)
        self.faults: list[tuple[str, float]] = []  # ("fail", status) or ("delay", seconds)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll interval keeps shutdown (and so each test's teardown) fast.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.api_client = k8s.ApiClient(self.configuration())

    def configuration(self) -> k8s.Configuration:
        """Client configuration for this server; read errors are not retried (fast tests)."""
        cfg = k8s.Configuration()
        cfg.host = self.url
        cfg.retries = urllib3.Retry(total=1, read=0, redirect=0)
        return cfg

    def write_kubeconfig(self, path: Path, namespace: str = "default") -> Path:
        """Write a kubeconfig file that points at this server and return its path."""
        path.write_text(KUBECONFIG.format(url=self.url, namespace=namespace))
        return path

    def close(self) -> None:
        """Stop the server (releasing any delayed request) and the client; idempotent."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.api_client.close()

    # -- state helpers --------------------------------------------------------------------

    def job(self, name: str, namespace: str = "default") -> dict | None:
        """A copy of the stored Job, or None."""
        with self.lock:
            return copy.deepcopy(self.objects.get(("jobs", namespace, name)))

    def jobs(self, namespace: str = "default") -> list[dict]:
        """Copies of every Job in ``namespace``."""
        with self.lock:
            return [
                copy.deepcopy(o)
                for (kind, ns, _), o in self.objects.items()
                if kind == "jobs" and ns == namespace
            ]

    def set_status(self, name: str, namespace: str = "default", **status: Any) -> None:
        """Replace a Job's status with ``status``."""
        with self.lock:
            self.objects[("jobs", namespace, name)]["status"] = status

    def mark_active(self, name: str, namespace: str = "default") -> None:
        """The Job has a running pod."""
        self.set_status(name, namespace, active=1, ready=1, startTime=now())

    def mark_succeeded(self, name: str, namespace: str = "default") -> None:
        """The Job completed."""
        done = [{"type": "Complete", "status": "True", "lastTransitionTime": now()}]
        self.set_status(name, namespace, succeeded=1, startTime=now(), completionTime=now(),
                        conditions=done)  # fmt: skip

    def mark_failed(
        self,
        name: str,
        namespace: str = "default",
        reason: str = "BackoffLimitExceeded",
        message: str = "",
    ) -> None:
        """The Job failed for ``reason`` (e.g. DeadlineExceeded)."""
        failed = dict(type="Failed", status="True", reason=reason, message=message,
                      lastTransitionTime=now())  # fmt: skip
        self.set_status(name, namespace, failed=1, startTime=now(), conditions=[failed])

    def add_pod(
        self, job_name: str, log: str = "", namespace: str = "default", phase: str = "Failed"
    ) -> str:
        """Add a pod of ``job_name`` with ``log`` as its output; returns the pod name."""
        name = f"{job_name}-{uuid.uuid4().hex[:5]}"
        labels = {"job-name": job_name, "batch.kubernetes.io/job-name": job_name}
        meta = dict(name=name, namespace=namespace, labels=labels, creationTimestamp=now())
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "status": {"phase": phase}}
        with self.lock:
            self.objects[("pods", namespace, name)] = pod
            self.logs[(namespace, name)] = log
        return name

    def fail_next(self, count: int = 1, status: int = 500) -> None:
        """Answer the next ``count`` requests with HTTP ``status``."""
        with self.lock:
            self.faults.extend([("fail", float(status))] * count)

    def delay_next(self, count: int = 1, seconds: float = 5.0) -> None:
        """Hold the next ``count`` requests for ``seconds`` before answering them."""
        with self.lock:
            self.faults.extend([("delay", seconds)] * count)

    # -- request handling -----------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict, body: Any) -> tuple[int, Any]:
        """Serve one API request; returns (status, JSON body or text)."""
        route = _ROUTE.match(path)
        if not route:
            return 404, status_body(404, "NotFound", f"no route {path}")
        ns, kind, name, sub = route.group("ns", "kind", "name", "sub")
        key = (kind, ns, name or "")
        with self.lock:
            if sub == "log":
                if ("pods", ns, name) not in self.objects:
                    return 404, status_body(404, "NotFound", f"pods {name!r} not found")
                return 200, _tail(self.logs.get((ns, name), ""), query)
            if name is None and method == "GET":
                return 200, self._list(kind, ns, query.get("labelSelector", [""])[0])
            if name is None and method == "POST":
                return self._create(kind, ns, body)
            if key not in self.objects:
                return 404, status_body(404, "NotFound", f'{kind} "{name}" not found')
            if method == "GET":
                return 200, copy.deepcopy(self.objects[key])
            if method == "PATCH":
                return 200, copy.deepcopy(merge(self.objects[key], body or {}))
            if method == "DELETE":
                self._delete(key)
                return 200, status_body(200, "", f"{kind} {name} deleted")
        return 405, status_body(405, "MethodNotAllowed", method)

    def _list(self, kind: str, ns: str, selector: str) -> dict:
        items = [
            copy.deepcopy(o)
            for (k, n, _), o in sorted(self.objects.items())
            if k == kind and n == ns and matches(o["metadata"].get("labels") or {}, selector)
        ]
        list_kind = "JobList" if kind == "jobs" else "PodList"
        return {"kind": list_kind, "apiVersion": "v1", "metadata": {}, "items": items}

    def _create(self, kind: str, ns: str, body: dict) -> tuple[int, Any]:
        name = body["metadata"]["name"]
        if (kind, ns, name) in self.objects:
            return 409, status_body(409, "AlreadyExists", f'{kind} "{name}" already exists')
        obj = copy.deepcopy(body)
        obj["metadata"].update(
            namespace=ns, uid=str(uuid.uuid4()), creationTimestamp=now(), resourceVersion="1"
        )
        obj.setdefault("status", {})
        self.objects[(kind, ns, name)] = obj
        return 201, copy.deepcopy(obj)

    def _delete(self, key: tuple[str, str, str]) -> None:
        kind, _, name = key
        del self.objects[key]
        if kind == "jobs":  # background propagation: the Job's pods go with it
            for pod_key, pod in list(self.objects.items()):
                if pod_key[0] == "pods" and pod["metadata"]["labels"].get("job-name") == name:
                    del self.objects[pod_key]

    def next_fault(self) -> tuple[str, float] | None:
        """Pop the next injected fault, if any."""
        with self.lock:
            return self.faults.pop(0) if self.faults else None


def _tail(text: str, query: dict) -> str:
    if "tailLines" in query:
        text = "".join(text.splitlines(keepends=True)[-int(query["tailLines"][0]) :])
    if "limitBytes" in query:
        text = text.encode()[: int(query["limitBytes"][0])].decode(errors="ignore")
    return text


def _handler_for(fake: FakeKubernetes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Without this every small response waits for the peer's delayed ACK (~40 ms).
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            with fake.lock:
                fake.requests.append((self.command, self.path))
            fault = fake.next_fault()
            if fault and fault[0] == "delay" and fake.stopping.wait(fault[1]):
                return
            if fault and fault[0] == "fail":
                code = int(fault[1])
                status, payload = code, status_body(code, "InternalError", "injected failure")
            else:
                body = json.loads(raw) if raw else None
                status, payload = fake.handle(self.command, parts.path, parse_qs(parts.query), body)
            self._send(status, payload)

        def _send(self, status: int, payload: Any) -> None:
            is_text = isinstance(payload, str)
            data = payload.encode() if is_text else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if is_text else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # The client may have given up already (timeout tests).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

    return Handler


@pytest.fixture
def fake_k8s() -> Iterator[FakeKubernetes]:
    """A fresh fake Kubernetes API server; ``.api_client`` is an official client pointed at it."""
    fake = FakeKubernetes()
    try:
        yield fake
    finally:
        fake.close()
