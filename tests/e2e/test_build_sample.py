"""End to end: the sample project builds into a browsable, linked, deterministic site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import yaml

from conftest import CASES, REPO, links_in, make_project, page, site_snapshot
from digest.build import BuildOptions, build
from digest.clean import clean_article
from digest.load import load_document
from digest.text import normalize_text

IRAQ_NATO = "iraq-bat-den-xanh-cho-nato-o-lai"
US_WITHDRAWS = "my-rut-toan-bo-quan-khoi-iraq-truoc-ngay-ket-nam-2021"


def test_articles_land_on_their_edition_topic_and_home_pages(built_sample):
    root, result = built_sample
    site = root / "site"
    assert result.articles == 2
    assert IRAQ_NATO in page(site, "editions/2020-W07/")
    assert US_WITHDRAWS in page(site, "editions/2021-W48/")
    assert US_WITHDRAWS not in page(site, "editions/2020-W07/")
    home = page(site, "")
    assert US_WITHDRAWS in home and IRAQ_NATO not in home.split("Các số gần đây")[0]
    for topic in ("nato", "iraq", "trung-dong", "my", "quan-su"):
        assert IRAQ_NATO in page(site, f"topics/{topic}/") and US_WITHDRAWS in page(site, f"topics/{topic}/")
    assert "Chưa có bài viết" in page(site, "topics/nga/")
    assert 'href="/digest/editions/2020-W07/"' in page(site, "editions/2021-W48/")


def test_article_page_shows_the_cleaned_article(built_sample):
    root, _ = built_sample
    html = page(root / "site", f"articles/{IRAQ_NATO}/")
    assert "<h1>Iraq &#39;bật đèn xanh&#39; cho\u00a0NATO ở lại</h1>" in html  # the source's no-break space is kept
    assert "Thế Việt" in html and "Theo AP" in html
    assert "Đọc thêm" not in html and "Lịch cúp điện" not in html and "TIN LIÊN QUAN" not in html


def test_cleaned_bodies_equal_the_expected_samples():
    for expected_file in sorted((CASES / "samples").glob("*.expected.yaml")):
        expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
        name = Path(expected["source_file"]).name
        doc = load_document(REPO / "content" / "articles" / name, REPO / "content", zone=__import__("zoneinfo").ZoneInfo("UTC"))
        article = clean_article(doc)
        assert list(article.body) == [normalize_text(p) for p in expected["body"]], name
        assert article.title == expected["title"] and article.lead == expected["lead"]
        assert list(article.authors) == expected["authors"] and list(article.credits) == expected["credits"]


def test_every_internal_link_resolves_under_the_base_path(built_sample):
    root, _ = built_sample
    site = root / "site"
    checked = 0
    for html_file in sorted(site.rglob("*.html")):
        for link in links_in(html_file.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            assert parts.path.startswith("/digest/"), (html_file, link)
            target = site / parts.path.removeprefix("/digest/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), (html_file, link)
            checked += 1
    assert checked > 50


def test_feed_parses_and_lists_both_articles(built_sample):
    root, _ = built_sample
    feed = feedparser.parse((root / "site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.link for e in feed.entries] == [
        f"https://example.github.io/digest/articles/{US_WITHDRAWS}/",
        f"https://example.github.io/digest/articles/{IRAQ_NATO}/",
    ]
    assert feed.entries[0].published == "Wed, 01 Dec 2021 00:00:00 +0700"
    assert len({e.id for e in feed.entries}) == 2


def test_two_builds_are_byte_identical(tmp_path):
    first = make_project(tmp_path / "a")
    second = make_project(tmp_path / "b")
    build(BuildOptions(project=first))
    build(BuildOptions(project=second))
    assert site_snapshot(first / "site") == site_snapshot(second / "site")


def test_rebuild_keeps_unchanged_files_untouched(project):
    build(BuildOptions(project=project))
    before = (project / "site" / "index.html").stat().st_mtime_ns
    result = build(BuildOptions(project=project))
    assert result.written == 0 and result.unchanged > 10
    assert (project / "site" / "index.html").stat().st_mtime_ns == before
