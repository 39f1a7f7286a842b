"""plan_site on articles made in memory: pagination, editions, related, neighbours, subtopics, archive."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from digest.config import SiteConfig
from digest.model import Article, Topic
import digest.render.plan
from digest.render.plan import RELATED_COUNT, PageKind, plan_site, with_articles

from render_helpers import make_article

TOPICS = (Topic("a", "A"), Topic("b", "B"), Topic("c", "C"))
CONFIG = SiteConfig(base_url="https://u.github.io/news/", page_size=2, feed_items=3)


def pages_of(plan, kind):
    return [p for p in plan.pages if p.kind is kind]


def test_topic_pages_are_paginated_newest_first():
    articles = [make_article(f"n{d}", ("a",), day=d) for d in range(1, 6)]
    plan = plan_site(articles, TOPICS, CONFIG)
    pages = [p for p in pages_of(plan, PageKind.TOPIC) if p.key == "a"]
    assert [p.url for p in pages] == ["/news/topics/a/", "/news/topics/a/page/2/", "/news/topics/a/page/3/"]
    assert [p.slugs for p in pages] == [("n5", "n4"), ("n3", "n2"), ("n1",)]
    assert [(p.number, p.count) for p in pages] == [(1, 3), (2, 3), (3, 3)]
    assert pages[1].output == "topics/a/page/2/index.html"
    empty = [p for p in pages_of(plan, PageKind.TOPIC) if p.key == "c"]
    assert len(empty) == 1 and empty[0].slugs == ()


def test_edition_lists_each_article_once_under_its_first_topic_in_rule_order():
    articles = [make_article("ab", ("a", "b"), day=1), make_article("b", ("b",), day=2), make_article("c", ("c",), day=3)]
    plan = plan_site(articles, TOPICS, CONFIG)
    (edition,) = plan.editions
    assert edition.groups == (("a", ("ab",)), ("b", ("b",)), ("c", ("c",)))
    assert edition.slugs == ("ab", "b", "c")
    assert plan.neighbours["ab"] == (None, "b") and plan.neighbours["b"] == ("ab", "c") and plan.neighbours["c"] == ("b", None)


def test_related_prefers_most_shared_topics_then_newest():
    articles = [
        make_article("me", ("a", "b", "c"), day=1),
        make_article("two-old", ("a", "b"), day=2),
        make_article("one-new", ("a",), day=9),
        make_article("three", ("a", "b", "c"), day=3),
        make_article("two-new", ("b", "c"), day=8),
        make_article("none", ("x",), day=10),
    ]
    plan = plan_site(articles, TOPICS + (Topic("x", "X"),), CONFIG)
    assert plan.related["me"] == ("three", "two-new", "two-old", "one-new")
    assert plan.related["none"] == ()
    article_page = next(p for p in plan.pages if p.kind is PageKind.ARTICLE and p.key == "me")
    assert set(plan.related["me"]) <= set(article_page.slugs) and article_page.slugs[0] == "me"


@pytest.mark.parametrize("group_cost", [0, 4, 1 << 40], ids=["groups", "mixed", "counting"])
def test_related_ranks_by_overlap_then_newest_however_many_topics_an_article_has(
        group_cost: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sets are ranked by walking their groups of topics or by counting, whichever costs less (`GROUP_COST`; a
    build of thousands of articles mixes the two): each way alone, and both mixed, give the order a brute-force
    count gives, on random articles of 0 to 9 topics among 12."""
    import random

    monkeypatch.setattr(digest.render.plan, "GROUP_COST", group_cost)
    rng = random.Random(5)
    topics = tuple(Topic(t, t.upper()) for t in "abcdefghijkl")
    articles = [make_article(f"r{n}", tuple(rng.sample("abcdefghijkl", rng.choice([0, 1, 2, 3, 5, 7, 9]))),
                             day=rng.randint(1, 28), month=rng.randint(1, 12)) for n in range(300)]
    plan = plan_site(articles, topics, CONFIG)
    postings = Counter(t for a in articles for t in a.topics)
    counted = {(group_cost << len(a.topics)) > sum(postings[t] for t in a.topics) for a in articles if a.topics}
    assert counted == ({False} if group_cost == 0 else {True} if group_cost > 1 << 30 else {False, True})
    for n, article in enumerate(plan.articles):
        mine = set(article.topics)
        others = [(len(mine & set(other.topics)), m, other.slug) for m, other in enumerate(plan.articles)
                  if m != n and mine & set(other.topics)]
        expected = tuple(slug for _, _, slug in sorted(others, key=lambda o: (-o[0], o[1])))[:RELATED_COUNT]
        assert plan.related[article.slug] == expected, article.topics


