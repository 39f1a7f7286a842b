"""Tagging evidence -> what `digest topics explain` shows: hits with snippets, near misses.

The decisions come from `tag.py` unchanged; this module only finds where each
hit is (the slow exact path, one article at a time) and formats it as text
for editors or as JSON for scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.model import CleanArticle
from digest.topics.match import field_text, find_phrase
from digest.topics.regex import compile_pattern, regex_text, whole_word_spans
from digest.topics.rules import Hit, Phrase, Role
from digest.topics.schema import RuleSet
from digest.topics.tag import Decision, Tagging, Verdict, tag_article

SNIPPET_CONTEXT = 40  # characters shown on each side of a hit
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ShownHit:
    phrase: str
    role: Role
    field: str
    count: int
    snippet: str  # text around the first occurrence, the hit in [brackets]


@dataclass(frozen=True, slots=True)
class ShownTopic:
    id: str
    title: str
    how: str  # matched, parent of a matched topic, by hand, fallback; or why not, for near misses
    hits: tuple[ShownHit, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    article: str
    topics: tuple[ShownTopic, ...]
    near_misses: tuple[ShownTopic, ...]
    excluded: tuple[str, ...]


def _snippet(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    start, end = span
    before = text[max(0, start - SNIPPET_CONTEXT):start]
    after = text[end:end + SNIPPET_CONTEXT]
    left = "…" if start > SNIPPET_CONTEXT else ""
    right = "…" if end + SNIPPET_CONTEXT < len(text) else ""
    return _SPACES.sub(" ", f"{left}{before}[{text[start:end]}]{after}{right}").strip()


def _first_span(text: str, phrase: Phrase, role: Role) -> tuple[int, int] | None:
    if role is Role.REGEX:
        spans = whole_word_spans(compile_pattern(phrase), regex_text(text, phrase.view.accents))
    else:
        spans = find_phrase(text, phrase)
    return spans[0] if spans else None


def _shown_hits(decision: Decision, article: CleanArticle) -> tuple[ShownHit, ...]:
    def show(hit: Hit) -> ShownHit:
        phrase = decision.phrase(hit)
        text = field_text(article, hit.where)
        return ShownHit(phrase.text, hit.ref.role, hit.where.value, hit.count,
                        _snippet(text, _first_span(text, phrase, hit.ref.role)))
    return tuple(show(h) for h in decision.hits)


def _reason(decision: Decision) -> str:
    if decision.verdict is Verdict.TOO_FEW and decision.count == 0:
        return "no `any` phrase or `regex` pattern found"
    if decision.verdict is Verdict.TOO_FEW:
        return f"{decision.count} hit(s), min_hits is {decision.rule.min_hits}"
    if decision.verdict is Verdict.MISSING:
        return "missing `all` phrase(s): " + ", ".join(p.text for p in decision.missing)
    if decision.verdict is Verdict.BLOCKED:
        return "a `none` phrase was found"
    return decision.verdict.value


def explain_article(article: CleanArticle, rules: RuleSet, shown: str) -> Explanation:
    tagging: Tagging = tag_article(article, rules, [], shown)
    decisions = {d.rule.topic.id: d for d in tagging.decisions}
    titles = {t.id: t.title for t in rules.topics}
    topics = []
    for topic_id in tagging.topics:
        decision = decisions.get(topic_id)
        how = ("matched" if decision is not None and decision.verdict is Verdict.MATCHED
               else "fallback: no topic matched" if tagging.fallback
               else "by hand (front matter `topics`)" if topic_id in tagging.forced
               else "parent of a matched topic")
        hits = _shown_hits(decision, article) if decision is not None and decision.verdict is Verdict.MATCHED else ()
        topics.append(ShownTopic(topic_id, titles[topic_id], how, hits))
    misses = tuple(ShownTopic(d.rule.topic.id, d.rule.topic.title,
                              "removed by front matter `exclude_topics`" if d.rule.topic.id in tagging.excluded
                              else _reason(d), _shown_hits(d, article))
                   for d in tagging.decisions if d.rule.topic.id not in tagging.topics)
    return Explanation(shown, tuple(topics), misses, tagging.excluded)


def _hit_json(hit: ShownHit) -> dict[str, object]:
    return {"phrase": hit.phrase, "kind": hit.role.value, "field": hit.field, "count": hit.count, "snippet": hit.snippet}


def explanation_json(explanation: Explanation) -> dict[str, object]:
    def topic(t: ShownTopic) -> dict[str, object]:
        return {"id": t.id, "title": t.title, "how": t.how, "hits": [_hit_json(h) for h in t.hits]}
    return {"article": explanation.article, "topics": [topic(t) for t in explanation.topics],
            "near_misses": [topic(t) for t in explanation.near_misses], "excluded": list(explanation.excluded)}


def explanation_text(explanation: Explanation) -> str:
    lines = [f"{explanation.article}: {', '.join(t.id for t in explanation.topics)}"]
    for t in explanation.topics:
        lines.append(f"  {t.id} ({t.title}): {t.how}")
        lines += [f"    {h.role.value} \"{h.phrase}\" in {h.field} x{h.count}: {h.snippet}" for h in t.hits]
    if explanation.excluded:
        lines.append(f"  removed by front matter `exclude_topics`: {', '.join(explanation.excluded)}")
    if explanation.near_misses:
        lines.append("near misses:")
    for t in explanation.near_misses:
        lines.append(f"  {t.id} ({t.title}): not given, {t.how}")
        lines += [f"    {h.role.value} \"{h.phrase}\" in {h.field} x{h.count}: {h.snippet}" for h in t.hits]
    return "\n".join(lines)
