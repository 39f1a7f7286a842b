"""A FeedPlan -> RSS 2.0 and Atom 1.0 bytes.

Built with ElementTree rather than a template: XML escaping of hostile text
(`&`, `<`, emoji) is then the library's job, and characters XML cannot carry at
all (control characters, lone surrogates) are removed here, so every feed is
well-formed by construction. Dates are the newest item's, never the clock, so
two builds of the same content are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from digest.config import SiteConfig
from digest.model import Article
from digest.render.plan import FeedPlan, SitePlan
from digest.render.summary import summarize

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)  # `updated` of a feed with no dated item
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


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


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def rss_feed(plan: SitePlan, feed: FeedPlan, config: SiteConfig) -> bytes:
    info = feed_info(plan, feed, config)
    items = [plan.by_slug[s] for s in feed.slugs]
    titles = {t.id: t.title for t in plan.topics}
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM, "xmlns:content": CONTENT, "xmlns:dc": DC})
    channel = _sub(rss, "channel")
    _sub(channel, "title", info.title)
    _sub(channel, "link", info.link)
    _sub(channel, "description", info.description)
    _sub(channel, "language", config.language)
    _sub(channel, "atom:link", href=info.rss_url, rel="self", type="application/rss+xml")
    if items:
        _sub(channel, "lastBuildDate", email.utils.format_datetime(items[0].clean.date))  # type: ignore[arg-type]
    for article in items:
        item = _sub(channel, "item")
        permalink = plan.links.absolute(plan.links.article(article.slug))
        _sub(item, "title", article.clean.title)
        _sub(item, "link", permalink)
        _sub(item, "guid", permalink, isPermaLink="true")
        _sub(item, "pubDate", email.utils.format_datetime(article.clean.date))  # type: ignore[arg-type]
        for author in article.clean.authors or article.clean.credits:
            _sub(item, "dc:creator", author)
        for topic_id in article.topics:
            _sub(item, "category", titles[topic_id])
        _sub(item, "description", summarize(article.clean))
        if config.feed_content == "full":
            _sub(item, "content:encoded", _full_html(article))
    return _serialize(rss)


def atom_feed(plan: SitePlan, feed: FeedPlan, config: SiteConfig) -> bytes:
    info = feed_info(plan, feed, config)
    items = [plan.by_slug[s] for s in feed.slugs]
    titles = {t.id: t.title for t in plan.topics}
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": config.language})
    _sub(root, "id", info.atom_url)
    _sub(root, "title", info.title)
    _sub(root, "subtitle", info.description)
    _sub(root, "link", href=info.link, rel="alternate", type="text/html")
    _sub(root, "link", href=info.atom_url, rel="self", type="application/atom+xml")
    _sub(root, "updated", (items[0].clean.date if items else EPOCH).isoformat())  # type: ignore[union-attr]
    _sub(_sub(root, "author"), "name", config.title)
    for article in items:
        entry = _sub(root, "entry")
        permalink = plan.links.absolute(plan.links.article(article.slug))
        _sub(entry, "id", permalink)
        _sub(entry, "title", article.clean.title)
        _sub(entry, "link", href=permalink, rel="alternate", type="text/html")
        _sub(entry, "published", article.clean.date.isoformat())  # type: ignore[union-attr]
        _sub(entry, "updated", article.clean.date.isoformat())  # type: ignore[union-attr]
        for author in article.clean.authors or article.clean.credits:
            _sub(_sub(entry, "author"), "name", author)
        for topic_id in article.topics:
            _sub(entry, "category", term=topic_id, label=titles[topic_id])
        _sub(entry, "summary", summarize(article.clean))
        if config.feed_content == "full":
            _sub(entry, "content", _full_html(article), type="html")
    return _serialize(root)
