"""CleanArticle x RuleSet -> topic ids, in rule order.

Editors' hand-made `topics:` are added and `exclude_topics:` removed after the
rules ran; an article left with no topic goes to the fallback topic so that it
is still reachable from a topic page.
"""

from __future__ import annotations

from typing import Sequence

from digest.diagnostics import Diagnostic, warning
from digest.model import CleanArticle
from digest.text import fold_key
from digest.topics.schema import RuleSet
from digest.yamlsrc import did_you_mean


def _searchable(article: CleanArticle) -> str:
    return fold_key("\n".join((article.title, article.lead, *article.body)))


def tag_article(article: CleanArticle, rules: RuleSet, problems: list[Diagnostic], shown: str) -> tuple[str, ...]:
    text = _searchable(article)
    matched = {r.topic.id for r in rules.rules if r.pattern is not None and r.pattern.search(text)}
    known = [t.id for t in rules.topics]
    for topic_id in article.meta.topics + article.meta.exclude_topics:
        if topic_id not in known:
            problems.append(warning(shown, f"unknown topic '{topic_id}' in front matter; ignored",
                                    hint=did_you_mean(topic_id, known) or "define it in content/topics/"))
    matched |= set(article.meta.topics) & set(known)
    matched -= set(article.meta.exclude_topics)
    ordered = tuple(t.id for t in rules.topics if t.id in matched)
    return ordered or (rules.fallback.id,)


def tag_articles(articles: Sequence[CleanArticle], rules: RuleSet, shown: Sequence[str]) -> tuple[tuple[tuple[str, ...], ...], tuple[Diagnostic, ...]]:
    problems: list[Diagnostic] = []
    tags = tuple(tag_article(a, rules, problems, name) for a, name in zip(articles, shown))
    return tags, tuple(problems)
