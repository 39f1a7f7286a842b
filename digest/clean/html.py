"""A saved HTML page -> the text of its article area plus the metadata the page declares.

A saved page still has the structure a text dump lost, and the structure says
what is furniture: `nav`, `aside`, `footer`, forms, and blocks whose class or
id names a menu, a sidebar, comments, related links, share buttons or an ad
(the words are data: data/page_furniture.txt). Those blocks are pruned, then
the rest is flattened to one block per line and judged by the same line
classifier as a dump, which still catches what the markup did not name
(teasers, datelines, bylines). Measured on tests/cases/html against
trafilatura (benchmarks/cleaning/evaluate_html.py): see docs/cleaning.md.

`<title>`, Open Graph and JSON-LD NewsArticle fields are kept because they
are more reliable than anything guessed from the text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import lxml.html

BLOCK_TAGS = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6
header hr li main nav ol p pre section table td th tr ul""".split())
# Never text a reader sees as the article.
SKIP_TAGS = frozenset("""script style noscript template svg head select button form iframe nav aside
textarea input label object embed canvas""".split())
# Site-wide landmarks; inside an `article` they hold the headline and the byline, and are kept.
LANDMARK_TAGS = frozenset({"header", "footer"})
MAX_FURNITURE_SHARE = 0.4  # a block holding this share of the page's text is the content, whatever its class says
TEASER_HEADINGS = 2  # a block whose items open with this many linked headings is a list of teasers
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_PARTS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class HtmlParts:
    text: str
    title: str | None = None
    date: dt.datetime | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    source: str | None = None
    captions: tuple[str, ...] = ()  # figure captions, kept aside: the markup says what they are


@cache
def _furniture_words() -> frozenset[str]:
    text = resources.files("digest.clean").joinpath("data", "page_furniture.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _names_furniture(element: lxml.html.HtmlElement) -> bool:
    words = _furniture_words()
    for value in (element.get("class"), element.get("id"), element.get("role")):
        if value:
            parts = [p for p in _PARTS.split(value.lower()) if p]
            if any(p in words for p in parts) or any(f"{a}-{b}" in words for a, b in zip(parts, parts[1:])):
                return True
    return False


def _linked_heading(element: lxml.html.HtmlElement) -> bool:
    """A heading that is one link: a teaser's title (an article's own subheadings are not links)."""
    if element.tag not in HEADINGS:
        return False
    text = _text_size(element)
    return text > 0 and sum(_text_size(a) for a in element.iter("a")) == text


def _lists_teasers(element: lxml.html.HtmlElement) -> bool:
    """Items (children) of which several open with a linked heading: "related", "more news" boxes."""
    count = 0
    for child in element:
        if isinstance(child.tag, str) and (_linked_heading(child) or any(
                _linked_heading(h) for h in child.iter(*HEADINGS))):
            count += 1
    return count >= TEASER_HEADINGS


def _text_size(element: lxml.html.HtmlElement) -> int:
    return sum(len(t.strip()) for t in element.itertext())


def _prune(root: lxml.html.HtmlElement) -> None:
    """Remove furniture blocks in place (keeping their tails: text after a block is not part of it)."""
    total = _text_size(root) or 1
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments, processing instructions
            continue
        tag = element.tag.lower()
        if tag in SKIP_TAGS:
            doomed.append(element)
        elif (tag in LANDMARK_TAGS and next(element.iterancestors("article", "main"), None) is None) \
                or _names_furniture(element) or _lists_teasers(element):
            if element.find(".//h1") is None and _text_size(element) < MAX_FURNITURE_SHARE * total:
                doomed.append(element)
    for element in doomed:
        if element.getparent() is not None and next((a for a in element.iterancestors() if a in doomed), None) is None:
            element.drop_tree()


def _flatten(element: lxml.html.HtmlElement, out: list[str]) -> None:
    block = isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS
    if block:
        out.append("\n")
    if element.text:
        out.append(element.text)
    for child in element:
        _flatten(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


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


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses a str carrying an XML encoding declaration; the text is already decoded.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    import lxml.etree  # here, not at the top: only saved pages need it, and a build that finds nothing
    import lxml.html   # changed should not pay for loading it

    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def parse_html(html: str) -> HtmlParts:
    root = _parse(html)
    if root is None:
        return HtmlParts(text="")
    meta: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        if key and tag.get("content") is not None:
            meta.setdefault(key, tag.get("content"))
    jsonld = [s.text_content() for s in root.iter("script") if (s.get("type") or "").lower() == "application/ld+json"]
    title_tag = root.find(".//title")
    page_title = " ".join(title_tag.text_content().split()) if title_tag is not None else ""
    _prune(root)
    captions = []
    for figcaption in list(root.iter("figcaption")):
        text = " ".join(figcaption.text_content().split())
        if text:
            captions.append(text)
        figcaption.drop_tree()
    body = root.find("body")
    chunks: list[str] = []
    _flatten(body if body is not None else root, chunks)
    lines = (" ".join(line.split()) for line in "".join(chunks).split("\n"))
    article = _news_article(jsonld)
    headline = article.get("headline")
    title = (headline if isinstance(headline, str) and headline.strip() else None) or meta.get("og:title") or page_title or None
    date = _date(article.get("datePublished")) or _date(meta.get("article:published_time"))
    authors = _names(article.get("author")) or _names(meta.get("author"))
    return HtmlParts(text="\n\n".join(line for line in lines if line), title=title, date=date, authors=authors,
                     url=meta.get("og:url"), source=meta.get("og:site_name"), captions=tuple(captions))
