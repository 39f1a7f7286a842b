"""Text -> Line records with the surface features the classifier needs.

Features are computed once per line and are independent of any language: word
counts, terminal punctuation, repetition, truncation marks, ASCII folding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.text import strip_accents

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*[\"'”’»)]?\s*$")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|vn|info|io|co|uk|de|fr|news|tv)\b", re.I)


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line in the source file
    text: str  # stripped
    words: int
    ends_sentence: bool
    truncated: bool
    has_domain: bool
    folded: str  # lower-case ASCII words joined by single spaces: compared with the title's slug

    @property
    def is_long(self) -> bool:
        """Long enough to be a paragraph on its own, in any language."""
        return self.words >= 10 or (len(self.text) >= 60 and self.words >= 4)


def fold_words(text: str) -> str:
    return " ".join(_WORD.findall(strip_accents(text).lower()))


def split_lines(text: str, first_line: int) -> list[Line]:
    """Non-blank lines only; blank lines carry no evidence a line number cannot give."""
    lines: list[Line] = []
    for offset, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if not stripped:
            continue
        lines.append(Line(
            number=first_line + offset,
            text=stripped,
            words=len(_WORD.findall(stripped)),
            ends_sentence=bool(_SENTENCE_END.search(stripped)),
            truncated=bool(_TRUNCATED.search(stripped)),
            has_domain=bool(_DOMAIN.search(stripped)),
            folded=fold_words(stripped),
        ))
    return lines
