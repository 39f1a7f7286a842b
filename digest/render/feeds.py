"""A FeedPlan -> RSS 2.0 and Atom 1.0 bytes.

Written as text rather than built as an ElementTree: a build has a feed per
topic and each article sits in the site's feed and in every one of its topics',
so each article's item is rendered once per build and shared by all of them
(ElementTree would serialize it again, in pure Python, for every feed). Every
piece of text goes through `_text` or `_attr`, which remove the characters XML
cannot carry at all (control characters, lone surrogates) and escape the
markup ones with the standard library's escaping, so every feed is
well-formed by construction; the layout is the one `ElementTree.indent` gives.
Dates are the newest item's, never the clock, so two builds of the same content
are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from digest.config import SiteConfig
from digest.model import Article
from digest.render.plan import FeedPlan, SitePlan
from digest.render.summary import summarize

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)  # `updated` of a feed with no dated item
DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
INDENT = "  "
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ATTR_ENTITIES = str.maketrans({'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})  # kept as they are in a value


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def xml_escape(text: str) -> str:
    """Text as XML character data: what XML cannot carry dropped, markup characters escaped."""
    return html.escape(xml_text(text), quote=False)


def _attr(value: str) -> str:
    return html.escape(xml_text(value), quote=False).translate(_ATTR_ENTITIES)


def _leaf(level: int, tag: str, text: str | None = None, **attrs: str) -> str:
    """One element without children on its own line; an empty one is self-closed."""
    opening = tag + "".join(f' {name}="{_attr(value)}"' for name, value in attrs.items())
    body = xml_escape(text) if text is not None else ""
    return f"{INDENT * level}<{opening}>{body}</{tag}>\n" if body else f"{INDENT * level}<{opening} />\n"


def _opening(level: int, tag: str, **attrs: str) -> str:
    opening = tag + "".join(f' {name}="{_attr(value)}"' for name, value in attrs.items())
    return f"{INDENT * level}<{opening}>\n"


def _closing(level: int, tag: str) -> str:
    return f"{INDENT * level}</{tag}>\n"


def _parent(level: int, tag: str, children: Iterable[str], **attrs: str) -> str:
    return _opening(level, tag, **attrs) + "".join(children) + _closing(level, tag)


def _document(head: str, items: Iterable[bytes], tail: str) -> bytes:
    """A feed's bytes: the declaration, what comes before its items, the (encoded) items, what closes it."""
    return b"".join([(DECLARATION + head).encode("utf-8"), *items, tail.encode("utf-8")])


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    description: str
    link: str  # absolute URL of the page the feed mirrors
    rss_url: str
    atom_url: str


def feed_info(plan: SitePlan, feed: FeedPlan, config: SiteConfig) -> FeedInfo:
    links = plan.links
    if feed.topic:
        topic = next(t for t in plan.topics if t.id == feed.topic)
        title, description, link = f"{topic.title} · {config.title}", topic.description, links.topic(topic.id)
    else:
        title, description, link = config.title, config.description, links.home()
    return FeedInfo(title, description or title, links.absolute(link),
                    links.absolute(links.feed(feed.topic)), links.absolute(links.feed(feed.topic, atom=True)))


def _full_html(article: Article) -> str:
    lead = f"<p><strong>{html.escape(article.clean.lead, quote=False)}</strong></p>\n" if article.clean.lead else ""
    return lead + article.clean.body_html


Items = dict[str, tuple[Article, bytes]]  # slug -> the article an item was made of, and the item encoded


@dataclass(slots=True)
class FeedItems:
    """Each article's RSS item and Atom entry, with the article object each was made of.

    A build makes one; `serve` keeps one from one update to the next
    (`Builder(resident=True)`) while the settings and topics are the same
    (`key`). An item is reused while its article is the very object the plan
    holds (`plan_site` keeps unchanged articles), so an edit remakes only its
    own article's items: making again the 20 items of every feed the edit
    touched was about a fifth of an edit of a recent article. Only articles in
    a feed get items, so the store is no larger than the feeds.
    """

    key: str = ""
    rss: Items = field(default_factory=dict)
    atom: Items = field(default_factory=dict)

    def prune(self, by_slug: Mapping[str, Article]) -> None:
        """Forget the items of articles gone or remade since (a retitled article's slug is never asked again)."""
        for items in (self.rss, self.atom):
            for slug in [slug for slug, (article, _) in items.items() if by_slug.get(slug) is not article]:
                del items[slug]


