"""The web pod's nginx front (kustomize/base/nginx/nginx.conf), run locally in front of an app.

The shipped file is used as it is, with only the pod's fixed places moved: its listen ports, the
upstream's address, the emptyDir and the ConfigMap folder. Each of those must occur in the file,
so a change to the shipped config that this cannot follow fails loudly instead of testing
something else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "kustomize" / "base" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Where the pod puts things -> what the local run replaces them with (see NginxFront.start).
POD_CACHE = "/var/cache/r2w-nginx"
POD_CONFIG = "/etc/r2w-nginx"
POD_LISTEN = "listen 8080 default_server;"
POD_HEALTH_LISTEN = "listen 8081;"
POD_UPSTREAM = "server 127.0.0.1:8000;"


def available() -> bool:
    """Whether an nginx binary is installed."""
    return Path(NGINX).exists()


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise AssertionError(f"the shipped nginx.conf no longer contains {old!r}")
    return text.replace(old, new)


def cache_seconds(location: str) -> int:
    """The proxy_cache_valid lifetime (s) of a location block of the shipped config."""
    text = (SHIPPED / "nginx.conf").read_text()
    block = text[text.index(f"location {location} {{") :]
    block = block[: block.index("}")]
    value = re.search(r"proxy_cache_valid 200 304 (\d+)s;", block)
    assert value, f"no proxy_cache_valid in location {location}"
    return int(value.group(1))


class NginxFront:
    """The shipped nginx config, listening on `port`, proxying to the app on `upstream_port`."""

    def __init__(self, workdir: Path, port: int, health_port: int, upstream_port: int) -> None:
        self.workdir = workdir
        self.port = port
        self.health_port = health_port
        self.upstream_port = upstream_port
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def render(self, trusted: list[str], in_pod_paths: bool = False) -> Path:
        """Write the local copy; `trusted` are the real_ip sources (standing in for the ALB).

        With in_pod_paths the file keeps the pod's folders (for a container that mounts the
        written config folder and an emptyDir where the pod does); only the ports move.
        """
        config, cache = self.workdir / "config", self.workdir / "cache"
        config.mkdir(parents=True, exist_ok=True)
        text = (SHIPPED / "nginx.conf").read_text()
        text = _replace(text, POD_LISTEN, f"listen 127.0.0.1:{self.port} default_server;")
        text = _replace(text, POD_HEALTH_LISTEN, f"listen 127.0.0.1:{self.health_port};")
        text = _replace(text, POD_UPSTREAM, f"server 127.0.0.1:{self.upstream_port};")
        lines = [f"set_real_ip_from {source};" for source in trusted]
        (config / "real-ip.conf").write_text("\n".join(lines) + "\n")
        if in_pod_paths:
            (config / "nginx.conf").write_text(text)
            return config / "nginx.conf"
        cache.mkdir(parents=True, exist_ok=True)
        text = _replace(text, POD_CACHE, str(cache))
        text = _replace(text, POD_CONFIG, str(config))
        text = _replace(text, "access_log /dev/stdout", f"access_log {self.workdir}/access.log")
        if os.geteuid() == 0:
            # The pod runs nginx as 10001; as root here, workers would drop to "nobody" and could
            # not write the cache folder, so they stay root for the local run.
            text = "user root root;\n" + text
        (config / "nginx.conf").write_text(text)
        return config / "nginx.conf"

    def start(self, trusted: list[str], timeout: float = 10) -> NginxFront:
        """Render, check (nginx -t) and start the front; wait until it answers its probe."""
        conf = self.render(trusted)
        log = open(self.workdir / "error.log", "ab")  # noqa: SIM115 - lives as long as nginx
        base = [NGINX, "-c", str(conf), "-p", str(self.workdir), "-e", "stderr"]
        subprocess.run([*base, "-t", "-q"], check=True, stdout=log, stderr=log, timeout=30)
        self.process = subprocess.Popen(base, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        probe = f"http://127.0.0.1:{self.health_port}/healthz"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(probe, timeout=1) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not start: {(self.workdir / 'error.log').read_text()}")

    def stop(self) -> None:
        """Stop nginx (fast shutdown) and wait for it."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
