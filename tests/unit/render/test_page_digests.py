"""Page keys after the site was planned anew: a page whose inputs did not change keeps its digest, and every
page's digest is the one a build from scratch gives (so a warm build renders exactly the pages whose bytes may
differ)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from digest.buildstate import SEARCH, SITEMAP, digest_of, page_digests
from digest.config import SiteConfig
from digest.model import Article, Topic
from digest.render.plan import SitePlan, plan_site, with_articles
from digest.render.watch import WHOLE

from render_helpers import make_article

TOPICS = (Topic("a", "A"), Topic("b", "B"), Topic("c", "C", parent="a"), Topic("d", "D"))
CONFIG = SiteConfig(page_size=3, home_editions=2)


def _digests(articles: list[Article], versions: dict[str, int], asked: list[str] | None = None,
             **kwargs: object) -> dict[str, str]:
    """Every file's digest; `asked` collects the articles whose digests went into a page's or feed's. With the
    `last` plan, the plan is made from it as a build does, sharing the pages and editions that did not change."""
    plan = plan_site(articles, TOPICS, CONFIG, last=kwargs.get("last"))  # type: ignore[arg-type]

    def article(slug: str) -> str:
        if asked is not None:
            asked.append(slug)
        return digest_of(slug, versions[slug])

    def listed(slug: str, names: frozenset[str]) -> str:  # what lists show changes with every other edit
        if asked is not None:
            asked.append(slug)
        return digest_of(slug, sorted(names), versions[slug] // 2)
    return page_digests(plan, CONFIG, article, listed=listed, theme="t", code="c", **kwargs)  # type: ignore[arg-type]


def _edit(rng: random.Random, articles: list[Article], versions: dict[str, int]) -> tuple[list[Article], set[str]]:
    """One change an editor makes: an article's topics, date or text changed, one added, or one deleted."""
    articles = list(articles)
    i = rng.randrange(len(articles))
    slug = articles[i].slug
    how = rng.choice(["topics", "date", "text", "add", "delete"])
    if how == "delete":
        del articles[i]
        return articles, set()
    if how == "add":
        slug = f"new-{len(versions)}"
        articles.append(make_article(slug, (rng.choice("abcd"),), day=rng.randint(1, 28), month=rng.randint(1, 12)))
    elif how == "topics":
        articles[i] = make_article(slug, tuple(rng.sample("abcd", rng.randint(1, 3))), day=articles[i].clean.date.day,
                                   month=articles[i].clean.date.month)  # type: ignore[union-attr]
    elif how == "date":
        articles[i] = make_article(slug, articles[i].topics, day=rng.randint(1, 28), month=rng.randint(1, 12))
    versions[slug] = versions.get(slug, 0) + 1
    return articles, {slug}


# Pages that list articles beside their own by the fields their kind was seen reading (`SeenReads.fields`), one
# kind by all of each article (WHOLE), the kinds missing by all of it; or every page by all of each article.
LISTED_FIELDS = {"article": frozenset({"title", "date"}), "topic": frozenset({"title", "lead", "topics"}),
                 "home": frozenset({"title", WHOLE}), "month": frozenset()}


