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

import bisect
import json
import re
from functools import lru_cache
from typing import Callable, Collection, Iterable

from digest.model import Article, CleanArticle
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


def _doc(article: Article) -> list[str]:
    clean = article.clean
    return [article.slug, clean.title, clean.date.strftime("%Y-%m-%d") if clean.date else ""]


class SearchIndex:
    """The index of one plan, kept by `serve` between updates.

    Encoding every shard again for a one-word edit was most of an update's
    time, so the postings stay in memory and `edit` re-encodes only the
    shards holding a word the edited articles gained or lost. `edit` is only
    for edits that keep the plan's order (see `plan.with_articles`): then no
    other article's number moves. Output is the same bytes a fresh index of
    the edited plan gives; the tests compare the two.
    """

    def __init__(self, plan: SitePlan, words: Callable[[CleanArticle], Collection[str]] = article_words) -> None:
        self._postings: dict[str, list[int]] = {}
        for number, article in enumerate(plan.articles):
            for word in words(article.clean):
                self._postings.setdefault(word, []).append(number)
        self._docs = [_doc(a) for a in plan.articles]
        self._numbers = {a.slug: n for n, a in enumerate(plan.articles)}
        self._digits = [_base36(n) for n in range(len(plan.articles))]  # every delta is an article number: look them up
        self._shards: dict[str, list[str]] = {}
        for word in self._postings:
            self._shards.setdefault(shard_of(word), []).append(word)

    def files(self) -> list[tuple[str, bytes]]:
        """Every file of the index."""
        return [(f"{SEARCH_DIR}/docs.json", _dump(self._docs))] + [self._shard_file(s) for s in sorted(self._shards)]

    def edit(self, edits: Iterable[tuple[Article, Collection[str], Collection[str]]]) -> list[tuple[str, bytes]]:
        """Take in edited articles, each with its words before and after the edit; the files that changed."""
        touched: set[str] = set()
        docs_changed = False
        for article, before, after in edits:
            number = self._numbers[article.slug]
            old, new = set(before), set(after)
            for word in old - new:
                numbers = self._postings[word]
                numbers.remove(number)
                if not numbers:
                    del self._postings[word]
                    self._shards[shard_of(word)].remove(word)
                    if not self._shards[shard_of(word)]:
                        del self._shards[shard_of(word)]  # a cold build has no file for it: the writer removes it
                touched.add(shard_of(word))
            for word in new - old:
                if word not in self._postings:
                    self._postings[word] = []
                    self._shards.setdefault(shard_of(word), []).append(word)
                bisect.insort(self._postings[word], number)
                touched.add(shard_of(word))
            doc = _doc(article)
            docs_changed |= doc != self._docs[number]
            self._docs[number] = doc
        changed = [(f"{SEARCH_DIR}/docs.json", _dump(self._docs))] if docs_changed else []
        return changed + [self._shard_file(shard) for shard in sorted(touched) if shard in self._shards]

    def outputs(self) -> list[str]:
        """The index's files as they stand."""
        return [f"{SEARCH_DIR}/docs.json"] + [f"{SEARCH_DIR}/words/{shard}.json" for shard in sorted(self._shards)]

    def _shard_file(self, shard: str) -> tuple[str, bytes]:
        """A shard's words with their postings delta-encoded in base 36."""
        digits = self._digits.__getitem__
        encoded = {}
        for word in self._shards[shard]:
            numbers = self._postings[word]
            deltas = [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:])]
            encoded[word] = ",".join(map(digits, deltas))
        return f"{SEARCH_DIR}/words/{shard}.json", _dump(encoded)