def test_related_is_capped_and_never_lists_the_article_itself():
    articles = [make_article(f"s{d}", ("a",), day=d) for d in range(1, 20)]
    plan = plan_site(articles, TOPICS, CONFIG)
    assert plan.related["s19"] == ("s18", "s17", "s16", "s15", "s14")
    assert plan.related["s1"] == ("s19", "s18", "s17", "s16", "s15")


def test_parent_topic_lists_its_subtopics_articles():
    topics = (Topic("world", "Thế giới", children=("asia",)), Topic("asia", "Châu Á", parent="world"), Topic("b", "B"))
    articles = [make_article("in-asia", ("asia",), day=2), make_article("in-world", ("world",), day=1)]
    plan = plan_site(articles, topics, CONFIG)
    assert dict(plan.topic_slugs)["world"] == ("in-asia", "in-world")
    assert plan.children["world"] == ("asia",)


def test_archive_months_and_undated_articles():
    articles = [make_article("dec", day=5), make_article("nov", day=5, month=11), make_article("undated", day=None)]
    plan = plan_site(articles, TOPICS, CONFIG)
    assert plan.months == (("2021-12", ("dec",)), ("2021-11", ("nov",)))
    assert plan.undated == ("undated",)
    assert [p.url for p in pages_of(plan, PageKind.MONTH)] == ["/news/archive/2021-12/", "/news/archive/2021-11/"]
    assert "undated" not in plan.edition_of
    feeds = {feed.topic: feed.slugs for feed in plan.feeds if feed.topic in ("", "a")}  # the site's and its topic's
    assert feeds == {"": ("dec", "nov"), "a": ("dec", "nov")}  # no item without a date


def test_feeds_hold_the_newest_dated_items_up_to_feed_items():
    articles = [make_article(f"n{d}", ("a",), day=d) for d in range(1, 6)] + [make_article("u", day=None)]
    plan = plan_site(articles, TOPICS, CONFIG)
    site_feed, *topic_feeds = plan.feeds
    assert site_feed.slugs == ("n5", "n4", "n3") and (site_feed.rss, site_feed.atom) == ("feed.xml", "atom.xml")
    assert [(f.topic, f.rss) for f in topic_feeds] == [("a", "topics/a/feed.xml"), ("b", "topics/b/feed.xml"),
                                                       ("c", "topics/c/feed.xml")]


def test_every_page_has_its_own_output_file():
    articles = [make_article(f"n{d}", ("a", "b"), day=d) for d in range(1, 8)]
    plan = plan_site(articles, TOPICS, CONFIG)
    outputs = [p.output for p in plan.pages]
    assert len(outputs) == len(set(outputs))
    assert {"index.html", "editions/index.html", "topics/index.html", "archive/index.html", "search/index.html",
            "404.html"} <= set(outputs)


def _retitled(article, slug):
    """The article after an edit of its title: same file, date and topics, a new slug."""
    return Article(replace(article.clean, title=slug), slug, article.topics)


def test_a_renamed_slug_is_swapped_into_the_plan_as_plan_site_would_place_it():
    articles = [make_article(s, t, day=d) for s, t, d in
                [("m", ("a",), 2), ("k", ("a", "b"), 2), ("c", ("b",), 1), ("x", ("a",), 3), ("u", ("c",), None)]]
    plan = plan_site(articles, TOPICS, CONFIG)
    for old, new in [("k", "l"), ("u", "v"), ("x", "y")]:  # each keeps its place: newest first, then by slug
        edited = [_retitled(a, new) if a.slug == old else a for a in articles]
        patched, edit = with_articles(plan, edited)
        assert edit.renamed == {old: new}
        assert patched == plan_site(edited, TOPICS, CONFIG), (old, new)


def test_a_renamed_slug_that_changes_the_order_makes_the_plan_anew():
    articles = [make_article("m", ("a",), day=2), make_article("k", ("a",), day=2)]
    plan = plan_site(articles, TOPICS, CONFIG)
    assert with_articles(plan, [_retitled(articles[0], "b"), articles[1]]) is None  # b now sorts after k


