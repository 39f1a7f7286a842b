"""The lead's dateline -> the article's date, or a day and month with no year.

News leads open with the day of the event: "Ngày 13/2, ...", "Sáng 6/12, ...",
"(13/2/2020) ...". Only the first DATELINE_CHARS of the lead are read, never a
teaser or a read-more list, whose dates belong to other articles. A dateline
without a year takes it from a date known otherwise (front matter, HTML
metadata); with none, it is reported as partial ("--02-13").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DATELINE_CHARS = 40  # a dateline opens the lead: "Ngày 13/2," "WASHINGTON (13/2) -"
_DAY_MONTH = re.compile(r"(?<![\d/.-])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")


@dataclass(frozen=True, slots=True)
class Dateline:
    date: dt.datetime | None  # complete, in the zone of the date that gave the year
    partial: str | None  # "--MM-DD" when no year is known


def read_dateline(lead: str, known: dt.datetime | None, zone: dt.tzinfo | None = None) -> Dateline:
    match = _DAY_MONTH.search(lead[:DATELINE_CHARS])
    if not match:
        return Dateline(None, None)
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else (known.year if known else None)
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29/2 stays valid
    except ValueError:
        return Dateline(None, None)
    if year is None:
        return Dateline(None, f"--{month:02d}-{day:02d}")
    tz = known.tzinfo if known else zone
    return Dateline(dt.datetime(year, month, day, tzinfo=tz), None)
