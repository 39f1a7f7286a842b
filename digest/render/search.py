"""SitePlan -> the files of the client-side search: a document list and a sharded word index.

Search must work on a static host (GitHub Pages) with Vietnamese typed with or
without diacritics, so the build writes its own index: every word of a title,
lead and body is folded (case, tone placement, then diacritics: "Hiệp" ->
"hiep"), and `static/search.js` folds the query the same way. The inverted
index is split into shards by the first two characters of a word and the
browser fetches only the shards its query needs, so a query over thousands of
articles downloads a small part of the index. Articles are numbered oldest
first (the reverse of the plan's order): an added article is most often the
newest, and then numbering it after all the others leaves their numbers as
they were. A word's postings are listed newest first, in base 36: the first
is an article's number, each next one how far below the one before it is. So
adding the newest article puts a number in front of each of its words' lists
and changes only the one after it, where listing them oldest first made the
edit add up every list to find where it ends (0.4 s of adding one article at
10,000 articles).
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from functools import lru_cache
from itertools import accumulate, chain, repeat
from operator import sub
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence

from digest.lang import decode_word, encode_word, splits_into_words, word_text
from digest.model import Article, CleanArticle
from digest.render.plan import SitePlan, places
from digest.render.splice import swap_once
from digest.text import strip_accents

SEARCH_DIR = "search"
_WORD = re.compile(r"\w+")
# A word with the combining marks search.js strips (U+0300-U+036F): folded as one piece.
_MARKED_WORD = re.compile(r"[\w\u0300-\u036f]+")
WORD_CACHE_SIZE = 1 << 16  # distinct words whose folded forms are remembered
PIECE_CACHE_SIZE = 1 << 16  # distinct pieces of text between whitespace whose words are remembered
_SHARD_CHARS = re.compile(r"[a-z0-9]{1,2}")
OTHER_SHARD = "_"  # words that do not start with two ASCII letters or digits after folding


_FOLDED: dict[bytes, tuple[str, ...]] = {}  # a casefolded word (UTF-8) -> its folded words; see `_folded`


def _folded(words: set[bytes]) -> set[str]:
    """The folded forms of distinct casefolded words: each word is folded once per process, as articles share most
    words, and looked up in a plain dict (an `lru_cache` costs more per hit than the fold saves)."""
    known = _FOLDED
    new = words.difference(known)
    if new:
        if len(known) + len(new) > WORD_CACHE_SIZE:
            known.clear()
            new = words
        for word in new:
            known[word] = tuple(_WORD.findall(strip_accents(decode_word(word))))
    return set(chain.from_iterable(map(known.__getitem__, words)))


def search_words(text: str) -> set[str]:
    """The distinct folded words of `text`.

    Only case is folded before splitting, not the tone-mark placement as `fold_key` also does: stripping
    accents drops every mark wherever it stands (`hòa` and `hoà` both give `hoa`). Most texts split at
    whitespace once punctuation is blanked (`lang.word_text`), as the cleaner's words do, instead of running
    a regex over every character; a text with other characters, combining marks among them, is split by the
    regex that keeps marks in words.
    """
    text = unicodedata.normalize("NFC", text)
    blanked = word_text(text)
    if splits_into_words(blanked):
        return _folded(set(blanked.split()))
    return _folded({encode_word(word) for word in _MARKED_WORD.findall(text.casefold())})


class _PieceWords(dict[str, tuple[str, ...]]):
    """A piece of text between whitespace -> its folded words (`search_words`), worked out on its first lookup.

    Articles share most pieces ("Nga", "Nga,", "(Nga)"), so an article's words are its pieces looked up here
    (in C: no Python per known piece): two thirds of the time of folding its whole text. No word spans
    whitespace, and NFC composes nothing across it, so the pieces' words are the text's words.
    """

    def __missing__(self, piece: str) -> tuple[str, ...]:
        if len(self) >= PIECE_CACHE_SIZE:
            self.clear()
        words = self[piece] = tuple(sorted(search_words(piece)))  # a set's order is the process's hash order
        return words


_PIECES = _PieceWords()


def article_words(article: CleanArticle) -> Collection[str]:
    """The words an article is found by (those of `search_words`). `serve` keeps them per article: folding every
    text on each edit is slow. In the order the text first has them: the same in every process, as the cache
    keeps them, without sorting them (a tenth of the time)."""
    text = "\n".join((article.title, article.lead, article.body_text))
    return dict.fromkeys(chain.from_iterable(map(_PIECES.__getitem__, text.split()))).keys()


def shard_of(word: str) -> str:
    """Must agree with `shardOf` in templates/static/search.js."""
    head = word[:2]
    return head if _SHARD_CHARS.fullmatch(head) else OTHER_SHARD


@lru_cache(maxsize=1 << 17)  # deltas are article numbers: the same few thousand recur
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


def search_entry(slug: str, clean: CleanArticle) -> list[str]:
    """An article's entry in the index's document list: its address, title and day."""
    return [slug, clean.title, clean.date.strftime("%Y-%m-%d") if clean.date else ""]


def _encode(numbers: Sequence[int]) -> str:
    """Article numbers (descending) as the first one and then the steps down; `map` all the way, as a whole index
    encodes every word's thousands of postings."""
    return ",".join(map(_base36, chain(numbers[:1], map(sub, numbers, numbers[1:]))))


