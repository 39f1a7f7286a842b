"""(path, bytes) pairs -> the output directory, whole or not at all.

The only code that writes under the output directory. Files go into a fresh
temporary directory beside it, which replaces the old site only once every file
is written: a failed build leaves the previous site untouched, and a reader
never sees half a site. An unchanged file is hard-linked from the previous site
so its mtime stays and a deploy diff holds only what changed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from digest.diagnostics import Diagnostic, DigestError

MARKER = ".digest-site"  # says "this directory is digest's output; it may be replaced"


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
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written = unchanged = 0
    seen: set[str] = set()
    try:
        for rel, data in files:
            if rel in seen:
                raise DigestError([Diagnostic(rel, "two pages want the same output file")])
            seen.add(rel)
            target = safe_target(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out / rel
            if _same_bytes(previous, data):
                try:
                    os.link(previous, target)
                except OSError:
                    shutil.copy2(previous, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        (staging / MARKER).write_text("This directory is written by `digest build` and replaced on each build.\n",
                                      encoding="utf-8")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteResult(written, unchanged)


def _swap(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames; the old site is deleted only afterwards."""
    if not out.exists():
        os.rename(staging, out)
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(retired, ignore_errors=True)
    os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


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
