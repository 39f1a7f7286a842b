"""Deterministic generator of a digest project used by every benchmark.

    python benchmarks/corpus.py OUT_DIR --articles N --form markdown|raw [--seed 1]

The same arguments always give byte-identical files: each article has its own
`random.Random` seeded from (seed, index), nothing reads the clock, and files
are written in index order.  Per-article seeding is what lets the change
scenarios (`scenarios.py`) add article N+1 without regenerating the rest.
The change options (--touch-one, --add-one, --change-rule, --change-template)
apply one scenario to an existing OUT_DIR instead of generating it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import multiprocessing
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from corpus_raw import render_raw
from corpus_text import PHRASES, ascii_slug, paragraph, sentence, title
from corpus_words import TOPICS

DIGEST_YAML = """\
title: Bản tin thử nghiệm
description: Corpus for benchmarks
base_url: https://example.github.io/news/
language: vi
timezone: Asia/Ho_Chi_Minh
edition_period: weekly
"""

FIRST_DAY = dt.date(2019, 1, 1)
DAYS_SPAN = 6 * 365  # articles spread over 2019..2024
CHUNK = 1000  # articles per pool task
WORKERS = 4  # more than the cores: half of each task is waiting on file creation


@dataclass(frozen=True)
class Article:
    """One generated article, independent of its on-disk form."""

    index: int
    slug: str
    title: str
    date: dt.date
    topics: list[str]
    paragraphs: list[str]  # Markdown-flavoured blocks (bold, links, lists)

    def relpath(self, form: str) -> str:
        ext = "md" if form == "markdown" else "txt"
        return f"content/{self.date:%Y}/{self.date:%m}/{self.slug}.{ext}"


def make_article(seed: int, index: int) -> Article:
    """Build article `index`; depends only on (seed, index)."""
    rng = random.Random(f"digest-bench-{seed}-{index}")
    topics = rng.sample(range(len(TOPICS)), rng.randint(1, 3))
    topic_ids = [TOPICS[t][0] for t in topics]
    phrases = [p for tid in topic_ids for p in PHRASES[tid]]
    headline = title(rng, rng.choice(phrases))
    date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS_SPAN))
    paragraphs = []
    for number in range(7):
        chosen = rng.sample(phrases, min(2, len(phrases)))
        block = paragraph(rng, chosen)
        if number == 1:
            block = block.replace(chosen[0], f"**{chosen[0]}**", 1)
        elif number == 3:
            link = f"https://example.com/tin/{ascii_slug(chosen[0])}"
            block = block.replace(chosen[0], f"[{chosen[0]}]({link})", 1)
        elif number == 5:
            items = [sentence(rng, rng.choice(phrases)) for _ in range(rng.randint(3, 4))]
            block = "\n".join(f"- {item}" for item in items)
        paragraphs.append(block)
    slug = f"{ascii_slug(headline)[:60].rstrip('-')}-{index}"
    return Article(index, slug, headline, date, sorted(topic_ids), paragraphs)


def render_markdown(article: Article) -> str:
    """Markdown with YAML front matter (titles never contain quotes)."""
    topics = ", ".join(article.topics)
    head = f'---\ntitle: "{article.title}"\ndate: {article.date.isoformat()}\ntopics: [{topics}]\n---\n\n'
    return head + "\n\n".join(article.paragraphs) + "\n"


def render_article(article: Article, form: str, seed: int) -> str:
    """Text of `article` in the requested on-disk form."""
    if form == "markdown":
        return render_markdown(article)
    return render_raw(article, random.Random(f"digest-bench-raw-{seed}-{article.index}"))


def topics_yaml() -> str:
    """The 50 topic rules, dumped the same way scenarios.change_rule re-dumps them."""
    rules = [{"id": tid, "title": name, "description": f"Tin {name.lower()}", "any": list(phrases)}
             for tid, name, phrases in TOPICS]
    return dump_rules(rules)


def dump_rules(rules: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(rules, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)


def write_article(out: Path, article: Article, form: str, seed: int) -> Path:
    path = out / article.relpath(form)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_article(article, form, seed), encoding="utf-8")
    return path


def _write_range(job: tuple[Path, str, int, int, int]) -> None:
    out, form, seed, start, stop = job
    for index in range(start, stop):
        write_article(out, make_article(seed, index), form, seed)


def generate(out: Path, articles: int, form: str, seed: int = 1) -> None:
    """Write a complete project; digest.yaml is written last and marks completion.

    Articles are independent (seeded by index), so ranges of them are written
    by a process pool: on the VMs we run on, creating a file costs about as
    much as generating its text, and one process took ~40 s for 50,000
    articles.  Output does not depend on the schedule.
    """
    (out / "content" / "topics").mkdir(parents=True, exist_ok=True)
    (out / "content" / "topics" / "topics.yaml").write_text(topics_yaml(), encoding="utf-8")
    jobs = [(out, form, seed, start, min(articles, start + CHUNK)) for start in range(0, articles, CHUNK)]
    with multiprocessing.Pool(processes=min(WORKERS, len(jobs)) or 1) as pool:
        for _ in pool.imap_unordered(_write_range, jobs):
            pass
    (out / "digest.yaml").write_text(DIGEST_YAML, encoding="utf-8")


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--form", choices=["markdown", "raw"], default="markdown")
    parser.add_argument("--seed", type=int, default=1)
    import scenarios  # imported late: scenarios itself imports this module

    change = parser.add_mutually_exclusive_group()
    for name in scenarios.CHANGES:
        change.add_argument(f"--{name}", action="store_true", help="apply this change scenario to OUT_DIR")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    import scenarios

    for name, apply in scenarios.CHANGES.items():
        if getattr(args, name.replace("-", "_")):
            changed = apply(args.out_dir, args.form, args.seed)
            print(f"{name}: changed {changed}")
            return 0
    generate(args.out_dir, args.articles, args.form, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