def _decode(encoded: str) -> list[int]:
    return list(accumulate(map(int, encoded.split(","), repeat(36)), sub))


def _edited_postings(encoded: str, gained: Collection[int], lost: Collection[int]) -> str:
    """A word's encoded postings with the article numbers `gained` added and `lost` taken out.

    Numbers that all come before the list's first (the newest articles, added) are put in front of it: only the
    step to its first number is new, and the rest of the list is kept as it is, not decoded.
    """
    head, comma, rest = encoded.partition(",")
    first = int(head, 36)
    if gained and not lost and min(gained) > first:
        top = sorted(gained, reverse=True)
        return f"{_encode(top)},{_base36(top[-1] - first)}{comma}{rest}"
    return _encode(sorted((set(_decode(encoded)) | set(gained)) - set(lost), reverse=True))


def _shard_path(shard: str) -> str:
    return f"{SEARCH_DIR}/words/{shard}.json"


DOCS = f"{SEARCH_DIR}/docs.json"


def _last_docs(read: Callable[[str], bytes | None]) -> list[list[str]] | None:
    last = read(DOCS)
    return json.loads(last) if last is not None else None


def _edited_docs(last: bytes | None, entries: list[tuple[list[str], list[str]]]) -> bytes | None:
    """The last document list with each changed entry swapped in its bytes; None unless each last entry is
    there exactly once. The list encodes as its entries joined, so this is `_dump` of the edited list: reading
    and encoding the 10,000 entries took 40 ms of an edit of one article's title."""
    return None if last is None else swap_once(last, ((_dump(was), _dump(now)) for was, now in entries))


def search_files(plan: SitePlan, *, words: Callable[[CleanArticle], Collection[str]] = article_words
                 ) -> Iterator[tuple[str, bytes]]:
    """Every file of the index, one at a time: a caller that writes each before asking for the next holds the
    postings and one shard, not the whole index as text and as bytes besides (at 50,000 articles of the
    benchmark's corpus, about 40 MB each). Postings are built as 4-byte arrays: as lists of ints they were the
    largest transient of a big build (about 100 MB at 50,000 articles)."""
    postings: dict[str, array[int]] = {}
    for number, article in enumerate(reversed(plan.articles)):
        for word in words(article.clean):
            found = postings.get(word)
            if found is None:
                found = postings[word] = array("i")
            found.append(number)
    yield DOCS, _dump([search_entry(a.slug, a.clean) for a in reversed(plan.articles)])
    shards: dict[str, list[str]] = {}
    for word in postings:
        shards.setdefault(shard_of(word), []).append(word)
    for shard in sorted(shards):
        yield _shard_path(shard), _dump({word: _encode(postings.pop(word)[::-1]) for word in shards.pop(shard)})


