"""Command line: arguments -> library call -> diagnostics -> exit code.

Each verb lives in its own module here with `register(subparsers)`; the work
itself is done by library functions (`digest.build.build`, ...). Only this
module turns a DigestError into an exit status, and an unexpected exception
into one line (the traceback only with --debug).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from typing import NoReturn, Sequence

from digest import __version__
from digest.cli import build_cmd, clean_cmd, new_cmd, serve_cmd, topics_cmd
from digest.cli.output import print_diagnostics
from digest.diagnostics import DigestError

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_PIPE_CLOSED = 0, 1, 2, 130, 141
COMMANDS = (build_cmd, clean_cmd, new_cmd, topics_cmd, serve_cmd)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Build a curated news digest: clean raw page dumps, tag them by topic rules, publish a static site.",
        epilog="Exit status: 0 success, 2 a problem in your input (the message names the file and line), "
               "1 a bug in digest (rerun with --debug and report it), 130 interrupted, 141 the program reading the output stopped early (`| head`).",
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser




def run() -> NoReturn:
    """The `digest` command: `main`, then an exit that skips taking the interpreter apart.

    Freeing a build's objects one by one at exit took 30 to 50 ms after a build
    of 10,000 articles, as long as rendering the pages a one-article edit
    changed. By then everything digest wrote is closed and in place (the site
    and cache files are each renamed in whole, and workers were waited for),
    so only the standard streams are left to flush.
    """
    code = main()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:  # the reader of our output went away first, as in `main`
        code = EXIT_PIPE_CLOSED
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except DigestError as exc:
        print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.severity.value == "error")
        print(f"digest: stopped with {errors} error(s); nothing was written.", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("digest: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `digest clean ... | head`: the reader has all it wanted; stop quietly, as `cat` does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush fails no more
        return EXIT_PIPE_CLOSED
    except Exception as exc:  # noqa: BLE001 - the one place unexpected errors are reported
        if args.debug:
            traceback.print_exc()
        print(f"digest: internal error: {type(exc).__name__}: {exc} (rerun with --debug and report it)", file=sys.stderr)
        return EXIT_BUG
