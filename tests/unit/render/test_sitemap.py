"""sitemap.xml: every listed page's absolute address, an article's date as lastmod, well-formed whatever the URL."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from digest.config import SiteConfig
from digest.model import Topic
from digest.render.plan import PageKind, plan_site
from digest.render.sitemap import SITEMAP_NS, UNLISTED, sitemap_xml

from render_helpers import make_article


def test_the_sitemap_lists_each_page_once_with_its_escaped_address_and_article_dates() -> None:
    plan = plan_site([make_article("a", day=3), make_article("b", day=None)], (Topic("a", "A & <B>"),),
                     SiteConfig(base_url="https://example.org/tin&bao/"))
    root = ET.fromstring(sitemap_xml(plan))
    ns = {"s": SITEMAP_NS}
    entries = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
               for url in root.findall("s:url", ns)}
    listed = [p for p in plan.pages if p.kind not in UNLISTED]
    assert len(entries) == len(listed) == len(root.findall("s:url", ns))
    assert all(loc.startswith("https://example.org/tin&bao/") for loc in entries)
    dated = plan.by_slug["a"].clean.date
    assert dated is not None
    article = next(p for p in listed if p.kind is PageKind.ARTICLE and p.key == "a")
    assert entries[plan.links.absolute(article.url)] == dated.isoformat()
    undated = next(p for p in listed if p.kind is PageKind.ARTICLE and p.key == "b")
    assert entries[plan.links.absolute(undated.url)] is None


def test_a_renamed_article_is_swapped_into_the_last_sitemap_as_a_new_one_would_list_it() -> None:
    from dataclasses import replace

    from digest.render.plan import with_articles
    from digest.render.sitemap import edit_sitemap

    topics = (Topic("a", "A"),)
    config = SiteConfig(base_url="https://example.org/tin&bao/")
    articles = [make_article("b", day=3), make_article("c", ("a",), day=1), make_article("m", day=2)]
    plan = plan_site(articles, topics, config)
    # "b" takes the slug "c" gives up, in the same edit: the swap is made at once, not one after the other.
    edited = [replace(a, slug=new, clean=replace(a.clean, title=new)) for a, new in zip(articles[:2], "cd")]
    edited.append(articles[2])
    found = with_articles(plan, edited)
    assert found is not None and found[1].renamed == {"b": "c", "c": "d"}
    assert edit_sitemap(sitemap_xml(plan), found[0], found[1].renamed) == sitemap_xml(found[0])
    assert edit_sitemap(b"<urlset/>", found[0], found[1].renamed) is None
