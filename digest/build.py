"""build(options) -> BuildResult: load -> clean -> tag -> render -> write.

Everything is gathered and checked before anything is written: an error in any
article, rule or template stops the build before the output directory is
touched, and every such error is reported in the same run.

A `Builder` keeps what a build loaded, so that `digest serve` can redo only
what an edit touched (`Builder.update`). A cold `build()` is the same
`Builder` run once from nothing, so the two paths cannot drift apart.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Collection, Mapping

import jinja2

from digest.clean import CleanContext, clean_article
from digest.clean.sources import SourceRule, load_source_rules
from digest.clean.templates import SiteLines, dump_lines, site_key, template_lines
from digest.config import SiteConfig, load_config
from digest.diagnostics import Diagnostic, DigestError, errors_in, warning
from digest.load import load_sources
from digest.load.discover import discover_articles, is_article_path
from digest.load.intros import load_intros
from digest.model import Article, CleanArticle, SourceDocument
from digest.render.pages import render_site
from digest.render.plan import PageKind, PagePlan, SitePlan, plan_site, unknown_intros
from digest.render.templates import make_environment
from digest.render.search import article_words
from digest.render.urls import assign_slugs, title_slug
from digest.topics import RuleSet, load_rules, tag_articles
from digest.write import MARKER, update_site, write_site


@dataclass(frozen=True, slots=True)
class BuildOptions:
    project: Path = Path(".")
    output: Path | None = None  # default: <project>/site
    drafts: bool = False
    strict: bool = False  # an article with no text left after cleaning is an error, not a skipped warning


@dataclass(frozen=True, slots=True)
class BuildResult:
    output: Path
    articles: int
    pages: int
    written: int
    unchanged: int
    drafts_skipped: int
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    skipped: tuple[str, ...] = ()  # articles with no text left after cleaning
    base_path: str = "/"  # the URL path the site lives under (from base_url)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed since the last build, and so what an update must redo."""

    articles: frozenset[str] = frozenset()  # article files (relative to content/) edited, added or deleted
    rules: bool = False  # re-tag every article, without re-cleaning
    templates: bool = False  # re-render every page, without re-cleaning or re-tagging
    intros: bool = False  # edition intros: re-read them; only the pages showing them re-render
    everything: bool = False  # the configuration (or something unknown) changed: start over

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.articles | other.articles, self.rules or other.rules, self.templates or other.templates,
                         self.intros or other.intros, self.everything or other.everything)

    def __bool__(self) -> bool:
        return bool(self.articles) or self.rules or self.templates or self.intros or self.everything



@dataclass(frozen=True, slots=True)
class _Source:
    """One article file as loaded: its document, or why there is none."""

    doc: SourceDocument | None  # None: not on the site (a draft, empty, unreadable)
    problems: tuple[Diagnostic, ...]
    drafted: bool = False
    lines: SiteLines | None = None  # its share of the template lines learnt across dumps


@dataclass(frozen=True, slots=True)
class _Cleaned:
    clean: CleanArticle | None  # None: no text left after cleaning
    problems: tuple[Diagnostic, ...]
    title_slug: str = ""  # kept: slugifying every title on every edit would be most of an update's time
    words: Collection[str] = ()  # its search words, kept for the same reason


Tags = tuple[tuple[str, ...], tuple[Diagnostic, ...]]  # an article's topics, and the problems tagging it found


@dataclass(frozen=True, slots=True)
class _Site:
    """Everything the last successful run knew, so that the next one can reuse it."""

    config: SiteConfig
    rules: RuleSet
    source_rules: tuple[SourceRule, ...]
    env: jinja2.Environment
    sources: Mapping[str, _Source]  # by path relative to content/
    context: CleanContext
    cleaned: Mapping[str, _Cleaned]
    tags: Mapping[str, Tags]
    intros: tuple[dict[str, str], tuple[Diagnostic, ...]]  # edition id -> Markdown, and the problems reading them
    shared: object  # what every page shows (see _page_inputs)
    inputs: Mapping[str, object]  # page output -> what that page was rendered from
    files: Mapping[str, bytes]  # output path -> bytes, as written


def _path_order(rel: str) -> list[str]:
    """Sort key for content paths: the order a sorted directory walk gives."""
    return rel.split("/")


def _keep(article: CleanArticle, shown: str, problems: list[Diagnostic], *, strict: bool) -> bool:
    """An article with no text left after cleaning is skipped, with a warning naming it (an error with --strict)."""
    if article.lead or article.body:
        return True
    hint = "check the file is an article page; `digest clean --explain FILE` shows why each line was dropped"
    problems.append(Diagnostic(shown, "no article text left after cleaning", hint=hint) if strict
                    else warning(shown, "no article text left after cleaning; skipped", hint=hint))
    return False


