"""Phrase matching on whole Vietnamese syllables and words.

Both sides are folded the same way (`digest.text.fold_key`: NFC, case folding,
one tone-mark placement), then a phrase matches only where it is not glued to
other letters: `Nga` is not found in `Ngà` or `ngân`, `IS` not in `ISIS`.
"""

from __future__ import annotations

import re

from digest.text import fold_key


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled alternation for many phrases, longest first so the longest wins."""
    keys = sorted({fold_key(p).strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not keys:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in key.split()) for key in keys)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
