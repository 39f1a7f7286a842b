"""The optional YAML block between `---` lines at the top of an article.

Positions are offset by the block's place in the file, so an error in front
matter points at the article's own line numbers.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from digest.diagnostics import Diagnostic, DigestError
from digest.model import FrontMatter
from digest.yamlsrc import Field, as_bool, as_datetime, as_optional_str, as_str_list, parse_yaml, read_fields

_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@functools.lru_cache(maxsize=4)  # one per time zone: made for every article, it was a sixth of reading front matter
def _schema(zone: dt.tzinfo) -> dict[str, Field[object]]:
    return {
        "title": Field(as_optional_str, doc="overrides the title found in the text"),
        "date": Field(lambda node: as_datetime(node, zone), doc="publication date: 2021-12-01 or 2021-12-01 08:30"),
        "url": Field(as_optional_str, doc="address of the original article"),
        "source": Field(as_optional_str, doc="the outlet's name"),
        "authors": Field(as_str_list, doc="a list of names"),
        "topics": Field(as_str_list, doc="topic ids added by hand"),
        "exclude_topics": Field(as_str_list, doc="topic ids removed by hand"),
        "draft": Field(as_bool, doc="true keeps the article out of the site unless --drafts"),
    }


def split_front_matter(text: str, shown: str, *, zone: dt.tzinfo) -> tuple[FrontMatter, str, int]:
    """Returns (front matter, the text after it, the 1-based file line where that text starts)."""
    if not _OPEN.match(text):
        return FrontMatter(), text, 1
    start = text.index("\n") + 1
    close = _CLOSE.search(text, start)
    if close is None:
        raise DigestError([Diagnostic(shown, "front matter starts with '---' but never ends", line=1,
                                      hint="close it with a line holding only '---'")])
    block = text[start:close.start()]
    rest = text[close.end():].removeprefix("\n")
    first_line = text[:close.end()].count("\n") + 2
    node = parse_yaml(block, shown, line_offset=1)
    if node is None:
        return FrontMatter(), rest, first_line
    problems: list[Diagnostic] = []
    values = read_fields(node, _schema(zone), problems, what="front matter")
    if problems or values is None:
        raise DigestError(problems)
    return FrontMatter(**values), rest, first_line  # type: ignore[arg-type]
