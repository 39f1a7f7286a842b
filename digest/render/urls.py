"""Where each page lives, on disk and on the web.

The layout is fixed (links from outside depend on it): articles/<slug>/,
topics/<id>/ (then topics/<id>/page/<n>/), editions/<id>/, archive/<yyyy-mm>/,
feed.xml and atom.xml, beside each topic too. Every internal link starts with the
base path of base_url, so a site published under /repo/ works as is.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from digest.model import CleanArticle
from digest.slug import make_slug

SUFFIX_LENGTH = 6


def title_slug(article: CleanArticle) -> str:
    """The slug an article's title asks for, before clashes are resolved."""
    return make_slug(article.title)


def assign_slugs(articles: Sequence[CleanArticle], *, titles: Sequence[str] | None = None) -> tuple[str, ...]:
    """A unique slug per article, stable across builds.

    Among articles whose titles give the same slug, the oldest (then the first
    by file path) keeps it; each other one gets a suffix derived from its own
    file path, so adding an article never renames another one's page.
    `titles` are the articles' `title_slug`s when the caller kept them
    (`serve` does: slugifying thousands of titles per edit is slow).
    """
    slugs = list(titles) if titles is not None else [title_slug(a) for a in articles]
    holders: dict[str, int] = {}
    order = sorted(range(len(articles)), key=lambda i: (articles[i].date is None, articles[i].date or 0, articles[i].rel))
    result = list(slugs)
    for i in order:
        if slugs[i] in holders:
            digest = hashlib.sha1(articles[i].rel.encode("utf-8")).hexdigest()[:SUFFIX_LENGTH]
            result[i] = f"{slugs[i]}-{digest}"
        else:
            holders[slugs[i]] = i
    return tuple(result)


SlugKey = tuple[str, object, str]  # what an article's slug follows from: its title's slug, its date, its path


def reassigned_slugs(before: Sequence[SlugKey], slugs: Sequence[str], after: Sequence[SlugKey]) -> tuple[str, ...] | None:
    """The slugs `assign_slugs` gives for `after`, from those it gave for `before` (the same articles in the same
    order), when only titles changed and no changed title's slug, old or new, is another article's: then each
    edited article takes its new title's slug and no other slug moves. None otherwise (sort them all again: a
    tenth of a title edit in `serve` at 10,000 articles)."""
    if len(before) != len(after):
        return None
    changed = [i for i, (old, new) in enumerate(zip(before, after)) if old != new]
    if len(changed) > 8 or any(before[i][1:] != after[i][1:] for i in changed):
        return None
    used = Counter(title for title, _, _ in after)
    if any(used[after[i][0]] != 1 or used[before[i][0]] for i in changed):
        return None
    result = list(slugs)
    for i in changed:
        result[i] = after[i][0]
    return tuple(result)


@dataclass(frozen=True, slots=True)
class Links:
    """URL builders handed to templates, so themes never assemble paths by hand."""

    base_path: str  # "/news/"
    site_url: str  # "https://example.github.io/news/"

    def home(self) -> str:
        return self.base_path

    def article(self, slug: str) -> str:
        return f"{self.base_path}articles/{slug}/"

    def topic(self, topic_id: str, page: int = 1) -> str:
        """Page 1 of a topic is the topic's own URL; later pages are topics/<id>/page/<n>/."""
        return f"{self.base_path}topics/{topic_id}/" + (f"page/{page}/" if page > 1 else "")

    def topics(self) -> str:
        return f"{self.base_path}topics/"

    def edition(self, edition_id: str) -> str:
        return f"{self.base_path}editions/{edition_id}/"

    def editions(self) -> str:
        return f"{self.base_path}editions/"

    def archive(self, month: str = "") -> str:
        """The archive's index, or one month's page (`month` as 2021-12)."""
        return f"{self.base_path}archive/" + (f"{month}/" if month else "")

    def search(self) -> str:
        return f"{self.base_path}search/"

    def feed(self, topic_id: str = "", *, atom: bool = False) -> str:
        """The site's feed, or a topic's; RSS 2.0 unless `atom`."""
        name = "atom.xml" if atom else "feed.xml"
        return f"{self.base_path}topics/{topic_id}/{name}" if topic_id else f"{self.base_path}{name}"

    def asset(self, path: str) -> str:
        return f"{self.base_path}{path}"

    def absolute(self, url: str) -> str:
        """An internal link made absolute, for feeds."""
        return self.site_url + url.removeprefix(self.base_path)


def output_path(url_path: str, base_path: str) -> str:
    """The file that serves an internal URL: `/news/topics/nga/` -> `topics/nga/index.html`."""
    rel = url_path.removeprefix(base_path)
    return rel + "index.html" if rel.endswith("/") or not rel else rel
