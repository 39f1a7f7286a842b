"""SitePlan -> (output path, bytes) for every page, feed and asset.

One function per page kind builds that template's variables from the plan;
`docs/themes.md` lists them. Template errors become diagnostics at the
template's file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2

from digest.config import SiteConfig
from digest.render.feeds import rss_feed
from digest.render.plan import PageKind, PagePlan, SitePlan
from digest.render.templates import static_files, template_error

Context = dict[str, Any]


def _home(plan: SitePlan, page: PagePlan) -> tuple[str, Context]:
    latest = plan.editions[0] if plan.editions else None
    return "home.html", {"edition": latest, "articles": [plan.by_slug[s] for s in page.slugs]}


def _edition(plan: SitePlan, page: PagePlan) -> tuple[str, Context]:
    edition = next(e for e in plan.editions if e.id == page.key)
    return "edition.html", {"edition": edition}


def _topic(plan: SitePlan, page: PagePlan) -> tuple[str, Context]:
    topic = next(t for t in plan.topics if t.id == page.key)
    return "topic.html", {"topic": topic, "articles": [plan.by_slug[s] for s in page.slugs]}


def _article(plan: SitePlan, page: PagePlan) -> tuple[str, Context]:
    return "article.html", {"article": plan.by_slug[page.key]}


CONTEXTS: dict[PageKind, Callable[[SitePlan, PagePlan], tuple[str, Context]]] = {
    PageKind.HOME: _home, PageKind.EDITION: _edition, PageKind.TOPIC: _topic, PageKind.ARTICLE: _article,
}


def render_page(plan: SitePlan, page: PagePlan, env: jinja2.Environment, config: SiteConfig) -> bytes:
    name, context = CONTEXTS[page.kind](plan, page)
    common = {
        "site": config, "links": plan.links, "plan": plan, "page": page,
        "topics": plan.topics, "topic_titles": {t.id: t.title for t in plan.topics},
        "topic_counts": dict((tid, len(slugs)) for tid, slugs in plan.topic_slugs),
        "editions": plan.editions[: config.home_editions], "article_by_slug": plan.by_slug,
    }
    return env.get_template(name).render(common | context).encode("utf-8")


def render_site(plan: SitePlan, env: jinja2.Environment, config: SiteConfig, project: Path) -> Iterator[tuple[str, bytes]]:
    """Everything the site consists of, in a fixed order."""
    try:
        for page in plan.pages:
            yield page.output, render_page(plan, page, env, config)
    except jinja2.TemplateError as exc:
        raise template_error(exc, project) from exc
    feed_url = plan.links.absolute(plan.links.asset("feed.xml"))
    yield "feed.xml", rss_feed(plan, plan.articles, config, feed_url=feed_url, title=config.title,
                               description=config.description, link=config.site_url)
    yield ".nojekyll", b""
    for output, source in static_files(project):
        yield output, source.read_bytes()
