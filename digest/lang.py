"""Text -> words, and words -> the language they read as.

Shared by loading (does a candidate decoding read as a language?) and
cleaning (is a line running text?), so it belongs to neither package.

Running text is full of function words ("the", "của", "les"); menus, tag
clouds, names and comment signatures are not. jusText measured this on the
web at large, and its stoplists (about 100 languages, BSD licence, read from
the installed `justext` package, never copied into the engine) are the data.
The page's language is the stoplist that covers most of its words, so no
language is assumed.

Words are `\\w+` runs of casefolded text, kept as UTF-8 bytes: splitting bytes
makes each word without scanning its characters for the widest one, as a `str`
must, and a page's thousand words are the cleaner's largest count of objects.
Splitting on whitespace after turning ASCII punctuation into spaces
gives exactly those runs whenever every piece is alphanumeric, at a fraction
of a regex's cost per word; only the lines holding other punctuation (curly
quotes, dashes) go through the regex.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Sequence

SAMPLE_WORDS = 400  # words sampled from a page to guess its language: enough to separate close languages
DIRECT_PAGES = 40  # pages a process guesses before it builds the index (see _Guesses)
MIN_COVERAGE = 0.12  # below this share of stopwords no stoplist fits the page (an unknown language)
# One language's hit count in a packed counter never exceeds SAMPLE_WORDS (< 2**16): 16-bit fields, read back
# all at once as an array of unsigned shorts.
_FIELD_BITS = 16

_WORD = re.compile(r"\w+")
# ASCII bytes that are neither word characters nor whitespace `bytes.split` splits at -> space (UTF-8 keeps
# non-ASCII letters intact).
_NOT_IN_WORDS = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c) == "_" or bytes([c]).isspace()))
_ASCII_PUNCTUATION = bytes.maketrans(_NOT_IN_WORDS, b" " * len(_NOT_IN_WORDS))
# Non-ASCII punctuation common on news pages and the no-break spaces `bytes.split` would not split at,
# blanked before encoding so that their lines skip the regex.
_BLANKED = "’“”«»•–—…„‚‘¿¡·‹›\xa0\u2009\u202f"
# Once ASCII punctuation is blanked, the ASCII left (letters, digits, "_", whitespace) splits into `\\w+` words
# as it is: only the other characters need checking.
_ASCII = bytes(range(128))
_UTF8 = "utf-8"
_LONE_SURROGATES = "surrogatepass"  # undecodable bytes kept by "surrogateescape" survive the round trip


@dataclass(frozen=True, slots=True)
class Stoplist:
    language: str  # the jusText file's name: "Vietnamese", "French"; "" when unknown
    words: frozenset[bytes]  # UTF-8, casefolded


NO_STOPLIST = Stoplist("", frozenset())


def encode_word(word: str) -> bytes:
    return word.encode(_UTF8, _LONE_SURROGATES)


def decode_word(word: bytes) -> str:
    return word.decode(_UTF8, _LONE_SURROGATES)


def word_text(text: str) -> bytes:
    """`text` casefolded, as UTF-8 with punctuation blanked: split it at whitespace when `splits_into_words`."""
    text = text.casefold()
    for mark in _BLANKED:
        if mark in text:
            text = text.replace(mark, " ")
    return encode_word(text).translate(_ASCII_PUNCTUATION)


def word_lines(text: str) -> list[bytes]:
    """`word_text` split at "\\n": pass each line to `line_words`."""
    return word_text(text).split(b"\n")


def splits_into_words(word_line: bytes) -> bool:
    """Whether splitting at whitespace gives the `\\w+` words: no character beyond ASCII but alphanumerics."""
    rest = word_line.translate(None, _ASCII)
    return not rest or decode_word(rest).isalnum()


def line_words(word_line: bytes) -> list[bytes]:
    """The casefolded `\\w+` words of one line of `word_lines`."""
    if splits_into_words(word_line):
        return word_line.split()
    return [encode_word(w) for w in _WORD.findall(decode_word(word_line))]


def split_words(word_lines: list[bytes]) -> list[list[bytes]]:
    """`line_words` of many lines: when every line splits into words (most pages), one check of the whole
    text replaces a check per line."""
    if splits_into_words(b"".join(word_lines)):
        return list(map(bytes.split, word_lines))
    return list(map(line_words, word_lines))


def words(text: str) -> list[bytes]:
    """The casefolded `\\w+` words of `text`, as UTF-8."""
    return [w for line in word_lines(text) for w in line_words(line)]


def _stoplist_dir() -> Path | None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    return folder if folder.is_dir() else None


@cache
def _stoplists() -> tuple[Stoplist, ...]:
    """Every stoplist (35 ms to read): a word per line, which `split` reads at C speed (a line holding a space
    could never match a `\\w+` word)."""
    folder = _stoplist_dir()
    return tuple(Stoplist(path.stem, frozenset(path.read_text(encoding=_UTF8).casefold().encode(_UTF8).split()))
                 for path in (sorted(folder.glob("*.txt")) if folder else ()))


@cache
def _index() -> dict[bytes, int]:
    """An index word -> a packed counter with a 1 in the field of each stoplist holding it.

    Counting a sample's hits for a hundred languages is then one sum of integers (one per word), and
    each language's count is read from its field of the total. Words found in the same stoplists
    share one counter object (`joined` maps a counter and the next stoplist to the counter with that
    field added): 2,400 counters instead of 154,000 take 19 MB less memory, and a page's lookups,
    which wait on memory more than on the CPU, miss the cache a third less often. Only the words of
    several stoplists go through Python: 100 ms to build.
    """
    index: dict[bytes, int] = {}
    joined: dict[tuple[int, int], int] = {}  # (id of a shared counter, stoplist) -> shared counter
    seen: set[bytes] = set()  # the index's words, as a set: intersecting two sets walks the smaller one
    for number, stoplist in enumerate(_stoplists()):
        field = 1 << (_FIELD_BITS * number)
        shared = stoplist.words & seen  # words of earlier stoplists too: only their counters are recomputed
        index.update(dict.fromkeys(stoplist.words - shared, field))  # the others, most words, in one C call
        seen |= stoplist.words
        for word in shared:
            counter = index[word]
            key = (id(counter), number)
            index[word] = joined[key] if key in joined else joined.setdefault(key, counter | field)
    return index


class _Guesses:
    """How many pages this process may still guess without the index.

    Counting a sample in each stoplist in turn takes about 2 ms a page, against 0.1 ms with the index,
    which takes 100 ms to build: a process that guesses only a few pages (a build after editing one
    article, `digest clean FILE`) is faster without it.
    """

    direct_left = DIRECT_PAGES


def prepare_language_guess(pages: int) -> None:
    """Build the index now if `pages` pages are to be guessed: before forking workers, so that they share it."""
    if pages > _Guesses.direct_left:
        _index()


def _hit_counts(sample: list[bytes], lists: tuple[Stoplist, ...]) -> Sequence[int]:
    """How many words of `sample` each stoplist holds."""
    if _Guesses.direct_left and not _index.cache_info().currsize:
        _Guesses.direct_left -= 1
        return [sum(map(stoplist.words.__contains__, sample)) for stoplist in lists]
    # Words in no stoplist are skipped, not added as 0: every addition copies the whole packed total.
    total = sum(filter(None, map(_index().get, sample)))
    hits = array("H", total.to_bytes(2 * len(lists), "little"))
    if sys.byteorder == "big":
        hits.byteswap()
    return hits


def detect_stoplist(words: list[bytes]) -> Stoplist:
    """The stoplist covering most of the first SAMPLE_WORDS `words` (casefolded), or NO_STOPLIST."""
    lists = _stoplists()
    sample = words[:SAMPLE_WORDS]
    if not sample or not lists:
        return NO_STOPLIST
    hits = _hit_counts(sample, lists)
    count = max(hits)
    if not count:
        return NO_STOPLIST
    # Ties go to the smaller list: a short list matching as much is the more specific fit.
    best = min((i for i, n in enumerate(hits) if n == count), key=lambda i: (len(lists[i].words), i))
    return lists[best] if count / len(sample) >= MIN_COVERAGE else NO_STOPLIST


def stoplist_for(language: str) -> Stoplist:
    """One language's stoplist by its jusText name ("Vietnamese"), or NO_STOPLIST."""
    return next((s for s in _stoplists() if s.language == language), NO_STOPLIST)


def stopword_count(words: list[bytes], stoplist: Stoplist) -> int:
    return sum(map(stoplist.words.__contains__, words))


def stopword_share(words: list[bytes], stoplist: Stoplist) -> float:
    """Share of `words` (casefolded) in `stoplist`: how much a text reads as that language."""
    return stopword_count(words, stoplist) / len(words) if words else 0.0
