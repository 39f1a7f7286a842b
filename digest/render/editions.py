"""Dates -> editions (the digest's issues, one per ISO week or per day) and archive months.

Periods are computed in the site's time zone: an article published at 23:30 in
Hanoi belongs to that Hanoi day, whatever the machine's zone.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt



def edition_id(when: dt.datetime, *, period: str, zone: dt.tzinfo) -> str:
    local = when.astimezone(zone)
    if period == "daily":
        return local.strftime("%Y-%m-%d")
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def edition_label(eid: str, *, period: str) -> str:
    """A human title for an edition: "Tuần 48/2021" style is a theme's job; this gives the date range."""
    if period == "daily":
        day = dt.date.fromisoformat(eid)
        return day.strftime("%d/%m/%Y")
    year, week = eid.split("-W")
    start = dt.date.fromisocalendar(int(year), int(week), 1)
    end = start + dt.timedelta(days=6)
    return f"{start:%d/%m} – {end:%d/%m/%Y}"


def month_id(when: dt.datetime, *, zone: dt.tzinfo) -> str:
    """The archive month of a date, in the site's zone: "2021-12"."""
    return when.astimezone(zone).strftime("%Y-%m")


def intro_html(markdown: str) -> str:
    """An editor's edition intro as HTML; raw HTML in it is escaped, as in Markdown articles."""
    return _intro_parser().render(markdown) if markdown else ""


@cache
def _intro_parser() -> MarkdownIt:
    """Made on first use: most editions have no intro, and a build that renders none need not load markdown-it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})
