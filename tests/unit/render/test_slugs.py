"""Slugs: unique, stable, and after a title edit the same whether sorted again or patched (`reassigned_slugs`)."""

from __future__ import annotations

import random
from dataclasses import replace

from digest.model import CleanArticle
from digest.render.urls import SlugKey, assign_slugs, reassigned_slugs

from render_helpers import make_article


def _articles(rng: random.Random, n: int) -> list[CleanArticle]:
    return [make_article(f"a{i}", day=rng.choice([None, 1, 2, 3]), title=rng.choice("xyzw") + "t").clean
            for i in range(n)]


def _keys(articles: list[CleanArticle], titles: list[str]) -> list[SlugKey]:
    return [(t, a.date, a.rel) for t, a in zip(titles, articles)]


def test_clashing_titles_keep_the_oldest_article_s_slug_and_suffix_the_others() -> None:
    articles = [make_article("b", day=2, title="Tin").clean, make_article("a", day=1, title="Tin").clean]
    slugs = assign_slugs(articles)
    assert slugs[1] == "tin" and slugs[0].startswith("tin-") and len(set(slugs)) == 2


def test_slugs_patched_after_a_title_edit_are_those_sorted_again() -> None:
    rng = random.Random(5)
    patched = 0
    for _ in range(300):
        articles = _articles(rng, rng.randint(1, 12))
        titles = [a.title for a in articles]
        before = _keys(articles, titles)
        slugs = assign_slugs(articles, titles=titles)
        for _ in range(rng.randint(1, 2)):  # one or two titles edited, sometimes to one another's
            i = rng.randrange(len(articles))
            titles[i] = rng.choice([titles[rng.randrange(len(titles))], f"new{rng.randint(0, 3)}"])
        if rng.random() < 0.1:  # or a date moved, which the patch must refuse
            i = rng.randrange(len(articles))
            articles[i] = replace(articles[i], date=None)
        found = reassigned_slugs(before, slugs, _keys(articles, titles))
        if found is not None:
            patched += 1
            assert found == assign_slugs(articles, titles=titles)
    assert patched > 50
