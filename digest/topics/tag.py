"""CleanArticle x RuleSet -> topic ids in page order, with the evidence for each decision.

Steps, in order, and why:
1. scan: one pass of the compiled scanner finds every phrase and pattern hit;
2. decide each topic that had a hit: `none` vetoes, `all` must be complete,
   `any` + `regex` occurrences must reach `min_hits`;
3. parents: an article in a child topic is listed in its ancestors too;
4. front matter: `topics:` adds by hand (with their parents), `exclude_topics:`
   removes, and it wins over everything above;
5. fallback: an article left with no topic still gets one page to appear on.
`tag_article` keeps the `Decision`s so `digest topics explain` only has to format them;
`topic_ids` (the build, through `tag_articles`) gets the same topics from counts alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterable, Sequence

from digest.diagnostics import Diagnostic, warning
from digest.model import CleanArticle
from digest.topics.rules import Hit, Phrase, Ref, Role, TopicRule
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


@dataclass(frozen=True, slots=True)
class _Tallies:
    """What each topic's hits add up to, by rule index: all a verdict depends on."""

    counts: dict[int, int]  # occurrences of `any` phrases and patterns
    found_all: dict[int, set[int]]  # indexes of the `all` phrases found
    blocked: set[int]  # a `none` phrase was found

    @classmethod
    def of(cls, found: Iterable[tuple[Ref, int]]) -> _Tallies:
        """From (which phrase or pattern, occurrences) pairs, in one pass."""
        tallies = cls({}, {}, set())
        counts = tallies.counts
        for ref, n in found:  # a topic in a dense article can have dozens of hits
            role = ref.role
            if role is Role.ANY or role is Role.REGEX:
                counts[ref.rule] = counts.get(ref.rule, 0) + n
            elif role is Role.ALL:
                tallies.found_all.setdefault(ref.rule, set()).add(ref.index)
            else:
                tallies.blocked.add(ref.rule)
        return tallies

    def rules(self) -> set[int]:
        return self.counts.keys() | self.found_all.keys() | self.blocked

    def verdict(self, n: int, rule: TopicRule) -> Verdict:
        if rule.hand_picked:
            return Verdict.HAND_PICKED
        if len(self.found_all.get(n, ())) < len(rule.all):
            return Verdict.MISSING
        if (rule.any or rule.regex) and self.counts.get(n, 0) < rule.min_hits:
            return Verdict.TOO_FEW
        if n in self.blocked:
            return Verdict.BLOCKED
        return Verdict.MATCHED


def tag_article(article: CleanArticle, rules: RuleSet, problems: list[Diagnostic], shown: str) -> Tagging:
    """Topics with the evidence for each decision, for `digest topics explain` and rule examples."""
    hits = rules.scanner.scan(article)
    tallies = _Tallies.of((h.ref, h.count) for h in hits)
    by_rule: dict[int, list[Hit]] = {}
    for hit in hits:
        by_rule.setdefault(hit.ref.rule, []).append(hit)
    decisions = []
    for n, found in sorted(by_rule.items()):
        rule = rules.rules[n]
        missing = tuple(p for i, p in enumerate(rule.all) if i not in tallies.found_all.get(n, ()))
        decisions.append(Decision(rule, tallies.verdict(n, rule), tuple(found), tallies.counts.get(n, 0), missing))
    matched = {d.rule.topic.id for d in decisions if d.verdict is Verdict.MATCHED}
    return _assign(article, rules, matched, tuple(decisions), problems, shown)


def topic_ids(article: CleanArticle, rules: RuleSet, problems: list[Diagnostic], shown: str) -> tuple[str, ...]:
    """The topics `tag_article` gives, from the scanner's counts alone: a build needs no evidence records."""
    tallies = _Tallies.of((ref, n) for ref, _, n in rules.scanner.evidence(article))
    matched = {rules.rules[n].topic.id for n in tallies.rules()
               if tallies.verdict(n, rules.rules[n]) is Verdict.MATCHED}
    return _assign(article, rules, matched, (), problems, shown).topics


def _assign(article: CleanArticle, rules: RuleSet, matched: set[str], decisions: tuple[Decision, ...],
            problems: list[Diagnostic], shown: str) -> Tagging:
    """Steps 3 to 5: parents, front matter, fallback."""
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
    tags = tuple(topic_ids(a, rules, problems, name) for a, name in zip(articles, shown))
    return tags, tuple(problems)
