"""The whole site under a subpath: every link resolves, every page parses, feeds and extras are there."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import html5lib
import pytest

from conftest import links_in, make_project, page, run_digest, site_snapshot
from digest.build import BuildOptions, build

BASE = "/tin/"
CONFIG = f"""title: Bản tin & <Thử>
description: Tin chọn lọc.
base_url: https://example.github.io{BASE}
page_size: 3
cname: tin.example.org
"""
PLACES = ["Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ"]


def add_articles(project: Path, count: int) -> None:
    """Markdown articles spread over three months, all about NATO, so topic pages need several pages."""
    for n in range(count):
        month, day = 10 + n % 3, 1 + n
        (project / "content" / "articles" / f"gen-{n:02d}.md").write_text(
            f"---\ndate: 2021-{month:02d}-{day:02d}\nauthors: [Phóng viên {n}]\n---\n"
            f"# NATO họp ở {PLACES[n % 4]} lần {n}\n\nLãnh đạo NATO gặp nhau tại {PLACES[n % 4]}.\n\n"
            f"Cuộc họp bàn về huấn luyện & phòng thủ <chung>.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("site") / "project", config=CONFIG)
    add_articles(project, 10)
    (project / "content" / "editions").mkdir()
    (project / "content" / "editions" / "2021-W48.md").write_text("Lời **ban biên tập** cho số này.\n", encoding="utf-8")
    build(BuildOptions(project=project))
    return project / "site"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, path: str) -> Path:
    target = site / path.removeprefix(BASE)
    return target / "index.html" if path.endswith("/") else target


def test_every_internal_link_and_asset_resolves(site):
    checked = 0
    for html_file in html_pages(site):
        text = html_file.read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', text))
        for link in links_in(text):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            if not parts.path:
                assert parts.fragment in ids, (html_file, link)
                continue
            assert parts.path.startswith(BASE), (html_file, link)
            assert resolve(site, parts.path).is_file(), (html_file, link)
            checked += 1
    assert checked > 500


def test_every_page_parses_as_html_without_errors(site):
    for html_file in html_pages(site):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(html_file.read_bytes())
        assert parser.errors == [], (html_file, parser.errors[:3])


def test_every_page_has_title_description_canonical_and_open_graph(site):
    for html_file in html_pages(site):
        text = html_file.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", text), html_file
        for needle in ('<meta name="description" content="', '<link rel="canonical" href="https://example.github.io/tin/',
                       '<meta property="og:title"', '<meta property="og:url"', '<html lang="vi">',
                       'type="application/rss+xml"', 'type="application/atom+xml"'):
            assert needle in text, (html_file, needle)
    assert 'href="/tin/topics/nato/feed.xml"' in page(site, "topics/nato/")


def test_pages_the_issue_asks_for(site):
    assert "Lời <strong>ban biên tập</strong> cho số này." in page(site, "editions/2021-W48/")
    assert "2021-W48" in page(site, "editions/") and "2020-W07" in page(site, "editions/")
    topic_pages = sorted(p.parent.name for p in (site / "topics" / "nato" / "page").glob("*/index.html"))
    assert topic_pages == ["2", "3", "4"]
    assert 'rel="next" href="/tin/topics/nato/page/2/"' in page(site, "topics/nato/")
    topics_index = page(site, "topics/")
    assert re.search(r'href="/tin/topics/nato/">NATO</a> <span class="count">12 bài', topics_index)
    assert "Tháng 12/2021" in page(site, "archive/") and "gen-" not in page(site, "archive/")
    assert page(site, "archive/2021-10/").count('<li><a href="/tin/articles/') == 4
    assert "Không tìm thấy trang" in page(site, "404.html")
    assert (site / "CNAME").read_text(encoding="utf-8") == "tin.example.org\n"
    assert (site / ".nojekyll").is_file()
    assert "Sitemap: https://example.github.io/tin/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def test_article_page_shows_credits_topics_related_and_neighbours(site):
    html = page(site, "articles/nato-hop-o-hue-lan-5/")
    assert "Phóng viên 5" in html and 'class="lead"' in html and "Bài liên quan" in html
    assert "huấn luyện &amp; phòng thủ &lt;chung&gt;" in html
    assert 'rel="prev"' in html or 'rel="next"' in html
    assert '<meta property="og:type" content="article">' in html


def test_sitemap_lists_every_page_but_404_and_search(site):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in tree.findall("s:url/s:loc", ns)}
    pages = {p for p in html_pages(site) if p.name == "index.html" and "search" not in p.parts}
    assert len(urls) == len(pages)
    assert "https://example.github.io/tin/topics/nato/page/2/" in urls


def test_every_feed_parses_without_bozo(site):
    feeds = sorted(site.rglob("feed.xml")) + sorted(site.rglob("atom.xml"))
    assert len(feeds) == 2 * (1 + len(list((site / "topics").glob("*/index.html"))))
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    site_feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert site_feed.feed.title == "Bản tin & <Thử>" and len(site_feed.entries) == 12


def test_a_theme_directory_from_the_config_is_used(tmp_path):
    project = make_project(tmp_path / "p", config=CONFIG + "theme: mytheme\n")
    (project / "mytheme" / "static").mkdir(parents=True)
    (project / "mytheme" / "404.html").write_text("{% extends 'base.html' %}{% block main %}Lạc đường{% endblock %}",
                                                 encoding="utf-8")
    (project / "mytheme" / "static" / "extra.css").write_text("body{}", encoding="utf-8")
    build(BuildOptions(project=project))
    assert "Lạc đường" in page(project / "site", "404.html")
    assert (project / "site" / "static" / "extra.css").is_file() and (project / "site" / "static" / "style.css").is_file()


def test_a_site_title_and_description_block_fill_their_tags_and_the_open_graph_ones(tmp_path):
    """base.html renders each block once and shows it twice: an override, calling super() or not, reads the same in
    both places, the Open Graph copy trimmed."""
    project = make_project(tmp_path / "p", config=CONFIG)
    (project / "templates").mkdir()
    (project / "templates" / "404.html").write_text(
        "{% extends 'base.html' %}{% block title %} Lạc <đường> · {{ super() }} {% endblock %}"
        "{% block description %}{{ page.kind.value }} & {{ site.title }}{% endblock %}", encoding="utf-8")
    build(BuildOptions(project=project))
    text = page(project / "site", "404.html")
    assert "<title> Lạc <đường> · Bản tin &amp; &lt;Thử&gt; </title>" in text
    assert '<meta property="og:title" content="Lạc <đường> · Bản tin &amp; &lt;Thử&gt;">' in text
    assert '<meta name="description" content="not_found & Bản tin &amp; &lt;Thử&gt;">' in text
    assert '<meta property="og:description" content="not_found & Bản tin &amp; &lt;Thử&gt;">' in text


def test_a_missing_theme_directory_is_an_error_at_its_line(tmp_path):
    project = make_project(tmp_path / "p", config=CONFIG + "theme: nowhere\n")
    result = run_digest("build", cwd=project)
    assert result.returncode == 2
    assert 'content/digest.yaml:6:8: error: theme directory "nowhere" does not exist' in result.stderr


def test_an_intro_for_no_edition_is_a_warning(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "content" / "editions").mkdir()
    (project / "content" / "editions" / "2021-W47.md").write_text("Xin chào.", encoding="utf-8")
    result = run_digest("build", cwd=project)
    assert result.returncode == 0
    assert "content/editions/2021-W47.md: warning: no edition '2021-W47'" in result.stderr


def test_site_with_many_articles_builds_identically_twice(tmp_path):
    first, second = (make_project(tmp_path / name, config=CONFIG) for name in ("a", "b"))
    for project in (first, second):
        add_articles(project, 10)
        build(BuildOptions(project=project))
    assert site_snapshot(first / "site") == site_snapshot(second / "site")
