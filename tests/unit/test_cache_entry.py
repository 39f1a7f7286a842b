"""Cache files: a value and the byte strings it keeps out of band read back as stored, or not at all."""

from __future__ import annotations

import errno
import mmap
from pathlib import Path

import pytest

from digest import cache


@pytest.fixture(params=["mapped", "read", "windows", "unmappable"])
def how(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Files are memory-mapped, but read into memory when asked (`serve`), on Windows (which cannot rename over a
    mapped file), and where the file system cannot map them."""
    if request.param == "read":
        read_entry = cache.read_entry
        monkeypatch.setattr(cache, "read_entry", lambda *args, **kw: read_entry(*args, **kw, mapped=False))
    elif request.param == "windows":
        monkeypatch.setattr(cache.os, "name", "nt")
    elif request.param == "unmappable":
        def refuse(*args: object, **kwargs: object) -> mmap.mmap:
            raise OSError(errno.ENODEV, "No such device")
        monkeypatch.setattr(cache.mmap, "mmap", refuse)
    return str(request.param)


def test_blobs_read_back_as_stored(tmp_path: Path, how: str) -> None:
    """As views of the file's map, or copies of what was read (views would keep the whole file alive)."""
    path = tmp_path / "entry.bin"
    texts = ["Iraq bật đèn xanh cho NATO ở lại".encode(), b"", bytes(range(256)) * 40]
    checksum = cache.write_entry(path, {"texts": [cache.Blob(text) for text in texts], "title": "NATO"})
    value = cache.read_entry(path, checksum=checksum)
    assert isinstance(value, dict) and value["title"] == "NATO"
    assert all(isinstance(text, memoryview if how == "mapped" else bytes) for text in value["texts"])
    assert [bytes(view) for view in value["texts"]] == texts
    assert cache.read_entry(path, checksum="0" * 8) is None  # another value's checksum


def test_a_view_keeps_what_was_read_when_a_new_file_replaces_it(tmp_path: Path, how: str) -> None:
    """Two builds at once, or `serve` saving while it still holds texts it never unpacked: a write renames a whole
    new file into place, and views of the old one still read the old bytes."""
    path = tmp_path / "entry.bin"
    cache.write_entry(path, (cache.Blob(b"first " * 1000),))
    view = cache.read_entry(path)[0]  # type: ignore[index]
    cache.write_entry(path, (cache.Blob(b"second " * 1000),))
    assert bytes(view) == b"first " * 1000
    assert bytes(cache.read_entry(path)[0]) == b"second " * 1000  # type: ignore[index]


@pytest.mark.parametrize("cut", [1, 8, 9, 20])
def test_a_file_cut_short_or_altered_is_not_read(tmp_path: Path, cut: int, how: str) -> None:
    path = tmp_path / "entry.bin"
    cache.write_entry(path, (cache.Blob(b"texte " * 100), "tail"))
    data = path.read_bytes()
    path.write_bytes(data[:-cut])
    assert cache.read_entry(path) is None
    path.write_bytes(data[:-cut] + bytes(b ^ 0xFF for b in data[-cut:]))  # same length, the lengths' end altered
    assert cache.read_entry(path) is None
    path.write_bytes(b"")
    assert cache.read_entry(path) is None
