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

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from digest.diagnostics import Diagnostic, DigestError
from digest.pickling import tuple_state

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


def _parts(rel: str) -> list[str]:
    """The parts of an output path; one that would leave the output directory is our bug, never written."""
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("..", ".", "") for p in parts) or "\\" in rel or "\x00" in rel:
        raise DigestError([Diagnostic(rel, "refusing to write outside the output directory")])
    return parts


def safe_target(root: Path, rel: str) -> Path:
    """The file for `rel` under `root` (resolved), symbolic links included: never outside `root`."""
    target = root.joinpath(*_parts(rel))
    if not Path(os.path.realpath(target)).is_relative_to(root):
        raise DigestError([Diagnostic(rel, "refusing to write outside the output directory")])
    return target


Stamp = tuple[str, int, int]  # a file as written: (fingerprint of its bytes, size, mtime_ns)
FINGERPRINT_CHARS = 32  # 128 bits of the hash


def fingerprint(data: bytes) -> str:
    """SHA-256: every byte of the site goes through it, and CPUs accelerate it (twice BLAKE2b's speed)."""
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_CHARS]


@tuple_state
@dataclass(frozen=True, slots=True)
class Put:
    """One file handed to the writer: where it waits until commit, or None when the site already has these bytes,
    and then the file's stamp as it is."""

    rel: str
    staged: str | None
    fingerprint: str
    stamp: Stamp | None = None


class SiteWriter:
    """Files of one build -> the output directory, committed only once every file is in.

    `put` may be called from forked workers (it only writes into the staging
    area and returns a `Put`); `commit` runs in the building process. `known`
    holds the stamps of the previous build's files (from the build cache): a
    file whose size and mtime still match its stamp is compared by fingerprint
    instead of being read back. `listed`: `known` lists every file digest put
    in the output, so only those need checking for deletion; else the whole
    output is walked.
    """

    def __init__(self, out: Path, *, project: Path, protected: Iterable[Path],
                 known: Mapping[str, Stamp] | None = None, listed: bool = True) -> None:
        check_output_dir(out, project=project, protected=tuple(protected))
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.in_place = (self.out / MARKER).is_file()
        self.known = known or {}
        self.listed = listed and bool(self.known)
        self.staging = (self.out / f"{STAGING_PREFIX}{os.getpid()}" if self.in_place
                        else self.out.parent / f".{self.out.name}.new-{os.getpid()}")
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        self._made: set[str] = set()  # folders made under the staging directory, in this process

    def put(self, rel: str, data: bytes) -> Put:
        print_ = fingerprint(data)
        if not self.in_place:  # a fresh directory the build made: no links to follow, each folder made once
            *folders, name = _parts(rel)
            folder = os.path.join(self.staging, *folders)
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            with open(os.path.join(folder, name), "wb") as file:
                file.write(data)
            return Put(rel, rel, print_)
        target = safe_target(self.out, rel)
        held = self._holds(target, rel, data, print_)
        if held is not None:
            return Put(rel, None, print_, held)
        staged = fingerprint(rel.encode("utf-8"))  # flat and unique per path, whichever worker stages it
        (self.staging / staged).write_bytes(data)
        return Put(rel, staged, print_)

    def _holds(self, target: Path, rel: str, data: bytes, print_: str) -> Stamp | None:
        """The file's stamp when it already holds `data`, else None. A file found to hold them by reading it
        (rewritten with the same bytes since: a checkout, a copy) gets a new stamp, or every later build
        would read it again, and take the search index it belongs to for altered."""
        try:
            stat = target.stat()
        except OSError:
            return None
        stamp = self.known.get(rel)
        if stamp and (stamp[1], stamp[2]) == (stat.st_size, stat.st_mtime_ns):
            return stamp if stamp[0] == print_ else None
        try:
            same = stat.st_size == len(data) and target.read_bytes() == data
        except OSError:
            return None
        return (print_, stat.st_size, stat.st_mtime_ns) if same else None

    def commit(self, puts: Iterable[Put], *, keep: Iterable[str] = ()) -> tuple[WriteResult, dict[str, Stamp]]:
        """Move staged files into place, delete files of the old site not in `puts` or `keep`; stamps of the new site.

        `keep` are files the caller knows are unchanged without rendering them.
        """
        puts = list(puts)
        everything = [p.rel for p in puts] + list(keep)
        if len(set(everything)) != len(everything):
            self.abort()
            twice = next(rel for rel in everything if everything.count(rel) > 1)
            raise DigestError([Diagnostic(twice, "two pages want the same output file")])
        if not self.in_place:
            _mark(self.staging)
            if self.out.exists():  # an empty directory (check_output_dir refuses any other)
                self.out.rmdir()
            os.rename(self.staging, self.out)
        else:
            for put in puts:
                if put.staged is not None:
                    target = safe_target(self.out, put.rel)
                    _make_room(self.out, target)
                    os.replace(self.staging / put.staged, target)
            self.staging.rmdir()
            _remove_stale(self.out, {MARKER, *everything}, self.known if self.listed else None)
        stamps = {rel: self.known[rel] for rel in keep}
        for put in puts:
            stamp = put.stamp
            if stamp is None:
                stat = os.stat(os.path.join(self.out, put.rel))
                stamp = (put.fingerprint, stat.st_size, stat.st_mtime_ns)
            stamps[put.rel] = stamp
        written = sum(p.staged is not None for p in puts)
        return WriteResult(written, len(everything) - written), stamps

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def write_site(files: Iterable[tuple[str, bytes]], out: Path, *, project: Path, protected: Iterable[Path]) -> WriteResult:
    """Every file of a site, written whole or not at all."""
    writer = SiteWriter(out, project=project, protected=protected)
    try:
        puts = [writer.put(rel, data) for rel, data in files]
    except BaseException:
        writer.abort()
        raise
    return writer.commit(puts)[0]


def _mark(root: Path) -> None:
    (root / MARKER).write_text("This directory is written by `digest build` and replaced on each build.\n",
                               encoding="utf-8")


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


def _remove_stale(out: Path, keep: set[str], known: Mapping[str, Stamp] | None) -> None:
    """Delete every file under `out` the new site does not have, and the directories left empty.

    With the previous build's file list only those files are checked; without
    it the whole directory is walked.
    """
    if known is not None:
        for rel in sorted(set(known) - keep):
            target = safe_target(out, rel)
            target.unlink(missing_ok=True)
            for parent in target.parents:
                if parent == out or not parent.is_dir() or any(parent.iterdir()):
                    break
                parent.rmdir()
        return
    for folder, _dirs, names in os.walk(out, topdown=False):
        rel_dir = Path(folder).relative_to(out).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in names:
            if prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.listdir(folder):
            os.rmdir(folder)
