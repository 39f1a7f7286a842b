"""SourceDocument -> CleanArticle: keep the article, drop the page around it.

Pure: no I/O, no global state, so a cleaned article can be cached by the hash
of its source and the cleaner's version. Every input line of a dump gets a
verdict with a reason (`digest clean --explain` prints them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from digest.clean.classify import (BODY_LABEL, BOILERPLATE_LABEL, BYLINE_LABEL, CAPTION_LABEL, FIRST_LINE_TITLE,
                                   LEAD_LABEL, NO_RULES, TITLE_LABEL, LineRules, classify_lines)
from digest.clean.dates import read_dateline
from digest.clean.html import parse_html
from digest.clean.lines import Line, read_page
from digest.clean.markdown import parse_markdown
from digest.clean.sources import SourceRule, line_rules, matching_rules
from digest.clean.templates import site_key
from digest.clean.metadata import looks_like_name, parse_byline, split_outlet_mark
from digest.diagnostics import Diagnostic, warning
from digest.model import CleanArticle, FrontMatter, LineVerdict, SourceDocument, SourceKind, join_paragraphs
from digest.text import fold_key, normalize_text

# Bump when a change to the cleaner changes its output: cached articles are keyed by it.
CLEANER_VERSION = "11"
MIN_TITLE_SHARE = 0.5  # a line that is this much of a page's <title> is its headline
SHOWN_TITLE_CHARS = 60  # how much of a stand-in title a warning quotes


def _title_index(lines: tuple[Line, ...], known_title: str | None) -> int | None:
    """The line holding the known title; else the longest line that is most of it (a page's `<title>`
    adds the site's name: "Site - Headline")."""
    if not known_title:
        return None
    key = fold_key(known_title)
    inside = None
    for i, line in enumerate(lines):
        text = fold_key(line.text)
        if text == key:
            return i
        if len(text) >= MIN_TITLE_SHARE * len(key) and text in key and (inside is None or len(text) > len(fold_key(lines[inside].text))):
            inside = i
    return inside


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


@dataclass(frozen=True, slots=True)
class CleanContext:
    """What a build knows beyond one file: editors' source rules and each site's learnt template lines."""

    rules: tuple[SourceRule, ...] = ()
    templates: Mapping[str, frozenset[bytes]] = field(default_factory=dict)  # site key -> template lines' digests

    def line_rules(self, doc: SourceDocument) -> LineRules:
        if not self.rules and not self.templates:
            return NO_RULES
        matched = matching_rules(self.rules, url=doc.meta.url, text=doc.text) if self.rules else ()
        return line_rules(matched, self.templates.get(site_key(doc, self.rules), frozenset()))


def clean_dump(text: str, *, rel: str, kind: SourceKind, first_line: int = 1, meta: FrontMatter = FrontMatter(),
               known_title: str | None = None, rules: LineRules = NO_RULES, keep_verdicts: bool = True) -> CleanArticle:
    """A page rendered to text -> the article in it.

    `keep_verdicts=False` leaves out the per-line verdicts (what `clean --explain` prints): the build
    does not keep them, and making one object per line is about 6 % of the cleaner's work.
    """
    page = read_page(text, first_line)
    lines = page.lines
    verdicts = classify_lines(page, title_index=_title_index(lines, meta.title or known_title), rules=rules)
    title, lead, outlet, guessed = "", "", None, False
    body: list[str] = []
    captions: list[str] = []
    authors: list[str] = []
    credits: list[str] = []
    for line, verdict in zip(lines, verdicts):
        label = verdict.label
        if label is BOILERPLATE_LABEL:
            continue
        if label is BODY_LABEL:
            body.append(line.text)
        elif label is TITLE_LABEL:
            title, guessed = line.text, verdict is FIRST_LINE_TITLE
        elif label is LEAD_LABEL:
            outlet, lead = split_outlet_mark(line.text)
        elif label is CAPTION_LABEL:
            captions.append(line.text)
        elif label is BYLINE_LABEL:
            byline = parse_byline(line.text)
            if byline:
                authors.extend(byline.authors)
                credits.extend(byline.credits)
            elif looks_like_name(line.text):
                authors.append(line.text)
    # The front matter's (or the page metadata's) date wins; the lead's dateline fills in when there is none.
    dateline = read_dateline(lead, meta.date) if lead and meta.date is None else None
    return CleanArticle(
        rel=rel, kind=kind, title=meta.title or title, lead=lead, body_text=join_paragraphs(body), markup="",
        authors=meta.authors or _unique(authors), credits=_unique(credits), captions=tuple(captions),
        date=meta.date or (dateline.date if dateline else None), partial_date=dateline.partial if dateline else None,
        url=meta.url, source=meta.source or outlet, meta=meta,
        verdicts=tuple(LineVerdict(line.number, line.text, v.label, v.reason) for line, v in zip(lines, verdicts))
        if keep_verdicts else (),
        title_guessed=guessed and not meta.title,
    )


def _first_line(text: str) -> str:
    """The title of a Markdown article with none in its front matter or heading: its first line of text."""
    return next((line.strip() for line in text.split("\n") if line.strip()), "").lstrip("# ")


def clean_article(doc: SourceDocument, context: CleanContext = CleanContext(), *,
                  keep_verdicts: bool = True) -> CleanArticle:
    if doc.kind is SourceKind.MARKDOWN:
        parts = parse_markdown(doc.text)
        return CleanArticle(rel=doc.rel, kind=doc.kind, title=doc.meta.title or parts.title or _first_line(doc.text),
                            lead=parts.lead, body_text=join_paragraphs(parts.body), markup=parts.body_html,
                            authors=doc.meta.authors, date=doc.meta.date, url=doc.meta.url, source=doc.meta.source,
                            meta=doc.meta)
    if doc.kind is SourceKind.HTML:
        page = parse_html(doc.text)
        meta = replace(doc.meta, date=doc.meta.date or page.date, url=doc.meta.url or page.url,
                       source=doc.meta.source or page.source, authors=doc.meta.authors or page.authors)
        # Line numbers of a flattened page are not the file's; verdicts count lines of the flattened text.
        article = clean_dump(page.text, rel=doc.rel, kind=doc.kind, meta=meta, known_title=page.title,
                             rules=context.line_rules(doc), keep_verdicts=keep_verdicts)
        return replace(article, captions=page.captions + article.captions)
    return clean_dump(doc.text, rel=doc.rel, kind=doc.kind, first_line=doc.first_line, meta=doc.meta,
                      rules=context.line_rules(doc), keep_verdicts=keep_verdicts)


def title_warning(article: CleanArticle, shown: str) -> Diagnostic | None:
    """A warning naming the file when no line looked like a title, so the first line stands in for it."""
    if not article.title_guessed:
        return None
    first = article.title if len(article.title) <= SHOWN_TITLE_CHARS else article.title[:SHOWN_TITLE_CHARS - 1] + "…"
    return warning(shown, f'no line looks like a title; the first line stands in: "{first}"',
                   hint="give the title in the front matter (`title: ...`); "
                        "`digest clean --explain FILE` shows each line's verdict")


def clean_text(text: str, *, source: str = "", keep_verdicts: bool = True) -> CleanArticle:
    """Clean one raw text dump given as a string (used by the evaluation scorer and the speed benchmark)."""
    return clean_dump(normalize_text(text), rel=source, kind=SourceKind.TEXT, keep_verdicts=keep_verdicts)
