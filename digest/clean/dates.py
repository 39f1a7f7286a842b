"""The lead's dateline -> the article's date, or a day and month with no year.

News leads open with the day of the event: "Ngày 13/2, ...", "Sáng 6/12, ...",
"(13/2/2020) ...", "WASHINGTON, March 13, 2007 -", "13 tháng 3 năm 2007".
Only a dateline starting in the first DATELINE_CHARS of the lead is read,
never a teaser or a read-more list, whose dates belong to other articles. A
dateline without a year takes it from a date known otherwise (front matter,
HTML metadata); with none, it is reported as partial ("--02-13"). Month names
are data (data/months.txt), one language per line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

DATELINE_CHARS = 40  # a dateline opens the lead: "Ngày 13/2," "WASHINGTON (13/2) -"
DATELINE_SPAN = 40  # what a dateline starting there may take: "13 tháng mười hai năm 2007"
_DIGIT = re.compile(r"\d")
_DAY_MONTH = re.compile(r"(?<![\d/.-])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")


@dataclass(frozen=True, slots=True)
class Dateline:
    date: dt.datetime | None  # complete, in the zone of the date that gave the year
    partial: str | None  # "--MM-DD" when no year is known


@cache
def _months() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    """Month name -> number, and the two shapes: day-month-year and Month day, year."""
    text = resources.files("digest.clean").joinpath("data", "months.txt").read_text(encoding="utf-8")
    number: dict[str, int] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            for month, names in enumerate(line.split(":", 1)[1].split(","), 1):
                for name in names.split("|"):
                    number.setdefault(name.strip(), month)
    names = "|".join(re.escape(n) for n in sorted(number, key=len, reverse=True))
    # "13 March 2007", "13. März", "13 de marzo de 2007", "ngày 13 tháng 3 năm 2007"
    day_first = re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s+(?:de\s+)?({names})\.?(?![\w])"
                           rf"(?:,?\s+(?:de\s+|del\s+|năm\s+)?(\d{{4}})(?!\d))?", re.I)
    # "March 13, 2007", "Dec. 5"
    month_first = re.compile(rf"(?<![\w])({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{{4}})(?!\d))?", re.I)
    return number, day_first, month_first


def _find(lead: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of the dateline starting first in the lead's opening, or None."""
    number, day_first, month_first = _months()
    text = lead[:DATELINE_CHARS + DATELINE_SPAN]
    if _DIGIT.search(text) is None:  # every shape has a day in digits; the month names' pattern is slow to fail
        return None
    found: list[tuple[int, int, int, int | None]] = []
    if (m := _DAY_MONTH.search(text)) and m.start() < DATELINE_CHARS:
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None))
    if (m := day_first.search(text)) and m.start() < DATELINE_CHARS:
        found.append((m.start(), int(m.group(1)), number[m.group(2).lower()], int(m.group(3)) if m.group(3) else None))
    # A month name leading the date is capitalised ("March 13"): "may 5" in running text is not a date.
    if (m := month_first.search(text)) and m.start() < DATELINE_CHARS and m.group(1)[0].isupper():
        found.append((m.start(), int(m.group(2)), number[m.group(1).lower()], int(m.group(3)) if m.group(3) else None))
    return min(found)[1:] if found else None


def read_dateline(lead: str, known: dt.datetime | None, zone: dt.tzinfo | None = None) -> Dateline:
    found = _find(lead)
    if found is None:
        return Dateline(None, None)
    day, month, year = found
    year = year or (known.year if known else None)
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29/2 stays valid
    except ValueError:
        return Dateline(None, None)
    if year is None:
        return Dateline(None, f"--{month:02d}-{day:02d}")
    tz = known.tzinfo if known else zone
    return Dateline(dt.datetime(year, month, day, tzinfo=tz), None)
