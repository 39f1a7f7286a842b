"""A saved HTML page -> a text dump plus the metadata the page declares.

The page is flattened the way a browser renders it to text (one block per
line), so the same line classifier judges it; scripts, styles and forms never
reach the text. `<title>`, Open Graph and JSON-LD NewsArticle fields are kept
because they are more reliable than anything guessed from the text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html.parser import HTMLParser

BLOCK_TAGS = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6
header hr li main nav ol p pre section table td th tr ul title""".split())
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "select", "button"})


@dataclass(frozen=True, slots=True)
class HtmlParts:
    text: str
    title: str | None = None
    date: dt.datetime | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    source: str | None = None


class _Flattener(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip_depth = 0
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self._in_title = False
        self.title_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or ""
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"])
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in_jsonld = True
        elif tag == "title":
            self._in_title = True
        if tag in SKIP_TAGS:
            self.skip_depth += 1
        elif tag in BLOCK_TAGS:
            self.chunks.append("\n")
        elif tag == "img" and values.get("alt") and not self.skip_depth:
            self.chunks.append(f"\n{values['alt']}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1
        if tag == "script":
            self._in_jsonld = False
        if tag == "title":
            self._in_title = False
        if tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)
        elif self._in_title:
            self.title_text.append(data)
        elif not self.skip_depth:
            self.chunks.append(data)


def _news_article(blobs: list[str]) -> dict[str, object]:
    """The first JSON-LD object whose @type names an article; malformed blobs are ignored."""
    stack: list[object] = []
    for blob in blobs:
        try:
            stack.append(json.loads(blob))
        except ValueError:
            continue
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                return item
            stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return {}


def _names(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names = [i.get("name") if isinstance(i, dict) else i for i in items]
    return tuple(n.strip() for n in names if isinstance(n, str) and n.strip())


def _date(text: object) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_html(html: str) -> HtmlParts:
    parser = _Flattener()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.chunks).split("\n")]
    text = "\n\n".join(line for line in lines if line)
    article = _news_article(parser.jsonld)
    meta = parser.meta
    title = (article.get("headline") if isinstance(article.get("headline"), str) else None) \
        or meta.get("og:title") or (" ".join("".join(parser.title_text).split()) or None)
    date = _date(article.get("datePublished")) or _date(meta.get("article:published_time"))
    authors = _names(article.get("author")) or _names(meta.get("author"))
    return HtmlParts(text=text, title=title, date=date, authors=authors, url=meta.get("og:url"),
                     source=meta.get("og:site_name"))
