"""Build runner interface: submit a build, read its state, cancel it, list live builds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol, runtime_checkable


class BuildStatus(str, Enum):
    """Lifecycle of a build as the app sees it."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        """True for the terminal states."""
        return self in (BuildStatus.SUCCEEDED, BuildStatus.FAILED)


@dataclass(frozen=True)
class BuildRequest:
    """What a runner needs to start one build."""

    build_id: str
    portfolio_id: str
    spec_key: str
    owner_key: str


@dataclass(frozen=True)
class RunnerState:
    """The state of one build as reported by its runner."""

    status: BuildStatus
    message: str = ""
    log_tail: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None


class RunnerError(Exception):
    """A retryable infrastructure failure (API down, timeout, process could not start)."""


VANISHED = "vanished"


@runtime_checkable
class BuildRunner(Protocol):
    """Runs builder processes somewhere and reports on them."""

    name: str

    def submit(self, req: BuildRequest) -> str: ...

    def state(self, handle: str) -> RunnerState: ...

    def cancel(self, handle: str) -> None: ...

    def handles(self) -> list[str]: ...
