"""Rule files -> a validated RuleSet, with every problem at file:line:col.

Rules live in content/topics/*.yaml (any number of files) or content/topics.yaml.
Each file is a list of topics; topic order on pages follows the files (sorted by
name) and the order inside each file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from digest.diagnostics import Diagnostic, DigestError, display_path
from digest.model import Topic
from digest.topics.match import phrase_pattern
from digest.yamlsrc import Field, Invalid, YNode, YSeq, as_optional_str, as_str, as_str_list, parse_yaml, problem, read_fields

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class TopicRule:
    topic: Topic
    any: tuple[str, ...]
    pattern: re.Pattern[str] | None  # compiled from `any`


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[TopicRule, ...]
    fallback: Topic

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(r.topic for r in self.rules) + (self.fallback,)


def _topic_id(node: YNode) -> str:
    text = as_str(node)
    if not _ID.match(text):
        raise Invalid(problem(node.pos, f'topic id "{text}" is not a slug',
                              "use lower-case ASCII letters, digits and hyphens, e.g. trung-dong"))
    return text


TOPIC_FIELDS: dict[str, Field[object]] = {
    "id": Field(_topic_id, required=True, doc="a slug, unique across all rule files; used in URLs"),
    "title": Field(as_str, required=True, doc="shown on pages"),
    "description": Field(as_optional_str, doc="shown on the topic page"),
    "any": Field(as_str_list, doc="the topic matches when any of these phrases occurs"),
}


def find_rule_files(content_dir: Path) -> list[Path]:
    files = sorted((content_dir / "topics").glob("*.yaml")) + sorted((content_dir / "topics").glob("*.yml"))
    single = content_dir / "topics.yaml"
    return ([single] if single.is_file() else []) + sorted(files)


def load_rules(project: Path, content_dir: Path, *, fallback_id: str, fallback_title: str) -> RuleSet:
    problems: list[Diagnostic] = []
    rules: list[TopicRule] = []
    seen: dict[str, str] = {}
    for path in find_rule_files(content_dir):
        shown = display_path(path, project)
        try:
            node = parse_yaml(path.read_text(encoding="utf-8-sig"), shown)
        except DigestError as exc:
            problems.extend(exc.diagnostics)
            continue
        except UnicodeDecodeError:
            problems.append(Diagnostic(shown, "not UTF-8 text", hint="save the file as UTF-8"))
            continue
        if node is None:
            continue
        if not isinstance(node, YSeq):
            problems.append(problem(node.pos, "a rules file is a list of topics, each starting with '- id:'"))
            continue
        for item in node.items:
            values = read_fields(item, TOPIC_FIELDS, problems, what="topic")
            if not values or "id" not in values or "title" not in values:
                continue
            topic_id = str(values["id"])
            where = f"{shown}:{item.pos.line}"
            if topic_id in seen or topic_id == fallback_id:
                problems.append(problem(item.pos, f"duplicate topic id '{topic_id}'",
                                        f"already defined at {seen.get(topic_id, 'the fallback topic')}"))
                continue
            seen[topic_id] = where
            phrases = tuple(values.get("any", ()))  # type: ignore[arg-type]
            topic = Topic(topic_id, str(values["title"]), str(values.get("description") or ""))
            rules.append(TopicRule(topic, phrases, phrase_pattern(phrases)))
    if problems:
        raise DigestError(problems)
    return RuleSet(tuple(rules), Topic(fallback_id, fallback_title))
