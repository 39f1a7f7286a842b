"""An article -> the short texts readers skim: a summary and a reading time.

Used by edition pages, topic pages, meta descriptions and feeds alike, so one
article reads the same everywhere.
"""

from __future__ import annotations

import math
import re

from digest.model import CleanArticle

SUMMARY_CHARS = 300  # a summary never exceeds this many characters, ellipsis included
WORDS_PER_MINUTE = 220  # Vietnamese syllables read per minute by an average adult reader
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
ELLIPSIS = "…"


def summarize(article: CleanArticle, limit: int = SUMMARY_CHARS) -> str:
    """The lead, or the first sentences of the body, cut on a word boundary.

    Whole sentences are kept while they fit; a single sentence longer than the
    limit is cut at the last space before it and marked with an ellipsis.
    """
    text = " ".join((article.lead or " ".join(article.body)).split())
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
    """Whole minutes to read the lead and body; at least one."""
    words = len(article.lead.split()) + sum(len(p.split()) for p in article.body)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
