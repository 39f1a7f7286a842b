"""Lines of a page dump -> a label and a reason for each.

Three passes, in the spirit of jusText's classify-then-revise:
1. *signals*: each line alone or with its immediate neighbours (image alt text
   that repeats the title's slug, teaser titles printed twice, summaries cut off
   with "...", share prompts naming a web address, captions, bylines);
2. *the article block*: from the first paragraph-like line after the title to
   the last one the signals left standing;
3. *context*: short lines inside the block are the article's (subheadings,
   one-line paragraphs) unless they introduce a teaser list; everything outside
   the block is boilerplate except a byline.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from digest.clean.lines import Line
from digest.clean.metadata import is_caption, looks_like_name, parse_byline
from digest.model import LineLabel

MIN_SLUG_WORDS = 2  # a one-word title's slug is too common a prefix to mean alt text


@dataclass(frozen=True, slots=True)
class Verdict:
    label: LineLabel
    reason: str


def _signals(lines: list[Line]) -> list[Verdict | None]:
    """Per-line evidence; None where a line says nothing by itself."""
    title_slug = lines[0].folded
    counts = Counter(line.text for line in lines)
    found: list[Verdict | None] = [Verdict(LineLabel.TITLE, "first line")] + [None] * (len(lines) - 1)
    for i in range(1, len(lines)):
        line = lines[i]
        if len(title_slug.split()) >= MIN_SLUG_WORDS and line.folded.startswith(title_slug) and line.text != lines[0].text:
            found[i] = Verdict(LineLabel.BOILERPLATE, "starts with the title's ASCII slug (image alt text)")
        elif counts[line.text] > 1 and not (i == 1 and line.text == lines[0].text):
            found[i] = Verdict(LineLabel.BOILERPLATE, f"printed {counts[line.text]} times (teaser list)")
        elif line.truncated:
            found[i] = Verdict(LineLabel.BOILERPLATE, "summary cut off with an ellipsis (teaser)")
        elif line.has_domain and line.words <= 8 and not line.ends_sentence:
            found[i] = Verdict(LineLabel.BOILERPLATE, "short line naming a web address (share or follow prompt)")
        elif is_caption(line.text):
            found[i] = Verdict(LineLabel.CAPTION, "ends with a photo or source credit in parentheses")
        elif parse_byline(line.text):
            found[i] = Verdict(LineLabel.BYLINE, "names an author or an agency")
    for i in range(1, len(lines)):
        # A teaser's title sits right above its cut-off summary or repeated copy;
        # the line right after a title printed twice is that teaser's summary.
        prev = found[i - 1]
        if found[i] is None and prev and prev.reason.startswith("printed") and i >= 2 and lines[i - 2].text == lines[i - 1].text:
            found[i] = Verdict(LineLabel.BOILERPLATE, "summary under a teaser title printed twice")
    for i in range(len(lines) - 2, 0, -1):
        nxt = found[i + 1]
        if found[i] is None and nxt and nxt.reason.startswith("summary cut off") and not lines[i].ends_sentence:
            found[i] = Verdict(LineLabel.BOILERPLATE, "title of a teaser (its summary is cut off below)")
    return found


def _is_paragraph(line: Line, signal: Verdict | None) -> bool:
    return signal is None and line.is_long and line.ends_sentence


def classify_lines(lines: list[Line], title_index: int = 0) -> list[Verdict]:
    """One verdict per line; `lines[title_index]` is the title, and what stands above it is page furniture."""
    if not lines:
        return []
    head = [Verdict(LineLabel.BOILERPLATE, "above the title (site header or menu)")] * title_index
    return head + _classify_from_title(lines[title_index:])


def _classify_from_title(lines: list[Line]) -> list[Verdict]:
    found = _signals(lines)
    paragraphs = [i for i in range(1, len(lines)) if _is_paragraph(lines[i], found[i])]
    if not paragraphs:
        return [found[0] or Verdict(LineLabel.TITLE, "first line")] + [
            found[i] if found[i] and found[i].label is LineLabel.BYLINE else Verdict(LineLabel.BOILERPLATE, "no paragraph-like text on the page")
            for i in range(1, len(lines))]
    lead, last = paragraphs[0], paragraphs[-1]
    verdicts: list[Verdict] = [Verdict(LineLabel.TITLE, "first line")]
    for i in range(1, len(lines)):
        signal, line = found[i], lines[i]
        if i == lead:
            verdicts.append(Verdict(LineLabel.LEAD, "first paragraph-like line after the title"))
        elif signal is not None:
            verdicts.append(signal)
        elif i < lead:
            if looks_like_name(line.text):
                verdicts.append(Verdict(LineLabel.BYLINE, "a name between the title and the first paragraph"))
            else:
                verdicts.append(Verdict(LineLabel.BOILERPLATE, "before the article's first paragraph"))
        elif i > last:
            verdicts.append(Verdict(LineLabel.BOILERPLATE, "after the article's last paragraph"))
        elif line.is_long and line.ends_sentence:
            verdicts.append(Verdict(LineLabel.BODY, "paragraph inside the article block"))
        elif i + 1 < len(lines) and found[i + 1] is not None and found[i + 1].label is LineLabel.BOILERPLATE:
            verdicts.append(Verdict(LineLabel.BOILERPLATE, "heading of a teaser list"))
        else:
            verdicts.append(Verdict(LineLabel.BODY, "short line inside the article block"))
    return verdicts
