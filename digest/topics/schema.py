"""Rule files -> a validated RuleSet, with every problem at file:line:col.

Rules live in content/topics.yaml and content/topics/*.yaml (any number of
files; sorted by name). Each file is a list of topics. Every problem of every
file is collected before giving up, so an editor fixes them all in one round.
Checks that need all topics at once (duplicate ids, parents) are in
`validate.py`; this module reads one topic at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from digest.diagnostics import Diagnostic, DigestError, display_path
from digest.model import Topic
from digest.topics.match import Scanner, phrase_key
from digest.topics.regex import check_pattern
from digest.topics.rules import DEFAULT_FIELDS, Accents, Example, Field, Phrase, TopicRule, View
from digest.topics.validate import link_topics
from digest.yamlsrc import (Field as Key, Invalid, YMap, YNode, YScalar, YSeq, as_bool, as_int, as_optional_str,
                            as_str, choice, parse_yaml, positive_int, problem, read_fields)

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RULE_GLOBS = ("*.yaml", "*.yml")


def _topic_id(node: YNode) -> str:
    text = as_str(node)
    if not _ID.match(text):
        raise Invalid(problem(node.pos, f'topic id "{text}" is not a slug',
                              "use lower-case ASCII letters, digits and hyphens, e.g. trung-dong"))
    return text


def _node(node: YNode) -> YNode:
    """Phrase lists are read after the topic's own case and accent settings are known."""
    return node


def _fields(node: YNode) -> tuple[Field, ...]:
    if not isinstance(node, YSeq) and not isinstance(node, YScalar):
        raise Invalid(problem(node.pos, "expected a list of fields, e.g. [title, lead]"))
    items = node.items if isinstance(node, YSeq) else (node,)
    read = choice(*(f.value for f in Field))
    values = tuple(Field(read(item)) for item in items)
    if not values:
        raise Invalid(problem(node.pos, "an empty list of fields: the topic could never match",
                              f"leave `fields` out to search {', '.join(f.value for f in DEFAULT_FIELDS)}"))
    return values


_accents = choice(*(a.value for a in Accents))

TOPIC_KEYS: dict[str, Key[object]] = {
    "id": Key(_topic_id, required=True, doc="a slug, unique across all rule files; used in URLs"),
    "title": Key(as_str, required=True, doc="shown on pages"),
    "description": Key(as_optional_str, doc="shown on the topic page"),
    "parent": Key(_node, doc="id of the parent topic; its pages list this topic's articles too"),
    "weight": Key(as_int, doc="page order: lower first; topics without weight keep file order"),
    "any": Key(_node, doc="phrases; each occurrence counts towards min_hits"),
    "all": Key(_node, doc="phrases that must all occur"),
    "none": Key(_node, doc="phrases that must not occur"),
    "regex": Key(_node, doc="regular expressions (RE2 syntax); each match counts towards min_hits"),
    "fields": Key(_fields, doc="where to look: title, lead, body, source, authors, captions"),
    "min_hits": Key(positive_int, doc="how many occurrences of `any` phrases and patterns are needed"),
    "case_sensitive": Key(as_bool, doc="compare upper and lower case exactly (default false)"),
    "accents": Key(_accents, doc="strict (default) or ignore, to type phrases without diacritics"),
    "examples": Key(_node, doc="short texts the topic must (match) or must not (no_match) be given"),
}
PHRASE_KEYS: dict[str, Key[object]] = {
    "phrase": Key(as_str, required=True, doc="the words to find"),
    "case_sensitive": Key(as_bool, doc="overrides the topic's case_sensitive for this phrase"),
    "accents": Key(_accents, doc="overrides the topic's accents for this phrase"),
}
PATTERN_KEYS: dict[str, Key[object]] = {**{k: v for k, v in PHRASE_KEYS.items() if k != "phrase"},
                                        "pattern": Key(as_str, required=True, doc="an RE2 regular expression")}
EXAMPLE_KEYS: dict[str, Key[object]] = {
    "match": Key(_node, doc="texts the topic must be given"),
    "no_match": Key(_node, doc="texts the topic must not be given"),
}


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[TopicRule, ...]  # page order: weight, then rule files
    fallback: Topic
    scanner: Scanner
    ancestry: Mapping[str, tuple[str, ...]]  # topic id -> parent, grandparent, ...
    rank: Mapping[str, int]  # topic id -> place in `topics`, so tagging sorts a few ids instead of scanning all

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(r.topic for r in self.rules) + (self.fallback,)

    def ancestors(self, topic_id: str) -> tuple[str, ...]:
        """Parent, grandparent, ...; validation guarantees there is no cycle."""
        return self.ancestry.get(topic_id, ())


def _ancestry(rules: tuple[TopicRule, ...]) -> dict[str, tuple[str, ...]]:
    parents = {r.topic.id: r.topic.parent for r in rules}
    ancestry = {}
    for topic_id in parents:
        chain: list[str] = []
        current = parents[topic_id]
        while current is not None:
            chain.append(current)
            current = parents.get(current)
        ancestry[topic_id] = tuple(chain)
    return ancestry


def _items(node: YNode, what: str, problems: list[Diagnostic]) -> tuple[YNode, ...]:
    if isinstance(node, YSeq):
        return node.items
    if isinstance(node, YScalar):
        return () if node.is_null else (node,)
    problems.append(problem(node.pos, f"{what}: expected a list, got a mapping",
                            f"write {what}: [first, second] or one item per line starting with '- '"))
    return ()


