"""The rule language as values: what one topic rule says, after reading and checking.

`schema.py` builds these from YAML, `match.py` compiles them into one scanner,
`tag.py` decides topics from the scanner's hits. Every phrase and pattern keeps
its file position so a later check (or `digest topics explain`) can point at it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from digest.model import Topic
from digest.yamlsrc import Pos


class Accents(enum.Enum):
    STRICT = "strict"  # diacritics must match: `Nga` never finds `ngà`
    IGNORE = "ignore"  # editors may type without diacritics: `Bac Dai Tay Duong`


class Field(enum.Enum):
    """Where in an article a topic looks."""

    TITLE = "title"
    LEAD = "lead"
    BODY = "body"
    SOURCE = "source"
    AUTHORS = "authors"
    CAPTIONS = "captions"


DEFAULT_FIELDS = (Field.TITLE, Field.LEAD, Field.BODY)


class Role(enum.Enum):
    """What a phrase does for its topic."""

    ANY = "any"  # counts towards min_hits
    ALL = "all"  # must occur
    NONE = "none"  # must not occur
    REGEX = "regex"  # a pattern; counts towards min_hits like `any`


class View(enum.Enum):
    """How text is folded before comparing; each phrase is compared in exactly one view."""

    FOLDED = (False, Accents.STRICT)
    FOLDED_BARE = (False, Accents.IGNORE)
    CASED = (True, Accents.STRICT)
    CASED_BARE = (True, Accents.IGNORE)

    @classmethod
    def of(cls, case_sensitive: bool, accents: Accents) -> "View":
        return cls((case_sensitive, accents))

    @property
    def case_sensitive(self) -> bool:
        return self.value[0]

    @property
    def accents(self) -> Accents:
        return self.value[1]


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str  # as the editor typed it
    view: View
    pos: Pos

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class TopicRule:
    topic: Topic
    any: tuple[Phrase, ...] = ()
    all: tuple[Phrase, ...] = ()
    none: tuple[Phrase, ...] = ()
    regex: tuple[Phrase, ...] = ()  # `text` is the pattern
    fields: tuple[Field, ...] = DEFAULT_FIELDS
    min_hits: int = 1
    match_examples: tuple[Example, ...] = ()
    no_match_examples: tuple[Example, ...] = ()
    pos: Pos | None = None  # the topic's `- id:` line
    order: int = 0  # position across all rule files, before `weight`
    parent_pos: Pos | None = None  # where `parent:` was written, for messages

    @property
    def hand_picked(self) -> bool:
        """A topic without positive rules is only ever assigned in front matter."""
        return not (self.any or self.all or self.regex)

    def phrases(self, role: Role) -> tuple[Phrase, ...]:
        return {Role.ANY: self.any, Role.ALL: self.all, Role.NONE: self.none, Role.REGEX: self.regex}[role]


@dataclass(frozen=True, slots=True)
class Ref:
    """Which phrase of which rule a compiled key or pattern stands for."""

    rule: int  # index in RuleSet.rules
    role: Role
    index: int  # index in that rule's phrases of `role`
    seq: int  # unique across the rule set: the order hits are reported in


@dataclass(frozen=True, slots=True)
class Hit:
    """Evidence: a phrase or pattern found in one field of an article."""

    ref: Ref
    where: Field
    count: int  # occurrences in that field
