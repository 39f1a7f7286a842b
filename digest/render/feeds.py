"""SitePlan -> RSS 2.0 bytes.

Built with ElementTree rather than a template: XML escaping of hostile text
(`&`, `<`, emoji) is then the library's job, and the output is well-formed by
construction. lastBuildDate is the newest item's date, never the clock, so two
builds of the same content are byte-identical.
"""

from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from typing import Sequence

from digest.config import SiteConfig
from digest.model import Article
from digest.render.plan import SitePlan

ATOM = "http://www.w3.org/2005/Atom"


def _summary(article: Article) -> str:
    return article.clean.lead or (article.clean.body[0] if article.clean.body else "")


def rss_feed(plan: SitePlan, articles: Sequence[Article], config: SiteConfig, *, feed_url: str,
             title: str, description: str, link: str) -> bytes:
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = link
    ET.SubElement(channel, "description").text = description or title
    ET.SubElement(channel, "language").text = config.language
    ET.SubElement(channel, f"{{{ATOM}}}link", {"href": feed_url, "rel": "self", "type": "application/rss+xml"})
    dated = [a for a in articles if a.clean.date][: config.feed_items]
    if dated:
        ET.SubElement(channel, "lastBuildDate").text = email.utils.format_datetime(dated[0].clean.date)  # type: ignore[arg-type]
    titles = {t.id: t.title for t in plan.topics}
    for article in dated:
        item = ET.SubElement(channel, "item")
        permalink = plan.links.absolute(plan.links.article(article.slug))
        ET.SubElement(item, "title").text = article.clean.title
        ET.SubElement(item, "link").text = permalink
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = permalink
        ET.SubElement(item, "pubDate").text = email.utils.format_datetime(article.clean.date)  # type: ignore[arg-type]
        ET.SubElement(item, "description").text = _summary(article)
        for topic_id in article.topics:
            ET.SubElement(item, "category").text = titles[topic_id]
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"
