"""The images' Dockerfiles: multi-stage, pinned, non-root, dependencies before code."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.kustomize.k8s import REPO

WEB_DOCKERFILE = REPO / "Dockerfile"
# Every image the overlays deploy; the builder's Dockerfile is checked once it exists.
DOCKERFILES = [p for p in (WEB_DOCKERFILE, REPO / "builder" / "Dockerfile") if p.exists()]
CODE_PATHS = ("r2w", "builder", "manifests", "migrations", "wsgi.py", ".")
BUILD_TOOLS = re.compile(r"\b(build-essential|gcc|g\+\+|make|[\w.+-]+-dev)\b")

Instruction = tuple[str, str]


def parse(text: str) -> list[Instruction]:
    """Return (INSTRUCTION, arguments) pairs, with continuations joined and comments dropped."""
    instructions: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        pending = ""
    return instructions


def stages(instructions: list[Instruction]) -> list[list[Instruction]]:
    """Split instructions into build stages (each starting with its FROM)."""
    result: list[list[Instruction]] = []
    for instruction in instructions:
        if instruction[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def base_images(instructions: list[Instruction]) -> list[str]:
    """Resolve each FROM to an image (global ARG defaults substituted, stage names kept)."""
    args: dict[str, str] = {}
    for keyword, value in instructions:
        if keyword == "FROM":
            break
        if keyword == "ARG" and "=" in value:
            name, _, default = value.partition("=")
            args[name] = default
    images = []
    for keyword, value in instructions:
        if keyword == "FROM":
            image = next(w for w in value.split() if not w.startswith("--"))
            images.append(re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args[m[1] or m[2]], image))
    return images


def _copy_sources(args: str) -> list[str]:
    words = [w for w in shlex.split(args) if not w.startswith("--")]
    return [w.rstrip("/") or "." for w in words[:-1]]


def _first_code_copy(stage: list[Instruction]) -> int:
    for index, (keyword, args) in enumerate(stage):
        is_local_copy = keyword == "COPY" and "--from" not in args
        if is_local_copy and set(_copy_sources(args)) & set(CODE_PATHS):
            return index
    return len(stage)


@pytest.fixture(params=DOCKERFILES, ids=lambda p: str(p.relative_to(REPO)))
def dockerfile(request: pytest.FixtureRequest) -> list[Instruction]:
    """Each Dockerfile, parsed."""
    path: Path = request.param
    return parse(path.read_text())


def test_multi_stage(dockerfile: list[Instruction]):
    """A build stage and a runtime stage at least."""
    assert len(stages(dockerfile)) >= 2


def test_base_images_pinned(dockerfile: list[Instruction]):
    """Every external base image names a version (tag) or a digest; never latest or bare."""
    stage_names = {
        args.split()[-1].lower()
        for kw, args in dockerfile
        if kw == "FROM" and " AS " in args.upper()
    }
    for image in base_images(dockerfile):
        if image.lower() in stage_names:
            continue
        assert re.search(r":\d+(\.\d+)*[\w.-]*$|@sha256:[0-9a-f]{64}$", image), image


def test_web_base_image_pins_the_patch_release():
    """The web image names the exact Python release it was tested with."""
    for image in base_images(parse(WEB_DOCKERFILE.read_text())):
        assert re.match(r"python:3\.11\.\d+-slim-\w+$", image), image


def test_runs_as_numeric_non_root_user(dockerfile: list[Instruction]):
    """The final stage switches to a numeric, non-zero user (runAsNonRoot can verify it)."""
    users = [args for keyword, args in stages(dockerfile)[-1] if keyword == "USER"]
    assert users, "no USER in the final stage"
    assert re.fullmatch(r"[1-9]\d*(:[1-9]\d*)?", users[-1]), users[-1]


def test_dependencies_installed_before_code(dockerfile: list[Instruction]):
    """requirements.txt is installed before any code is copied (cached dependency layer)."""
    for stage in stages(dockerfile):
        installs = [
            i
            for i, (kw, args) in enumerate(stage)
            if kw == "RUN" and re.search(r"pip install .*-r ", args)
        ]
        for index in installs:
            assert index < _first_code_copy(stage)
    assert any(re.search(r"pip install .*-r ", args) for kw, args in dockerfile if kw == "RUN")


def test_runtime_stage_has_no_build_tools(dockerfile: list[Instruction]):
    """Compilers and headers stay in the build stage."""
    runtime = stages(dockerfile)[-1]
    installs = [args for kw, args in runtime if kw == "RUN" and "install" in args]
    assert [args for args in installs if BUILD_TOOLS.search(args)] == []


def test_web_image_contents():
    """Runtime: PDF/OCR tools, nginx, venv before code, :8000, gunicorn, no HEALTHCHECK."""
    instructions = parse(WEB_DOCKERFILE.read_text())
    runtime = stages(instructions)[-1]
    apt = [args for kw, args in runtime if kw == "RUN" and "apt-get install" in args]
    packages = {w for args in apt for w in args.split("install", 1)[1].split("&&")[0].split()}
    # PDF and OCR tools (the build stage swaps in headless OpenCV, which needs no libGL), the
    # French, Spanish and Arabic OCR models, and nginx for the pod's front container.
    ocr_models = {"tesseract-ocr-fra", "tesseract-ocr-spa", "tesseract-ocr-ara"}
    tools = {"poppler-utils", "tesseract-ocr", *ocr_models, "nginx"}
    assert {p for p in packages if not p.startswith("-")} == tools
    venv = [i for i, (kw, args) in enumerate(runtime) if kw == "COPY" and "--from=build" in args]
    assert venv and venv[0] < _first_code_copy(runtime) < len(runtime)
    copied = {
        src
        for kw, args in runtime
        if kw == "COPY" and "--from" not in args
        for src in _copy_sources(args)
    }
    assert copied == {"r2w", "builder", "manifests", "migrations", "wsgi.py"}
    assert ("EXPOSE", "8000 8080") in runtime
    assert all(kw != "HEALTHCHECK" for kw, _ in instructions)
    command = json.loads(next(args for kw, args in runtime if kw == "CMD"))
    assert command[0] == "gunicorn" and command[-1] == "wsgi:app"
    assert "0.0.0.0:8000" in command and "gthread" in command


def test_parse_joins_continuations_and_skips_comments():
    """The parser the checks above rely on."""
    text = "# c\nFROM a:1.2.3 AS b\nRUN x \\\n    && y\nFROM b\n"
    assert parse(text) == [("FROM", "a:1.2.3 AS b"), ("RUN", "x && y"), ("FROM", "b")]
    assert base_images(parse("ARG I=py:3.11.1\nFROM ${I} AS s\n")) == ["py:3.11.1"]


def test_dockerignore_keeps_secrets_and_local_state_out():
    """The build context excludes VCS, virtualenvs, .env files and tests."""
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", ".env.*", "tests"} <= ignored
