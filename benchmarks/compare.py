"""Compare digest's cold build with Hugo, Pelican and Eleventy on one corpus.

    python benchmarks/compare.py --articles 4000 [--repeat 1] [--json FILE] [--tools hugo pelican eleventy digest]
                                 [--work DIR]

Generates the Markdown corpus once (<work>/corpus/), installs each peer into
<work>/<tool>/ if needed, converts the corpus for it, then
runs every tool's cold build (output and caches removed first) in a child
process, one build of each tool per round for `--repeat` rounds, and prints
a Markdown table of wall time, CPU time and peak RSS with digest's ratio to
each.  A peer that cannot be installed, and digest while it
is not installed, get a row saying why instead of figures.

`--work` (default benchmarks/.work) is where all of it happens, outputs
included. A cold build creates about 10,000 files and folders; on a file
system where creating them is unusually slow (docs/performance.md: the
benchmark VM's ext4 after a large delete), that cost swamps the generators'
own work, so the comparison is also run with `--work /dev/shm/digest-bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from corpus import DIGEST_YAML, generate
from digest_tool import MISSING, add_run_options, digest_command, digest_version
from measure import Run, as_dict, count_outputs, median_run, run_measured
from peer_sites import PEERS, InstallError, Peer


# The outputs every tool makes here: topic pages of 10 and feeds of 20 items, as the peers' settings give them
# (digest's defaults are 20 and 50).
SAME_OUTPUTS = "page_size: 10\nfeed_items: 20\n"


def ensure_corpus(work: Path, articles: int, form: str, seed: int) -> Path:
    """Generate the corpus unless a complete one exists: digest.yaml, written last, with these settings."""
    corpus = work / "corpus" / f"{form}-{articles}-seed{seed}"
    settings = corpus / "digest.yaml"
    if not (settings.exists() and settings.read_text(encoding="utf-8") == DIGEST_YAML + SAME_OUTPUTS):
        if corpus.exists():
            shutil.rmtree(corpus)
        print(f"generating {articles} {form} articles into {corpus}", file=sys.stderr)
        generate(corpus, articles, form, seed)
        settings.write_text(DIGEST_YAML + SAME_OUTPUTS, encoding="utf-8")
    return corpus


@dataclass(frozen=True)
class Contender:
    """A tool ready to build: how to make its next build cold, run it, and find what it made."""

    name: str
    command: list[str]
    cwd: Path
    clean: Callable[[], None]
    output: Path
    version: Callable[[], str]


def peer_contender(peer: Peer, corpus: Path) -> Contender | dict[str, Any]:
    """Install and prepare one peer; the reason it is not available instead when it cannot be installed."""
    try:
        peer.install()
    except InstallError as error:
        print(f"{peer.name}: not available: {error}", file=sys.stderr)
        return {"status": f"not available: {error}"}
    print(f"{peer.name}: preparing site", file=sys.stderr)
    peer.prepare(corpus)
    return Contender(peer.name, peer.command(), peer.site, peer.clean, peer.output, peer.version)


def digest_contender(corpus: Path, extra: list[str]) -> Contender | dict[str, Any]:
    """digest's cold build in the corpus project (output and cache removed first), or why it was skipped."""
    command = digest_command()
    if command is None:
        print(f"digest: skipped: {MISSING}", file=sys.stderr)
        return {"status": f"skipped: {MISSING}"}

    def clean() -> None:
        for name in ("site", ".digest-cache"):
            shutil.rmtree(corpus / name, ignore_errors=True)
    return Contender("digest", [*command, "build", *extra], corpus, clean, corpus / "site",
                     lambda: digest_version(command))


def measure(contenders: list[Contender], repeat: int, work: Path) -> dict[str, dict[str, Any]]:
    """Every tool's cold builds, taken in rounds: one build of each tool per round.

    The machine's speed drifts over minutes (a shared VM's neighbours: one
    version of digest took 3.38 and 3.92 s, medians of 6 cold builds, half an
    hour apart). With each tool's builds taken one after another, a slow spell
    falls on one tool's runs alone; in rounds, it slows every tool's builds of
    that round alike.
    """
    runs: dict[str, list[Run]] = {c.name: [] for c in contenders}
    for number in range(repeat):
        for contender in contenders:
            contender.clean()
            print(f"{contender.name}: cold build {number + 1}/{repeat}", file=sys.stderr)
            runs[contender.name].append(run_measured(contender.command, contender.cwd,
                                                     work / "logs" / f"{contender.name}.log"))
    return {c.name: _result(c.version(), runs[c.name], c.output) for c in contenders}


def _result(version: str, runs: list[Run], output: Path) -> dict[str, Any]:
    median = median_run(runs)
    status = "ok" if median.returncode == 0 else f"build failed (exit {median.returncode}), see <work>/logs"
    return {"status": status, "version": version, "runs": [as_dict(r) for r in runs],
            "median": as_dict(median), "outputs": count_outputs(output)}


def _ratio(digest: dict[str, Any], other: dict[str, Any], key: str) -> str:
    if other is digest:
        return "—"
    if digest.get("status") != "ok" or other.get("status") != "ok":
        return "n/a"
    return f"{digest['median'][key] / other['median'][key]:.2f}×"


def table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown table; ratio columns are digest ÷ tool (below 1 means digest is better)."""
    lines = ["| tool | version | pages (html) | feeds (xml) | wall s | CPU s | peak RSS MiB "
             "| digest ÷ tool: wall | CPU | RSS |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    digest = results.get("digest", {})
    for name, res in results.items():
        if "median" not in res:
            lines.append(f"| {name} | {res['status']} | | | | | | | | |")
            continue
        m, out = res["median"], res["outputs"]
        ratios = " | ".join(_ratio(digest, res, k) for k in ("wall_s", "cpu_s", "rss_mb"))
        note = "" if res["status"] == "ok" else f" ({res['status']})"
        lines.append(f"| {name}{note} | {res['version']} | {out['html']} | {out['xml']} | {m['wall_s']:.2f} "
                     f"| {m['cpu_s']:.2f} | {m['rss_mb']:.0f} | {ratios} |")
    return "\n".join(lines)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=1, help="cold builds per tool; the median is reported")
    parser.add_argument("--tools", nargs="+", default=[*PEERS, "digest"], choices=[*PEERS, "digest"])
    add_run_options(parser)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    work = args.work.resolve()
    corpus = ensure_corpus(work, args.articles, "markdown", args.seed)
    names = ["digest"] if "digest" in args.tools else []  # first, so the table leads with it
    names += [name for name in args.tools if name != "digest"]
    unavailable: dict[str, dict[str, Any]] = {}
    contenders: list[Contender] = []
    for name in names:
        ready = digest_contender(corpus, args.digest_arg) if name == "digest" \
            else peer_contender(PEERS[name](work), corpus)
        if isinstance(ready, Contender):
            contenders.append(ready)
        else:
            unavailable[name] = ready
    measured = measure(contenders, args.repeat, work)
    results = {name: measured[name] if name in measured else unavailable[name] for name in names}
    print(f"\n{args.articles} Markdown articles, cold builds, median of {args.repeat}, "
          f"{os.cpu_count()} CPUs, {dt.date.today().isoformat()}\n")
    print(table(results))
    if args.json:
        record = {"date": dt.datetime.now().isoformat(timespec="seconds"), "articles": args.articles, "work": str(work),
                  "seed": args.seed, "repeat": args.repeat, "cpus": os.cpu_count(),
                  "python": platform.python_version(), "results": results}
        args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
