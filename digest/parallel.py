"""A function over many items -> its results in order, spread over forked worker processes.

Cleaning, tagging and rendering are pure per item, so a build spreads them
over cores. Workers are forked: they inherit the function and its data (the
rules, the plan, the Jinja environment) instead of receiving them pickled,
which on two cores would cost more than the work. Each worker takes one
contiguous slice and spools its results, pickled a chunk at a time, to a
private temporary file that the calling process reads back chunk by chunk
(sending a slice through a pipe in one piece held a pickle of half the
build's cleaned articles at once); the calling process works on the last
slice meanwhile. Results come back in input order, so the
output is the same for any number of jobs.

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
    bounds = [1 + (len(items) - 1) * i // jobs for i in range(jobs + 1)]
    context = multiprocessing.get_context("fork")
    workers = []
    for start, stop in zip(bounds[:-2], bounds[1:-1]):
        receive, send = context.Pipe(duplex=False)
        spool, name = tempfile.mkstemp(prefix="digest-worker-")
        os.unlink(name)  # the open file stays readable to both processes and vanishes with them
        process = context.Process(target=_work, args=(fn, items[start:stop], spool, send), daemon=True)
        process.start()
        send.close()
        workers.append((process, receive, spool, start, stop))
    mine = [_tick(fn(item), progress) for item in items[bounds[-2]:]]
    results: list[R] = []
    for process, receive, spool, start, stop in workers:
        try:
            ok = receive.recv()
        except EOFError:  # the worker died (out of memory, killed): do its slice here
            ok = False
        process.join()
        os.lseek(spool, 0, os.SEEK_SET)
        # Redo a failed slice here, so the real exception (a template error, ...) is raised in this process.
        results.extend(_read_spool(spool) if ok else _redo(fn, items[start:stop], spool))
        if progress:
            progress(stop - start)
    return first + results + mine


def _redo(fn: Callable[[T], R], items: Sequence[T], spool: int) -> list[R]:
    os.close(spool)
    return [fn(item) for item in items]


def _tick(result: R, progress: Callable[[int], None] | None) -> R:
    if progress:
        progress(1)
    return result
