"""SitePlan -> sitemap.xml and robots.txt, so search engines find every page.

An article's lastmod is its date; other pages carry none rather than a made-up
one. The sitemap is a flat list written line by line, its text escaped as the
feeds' is: through ElementTree it took 0.14 s at 10,000 articles, which a
title edit in `serve` (a page at a new address) waited for.
"""

from __future__ import annotations

from typing import Mapping

from digest.render.feeds import DECLARATION, xml_escape
from digest.render.plan import PageKind, SitePlan
from digest.render.splice import swap_once

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNLISTED = frozenset({PageKind.NOT_FOUND, PageKind.SEARCH})


def sitemap_xml(plan: SitePlan) -> bytes:
    lines = [DECLARATION + f'<urlset xmlns="{SITEMAP_NS}">']
    for page in plan.pages:
        if page.kind in UNLISTED:
            continue
        lines += ("  <url>", f"    <loc>{xml_escape(plan.links.absolute(page.url))}</loc>")
        date = plan.by_slug[page.key].clean.date if page.kind is PageKind.ARTICLE else None
        if date:
            lines.append(f"    <lastmod>{xml_escape(date.isoformat())}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def edit_sitemap(last: bytes, plan: SitePlan, renamed: Mapping[str, str]) -> bytes | None:
    """`last` (the sitemap of the plan `with_articles` edited) with the renamed articles' addresses swapped in,
    all at once (one article may take the slug another gave up); None unless each old address is there once.
    A rename keeps every page in its place and every date, so this is `sitemap_xml(plan)`, at a fraction of
    its cost."""
    def loc(slug: str) -> bytes:
        return f"<loc>{xml_escape(plan.links.absolute(plan.links.article(slug)))}</loc>".encode("utf-8")

    return swap_once(last, ((loc(old), loc(new)) for old, new in renamed.items()))


def robots_txt(plan: SitePlan) -> bytes:
    sitemap = plan.links.absolute(plan.links.asset("sitemap.xml"))
    return f"User-agent: *\nAllow: /\nSitemap: {sitemap}\n".encode("utf-8")
