"""map_ordered: results in input order whichever process computed them, and a worker's error raised here."""

from __future__ import annotations

import os

import pytest

from digest.parallel import STRIPE, map_ordered

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked; this system has no fork")


def test_results_come_back_in_input_order_from_several_processes() -> None:
    items = list(range(40 * STRIPE + 7))  # a ragged last stripe
    ticks: list[int] = []
    results = map_ordered(lambda n: (n * n, os.getpid()), items, jobs=3, progress=ticks.append)
    assert [square for square, _ in results] == [n * n for n in items]
    pids = [pid for _, pid in results]
    assert len(set(pids)) == 3  # the stripes were really dealt to three processes
    # Consecutive stripes go to different processes, so a run of costly items is shared out.
    assert pids[1] != pids[1 + STRIPE] != pids[1 + 2 * STRIPE] != pids[1]
    assert sum(ticks) == len(items)


def test_an_error_in_a_worker_is_raised_in_the_caller() -> None:
    def fail_on(n: int) -> int:
        if n == 2:  # in the first stripe, so in the first worker's share
            raise ValueError("item 2 is bad")
        return n

    with pytest.raises(ValueError, match="item 2 is bad"):
        map_ordered(fail_on, list(range(500)), jobs=2)
