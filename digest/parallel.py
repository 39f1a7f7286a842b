"""A function over many items -> its results in order, spread over forked worker processes.

Cleaning, tagging and rendering are pure per item, so a build spreads them
over cores. Workers are forked: they inherit the function and its data (the
rules, the plan, the Jinja environment) instead of receiving them pickled,
which on two cores would cost more than the work. The items are cut into
stripes (of STRIPE unless the caller says; `map_batches` hands a function a
whole stripe, for work done in steps that each run over all of it), and each
process, the calling one included, takes the first stripe not yet taken, or
every other worker the last one (two counters in
shared memory), until none is left: items cost unevenly and in runs (a build
renders the list pages first, the light article pages together and the heavy
feeds last), and on a shared machine one core can be slowed by a neighbour.
With one contiguous half per process the two shares of the 4,000-article
build's render stage took 2.77 s and 2.00 s of CPU. Taking from both ends
keeps neighbouring items in one process: pages next to each other list the
same articles, whose fragments (`memo`) each process renders once. Taking
stripes in turn from the front, both processes rendered 6,601 of the 4,000
articles' entries; from both ends, 4,000, and the stage took 0.2 s less CPU.
Each worker spools its stripes' results, pickled with the stripe's
number, to a private temporary file that the calling process reads back
stripe by stripe (sending them through a pipe in one piece held a pickle of
half the build's cleaned articles at once). Results come back in input
order, so the output is the same for any number of jobs.

Forking is skipped where it is unsafe or does not pay: without os.fork, when
other threads run (`serve`), and for few items. `in_background` hands one
piece of work to a forked process while the caller goes on with another.
"""

from __future__ import annotations

import functools
import os
import pickle
import tempfile
import threading
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterator, Sequence, TypeVar

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import SynchronizedArray

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_JOB = 64  # below this a fork (about 10 ms with a large heap) costs more than it saves
STRIPE = 16  # items a process takes at a time: few enough to even out runs of heavy items and slowed cores


def forks(jobs: int) -> bool:
    """Whether work may go to forked processes: more than one job, a system that forks, and no other thread
    running (`serve`'s): a fork copies only the thread that calls it."""
    return jobs > 1 and hasattr(os, "fork") and threading.active_count() == 1


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


Stripes = list[range]


def _take(stripes: Stripes, claimed: SynchronizedArray[int], from_end: bool, fn: Callable[[Sequence[T]], list[R]],
          items: Sequence[T], progress: Callable[[int], None] | None) -> Iterator[tuple[int, list[R]]]:
    """(stripe number, its results) for each stripe this process takes, until every stripe is taken: the first
    stripe not taken, or the last one `from_end` (`claimed` holds both)."""
    while True:
        with claimed.get_lock():
            first, last = claimed[0], claimed[1]
            if first > last:
                return
            if from_end:
                number, claimed[1] = last, last - 1
            else:
                number, claimed[0] = first, first + 1
        yield number, _done(fn, items, stripes[number], progress)


def _work(stripes: Stripes, claimed: SynchronizedArray[int], from_end: bool, fn: Callable[[Sequence[T]], list[R]],
          items: Sequence[T], spool: int) -> None:
    try:
        with os.fdopen(spool, "wb") as out:
            for done in _take(stripes, claimed, from_end, fn, items, None):
                pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - the calling process does the stripe again, and raises the real error
        pass


def _spool() -> int:
    """A worker's results file, already unlinked: it stays readable to both processes and vanishes with them."""
    spool, name = tempfile.mkstemp(prefix="digest-worker-")
    os.unlink(name)
    return spool


def _read_spool(spool: int) -> Iterator[Any]:
    """The stripes a worker finished; a worker killed while writing leaves its last one cut short, which ends them.

    Each is what the worker pickled: (stripe number, its results) from `_work`, (result,) from `in_background`."""
    with os.fdopen(spool, "rb") as source:
        while True:
            try:
                yield pickle.load(source)
            except (EOFError, pickle.UnpicklingError):
                return


