""".digest-cache/ <-> the values a build keeps between runs, or nothing when they cannot be trusted.

The build cache is what `Builder` keeps in memory between `serve` updates,
written to disk so that the next `digest build` starts from it (and the Pages
workflow can restore it with actions/cache). This module only stores and
fetches values; `build.py` decides what is still valid, by keys that hash
every input of a stage.

Each file is a header (magic, format version, digest's version, Python's
version, CRC-32 of the payload) followed by a pickle, the large byte strings
it holds out of band (`Blob`), and their lengths. A file that is
truncated, corrupt, from another version or written by anything else is
ignored, never trusted and never a crash: the build then redoes the work.
The checksum guards against accidents (a disk, a cut copy, a stale restore),
not against someone who can write the folder, whom no checksum stored beside
the data would stop: CRC-32 does that at twice SHA-256's speed (a build
after one edit reads the whole cache, 60 MB at 10,000 articles).
Unpickling only resolves digest's own classes and a few standard ones, so a
planted file cannot run code through the cache either. Files are written to a
temporary name and renamed into place, so two builds at once each leave a
whole file (the last one wins) and a reader never sees half of one.

A file is read through a memory map where the system allows: its out-of-band
byte strings are then views of the map, never copied. A one-article build at
10,000 articles reads 60 MB of cached articles, most of it their packed texts,
which it mostly never unpacks: copying them in and out cost 0.04 s. Renaming
a new file over a mapped one leaves the map on the old one, so the views
stay what was read. Windows cannot rename over a mapped file, so there a
file is read into memory (and its byte strings copied out of it), and so is
one that a process which lives on keeps (`serve`): a file cut short
in place by another program (a `cp` over the cache) while it is mapped would
kill the process at its next read of a view, with a bus error.
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

try:
    import fcntl
except ImportError:  # Windows: builds there rely on the atomic writes alone
    fcntl = None  # type: ignore[assignment]

from digest import __version__

CACHE_DIR = ".digest-cache"
FORMAT_VERSION = 19  # bump when what build.py stores changes shape
_MAGIC = b"digest-cache\n"
_HEADER = f"{FORMAT_VERSION} {__version__} {sys.version_info.major}.{sys.version_info.minor}\n".encode()
_SAFE_MODULES = ("digest.", "datetime", "zoneinfo", "collections", "enum")
_SAFE_BUILTINS = frozenset({"tuple", "frozenset", "set", "dict", "list", "str", "bytes", "int", "float", "bool",
                            "complex", "getattr", "object"})


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module == "builtins" and name in _SAFE_BUILTINS) or module == "copyreg" and name == "_reconstructor" \
                or module.startswith(_SAFE_MODULES):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the build cache")


def read_entry(path: Path, *, checksum: str | None = None, mapped: bool = True) -> object | None:
    """The value stored at `path`, or None when it is missing or cannot be trusted.

    `checksum`: the one `write_entry` returned for the value wanted; a file holding any other is ignored.
    `mapped`: read through a memory map where the system allows (see the module's docstring); else into memory.
    """
    opened = _open(path, mapped=mapped)
    if opened is None:
        return None
    data, source = opened
    in_map = not isinstance(source, io.BytesIO)
    head = len(_MAGIC) + len(_HEADER)
    if data[:head] != _MAGIC + _HEADER or len(data) < head + _CRC_SIZE + _LENGTH_SIZE:
        return None
    stored, payload = data[head:head + _CRC_SIZE].tobytes(), data[head + _CRC_SIZE:]
    if stored != _crc_bytes(zlib.crc32(payload)) or (checksum is not None and stored.hex() != checksum):
        return None
    try:
        source.seek(head + _CRC_SIZE)
        blobs = _blobs(payload)
        # Copies of a file read into memory: views would keep all of it for as long as one of them lives.
        value = _Unpickler(source, buffers=blobs if in_map else map(bytes, blobs)).load()
    except Exception:  # noqa: BLE001 - a checksummed payload that still fails to load is ignored like any other
        return None
    if in_map and blobs and _DROP is not None:  # without views, the map goes as this function returns
        source.madvise(_DROP)  # type: ignore[attr-defined]
    return value


def _open(path: Path, *, mapped: bool) -> tuple[memoryview, BinaryIO] | None:
    """The bytes of the file at `path`, and the same as a file to unpickle from. None when it is missing,
    unreadable or empty. Read, not mapped, on Windows and where the file system cannot map files."""
    try:
        with open(path, "rb") as file:
            if mapped and os.name != "nt":
                try:
                    view = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
                    return memoryview(view), view  # type: ignore[return-value]
                except ValueError:  # empty: nothing to map, nor to read
                    return None
                except OSError:
                    pass
            data = file.read()
            return memoryview(data), io.BytesIO(data)
    except OSError:
        return None


def _blobs(payload: memoryview) -> list[memoryview]:
    """The out-of-band byte strings at the end of `payload`, as views of it; their lengths, then their count, close
    it."""
    count = int.from_bytes(payload[-_LENGTH_SIZE:], "big")
    end = len(payload) - _LENGTH_SIZE * (count + 1)
    lengths = [int.from_bytes(payload[at:at + _LENGTH_SIZE], "big")
               for at in range(end, len(payload) - _LENGTH_SIZE, _LENGTH_SIZE)] if end >= 0 else []
    start = end - sum(lengths)  # the blobs follow the pickle, in order
    if start < 0:
        raise ValueError("more blobs than the file holds")
    blobs = []
    for length in lengths:
        blobs.append(payload[start:start + length])
        start += length
    return blobs


def dumps(value: object) -> Blob:
    """`value` pickled, to be kept inside another entry (out of band) and read by `loads` only when it is needed."""
    return Blob(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def loads(data: Blob | memoryview | bytes) -> object | None:
    """What `dumps` made, read under the same restrictions as a whole entry; None when it cannot be read."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - as in read_entry
        return None


# Read pages of a map count in the process's memory until unmapped: dropped once read, the views that remain
# (texts not unpacked yet) fault theirs in again from the file system's cache, if they are ever read.
_DROP = getattr(mmap, "MADV_DONTNEED", None)
Blob = pickle.PickleBuffer  # bytes an entry stores after its pickle: `read_entry` gives them back, as a view of a map
_CRC_SIZE = 4
_LENGTH_SIZE = 8


def _crc_bytes(crc: int) -> bytes:
    return crc.to_bytes(_CRC_SIZE, "big")


class _Checking(io.RawIOBase):
    """A file the pickler streams into, checksumming what passes: the payload is never held whole in memory."""

    def __init__(self, out: io.BufferedWriter) -> None:
        self.out, self.crc = out, 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | memoryview) -> int:  # type: ignore[override]
        self.crc = zlib.crc32(data, self.crc)
        return self.out.write(data)


def write_entry(path: Path, value: object) -> str | None:
    """Store `value` at `path` atomically, and return its checksum (for `read_entry`); None when it could not be
    written: a cache that cannot be written only makes the next build slower."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as out:
            out.write(_MAGIC + _HEADER + bytes(_CRC_SIZE))  # the payload's checksum goes here once it is known
            checking = _Checking(out)
            blobs: list[Blob] = []
            pickle.dump(value, checking, protocol=pickle.HIGHEST_PROTOCOL, buffer_callback=blobs.append)
            raws = [blob.raw() for blob in blobs]
            for raw in raws:
                checking.write(raw)
            checking.write(b"".join(len(raw).to_bytes(_LENGTH_SIZE, "big") for raw in raws)
                           + len(raws).to_bytes(_LENGTH_SIZE, "big"))
            crc = _crc_bytes(checking.crc)
            out.seek(len(_MAGIC) + len(_HEADER))
            out.write(crc)
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
        return None
    return crc.hex()


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the cache's lock: a second build of the same project waits for the first instead of racing it.

    Atomic writes already keep every file whole; the lock also keeps two builds
    from updating the output directory at the same time.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / "lock", "a+b")
    except OSError:  # a read-only project: build without the lock
        yield
        return
    with handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
