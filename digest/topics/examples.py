"""Rule tests: each topic's `examples` -> pass/fail, with the reason when one fails.

An example is a short text tagged by the whole rule set (so a parent topic's
example may match through a child), placed in the topic's first field (title
unless `fields` says otherwise). `digest topics test` and `topics check` run
them; a failure names the example's line and says what the rules did instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from digest.diagnostics import Diagnostic
from digest.model import CleanArticle, SourceKind
from digest.topics.match import field_text
from digest.topics.rules import Example, Field, TopicRule
from digest.topics.schema import RuleSet
from digest.topics.tag import Decision, Tagging, Verdict, tag_article


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: TopicRule
    example: Example
    should_match: bool
    tagging: Tagging

    @property
    def passed(self) -> bool:
        return (self.rule.topic.id in self.tagging.topics) == self.should_match

    @property
    def decision(self) -> Decision | None:
        return next((d for d in self.tagging.decisions if d.rule is self.rule), None)


def example_article(text: str, where: Field) -> CleanArticle:
    """A one-field article holding `text`."""
    single = where in (Field.TITLE, Field.LEAD, Field.BODY, Field.SOURCE)  # a str; the others are tuples
    name = "body_text" if where is Field.BODY else where.value
    article = replace(CleanArticle("example", SourceKind.MARKDOWN, "", "", "", ""),
                      **{name: text if single else (text,)})  # type: ignore[arg-type]
    assert field_text(article, where) == text
    return article


def run_examples(rules: RuleSet) -> tuple[ExampleResult, ...]:
    results = []
    for rule in rules.rules:
        for should_match, examples in ((True, rule.match_examples), (False, rule.no_match_examples)):
            for example in examples:
                tagging = tag_article(example_article(example.text, rule.fields[0]), rules, [], "example")
                results.append(ExampleResult(rule, example, should_match, tagging))
    return tuple(results)


def _why(result: ExampleResult) -> str:
    decision = result.decision
    if decision is None:
        return "no phrase or pattern of the topic was found"
    found = ", ".join(sorted({f'"{decision.phrase(h)}" ({h.ref.role.value})' for h in decision.hits}))
    if decision.verdict is Verdict.MATCHED:
        return f"found {found}"
    if decision.verdict is Verdict.TOO_FEW:
        return f"found {found}: {decision.count} hit(s), min_hits is {decision.rule.min_hits}"
    if decision.verdict is Verdict.MISSING:
        return f"found {found}; missing `all` phrase(s): {', '.join(str(p) for p in decision.missing)}"
    return f"found {found}; {decision.verdict.value}"


def failure(result: ExampleResult) -> Diagnostic:
    """A failed example as a diagnostic at its line, with expected and actual side by side."""
    topic = result.rule.topic.id
    want = "match" if result.should_match else "no_match"
    got = ", ".join(result.tagging.topics)
    why = _why(result)
    if topic in result.tagging.inherited:
        why = "given through a child topic"
    detail = (f'example "{result.example.text}"\n'
              f"    - expected: {'includes' if result.should_match else 'does not include'} {topic}\n"
              f"    + got:      {got}\n"
              f"    why: {why}")
    pos = result.example.pos
    return Diagnostic(pos.path, f"examples.{want} of topic '{topic}' failed", line=pos.line, col=pos.col, hint=detail)
