"""Text primitives shared by the Markdown and raw-dump renderers.

Kept apart from corpus.py so the raw renderer can build teasers and captions
from the same vocabulary without a circular import.
"""

from __future__ import annotations

import random
import re
import unicodedata
from operator import itemgetter

from corpus_words import FILLER as _ALL_FILLER
from corpus_words import TOPICS

PHRASES: dict[str, list[str]] = {tid: phrases for tid, _, phrases in TOPICS}
_ALL_PHRASES = [p.lower() for _, _, phrases in TOPICS for p in phrases]
# Filler words never contain a topic phrase, so tagging is driven only by the
# phrases an article deliberately sprinkles in (plus rare accidental pairs).
FILLER = [w for w in _ALL_FILLER if not any(p in w.lower() for p in _ALL_PHRASES)]
# 256 entries so one random byte picks one word: itemgetter over randbytes is
# about ten times faster than rng.choices, which kept 50,000 articles over 30 s.
_TABLE = (FILLER * (256 // len(FILLER) + 1))[:256]


def ascii_slug(text: str) -> str:
    """ASCII slug of Vietnamese text (đ is not decomposed by NFD, so map it)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def capitalize(text: str) -> str:
    return text[0].upper() + text[1:]


def sentence(rng: random.Random, phrase: str | None = None) -> str:
    """7-12 filler words, optionally with `phrase` inside (never first, so it keeps its case).

    This is the generator's hot loop, hence byte-indexed words and rng.random()
    arithmetic instead of choices/randint.
    """
    words = list(itemgetter(*rng.randbytes(7 + int(rng.random() * 6)))(_TABLE))
    if phrase is not None:
        words.insert(1 + int(rng.random() * (len(words) - 1)), phrase)
    if rng.random() < 0.3:
        words[2 + int(rng.random() * (len(words) - 3))] += ","
    return capitalize(" ".join(words)) + "."


def paragraph(rng: random.Random, phrases: list[str]) -> str:
    """4-6 sentences, each of `phrases` in a different one, so the topic rules match."""
    count = rng.randint(4, 6)
    slots: list[str | None] = [None] * count
    for slot, phrase in zip(rng.sample(range(count), min(count, len(phrases))), phrases):
        slots[slot] = phrase
    return " ".join(sentence(rng, p) for p in slots)


def title(rng: random.Random, phrase: str | None = None) -> str:
    words = list(itemgetter(*rng.randbytes(rng.randint(5, 9)))(_TABLE))
    if phrase is not None:
        words.insert(rng.randrange(len(words)), phrase)
    return capitalize(" ".join(words))
