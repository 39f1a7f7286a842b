"""Which files under content/ are articles, and in which order a build takes them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.load.discover import article_names


def test_articles_are_listed_in_sorted_walk_order_without_reserved_hidden_or_temp_files(tmp_path: Path) -> None:
    names = ["a/b.md", "a-c.md", "a-c/x/y.txt", "A.md", "sub/topics/x.md", "sub/x.HTML", "é/z.md", "topics.md",
             ".hidden/x.md", "topics/t.md", "sources/s.txt", "editions/e.md", "a/~b.md", "a/b.md~", "a/.b.md.swp",
             "notes.yaml", "a/c.md.part"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    # Folder by folder: "a/b.md" before "a-c.md" (a plain string sort would put "a-" first).
    assert article_names(tmp_path) == ["A.md", "a/b.md", "a-c/x/y.txt", "a-c.md", "sub/topics/x.md", "sub/x.HTML",
                                       "topics.md", "é/z.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_linked_files_are_articles_and_linked_folders_are_not_entered(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "real").mkdir(parents=True)
    (content / "real" / "one.md").write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere.md").write_text("x", encoding="utf-8")
    (content / "linked.md").symlink_to(tmp_path / "elsewhere.md")
    (content / "loop").symlink_to(content, target_is_directory=True)  # followed, it would never end
    (content / "broken.md").symlink_to(tmp_path / "missing.md")
    assert article_names(content) == ["linked.md", "real/one.md"]