def edit_search_files(plan: SitePlan, edits: Iterable[tuple[Article, Collection[str] | None, Collection[str]]],
                      read: Callable[[str], bytes | None], *, renamed: Mapping[str, str] | None = None,
                      last_entry: Callable[[Article], list[str] | None] | None = None
                      ) -> tuple[list[tuple[str, bytes]], set[str]] | None:
    """The index files an edit changes, made from the last build's files (`read`), and the files it empties.

    For edited and added articles, each with the words the last index held at
    its number (None past the last index's end) and its words now, when no article moved in
    the numbering (the last `docs.json` says so, with the `renamed` slugs,
    old -> new, in their old place) and every added article is numbered after
    them: None otherwise, and the index must be made whole. Only the shards
    holding a word an article gained or lost are read and written again:
    encoding the whole index was most of a one-article edit's time at 10,000
    articles. The bytes are those `search_files` gives for the edited plan;
    the tests compare them.

    `last_entry` is given when every file of the plan keeps its place, so the
    numbering holds: the entry the last document list holds at an edited
    article's number (`search_entry`). The list is then neither parsed nor
    checked (a fifth of an edit of one article's text at 10,000 articles), and
    an entry that changed is swapped in its bytes (`_edited_docs`).
    """
    ordered = plan.articles[::-1]  # in their numbers' order, as `search_files` numbers them
    edits = list(edits)
    docs: list[list[str]] | None = None
    if last_entry is None:
        docs = _last_docs(read)
        renamed = renamed or {}
        if docs is None or len(docs) > len(ordered) or any(
                doc[0] != a.slug and renamed.get(doc[0]) != a.slug for doc, a in zip(docs, ordered)):
            return None
        indexed = len(docs)  # the articles numbered from here on are not in the last index: they must all be edits
        docs.extend([] for _ in ordered[indexed:])
    else:
        indexed = len(ordered)
    place = places(plan)
    changed: list[tuple[int, list[str], list[str]]] = []  # (number, last, new) of the entries an edit changed
    gained: dict[str, dict[str, list[int]]] = {}  # shard -> word -> article numbers that gained it
    lost: dict[str, dict[str, list[int]]] = {}
    added = 0
    for article, before, after in edits:
        number = len(ordered) - 1 - place[id(article)]
        if (before is None) != (number >= indexed):
            return None  # an article the last index held, words unknown, or one it did not hold, out of place
        added += before is None
        old, new = set(before or ()), set(after)
        for word in new - old:
            gained.setdefault(shard_of(word), {}).setdefault(word, []).append(number)
        for word in old - new:
            lost.setdefault(shard_of(word), {}).setdefault(word, []).append(number)
        entry = search_entry(article.slug, article.clean)
        was = docs[number] if docs is not None else last_entry(article)  # type: ignore[misc]
        if was is None:
            return None
        if was != entry:
            changed.append((number, was, entry))
    if added != len(ordered) - indexed:
        return None  # an added article whose words were not given
    # Written only when an entry changed: an edit of an article's text leaves its slug, title and date as they
    # were. The parsed list is encoded again; else the changed entries are swapped in the last list's bytes.
    files = []
    if changed and docs is not None:
        for number, _, entry in changed:
            docs[number] = entry
        files.append((DOCS, _dump(docs)))
    elif changed:
        edited = _edited_docs(read(DOCS), [(was, entry) for _, was, entry in changed])
        if edited is None:
            return None
        files.append((DOCS, edited))
    emptied = set()
    for shard in sorted(gained.keys() | lost.keys()):
        raw = read(_shard_path(shard))
        words: dict[str, str] = json.loads(raw) if raw is not None else {}
        for word in gained.get(shard, {}).keys() | lost.get(shard, {}).keys():
            plus, minus = gained.get(shard, {}).get(word, ()), lost.get(shard, {}).get(word, ())
            words[word] = _edited_postings(words[word], plus, minus) if word in words \
                else _encode(sorted(plus, reverse=True))
            if not words[word]:
                del words[word]
        if words:
            files.append((_shard_path(shard), _dump(words)))
        else:
            emptied.add(_shard_path(shard))
    return files, emptied
