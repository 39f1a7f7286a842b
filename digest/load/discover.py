"""Which files under content/ are articles.

Directories with other jobs (topic rules, source rules, edition intros) and
hidden or editor temp files are never articles. The walk is sorted so builds
are deterministic whatever order the file system lists.
"""

from __future__ import annotations

import os
from operator import attrgetter
from pathlib import Path, PurePath

from digest.model import SourceKind

ARTICLE_KINDS = {".txt": SourceKind.TEXT, ".md": SourceKind.MARKDOWN, ".markdown": SourceKind.MARKDOWN,
                 ".html": SourceKind.HTML, ".htm": SourceKind.HTML}
NOT_ARTICLE_DIRS = frozenset({"topics", "sources", "editions"})


def is_temp_name(name: str) -> bool:
    """Hidden files, editor swap/backup files and partial downloads."""
    return (name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part", ".crdownload"))
            or name.startswith("4913"))


def is_article_path(rel: PurePath | str) -> bool:
    """Whether a path relative to content/ names an article (it may not exist: `serve` asks about deleted files).

    The one rule for what is an article, in two parts that `article_names` applies as it walks: the folders
    (`_is_article_folder`, each as it enters it) and the file's name (`_is_article_name`).
    """
    parts = rel.split("/") if isinstance(rel, str) else rel.parts
    return bool(parts) and all(_is_article_folder(name, depth) for depth, name in enumerate(parts[:-1])) \
        and _is_article_name(parts[-1])


def _is_article_folder(name: str, depth: int) -> bool:
    """Whether files below a folder of this name, `depth` folders below content/, may be articles."""
    return not is_temp_name(name) and not (depth == 0 and name in NOT_ARTICLE_DIRS)


def _is_article_name(name: str) -> bool:
    return not is_temp_name(name) and os.path.splitext(name)[1].lower() in ARTICLE_KINDS


def path_order(rel: str) -> list[str]:
    """Sort key for article paths relative to content/: the order of a sorted walk, folder by folder."""
    return rel.split("/")


def article_names(content_dir: Path) -> list[str]:
    """Every article under content_dir, as POSIX paths relative to it, in `path_order`."""
    return [rel for rel, _stat in _walk(content_dir, stat=False)]


def article_stats(content_dir: Path) -> dict[str, tuple[int, int] | None]:
    """`article_names` -> each file's (size, mtime_ns), None when it cannot be read: what a build checks
    first. Each file is looked at as its folder is listed, which took 0.04 s for 10,000 articles where
    listing them all first and then looking at each took 0.08 s."""
    return dict(_walk(content_dir, stat=True))


def _walk(content_dir: Path, *, stat: bool) -> list[tuple[str, tuple[int, int] | None]]:
    """Every article under content_dir in `path_order`, with its size and mtime_ns when `stat`.

    Walked with `os.scandir` on strings: a build that finds one article edited
    among 10,000 spent a third of its time listing them through pathlib.
    Hidden folders are not entered; symlinked folders are not followed (a link
    cycle would never end); symlinked files are articles.
    """
    found: list[tuple[str, tuple[int, int] | None]] = []

    def walk(folder: str, prefix: str, depth: int) -> None:
        try:  # sorted by name, folder by folder: the walk then lists articles in `path_order`
            entries = sorted(os.scandir(folder), key=attrgetter("name"))
        except OSError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if _is_article_folder(entry.name, depth):
                    walk(entry.path, f"{prefix}{entry.name}/", depth + 1)
            elif _is_article_name(entry.name) and entry.is_file():
                found.append((prefix + entry.name, _size_and_mtime(entry) if stat else None))

    walk(str(content_dir), "", 0)
    return found


def _size_and_mtime(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    try:
        st = entry.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def discover_articles(content_dir: Path) -> list[Path]:
    return [content_dir / rel for rel in article_names(content_dir)]
