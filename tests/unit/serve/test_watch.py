"""The watcher on a real directory: an editor's save, however many events it makes, is one batch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from watchdog.events import DirCreatedEvent, FileClosedEvent, FileCreatedEvent, FileModifiedEvent

from digest.serve.watch import REPORTS_CLOSES, WRITE_WAIT_LIMIT, Batches, Watcher

TIMEOUT = 5.0  # bounded: a batch normally arrives within about QUIET seconds
PAUSE = 0.4


def test_an_atomic_save_with_temp_and_backup_files_is_one_batch(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("cũ", encoding="utf-8")
    with Watcher([tmp_path]) as watcher:
        partial = tmp_path / ".a.txt.swp"
        partial.write_text("mới", encoding="utf-8")
        (tmp_path / "a.txt~").write_text("cũ", encoding="utf-8")
        partial.replace(article)
        (tmp_path / "a.txt~").unlink()
        batch = watcher.next_batch(TIMEOUT)
        assert article in batch
        assert watcher.next_batch(0.3) == frozenset()  # nothing left over for a second rebuild


@pytest.mark.skipif(not REPORTS_CLOSES, reason="only inotify (Linux) reports when a writer closes its file")
def test_a_file_written_slowly_is_handed_over_only_once_closed(tmp_path: Path):
    article = tmp_path / "b.txt"
    closed = threading.Event()

    def write_slowly() -> None:
        with article.open("w", encoding="utf-8") as handle:
            handle.write("nửa đầu ")
            handle.flush()
            time.sleep(PAUSE)  # far longer than the quiet time that ends a burst
            handle.write("nửa sau")
        closed.set()

    with Watcher([tmp_path]) as watcher:
        writer = threading.Thread(target=write_slowly)
        writer.start()
        batch = watcher.next_batch(TIMEOUT)
        assert closed.is_set() and article in batch
        writer.join(TIMEOUT)
    assert article.read_text(encoding="utf-8") == "nửa đầu nửa sau"


def test_no_events_no_batch(tmp_path: Path):
    with Watcher([tmp_path]) as watcher:
        assert watcher.next_batch(0.2) == frozenset()


def test_files_found_in_a_new_directory_are_handed_over_without_waiting_for_a_close(tmp_path: Path):
    """The watcher reports the files already in a directory it begins to watch as created, and no close follows."""
    batches = Batches()
    month = tmp_path / "2025" / "02"
    for event in (DirCreatedEvent(str(month.parent)), DirCreatedEvent(str(month)),
                  FileCreatedEvent(str(month / "a.txt"))):
        batches.on_any_event(event)
    waited = threading.Timer(WRITE_WAIT_LIMIT / 2, lambda: None)
    waited.start()
    assert batches.next_batch(TIMEOUT) == {month.parent, month, month / "a.txt"}
    assert waited.is_alive()  # handed over well before a file open for writing would be
    waited.cancel()


@pytest.mark.skipif(not REPORTS_CLOSES, reason="only inotify (Linux) reports when a writer closes its file")
@pytest.mark.parametrize("new_directory", [False, True])
def test_a_file_being_written_is_handed_over_once_closed(tmp_path: Path, new_directory: bool):
    """Created in a known directory, or written to in a new one: its close ends the wait."""
    batches = Batches()
    article = tmp_path / "2025" / "b.txt"
    events = [DirCreatedEvent(str(article.parent)), FileCreatedEvent(str(article)), FileModifiedEvent(str(article))] \
        if new_directory else [FileCreatedEvent(str(article))]
    for event in events:
        batches.on_any_event(event)
    closing = threading.Event()

    def close() -> None:
        time.sleep(PAUSE)
        closing.set()
        batches.on_any_event(FileClosedEvent(str(article)))
    threading.Thread(target=close).start()
    assert article in batches.next_batch(TIMEOUT) and closing.is_set()
