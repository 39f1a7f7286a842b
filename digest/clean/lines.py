"""Text -> Line records with the surface features the classifier needs.

Features are computed once per line and are independent of any language: word
counts, terminal punctuation, list bullets, dates, truncation marks, ASCII
folding. Everything here runs at C speed (regexes, `str.translate`): a page
has hundreds of lines and the cleaner must handle a thousand pages a second.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*[\"'”’»)\]]?\s*$")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|vn|info|io|co|uk|de|fr|news|tv)\b", re.I)
_BULLET = re.compile(r"^[-–—•·*▪►◦»›+]\s")
# A number shaped like a date or a time: 13/2, 01/10/2014, 14.3.07, 08:30, 2019-04-02.
_DATE_NUMBER = re.compile(r"\b\d{1,4}\s*[/.:-]\s*\d{1,2}\b|\b(?:1[89]|20)\d\d\b")

LONG_WORDS = 10  # a line of this many words can be a paragraph on its own
LONG_CHARS, LONG_MIN_WORDS = 60, 4  # ... or this long in scripts with long words
DATE_MAX_WORDS = 6  # "Thứ Sáu, 30/01/2026", "02 - Avril - 2019": a date line is short


def _ascii_table() -> dict[int, str]:
    """Latin letters with marks -> their base letter, for `str.translate` (đ -> d)."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base != chr(code):
            table[code] = base
    return table


_ASCII = _ascii_table()


def fold_words(text: str) -> str:
    """Lower-case ASCII words joined by single spaces: how a title's slug looks as image alt text."""
    return " ".join(_WORD.findall(text.translate(_ASCII).lower()))


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line in the source file
    text: str  # stripped
    tokens: tuple[str, ...]  # casefolded words
    ends_sentence: bool
    truncated: bool
    has_domain: bool
    bullet: bool  # starts with a list marker: "- ", "• "
    datelike: bool  # a short line carrying a date or a time: "13 March 2007", "01/10/2014, 08:30"
    folded: str  # see fold_words

    @property
    def words(self) -> int:
        return len(self.tokens)

    @property
    def is_long(self) -> bool:
        """Long enough to be a paragraph on its own, in any language."""
        return len(self.tokens) >= LONG_WORDS or (len(self.text) >= LONG_CHARS and len(self.tokens) >= LONG_MIN_WORDS)


def make_line(number: int, text: str) -> Line:
    tokens = tuple(_WORD.findall(text.casefold()))
    return Line(
        number=number,
        text=text,
        tokens=tokens,
        ends_sentence=bool(_SENTENCE_END.search(text)),
        truncated=bool(_TRUNCATED.search(text)),
        has_domain=bool(_DOMAIN.search(text)),
        bullet=bool(_BULLET.match(text)),
        datelike=len(tokens) <= DATE_MAX_WORDS and bool(_DATE_NUMBER.search(text)),
        folded=fold_words(text),
    )


def split_lines(text: str, first_line: int) -> list[Line]:
    """Non-blank lines only; blank lines carry no evidence a line number cannot give.

    Inner whitespace is kept as typed (a no-break space is the author's choice).
    """
    return [make_line(first_line + offset, raw.strip()) for offset, raw in enumerate(text.split("\n")) if raw.strip()]
