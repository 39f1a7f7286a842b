"""Locate digest's CLI, which is being written in parallel with this harness.

Until it is installed the benchmarks skip digest's rows with `MISSING` as the
reason instead of failing, so the peers can be measured on their own.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable

WORK = Path(__file__).resolve().parent / ".work"  # the default work area of every benchmark
MISSING = "digest is not installed (no `digest` on PATH, no importable `digest` package)"


def digest_command() -> list[str] | None:
    """argv prefix that runs digest (append e.g. ["build"]), or None; an importable digest is compiled first
    (`_compile_digest`).

    The console script beside this Python comes before the one on PATH: a
    version manager's shim there (pyenv's is a shell script that runs `pyenv
    exec`) adds about 50 ms of its own to every run, which a user's venv does not.
    """
    spec = importlib.util.find_spec("digest")
    if spec is not None:
        _compile_digest(spec.submodule_search_locations or ())
    beside = Path(sys.executable).parent / "digest"
    if beside.is_file():
        return [str(beside)]
    exe = shutil.which("digest")
    if exe:
        return [exe]
    if spec is not None:
        return [sys.executable, "-m", "digest"]
    return None


def _compile_digest(folders: Iterable[str]) -> None:
    """Compile digest's modules to bytecode before any timed run, as `pip install .` does when it installs.

    An editable install leaves that to Python's first import, and where
    PYTHONDONTWRITEBYTECODE is set (this VM sets it) every run compiled all of
    digest again: 0.15 s of each timed build. The peers' Python code (Pelican,
    in its own venv) was compiled by pip.
    """
    for folder in folders:
        compileall.compile_dir(folder, quiet=1)


def digest_version(command: list[str]) -> str:
    """Version reported by `digest --version`, or "?" if it cannot say."""
    try:
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    words = (done.stdout or done.stderr).split()
    return words[-1] if done.returncode == 0 and words else "?"


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options every digest benchmark takes: the corpus seed, extra build arguments, a JSON report, the work area."""
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=WORK,
                        help="where generated projects, peers and every output go (default: %(default)s); "
                             "/dev/shm/digest-bench leaves out slow file creation (benchmarks/README.md)")
    parser.add_argument("--digest-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for `digest build` (repeatable), e.g. --digest-arg=--jobs=2")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the raw figures here")