class FeedRenderer:
    """One build's feeds. Items are made once per article (`FeedItems`), kept encoded, and a feed is joined as bytes.

    An item sits in the site's feed and in its topics' (RSS and Atom each), and
    encoding each feed whole encoded it again every time (26 MB a build for the
    4,000-article benchmark, 2.5 times its distinct items). UTF-8 is encoded
    piece by piece as it is whole.
    """

    def __init__(self, plan: SitePlan, config: SiteConfig, items: FeedItems | None = None) -> None:
        self.plan, self.config = plan, config
        self._titles = {t.id: t.title for t in plan.topics}
        self._items = items if items is not None else FeedItems()

    def _permalink(self, article: Article) -> str:
        return self.plan.links.absolute(self.plan.links.article(article.slug))

    def _item(self, items: Items, slug: str, make: Callable[[Article], str]) -> bytes:
        article = self.plan.by_slug[slug]
        found = items.get(slug)
        if found is None or found[0] is not article:
            found = items[slug] = article, make(article).encode("utf-8")
        return found[1]

    def _rss_item(self, slug: str) -> bytes:
        return self._item(self._items.rss, slug, self._make_rss_item)

    def _atom_entry(self, slug: str) -> bytes:
        return self._item(self._items.atom, slug, self._make_atom_entry)

    def _make_rss_item(self, article: Article) -> str:
        clean, permalink = article.clean, self._permalink(article)
        children = [_leaf(3, "title", clean.title), _leaf(3, "link", permalink),
                    _leaf(3, "guid", permalink, isPermaLink="true"),
                    _leaf(3, "pubDate", _rfc2822(clean.date))]  # type: ignore[arg-type]
        children += [_leaf(3, "dc:creator", author) for author in clean.authors or clean.credits]
        children += [_leaf(3, "category", self._titles[topic_id]) for topic_id in article.topics]
        children.append(_leaf(3, "description", summarize(clean)))
        if self.config.feed_content == "full":
            children.append(_leaf(3, "content:encoded", _full_html(article)))
        return _parent(2, "item", children)

    def _make_atom_entry(self, article: Article) -> str:
        clean, permalink = article.clean, self._permalink(article)
        date = clean.date.isoformat()  # type: ignore[union-attr]
        children = [_leaf(2, "id", permalink), _leaf(2, "title", clean.title),
                    _leaf(2, "link", href=permalink, rel="alternate", type="text/html"),
                    _leaf(2, "published", date), _leaf(2, "updated", date)]
        children += [_parent(2, "author", [_leaf(3, "name", author)]) for author in clean.authors or clean.credits]
        children += [_leaf(2, "category", term=topic_id, label=self._titles[topic_id])
                     for topic_id in article.topics]
        children.append(_leaf(2, "summary", summarize(clean)))
        if self.config.feed_content == "full":
            children.append(_leaf(2, "content", _full_html(article), type="html"))
        return _parent(1, "entry", children)

    def rss(self, feed: FeedPlan) -> bytes:
        info = feed_info(self.plan, feed, self.config)
        channel = [_leaf(2, "title", info.title), _leaf(2, "link", info.link),
                   _leaf(2, "description", info.description), _leaf(2, "language", self.config.language),
                   _leaf(2, "atom:link", href=info.rss_url, rel="self", type="application/rss+xml")]
        if feed.slugs:
            newest = self.plan.by_slug[feed.slugs[0]].clean.date
            channel.append(_leaf(2, "lastBuildDate", _rfc2822(newest)))  # type: ignore[arg-type]
        opening = _opening(0, "rss", **{"version": "2.0", "xmlns:atom": ATOM, "xmlns:content": CONTENT, "xmlns:dc": DC})
        return _document(opening + _opening(1, "channel") + "".join(channel), map(self._rss_item, feed.slugs),
                         _closing(1, "channel") + _closing(0, "rss"))

    def atom(self, feed: FeedPlan) -> bytes:
        info = feed_info(self.plan, feed, self.config)
        updated = self.plan.by_slug[feed.slugs[0]].clean.date if feed.slugs else EPOCH
        children = [_leaf(1, "id", info.atom_url), _leaf(1, "title", info.title),
                    _leaf(1, "subtitle", info.description),
                    _leaf(1, "link", href=info.link, rel="alternate", type="text/html"),
                    _leaf(1, "link", href=info.atom_url, rel="self", type="application/atom+xml"),
                    _leaf(1, "updated", updated.isoformat()),  # type: ignore[union-attr]
                    _parent(1, "author", [_leaf(2, "name", self.config.title)])]
        opening = _opening(0, "feed", **{"xmlns": ATOM, "xml:lang": self.config.language})
        return _document(opening + "".join(children), map(self._atom_entry, feed.slugs), _closing(0, "feed"))


def _rfc2822(date: dt.datetime) -> str:
    """An RSS date. `email.utils` is imported here: its import (6 ms) was in every build, feeds or not."""
    import email.utils

    return email.utils.format_datetime(date)