def _read_phrases(node: YNode, role: str, defaults: View, problems: list[Diagnostic]) -> tuple[Phrase, ...]:
    """Plain text, or {phrase: ..., case_sensitive: ..., accents: ...}; `regex` items use `pattern`."""
    is_regex = role == "regex"
    text_key = "pattern" if is_regex else "phrase"
    phrases = []
    for item in _items(node, role, problems):
        case, accents = defaults.case_sensitive, defaults.accents
        if isinstance(item, YMap):
            values = read_fields(item, PATTERN_KEYS if is_regex else PHRASE_KEYS, problems, what=f"{role} item")
            if not values or text_key not in values:
                continue
            text = str(values[text_key])
            case = bool(values.get("case_sensitive", case))
            accents = Accents(values.get("accents", accents.value))
        elif isinstance(item, YScalar) and not item.is_null:
            text = item.text
        else:
            problems.append(problem(item.pos, f"{role}: an empty {text_key}",
                                    "remove the empty item, or quote text that YAML would read as nothing"))
            continue
        phrase = Phrase(text, View.of(case, accents), item.pos)
        if is_regex:
            bad = check_pattern(phrase)
            if bad:
                problems.append(problem(item.pos, f"regex: {bad[0]}", bad[1]))
                continue
        elif not text.strip():
            problems.append(problem(item.pos, f"{role}: an empty phrase", "remove the empty item or write the words to find"))
            continue
        elif not phrase_key(text, phrase.view):
            problems.append(problem(item.pos, f'{role}: the phrase "{text}" has no letters or digits',
                                    "phrases match whole words; remove it or write the words to find"))
            continue
        phrases.append(phrase)
    return tuple(phrases)


def _read_examples(node: YNode | None, problems: list[Diagnostic]) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if node is None:
        return (), ()
    values = read_fields(node, EXAMPLE_KEYS, problems, what="examples") or {}
    found: list[tuple[Example, ...]] = []
    for key in ("match", "no_match"):
        examples = []
        for item in _items(values[key], f"examples.{key}", problems) if key in values else ():  # type: ignore[arg-type]
            try:
                examples.append(Example(as_str(item), item.pos))
            except Invalid as exc:
                problems.append(exc.diagnostic)
        found.append(tuple(examples))
    return found[0], found[1]


def read_topic(item: YNode, problems: list[Diagnostic], order: int) -> TopicRule | None:
    """One `- id: ...` entry; None when it is too broken to check against other topics."""
    values = read_fields(item, TOPIC_KEYS, problems, what="topic")
    if not values or "id" not in values or "title" not in values:
        return None
    defaults = View.of(bool(values.get("case_sensitive", False)), Accents(values.get("accents", "strict")))
    phrases = {role: _read_phrases(values[role], role, defaults, problems) if role in values else ()  # type: ignore[arg-type]
               for role in ("any", "all", "none", "regex")}
    match, no_match = _read_examples(values.get("examples"), problems)  # type: ignore[arg-type]
    parent = values.get("parent")
    try:
        parent_id = _topic_id(parent) if isinstance(parent, (YScalar, YSeq, YMap)) else None
    except Invalid as exc:
        problems.append(exc.diagnostic)
        parent_id = None
    topic = Topic(str(values["id"]), str(values["title"]), str(values.get("description") or ""),
                  parent=parent_id, weight=int(values.get("weight", 0)))  # type: ignore[call-overload]
    rule = TopicRule(topic, phrases["any"], phrases["all"], phrases["none"], phrases["regex"],
                     fields=values.get("fields", DEFAULT_FIELDS),  # type: ignore[arg-type]
                     min_hits=int(values.get("min_hits", 1)),  # type: ignore[call-overload]
                     match_examples=match, no_match_examples=no_match, pos=item.pos, order=order,
                     parent_pos=parent.pos if parent_id else None)  # type: ignore[attr-defined]
    return rule


def find_rule_files(content_dir: Path) -> list[Path]:
    folder = content_dir / "topics"
    files = sorted({p for pattern in RULE_GLOBS for p in folder.glob(pattern) if p.is_file()})
    single = content_dir / "topics.yaml"
    return ([single] if single.is_file() else []) + files


def read_rule_file(path: Path, shown: str, problems: list[Diagnostic]) -> list[YNode]:
    """The topic entries of one file; problems go to `problems`."""
    try:
        node = parse_yaml(path.read_text(encoding="utf-8-sig"), shown)
    except DigestError as exc:
        problems.extend(exc.diagnostics)
        return []
    except UnicodeDecodeError as exc:
        problems.append(Diagnostic(shown, f"not UTF-8 text ({exc.reason} at byte {exc.start})", hint="save the file as UTF-8"))
        return []
    if node is None:
        return []
    if not isinstance(node, YSeq):
        problems.append(problem(node.pos, "a rules file is a list of topics, each starting with '- id:'"))
        return []
    return list(node.items)


def load_rules(project: Path, content_dir: Path, *, fallback_id: str, fallback_title: str) -> RuleSet:
    """Read, check and compile every rule file; raise DigestError with all problems found."""
    problems: list[Diagnostic] = []
    rules: list[TopicRule] = []
    for path in find_rule_files(content_dir):
        for item in read_rule_file(path, display_path(path, project), problems):
            rule = read_topic(item, problems, order=len(rules))
            if rule is not None:
                rules.append(rule)
    ordered = link_topics(sorted(rules, key=lambda r: (r.topic.weight, r.order)), fallback_id, problems)
    if problems:
        raise DigestError(sorted(problems, key=lambda d: (d.path, d.line or 0, d.col or 0)))
    rank = {topic_id: n for n, topic_id in enumerate([r.topic.id for r in ordered] + [fallback_id])}
    # Plain dicts, not MappingProxyType: a RuleSet must pickle for parallel tagging.
    return RuleSet(ordered, Topic(fallback_id, fallback_title), Scanner(ordered), _ancestry(ordered), rank)