def _changed_sites(old: CleanContext, new: CleanContext) -> set[str]:
    """Sites whose learnt template lines differ: their articles must be cleaned again."""
    return {site for site in old.templates.keys() | new.templates.keys()
            if old.templates.get(site) != new.templates.get(site)}


def _page_inputs(plan: SitePlan, config: SiteConfig) -> tuple[object, dict[str, object]]:
    """What every page shows (navigation) and what each page shows on its own, comparable between runs.

    A page's bytes depend only on these, so a page whose inputs did not change
    since the last run is not rendered again. The shared part is the site's
    settings, the topics with their counts and the editions' names; a page's
    own part is its plan, the articles it shows (`PagePlan.slugs`, compared by
    value) and the lists only it shows (its edition, all editions, the months).
    A feed is keyed by its RSS file and stands for its Atom twin too.
    The byte-identity tests in tests/e2e/test_serve_incremental.py hold this to
    what the templates really use.
    """
    shared = (config, plan.topics, tuple((tid, len(slugs)) for tid, slugs in plan.topic_slugs),
              tuple((e.id, e.label) for e in plan.editions))
    editions = {e.id: e for e in plan.editions}
    lists = {PageKind.HOME: plan.editions[0] if plan.editions else None, PageKind.EDITIONS: plan.editions,
             PageKind.ARCHIVE: plan.months}

    def own(page: PagePlan) -> object:
        shown = editions.get(page.key) if page.kind is PageKind.EDITION else lists.get(page.kind)
        return page, shown, tuple(plan.by_slug[s] for s in page.slugs)

    inputs = {page.output: own(page) for page in plan.pages}
    inputs |= {feed.rss: (feed, tuple(plan.by_slug[s] for s in feed.slugs)) for feed in plan.feeds}
    return shared, inputs


