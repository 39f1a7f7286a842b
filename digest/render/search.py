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
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, chain, islice, repeat
from operator import neg, sub
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
# The share of the last index's articles an edit may renumber; past it, the index is made whole. Renumbering
# decodes every list as far as the oldest article renumbered, in the process that plans, while a whole index is
# made beside the pages: at 10,000 articles, adding one dated among the newest twentieth took about 0.5 s less
# than making it whole, one a quarter of the way down 0.2 to 0.4 s less, and one past the middle no less.
MAX_RENUMBERED = 1 / 3
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


_GLANCE = 32  # postings decoded first, then eight times as many each time: edits are mostly near a list's front


def _cut(encoded: str, stop: int) -> tuple[list[int], int | None, str]:
    """A word's encoded postings split at their first number below `stop`: the numbers before it, that number (None
    when every number is at least `stop`), and the steps after it as they are encoded. The list is decoded only
    about as far as the cut: an edit of the newest articles reads the first steps of each list, not its thousands."""
    steps: list[str] = []
    numbers: list[int] = []
    rest: str | None = encoded
    glance = _GLANCE
    while rest is not None and (not numbers or numbers[-1] >= stop):
        more = rest.split(",", glance)
        rest = more.pop() if len(more) > glance else None
        if numbers:  # on from the last number decoded
            numbers += islice(accumulate(map(int, more, repeat(36)), sub, initial=numbers[-1]), 1, None)
        else:
            numbers += accumulate(map(int, more, repeat(36)), sub)
        steps += more
        glance *= 8
    at = bisect_right(numbers, -stop, key=neg)
    if at == len(numbers):
        return numbers, None, ""
    after = steps[at + 1:] + ([rest] if rest is not None else [])
    return numbers[:at], numbers[at], ",".join(after)


def _edited_postings(encoded: str, gained: Collection[int], lost: Collection[int],
                     renumbered: Sequence[int] | None = None, low: int = 0) -> str:
    """A word's encoded postings with the article numbers `gained` added and `lost` taken out (new numbers), and,
    given `renumbered` (the new number of each last one), each number from `low` up renumbered."""
    stop = min(chain(gained, lost, (low,) if renumbered is not None else ()), default=0)
    top, below, after = _cut(encoded, stop)
    kept = set(map(renumbered.__getitem__, top)) if renumbered is not None else set(top)
    numbers = sorted((kept | set(gained)) - set(lost), reverse=True)
    if below is None:
        return _encode(numbers)
    head = f"{_encode(numbers)},{_base36(numbers[-1] - below)}" if numbers else _base36(below)
    return f"{head},{after}" if after else head


_SHARDS = f"{SEARCH_DIR}/words/"


