"""The frozen values that cross stage boundaries.

load -> SourceDocument -> clean -> CleanArticle -> tag -> Article -> render.
Each stage returns new values and never mutates its input, so any stage can be
cached by the hash of its inputs and tested alone. Evidence (dropped lines and
why, topic hits) travels with the data, so `--explain` only formats it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from digest.pickling import tuple_state


class SourceKind(enum.Enum):
    TEXT = "text"  # a raw dump of a rendered page
    MARKDOWN = "markdown"  # written by an editor: no boilerplate removal
    HTML = "html"  # a saved page


@tuple_state
@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What an editor may state about an article by hand; every field optional."""

    title: str | None = None
    date: dt.datetime | None = None  # aware, in the site's zone when given as a bare date
    url: str | None = None  # the original article's address
    source: str | None = None  # the outlet's name
    authors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # forced extra topics
    exclude_topics: tuple[str, ...] = ()
    draft: bool = False


@tuple_state
@dataclass(frozen=True, slots=True)
class SourceDocument:
    rel: str  # path relative to content/, POSIX separators: the article's identity
    kind: SourceKind
    text: str  # decoded, normalized, front matter removed
    first_line: int  # 1-based line of `text`'s first line in the file, for messages
    meta: FrontMatter
    checksum: str  # sha256 of the file's bytes: cache key


class LineLabel(enum.Enum):
    TITLE = "title"
    LEAD = "lead"
    BODY = "body"
    CAPTION = "caption"
    BYLINE = "byline"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class LineVerdict:
    line: int  # 1-based, in the source file
    text: str
    label: LineLabel
    reason: str  # shown by `digest clean --explain`


@tuple_state
@dataclass(frozen=True, slots=True)
class CleanArticle:
    rel: str
    kind: SourceKind
    title: str
    lead: str
    # The plain-text paragraphs, one per line (`join_paragraphs`): for tagging, summaries and feeds. One str, not
    # one per paragraph: a build holds every article, and each str's own header took 31 MB at 50,000 articles.
    body_text: str
    markup: str  # Markdown's own HTML; "" when the paragraphs are all there is (page dumps, HTML pages)
    authors: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()  # agencies: AP, Reuters, ...
    captions: tuple[str, ...] = ()
    date: dt.datetime | None = None
    # A dateline without a year when no other date gives one, as ISO 8601 "--MM-DD" ("--02-13").
    partial_date: str | None = None
    url: str | None = None
    source: str | None = None
    meta: FrontMatter = FrontMatter()
    verdicts: tuple[LineVerdict, ...] = ()
    title_guessed: bool = False  # no line looked like a title and the front matter gave none: the first line stands in
    # The words of the lead and body, counted once when the article is made (`__post_init__`): every page
    # listing the article shows its reading time, and counting them in each process that rendered one was a tenth
    # of re-rendering a 10,000-article site.
    word_count: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_count", len(self.lead.split()) + len(self.body_text.split()))

    @property
    def body(self) -> tuple[str, ...]:
        """The paragraphs after the lead."""
        return tuple(self.body_text.split("\n")) if self.body_text else ()

    @property
    def body_html(self) -> str:
        """What an article page shows. Made on demand for plain paragraphs: a build holds every
        article at once, and a second copy of each body was a sixth of a large build's memory."""
        return self.markup or "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in self.body)


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Paragraphs as `CleanArticle.body_text` holds them; a line break inside one (none is expected) becomes a
    space, so that `body` gives back as many paragraphs as went in."""
    return "\n".join(paragraph.replace("\n", " ") for paragraph in paragraphs)


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic as pages show it; `RuleSet.topics` lists them in page order (weight, then rule files)."""

    id: str
    title: str
    description: str = ""
    parent: str | None = None  # id of the parent topic; articles of a child are listed in the parent too
    children: tuple[str, ...] = ()  # ids of the direct children, in page order
    weight: int = 0  # lower comes first on pages; ties keep the order of the rule files


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article with its place on the site."""

    clean: CleanArticle
    slug: str
    topics: tuple[str, ...]  # topic ids, in rule order
