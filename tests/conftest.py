"""Shared fixtures: a copy of the sample project, a built sample site, and page helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from digest.build import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


def make_project(root: Path, *, config: str | None = None) -> Path:
    """A fresh copy of the sample project (content/ only; the default theme comes from the package)."""
    shutil.copytree(REPO / "content", root / "content")
    if config is not None:
        (root / "content" / "digest.yaml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = make_project(tmp_path_factory.mktemp("sample") / "project")
    return root, build(BuildOptions(project=root))


def page(site: Path, url_path: str) -> str:
    """The HTML served at an internal URL path relative to the site root, e.g. "topics/nato/"."""
    target = site / url_path
    if url_path.endswith("/") or not url_path:
        target = target / "index.html"
    return target.read_text(encoding="utf-8")


def digest_env() -> dict[str, str]:
    """The environment for running the CLI in a subprocess so that it imports this checkout."""
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def run_digest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it, in a subprocess, importing this checkout."""
    return subprocess.run([sys.executable, "-m", "digest", *args], cwd=cwd, env=digest_env(), capture_output=True,
                          text=True, timeout=120)


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links_in(html: str) -> list[str]:
    collector = LinkCollector()
    collector.feed(html)
    return collector.links


def site_snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
