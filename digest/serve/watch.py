"""watchdog events -> debounced batches of changed paths.

An editor's save is a burst of events: a swap or temp file written, renamed
over the article, a backup deleted. A batch is handed over only once the events
have stopped for QUIET seconds and, where the platform reports closes
(inotify), no changed file is still open for writing, so a rebuild never reads
a file half-written. What the paths mean is `changes.py`'s job.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Sequence

from watchdog.events import (EVENT_TYPE_ATTRIB, EVENT_TYPE_CLOSED, EVENT_TYPE_CLOSED_NO_WRITE, EVENT_TYPE_CREATED,
                             EVENT_TYPE_MODIFIED, EVENT_TYPE_OPENED, FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer

QUIET = 0.02  # seconds without events that end a burst: an editor's save takes a few milliseconds, and every
# edit waits this long before its rebuild starts (a longer burst only costs a second rebuild)
WRITE_WAIT_LIMIT = 2.0  # a file open for writing longer than this is read anyway (and re-read when closed)
REPORTS_CLOSES = sys.platform.startswith("linux")  # only inotify says when a writer closed its file
IGNORED_EVENTS = frozenset({EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE, EVENT_TYPE_ATTRIB})  # our own reads


class Batches(FileSystemEventHandler):
    """Events -> debounced batches of paths. Events arrive in watchdog's thread; batches are taken in another.

    A file created in a directory created lately is not waited for: the
    watcher, when it begins watching a new directory, reports the files
    already in it as created, and no close follows for those (a file saved
    into a new month's folder waited WRITE_WAIT_LIMIT). One still being
    written is waited for from its next write.
    """

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.paths: set[Path] = set()
        self.writing: dict[Path, float] = {}  # opened for writing, not closed yet: since when
        self.new_dirs: dict[Path, float] = {}  # directories created lately: since when
        self.last = 0.0

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in IGNORED_EVENTS or (event.is_directory and event.event_type == EVENT_TYPE_MODIFIED):
            return  # a directory "modified" whenever a file in it changes; the file's own event says which
        paths = [Path(str(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        with self.changed:
            self.last = time.monotonic()
            self.paths.update(paths)
            if REPORTS_CLOSES and event.is_directory:
                if event.event_type == EVENT_TYPE_CREATED:
                    self.new_dirs[paths[0]] = self.last
            elif REPORTS_CLOSES:
                if event.event_type == EVENT_TYPE_CLOSED:
                    self.writing.pop(paths[0], None)
                elif event.event_type == EVENT_TYPE_MODIFIED or (
                        event.event_type == EVENT_TYPE_CREATED and self.new_dirs.keys().isdisjoint(paths[0].parents)):
                    self.writing.setdefault(paths[0], self.last)
            self.changed.notify_all()

    def pending(self) -> bool:
        """Whether changes are waiting: work that can wait (saving the cache) gives way to them."""
        with self.changed:
            return bool(self.paths)

    def next_batch(self, timeout: float) -> frozenset[Path]:
        """The paths changed in the next burst of events; empty when none started within `timeout` seconds."""
        with self.changed:
            if not self.changed.wait_for(lambda: bool(self.paths), timeout):
                return frozenset()
            while True:
                now = time.monotonic()
                quiet_at = self.last + QUIET
                closed_at = max((since + WRITE_WAIT_LIMIT for since in self.writing.values()), default=now)
                if now >= quiet_at and now >= closed_at:
                    break
                self.changed.wait(max(quiet_at, closed_at) - now)  # any new event wakes it early
            batch, self.paths = frozenset(self.paths), set()
            self.writing = {p: since for p, since in self.writing.items() if now - since < WRITE_WAIT_LIMIT}
            self.new_dirs = {p: since for p, since in self.new_dirs.items() if now - since < WRITE_WAIT_LIMIT}
            return batch


class Watcher:
    """Watch directories (recursively or not) and hand out the changed paths in debounced batches."""

    def __init__(self, recursive: Sequence[Path], flat: Sequence[Path] = ()) -> None:
        self._batches = Batches()
        self._observer = Observer()
        for path in recursive:
            if path.is_dir():
                self._observer.schedule(self._batches, str(path), recursive=True)
        for path in flat:
            if path.is_dir():
                self._observer.schedule(self._batches, str(path), recursive=False)
        self._observer.daemon = True

    def __enter__(self) -> Watcher:
        self._observer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._observer.stop()
        self._observer.join()

    def pending(self) -> bool:
        return self._batches.pending()

    def next_batch(self, timeout: float) -> frozenset[Path]:
        return self._batches.next_batch(timeout)