def test_one_article_may_take_the_slug_another_gave_up_in_the_same_edit():
    articles = [make_article("b", ("a",), day=3), make_article("c", ("a", "b"), day=1)]
    plan = plan_site(articles, TOPICS, CONFIG)
    edited = [_retitled(articles[0], "c"), _retitled(articles[1], "d")]
    patched, edit = with_articles(plan, edited)
    assert edit.renamed == {"b": "c", "c": "d"}
    assert patched == plan_site(edited, TOPICS, CONFIG)


EVERY_EDIT = ("topics", "date", "add", "delete", "rename")


# Small: related lists that are not full, which an article may join. Topics alone: every article keeps its place,
# and the lists, editions and pages no moved article is on are the last plan's own. Up to 5 topics an article:
# moved articles that rank lower on a full list than they did, and sets ranked by counting (GROUP_COST).
@pytest.mark.parametrize(("size", "kinds", "most"), [(80, EVERY_EDIT, 2), (8, EVERY_EDIT, 2), (80, ("topics",), 2),
                                                     (8, ("topics",), 2), (80, EVERY_EDIT, 5), (80, ("topics",), 5)])
def test_a_plan_made_with_the_last_one_at_hand_is_the_plan_made_without_it(size, kinds, most):
    """plan_site(last=...) takes related lists, editions, topic lists, pages and months from the last plan where
    what they follow from is unchanged: over random edits, the plan is exactly the one made from scratch."""
    import random

    rng = random.Random(11 + size + len(kinds) + most)
    topics = TOPICS + (Topic("d", "D"), Topic("e", "E", parent="a"), Topic("f", "F"), Topic("g", "G"))

    def article(slug: str) -> Article:
        chosen = tuple(rng.sample("abcdefg", rng.randint(0, most)))
        return make_article(slug, chosen, day=rng.choice([None, *range(1, 29)]), month=rng.randint(1, 12))

    articles = [article(f"t{n}") for n in range(size)]
    kept = taken = 0
    made = None
    for step in range(60):
        # Every other step from the plan made with its last one at hand, which it then patches in turn.
        last = made if made is not None and step % 2 else plan_site(articles, topics, CONFIG)
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(articles))
            how = rng.choice(kinds)
            old = articles[i]
            if how == "topics":
                articles[i] = replace(old, topics=tuple(rng.sample("abcdefg", rng.randint(0, most))))
            elif how == "date":
                articles[i] = replace(old, clean=article(old.slug).clean)
            elif how == "add":
                articles.append(article(f"new{step}-{i}"))
            elif how == "delete" and len(articles) > size // 2:
                del articles[i]
            elif how == "rename":
                articles[i] = replace(old, slug=f"{old.slug}-r")
        fresh = plan_site(articles, topics, CONFIG)
        made = plan_site(articles, topics, CONFIG, last=last)
        assert made == fresh and made.topic_index == fresh.topic_index
        kept += sum(made.related[s] is last.related.get(s) for s in made.related) > len(made.related) // 4
        last_pages = {id(page) for page in last.pages}
        taken += sum(id(page) in last_pages for page in made.pages) > size // 4 and any(
            mine is theirs for (_, mine), (_, theirs) in zip(made.topic_slugs, last.topic_slugs) if mine)
    assert kept > 10  # the related lists of many articles were taken, not ranked again
    if kinds == ("topics",):
        assert taken > 30  # and their pages, and the lists of topics no moved article left or joined


def test_renames_are_swapped_in_exactly_when_every_article_keeps_its_place():
    import random

    rng = random.Random(3)
    swapped = 0
    for _ in range(300):
        articles = [make_article(f"s{n}", ("a",), day=rng.choice([None, 1, 2])) for n in range(rng.randint(2, 9))]
        plan = plan_site(articles, TOPICS, CONFIG)
        edited = list(articles)
        for i in rng.sample(range(len(articles)), rng.randint(1, 2)):
            edited[i] = _retitled(articles[i], f"s{rng.randint(0, 12)}x")
        if len({a.slug for a in edited}) < len(edited):
            continue
        fresh = plan_site(edited, TOPICS, CONFIG)
        found = with_articles(plan, edited)
        kept_places = [a.clean.rel for a in fresh.articles] == [a.clean.rel for a in plan.articles]
        assert (found is not None) == kept_places
        if found is not None:
            swapped += 1
            assert found[0] == fresh
    assert swapped > 30
