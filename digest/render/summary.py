"""An article -> the short texts readers skim: a summary and a reading time.

Used by edition pages, topic pages, meta descriptions and feeds alike, so one
article reads the same everywhere.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from digest.model import CleanArticle

SUMMARY_CHARS = 300  # a summary never exceeds this many characters, ellipsis included
WORDS_PER_MINUTE = 220  # Vietnamese syllables read per minute by an average adult reader
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
ELLIPSIS = "…"
MEMO_SIZE = 1 << 14  # articles whose summary is remembered


def summarize(article: CleanArticle, limit: int = SUMMARY_CHARS) -> str:
    """The lead, or the first sentences of the body, cut on a word boundary.

    Whole sentences are kept while they fit; a single sentence longer than the
    limit is cut at the last space before it and marked with an ellipsis.
    """
    return _summary(article.lead, article.body_text, limit)


# Lists show an article on many pages (home, editions, topics, months, feeds): each summary is computed
# once per build, not once per page that shows it.
@lru_cache(maxsize=MEMO_SIZE)
def _summary(lead: str, body: str, limit: int) -> str:
    text = " ".join((lead or body).split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = text[: limit - len(ELLIPSIS) + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut[: limit - len(ELLIPSIS)]
    return cut.rstrip(" ,;:–-") + ELLIPSIS


def reading_minutes(article: CleanArticle) -> int:
    """Whole minutes to read the lead and body (`CleanArticle.word_count`); at least one."""
    return max(1, math.ceil(article.word_count / WORDS_PER_MINUTE))
