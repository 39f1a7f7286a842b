"""Articles as templates get them: every field a render reads of each one is noted.

A page's key (`buildstate.page_digests`) holds the article a page is about
whole, but an article it only lists (related, previous and next; a topic's,
an edition's, a month's) by the fields pages of its kind were seen reading:
an edit of a recent article's text otherwise rendered again the hundreds of
pages that list it as related, for its title and date. Templates get each
article as a `WatchedArticle`, whose `clean` is a `WatchedClean`: every
field, read by a template or by digest's filters (summary, reading time),
is a property that notes it in the reads of the render under way (`Watch`),
a fragment's (`PageRenderer._memo`) or a page's. What a template shows of an
article it can only show by reading a field; printing one whole, its Python
form, counts as reading all of it (WHOLE). Reading `plan` reaches the plain
articles: a page that does depends on every article anyway (`SITE_WIDE`).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from digest.model import Article, CleanArticle

WHOLE = "*"  # a field name standing for an article read whole
Shown = tuple[tuple[str, frozenset[str]], ...]  # what a fragment read: (slug, field names) per article


class Watch:
    """Where the render under way notes what it reads: `reads`, (slug, field name) pairs ("topics" for an
    article's topics), and `shown`, what the fragments it showed read; None while nothing renders."""

    __slots__ = ("reads", "shown")

    def __init__(self) -> None:
        self.reads: list[tuple[str, str]] | None = None
        self.shown: list[tuple[str, frozenset[str]]] | None = None

    def note(self, slug: str, name: str) -> None:
        if self.reads is not None:
            self.reads.append((slug, name))

    def start(self) -> tuple[list[tuple[str, str]] | None, list[tuple[str, frozenset[str]]] | None]:
        """Watch a new render (a page, or a fragment within one); returns what `stop` restores."""
        outer = self.reads, self.shown
        self.reads, self.shown = [], []
        return outer

    def stop(self, outer: tuple[list[tuple[str, str]] | None, list[tuple[str, frozenset[str]]] | None]
             ) -> tuple[list[tuple[str, str]], list[tuple[str, frozenset[str]]]]:
        """What the render read (`reads`, `shown`); the enclosing render is watched again."""
        found = self.reads or [], self.shown or []
        self.reads, self.shown = outer
        return found


def by_article(reads: list[tuple[str, str]], shown: list[tuple[str, frozenset[str]]]) -> dict[str, set[str]]:
    """What a render read, by article."""
    found: dict[str, set[str]] = {}
    for slug, name in reads:
        found.setdefault(slug, set()).add(name)
    for slug, names in shown:
        found.setdefault(slug, set()).update(names)
    return found


def read_beside(reads: list[tuple[str, str]], shown: list[tuple[str, frozenset[str]]], about: str | None
                ) -> frozenset[str]:
    """The fields a page read of the articles it is not about."""
    return frozenset({name for slug, name in reads if slug != about}.union(
        *(names for slug, names in shown if slug != about)))


class _Watched:
    """What both watched forms share: printing one whole (its Python form) reads all of it."""

    __slots__ = ("_of", "_slug", "_watch")
    _of: Any  # the article, or its cleaned form
    _slug: str
    _watch: Watch

    def _whole(self) -> Any:
        self._watch.note(self._slug, WHOLE)
        return self._of

    def __str__(self) -> str:
        return str(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())


class WatchedClean(_Watched):
    """An article's cleaned form as templates get it (see the module)."""

    __slots__ = ()

    def __init__(self, clean: CleanArticle, slug: str, watch: Watch) -> None:
        self._of, self._slug, self._watch = clean, slug, watch

    def __eq__(self, other: object) -> bool:
        return bool(self._whole() == (other._whole() if isinstance(other, WatchedClean) else other))

    def __hash__(self) -> int:
        return hash(self._whole())


class WatchedArticle(_Watched):
    """An article as templates get it (see the module). Equal to the article it wraps: two articles of one plan
    are equal only when they are one, so comparing them reads no field."""

    # Plain attributes: `clean` is watched itself, and every page key holds the slugs of the articles it lists.
    __slots__ = ("clean", "slug")

    def __init__(self, article: Article, watch: Watch) -> None:
        self._of, self._slug, self._watch = article, article.slug, watch
        self.slug, self.clean = article.slug, WatchedClean(article.clean, article.slug, watch)

    def __eq__(self, other: object) -> bool:
        return bool(self._of == (other._of if isinstance(other, WatchedArticle) else other))

    def __hash__(self) -> int:
        return hash(self._of)


def _noted(name: str) -> property:
    """A field read through an article's watched form, noted by the article's slug."""
    def read(self: _Watched) -> Any:
        reads = self._watch.reads  # `Watch.note` inlined: a page reads thousands of fields
        if reads is not None:
            reads.append((self._slug, name))
        return getattr(self._of, name)
    return property(read, doc=f"The article's {name}, noted as read.")


# Its fields, and what its properties make of them (`body`, `body_html`).
for _field in (*(f.name for f in fields(CleanArticle)),
               *(name for name, value in vars(CleanArticle).items() if isinstance(value, property))):
    setattr(WatchedClean, _field, _noted(_field))
for _field in (f.name for f in fields(Article)):
    if _field not in ("slug", "clean"):
        setattr(WatchedArticle, _field, _noted(_field))
