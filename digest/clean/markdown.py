"""Markdown written by editors: no boilerplate removal, only structure.

The first paragraph becomes the lead and is rendered apart from the rest, so
article pages, summaries and feeds treat Markdown and cleaned dumps alike.
Raw HTML is disabled: an article must not inject markup into the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    """Made on first use: a build that finds nothing changed cleans nothing and need not load markdown-it.

    Rules that can do nothing here are left out, as each costs on every article: `normalize` rewrites line
    ends and NULs, which text read by `digest.load` no longer holds (`normalize_text`), and it was a tenth of
    parsing; the raw-HTML rules only look at the `html` option, which is off.
    """
    from markdown_it import MarkdownIt

    return (MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").enable("strikethrough")
            .disable(["normalize", "html_block", "html_inline"]))


@dataclass(frozen=True, slots=True)
class MarkdownParts:
    title: str | None  # the first level-1 heading, if the text starts with one
    lead: str
    body: tuple[str, ...]  # plain text of each block, for tagging and summaries
    body_html: str


def _plain(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def parse_markdown(text: str) -> MarkdownParts:
    """`text` as `normalize_text` leaves it: LF line ends, no NUL (see `_parser`)."""
    md = _parser()
    tokens = md.parse(text)
    title = None
    if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        title = _plain(tokens[1])
        tokens = tokens[3:]
    lead = ""
    if len(tokens) >= 3 and tokens[0].type == "paragraph_open":
        lead = _plain(tokens[1])
        tokens = tokens[3:]
    body = tuple(p for p in (_plain(t) for t in tokens if t.type == "inline") if p)
    return MarkdownParts(title, lead, body, md.renderer.render(tokens, md.options, {}))
