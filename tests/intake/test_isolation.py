"""Reading runs in a child with a memory ceiling and a time limit; the caller never dies."""

from __future__ import annotations

import os

import pytest

from r2w.intake.isolation import LimitExceeded, Limits, run_limited
from tests.intake import child_tasks

LIMITS = Limits(memory_mb=256, seconds=10)


def test_a_task_runs_in_another_process_and_the_child_is_reused():
    assert run_limited(child_tasks.add, 2, 3, limits=LIMITS) == 5
    first = run_limited(child_tasks.pid, limits=LIMITS)
    assert first != os.getpid()
    assert run_limited(child_tasks.pid, limits=LIMITS) == first


def test_an_allocation_past_the_address_space_cap_is_refused_and_the_child_replaced():
    before = run_limited(child_tasks.pid, limits=LIMITS)
    with pytest.raises(LimitExceeded) as caught:
        run_limited(child_tasks.hog, 3 * 1024, limits=LIMITS)  # a 3 GiB inflation
    assert caught.value.reason == "memory"
    after = run_limited(child_tasks.pid, limits=LIMITS)
    assert after != before
    assert run_limited(child_tasks.add, 1, 1, limits=LIMITS) == 2


def test_resident_memory_past_the_ceiling_kills_the_child():
    with pytest.raises(LimitExceeded) as caught:
        run_limited(child_tasks.creep, 400, limits=LIMITS)
    assert caught.value.reason == "memory"


def test_a_task_past_the_time_limit_is_killed():
    with pytest.raises(LimitExceeded) as caught:
        run_limited(child_tasks.sleep, 30, limits=Limits(memory_mb=256, seconds=0.5))
    assert caught.value.reason == "time"
    assert run_limited(child_tasks.add, 2, 2, limits=LIMITS) == 4


def test_a_dying_child_is_reported_as_a_crash():
    with pytest.raises(LimitExceeded) as caught:
        run_limited(child_tasks.die, limits=LIMITS)
    assert caught.value.reason == "crash"
    assert run_limited(child_tasks.add, 3, 3, limits=LIMITS) == 6


def test_ordinary_errors_reach_the_caller_as_they_are():
    with pytest.raises(ValueError, match="not a CV"):
        run_limited(child_tasks.fail, "not a CV", limits=LIMITS)
    assert run_limited(child_tasks.add, 4, 4, limits=LIMITS) == 8
