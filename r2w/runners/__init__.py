"""Build runners: local subprocesses or Kubernetes Jobs, picked by name."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from r2w.runners.base import (
    BuildRequest,
    BuildRunner,
    BuildStatus,
    RunnerError,
    RunnerState,
)

if TYPE_CHECKING:
    from r2w.runners.kubernetes import KubernetesRunner
    from r2w.runners.local import LocalRunner

__all__ = [
    "BuildRequest",
    "BuildRunner",
    "BuildStatus",
    "KubernetesRunner",
    "LocalRunner",
    "RunnerError",
    "RunnerState",
    "runner_from_name",
]

# name -> (module, class); modules load on demand so the kubernetes client is only imported
# where Kubernetes is configured.
_RUNNERS = {
    "local": ("r2w.runners.local", "LocalRunner"),
    "kubernetes": ("r2w.runners.kubernetes", "KubernetesRunner"),
}


def runner_from_name(name: str, **settings: Any) -> BuildRunner:
    """Build the runner called ``name`` ("local" or "kubernetes") with ``settings``."""
    try:
        module, cls = _RUNNERS[name]
    except (KeyError, TypeError):
        valid = ", ".join(sorted(_RUNNERS))
        raise ValueError(f"unknown build runner {name!r}; valid runners: {valid}") from None
    return getattr(importlib.import_module(module), cls)(**settings)


def __getattr__(name: str) -> Any:
    for module, cls in _RUNNERS.values():
        if cls == name:
            return getattr(importlib.import_module(module), cls)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
