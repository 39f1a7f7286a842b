"""Locate digest's CLI, which is being written in parallel with this harness.

Until it is installed the benchmarks skip digest's rows with `MISSING` as the
reason instead of failing, so the peers can be measured on their own.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

WORK = Path(__file__).resolve().parent / ".work"  # the default work area of every benchmark
MISSING = "digest is not installed (no `digest` on PATH, no importable `digest` package)"


def digest_command() -> list[str] | None:
    """argv prefix that runs digest (append e.g. ["build"]), or None."""
    exe = shutil.which("digest")
    if exe:
        return [exe]
    if importlib.util.find_spec("digest") is not None:
        return [sys.executable, "-m", "digest"]
    return None


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