def _shard_path(shard: str) -> str:
    return f"{_SHARDS}{shard}.json"


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
                      last_entry: Callable[[Article], list[str] | None] | None = None, files: Collection[str] = (),
                      most_renumbered: float = MAX_RENUMBERED) -> tuple[list[tuple[str, bytes]], set[str]] | None:
    """The index files an edit changes, made from the last build's files (`read`), and the files it empties.

    For edited and added articles, each with the words the last index held
    for it (None for one it did not hold) and its words now. Only the shards
    holding a word an article gained or lost are read and written again:
    encoding the whole index was most of a one-article edit's time at 10,000
    articles. The bytes are those `search_files` gives for the edited plan;
    the tests compare them. None when the edit cannot be made: the index must
    then be made whole.

    Without `last_entry`, the last `docs.json` says where the last index
    numbered each article (by slug, with the `renamed` slugs, old -> new). An
    article added or moved among the others gives new numbers to those after
    it, and every list holding one of those numbers changes at its front,
    so every shard of the last index (`files`) is read and written again:
    faster than making the index whole, which goes through every article's
    words, while they are few (`most_renumbered`). An article the last index
    held and the plan does not (a deleted one) makes the index whole.

    `last_entry` is given when every file of the plan keeps its place, so the
    numbering holds: the entry the last document list holds at an edited
    article's number (`search_entry`). The list is then neither parsed nor
    checked (a fifth of an edit of one article's text at 10,000 articles), and
    an entry that changed is swapped in its bytes (`_edited_docs`).
    """
    ordered = plan.articles[::-1]  # in their numbers' order, as `search_files` numbers them
    place = places(plan)
    renumbered: list[int] | None = None  # the new number of each article the last index held
    last: list[list[str]] | None = None
    docs: list[list[str] | None] | None = None  # the new document list, from the last one
    if last_entry is None:
        last = _last_docs(read)
        renumbered = _renumbering(last, ordered, renamed or {}) if last is not None else None
        if last is None or renumbered is None:
            return None
        docs = [None] * len(ordered)
        for entry, number in zip(last, renumbered):
            docs[number] = entry
    held = len(renumbered) if renumbered is not None else len(ordered)  # articles the last index numbered
    low = next((old for old, new in enumerate(renumbered or ()) if old != new), held)  # the first renumbered
    moved = held - low  # articles of the last index renumbered
    every = {out[len(_SHARDS):-len(".json")] for out in files if out.startswith(_SHARDS) and out.endswith(".json")
             } if moved else set()
    if moved > most_renumbered * held or (moved and not every):
        return None  # known before the edits' words are compared, the document list encoded or a shard read
    changed: list[tuple[list[str], list[str]]] = []  # (last, new) of the entries an edit changed, `last_entry`'s way
    gained: dict[str, dict[str, list[int]]] = {}  # shard -> word -> article numbers that gained it
    lost: dict[str, dict[str, list[int]]] = {}
    for article, before, after in edits:
        number = len(ordered) - 1 - place[id(article)]
        entry = search_entry(article.slug, article.clean)
        if docs is not None:
            if (before is None) != (docs[number] is None):
                return None  # words not known for an article the last index held, or known for one it did not
            docs[number] = entry
        elif before is None:
            return None  # the numbering holds: every article was there
        elif (was := last_entry(article)) is None:  # type: ignore[misc]
            return None
        elif was != entry:
            changed.append((was, entry))
        old, new = set(before or ()), set(after)
        for word in new - old:
            gained.setdefault(shard_of(word), {}).setdefault(word, []).append(number)
        for word in old - new:
            lost.setdefault(shard_of(word), {}).setdefault(word, []).append(number)
    written = []
    if docs is not None:
        if None in docs:
            return None  # an added article whose words were not given
        if docs != last:
            written.append((DOCS, _dump(docs)))
    elif changed:  # written only when an entry changed: an edit of an article's text leaves its entry as it was
        edited = _edited_docs(read(DOCS), changed)
        if edited is None:
            return None
        written.append((DOCS, edited))
    shards = gained.keys() | lost.keys() | every
    emptied = set()
    for shard in sorted(shards):
        raw = read(_shard_path(shard))
        words: dict[str, str] = json.loads(raw) if raw is not None else {}
        plus, minus = gained.get(shard, {}), lost.get(shard, {})
        edited_words = plus.keys() | minus.keys()
        if moved:  # lists whose newest number is renumbered
            edited_words |= {word for word, encoded in words.items() if int(encoded.partition(",")[0], 36) >= low}
        for word in edited_words:
            encoded = words.get(word)
            now = _edited_postings(encoded, plus.get(word, ()), minus.get(word, ()), renumbered, low) if encoded \
                else _encode(sorted(plus.get(word, ()), reverse=True))
            if now:
                words[word] = now
            else:
                words.pop(word, None)
        if words:
            written.append((_shard_path(shard), _dump(words)))
        else:
            emptied.add(_shard_path(shard))
    return written, emptied


def _renumbering(last: list[list[str]], ordered: Sequence[Article], renamed: Mapping[str, str]) -> list[int] | None:
    """The number the plan gives each article of the last document list; None when one is gone, or the list is
    not one a build wrote."""
    number = {article.slug: n for n, article in enumerate(ordered)}
    try:
        numbers = [number[renamed.get(entry[0], entry[0])] for entry in last]
    except (KeyError, TypeError, IndexError):
        return None
    return numbers if len(set(numbers)) == len(numbers) else None
