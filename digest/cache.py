""".digest-cache/ <-> the values a build keeps between runs, or nothing when they cannot be trusted.

The build cache is what `Builder` keeps in memory between `serve` updates,
written to disk so that the next `digest build` starts from it (and the Pages
workflow can restore it with actions/cache). This module only stores and
fetches values; `build.py` decides what is still valid, by keys that hash
every input of a stage.

Each file is a header (magic, format version, digest's version, Python's
version, CRC-32 of the payload) followed by a pickle. A file that is
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
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows: builds there rely on the atomic writes alone
    fcntl = None  # type: ignore[assignment]

from digest import __version__

CACHE_DIR = ".digest-cache"
FORMAT_VERSION = 16  # bump when what build.py stores changes shape
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


def read_entry(path: Path, *, checksum: str | None = None) -> object | None:
    """The value stored at `path`, or None when it is missing or cannot be trusted.

    `checksum`: the one `write_entry` returned for the value wanted; a file holding any other is ignored.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + len(_HEADER)
    if data[:head] != _MAGIC + _HEADER or len(data) < head + _CRC_SIZE:
        return None
    # A view of the payload: copying it out of `data` took as long as checking it.
    stored, payload = data[head:head + _CRC_SIZE], memoryview(data)[head + _CRC_SIZE:]
    if stored != _crc_bytes(zlib.crc32(payload)) or (checksum is not None and stored.hex() != checksum):
        return None
    return loads(payload)  # a checksummed payload that still fails to load is ignored like any other


def dumps(value: object) -> bytes:
    """`value` pickled, to be kept inside another entry and read by `loads` only when it is needed."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes | memoryview) -> object | None:
    """What `dumps` made, read under the same restrictions as a whole entry; None when it cannot be read."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - as in read_entry
        return None


_CRC_SIZE = 4


def _crc_bytes(crc: int) -> bytes:
    return crc.to_bytes(_CRC_SIZE, "big")


class _Checking(io.RawIOBase):
    """A file the pickler streams into, checksumming what passes: the payload is never held whole in memory."""

    def __init__(self, out: io.BufferedWriter) -> None:
        self.out, self.crc = out, 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
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
            pickle.dump(value, checking, protocol=pickle.HIGHEST_PROTOCOL)
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
