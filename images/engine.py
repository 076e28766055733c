"""Which container engine builds here: Docker when an engine answers, otherwise podman."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence

# The host's CA bundle: mounted over the build's own so pip trusts what the host trusts.
HOST_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


class ImageError(RuntimeError):
    """A build or check step failed; the message says which and why, in one line."""


def run(cmd: Sequence[str], *, capture: bool = False, timeout: float | None = None) -> str:
    """Run a command; raise ImageError naming it (and its last error line) when it fails."""
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    try:
        done = subprocess.run(
            list(cmd),
            check=False,
            text=True,
            stdout=subprocess.PIPE if capture else None,
            stderr=subprocess.PIPE if capture else None,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise ImageError(f"{cmd[0]} {cmd[1]} did not finish within {timeout:.0f} s") from None
    if done.returncode != 0:
        last = (done.stderr or "").strip().splitlines()[-1:] or ["see the output above"]
        raise ImageError(f"`{' '.join(cmd[:3])} …` exited {done.returncode}: {last[0]}")
    return done.stdout or ""


def docker_answers() -> bool:
    """True when a Docker engine answers `docker info`."""
    if not shutil.which("docker"):
        return False
    try:
        done = subprocess.run(["docker", "info"], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def detect(prefer_podman: bool = False) -> str:
    """'docker' or 'podman', or ImageError when neither can build."""
    if not prefer_podman and docker_answers():
        return "docker"
    missing = [tool for tool in ("podman", "buildah") if not shutil.which(tool)]
    if missing:
        raise ImageError(
            "no Docker engine answers and " + " and ".join(missing) + " is not installed "
            "(apt-get install podman buildah mmdebstrap uidmap)"
        )
    return "podman"


def build_command(
    engine: str, dockerfile: str, ref: str, build_args: dict[str, str], context: str = "."
) -> list[str]:
    """The command that builds one image with the given engine."""
    cmd = [engine, "build", "-f", dockerfile, "-t", ref]
    if engine == "podman":
        # chroot isolation and the host network are what work without a container runtime
        # that may set rlimits or create network namespaces (CI runners, nested containers).
        cmd += ["--isolation", "chroot", "--network", "host"]
        cmd += ["-v", f"{HOST_CA_BUNDLE}:{HOST_CA_BUNDLE}:ro"]
    for key, value in sorted(build_args.items()):
        cmd += ["--build-arg", f"{key}={value}"]
    return [*cmd, context]


def image_exists(engine: str, ref: str) -> bool:
    """True when the engine has the image locally."""
    cmd = [engine, "image", "inspect", ref]
    return subprocess.run(cmd, capture_output=True).returncode == 0


def image_size(engine: str, ref: str) -> int:
    """Size of a local image in bytes, as the engine reports it."""
    return int(run([engine, "image", "inspect", "--format", "{{.Size}}", ref], capture=True))
