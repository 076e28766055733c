"""`make image-check`: build both images, then prove they run the way the manifests run them.

Each proof prints one `ok`/`FAIL` line; the run fails if any does. Containers run with buildah
(see container.py) as the image's own user, with host folders standing in for the emptyDirs the
manifests mount, and the rootfs is compared before and after: a write anywhere else would fail
on Kubernetes' read-only root filesystem, so it fails here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from images import workloads
from images.build import build_all
from images.container import Container, changed, get
from images.engine import ImageError, detect
from images.tags import BUILDER, WEB


class Proofs:
    """Collects one line per proof; failed() is True when any did not hold."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        """Print `ok  what` or `FAIL what: detail` and remember failures."""
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + ("" if ok else f": {detail}"), flush=True)
        if not ok:
            self.failures.append(what)
        return ok


def _uid(ctr: Container, volumes: dict[str, str]) -> str:
    return ctr.run(
        ["sh", "-c", "awk '/^Uid:/ {print $2}' /proc/self/status"], volumes=volumes
    ).stdout.strip()


def _rootfs_untouched(
    proofs: Proofs, ctr: Container, before, footprint: set[str], name: str
) -> None:
    """Nothing written to the rootfs since `before`, beyond what a no-op `buildah run` touches."""
    writes = [p for p in changed(before, ctr.snapshot()) if p not in footprint]
    proofs.check(not writes, f"{name}: nothing written outside the manifests' writable mounts",
                 ", ".join(writes[:10]))  # fmt: skip


def _baseline(ctr: Container, volumes: dict[str, str]):
    """Snapshot after one no-op run, and the paths that run itself touched (buildah's doing)."""
    before = ctr.snapshot()
    ctr.run(["true"], volumes=volumes)
    after = ctr.snapshot()
    return after, set(changed(before, after))


def check_web(proofs: Proofs, ref: str, workdir: Path) -> None:
    """The web image: uid, imports, migrations, health, a page and a static file, a clean rootfs."""
    volumes = workloads.emptydirs(workdir, workloads.writable_paths(workloads.WEB_MANIFEST))
    ctr = Container(ref)
    try:
        snap, footprint = _baseline(ctr, volumes)
        uid = _uid(ctr, volumes)
        proofs.check(uid == "10001", "web: runs as uid 10001", f"uid {uid!r}")
        done = ctr.run(["python", "-c", "import pypdfium2, rapidocr_onnxruntime"], volumes=volumes)
        proofs.check(done.returncode == 0, "web: imports pypdfium2 and rapidocr_onnxruntime",
                     done.stderr.strip()[-300:])  # fmt: skip
        done = ctr.run(["sh", "-c", "pdftotext -v && tesseract --version"], volumes=volumes)
        proofs.check(done.returncode == 0, "web: pdftotext and tesseract present",
                     done.stderr.strip()[-300:])  # fmt: skip
        code = "from r2w.extraction.tools import tesseract_languages as t; print(*sorted(t()))"
        done = ctr.run(["python", "-c", code], volumes=volumes)
        langs = set(done.stdout.split())
        proofs.check({"eng", "deu", "fra", "spa", "ara"} <= langs,
                     "web: scans read in English, German, French, Spanish and Arabic",
                     f"languages {sorted(langs)}; {done.stderr.strip()[-200:]}")  # fmt: skip
        done = ctr.run(["flask", "--app", "wsgi", "db", "upgrade"], env=workloads.web_env(),
                       volumes=volumes)  # fmt: skip
        db = workloads.host_path(volumes, "/tmp/r2w-instance/r2w.db")
        proofs.check(done.returncode == 0 and db.exists(),
                     "web: `flask --app wsgi db upgrade` creates the SQLite DB under /tmp",
                     done.stderr.strip()[-300:])  # fmt: skip
        log = workdir / "web.log"
        proc, base, seconds = workloads.start_web(ctr, volumes, log)
        try:
            proofs.check(True, f"web: the image's CMD answers /healthz 200 after {seconds:.1f} s")
            uids = {_status_uid(pid) for pid in ctr.processes(proc)}
            proofs.check(uids == {"10001"}, "web: every gunicorn process runs as uid 10001",
                         f"uids {sorted(uids)}")  # fmt: skip
            status = get(base + "/readyz")[0]
            proofs.check(status == 200, "web: /readyz 200", f"status {status}")
            status, kind, body = get(base + "/")
            proofs.check(status == 200 and kind.startswith("text/html"), "web: / serves HTML",
                         f"status {status}, {kind}")  # fmt: skip
            static = re.search(rb'(?:href|src)="(/static/[^"]+)"', body)
            url = static.group(1).decode() if static else "/static/ (none linked from /)"
            status = get(base + url)[0] if static else 0
            proofs.check(status == 200, f"web: static file {url} 200", f"status {status}")
            _check_front(proofs, ctr, workdir, int(base.rsplit(":", 1)[1]), url)
        finally:
            ctr.stop(proc)
        _rootfs_untouched(proofs, ctr, snap, footprint, "web")
    finally:
        ctr.remove()


def _check_front(proofs: Proofs, ctr: Container, workdir: Path, port: int, static: str) -> None:
    """The pod's nginx front from the same image, as the Deployment runs it, before gunicorn."""
    log = workdir / "nginx.log"
    try:
        proc, front, access_log = workloads.start_front(ctr, workdir, port, log)
    except ImageError as exc:
        proofs.check(False, "web: the nginx front starts as the Deployment runs it", str(exc))
        return
    try:
        proofs.check(True, "web: the nginx front starts as the Deployment runs it")
        uids = {_status_uid(pid) for pid in ctr.processes(proc)}
        proofs.check(uids == {"10001"}, "web: every nginx process runs as uid 10001",
                     f"uids {sorted(uids)}")  # fmt: skip
        status = get(front + "/healthz")[0]
        proofs.check(status == 200, "web: /healthz 200 through the nginx front", f"status {status}")
        status = get(front + static)[0]
        proofs.check(status == 200, f"web: {static} 200 through the nginx front",
                     f"status {status}")  # fmt: skip
        status = get(front + "/metrics")[0]
        proofs.check(status == 404, "web: /metrics 404 at the nginx front", f"status {status}")
    finally:
        ctr.stop(proc)
    # A stopped nginx has flushed its buffered access log: one JSON line per request.
    lines = access_log.read_text().splitlines() if access_log.exists() else []
    try:
        paths = [json.loads(line)["path"] for line in lines]
    except (ValueError, KeyError):
        paths = []
    proofs.check("/healthz" in paths and "/metrics" in paths,
                 "web: the nginx front logs one JSON line per request to stdout",
                 f"{len(lines)} lines: {lines[:2]}")  # fmt: skip


def _status_uid(pid: int) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Uid:"):
                return line.split()[1]
    except OSError:
        pass
    return "gone"


def check_builder(proofs: Proofs, ref: str, workdir: Path) -> None:
    """The builder image: uid, no Flask, one render into storage, a clear failure on a bad spec."""
    volumes = workloads.emptydirs(workdir, workloads.writable_paths(workloads.BUILD_JOB_MANIFEST))
    tmp = workloads.host_path(volumes, "/tmp")
    workloads.write_spec(tmp, workloads.sample_document())
    workloads.write_spec(tmp, None)
    ctr = Container(ref)
    try:
        snap, footprint = _baseline(ctr, volumes)
        uid = _uid(ctr, volumes)
        proofs.check(uid == "10001", "builder: runs as uid 10001", f"uid {uid!r}")
        done = ctr.run(["python", "-c", "import flask"], volumes=volumes)
        proofs.check(done.returncode != 0 and "No module named 'flask'" in done.stderr,
                     "builder: Flask is absent", done.stderr.strip()[-200:])  # fmt: skip
        started = time.monotonic()
        done = workloads.render(ctr, volumes, "/tmp/spec.json", "/tmp/storage")
        seconds = time.monotonic() - started
        site = tmp / "storage" / workloads.OUTPUT_PREFIX / "index.html"
        proofs.check(done.returncode == 0 and site.exists(),
                     f"builder: renders the sample CV into storage in {seconds:.1f} s, exit 0",
                     (done.stdout + done.stderr).strip()[-400:])  # fmt: skip
        done = workloads.render(ctr, volumes, "/tmp/bad-spec.json", "/tmp/storage-bad")
        lines = done.stdout.strip().splitlines()
        errors = [line for line in lines if '"level": "error"' in line]
        clear = len(errors) == 1 and "traceback" not in errors[0] and "theme" in errors[0]
        proofs.check(done.returncode != 0 and clear,
                     "builder: a bad spec exits non-zero with one readable error line",
                     f"exit {done.returncode}: {done.stdout.strip()[-400:]}")  # fmt: skip
        if errors:
            print(f"     {errors[0]}")
        _rootfs_untouched(proofs, ctr, snap, footprint, "builder")
    finally:
        ctr.remove()


def main() -> int:
    """Build with podman, prove both images, print the benchmark figures; 0 when all hold."""
    from bench import bench_images

    started = time.monotonic()
    if os.geteuid() != 0:
        # buildah mounts image filesystems, and the emptyDir stand-ins are handed to uid 10001.
        print("image-check failed: run it as root (CI does)", file=sys.stderr)
        return 1
    try:
        engine = detect(prefer_podman=True)  # the proofs run in buildah containers
        refs = build_all(engine)
        print(f"built in {time.monotonic() - started:.0f} s: {refs[WEB]} {refs[BUILDER]}")
        proofs = Proofs()
        workdir = Path(tempfile.mkdtemp(prefix="r2w-image-check-"))
        try:
            check_web(proofs, refs[WEB], workdir / "web")
            check_builder(proofs, refs[BUILDER], workdir / "builder")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        print()
        print(bench_images.section(refs, repeat=3))
    except ImageError as exc:
        print(f"image-check failed: {exc}", file=sys.stderr)
        return 1
    print(f"image-check: {len(proofs.failures)} failed; {time.monotonic() - started:.0f} s in all")
    return 1 if proofs.failures else 0
