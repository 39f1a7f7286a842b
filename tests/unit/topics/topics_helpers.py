"""Helpers for the tag stage: rules from YAML text, articles from plain text."""

from __future__ import annotations

from pathlib import Path

from digest.model import CleanArticle, FrontMatter, SourceKind, join_paragraphs
from digest.topics import RuleSet, load_rules, tag_article, tag_articles


def write_rules(root: Path, text: str, name: str = "rules.yaml") -> Path:
    folder = root / "content" / "topics"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return root


def rules_from(root: Path, text: str) -> RuleSet:
    write_rules(root, text)
    return load_rules(root, root / "content", fallback_id="khac", fallback_title="Khác")


def article(body: str = "", *, title: str = "", lead: str = "", source: str | None = None,
            authors: tuple[str, ...] = (), meta: FrontMatter = FrontMatter()) -> CleanArticle:
    """An article whose body's paragraphs are the lines of `body`."""
    return CleanArticle("articles/a.md", SourceKind.MARKDOWN, title, lead, join_paragraphs(body.splitlines()), "",
                        authors=authors, source=source, meta=meta)


def topics_of(rules: RuleSet, text: str = "", **kw: object) -> tuple[str, ...]:
    """The topics the build gives (counts only), checked against those `topics explain` reports (full records)."""
    one = article(text, **kw)  # type: ignore[arg-type]
    (built,), _ = tag_articles([one], rules, ["a.md"])
    assert built == tag_article(one, rules, [], "a.md").topics
    return built
