"""How digest's build time scales, cold and incremental.

    python benchmarks/scale.py --articles 1000 10000 50000 --form raw [--digest-arg=--jobs=2] [--json FILE]
                               [--work DIR]

For each size a fresh project is generated in <work>/scale/ (the
scenarios modify it), then `digest build` is measured in this order:
cold (site/ and .digest-cache/ removed), warm (nothing changed), and after
each change scenario of scenarios.py: touch-one, add-one (dated anywhere
in the corpus's years), add-newest (dated after all), change-rule,
change-template.  Skips with a message (exit 0) while digest is not installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from corpus import generate
from digest_tool import MISSING, add_run_options, digest_command
from measure import Run, as_dict, run_measured
from scenarios import CHANGES

STEPS = ["cold", "warm", *CHANGES]


def measure_size(command: list[str], articles: int, form: str, seed: int, extra: list[str],
                 work: Path) -> dict[str, Run]:
    """Generate a fresh project of `articles` under `work` and time every step on it."""
    project = work / "scale" / f"{form}-{articles}"
    if project.exists():
        shutil.rmtree(project)
    print(f"{articles}: generating {form} corpus", file=sys.stderr)
    generate(project, articles, form, seed)
    log = work / "logs" / f"scale-{form}-{articles}.log"
    runs: dict[str, Run] = {}
    for step in STEPS:
        if step in CHANGES:
            CHANGES[step](project, form, seed)
        print(f"{articles}: {step} build", file=sys.stderr)
        runs[step] = run_measured([*command, "build", *extra], project, log)
    return runs


def table(results: dict[int, dict[str, Run]]) -> str:
    """Wall seconds per step; peak RSS is the largest over all steps (the cold build, or at 50,000 articles the
    rule change)."""
    head = "| articles | " + " | ".join(f"{s} s" for s in STEPS) + " | cold CPU s | peak RSS MiB |"
    lines = [head, "|" + "---:|" * (len(STEPS) + 3)]
    for articles, runs in results.items():
        failed = [s for s, r in runs.items() if r.returncode != 0]
        walls = " | ".join(f"{runs[s].wall_s:.2f}" + (" (failed)" if s in failed else "") for s in STEPS)
        peak = max(r.rss_mb for r in runs.values())
        lines.append(f"| {articles} | {walls} | {runs['cold'].cpu_s:.2f} | {peak:.0f} |")
    return "\n".join(lines)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--form", choices=["markdown", "raw"], default="raw")
    add_run_options(parser)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    command = digest_command()
    if command is None:
        print(f"scale.py: skipped: {MISSING}")
        return 0
    results = {n: measure_size(command, n, args.form, args.seed, args.digest_arg, args.work.resolve())
               for n in args.articles}
    print(f"\ndigest build, {args.form} corpus, {os.cpu_count()} CPUs, {dt.date.today().isoformat()}\n")
    print(table(results))
    if args.json:
        record: dict[str, Any] = {
            "date": dt.datetime.now().isoformat(timespec="seconds"), "form": args.form, "seed": args.seed,
            "digest_args": args.digest_arg, "cpus": os.cpu_count(),
            "results": {str(n): {s: as_dict(r) for s, r in runs.items()} for n, runs in results.items()},
        }
        args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