class Builder:
    """One project's build, kept between runs so that an edit redoes only what it touched.

    `update` redoes the least work that gives the bytes a cold build would give:
    an edited article is re-loaded, re-cleaned and re-tagged alone (with the
    other articles of its site when it changed that site's template lines), and
    only the pages whose inputs changed are rendered and written; a rules change
    re-tags every article without re-cleaning; a template change re-renders
    without either. A failed update leaves the last good state (and site) in
    place, and what it should have redone is redone with the next update.
    """

    def __init__(self, options: BuildOptions, *, write_lock: AbstractContextManager[object] | None = None) -> None:
        self.options = options
        self.project = options.project.resolve()
        self.content = self.project / "content"
        self.output = (options.output or self.project / "site").resolve()
        self._write_lock = write_lock or nullcontext()  # held while files under the output change
        self._site: _Site | None = None
        self._pending = ChangeSet()

    def build(self) -> BuildResult:
        """A cold build: everything is loaded, rendered and written."""
        return self.update(ChangeSet(everything=True))

    def update(self, changes: ChangeSet) -> BuildResult:
        wanted = self._pending | changes
        self._pending = wanted  # if this run fails, the next one redoes its work too
        result = self._run(wanted)
        self._pending = ChangeSet()
        return result

    def _run(self, changes: ChangeSet) -> BuildResult:
        old = self._site
        fresh = old is None or changes.everything
        config = load_config(self.project) if fresh else old.config
        # Rules first: a broken rule file should be reported even when articles are fine.
        rules = (load_rules(self.project, self.content, fallback_id=config.fallback_topic,
                            fallback_title=config.fallback_topic_title) if fresh or changes.rules else old.rules)
        source_rules = load_source_rules(self.project, self.content) if fresh else old.source_rules
        sources = self._sources(config, source_rules, None if fresh else old.sources, changes.articles)
        order = sorted(sources, key=_path_order)
        docs: dict[str, SourceDocument] = {rel: sources[rel].doc for rel in order if sources[rel].doc}  # type: ignore[misc]

        # Template lines are learnt across all the build's dumps before any of them is cleaned.
        context = CleanContext(source_rules, template_lines(sources[rel].lines for rel in docs))
        reusable = {} if fresh else old.cleaned
        redo_sites = set() if fresh else _changed_sites(old.context, context)
        cleaned = {rel: reusable[rel] if rel in reusable and rel not in changes.articles
                   and not (redo_sites and site_key(doc, source_rules) in redo_sites) else self._clean(doc, context)
                   for rel, doc in docs.items()}
        kept = [rel for rel in docs if cleaned[rel].clean]
        retag = fresh or changes.rules
        tags = {rel: old.tags[rel] if not retag and cleaned[rel] is old.cleaned.get(rel) else  # type: ignore[union-attr]
                self._tag(cleaned[rel].clean, rules) for rel in kept}  # type: ignore[arg-type]
        problems = [d for rel in order for d in sources[rel].problems + (cleaned[rel].problems if rel in cleaned else ())]
        problems += [d for rel in kept for d in tags[rel][1]]
        intros = load_intros(self.project, self.content) if fresh or changes.intros else old.intros
        problems += intros[1]

        clean = [cleaned[rel].clean for rel in kept]
        slugs = assign_slugs(clean, titles=[cleaned[rel].title_slug for rel in kept])  # type: ignore[arg-type]
        articles = [Article(c, s, tags[rel][0]) for rel, c, s in zip(kept, clean, slugs)]  # type: ignore[arg-type]
        plan = plan_site(articles, rules.topics, config, intros=intros[0])
        problems += unknown_intros(intros[0], plan)
        env = (make_environment(self.project, zone=config.zone, theme=config.theme_dir(self.project))
               if fresh or changes.templates else old.env)
        if errors_in(problems):
            raise DigestError(problems)

        shared, inputs = _page_inputs(plan, config)
        redo_all = fresh or changes.rules or changes.templates or shared != old.shared
        only = None if redo_all else {out for out, made_of in inputs.items() if old.inputs.get(out) != made_of}
        # Rendering is finished before writing starts, so a template error leaves the old site in place.
        rendered = dict(render_site(plan, env, config, self.project, only=only,
                                    words=lambda article: cleaned[article.rel].words))
        kept_outputs = [p.output for p in plan.pages] + [out for f in plan.feeds for out in (f.rss, f.atom)]
        files = {out: rendered[out] if out in rendered else old.files[out] for out in kept_outputs}  # type: ignore[union-attr]
        files |= {out: data for out, data in rendered.items() if out not in files}
        written = self._write(files, None if fresh else old.files)

        self._site = _Site(config, rules, source_rules, env, sources, context, cleaned, tags, intros, shared,
                           inputs, files)
        return BuildResult(self.output, len(articles), len(plan.pages), written, len(files) - written,
                           sum(s.drafted for s in sources.values()), tuple(problems),
                           tuple(f"content/{rel}" for rel in docs if not cleaned[rel].clean), config.base_path)

    def _sources(self, config: SiteConfig, source_rules: tuple[SourceRule, ...], previous: Mapping[str, _Source] | None,
                 edited: Collection[str]) -> dict[str, _Source]:
        if previous is None:
            return {path.relative_to(self.content).as_posix(): self._load(path, config, source_rules)
                    for path in discover_articles(self.content)}
        sources = dict(previous)
        for rel in edited:
            path = self.content / rel
            if is_article_path(PurePosixPath(rel)) and path.is_file():
                sources[rel] = self._load(path, config, source_rules)
            else:
                sources.pop(rel, None)
        return sources

    def _load(self, path: Path, config: SiteConfig, source_rules: tuple[SourceRule, ...]) -> _Source:
        loaded = load_sources(self.project, self.content, zone=config.zone, drafts=self.options.drafts, paths=[path])
        doc = loaded.documents[0] if loaded.documents else None
        return _Source(doc, loaded.diagnostics, drafted=loaded.drafts_skipped > 0,
                       lines=dump_lines(doc, source_rules) if doc else None)

    def _clean(self, doc: SourceDocument, context: CleanContext) -> _Cleaned:
        """Clean one article, keeping every problem found on the way."""
        article = clean_article(doc, context)
        shown = f"content/{article.rel}"
        problems: list[Diagnostic] = []
        if not _keep(article, shown, problems, strict=self.options.strict):
            return _Cleaned(None, tuple(problems))
        if article.date is None:
            problems.append(warning(shown, "no date: the article is in no edition and no feed",
                                    hint="add `date: 2021-12-01` to its front matter"))
        return _Cleaned(article, tuple(problems), title_slug(article), article_words(article))

    @staticmethod
    def _tag(article: CleanArticle, rules: RuleSet) -> Tags:
        tags, problems = tag_articles([article], rules, [f"content/{article.rel}"])
        return tags[0], problems

    def _write(self, files: dict[str, bytes], previous: Mapping[str, bytes] | None) -> int:
        """Write the whole site on a cold build; afterwards only the files whose bytes changed."""
        with self._write_lock:
            if previous is None or not (self.output / MARKER).is_file():
                return write_site(files.items(), self.output, project=self.project,
                                  protected=(self.content, self.project / "templates")).written
            changed = [(out, data) for out, data in files.items() if previous.get(out) != data]
            return update_site(changed, [out for out in previous if out not in files], self.output).written


def build(options: BuildOptions) -> BuildResult:
    return Builder(options).build()
