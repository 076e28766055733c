"""Image size and start time of the web and builder images (built with podman, run with buildah).

    .venv/bin/python -m bench.bench_images [--repeat N]

Web start: seconds from `buildah run` of the image's own gunicorn command (bound to a free local
port, instance folder in the /tmp emptyDir) until /healthz answers 200. Builder: wall seconds of
one `buildah run` of the image's entrypoint rendering the comprehensive sample CV into file://
storage. Both include buildah's own start (a chroot and bind mounts, about a tenth of a second),
which Kubernetes replaces with its own. Sizes are what podman reports for the local image.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from images import workloads  # noqa: E402
from images.container import Container  # noqa: E402
from images.engine import ImageError, image_size  # noqa: E402
from images.tags import BUILDER, WEB  # noqa: E402

TITLE = "## Container images: size and start time"


def web_start_seconds(ref: str, repeat: int) -> list[float]:
    """Seconds to a 200 from /healthz, one fresh set of emptyDirs per start."""
    ctr = Container(ref)
    times = []
    try:
        for run in range(repeat):
            workdir = Path(tempfile.mkdtemp(prefix="r2w-bench-web-"))
            try:
                mounts = workloads.writable_paths(workloads.WEB_MANIFEST)
                volumes = workloads.emptydirs(workdir, mounts)
                # The schema exists before the pod starts (the migrate Job runs first).
                ctr.run(["flask", "--app", "wsgi", "db", "upgrade"], env=workloads.web_env(),
                        volumes=volumes)  # fmt: skip
                proc, _, seconds = workloads.start_web(ctr, volumes, workdir / f"web-{run}.log")
                ctr.stop(proc)
                times.append(seconds)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    finally:
        ctr.remove()
    return times


def builder_render_seconds(ref: str, repeat: int) -> list[float]:
    """Wall seconds of one render of the sample CV, into fresh storage each time."""
    document = workloads.sample_document()
    ctr = Container(ref)
    times = []
    try:
        for _ in range(repeat):
            workdir = Path(tempfile.mkdtemp(prefix="r2w-bench-builder-"))
            try:
                volumes = workloads.emptydirs(
                    workdir, workloads.writable_paths(workloads.BUILD_JOB_MANIFEST)
                )
                workloads.write_spec(workloads.host_path(volumes, "/tmp"), document)
                started = time.monotonic()
                done = workloads.render(ctr, volumes, "/tmp/spec.json", "/tmp/storage")
                if done.returncode != 0:
                    raise ImageError(f"builder render failed: {done.stdout.strip()[-300:]}")
                times.append(time.monotonic() - started)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    finally:
        ctr.remove()
    return times


def section(refs: dict[str, str], repeat: int) -> str:
    """The Markdown section for the images in refs ({name: reference})."""
    web = web_start_seconds(refs[WEB], repeat)
    builder = builder_render_seconds(refs[BUILDER], repeat)
    mib = {name: image_size("podman", ref) / 2**20 for name, ref in refs.items()}
    rows = [
        f"| {WEB} | `{refs[WEB]}` | {mib[WEB]:.0f} | time to /healthz 200: "
        f"{statistics.median(web):.2f} s (min {min(web):.2f}) |",
        f"| {BUILDER} | `{refs[BUILDER]}` | {mib[BUILDER]:.0f} | one render of the sample CV: "
        f"{statistics.median(builder):.2f} s (min {min(builder):.2f}) |",
    ]
    return "\n".join([
        TITLE, "",
        f"Built with podman, run with `buildah run --isolation chroot`; median of {repeat} "
        "starts. Reproduce: `.venv/bin/python -m bench.bench_images` or `make image-check`.", "",
        "| image | reference | size (MiB) | start |", "|---|---|---:|---|", *rows,
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> str:
    """Build the images if needed and return the section (or a line saying why it was skipped)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    missing = [tool for tool in ("podman", "buildah") if not shutil.which(tool)]
    if missing:
        return f"{TITLE}\n\nSkipped: {' and '.join(missing)} not installed on this machine.\n"
    from images.build import build_all

    try:
        refs = build_all("podman")
    except ImageError as exc:
        return f"{TITLE}\n\nSkipped: the images could not be built here ({exc}).\n"
    return section(refs, args.repeat)


if __name__ == "__main__":
    print(main())
