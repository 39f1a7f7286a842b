"""`digest topics check|explain|list|test`: the editors' tools for topic rules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from digest.cli.output import print_diagnostics

from digest.clean import clean_article
from digest.config import load_config
from digest.diagnostics import Diagnostic, DigestError, display_path
from digest.load import load_document, load_sources
from digest.topics import RuleSet, find_rule_files, load_rules, tag_articles

EXIT_FAILED = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("topics", help="check, test and explain the topic rules",
                       description="Tools for the topic rules in content/topics/*.yaml (see docs/topics.md).")
    verbs = p.add_subparsers(dest="topics_command", metavar="ACTION", required=True)

    def verb(name: str, run: object, help: str) -> argparse.ArgumentParser:
        v = verbs.add_parser(name, help=help, description=help)
        v.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                       help="the project directory holding digest.yaml and content/ (default: current directory)")
        v.set_defaults(run=run)
        return v

    verb("check", run_check, "report every problem in the rule files at once, then run the rules' examples")
    explain = verb("explain", run_explain, "show which topics an article gets and why, with the text around each hit")
    explain.add_argument("article", type=Path, metavar="ARTICLE", help="the article file, e.g. content/articles/a.txt")
    explain.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    verb("list", run_list, "list every topic with its number of articles, zero included")
    verb("test", run_test, "run the rules' examples (match / no_match) and show each failure")


def _rules(project: Path) -> RuleSet:
    config = load_config(project)
    return load_rules(project, project / "content", fallback_id=config.fallback_topic,
                      fallback_title=config.fallback_topic_title)


def _report_examples(rules: RuleSet) -> int:
    from digest.topics.examples import failure, run_examples  # here, as explain's: not loaded by other commands
    results = run_examples(rules)
    failed: list[Diagnostic] = [failure(r) for r in results if not r.passed]
    print_diagnostics(failed)
    print(f"digest: {len(results) - len(failed)} of {len(results)} examples passed")
    return EXIT_FAILED if failed else 0


def run_check(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    rules = _rules(project)
    files = len(find_rule_files(project / "content"))
    print(f"digest: {len(rules.rules)} topics in {files} rule file(s), no problems found")
    return _report_examples(rules)


def run_test(args: argparse.Namespace) -> int:
    return _report_examples(_rules(args.project.resolve()))


def run_explain(args: argparse.Namespace) -> int:
    # Here: every command loads this module, and these imports took 3 ms of a build.
    from digest.topics.explain import explain_article, explanation_json, explanation_text
    project = args.project.resolve()
    config = load_config(project)
    rules = _rules(project)
    path = args.article if args.article.is_file() else project / "content" / args.article
    content = project / "content"
    if not path.is_file() or not path.resolve().is_relative_to(content.resolve()):
        raise DigestError([Diagnostic(str(args.article), "no such article under content/",
                                      hint="give the article's path, e.g. content/articles/my-article.txt")])
    shown = display_path(path, project)
    article = clean_article(load_document(path.resolve(), content.resolve(), zone=config.zone, shown=shown))
    explanation = explain_article(article, rules, shown)
    if args.format == "json":
        json.dump(explanation_json(explanation), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(explanation_text(explanation))
    return 0


def run_list(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    config = load_config(project)
    rules = _rules(project)
    loaded = load_sources(project, project / "content", zone=config.zone)
    articles = [clean_article(doc) for doc in loaded.documents]
    tags, problems = tag_articles(articles, rules, [f"content/{a.rel}" for a in articles])
    print_diagnostics(list(loaded.diagnostics) + list(problems))
    depth = {t.id: len(rules.ancestors(t.id)) for t in rules.topics}
    for topic in rules.topics:
        count = sum(topic.id in t for t in tags)
        note = "  <- no articles" if count == 0 else ""
        print(f"{count:5d}  {'  ' * depth[topic.id]}{topic.id}  ({topic.title}){note}")
    print(f"digest: {len(rules.topics)} topics, {len(articles)} articles")
    return 0
