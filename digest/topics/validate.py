"""Checks that need every topic at once: unique ids, parents, rules that can never match.

Input is the topics read from all files, in page order; output is the same
topics with their children filled in. Each problem is reported at the line the
editor has to change, and every independent problem is reported in one run.
"""

from __future__ import annotations

from dataclasses import replace

from digest.diagnostics import Diagnostic
from digest.topics.match import find_phrase
from digest.topics.rules import Accents, Phrase, TopicRule
from digest.yamlsrc import did_you_mean, problem


def _where(rule: TopicRule) -> str:
    assert rule.pos is not None
    return f"{rule.pos.path}:{rule.pos.line}"


def _unique(rules: list[TopicRule], fallback_id: str, problems: list[Diagnostic]) -> list[TopicRule]:
    first: dict[str, TopicRule] = {}
    for rule in sorted(rules, key=lambda r: r.order):
        topic_id = rule.topic.id
        assert rule.pos is not None
        if topic_id == fallback_id:
            problems.append(problem(rule.pos, f"topic id '{topic_id}' is the fallback topic's id",
                                    "choose another id, or change `fallback_topic` in digest.yaml"))
        elif topic_id in first:
            problems.append(problem(rule.pos, f"duplicate topic id '{topic_id}'",
                                    f"already defined at {_where(first[topic_id])}; rename or merge one of them"))
        else:
            first[topic_id] = rule
    return [r for r in rules if first.get(r.topic.id) is r]


def _check_parents(rules: list[TopicRule], problems: list[Diagnostic]) -> None:
    parents = {r.topic.id: r.topic.parent for r in rules}
    for rule in rules:
        parent = rule.topic.parent
        if parent is None or rule.parent_pos is None:
            continue
        if parent not in parents:
            problems.append(problem(rule.parent_pos, f"parent '{parent}' is not a topic",
                                    did_you_mean(parent, list(parents)) or "parent must be the id of another topic"))
            continue
        chain = [rule.topic.id]
        current: str | None = parent
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == rule.topic.id:
            loop = " -> ".join(chain + [rule.topic.id])
            problems.append(problem(rule.parent_pos, f"topics form a cycle: {loop}",
                                    "a topic cannot be its own ancestor; remove one of these `parent` keys"))


def _blocks(none: Phrase, required: Phrase) -> bool:
    """Whether every occurrence of `required` also contains `none`."""
    looser_case = not none.view.case_sensitive or required.view.case_sensitive
    looser_accents = none.view.accents is Accents.IGNORE or required.view.accents is Accents.STRICT
    return looser_case and looser_accents and bool(find_phrase(required.text, none))


def _check_reachable(rule: TopicRule, problems: list[Diagnostic]) -> None:
    """A topic whose required phrases are forbidden by its own `none` can never match."""
    for phrase in rule.all:
        blocker = next((n for n in rule.none if _blocks(n, phrase)), None)
        if blocker is not None:
            problems.append(problem(phrase.pos, f"topic '{rule.topic.id}' can never match: \"{phrase}\" is required "
                                                f"by `all` but \"{blocker}\" is forbidden by `none` (line {blocker.pos.line})",
                                    "remove the phrase from one of the two lists"))
    if rule.any and not rule.regex:
        blocked = [next((n for n in rule.none if _blocks(n, p)), None) for p in rule.any]
        if all(blocked):
            assert rule.pos is not None
            problems.append(problem(rule.any[0].pos, f"topic '{rule.topic.id}' can never match: every `any` phrase "
                                                     f"contains a `none` phrase (\"{blocked[0]}\", line {blocked[0].pos.line})",  # type: ignore[union-attr]
                                    "remove the phrase from `none`, or add `any` phrases it does not block"))


def link_topics(rules: list[TopicRule], fallback_id: str, problems: list[Diagnostic]) -> tuple[TopicRule, ...]:
    """`rules` in page order -> the same with `Topic.children` set; problems appended."""
    kept = _unique(rules, fallback_id, problems)
    _check_parents(kept, problems)
    for rule in kept:
        _check_reachable(rule, problems)
    children: dict[str, list[str]] = {}
    for rule in kept:
        if rule.topic.parent is not None:
            children.setdefault(rule.topic.parent, []).append(rule.topic.id)
    return tuple(replace(r, topic=replace(r.topic, children=tuple(children.get(r.topic.id, ())))) for r in kept)
