"""Tagging speed: 500 topics x 10,000 articles of 1,000 words (issue 4: under 5 s on one core).

The data is generated deterministically (seeded) from a made-up syllable
inventory shaped like Vietnamese: syllables with diacritics, Zipf-like word
frequencies, punctuation, a few capitalised words, several paragraphs. Topics
use every kind of rule (multi-word phrases, case-sensitive and accent-free
phrases, all/none, min_hits, regexes), so every path of the scanner runs.

Run:  python benchmarks/topics/bench_tagging.py [--topics 500] [--articles 10000] [--words 1000]
Prints the rule compile time and the tagging time (articles/s and total).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from digest.model import CleanArticle, SourceKind
from digest.topics import load_rules
from digest.topics.tag import tag_article

SEED = 4
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "uy", "ươ", "iê"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
PUNCT = [",", ".", ":", ";", "!", "?"]


def syllables(rng: random.Random, n: int) -> list[str]:
    import unicodedata
    found: set[str] = set()
    while len(found) < n:
        nucleus = rng.choice(NUCLEI)
        toned = nucleus[0] + rng.choice(TONES) + nucleus[1:]
        found.add(unicodedata.normalize("NFC", rng.choice(ONSETS) + toned + rng.choice(CODAS)))
    return sorted(found)


def make_articles(rng: random.Random, vocabulary: list[str], count: int, words: int) -> list[CleanArticle]:
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf
    articles = []
    for n in range(count):
        drawn = rng.choices(vocabulary, weights, k=words)
        text = [w.capitalize() if rng.random() < 0.05 else w for w in drawn]
        for i in range(0, words, 12):
            text[i] += rng.choice(PUNCT)
        paragraphs = tuple(" ".join(text[i:i + 100]) for i in range(40, words, 100))
        articles.append(CleanArticle(f"a{n}", SourceKind.TEXT, " ".join(text[:15]), " ".join(text[15:40]), paragraphs, ""))
    return articles


def make_rules(rng: random.Random, vocabulary: list[str], topics: int) -> str:
    common, rare = vocabulary[:300], vocabulary[300:]
    out = []
    for n in range(topics):
        def phrase() -> str:
            return " ".join(rng.choice(rare) for _ in range(rng.choice((1, 1, 2, 2, 3))))
        any_ = [phrase() for _ in range(8)]
        lines = [f"- id: t{n}", f"  title: Topic {n}", f"  any: [{', '.join(any_)}]"]
        if n % 10 == 0:
            lines.append(f"  none: [{rng.choice(common)} {rng.choice(common)}]")
        if n % 10 == 1:
            lines.append(f"  all: [{rng.choice(rare)}]")
        if n % 10 == 2:
            lines.append("  min_hits: 3")
        if n % 10 == 3:
            lines.append(f"  any_extra: [{{phrase: {rng.choice(rare).capitalize()}, case_sensitive: true}}]")
        if n % 10 == 4:
            lines.append("  accents: ignore")
        if n % 25 == 5:
            lines.append(f"  regex: ['{rng.choice(rare)} \\d+', '{rng.choice(rare)}[\\pL]*']")
        out.append("\n".join(line.replace("any_extra", "none") for line in lines))
    return "\n\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=500)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(SEED)
    vocabulary = syllables(rng, 6000)
    rng.shuffle(vocabulary)
    articles = make_articles(rng, vocabulary, args.articles, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content" / "topics").mkdir(parents=True)
        (root / "content" / "topics" / "bench.yaml").write_text(make_rules(rng, vocabulary, args.topics), encoding="utf-8")
        start = time.perf_counter()
        rules = load_rules(root, root / "content", fallback_id="khac", fallback_title="Khác")
        compiled = time.perf_counter() - start
    start = time.perf_counter()
    tags = [tag_article(a, rules, [], a.rel).topics for a in articles]
    elapsed = time.perf_counter() - start
    tagged = sum(1 for t in tags if t != ("khac",))
    per_article = sum(len(t) for t in tags) / len(tags)
    print(f"{args.topics} topics, {args.articles} articles x {args.words} words")
    print(f"compile rules: {compiled:.2f} s")
    print(f"tag articles:  {elapsed:.2f} s ({args.articles / elapsed:,.0f} articles/s); "
          f"{tagged} articles with a topic, {per_article:.1f} topics per article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