def map_batches(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, jobs: int, stripe: int = STRIPE,
                progress: Callable[[int], None] | None = None) -> list[R]:
    """The results of `fn` over each stripe of `items`, one per item, in the items' order, computed by up to
    `jobs` processes; `progress(n)` after n more items. `fn` takes a whole stripe so that work done in steps
    runs each step over all of it (`build.Builder._clean_and_tag_docs`)."""
    jobs = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if not forks(jobs):
        return [result for numbers in _stripes(0, len(items), stripe) for result in _done(fn, items, numbers, progress)]
    # The first item is done before forking, so that what it loads lazily (stoplists, compiled
    # templates, parser tables) is loaded once and inherited, not once per worker.
    first = _done(fn, items, range(1), progress)
    stripes = _stripes(1, len(items), stripe)
    import multiprocessing  # here: a build that forks no workers does without its import (15 ms)
    context = multiprocessing.get_context("fork")
    claimed = context.Array("q", [0, len(stripes) - 1])  # the first and the last stripe not taken yet
    workers = []
    for number in range(jobs - 1):
        spool = _spool()
        process = context.Process(target=_work, args=(stripes, claimed, number % 2 == 0, fn, items, spool),
                                  daemon=True)
        process.start()
        workers.append((process, spool))
    done = dict(_take(stripes, claimed, False, fn, items, progress))
    for process, spool in workers:
        process.join()  # done, failed or killed (out of memory): the stripes it did not finish are done below
        os.lseek(spool, 0, os.SEEK_SET)
        for number, results in _read_spool(spool):
            done[number] = results
            if progress:
                progress(len(results))
    # A stripe no worker finished is done here, so the real exception (a template error, ...) is raised here.
    for number, numbers in enumerate(stripes):
        if number not in done:
            done[number] = _done(fn, items, numbers, progress)
    return first + [result for number in range(len(stripes)) for result in done[number]]


def in_background(fn: Callable[[], R], *, jobs: int) -> Callable[[], R]:
    """fn() computed by a forked process while this one goes on; call what is returned for its result.

    For work the caller needs only later, when it has a core to spare
    (`jobs` > 1): checking every output file of a 10,000-article site took
    0.07 s, done meanwhile. Where nothing may fork (`forks`), fn runs in this
    process when its result is first asked for; a worker that failed or was
    killed is made up for the same way, so that the real exception is raised
    here. A bare fork: a multiprocessing worker needs that package, whose
    import took 15 ms of a build that forks nothing else.
    """
    if not forks(jobs):
        return functools.cache(fn)
    spool = _spool()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the caller's code
        try:
            with os.fdopen(spool, "wb") as out:
                pickle.dump((fn(),), out, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)  # noqa: B012 - whatever happened, the calling process does the rest
    return _Worker(fn, pid, spool)


class _Worker(Generic[R]):
    """A forked worker of `in_background`, waited for once: when its result is first asked for, or else when
    the caller lets it go (a build stopped by an error), so that no finished worker and no open spool file is
    left over for as long as the calling process lives (`serve`, a test run)."""

    def __init__(self, fn: Callable[[], R], pid: int, spool: int) -> None:
        self._fn, self._pid, self._spool = fn, pid, spool
        self._waited = False
        self._result: tuple[R] | None = None

    def __call__(self) -> R:
        if self._result is None and not self._waited:
            self._waited = True
            os.waitpid(self._pid, 0)
            os.lseek(self._spool, 0, os.SEEK_SET)
            self._result = next(_read_spool(self._spool), None)  # and the spool is closed
        if self._result is None:  # the worker failed or was killed
            self._result = (self._fn(),)
        return self._result[0]

    def __del__(self) -> None:
        if not self._waited:
            os.waitpid(self._pid, 0)
            os.close(self._spool)


def _stripes(start: int, end: int, stripe: int) -> Stripes:
    return [range(first, min(first + stripe, end)) for first in range(start, end, stripe)]


def _done(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T], numbers: range,
          progress: Callable[[int], None] | None) -> list[R]:
    results = fn([items[i] for i in numbers])
    if len(results) != len(numbers):
        raise ValueError(f"{len(numbers)} items gave {len(results)} results")
    if progress:
        progress(len(results))
    return results
