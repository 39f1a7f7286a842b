"""Articles + topics + config -> SitePlan: which pages exist and what each shows.

A plan is data, not a site object: pages list the slugs they show, so a caller
can find every page an edited article appears on, and rendering is a pure map
from plan to bytes.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, Sequence

from digest.config import SiteConfig
from digest.model import Article, Topic
from digest.render.editions import edition_id, edition_label
from digest.render.urls import Links, output_path


class PageKind(enum.Enum):
    HOME = "home"
    EDITION = "edition"
    TOPIC = "topic"
    ARTICLE = "article"


@dataclass(frozen=True, slots=True)
class Edition:
    id: str
    label: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (topic id, slugs newest first), in topic order
    previous: str | None  # older edition's id
    next: str | None  # newer edition's id

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for _, slugs in self.groups for s in slugs))


@dataclass(frozen=True, slots=True)
class PagePlan:
    kind: PageKind
    key: str  # slug, topic id or edition id; "" for the home page
    url: str
    output: str  # path under the output directory
    slugs: tuple[str, ...]  # the articles this page shows


@dataclass(frozen=True, slots=True)
class SitePlan:
    articles: tuple[Article, ...]  # newest first; undated last, by title
    topics: tuple[Topic, ...]  # rule order, fallback last
    topic_slugs: tuple[tuple[str, tuple[str, ...]], ...]  # topic id -> slugs newest first
    editions: tuple[Edition, ...]  # newest first
    pages: tuple[PagePlan, ...]
    links: Links
    by_slug: Mapping[str, Article]


def _newest_first(articles: Sequence[Article]) -> list[Article]:
    dated = sorted((a for a in articles if a.clean.date), key=lambda a: (a.clean.date, a.slug), reverse=True)
    undated = sorted((a for a in articles if not a.clean.date), key=lambda a: a.slug)
    return dated + undated


def _editions(articles: list[Article], topics: tuple[Topic, ...], config: SiteConfig) -> tuple[Edition, ...]:
    by_id: dict[str, list[Article]] = {}
    for article in articles:
        if article.clean.date:
            eid = edition_id(article.clean.date, period=config.edition_period, zone=config.zone)
            by_id.setdefault(eid, []).append(article)
    ids = sorted(by_id, reverse=True)
    editions = []
    for n, eid in enumerate(ids):
        members = by_id[eid]
        groups = tuple((t.id, tuple(a.slug for a in members if t.id in a.topics)) for t in topics)
        editions.append(Edition(eid, edition_label(eid, period=config.edition_period),
                                tuple(g for g in groups if g[1]),
                                previous=ids[n + 1] if n + 1 < len(ids) else None,
                                next=ids[n - 1] if n > 0 else None))
    return tuple(editions)


def plan_site(articles: Sequence[Article], topics: tuple[Topic, ...], config: SiteConfig) -> SitePlan:
    links = Links(config.base_path, config.site_url)
    ordered = _newest_first(articles)
    topic_slugs = tuple((t.id, tuple(a.slug for a in ordered if t.id in a.topics)) for t in topics)
    editions = _editions(ordered, topics, config)

    def page(kind: PageKind, key: str, url: str, slugs: tuple[str, ...]) -> PagePlan:
        return PagePlan(kind, key, url, output_path(url, links.base_path), slugs)

    pages = [page(PageKind.HOME, "", links.home(), editions[0].slugs if editions else tuple(a.slug for a in ordered))]
    pages += [page(PageKind.EDITION, e.id, links.edition(e.id), e.slugs) for e in editions]
    pages += [page(PageKind.TOPIC, tid, links.topic(tid), slugs) for tid, slugs in topic_slugs]
    pages += [page(PageKind.ARTICLE, a.slug, links.article(a.slug), (a.slug,)) for a in ordered]
    return SitePlan(tuple(ordered), topics, topic_slugs, editions, tuple(pages), links,
                    MappingProxyType({a.slug: a for a in ordered}))


def newest_date(plan: SitePlan) -> dt.datetime | None:
    return next((a.clean.date for a in plan.articles if a.clean.date), None)