@pytest.mark.parametrize("fields", [None, LISTED_FIELDS])
def test_digests_kept_from_the_last_plan_are_those_a_build_from_scratch_gives(
        fields: dict[str, frozenset[str]] | None) -> None:
    rng = random.Random(4)
    versions: dict[str, int] = {}
    articles = []
    for n in range(60):
        slug = f"tin-{n}"
        versions[slug] = 0
        articles.append(make_article(slug, tuple(rng.sample("abcd", rng.randint(1, 2))), day=rng.randint(1, 28),
                                     month=rng.randint(1, 12)))
    fewer = 0
    for _ in range(40):
        last = plan_site(articles, TOPICS, CONFIG)
        before = _digests(articles, versions, fields=fields)
        was = dict(versions)
        articles, touched = _edit(rng, articles, versions)
        asked_fresh: list[str] = []
        asked_edited: list[str] = []
        fresh = _digests(articles, versions, asked_fresh, fields=fields)

        def listed_before(slug: str, names: frozenset[str]) -> str | None:  # as `listed` did, with the last versions
            return digest_of(slug, sorted(names), was[slug] // 2) if slug in was else None
        edited = _digests(articles, versions, asked_edited, previous=before, last=last, touched=touched,
                          fields=fields, listed_before=listed_before)
        search = edited.pop(SEARCH)  # chained from the last one, as after an edit: new, but no cold build's
        assert search not in (fresh.pop(SEARCH), before[SEARCH]) and edited == fresh
        fewer += len(asked_edited) < len(asked_fresh) * 0.6
    assert fewer > 30  # most edits leave most pages as they were, and those are not digested again


def test_a_new_date_that_keeps_the_order_gives_the_sitemap_a_new_digest() -> None:
    """The sitemap shows each article's date: kept only while every page's file and every slug and date is."""
    articles = [make_article(slug, ("a",), day=day, month=5) for slug, day in [("moi", 20), ("giua", 10), ("cu", 1)]]
    versions = {a.slug: 0 for a in articles}
    last = plan_site(articles, TOPICS, CONFIG)
    before = _digests(articles, versions)
    articles[1] = make_article("giua", ("a",), day=11, month=5)  # still between the other two
    versions["giua"] += 1
    edited = _digests(articles, versions, previous=before, last=last, touched={"giua"})
    fresh = _digests(articles, versions)
    assert edited[SITEMAP] == fresh[SITEMAP] != before[SITEMAP]


def test_an_article_listed_counts_by_what_its_kind_of_page_was_seen_reading() -> None:
    """A page's own article counts whole; one it lists, by the fields pages of its kind were seen reading, or whole
    where no page of its kind was rendered (`fields` lacks it) or one read an article whole."""
    articles = [make_article(f"tin-{n}", ("a",), day=n + 1, month=5) for n in range(4)]
    plan = plan_site(articles, TOPICS, CONFIG)
    own = next(p.output for p in plan.pages if p.key == "tin-0")
    lists = [p.output for p in plan.pages if p.kind.value == "article" and "tin-0" in p.slugs and p.key != "tin-0"]
    assert lists

    def keys(text: int, fields: dict[str, frozenset[str]] | None) -> dict[str, str]:
        """tin-0's text in its `text`th form; the title pages list it by is the same in each."""
        def article(slug: str) -> str:
            return digest_of(slug, text if slug == "tin-0" else 0)

        def listed(slug: str, names: frozenset[str]) -> str:
            return digest_of(slug, sorted(names))
        return page_digests(plan, CONFIG, article, listed=listed, fields=fields, theme="t", code="c")

    seen = {"article": frozenset({"title"})}
    before, after = keys(0, seen), keys(1, seen)
    assert before[own] != after[own] and all(before[out] == after[out] for out in lists)
    for other in [None, {}, {"article": frozenset({"title", WHOLE})}]:
        before, after = keys(0, other), keys(1, other)
        assert all(before[out] != after[out] for out in lists)


def test_after_an_edit_a_page_listing_the_article_as_before_keeps_its_digest_undigested() -> None:
    """After an edit swapped into the plan (`with_articles`), a page that lists the edited article the way its
    previous digest counted it (`listed_before`) keeps that digest, not digested again; one that lists it otherwise,
    or is about it, gets the digest a build from scratch gives."""
    articles = [make_article(f"tin-{n}", ("a",), day=n + 1, month=5) for n in range(8)]
    plan = plan_site(articles, TOPICS, CONFIG)
    fields = {"article": frozenset({"title", "date"}), "topic": frozenset({"title"}), "edition": frozenset({"lead"})}

    def keys(on: SitePlan, text: int, title: int, **kwargs: object) -> dict[str, str]:
        """tin-3 with its `text`th lead and its `title`th title (the slug stays)."""
        def article(slug: str) -> str:
            return digest_of(slug, (text, title) if slug == "tin-3" else 0)

        def listed(slug: str, names: frozenset[str]) -> str:
            return digest_of(slug, sorted(names), (text if "lead" in names else 0, title) if slug == "tin-3" else 0)
        return page_digests(on, CONFIG, article, listed=listed, fields=fields, theme="t", code="c",
                            **kwargs)  # type: ignore[arg-type]

    before = keys(plan, 0, 0)
    edited_plan, edit = with_articles(plan, [replace(a, clean=replace(a.clean, lead="Tin khác.")) if a.slug == "tin-3"
                                             else a for a in articles])  # type: ignore[misc]
    by_title = {p.output for p in edited_plan.pages if "tin-3" in p.slugs and p.key != "tin-3"
                and p.kind.value in ("article", "topic")}  # the pages that list tin-3 by fields its edit may keep
    assert len(by_title) == 8

    def listed_before(slug: str, names: frozenset[str]) -> str:
        return digest_of(slug, sorted(names), (0, 0) if slug == "tin-3" else 0)
    after_edit = {"edit": edit, "touched": {"tin-3"}, "listed_before": listed_before}
    for title in (0, 1):  # the lead alone edited; the title too
        fresh = keys(edited_plan, 1, title)
        edited = keys(edited_plan, 1, title, previous=before, **after_edit)
        assert edited.pop(SEARCH) != fresh.pop(SEARCH) and edited == fresh
        # Marked previous digests tell a digest kept from one made again.
        marked = {out: f"kept {out}" for out in before}
        remade = {out for out, digest in keys(edited_plan, 1, title, previous=marked, **after_edit).items()
                  if digest != marked[out]}
        showing = {p.output for p in edited_plan.pages if "tin-3" in p.slugs} | {SEARCH} | {
            out for feed in edited_plan.feeds if "tin-3" in feed.slugs for out in (feed.rss, feed.atom)}
        assert remade == (showing - by_title if title == 0 else showing)
