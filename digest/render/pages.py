"""SitePlan -> (output path, bytes) for every page, feed, index and asset.

One function per page kind builds that template's variables from the plan;
`docs/themes.md` lists them. Template errors become diagnostics at the
template's file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import jinja2
from markupsafe import Markup

from digest.config import SiteConfig
from digest.model import Article, Topic
from digest.render.editions import intro_html
from digest.render.plan import Edition, PageKind, PagePlan, SitePlan
from digest.render.sitemap import robots_txt
from digest.render.templates import static_files, template_error

Context = dict[str, Any]


class _Site:
    """The plan with its editions and topics by id, made once per build: a page's context found them by walking
    every edition or topic, which each article page did for its edition, 4,000 times a build.

    Ids are unique: the rules check rejects a duplicate topic id, and an edition's id is its period."""

    def __init__(self, plan: SitePlan) -> None:
        self.plan = plan
        self.editions: dict[str, Edition] = {e.id: e for e in plan.editions}
        self.topics: dict[str, Topic] = {t.id: t for t in plan.topics}

    def articles(self, page: PagePlan) -> list[Article]:
        return [self.plan.by_slug[s] for s in page.slugs]


def _home(site: _Site, page: PagePlan) -> tuple[str, Context]:
    latest = site.plan.editions[0] if site.plan.editions else None
    return "home.html", {"edition": latest, "articles": site.articles(page),
                         "intro": intro_html(latest.intro) if latest else ""}


def _edition(site: _Site, page: PagePlan) -> tuple[str, Context]:
    edition = site.editions[page.key]
    return "edition.html", {"edition": edition, "intro": intro_html(edition.intro)}


def _editions(site: _Site, page: PagePlan) -> tuple[str, Context]:
    return "editions.html", {"all_editions": site.plan.editions}


def _topic(site: _Site, page: PagePlan) -> tuple[str, Context]:
    plan = site.plan
    topic = site.topics[page.key]
    children = plan.children.get(topic.id, ())
    return "topic.html", {"topic": topic, "articles": site.articles(page), "parent": site.topics.get(topic.parent),
                          "subtopics": [t for t in plan.topics if t.id in children]}


def _topics(site: _Site, page: PagePlan) -> tuple[str, Context]:
    known = site.topics
    return "topics.html", {"roots": [t for t in site.plan.topics if t.parent not in known or t.parent == t.id]}


def _article(site: _Site, page: PagePlan) -> tuple[str, Context]:
    plan = site.plan
    previous, following = plan.neighbours.get(page.key, (None, None))
    return "article.html", {
        "article": plan.by_slug[page.key],
        "related": [plan.by_slug[s] for s in plan.related.get(page.key, ())],
        "previous": plan.by_slug[previous] if previous else None,
        "next": plan.by_slug[following] if following else None,
        "edition": site.editions.get(plan.edition_of.get(page.key, "")),
    }


def _archive(site: _Site, page: PagePlan) -> tuple[str, Context]:
    return "archive.html", {"months": [(m, len(slugs)) for m, slugs in site.plan.months],
                            "articles": site.articles(page)}


def _month(site: _Site, page: PagePlan) -> tuple[str, Context]:
    return "month.html", {"month": page.key, "articles": site.articles(page)}


def _simple(name: str) -> Callable[[_Site, PagePlan], tuple[str, Context]]:
    return lambda site, page: (name, {})


CONTEXTS: dict[PageKind, Callable[[_Site, PagePlan], tuple[str, Context]]] = {
    PageKind.HOME: _home, PageKind.EDITION: _edition, PageKind.EDITIONS: _editions, PageKind.TOPIC: _topic,
    PageKind.TOPICS: _topics, PageKind.ARTICLE: _article, PageKind.ARCHIVE: _archive, PageKind.MONTH: _month,
    PageKind.SEARCH: _simple("search.html"), PageKind.NOT_FOUND: _simple("404.html"),
}


