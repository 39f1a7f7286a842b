"""SitePlan -> sitemap.xml and robots.txt, so search engines find every page.

Built with ElementTree like the feeds (escaping is the library's job). An
article's lastmod is its date; other pages carry none rather than a made-up one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from digest.render.plan import PageKind, SitePlan

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNLISTED = frozenset({PageKind.NOT_FOUND, PageKind.SEARCH})


def sitemap_xml(plan: SitePlan) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for page in plan.pages:
        if page.kind in UNLISTED:
            continue
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = plan.links.absolute(page.url)
        date = plan.by_slug[page.key].clean.date if page.kind is PageKind.ARTICLE else None
        if date:
            ET.SubElement(url, "lastmod").text = date.isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(plan: SitePlan) -> bytes:
    sitemap = plan.links.absolute(plan.links.asset("sitemap.xml"))
    return f"User-agent: *\nAllow: /\nSitemap: {sitemap}\n".encode("utf-8")
