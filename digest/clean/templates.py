"""The page dumps of one build -> the template lines of each site.

A line that recurs verbatim in several articles from the same site ("Follow us
on", "Read more", "Mobile version", the site's slogan) belongs to the page
template, not to any article. Learning them needs every document of the
build, so it runs once before cleaning and its result is passed to each
article. The site of an article is its URL's domain, else the source rule it
matched, else its folder under content/.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from typing import Iterable

from digest.model import SourceDocument, SourceKind
from digest.clean.sources import SourceRule, matching_rules, url_domain
from digest.text import LINE_DIGEST, fold_key, line_digest

TEMPLATE_MIN_ARTICLES = 3  # a line in this many articles of one site is template (two could be one story saved twice)
TEMPLATE_MAX_WORDS = 30  # longer lines are paragraphs: a wire story republished across a site's articles stays


def site_key(doc: SourceDocument, rules: tuple[SourceRule, ...]) -> str:
    """The site the article was taken from; its folder is `posixpath.dirname` of its path (PurePosixPath's
    parent, without making a path object for each article of every build)."""
    matched = matching_rules(rules, url=doc.meta.url, text=doc.text) if rules else ()
    return url_domain(doc.meta.url) or (matched[0].name if matched else "") or posixpath.dirname(doc.rel) or "."


SiteLines = tuple[str, bytes]  # what one dump brings to learning: its site key and its short lines' digests, packed


def dump_lines(doc: SourceDocument, rules: tuple[SourceRule, ...] = ()) -> SiteLines | None:
    """A dump's share of the learning; None for HTML (it has its DOM) and Markdown (the editor's own text).

    Separate so that `serve` can keep each article's share and relearn after an
    edit without re-reading every dump. The dump is folded whole (folding line
    by line was most of loading's time), and each line is kept as an 8-byte
    digest, all packed in one bytes object: a build keeps every dump's share,
    and as text they were 6 KB per dump.
    """
    if doc.kind is not SourceKind.TEXT:
        return None
    stripped = (line.strip() for line in fold_key(doc.text).split("\n"))
    short = {line_digest(line) for line in stripped if line and len(line.split()) <= TEMPLATE_MAX_WORDS}
    return site_key(doc, rules), b"".join(sorted(short))


def template_lines(shares: Iterable[SiteLines | None]) -> dict[str, frozenset[bytes]]:
    """site key -> digests of the lines recurring in at least TEMPLATE_MIN_ARTICLES of its page dumps."""
    counts: dict[str, Counter[bytes]] = defaultdict(Counter)
    for share in shares:
        if share is not None:
            packed = share[1]
            counts[share[0]].update(packed[i:i + LINE_DIGEST] for i in range(0, len(packed), LINE_DIGEST))
    return {site: frozenset(line for line, n in c.items() if n >= TEMPLATE_MIN_ARTICLES)
            for site, c in sorted(counts.items())}

