"""Build and prove r2w's two container images: `make image` and `make image-check`.

Docker builds them where a Docker engine answers; otherwise podman does (`--isolation chroot`,
host network, the host's CA bundle mounted so pip trusts a TLS-inspecting proxy). Where the
official Python base cannot be pulled, a Debian bookworm base with Python 3.11 is made from
Debian's packages with mmdebstrap (see base.py).
"""
