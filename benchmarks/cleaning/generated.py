#!/usr/bin/env python3
"""The cleaner on the benchmark corpus's page dumps, against the articles they were generated from.

    python benchmarks/cleaning/generated.py [--articles 2000] [--seed 1]

benchmarks/corpus.py renders each generated article as a raw page dump (menus,
related-news teasers with image alt text, captions, read-more lists, footers).
Every dump is cleaned as `digest build` cleans it (the project's source rules,
the template lines learnt across its dumps), and its title and lead + body are
compared with the article it was made from: exact titles, and token-level
precision, recall and F1 (words counted with multiplicity). A second check
beside the hand-labelled set (evaluate.py): thousands of pages, all of one
made-up site, so it catches systematic slips (a teaser taken for the title)
that a few real pages may not show.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]

from corpus import generate, make_article  # noqa: E402
from digest.clean import CleanContext, clean_article  # noqa: E402
from digest.clean.sources import load_source_rules  # noqa: E402
from digest.clean.templates import dump_lines, template_lines  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.load import load_sources  # noqa: E402

_WORD = re.compile(r"\w+")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.casefold()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    project = HERE.parent / ".work" / "cleaning-generated" / f"raw-{args.articles}-seed{args.seed}"
    if not (project / "digest.yaml").is_file():
        generate(project, args.articles, "raw", args.seed)
    content = project / "content"
    loaded = load_sources(project, content, zone=load_config(project).zone)
    rules = load_source_rules(project, content)
    context = CleanContext(rules, template_lines(dump_lines(doc, rules) for doc in loaded.documents))
    by_rel = {doc.rel: doc for doc in loaded.documents}
    found = shared = expected = titles = 0
    worst: list[tuple[float, str]] = []
    for index in range(args.articles):
        gold = make_article(args.seed, index)
        article = clean_article(by_rel[gold.relpath("raw").removeprefix("content/")], context)
        titles += article.title == gold.title
        got = tokens(" ".join((article.lead, *article.body)))
        want = tokens(_LINK.sub(r"\1", "\n".join(gold.paragraphs)).replace("**", ""))
        both = sum((got & want).values())
        found, shared, expected = found + sum(got.values()), shared + both, expected + sum(want.values())
        worst.append((2 * both / (sum(got.values()) + sum(want.values())), gold.relpath("raw")))
    precision, recall = shared / found, shared / expected
    print(f"{args.articles} generated dumps: titles exact {titles}/{args.articles}; lead + body tokens "
          f"P {precision:.4f} R {recall:.4f} F1 {2 * precision * recall / (precision + recall):.4f}")
    for f1, path in sorted(worst)[:5]:
        print(f"  {f1:.3f}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
