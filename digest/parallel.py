"""A function over many items -> its results in order, spread over forked worker processes.

Cleaning, tagging and rendering are pure per item, so a build spreads them
over cores. Workers are forked: they inherit the function and its data (the
rules, the plan, the Jinja environment) instead of receiving them pickled,
which on two cores would cost more than the work. The items are dealt out in
stripes of STRIPE, round-robin, rather than in one contiguous slice per
process: items cost unevenly and in runs (a build renders the list pages
first, the light article pages together and the heavy feeds last), and with
halves the two shares of the 4,000-article build's render stage took 2.77 s
and 2.00 s of CPU. Each worker spools its results, pickled a chunk
at a time, to a private temporary file that the calling process reads back
chunk by chunk (sending them through a pipe in one piece held a pickle of
half the build's cleaned articles at once); the calling process works on its
own stripes meanwhile. Results come back in input order, so the output is the
same for any number of jobs.

Forking is skipped where it is unsafe or does not pay: without os.fork, when
other threads run (`serve`), and for few items.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_JOB = 64  # below this a fork (about 10 ms with a large heap) costs more than it saves
CHUNK = 256  # results per pickle in a worker's spool file
STRIPE = 16  # items dealt to one process at a time: small enough to even out runs of heavy items


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _work(fn: Callable[[T], R], items: Sequence[T], spool: int, conn: multiprocessing.connection.Connection) -> None:
    try:
        with os.fdopen(spool, "wb") as out:
            for start in range(0, len(items), CHUNK):
                pickle.dump([fn(item) for item in items[start:start + CHUNK]], out, protocol=pickle.HIGHEST_PROTOCOL)
        conn.send(True)
    except BaseException:  # noqa: BLE001 - reported to the parent, which redoes the slice to raise the real error
        conn.send(False)
    finally:
        conn.close()


def _read_spool(spool: int) -> list[R]:
    results: list[R] = []
    with os.fdopen(spool, "rb") as source:
        while True:
            try:
                results.extend(pickle.load(source))
            except EOFError:
                return results


def map_ordered(fn: Callable[[T], R], items: Sequence[T], *, jobs: int,
                progress: Callable[[int], None] | None = None) -> list[R]:
    """[fn(item) for item in items], computed by up to `jobs` processes; `progress(n)` after n more items."""
    jobs = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if jobs <= 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [_tick(fn(item), progress) for item in items]
    # The first item is done before forking, so that what it loads lazily (stoplists, compiled
    # templates, parser tables) is loaded once and inherited, not once per worker.
    first = [_tick(fn(items[0]), progress)]
    stripes = [range(start, min(start + STRIPE, len(items))) for start in range(1, len(items), STRIPE)]
    shares = [[i for stripe in stripes[k::jobs] for i in stripe] for k in range(jobs)]
    context = multiprocessing.get_context("fork")
    workers = []
    for share in shares[:-1]:
        receive, send = context.Pipe(duplex=False)
        spool, name = tempfile.mkstemp(prefix="digest-worker-")
        os.unlink(name)  # the open file stays readable to both processes and vanishes with them
        process = context.Process(target=_work, args=(fn, [items[i] for i in share], spool, send), daemon=True)
        process.start()
        send.close()
        workers.append((process, receive, spool, share))
    done = [[_tick(fn(items[i]), progress) for i in shares[-1]]]
    for process, receive, spool, share in workers:
        try:
            ok = receive.recv()
        except EOFError:  # the worker died (out of memory, killed): do its share here
            ok = False
        process.join()
        os.lseek(spool, 0, os.SEEK_SET)
        # Redo a failed share here, so the real exception (a template error, ...) is raised in this process.
        done.insert(-1, _read_spool(spool) if ok else _redo(fn, [items[i] for i in share], spool))
        if progress:
            progress(len(share))
    results = [iter(d) for d in done]
    return first + [next(results[k % jobs]) for k, stripe in enumerate(stripes) for _ in stripe]


def _redo(fn: Callable[[T], R], items: Sequence[T], spool: int) -> list[R]:
    os.close(spool)
    return [fn(item) for item in items]


def _tick(result: R, progress: Callable[[int], None] | None) -> R:
    if progress:
        progress(1)
    return result
