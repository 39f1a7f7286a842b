"""Feeds stay well-formed and parse without bozo whatever the article text holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import feedparser
import pytest

from digest.config import SiteConfig
from digest.model import Topic
from digest.render.feeds import FeedRenderer
from digest.render.plan import plan_site

from render_helpers import make_article

HOSTILE = "Tom & Jerry <b>không</b> đóng\x00 thẻ\x07 \x1b[31m 🇻🇳🔥 ]]> \ud800 \"trích\" 'dẫn'"
TOPICS = (Topic("a", "A & <B>", "Mô tả <i>"),)


def built(config: SiteConfig):
    articles = [make_article("hostile", ("a",), day=2, title=HOSTILE, lead=HOSTILE, body=(HOSTILE, "Đoạn hai."),
                             authors=(HOSTILE, "Bảo Hà")),
                make_article("plain", ("a",), day=1)]
    return plan_site(articles, TOPICS, config)


@pytest.mark.parametrize("content", ["full", "summary"])
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_hostile_text_gives_well_formed_feeds(kind, content):
    config = SiteConfig(base_url="https://u.github.io/news/", feed_content=content)
    plan = built(config)
    render = getattr(FeedRenderer(plan, config), kind)
    for feed in plan.feeds:
        data = render(feed)
        ET.fromstring(data)
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        first = parsed.entries[0]
        assert first.title.startswith("Tom & Jerry <b>không</b> đóng thẻ") and "🇻🇳🔥" in first.title
        assert first.link == "https://u.github.io/news/articles/hostile/"
        assert first.published_parsed[:3] == (2021, 12, 2)
        assert [t.term for t in first.tags] in (["A & <B>"], ["a"])
        assert ("content" in first) == (content == "full")
        if content == "full":
            assert "Đoạn hai." in first.content[0].value
        assert parsed.feed.language if kind == "rss" else parsed.feed.get("language") in ("vi", None)


def test_rss_channel_metadata_comes_from_the_newest_item():
    config = SiteConfig(base_url="https://u.github.io/news/", title="Tin")
    plan = built(config)
    parsed = feedparser.parse(FeedRenderer(plan, config).rss(plan.feeds[0]))
    assert parsed.feed.language == "vi"
    assert parsed.feed.updated == "Thu, 02 Dec 2021 08:00:00 +0700"
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == "https://u.github.io/news/feed.xml"
    assert parsed.entries[0].id == "https://u.github.io/news/articles/hostile/"


def test_atom_feed_of_a_topic_names_its_self_link_and_authors():
    config = SiteConfig(base_url="https://u.github.io/news/")
    plan = built(config)
    topic_feed = plan.feeds[1]
    parsed = feedparser.parse(FeedRenderer(plan, config).atom(topic_feed))
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == "https://u.github.io/news/topics/a/atom.xml"
    assert parsed.feed.updated.startswith("2021-12-02T08:00:00+07:00")
    assert "Bảo Hà" in [a.name for a in parsed.entries[0].authors]


def test_feed_items_are_capped():
    config = SiteConfig(base_url="https://u.github.io/news/", feed_items=1)
    plan = plan_site([replace(make_article(f"n{d}", ("a",), day=d)) for d in range(1, 4)], TOPICS, config)
    assert len(feedparser.parse(FeedRenderer(plan, config).rss(plan.feeds[0])).entries) == 1
