"""Tagging speed: 500 topics x 10,000 articles of 1,000 words (issue 4: under 5 s on one core).

The data is generated deterministically (seeded) from a made-up syllable
inventory shaped like Vietnamese: syllables with diacritics, Zipf-like word
frequencies, punctuation, a few capitalised words, several paragraphs. Topics
use every kind of rule (multi-word phrases, case-sensitive and accent-free
phrases, all/none, min_hits, regexes, parents), so every path of the scanner runs.

Two data sets (`--data`):
- realistic (default): topic phrases are names made of ordinary syllables (as
  Vietnamese names are: their words are common, the sequence is not), and
  each article is about one to three topics, whose phrases it mentions a few
  times; so an article gets a handful of topics, like a real one.
- dense: phrases of rare syllables sprinkled by chance, about 87 topics per
  article: a stress test of the per-hit work.

Tagging is timed on the build's path (`tag_articles`: topic ids only), or with
`--records` on `tag_article`, which also keeps every decision's evidence for
`digest topics explain` and rule examples.

Run from the repository root:
  python benchmarks/topics/bench_tagging.py [--data realistic|dense] [--topics 500] [--articles 10000] [--words 1000] [--runs 3] [--records]
Prints the rule compile time and, per run (fresh rules each time, so nothing
learnt in one run helps the next), the tagging time in CPU seconds of this
process (what "one core" means on a shared machine) and wall seconds; then
the median run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # this checkout's digest, not an installed one

from digest.model import CleanArticle, SourceKind  # noqa: E402
from digest.topics import RuleSet, load_rules  # noqa: E402
from digest.topics.tag import tag_article, tag_articles  # noqa: E402

SEED = 4
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "uy", "ươ", "iê"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
PUNCT = [",", ".", ":", ";", "!", "?"]
VOCABULARY = 6000
NAMES_ONLY = 1000  # realistic data: syllables kept out of ordinary text, for one-word names (Kremlin, Baghdad)
COMMON = 300  # the most frequent syllables: `none` phrases of the dense data are made of them
NAME_RANKS = (20, 3000)  # realistic multi-word names use ordinary syllables, neither the commonest nor the rarest
SUBJECTS = (1, 3)  # topics an article is about (realistic data)
MENTIONS = (2, 5)  # times each subject's phrases are mentioned


def syllables(rng: random.Random, n: int) -> list[str]:
    found: set[str] = set()
    while len(found) < n:
        nucleus = rng.choice(NUCLEI)
        toned = nucleus[0] + rng.choice(TONES) + nucleus[1:]
        found.add(unicodedata.normalize("NFC", rng.choice(ONSETS) + toned + rng.choice(CODAS)))
    return sorted(found)


def text_words(rng: random.Random, vocabulary: list[str], words: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf
    drawn = rng.choices(vocabulary, weights, k=words)
    text = [w.capitalize() if rng.random() < 0.05 else w for w in drawn]
    for i in range(0, words, 12):
        text[i] += rng.choice(PUNCT)
    return text


def as_article(n: int, text: list[str]) -> CleanArticle:
    paragraphs = tuple(" ".join(text[i:i + 100]) for i in range(40, len(text), 100))
    return CleanArticle(f"a{n}", SourceKind.TEXT, " ".join(text[:15]), " ".join(text[15:40]), paragraphs, "")


class Topics:
    """The generated rules, kept as data so realistic articles can mention their phrases."""

    def __init__(self, rng: random.Random, vocabulary: list[str], count: int, realistic: bool) -> None:
        self.common = vocabulary[:COMMON]
        names = vocabulary[-NAMES_ONLY:] if realistic else vocabulary[COMMON:]
        pool = vocabulary[NAME_RANKS[0]:NAME_RANKS[1]] if realistic else names

        lengths = (1, 2, 2, 2, 3) if realistic else (1, 1, 2, 2, 3)
        long_names = (2, 3) if realistic else lengths

        def phrase(lengths: tuple[int, ...] = lengths) -> str:
            length = rng.choice(lengths)
            if not realistic:
                return " ".join(rng.choice(pool) for _ in range(length))
            return " ".join(rng.choice(pool if length > 1 else names).capitalize() for _ in range(length))

        # Realistic accent-free topics spell out long names only, as docs/topics.md advises.
        self.any = [[phrase(long_names if n % 10 == 4 else lengths) for _ in range(8)] for n in range(count)]
        self.all = {n: phrase() for n in range(count) if n % 10 == 1}
        self.none = {n: f"{rng.choice(self.common)} {rng.choice(self.common)}" for n in range(count) if n % 10 == 0}
        self.cased = {n: rng.choice(names).capitalize() for n in range(count) if n % 10 == 3}
        self.regex = {n: [f"{rng.choice(names)} \\d+", f"{rng.choice(names)}[\\pL]*"] for n in range(count) if n % 25 == 5}

    def yaml(self) -> str:
        out = []
        for n, any_ in enumerate(self.any):
            lines = [f"- id: t{n}", f"  title: Topic {n}", f"  any: [{', '.join(any_)}]"]
            if n in self.none:
                lines.append(f"  none: [{self.none[n]}]")
            if n in self.all:
                lines.append(f"  all: [{self.all[n]}]")
            if n % 10 == 2:
                lines.append("  min_hits: 3")
            if n in self.cased:
                lines.append(f"  none: [{{phrase: {self.cased[n]}, case_sensitive: true}}]")
            if n % 10 == 4:
                lines.append("  accents: ignore")
            if n % 20 == 7:
                lines.append(f"  parent: t{n - 7}")
            if n in self.regex:
                lines.append(f"  regex: [{', '.join(repr(p) for p in self.regex[n])}]")
            out.append("\n".join(lines))
        return "\n\n".join(out) + "\n"

    def mention(self, rng: random.Random, text: list[str]) -> None:
        """Make the article about a few topics: their phrases, a few times each, at random places."""
        for n in rng.sample(range(len(self.any)), rng.randint(*SUBJECTS)):
            said = [rng.choice(self.any[n]) for _ in range(rng.randint(*MENTIONS))]
            said += [self.all[n]] if n in self.all else []
            for phrase in said:
                at = rng.randrange(len(text))
                text[at:at] = phrase.split()


def make_data(data: str, topics: int, articles: int, words: int) -> tuple[str, list[CleanArticle]]:
    rng = random.Random(SEED)
    vocabulary = syllables(rng, VOCABULARY)
    rng.shuffle(vocabulary)
    rules = Topics(rng, vocabulary, topics, realistic=data == "realistic")
    made = []
    ordinary = vocabulary[:-NAMES_ONLY] if data == "realistic" else vocabulary
    for n in range(articles):
        text = text_words(rng, ordinary, words)
        if data == "realistic":
            rules.mention(rng, text)
        made.append(as_article(n, text))
    return rules.yaml(), made


def compile_rules(rules_yaml: str) -> tuple[RuleSet, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content" / "topics").mkdir(parents=True)
        (root / "content" / "topics" / "bench.yaml").write_text(rules_yaml, encoding="utf-8")
        start = time.process_time()
        rules = load_rules(root, root / "content", fallback_id="khac", fallback_title="Khác")
        return rules, time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=("realistic", "dense"), default="realistic")
    parser.add_argument("--topics", type=int, default=500)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1, help="tagging runs, each with freshly compiled rules")
    parser.add_argument("--records", action="store_true", help="time tag_article (with evidence) instead of the build's path")
    args = parser.parse_args()
    rules_yaml, articles = make_data(args.data, args.topics, args.articles, args.words)
    path = "tag_article, with evidence" if args.records else "tag_articles, the build's path"
    print(f"{args.data} data: {args.topics} topics, {args.articles} articles x {args.words} words; {path}")
    cpu_times = []
    for run in range(args.runs):
        rules, compiled = compile_rules(rules_yaml)
        start, wall = time.process_time(), time.perf_counter()
        if args.records:
            tags = [tag_article(a, rules, [], a.rel).topics for a in articles]
        else:
            tags = list(tag_articles(articles, rules, [a.rel for a in articles])[0])
        cpu, wall = time.process_time() - start, time.perf_counter() - wall
        cpu_times.append(cpu)
        tagged = sum(1 for t in tags if t != ("khac",))
        per_article = sum(len(t) for t in tags) / len(tags)
        print(f"run {run + 1}: compile rules {compiled:.2f} s; tag articles {cpu:.2f} s CPU ({wall:.2f} s wall), "
              f"{args.articles / cpu:,.0f} articles/s; {tagged} articles with a topic, {per_article:.1f} topics per article")
    median = statistics.median(cpu_times)
    print(f"median of {args.runs}: {median:.2f} s CPU, {args.articles / median:,.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
