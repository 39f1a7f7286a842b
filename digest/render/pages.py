"""SitePlan -> (output path, bytes) for every page, feed, index and asset.

One function per page kind builds that template's variables from the plan;
`docs/themes.md` lists them. Template errors become diagnostics at the
template's file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator, Mapping

import jinja2
from markupsafe import Markup

from digest.config import SiteConfig
from digest.model import Article, Topic
from digest.pickling import tuple_state
from digest.render.editions import intro_html
from digest.render.plan import Edition, PageKind, PagePlan, SitePlan
from digest.render.sitemap import robots_txt
from digest.render.templates import safe, static_files, template_error
from digest.render.watch import Shown, Watch, WatchedArticle, by_article, read_beside

Context = dict[str, Any]


class _Site:
    """The plan with its editions and topics by id, made once per build: a page's context found them by walking
    every edition or topic, which each article page did for its edition, 4,000 times a build.

    Ids are unique: the rules check rejects a duplicate topic id, and an edition's id is its period."""

    def __init__(self, plan: SitePlan, watch: Watch) -> None:
        self.plan, self.watch = plan, watch
        self.editions: dict[str, Edition] = {e.id: e for e in plan.editions}
        self.topics: dict[str | None, Topic] = {t.id: t for t in plan.topics}  # looked up by a parent, None for none
        self._watched: dict[str, WatchedArticle] = {}

    def article(self, slug: str) -> WatchedArticle:
        """An article as templates get it (`watch.WatchedArticle`), one object per article and build."""
        found = self._watched.get(slug)
        if found is None:
            found = self._watched[slug] = WatchedArticle(self.plan.by_slug[slug], self.watch)
        return found

    def articles(self, page: PagePlan) -> list[WatchedArticle]:
        return [self.article(s) for s in page.slugs]


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
        "article": site.article(page.key),
        "related": [site.article(s) for s in plan.related.get(page.key, ())],
        "previous": site.article(previous) if previous else None,
        "next": site.article(following) if following else None,
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


class ArticleLookup(Mapping[str, Any]):
    """`article_by_slug` as one page sees it: notes whether the page read an article it does not list.

    A page is rendered again when an article it lists (`PagePlan.slugs`)
    changes. A template may reach any other article through this mapping, a
    default partial included (`edition_groups` on a site's own article page),
    which no reading of the template's text can bound; so the reads are
    watched as the page renders, and a page that went beyond its own articles
    makes every page depend on every article from then on
    (`Snapshot.reads_seen`). Until then each page read only what its key
    holds, and one whose key is unchanged would render the same bytes.
    """

    __slots__ = ("_all", "_own", "_as_shown", "beyond")

    def __init__(self, by_slug: Mapping[str, Article], own: tuple[str, ...], as_shown: Callable[[str], object]
                 ) -> None:
        """`as_shown`: an article as templates get it (`_Site.article`) by its slug; KeyError for an unknown one."""
        self._all, self._own, self._as_shown, self.beyond = by_slug, frozenset(own), as_shown, False

    def __getitem__(self, slug: str) -> Any:
        if slug not in self._own:
            self.beyond = True
        return self._as_shown(slug)

    def __iter__(self) -> Iterator[str]:
        self.beyond = True
        return iter(self._all)

    def __len__(self) -> int:
        self.beyond = True
        return len(self._all)

    def __repr__(self) -> str:
        self.beyond = True
        return repr(dict(self._all))


@tuple_state
@dataclass(frozen=True, slots=True)
class Seen:
    """What a page was seen reading as it rendered, beyond the plan and the article it is about: the keys of
    the next run's pages are made of it (`buildstate.SeenReads`)."""

    kind: str  # the page's kind (`PageKind` value)
    beyond: bool  # an article it does not list, through `article_by_slug` (`ArticleLookup`)
    fields: frozenset[str]  # the fields it read of the articles it lists but is not about (`watch`)


@dataclass(slots=True)
class KeptFragments:
    """`memo` fragments kept from one `serve` update to the next (`Builder(resident=True)`).

    A fragment shows the articles it read (`watch`) and what every page may
    read beside them: the theme, digest's code, the settings and the topics
    (`key`). While those are the same, a fragment whose articles are the very
    objects the plan holds now (`plan_site` keeps those unchanged) reads as it
    did. Rendering the list entries again was half of rendering the topic
    pages an edit of an article's topics shifts. Kept only while no template
    of the site's own reads what an added article changes everywhere
    (`templates.site_reads`): a fragment could show it unwatched.
    """

    # New fragments after which a `prune` looks at them all: those of an edited article stay until the same
    # fragment is made again, and those of a retitled one (another key) for good, keeping the old article alive.
    PRUNE_AFTER: ClassVar[int] = 1000

    key: str
    # memo key -> the fragment, what it read, and the article objects it read (one per slug of what it read)
    made: dict[tuple[Any, ...], tuple[bytes, Shown, tuple[Article | None, ...]]] = field(default_factory=dict)
    counted: int | None = None  # fragments after the last `prune`; None before the first

    def holds(self, key: tuple[Any, ...], by_slug: Mapping[str, Article]) -> tuple[bytes, Shown] | None:
        """The fragment kept under `key`, when each article it read is the one `by_slug` holds now."""
        kept = self.made.get(key)
        if kept is None or not all(by_slug.get(slug) is article for (slug, _), article in zip(kept[1], kept[2])):
            return None
        return kept[0], kept[1]

    def keep(self, key: tuple[Any, ...], fragment: bytes, shown: Shown, by_slug: Mapping[str, Article]) -> None:
        """Keep a fragment just made, with the articles it read as `by_slug` holds them."""
        self.made[key] = fragment, shown, tuple(by_slug.get(slug) for slug, _ in shown)

    def prune(self, by_slug: Mapping[str, Article]) -> None:
        """After a render with the plan `by_slug` is from: forget the fragments that can never hold again, an
        article they read being gone or remade. The first time, only count them: one whole build made them, of
        articles all current (looking at 30,000 fragments would delay the first edit by tens of ms)."""
        if self.counted is None:
            self.counted = len(self.made)
        elif len(self.made) > self.counted + self.PRUNE_AFTER:
            self.made = {key: kept for key, kept in self.made.items() if self.holds(key, by_slug) is not None}
            self.counted = len(self.made)


