"""Changed paths -> ChangeSet: what a rebuild must redo.

Pure, so every kind of edit is unit-tested without a file system watcher: an
article is re-cleaned alone, a rule file re-tags everything, a template
re-renders everything, an edition intro re-renders the pages showing it, the
configuration (or anything unknown under content/) starts over. Editors' temp, swap and backup files and our own output are
ignored, so a save that writes `.article.txt.swp` and renames it over
`article.txt` counts as one article edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from digest.build import ChangeSet
from digest.config import CONFIG_NAMES
from digest.load.discover import is_article_path, is_temp_name
from digest.load.intros import INTRO_DIR

RULE_NAMES = frozenset({"topics", "topics.yaml", "topics.yml"})  # content/topics/**, content/topics.yaml


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a project's inputs and output are; all `classify` needs to know."""

    project: Path
    content: Path
    themes: tuple[Path, ...]  # the site's templates/ and the default theme
    output: Path

    @classmethod
    def of(cls, project: Path, output: Path, default_theme: Path) -> Layout:
        project = project.resolve()
        return cls(project, project / "content", (project / "templates", default_theme.resolve()), output.resolve())


def _under(path: Path, root: Path) -> PurePosixPath | None:
    return PurePosixPath(path.relative_to(root).as_posix()) if path.is_relative_to(root) else None


def classify_path(path: Path, layout: Layout) -> ChangeSet:
    if _under(path, layout.output) is not None or is_temp_name(path.name):
        return ChangeSet()
    if path in {layout.project / name for name in CONFIG_NAMES}:
        return ChangeSet(everything=True)
    for theme in layout.themes:
        rel = _under(path, theme)
        if rel is not None:
            return ChangeSet() if any(is_temp_name(p) for p in rel.parts) else ChangeSet(templates=True)
    rel = _under(path, layout.content)
    if rel is None or not rel.parts or any(is_temp_name(p) for p in rel.parts):
        return ChangeSet()
    if rel.parts[0] in RULE_NAMES:
        return ChangeSet(rules=True)
    if rel.parts[0] == INTRO_DIR and len(rel.parts) > 1:
        return ChangeSet(intros=True)
    if is_article_path(rel):
        return ChangeSet(articles=frozenset({rel.as_posix()}))
    # A directory moved or deleted (its articles with it), anything new: start over.
    return ChangeSet(everything=True)


def classify(paths: Iterable[Path], layout: Layout) -> ChangeSet:
    """One ChangeSet for a batch of absolute paths, however many events named each."""
    result = ChangeSet()
    for path in paths:
        result |= classify_path(path, layout)
    return result
