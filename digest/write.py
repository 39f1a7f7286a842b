"""(path, bytes) pairs -> the output directory, whole or not at all.

The only code that writes under the output directory. Every file of a build
goes into a temporary place first; only once the whole site is produced do
files move into the output directory, so a failed build (a template error, a
full disk) leaves the previous site untouched.

- A first build fills a fresh directory beside the output and renames it into
  place.
- A rebuild over digest's own site works in place: a file whose bytes did not
  change is not touched (its mtime stays, so a deploy diff holds only what
  changed), new and changed files wait in one flat staging directory inside
  the output and are renamed over their targets at the end, and files the new
  site no longer has are deleted. Replacing the whole tree instead would
  delete and recreate one directory per article on every build, and removing
  directories is slow on some file systems (milliseconds each: a minute for
  20,000 articles on the benchmark machine). A crash during the final renames
  leaves a mix of old and new files, each one whole; the next build repairs it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from digest.diagnostics import Diagnostic, DigestError

MARKER = ".digest-site"  # says "this directory is digest's output; it may be replaced"
STAGING_PREFIX = ".digest-staging-"  # new and changed files of a build in progress, inside the output


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int  # new or changed files
    unchanged: int


def check_output_dir(out: Path, *, project: Path, protected: Iterable[Path]) -> None:
    """Refuse any output directory whose replacement could destroy the user's files."""
    target = out.resolve()
    reasons = {project.resolve(): "the project directory", Path.home().resolve(): "your home directory",
               Path(target.anchor): "the file system root"}
    reasons.update({p.resolve(): f"the {p.name}/ directory" for p in protected})
    for path, what in reasons.items():
        if target == path:
            raise DigestError([Diagnostic(str(out), f"refusing to write the site into {what}",
                                          hint="choose an output directory of its own, such as site/")])
        if target in path.parents:
            raise DigestError([Diagnostic(str(out), f"refusing to replace a directory that contains {what}",
                                          hint="choose an output directory of its own, such as site/")])
    for path in protected:
        if path.resolve() in target.parents:
            raise DigestError([Diagnostic(str(out), f"refusing to write the site inside {path.name}/",
                                          hint="the site would be read back as input; use site/")])
    if target.exists() and not target.is_dir():
        raise DigestError([Diagnostic(str(out), "the output path is a file", hint="remove it or choose another path")])
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise DigestError([Diagnostic(str(out), "the output directory is not empty and was not made by digest",
                                      hint=f"empty it, or choose another output directory (digest marks its own with {MARKER})")])


def safe_target(root: Path, rel: str) -> Path:
    """The file for `rel` under `root`; a path that would leave `root` is our bug, never written."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", ".", "") for p in parts) or "\\" in rel or "\x00" in rel:
        raise DigestError([Diagnostic(rel, "refusing to write outside the output directory")])
    target = root.joinpath(*parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise DigestError([Diagnostic(rel, "refusing to write outside the output directory")])
    return target


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_site(files: Iterable[tuple[str, bytes]], out: Path, *, project: Path, protected: Iterable[Path]) -> WriteResult:
    protected = tuple(protected)
    check_output_dir(out, project=project, protected=protected)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    if (out / MARKER).is_file():
        return _update_in_place(files, out)
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written = 0
    try:
        for rel, data in _unique(files):
            target = safe_target(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written += 1
        _mark(staging)
        if out.exists():  # an empty directory (check_output_dir refuses any other)
            out.rmdir()
        os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteResult(written, 0)


def update_site(changed: Iterable[tuple[str, bytes]], removed: Iterable[str], out: Path) -> WriteResult:
    """Apply a small change to a site `write_site` made, file by file.

    For `serve`, where swapping thousands of files after a one-article edit
    would cost more than the edit. Each file is replaced atomically (temp file
    + os.replace), so a reader sees the old or the new file, never half of one;
    the caller keeps readers out for the few milliseconds the update takes.
    """
    out = out.resolve()
    if not (out / MARKER).is_file():
        raise DigestError([Diagnostic(str(out), "the output directory was not made by digest; refusing to update it")])
    written = 0
    for rel, data in changed:
        target = safe_target(out, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.new-{os.getpid()}")
        try:
            partial.write_bytes(data)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        written += 1
    for rel in removed:
        target = safe_target(out, rel)
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == out or any(parent.iterdir()):
                break
            parent.rmdir()
    return WriteResult(written, 0)


def _unique(files: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    seen: set[str] = set()
    for rel, data in files:
        if rel in seen:
            raise DigestError([Diagnostic(rel, "two pages want the same output file")])
        seen.add(rel)
        yield rel, data


def _mark(root: Path) -> None:
    (root / MARKER).write_text("This directory is written by `digest build` and replaced on each build.\n",
                               encoding="utf-8")


def _update_in_place(files: Iterable[tuple[str, bytes]], out: Path) -> WriteResult:
    """Stage changed files flat inside `out`, then rename each over its target and delete what is gone."""
    staging = out / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    moves: list[tuple[Path, Path]] = []
    keep = {MARKER}
    unchanged = 0
    try:
        for rel, data in _unique(files):
            keep.add(rel)
            target = safe_target(out, rel)
            if _same_bytes(target, data):
                unchanged += 1
                continue
            temp = staging / str(len(moves))
            temp.write_bytes(data)
            moves.append((temp, target))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for temp, target in moves:
        _make_room(out, target)
        os.replace(temp, target)
    staging.rmdir()
    if not (out / MARKER).is_file():
        _mark(out)
    _remove_stale(out, keep)
    return WriteResult(len(moves), unchanged)


def _make_room(out: Path, target: Path) -> None:
    """Parents of `target` as directories and `target` not one: the old site may have had them the other way round."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in reversed(target.relative_to(out).parents[:-1]):
            if (out / parent).is_file():
                (out / parent).unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)


def _remove_stale(out: Path, keep: set[str]) -> None:
    """Delete every file under `out` the new site does not have (and the directories left empty)."""
    for folder, dirs, names in os.walk(out, topdown=False):
        rel_dir = Path(folder).relative_to(out).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in names:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.listdir(folder):
            os.rmdir(folder)
