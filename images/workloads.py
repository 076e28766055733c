"""What the images run in the check and the benchmark, with the manifests' writable mounts."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import yaml

from images.container import Container, free_port, wait_for, with_bind

REPO = Path(__file__).resolve().parents[1]
WEB_MANIFEST = REPO / "kustomize" / "base" / "web-deployment.yaml"
BUILD_JOB_MANIFEST = REPO / "manifests" / "build-job.yaml"
SAMPLE_CV = REPO / "tests" / "fixtures" / "cvs" / "comprehensive_all_components_cv.txt"
RUN_AS = 10001  # runAsUser in every manifest
OUTPUT_PREFIX = "sites/" + "0" * 32 + "/"


def writable_paths(manifest: Path) -> list[str]:
    """Writable mount paths of a Deployment's or Job's first container: its only writable paths."""
    spec = yaml.safe_load(manifest.read_text())["spec"]["template"]["spec"]
    mounts = spec["containers"][0].get("volumeMounts", [])
    # Read-only mounts (the Secret's files) are not places the process may write to.
    return [mount["mountPath"] for mount in mounts if not mount.get("readOnly")]


def emptydirs(workdir: Path, paths: list[str]) -> dict[str, str]:
    """Host folders standing in for the manifests' emptyDirs: {host path: path inside}."""
    volumes = {}
    for inside in paths:
        host = workdir / inside.strip("/").replace("/", "_")
        host.mkdir(parents=True)
        # Like an emptyDir under fsGroup 10001: writable by the pod's user and nobody else.
        os.chown(host, RUN_AS, RUN_AS)
        host.chmod(0o770)
        volumes[str(host)] = inside
    return volumes


def web_env() -> dict[str, str]:
    """Local defaults, with the instance folder (SQLite, sessions, files) in the /tmp emptyDir."""
    # PROMETHEUS_MULTIPROC_DIR is what the Deployment sets (its own emptyDir).
    return {"INSTANCE_PATH": "/tmp/r2w-instance", "PROMETHEUS_MULTIPROC_DIR": "/tmp/prometheus"}


def host_path(volumes: dict[str, str], inside: str) -> Path:
    """The host folder behind a path inside the container (deepest mount that holds it)."""
    best = max((v for v in volumes.values() if inside.startswith(v)), key=len)
    host = next(h for h, v in volumes.items() if v == best)
    return Path(host) / inside[len(best) :].lstrip("/")


def start_web(
    ctr: Container, volumes: dict[str, str], log: Path
) -> tuple[subprocess.Popen[bytes], str, float]:
    """Start the image's own command on a free port: (process, base URL, seconds to /healthz)."""
    port = free_port()
    argv = [*(ctr.config.get("Entrypoint") or []), *ctr.config["Cmd"]]
    argv = with_bind(argv, f"127.0.0.1:{port}")
    started = time.monotonic()
    proc = ctr.spawn(argv, log, env=web_env(), volumes=volumes)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/healthz", proc, log)
    return proc, base, time.monotonic() - started


def front_container() -> tuple[list[str], str, list[str]]:
    """The web Deployment's nginx container: (command, config mount, writable mounts)."""
    spec = yaml.safe_load(WEB_MANIFEST.read_text())["spec"]["template"]["spec"]
    (nginx,) = [c for c in spec["containers"] if c["name"] == "nginx"]
    mounts = nginx["volumeMounts"]
    config = next(mount["mountPath"] for mount in mounts if mount.get("readOnly"))
    writable = [mount["mountPath"] for mount in mounts if not mount.get("readOnly")]
    return nginx["command"], config, writable


def start_front(
    ctr: Container, workdir: Path, upstream_port: int, log: Path
) -> tuple[subprocess.Popen[bytes], str, Path]:
    """The nginx front as the Deployment runs it (its command, the shipped config mounted
    read-only, an emptyDir stand-in), before gunicorn on upstream_port.

    Returns the process, its base URL and the host file that receives its stdout (access log).
    """
    from tests.support.nginx_front import NginxFront

    command, config_mount, writable = front_container()
    volumes = emptydirs(workdir / "front-volumes", writable)
    front = NginxFront(workdir / "front", free_port(), free_port(), upstream_port)
    conf = front.render(["127.0.0.1"], in_pod_paths=True)
    # Like a ConfigMap volume: readable by the pod's user, not writable.
    conf.parent.chmod(0o755)
    for path in conf.parent.iterdir():
        path.chmod(0o644)
    volumes[str(conf.parent)] = config_mount + ":ro"
    # runc hands a container's stdout to its user, so nginx (uid 10001) may open /dev/stdout
    # for its access log; buildah's chroot isolation keeps it root's. A file in the emptyDir
    # stands in for that stdout; the command itself is the Deployment's.
    stdout = f"{writable[0]}/stdout.log"
    wrapped = ["sh", "-c", f'exec "$@" >{stdout}', "sh", *command]
    proc = ctr.spawn(wrapped, log, volumes=volumes)
    wait_for(f"http://127.0.0.1:{front.health_port}/healthz", proc, log, timeout=30)
    return proc, front.url, host_path(volumes, stdout)


def sample_document() -> dict[str, Any]:
    """The comprehensive sample CV through r2w's offline extractor, validated."""
    from r2w.cvdoc import validate_document
    from r2w.extraction.heuristic import HeuristicExtractor
    from r2w.extraction.text import extract_text

    data = SAMPLE_CV.read_bytes()
    text = extract_text(data, "txt").text
    return validate_document(HeuristicExtractor().extract(text, source=data, kind="txt"))


def write_spec(folder: Path, document: dict[str, Any] | None) -> Path:
    """A build spec for the document (or a malformed one when None) in folder, readable by 10001."""
    if document is None:
        spec: dict[str, Any] = {"buildId": "bad", "theme": "no-such-theme"}
        path = folder / "bad-spec.json"
    else:
        spec = {"buildId": "image-check", "portfolioId": "image-check", "theme": "professional",
                "document": document, "options": {}, "outputPrefix": OUTPUT_PREFIX}  # fmt: skip
        path = folder / "spec.json"
    path.write_text(json.dumps(spec))
    os.chown(path, RUN_AS, RUN_AS)
    return path


def render(ctr: Container, volumes: dict[str, str], spec_inside: str, storage_inside: str):
    """Run the image's entrypoint on a spec file into file:// storage; the completed process."""
    argv = [*ctr.config["Entrypoint"], "--spec-file", spec_inside,
            "--storage-url", f"file://{storage_inside}"]  # fmt: skip
    return ctr.run(argv, volumes=volumes)
