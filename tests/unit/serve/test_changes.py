"""classify(): which paths mean what work, on paths alone (no file system)."""

from __future__ import annotations

from pathlib import Path

from digest.build import ChangeSet
from digest.serve.changes import Layout, classify

PROJECT = Path("/p")
LAYOUT = Layout(PROJECT, PROJECT / "content", (PROJECT / "templates", Path("/theme")), PROJECT / "site")


def of(*rels: str) -> ChangeSet:
    return classify([Path(r) if r.startswith("/") else PROJECT / r for r in rels], LAYOUT)


def test_an_article_edit_redoes_that_article_only():
    assert of("content/articles/a.txt") == ChangeSet(articles=frozenset({"articles/a.txt"}))
    assert of("content/2024/05/b.md", "content/c.html") == ChangeSet(articles=frozenset({"2024/05/b.md", "c.html"}))


def test_an_atomic_save_counts_once_and_temp_files_never():
    assert of("content/articles/.a.txt.swp", "content/articles/a.txt~", "content/articles/4913",
              "content/articles/a.txt", "content/articles/.a.txt.tmp") == ChangeSet(articles=frozenset({"articles/a.txt"}))
    assert not of("content/articles/#a.txt#", "content/.git/index", "templates/.base.html.swp")


def test_rules_templates_and_configuration():
    assert of("content/topics/the-gioi.yaml") == ChangeSet(rules=True)
    assert of("content/topics.yaml") == ChangeSet(rules=True)
    assert of("templates/article.html") == ChangeSet(templates=True)
    assert of("/theme/static/style.css") == ChangeSet(templates=True)
    assert of("digest.yaml") == ChangeSet(everything=True)
    assert of("content/digest.yaml") == ChangeSet(everything=True)


def test_our_own_output_and_unrelated_files_are_ignored():
    assert not of("site/index.html", "site/articles/x/index.html", "README.md", "notes.txt", "/elsewhere/a.txt")


def test_a_directory_or_an_unknown_input_starts_over():
    assert of("content/articles") == ChangeSet(everything=True)
    assert of("content/sources/vnexpress.yaml") == ChangeSet(everything=True)


def test_an_edition_intro_rerenders_without_reloading_articles():
    assert of("content/editions/2024-W01.md") == ChangeSet(intros=True)


def test_a_batch_merges_its_kinds():
    assert of("content/a.txt", "content/topics/x.yaml", "templates/base.html") == ChangeSet(
        articles=frozenset({"a.txt"}), rules=True, templates=True)
