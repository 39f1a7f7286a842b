"""write_site over an earlier site: in place, untouched when unchanged, whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.diagnostics import DigestError
from digest.write import MARKER, write_site


def _write(out: Path, files: dict[str, bytes]) -> None:
    write_site(files.items(), out, project=out.parent, protected=())


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_rebuild_changes_only_what_changed_and_deletes_what_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _write(out, {"a/index.html": b"a", "b/index.html": b"b", "gone/deep/index.html": b"g"})
    kept = (out / "a" / "index.html").stat().st_mtime_ns
    _write(out, {"a/index.html": b"a", "b/index.html": b"b2", "c/index.html": b"c"})
    assert _files(out) == {MARKER: (out / MARKER).read_bytes(), "a/index.html": b"a", "b/index.html": b"b2",
                           "c/index.html": b"c"}
    assert (out / "a" / "index.html").stat().st_mtime_ns == kept
    assert not (out / "gone").exists()


def test_a_file_may_become_a_directory_and_back(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _write(out, {"x": b"file", "y/index.html": b"dir"})
    _write(out, {"x/index.html": b"now a dir", "y": b"now a file"})
    assert (out / "x" / "index.html").read_bytes() == b"now a dir"
    assert (out / "y").read_bytes() == b"now a file"


def test_a_failed_rebuild_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _write(out, {"a/index.html": b"a", "b/index.html": b"b"})
    before = _files(out)

    def broken():
        yield "a/index.html", b"changed"
        yield "new/index.html", b"new"
        raise DigestError([])

    with pytest.raises(DigestError):
        write_site(broken(), out, project=tmp_path, protected=())
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "a", "b"])
