"""Same topics, same evidence: this checkout's tagging engine against an earlier one.

A faster scanner must give every article the same topics (through `tag_article`
and through the build's `tag_articles`), the same decisions
(hits with their counts, in the same order) and the same `digest topics
explain` output. This script checks that on:
- the tagging benchmark's data (`bench_tagging.py`, realistic and dense, a
  subset of the articles, all 500 topics);
- random tricky text against the sample project's rules plus generated ones:
  decomposed (NFD) text, both tone-mark placements, mixed case, no-break
  spaces, punctuation glued to words, words repeated so phrases overlap,
  letters whose case folding changes length (ß, İ, ﬁ), every field.

The earlier engine is `git archive REF digest` unpacked into a temporary
directory and run in a child process (default REF: the coded-text scanner as
issue 4's first speed work left it). Run from the repository root:
  python benchmarks/topics/compare_engines.py [--ref COMMIT] [--articles 1500] [--tricky 3000] [--explain 300]
Prints the number of articles compared per data set and every difference
(at most a few per data set); exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_REF = "129c255"  # the coded-text scanner, before RE2 read bytes
SEED = 11
SHOWN_DIFFERENCES = 5

TRICKY_WORDS = ["Nga", "nga", "NGA", "Ngà", "ngã", "ngân", "Mỹ", "mỹ", "thẩm", "Hoa", "Kỳ", "hòa", "hoà", "HÒA",
                "bình", "thủy", "thuỷ", "Thuỷ", "điện", "khỏe", "khoẻ", "KHỎE", "Nhà", "nhà", "Trắng", "trắng",
                "Trung", "Đông", "đông", "Dong", "IS", "is", "ISIS", "Iraq", "Baghdad", "Bát", "đa", "Bat", "da",
                "ba", "Ba", "BA", "F", "16", "35", "S", "400", "tên", "lửa", "Lửa", "Washington", "Post", "NATO",
                "straße", "STRASSE", "İstanbul", "istanbul", "ﬁnal", "final", "a_b", "x", "1.000", "Đ", "đ"]
GLUE = ["", "", "", ",", ".", "-", ":", "“", "”", "(", ")", "…", "'", "_", "\x00"]  # NUL: never in cleaned text
SPACES = [" ", " ", " ", "  ", "\u00a0", "\u2009", "\t", "\n", "-", "—"]
TRICKY_RULES = """
- id: x-ba
  title: Ba
  any: [ba ba, Ba Ba Ba, ba nhà ba]
- id: x-hoa
  title: Hòa
  any: [hòa bình, {phrase: HOA BINH, accents: ignore}, thuỷ điện]
  none: [{phrase: Nga, case_sensitive: true, accents: ignore}]
- id: x-cased
  title: Cased
  case_sensitive: true
  any: [Nhà Trắng, IS, {phrase: nga, case_sensitive: false}]
  min_hits: 2
- id: x-bare
  title: Bare
  accents: ignore
  all: [trung dong, ba]
  any: [Bat da, da, nha trang trang]
- id: x-fold
  title: Fold
  fields: [title, lead, body, source, authors, captions]
  any: [strasse, İstanbul, final, a_b, STRAẞE]
  regex: ['F-\\pN+', 'tên lửa [\\pL\\pN-]+', '(?i:ba)\\s+ba']
- id: x-child
  title: Child
  parent: x-fold
  fields: [captions, authors]
  any: [Nga, Đ, {phrase: đ, case_sensitive: true, accents: ignore}]
  regex: ['Washington\\s+Post']
