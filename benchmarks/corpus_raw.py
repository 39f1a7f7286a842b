"""Render an article as a raw news-page text dump.

The shape follows the real dumps editors save (see shared/samples/raw): the
article text is buried among related-article teasers, image alt text (the
ASCII slug of the title), photo captions, an agency credit line, a "Đọc thêm"
list whose titles are printed twice, and navigation/footer lines.  That is the
boilerplate digest's cleaner must strip, so the benchmark makes it pay for it.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from corpus_text import ascii_slug, sentence, title
from corpus_words import AGENCIES, GIVEN_NAMES, NAV_LINES, SURNAMES

if TYPE_CHECKING:
    from corpus import Article

_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def _plain(block: str) -> str:
    """Markdown block as a page dump shows it: no markup, list items as lines."""
    text = _LINK.sub(r"\1", block.replace("**", ""))
    return "\n".join(line[2:] if line.startswith("- ") else line for line in text.split("\n"))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN_NAMES)}"


def _summary(rng: random.Random) -> str:
    """Teaser summaries are cut mid-sentence and end with '...'."""
    return sentence(rng)[:-1] + " ..."


def _caption(rng: random.Random) -> str:
    return f"{sentence(rng)[:-1]}. (Ảnh: {rng.choice(AGENCIES)})"


def _related_block(rng: random.Random, alt: str) -> list[str]:
    """The 'TIN LIÊN QUAN' box near the top: alt text glued to teaser titles."""
    lines = ["TIN LIÊN QUAN"]
    lines += [f"{alt} {title(rng)}" for _ in range(rng.randint(1, 3))]
    lines += [alt, _caption(rng), ""]
    return lines


def _bottom_teasers(rng: random.Random, alt: str) -> list[str]:
    lines: list[str] = []
    for _ in range(rng.randint(2, 3)):
        lines += [alt, "", title(rng), "", f"{rng.choice(AGENCIES)}. {_summary(rng)}", ""]
    return lines


def _read_more(rng: random.Random) -> list[str]:
    """'Đọc thêm': each teaser title twice, then its summary on the next line."""
    lines = ["Đọc thêm", ""]
    for _ in range(rng.randint(5, 9)):
        teaser = title(rng)
        lines += [teaser, "", teaser, "", _summary(rng)]
    return lines


def render_raw(article: Article, rng: random.Random) -> str:
    """The dump text, with front matter holding only the date."""
    alt = ascii_slug(article.title)
    body = [_plain(p) for p in article.paragraphs]
    day = article.date
    lines = ["---", f"date: {day.isoformat()}", "---", article.title, ""]
    if rng.random() < 0.5:
        lines.append(_name(rng))
    lead = body[0][0].lower() + body[0][1:]
    lines.append(f"{rng.choice(AGENCIES)}. Ngày {day.day}/{day.month}, {lead}")
    lines.append(NAV_LINES[0])
    if rng.random() < 0.6:
        lines += _related_block(rng, alt)
    else:
        lines += [_caption(rng), ""]
    middle = len(body) // 2
    for number, block in enumerate(body[1:], start=1):
        lines += [block, ""]
        if number == middle:
            lines += [alt, _caption(rng), ""]
    lines += _bottom_teasers(rng, alt)
    lines += [f"{_name(rng)} (theo {rng.choice(AGENCIES)})", ""]
    lines += _read_more(rng)
    lines += rng.sample(NAV_LINES[1:], 3)
    return "\n".join(lines) + "\n"
