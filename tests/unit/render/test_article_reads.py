"""What a render reads of each article (`watch`), and what a page is seen reading of the articles it lists but is
not about (`PageRenderer.render`): the keys of the next run's pages are made of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.config import SiteConfig
from digest.model import Topic
from digest.render.pages import PageRenderer
from digest.render.plan import PageKind, plan_site
from digest.render.templates import make_environment
from digest.render.watch import WHOLE, Watch, WatchedArticle

from render_helpers import make_article

OWN, OTHER = make_article("own", ("a",)), make_article("other", ("a", "b"), authors=("Lan",))


@pytest.mark.parametrize(("text", "read"), [
    ("{{ other.clean.title }}", {"title"}),
    ("{{ other['clean']['lead'] }}", {"lead"}),
    ("{{ other | attr('clean') | attr('date') }}", {"date"}),
    ("{{ [other] | map(attribute='clean.authors') | list }}", {"authors"}),
    ("{{ [other, own] | sort(attribute='clean.title') | map(attribute='slug') | join }}", {"title"}),
    ("{{ other.clean | summary }}", {"lead", "body_text"}),
    ("{{ other.clean.body | join }}", {"body"}),
    ("{{ other.clean | reading_minutes }}", {"word_count"}),
    ("{% set c = other.clean %}{% if c.date %}{{ c.date | local_date }}{% endif %}", {"date"}),
    ("{{ other.topics | join }}", {"topics"}),
    ("{% for t in other['topics'] %}{{ t }}{% endfor %}", {"topics"}),
    ("{{ other.slug }}", set()),
    ("{{ other.clean }}", {WHOLE}),
    ("{{ other.clean == own.clean }}", {WHOLE}),
    ("{{ other }}", {WHOLE}),
    ("{{ other == own }}{{ other in [own] }}", set()),
])
def test_each_road_to_an_article_s_fields_is_noted(tmp_path: Path, text: str, read: set[str]) -> None:
    env = make_environment(tmp_path, zone=dt.timezone.utc)
    watch = Watch()
    watch.reads = reads = []
    env.from_string(text).render(own=WatchedArticle(OWN, watch), other=WatchedArticle(OTHER, watch))
    assert {name for slug, name in reads if slug == "other"} == read


def test_a_watched_article_is_equal_to_the_article_and_reads_as_it_outside_a_render(tmp_path: Path) -> None:
    env = make_environment(tmp_path, zone=dt.timezone.utc)
    watched = WatchedArticle(OTHER, Watch())
    assert watched == OTHER and OTHER == watched and hash(watched) == hash(OTHER) and watched != OWN
    assert env.from_string("{{ a.clean.title }} {{ a.topics | join }}").render(a=watched) == "other ab"


def test_a_page_counts_what_the_fragments_it_shows_read_when_they_were_rendered_for_another_page(
        tmp_path: Path) -> None:
    """`memo` renders a fragment once per build: the page that shows it again reads what it read. The byline of
    an article is made on its own page (reads that page does not count: it is about that article) and shown again
    on the topic page that lists it, which counts them."""
    articles = [make_article(f"tin-{n}", ("a",), day=n + 1, authors=("Lan",)) for n in range(3)]
    config = SiteConfig(base_url="https://u.github.io/news/")
    plan = plan_site(articles, (Topic("a", "A"),), config)
    renderer = PageRenderer(plan, make_environment(tmp_path, zone=dt.timezone.utc), config, tmp_path)
    pages = {(p.kind, p.key): p for p in plan.pages}
    _, own = renderer.render(pages[PageKind.ARTICLE, "tin-0"])
    _, topic = renderer.render(pages[PageKind.TOPIC, "a"])
    _, again = renderer.render(pages[PageKind.ARTICLE, "tin-1"])
    assert own.kind == "article" and own.fields == {"title", "date"}  # its related articles' lines
    assert topic.kind == "topic" and {"authors", "date", "title", "lead", "body_text"} <= topic.fields
    assert again.fields == own.fields and not (own.beyond or topic.beyond)
