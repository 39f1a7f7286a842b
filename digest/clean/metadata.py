"""Bylines, agency credits, captions and outlet marks: the parts of a dump that
are about the article rather than of it.

Patterns are shapes, not phrases: "Name (word AGENCY)", "(word: who)" at the end
of a caption, an upper-case mark before the lead's first sentence. The words
that introduce a credit live in data/credit_words.txt, one language per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

MAX_BYLINE_WORDS = 12
MAX_NAME_WORDS = 5
MAX_READ_MORE_WORDS = 25  # a linked headline after the label; longer lines are paragraphs


@cache
def _word_list(name: str) -> tuple[str, ...]:
    """A data file's phrases, longest first so a regex alternation prefers "à lire aussi" to "lire aussi"."""
    text = resources.files("digest.clean").joinpath("data", name).read_text(encoding="utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return tuple(sorted(words, key=len, reverse=True))


def _credit_words() -> tuple[str, ...]:
    return _word_list("credit_words.txt")


@cache
def _read_more_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(w) for w in _word_list("read_more.txt"))
    return re.compile(rf"^(?:{labels})\s*[:：]", re.I)


def is_read_more(text: str) -> bool:
    """A short line linking to another article: "Đọc thêm: ...", "Baca juga: ...", "Read more: ..."."""
    return _read_more_pattern().match(text) is not None and len(text.split(None, MAX_READ_MORE_WORDS)) <= MAX_READ_MORE_WORDS


@cache
def _credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(w) for w in _credit_words())
    # "Thế Việt (theo AP)", "(theo THX)", "Theo Reuters", "Nguồn: Reuters"
    byline = re.compile(rf"^(?P<name>[^()]*?)\s*\(\s*(?:{words})\s*:?\s*(?P<agency>[^()]+?)\s*\)\s*$"
                        rf"|^(?:{words})\s*:?\s+(?P<agency2>[^()]+?)\.?$", re.I)
    caption = re.compile(r"\(\s*[^\W\d_][\w ]{0,20}:\s*[^()]{1,80}\)\s*\.?\s*$")
    return byline, caption


@cache
def _credit_start() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in _credit_words()), re.I)


def may_be_credit(text: str) -> bool:
    """A cheap test every byline or caption passes (a stripped line ending in a parenthesis, or opening with a
    credit word, in either case): the regexes of `parse_byline` and `is_caption` then run on the few lines
    that pass it."""
    return (text[-1] == ")" or (text[-1] == "." and text[:-1].rstrip().endswith(")"))
            or _credit_start().match(text) is not None)


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...]
    credits: tuple[str, ...]


def _split_names(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:,|;| - | – | và | and | & )\s*", text.strip(" -–—,;"))
    return tuple(p.strip() for p in parts if p.strip())


def parse_byline(text: str) -> Byline | None:
    """A short line crediting an author and/or an agency, or None.

    The byline pattern only runs on a line that ends in a parenthesis or opens with a credit word (each of its
    two shapes needs one): its lazy name part is slow to fail on a line that has neither.
    """
    if len(text.split(None, MAX_BYLINE_WORDS)) > MAX_BYLINE_WORDS:
        return None
    if not text.rstrip().endswith(")") and _credit_start().match(text) is None:
        return None
    match = _credit_patterns()[0].match(text)
    if not match:
        return None
    agency = (match.group("agency") or match.group("agency2") or "").strip()
    if not agency or len(agency.split()) > 4:
        return None
    names = _split_names(match.group("name") or "")
    if any(not looks_like_name(n) for n in names):
        return None
    return Byline(authors=names, credits=_split_names(agency))


def looks_like_name(text: str) -> bool:
    """A person's name: a few capitalised words, no digits or sentence punctuation."""
    words = text.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or re.search(r"[\d.!?:;,()\"“”/|@]", text):
        return False
    return all(w[0].isupper() for w in words)


def is_caption(text: str) -> bool:
    """A line ending in a credit in parentheses: "(Nguồn: AP)", "(Photo: Reuters)"."""
    end = text.rstrip()
    if end.endswith("."):
        end = end[:-1].rstrip()
    return end.endswith(")") and _credit_patterns()[1].search(text) is not None


_OUTLET_MARK = re.compile(r"^(?P<mark>[A-ZĐ][A-ZĐ0-9]{1,9})\s*[.:–—-]\s+(?=\w)")


def split_outlet_mark(text: str) -> tuple[str | None, str]:
    """ "TGVN. Ngày 13/2, ..." -> ("TGVN", "Ngày 13/2, ..."): the outlet's mark is not article text."""
    match = _OUTLET_MARK.match(text)
    if not match:
        return None, text
    return match.group("mark"), text[match.end():]
