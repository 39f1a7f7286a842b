"""Run one build in a child process and measure it.

Wall time comes from perf_counter around the child; CPU time (user+sys) and
peak RSS come from os.wait4's rusage, which covers exactly that child (and any
children it waited for), not this harness or other engineers' processes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """Figures of one build."""

    wall_s: float
    cpu_s: float
    rss_mb: float  # MiB (ru_maxrss is KiB): the name is kept for the JSON reports
    returncode: int


def run_measured(argv: list[str], cwd: Path, log: Path) -> Run:
    """Run argv in cwd, output appended to log, and return its figures."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"$ (cd {cwd} && {' '.join(argv)})\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting
    # ru_maxrss is in KiB on Linux.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def median_run(runs: list[Run]) -> Run:
    """Per-figure median, so one disturbed repetition does not skew a row."""
    return Run(
        statistics.median(r.wall_s for r in runs),
        statistics.median(r.cpu_s for r in runs),
        statistics.median(r.rss_mb for r in runs),
        max(r.returncode for r in runs),
    )


def count_outputs(root: Path) -> dict[str, int]:
    """HTML pages and XML feeds under root: the equivalence check between tools."""
    counts = {"html": 0, "xml": 0}
    for _, _, files in os.walk(root):
        for name in files:
            suffix = name.rsplit(".", 1)[-1]
            if suffix in counts:
                counts[suffix] += 1
    return counts


def as_dict(run: Run) -> dict[str, float]:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(run).items()}
