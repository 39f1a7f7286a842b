"""`digest build`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from digest.cli.output import print_diagnostics

from digest.build import Builder, BuildOptions, BuildResult
from digest.cli.progress import ProgressBar


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("build", help="build the site into site/",
                       description="Clean every article in content/, tag it with the topic rules and write the site. "
                                   "The previous site is replaced only when the whole build succeeded.")
    p.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="the project directory holding digest.yaml and content/ (default: current directory)")
    p.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                   help="where to write the site (default: DIR/site)")
    p.add_argument("--drafts", action="store_true", help="include articles marked `draft: true`")
    p.add_argument("--strict", action="store_true",
                   help="stop with an error when an article has no text left after cleaning (default: skip it with a warning)")
    p.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                   help="processes for cleaning, tagging and rendering (default: every core)")
    p.add_argument("--no-cache", action="store_true",
                   help="ignore and do not update .digest-cache/ (the output is the same either way)")
    p.add_argument("--profile", action="store_true", help="print the time each stage took, and the memory peak so far")
    p.set_defaults(run=run)


def _jobs(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of processes (0: every core), got {text!r}")
    return int(text)


# The builders this process ran, left for the system to free when the command exits (`cli.run`): freeing what
# a build holds object by object took 20 to 30 ms after a build of 10,000 articles.
_KEPT: list[Builder] = []


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    builder = Builder(BuildOptions(project=args.project, output=args.output, drafts=args.drafts, strict=args.strict,
                                   jobs=args.jobs, cache=not args.no_cache), progress=bar)
    _KEPT.append(builder)
    try:
        result = builder.build()
    finally:
        if bar:
            bar.close()
    print_diagnostics(result.diagnostics)
    if result.skipped:
        print(f"digest: skipped (no article text left after cleaning): {', '.join(result.skipped)}")
    if args.profile:
        print(f"  {'stage':<14} {'wall':>7}   {'CPU':>7}   {'peak':>8}")
        for stage, wall, cpu, peak in result.timings:
            print(f"  {stage:<14} {wall:7.2f} s {cpu:7.2f} s" + (f" {peak:6.0f} MiB" if peak is not None else ""))
    print(summary_line(result, time.perf_counter() - started))
    return 0


def summary_line(result: BuildResult, seconds: float) -> str:
    warnings = len(result.diagnostics)
    return (f"digest: {result.articles} articles ({result.reused} from cache, {result.cleaned} cleaned"
            + (f", {result.drafts_skipped} drafts skipped" if result.drafts_skipped else "")
            + f"), {result.pages} pages -> {result.output} ({result.written} written, {result.unchanged} unchanged)"
            + (f", {warnings} warning(s)" if warnings else "") + f" in {seconds:.1f} s")
