"""Which files under content/ are articles.

Directories with other jobs (topic rules, source rules, edition intros) and
hidden or editor temp files are never articles. The walk is sorted so builds
are deterministic whatever order the file system lists.
"""

from __future__ import annotations

from pathlib import Path

from digest.model import SourceKind

ARTICLE_KINDS = {".txt": SourceKind.TEXT, ".md": SourceKind.MARKDOWN, ".markdown": SourceKind.MARKDOWN,
                 ".html": SourceKind.HTML, ".htm": SourceKind.HTML}
NOT_ARTICLE_DIRS = frozenset({"topics", "sources", "editions"})


def is_temp_name(name: str) -> bool:
    """Hidden files, editor swap/backup files and partial downloads."""
    return (name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part", ".crdownload"))
            or name.startswith("4913"))


def discover_articles(content_dir: Path) -> list[Path]:
    found: list[Path] = []
    if not content_dir.is_dir():
        return found
    for path in sorted(content_dir.rglob("*")):
        rel = path.relative_to(content_dir)
        if rel.parts[0] in NOT_ARTICLE_DIRS and len(rel.parts) > 1:
            continue
        if any(is_temp_name(part) for part in rel.parts):
            continue
        if path.suffix.lower() in ARTICLE_KINDS and path.is_file():
            found.append(path)
    return found
