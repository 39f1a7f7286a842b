"""`digest build`."""

from __future__ import annotations

import argparse
from pathlib import Path

from digest.build import BuildOptions, build


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from digest.cli import print_diagnostics

    result = build(BuildOptions(project=args.project, output=args.output, drafts=args.drafts, strict=args.strict))
    print_diagnostics(result.diagnostics)
    if result.skipped:
        print(f"digest: skipped (no article text left after cleaning): {', '.join(result.skipped)}")
    warnings = len(result.diagnostics)
    print(f"digest: {result.articles} articles, {result.pages} pages -> {result.output} "
          f"({result.written} written, {result.unchanged} unchanged"
          + (f", {result.drafts_skipped} drafts skipped" if result.drafts_skipped else "")
          + (f", {warnings} warning(s)" if warnings else "") + ")")
    return 0
