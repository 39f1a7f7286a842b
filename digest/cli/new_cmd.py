"""`digest new DIR`: a fresh project that builds at once and publishes itself on GitHub Pages.

The files come from digest/cli/scaffold/ (data, not strings in code). The
publishing workflow installs digest from requirements.txt, filled with the
source this copy of digest was installed from when pip recorded one (a git
URL); otherwise the file says what to put there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from digest.diagnostics import Diagnostic, DigestError

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
FILES = {  # scaffold file -> path in the new project
    "digest.yaml": "digest.yaml",
    "article.md": "content/articles/chao-mung.md",
    "topics.yaml": "content/topics/chu-de.yaml",
    "pages.yml": ".github/workflows/pages.yml",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
}
UNKNOWN_SOURCE = "# digest @ git+https://github.com/OWNER/digest  <- replace with where your digest comes from"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("new", help="create a new digest project",
                       description="Create a digest project in DIR: configuration, an example article, example topic "
                                   "rules and a GitHub Pages workflow. `digest build --project DIR` works at once.")
    p.add_argument("directory", type=Path, metavar="DIR", help="the new project's directory (must not exist or be empty)")
    p.add_argument("--title", default="Bản tin", help="the digest's name (default: %(default)s)")
    p.add_argument("--base-url", default=None, metavar="URL",
                   help="where it will be published, e.g. https://user.github.io/repo/ (default: from DIR's name)")
    p.set_defaults(run=run)


def install_source() -> str:
    """The pip requirement for this digest: its VCS URL when pip recorded one."""
    from importlib import metadata  # here: every command loads this module, and the import took 5 ms of a build
    try:
        recorded = metadata.distribution("digest").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    info = json.loads(recorded) if recorded else {}
    vcs = info.get("vcs_info")
    if vcs and urlsplit(info.get("url", "")).scheme in ("http", "https", "ssh"):
        return f"digest @ {vcs['vcs']}+{info['url']}@{vcs['commit_id']}"
    return UNKNOWN_SOURCE


def create_project(directory: Path, *, title: str, base_url: str, date: dt.date, requirement: str) -> list[Path]:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise DigestError([Diagnostic(str(directory), "already exists and is not empty",
                                      hint="choose a new directory name; digest new never overwrites files")])
    values = {"title": title, "base_url": base_url, "date": date.isoformat(), "requirement": requirement}
    written = []
    for source, rel in FILES.items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template((SCAFFOLD / source).read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        written.append(target)
    return written


def run(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    base_url = args.base_url or f"https://example.github.io/{directory.resolve().name}/"
    # The example article's date: SOURCE_DATE_EPOCH when set (reproducible scaffolds), else today.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    requirement = install_source()
    create_project(directory, title=args.title, base_url=base_url, date=date, requirement=requirement)
    print(f"digest: created {directory}/\n  next: digest build --project {directory}   (then open {directory}/site/index.html)\n"
          f"  publish: see docs/deploy.md (push to GitHub, set Pages source to GitHub Actions)")
    if requirement == UNKNOWN_SOURCE:
        print(f"  note: put the pip requirement for digest in {directory}/requirements.txt before publishing")
    return 0
