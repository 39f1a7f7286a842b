"""Which files under content/ are articles.

Directories with other jobs (topic rules, source rules, edition intros) and
hidden or editor temp files are never articles. The walk is sorted so builds
are deterministic whatever order the file system lists.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from digest.model import SourceKind

ARTICLE_KINDS = {".txt": SourceKind.TEXT, ".md": SourceKind.MARKDOWN, ".markdown": SourceKind.MARKDOWN,
                 ".html": SourceKind.HTML, ".htm": SourceKind.HTML}
NOT_ARTICLE_DIRS = frozenset({"topics", "sources", "editions"})


def is_temp_name(name: str) -> bool:
    """Hidden files, editor swap/backup files and partial downloads."""
    return (name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part", ".crdownload"))
            or name.startswith("4913"))


def is_article_path(rel: PurePath) -> bool:
    """Whether a path relative to content/ names an article (it may not exist: `serve` asks about deleted files)."""
    if not rel.parts or (rel.parts[0] in NOT_ARTICLE_DIRS and len(rel.parts) > 1):
        return False
    return not any(is_temp_name(part) for part in rel.parts) and rel.suffix.lower() in ARTICLE_KINDS


def path_order(rel: str) -> list[str]:
    """Sort key for article paths relative to content/: the order of a sorted walk, folder by folder."""
    return rel.split("/")


def article_names(content_dir: Path) -> list[str]:
    """Every article under content_dir, as POSIX paths relative to it, in `path_order`.

    Walked with `os.scandir` on strings: a build that finds one article edited
    among 10,000 spent a third of its time listing them through pathlib.
    Hidden and reserved folders are not entered; symlinked folders are not
    followed (a link cycle would never end); symlinked files are articles.
    """
    found: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if is_temp_name(name):
                continue
            if entry.is_dir(follow_symlinks=False):
                if prefix or name not in NOT_ARTICLE_DIRS:
                    walk(entry.path, f"{prefix}{name}/")
            elif os.path.splitext(name)[1].lower() in ARTICLE_KINDS and entry.is_file():
                found.append(prefix + name)

    walk(str(content_dir), "")
    return sorted(found, key=path_order)


def discover_articles(content_dir: Path) -> list[Path]:
    return [content_dir / rel for rel in article_names(content_dir)]
