"""`digest serve`."""

from __future__ import annotations

import argparse
from pathlib import Path

from digest.build import BuildOptions


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="build, serve the site locally and rebuild it as you edit",
                       description="Build the site into site/, serve it at the base path of base_url, and rebuild "
                                   "what each saved edit touches; open pages reload by themselves. A failed rebuild "
                                   "keeps serving the last good site and shows the error on every open page.")
    p.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="the project directory holding digest.yaml and content/ (default: current directory)")
    p.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                   help="where to write the site (default: DIR/site)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    p.add_argument("--open", action="store_true", help="open the site in a web browser")
    p.add_argument("--drafts", action="store_true", help="include articles marked `draft: true`")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from digest.serve import ServeOptions, serve

    serve(ServeOptions(BuildOptions(project=args.project, output=args.output, drafts=args.drafts),
                       host=args.host, port=args.port, open_browser=args.open))
    return 0
