"""build(options) -> BuildResult: load -> clean -> tag -> render -> write.

Everything is gathered and checked before anything is written: an error in any
article, rule or template stops the build before the output directory is
touched, and every such error is reported in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from digest.clean import CleanContext, clean_article
from digest.clean.sources import load_source_rules
from digest.clean.templates import learn_template_lines
from digest.config import load_config
from digest.diagnostics import Diagnostic, DigestError, errors_in, warning
from digest.load import load_sources
from digest.load.intros import load_intros
from digest.model import Article, CleanArticle
from digest.render.pages import render_site
from digest.render.plan import plan_site, unknown_intros
from digest.render.templates import make_environment
from digest.render.urls import assign_slugs
from digest.topics import load_rules, tag_articles
from digest.write import write_site


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


def _keep(article: CleanArticle, shown: str, problems: list[Diagnostic], *, strict: bool) -> bool:
    """An article with no text left after cleaning is skipped, with a warning naming it (an error with --strict)."""
    if article.lead or article.body:
        return True
    hint = "check the file is an article page; `digest clean --explain FILE` shows why each line was dropped"
    problems.append(Diagnostic(shown, "no article text left after cleaning", hint=hint) if strict
                    else warning(shown, "no article text left after cleaning; skipped", hint=hint))
    return False


def build(options: BuildOptions) -> BuildResult:
    project = options.project.resolve()
    content = project / "content"
    output = (options.output or project / "site").resolve()
    config = load_config(project)

    # Rules first: a broken rule file should be reported even when articles are fine.
    rules = load_rules(project, content, fallback_id=config.fallback_topic, fallback_title=config.fallback_topic_title)
    loaded = load_sources(project, content, zone=config.zone, drafts=options.drafts)
    problems = list(loaded.diagnostics)

    # Template lines are learnt across all the build's dumps before any of them is cleaned.
    sources = load_source_rules(project, content)
    context = CleanContext(sources, learn_template_lines(list(loaded.documents), sources))
    shown = {doc.rel: f"content/{doc.rel}" for doc in loaded.documents}
    all_cleaned = [clean_article(doc, context) for doc in loaded.documents]
    cleaned = [c for c in all_cleaned if _keep(c, shown[c.rel], problems, strict=options.strict)]
    for article in cleaned:
        if article.date is None:
            problems.append(warning(shown[article.rel], "no date: the article is in no edition and no feed",
                                    hint="add `date: 2021-12-01` to its front matter"))

    tags, tag_problems = tag_articles(cleaned, rules, [shown[c.rel] for c in cleaned])
    problems.extend(tag_problems)
    slugs = assign_slugs(cleaned)
    articles = [Article(c, s, t) for c, s, t in zip(cleaned, slugs, tags)]

    intros, intro_problems = load_intros(project, content)
    problems.extend(intro_problems)
    plan = plan_site(articles, rules.topics, config, intros=intros)
    problems.extend(unknown_intros(intros, plan))
    env = make_environment(project, zone=config.zone, theme=config.theme_dir(project))
    if errors_in(problems):
        raise DigestError(problems)
    # Rendering is finished before writing starts, so a template error leaves the old site in place.
    files = list(render_site(plan, env, config, project))
    result = write_site(files, output, project=project, protected=(content, project / "templates"))
    return BuildResult(output, len(articles), len(plan.pages), result.written, result.unchanged,
                       loaded.drafts_skipped, tuple(problems),
                       tuple(shown[c.rel] for c in all_cleaned if not (c.lead or c.body)))