"""


def tricky_text(rng: random.Random, words: int) -> str:
    parts = []
    for _ in range(words):
        word = rng.choice(TRICKY_WORDS)
        word = rng.choice([word, word, word.upper(), word.lower(), word.capitalize()])
        word = unicodedata.normalize(rng.choice(["NFC", "NFC", "NFD"]), word)
        parts.append(rng.choice(GLUE) + word + rng.choice(GLUE) + rng.choice(SPACES))
    return "".join(parts)


def tricky_articles(count: int) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    return [{"rel": f"t{n}", "title": tricky_text(rng, rng.randint(0, 8)), "lead": tricky_text(rng, rng.randint(0, 20)),
             "body": tuple(tricky_text(rng, rng.randint(1, 60)) for _ in range(rng.randint(0, 4))),
             "authors": tuple(tricky_text(rng, 2) for _ in range(rng.randint(0, 2))),
             "captions": tuple(tricky_text(rng, 6) for _ in range(rng.randint(0, 2))),
             "source": tricky_text(rng, 2) if rng.random() < 0.5 else None} for n in range(count)]


def bench_articles(data: str, count: int) -> tuple[str, list[dict[str, object]]]:
    sys.path.insert(0, str(HERE))
    from bench_tagging import make_data
    rules, made = make_data(data, 500, count, 1000)
    return rules, [{"rel": a.rel, "title": a.title, "lead": a.lead, "body": a.body} for a in made]


Case = tuple[str, str, bool, list[dict[str, object]]]  # name, rules YAML, with the sample rules, articles


def dump(cases: list[Case], explain: int) -> list[list[object]]:
    """Per case and article: topics, decisions and the `explain --format json` output, as plain data.

    Runs with whichever `digest` is first on sys.path, so the same function serves both engines.
    """
    from digest.model import CleanArticle, SourceKind
    from digest.topics import load_rules
    from digest.topics.explain import explain_article, explanation_json
    from digest.topics.tag import tag_article, tag_articles

    results = []
    for _, rules_yaml, with_samples, articles in cases:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "content" / "topics"
            folder.mkdir(parents=True)
            for sample in sorted((ROOT / "content" / "topics").glob("*.yaml")) if with_samples else ():
                (folder / sample.name).write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
            (folder / "zz-compared.yaml").write_text(rules_yaml, encoding="utf-8")
            rules = load_rules(Path(tmp), Path(tmp) / "content", fallback_id="khac", fallback_title="Khác")
        found = []
        for n, fields in enumerate(articles):
            article = CleanArticle(kind=SourceKind.TEXT, markup="", **fields)  # type: ignore[arg-type]
            tagging = tag_article(article, rules, [], article.rel)
            decisions = [(d.rule.topic.id, d.verdict.name, d.count, [p.text for p in d.missing],
                          [(h.ref.rule, h.ref.role.name, h.ref.index, h.where.name, h.count) for h in d.hits])
                         for d in tagging.decisions]
            shown = explanation_json(explain_article(article, rules, article.rel)) if n < explain else None
            (built,), _ = tag_articles([article], rules, [article.rel])  # the build's path
            found.append([tagging.topics, built, decisions, json.dumps(shown, ensure_ascii=False)])
        results.append(found)
    return results


def old_engine(ref: str, cases: list[Case], explain: int) -> list[list[object]]:
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "digest"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        (Path(tmp) / "in.pickle").write_bytes(pickle.dumps((cases, explain)))
        subprocess.run([sys.executable, __file__, "--child", str(tree), tmp], check=True)
        return pickle.loads((Path(tmp) / "out.pickle").read_bytes())


def main() -> int:
    if sys.argv[1:2] == ["--child"]:  # the earlier engine's side: its tree first on sys.path
        tree, tmp = sys.argv[2], Path(sys.argv[3])
        sys.path.insert(0, tree)
        cases, explain = pickle.loads((tmp / "in.pickle").read_bytes())
        (tmp / "out.pickle").write_bytes(pickle.dumps(dump(cases, explain)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default=DEFAULT_REF, help="commit holding the earlier engine")
    parser.add_argument("--articles", type=int, default=1500, help="benchmark articles per data set")
    parser.add_argument("--tricky", type=int, default=3000, help="random tricky articles")
    parser.add_argument("--explain", type=int, default=300, help="articles per data set whose explanation is compared")
    args = parser.parse_args()
    cases: list[Case] = []
    for data in ("realistic", "dense"):
        rules_yaml, articles = bench_articles(data, args.articles)
        cases.append((data, rules_yaml, False, articles))
    cases.append(("tricky", TRICKY_RULES, True, tricky_articles(args.tricky)))
    sys.path.insert(0, str(ROOT))  # this checkout's digest
    new = dump(cases, args.explain)
    old = old_engine(args.ref, cases, args.explain)
    differences = 0
    for (name, _, _, articles), old_found, new_found in zip(cases, old, new):
        wrong = [(a["rel"], o, n) for a, o, n in zip(articles, old_found, new_found) if o != n]
        tagged = sum(1 for o in old_found if o[0] != ("khac",))
        print(f"{name}: {len(articles)} articles ({tagged} with a topic, {min(args.explain, len(articles))} explained), "
              f"{len(wrong)} different")
        for rel, o, n in wrong[:SHOWN_DIFFERENCES]:
            print(f"  {rel}:\n    old {o}\n    new {n}")
        differences += len(wrong)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
