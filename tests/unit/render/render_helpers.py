"""Articles made in memory for render tests: the render stage's real input type, no mocks."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from digest.model import Article, CleanArticle, SourceKind, join_paragraphs

ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def make_article(slug: str, topics: tuple[str, ...] = ("a",), *, day: int | None = 1, month: int = 12,
                 title: str | None = None, lead: str = "Tin ngắn.", body: tuple[str, ...] = ("Đoạn một.",),
                 authors: tuple[str, ...] = ()) -> Article:
    date = dt.datetime(2021, month, day, 8, 0, tzinfo=ZONE) if day else None
    clean = CleanArticle(rel=f"articles/{slug}.md", kind=SourceKind.MARKDOWN, title=title or slug, lead=lead,
                         body_text=join_paragraphs(body), markup="", authors=authors, date=date)
    return Article(clean, slug, topics)
