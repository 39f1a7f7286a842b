"""SitePlan -> the files of the client-side search: a document list and a sharded word index.

Search must work on a static host (GitHub Pages) with Vietnamese typed with or
without diacritics, so the build writes its own index: every word of a title,
lead and body is folded (case, tone placement, then diacritics: "Hiệp" ->
"hiep"), and `static/search.js` folds the query the same way. The inverted
index is split into shards by the first two characters of a word and the
browser fetches only the shards its query needs, so a query over thousands of
articles downloads a small part of the index. Postings are article numbers in
the plan's newest-first order, delta-encoded in base 36.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Callable, Collection, Iterator

from digest.model import CleanArticle
from digest.render.plan import SitePlan
from digest.text import fold_key, strip_accents

SEARCH_DIR = "search"
_WORD = re.compile(r"\w+")
# A word with the combining marks search.js strips (U+0300-U+036F): folded as one piece.
_MARKED_WORD = re.compile(r"[\w\u0300-\u036f]+")
WORD_CACHE_SIZE = 1 << 16  # distinct words whose folded forms are remembered
_SHARD_CHARS = re.compile(r"[a-z0-9]{1,2}")
OTHER_SHARD = "_"  # words that do not start with two ASCII letters or digits after folding


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _bare_words(word: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(strip_accents(word)))


def search_words(text: str) -> set[str]:
    """The distinct folded words of `text`; each distinct word is folded once (articles share most words)."""
    return {bare for word in set(_MARKED_WORD.findall(fold_key(text))) for bare in _bare_words(word)}


def article_words(article: CleanArticle) -> Collection[str]:
    """The words an article is found by. `serve` keeps them per article: folding every text on each edit is slow."""
    return search_words("\n".join((article.title, article.lead, *article.body)))


def shard_of(word: str) -> str:
    """Must agree with `shardOf` in templates/static/search.js."""
    head = word[:2]
    return head if _SHARD_CHARS.fullmatch(head) else OTHER_SHARD


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def search_files(plan: SitePlan, *, words: Callable[[CleanArticle], Collection[str]] = article_words
                 ) -> Iterator[tuple[str, bytes]]:
    postings: dict[str, list[int]] = {}
    docs = []
    for number, article in enumerate(plan.articles):
        clean = article.clean
        for word in words(clean):
            postings.setdefault(word, []).append(number)
        docs.append([article.slug, clean.title, clean.date.strftime("%Y-%m-%d") if clean.date else ""])
    yield f"{SEARCH_DIR}/docs.json", _dump(docs)
    shards: dict[str, dict[str, str]] = {}
    digits = [_base36(n) for n in range(len(plan.articles))]  # every delta is an article number: look them up
    for word, numbers in postings.items():
        deltas = [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:])]
        shards.setdefault(shard_of(word), {})[word] = ",".join(map(digits.__getitem__, deltas))
    for shard in sorted(shards):
        yield f"{SEARCH_DIR}/words/{shard}.json", _dump(shards[shard])
