"""`digest clean FILE...`: show what the cleaner keeps from each file, and why."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from digest.cli.output import print_diagnostics

from digest.buildstate import load_index
from digest.cache import CACHE_DIR
from digest.clean import CleanContext, clean_article, title_warning
from digest.clean.explain import article_json, article_text, explain_lines
from digest.clean.sources import load_source_rules
from digest.clean.templates import dump_lines, template_lines
from digest.config import find_config, load_config
from digest.diagnostics import Diagnostic, display_path, errors_in, warning
from digest.load import load_sources, try_load_document
from digest.load.discover import ARTICLE_KINDS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("clean", help="print the article the cleaner extracts from page dumps",
                       description="Clean each FILE (.txt page dump, .html page, .md article) and print the article: "
                                   "title, authors, credits, date, lead and paragraphs. Nothing is written.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for reading (default), or json: one JSON object per file per line (JSON Lines)")
    p.add_argument("--explain", action="store_true",
                   help="print every input line with its verdict (title, lead, body, caption, byline, boilerplate) "
                        "and the reason")
    p.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                   help="project whose time zone, source rules (content/sources/) and learnt template lines are "
                        "used, so a file is cleaned as `digest build` cleans it (default: current directory, if it "
                        "has digest.yaml)")
    p.set_defaults(run=run)


def _project_context(project: Path, zone: dt.tzinfo) -> CleanContext:
    """What the build cleans a project's pages with: its source rules, and the template lines learnt for each
    site, as the last build kept them in .digest-cache/ or, without one, learnt again from every page dump."""
    content = project / "content"
    rules = load_source_rules(project, content)
    index = load_index(project / CACHE_DIR)
    if index is not None and index.templates:
        return CleanContext(rules, index.templates)
    loaded = load_sources(project, content, zone=zone)
    return CleanContext(rules, template_lines(dump_lines(doc, rules) for doc in loaded.documents))


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    in_project = find_config(project) is not None
    zone = load_config(project).zone if in_project else dt.timezone.utc
    context = _project_context(project, zone) if in_project else CleanContext()
    content = project / "content"
    problems: list[Diagnostic] = []
    for path in args.files:
        shown = display_path(path, Path.cwd())
        if path.suffix.lower() not in ARTICLE_KINDS:
            problems.append(Diagnostic(shown, "not an article file", hint=f"use one of {', '.join(sorted(ARTICLE_KINDS))}"))
            continue
        # Under content/, the path the build knows it by: its folder is the site of a dump without a URL.
        where = path.resolve()
        doc, failed = try_load_document(where, content if where.is_relative_to(content) else where.parent,
                                        zone=zone, shown=shown)
        problems.extend(failed)
        if doc is None:
            continue
        article = clean_article(doc, context)
        if not (article.lead or article.body_text):
            problems.append(warning(shown, "no article text left after cleaning",
                                    hint="`digest clean --explain FILE` shows why each line was dropped"))
        if (untitled := title_warning(article, shown)) is not None:
            problems.append(untitled)
        if args.format == "json":
            sys.stdout.write(article_json(article, shown) + "\n")
        else:
            sys.stdout.write(f"== {shown}\n" + article_text(article))
            if args.explain:
                sys.stdout.write("\n" + explain_lines(article))
            sys.stdout.write("\n")
    print_diagnostics(problems)
    return 2 if errors_in(problems) else 0