def _feed_links(plan: SitePlan, page: PagePlan) -> list[tuple[str, str, str]]:
    """(type, title, href) of the feeds a page announces: the site's, and its topic's on a topic page."""
    links = plan.links
    found = [("application/rss+xml", "RSS", links.feed()), ("application/atom+xml", "Atom", links.feed(atom=True))]
    if page.kind is PageKind.TOPIC:
        found += [("application/rss+xml", "RSS · chủ đề", links.feed(page.key)),
                  ("application/atom+xml", "Atom · chủ đề", links.feed(page.key, atom=True))]
    return found


class ArticleLookup(Mapping[str, Article]):
    """`article_by_slug` as one page sees it: notes whether the page read an article it does not list.

    A page is rendered again when an article it lists (`PagePlan.slugs`)
    changes. A template may reach any other article through this mapping, a
    default partial included (`edition_groups` on a site's own article page),
    which no reading of the template's text can bound; so the reads are
    watched as the page renders, and a page that went beyond its own articles
    makes every page depend on every article from then on
    (`Snapshot.reads_beyond`). Until then each page read only what its key
    holds, and one whose key is unchanged would render the same bytes.
    """

    __slots__ = ("_all", "_own", "beyond")

    def __init__(self, by_slug: Mapping[str, Article], own: tuple[str, ...]) -> None:
        self._all, self._own, self.beyond = by_slug, frozenset(own), False

    def __getitem__(self, slug: str) -> Article:
        if slug not in self._own:
            self.beyond = True
        return self._all[slug]

    def __iter__(self) -> Iterator[str]:
        self.beyond = True
        return iter(self._all)

    def __len__(self) -> int:
        self.beyond = True
        return len(self._all)

    def __repr__(self) -> str:
        self.beyond = True
        return repr(dict(self._all))


class PageRenderer:
    """One build's pages: what every page shares is computed once, not once per page.

    `memo` lets a template render a fragment once per build and reuse it on
    every page that shows it: `{% call memo("entry", article.slug) %}...{% endcall %}`.
    The default theme wraps the per-article list entries with it, since an
    article is listed on its edition, its topics, its month and beside related
    articles. The memo lives as long as the renderer, one build, so a `serve`
    update never shows a fragment of the previous plan.
    """

    def __init__(self, plan: SitePlan, env: jinja2.Environment, config: SiteConfig, project: Path) -> None:
        self.plan, self.env, self.config, self.project = plan, env, config, project
        self._site = _Site(plan)
        self._fragments: dict[tuple[Any, ...], Markup] = {}
        self._common: Context = {
            "site": config, "links": plan.links, "plan": plan,
            "topics": plan.topics, "topic_titles": {t.id: t.title for t in plan.topics},
            "topic_counts": {tid: len(slugs) for tid, slugs in plan.topic_slugs},
            "editions": plan.editions[: config.home_editions], "memo": self._memo,
        }

    def _memo(self, *key: Any, caller: Callable[[], str]) -> Markup:
        found = self._fragments.get(key)
        if found is None:
            found = self._fragments[key] = Markup(caller())
        return found

    def render(self, page: PagePlan) -> tuple[bytes, bool]:
        """A page's bytes, and whether it read an article it does not list (`ArticleLookup`); a template problem
        is reported at the template's file and line."""
        name, context = CONTEXTS[page.kind](self._site, page)
        lookup = ArticleLookup(self.plan.by_slug, page.slugs)
        context |= {"page": page, "canonical": self.plan.links.absolute(page.url),
                    "feeds": _feed_links(self.plan, page), "article_by_slug": lookup}
        try:
            return self.env.get_template(name).render(self._common | context).encode("utf-8"), lookup.beyond
        except jinja2.TemplateError as exc:
            raise template_error(exc, self.project, self.config.theme_dir(self.project)) from exc


def fixed_files(plan: SitePlan, config: SiteConfig, project: Path) -> Iterator[tuple[str, bytes]]:
    """The files that do not depend on the articles: robots.txt, assets, host settings."""
    yield "robots.txt", robots_txt(plan)
    yield ".nojekyll", b""  # GitHub Pages: serve files as they are, no Jekyll pass
    if config.cname:
        yield "CNAME", f"{config.cname}\n".encode("utf-8")
    for output, source in static_files(project, config.theme_dir(project)):
        yield output, source.read_bytes()
