"""job_status: the one mapping from a Job's status to the runner's BuildStatus."""

from __future__ import annotations

import pytest

from r2w.runners import BuildStatus
from r2w.runners.jobspec import job_status

T0, T1 = "2025-01-01T10:00:00Z", "2025-01-01T10:01:30Z"


@pytest.mark.parametrize(
    ("status", "spec", "expected", "message"),
    [
        ({}, {}, BuildStatus.QUEUED, "waiting to be scheduled"),
        ({}, {"suspend": True}, BuildStatus.QUEUED, "waiting for a free build slot"),
        ({"active": 1, "startTime": T0}, {}, BuildStatus.RUNNING, "running"),
        ({"failed": 1, "startTime": T0}, {"backoffLimit": 1}, BuildStatus.RUNNING, "running"),
        (
            {
                "succeeded": 1,
                "startTime": T0,
                "completionTime": T1,
                "conditions": [{"type": "Complete", "status": "True"}],
            },
            {},
            BuildStatus.SUCCEEDED,
            "completed",
        ),
        (
            {"startTime": T0, "conditions": [{"type": "SuccessCriteriaMet", "status": "True"}]},
            {},
            BuildStatus.SUCCEEDED,
            "completed",
        ),
        (
            {
                "failed": 2,
                "startTime": T0,
                "conditions": [
                    {
                        "type": "Failed",
                        "status": "True",
                        "reason": "BackoffLimitExceeded",
                        "lastTransitionTime": T1,
                    }
                ],
            },
            {},
            BuildStatus.FAILED,
            "builder failed (retry limit reached)",
        ),
        (
            {
                "startTime": T0,
                "conditions": [
                    {
                        "type": "Failed",
                        "status": "True",
                        "reason": "DeadlineExceeded",
                        "message": "Job was active longer than specified deadline",
                    }
                ],
            },
            {},
            BuildStatus.FAILED,
            "deadline exceeded: the build ran longer than activeDeadlineSeconds "
            "(Job was active longer than specified deadline)",
        ),
        (
            {
                "active": 1,
                "startTime": T0,
                "conditions": [{"type": "Failed", "status": "False", "reason": "DeadlineExceeded"}],
            },
            {},
            BuildStatus.RUNNING,
            "running",
        ),
    ],
)
def test_job_status_mapping(status, spec, expected, message) -> None:
    state = job_status({"metadata": {"name": "j"}, "spec": spec, "status": status})

    assert state.status is expected
    assert state.message == message
    if status.get("startTime"):
        assert state.started_at is not None and state.started_at.isoformat().startswith("2025")


def test_job_status_times_and_vanished() -> None:
    done = job_status(
        {
            "status": {
                "startTime": T0,
                "completionTime": T1,
                "conditions": [{"type": "Complete", "status": "True"}],
            }
        }
    )

    assert (done.finished_at - done.started_at).total_seconds() == 90
    gone = job_status(None)
    assert (gone.status, gone.message) == (BuildStatus.FAILED, "vanished")
    deleting = job_status({"metadata": {"deletionTimestamp": T1}, "status": {"active": 1}})
    assert (deleting.status, deleting.message) == (BuildStatus.FAILED, "cancelled")
