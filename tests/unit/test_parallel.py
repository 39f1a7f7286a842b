"""map_batches: results in input order whichever process computed them, stripes taken by whichever process is free,
a function given whole stripes, and a worker's error raised here; in_background: a worker waited for, whether or not
its result is asked for."""

from __future__ import annotations

import os
import time
from typing import Callable, Sequence, TypeVar

import pytest

from digest.parallel import STRIPE, in_background, map_batches

R = TypeVar("R")

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked; this system has no fork")


def map_each(fn: Callable[[int], R], items: list[int], *, jobs: int,
             progress: Callable[[int], None] | None = None) -> list[R]:
    """`fn` of each item, through `map_batches` in stripes of STRIPE."""
    return map_batches(lambda batch: [fn(n) for n in batch], items, jobs=jobs, progress=progress)


def test_results_come_back_in_input_order_from_several_processes() -> None:
    items = list(range(40 * STRIPE + 7))  # a ragged last stripe
    ticks: list[int] = []

    def square(n: int) -> tuple[int, int]:
        time.sleep(0.001)  # long enough for every process to take stripes before they run out
        return n * n, os.getpid()

    results = map_each(square, items, jobs=3, progress=ticks.append)
    assert [value for value, _ in results] == [n * n for n in items]
    assert len({pid for _, pid in results}) == 3
    assert sum(ticks) == len(items)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_function_is_given_whole_stripes_and_its_results_come_back_in_order(jobs: int) -> None:
    items = list(range(20 * 50 + 3))
    ticks: list[int] = []

    def double(batch: Sequence[int]) -> list[tuple[int, int, int]]:
        time.sleep(0.001)
        return [(n * 2, len(batch), os.getpid()) for n in batch]

    results = map_batches(double, items, jobs=jobs, stripe=50, progress=ticks.append)
    assert [value for value, _, _ in results] == [n * 2 for n in items]
    # Forking, the first item is done alone before the workers start (it loads what they inherit).
    first = [1] if jobs > 1 else []
    rest = len(items) - len(first)
    assert [size for _, size, _ in results] == first + [50] * (rest // 50 * 50) + [rest % 50] * (rest % 50)
    assert len({pid for _, _, pid in results}) == jobs
    assert sum(ticks) == len(items)


def test_a_batch_function_giving_too_few_results_is_an_error() -> None:
    with pytest.raises(ValueError, match="64 items gave 63 results"):
        map_batches(lambda batch: list(batch)[1:], list(range(64)), jobs=1, stripe=64)


def test_two_processes_take_the_items_from_either_end() -> None:
    """Neighbouring pages list the same articles: each process keeps to its end of the list until they meet."""
    def work(n: int) -> int:
        time.sleep(0.001)
        return os.getpid()

    pids = map_each(work, list(range(40 * STRIPE)), jobs=2)
    caller = os.getpid()
    meeting = pids.index(next(pid for pid in pids if pid != caller))
    assert 0 < meeting < len(pids) and set(pids[:meeting]) == {caller} and caller not in pids[meeting:]


def test_a_slowed_process_takes_fewer_stripes() -> None:
    """As when a neighbour on the host slows one core: the other process takes the stripes it does not get to."""
    caller = os.getpid()

    def work(n: int) -> int:
        if os.getpid() == caller:
            time.sleep(0.005)
        return os.getpid()

    pids = map_each(work, list(range(40 * STRIPE)), jobs=2)
    assert pids.count(caller) < len(pids) // 4


def test_an_error_in_a_worker_is_raised_in_the_caller() -> None:
    caller = os.getpid()
    failed_in: list[int] = []

    def fail_on_300(n: int) -> int:
        if os.getpid() == caller:
            time.sleep(0.005)  # so that the worker takes most stripes
        if n == 300:
            failed_in.append(os.getpid())
            raise ValueError("item 300 is bad")
        return n

    with pytest.raises(ValueError, match="item 300 is bad"):
        map_each(fail_on_300, list(range(40 * STRIPE)), jobs=2)
    assert failed_in == [caller]  # raised here, whichever process took that stripe first


def test_the_stripes_of_a_worker_that_dies_are_done_by_the_caller() -> None:
    caller = os.getpid()

    def die_on_300(n: int) -> int:
        if os.getpid() == caller:
            time.sleep(0.005)  # so that the worker takes most stripes
        elif n == 300:
            os._exit(1)  # as the out-of-memory killer would end it
        return n * 2

    assert map_each(die_on_300, list(range(40 * STRIPE)), jobs=2) == [n * 2 for n in range(40 * STRIPE)]


def _children() -> list[str]:
    """The states of this process's child processes ("Z": finished, never waited for)."""
    mine = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        try:
            fields = open(f"/proc/{entry}/stat", encoding="utf-8").read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == mine:
            found.append(fields[0])
    return found


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_background_worker_is_waited_for_whether_or_not_its_result_is_asked_for() -> None:
    """A build that stops early never asks: its worker must not be left over in `serve` or a test run."""
    open_files = len(os.listdir("/proc/self/fd"))
    asked = in_background(lambda: os.getpid(), jobs=2)
    assert asked() != os.getpid()
    never = in_background(lambda: os.getpid(), jobs=2)
    del never
    assert "Z" not in _children() and len(os.listdir("/proc/self/fd")) == open_files
    assert in_background(lambda: os.getpid(), jobs=1)() == os.getpid()  # one job: done here
