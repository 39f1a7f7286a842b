"""CleanArticle x RuleSet -> topic ids in page order, with the evidence for each decision.

Steps, in order, and why:
1. scan: one pass of the compiled scanner finds every phrase and pattern hit;
2. decide each topic that had a hit: `none` vetoes, `all` must be complete,
   `any` + `regex` occurrences must reach `min_hits`;
3. parents: an article in a child topic is listed in its ancestors too;
4. front matter: `topics:` adds by hand (with their parents), `exclude_topics:`
   removes, and it wins over everything above;
5. fallback: an article left with no topic still gets one page to appear on.
The `Decision`s are kept so `digest topics explain` only has to format them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Sequence

from digest.diagnostics import Diagnostic, warning
from digest.model import CleanArticle
from digest.topics.rules import Hit, Phrase, Role, TopicRule
from digest.topics.schema import RuleSet
from digest.yamlsrc import did_you_mean


class Verdict(enum.Enum):
    MATCHED = "matched"
    BLOCKED = "blocked by a `none` phrase"
    MISSING = "an `all` phrase is missing"
    TOO_FEW = "fewer hits than min_hits"
    HAND_PICKED = "assigned only by hand"


@dataclass(frozen=True, slots=True)
class Decision:
    """Why one topic that had hits was given or not."""

    rule: TopicRule
    verdict: Verdict
    hits: tuple[Hit, ...]
    count: int  # occurrences of `any` phrases and patterns
    missing: tuple[Phrase, ...] = ()  # `all` phrases not found

    def phrase(self, hit: Hit) -> Phrase:
        return self.rule.phrases(hit.ref.role)[hit.ref.index]


@dataclass(frozen=True, slots=True)
class Tagging:
    topics: tuple[str, ...]  # page order; includes parents, forced topics, or the fallback
    decisions: tuple[Decision, ...]  # every topic with at least one hit, in page order
    inherited: tuple[str, ...] = ()  # topics given only because a child matched
    forced: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    fallback: bool = False


def decide(rule: TopicRule, hits: Sequence[Hit]) -> Decision:
    count = 0
    found_all: set[int] = set()
    blocked = False
    for hit in hits:  # one pass: a topic in a dense article can have dozens of hits
        role = hit.ref.role
        if role is Role.ANY or role is Role.REGEX:
            count += hit.count
        elif role is Role.ALL:
            found_all.add(hit.ref.index)
        else:
            blocked = True
    missing = tuple(p for i, p in enumerate(rule.all) if i not in found_all)
    if rule.hand_picked:
        verdict = Verdict.HAND_PICKED
    elif missing:
        verdict = Verdict.MISSING
    elif (rule.any or rule.regex) and count < rule.min_hits:
        verdict = Verdict.TOO_FEW
    elif blocked:
        verdict = Verdict.BLOCKED
    else:
        verdict = Verdict.MATCHED
    return Decision(rule, verdict, tuple(hits), count, missing)


def tag_article(article: CleanArticle, rules: RuleSet, problems: list[Diagnostic], shown: str) -> Tagging:
    by_rule: dict[int, list[Hit]] = {}
    for hit in rules.scanner.scan(article):
        by_rule.setdefault(hit.ref.rule, []).append(hit)
    decisions = tuple(decide(rules.rules[n], hits) for n, hits in sorted(by_rule.items()))
    matched = {d.rule.topic.id for d in decisions if d.verdict is Verdict.MATCHED}
    rank = rules.rank
    for topic_id in article.meta.topics + article.meta.exclude_topics:
        if topic_id not in rank:
            problems.append(warning(shown, f"unknown topic '{topic_id}' in front matter; ignored",
                                    hint=did_you_mean(topic_id, list(rank)) or "define it in content/topics/"))
    forced = {t for t in article.meta.topics if t in rank}
    given = matched | forced
    inherited = {a for t in given for a in rules.ancestors(t)} - given
    given = (given | inherited) - set(article.meta.exclude_topics)
    ordered = tuple(sorted(given, key=rank.__getitem__))
    return Tagging(ordered or (rules.fallback.id,), decisions,
                   inherited=tuple(sorted(inherited, key=rank.__getitem__)),
                   forced=tuple(sorted(forced - matched, key=rank.__getitem__)),
                   excluded=tuple(t for t in article.meta.exclude_topics if t in rank),
                   fallback=not ordered)


def tag_articles(articles: Sequence[CleanArticle], rules: RuleSet,
                 shown: Sequence[str]) -> tuple[tuple[tuple[str, ...], ...], tuple[Diagnostic, ...]]:
    """Topic ids per article, plus warnings about front matter naming unknown topics."""
    problems: list[Diagnostic] = []
    tags = tuple(tag_article(a, rules, problems, name).topics for a, name in zip(articles, shown))
    return tags, tuple(problems)
