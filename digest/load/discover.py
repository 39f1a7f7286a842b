"""Which files under content/ are articles.

Directories with other jobs (topic rules, source rules, edition intros) and
hidden or editor temp files are never articles. The walk is sorted so builds
are deterministic whatever order the file system lists.
"""

from __future__ import annotations

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


def discover_articles(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        return []
    return [path for path in sorted(content_dir.rglob("*"))
            if is_article_path(path.relative_to(content_dir)) and path.is_file()]
