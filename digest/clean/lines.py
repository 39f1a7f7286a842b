"""Text -> Line records with the surface features the classifier needs.

Features are computed once per line and are independent of any language: word
counts, terminal punctuation, list bullets, dates, truncation marks, stopword
density in the page's language. The cleaner must handle a thousand pages a
second, so the per-line work is string methods and set lookups; regexes only
run on the few short lines where they can matter (dates, web addresses), and
a line's words are kept only near the top of the page, where the title is
looked for (a 10 MB dump must not hold a word object per word).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, islice
from typing import NamedTuple

from digest.lang import NO_STOPLIST, SAMPLE_WORDS, Stoplist, detect_stoplist, split_words, word_lines

_WORD = re.compile(r"\w+")
_SENTENCE_END = frozenset(".!?…:;\"'”’»)]")
_CLOSING = frozenset("\"'”’»)]")  # may follow a truncation mark: `... "`
_BULLETS = frozenset("-–—•·*▪►◦»›+")
_TLD = re.compile(r"\.(?:com|net|org|vn|info|io|co|uk|de|fr|news|tv)\b", re.I)
# A number shaped like a date or a time: 13/2, 01/10/2014, 14.3.07, 08:30, 2019-04-02.
_DATE_NUMBER = re.compile(r"\b\d{1,4}\s*[/.:-]\s*\d{1,2}\b|\b(?:1[89]|20)\d\d\b")

LONG_WORDS = 10  # a line of this many words can be a paragraph on its own
LONG_CHARS, LONG_MIN_WORDS = 60, 4  # ... or this long in scripts with long words
DATE_MAX_WORDS = 6  # "Thứ Sáu, 30/01/2026", "02 - Avril - 2019": a date line is short
MIN_STOPWORD_DENSITY = 0.12  # running text in any jusText language is at least this dense in stopwords
WORDS_KEPT_LINES = 500  # the title is looked for among the first lines; their words are kept for it
CHUNK_LINES = 2000  # lines read at once: the language sample comes from the first chunk


def _ascii_table() -> dict[int, int | str]:
    """Latin letters with marks -> their base letter, for `str.translate` (đ -> d).

    Every other character of those blocks, ASCII and general punctuation map to themselves:
    `str.translate` handles a character missing from the table by raising and catching an exception,
    which made folding a title three times slower.
    """
    table: dict[int, int | str] = {code: code for code in chain(range(0x250), range(0x1E00, 0x2070))}
    table |= {ord("đ"): "d", ord("Đ"): "D"}
    for code in chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base != chr(code):
            table[code] = base
    return table


_ASCII = _ascii_table()


def fold_words(text: str) -> str:
    """Lower-case ASCII words joined by single spaces: how a title's slug looks as image alt text."""
    return " ".join(_WORD.findall(text.translate(_ASCII).lower()))


class Line(NamedTuple):
    """One non-blank line and its features. Immutable like the stage dataclasses, but a NamedTuple:
    a dump has thousands of lines and a tuple is several times cheaper to build."""

    number: int  # 1-based line in the source file
    text: str  # stripped
    words: int  # `\w+` words
    is_long: bool  # long enough to be a paragraph on its own, in any language
    dense: bool  # long, and as dense in stopwords as running text in the page's language (always, when it is unknown)
    ends_sentence: bool
    truncated: bool  # cut off with "..." or "…"
    bullet: bool  # starts with a list marker: "- ", "• "
    datelike: bool  # a short line carrying a date or a time: "13 March 2007", "01/10/2014, 08:30"

    @property
    def has_domain(self) -> bool:
        """Names a web address (`example.com`); computed on demand, it only matters on short lines."""
        return any(m.start() and (self.text[m.start() - 1].isalnum() or self.text[m.start() - 1] in "_-")
                   for m in _TLD.finditer(self.text))


_new_line = partial(tuple.__new__, Line)


@dataclass(frozen=True, slots=True)
class Page:
    lines: tuple[Line, ...]  # the non-blank lines
    head_words: tuple[list[bytes], ...]  # casefolded UTF-8 words of the first WORDS_KEPT_LINES lines (read only)
    stoplist: Stoplist  # the page's language


def _truncated(text: str) -> bool:
    if text[-1] in _CLOSING:
        text = text[:-1].rstrip()
    return text.endswith(("...", "…"))


def read_page(text: str, first_line: int) -> Page:
    """Non-blank lines with their features; blank lines carry no evidence a line number cannot give.

    Inner whitespace is kept as typed (a no-break space is the author's choice). The page's language
    is guessed from the first SAMPLE_WORDS words of long lines in its first CHUNK_LINES lines. Lines
    are read a chunk at a time and each feature a column at a time (one comprehension per feature):
    that keeps the per-line cost low and the memory of a huge dump bounded.
    """
    raw = text.split("\n")
    lines: list[Line] = []
    head: list[list[bytes]] = []
    stoplist: Stoplist | None = None
    for start in range(0, len(raw), CHUNK_LINES):
        chunk = raw[start:start + CHUNK_LINES]
        stripped = list(map(str.strip, chunk))
        numbers = list(compress(range(first_line + start, first_line + start + len(chunk)), stripped))
        folded = list(compress(word_lines("\n".join(chunk)), stripped))
        texts = list(filter(None, stripped))
        tokens = split_words(folded)
        counts = list(map(len, tokens))
        # Long enough to be a paragraph on its own, in any script.
        longs = [count >= LONG_WORDS or (count >= LONG_MIN_WORDS and len(t) >= LONG_CHARS)
                 for t, count in zip(texts, counts)]
        if stoplist is None:
            stoplist = detect_stoplist(list(islice(chain.from_iterable(compress(tokens, longs)), SAMPLE_WORDS)))
        stop = stoplist.words.__contains__
        # Density only matters for a line long enough to be a paragraph; short lines skip the count.
        dense = [long and (not stoplist.words or sum(map(stop, words)) >= MIN_STOPWORD_DENSITY * count)
                 for words, count, long in zip(tokens, counts, longs)]
        ends = [t[-1] in _SENTENCE_END for t in texts]
        truncated = [t.endswith(("...", "…")) or (t[-1] in _CLOSING and _truncated(t)) for t in texts]
        bullets = [t[0] in _BULLETS and t[1:2].isspace() for t in texts]
        datelike = [count <= DATE_MAX_WORDS and _DATE_NUMBER.search(t) is not None for t, count in zip(texts, counts)]
        # tuple.__new__ builds each Line in C (NamedTuple's own __new__ is a Python call per line).
        lines.extend(map(_new_line, zip(numbers, texts, counts, longs, dense, ends, truncated, bullets, datelike)))
        head.extend(tokens[:WORDS_KEPT_LINES - len(head)])
    return Page(tuple(lines), tuple(head), stoplist or NO_STOPLIST)