class PageRenderer:
    """One build's pages: what every page shares is computed once, not once per page.

    `memo` lets a template render a fragment once per build and reuse it on
    every page that shows it: `{% call memo("entry", article.slug) %}...{% endcall %}`.
    The default theme wraps the per-article list entries with it, since an
    article is listed on its edition, its topics, its month and beside related
    articles. The memo lives as long as the renderer, one build, so a `serve`
    update never shows a fragment of the previous plan, unless it still holds
    (`KeptFragments`, `kept`). A fragment keeps the article fields it read,
    which count as read by every page that shows it.
    """

    def __init__(self, plan: SitePlan, env: jinja2.Environment, config: SiteConfig, project: Path, *,
                 kept: KeptFragments | None = None) -> None:
        self.plan, self.env, self.config, self.project, self._kept = plan, env, config, project, kept
        self._watch = Watch()
        self._site = _Site(plan, self._watch)
        # A fragment, and what it read. As UTF-8, a third smaller than a str of Vietnamese: at 50,000 articles the
        # building process holds 200,000 of them, and its render stage peaked 24 to 28 MiB lower. Decoding each one
        # shown again costs about 1 us, 60 ms of CPU in a build of 4,000 articles.
        self._fragments: dict[tuple[Any, ...], tuple[bytes, Shown]] = {}
        self._names: dict[frozenset[str], frozenset[str]] = {}
        # One object per distinct `Seen`: most pages of a kind read alike, and one each for 57,000 pages (kept, and
        # sent back by the workers, to the build's end) raised the peak of a 50,000-article build by about 18 MB.
        self._seen: dict[Seen, Seen] = {}
        self._common: Context = {
            "site": config, "links": plan.links, "plan": plan,
            "topics": plan.topics, "topic_titles": {t.id: t.title for t in plan.topics},
            "topic_counts": {tid: len(slugs) for tid, slugs in plan.topic_slugs},
            "editions": plan.editions[: config.home_editions], "memo": self._memo,
        }

    def _memo(self, *key: Any, caller: Callable[[], str]) -> Markup:
        watch = self._watch
        found = self._fragments.get(key)
        if found is None and self._kept is not None:
            found = self._kept.holds(key, self.plan.by_slug)
            if found is not None:
                self._fragments[key] = found
        if found is None:
            outer = watch.start()
            try:
                fragment = caller().encode("utf-8")
            finally:
                read = by_article(*watch.stop(outer))
            # One entry per article, its names shared: a set of (slug, field) pairs took 1 KB an article, and
            # adding them to each page that shows the fragment again was a tenth of rendering.
            found = self._fragments[key] = fragment, tuple(
                (slug, self._names.setdefault(frozenset(names), frozenset(names))) for slug, names in read.items())
            if self._kept is not None:
                self._kept.keep(key, *found, self.plan.by_slug)
        if watch.shown is not None:
            watch.shown.extend(found[1])
        return safe(found[0].decode("utf-8"))

    def render(self, page: PagePlan) -> tuple[bytes, Seen]:
        """A page's bytes, and what it was seen reading; a template problem is reported at the template's file
        and line."""
        name, context = CONTEXTS[page.kind](self._site, page)
        lookup = ArticleLookup(self.plan.by_slug, page.slugs, self._site.article)
        context |= {"page": page, "canonical": self.plan.links.absolute(page.url),
                    "feeds": _feed_links(self.plan, page), "article_by_slug": lookup}
        outer = self._watch.start()
        try:
            data = self.env.get_template(name).render(self._common | context).encode("utf-8")
        except jinja2.TemplateError as exc:
            raise template_error(exc, self.project, self.config.theme_dir(self.project)) from exc
        finally:
            reads, shown = self._watch.stop(outer)
        about = page.key if page.kind is PageKind.ARTICLE else None  # its key holds all of it
        seen = Seen(page.kind.value, lookup.beyond, read_beside(reads, shown, about))
        return data, self._seen.setdefault(seen, seen)


def fixed_files(plan: SitePlan, config: SiteConfig, project: Path) -> Iterator[tuple[str, bytes]]:
    """The files that do not depend on the articles: robots.txt, assets, host settings."""
    yield "robots.txt", robots_txt(plan)
    yield ".nojekyll", b""  # GitHub Pages: serve files as they are, no Jekyll pass
    if config.cname:
        yield "CNAME", f"{config.cname}\n".encode("utf-8")
    for output, source in static_files(project, config.theme_dir(project)):
        yield output, source.read_bytes()
