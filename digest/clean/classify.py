"""Lines of a page dump -> a label and a reason for each.

Four passes, in the spirit of jusText's classify-then-revise:
1. *signals*: each line alone or with its neighbours: teaser titles printed
   twice, summaries cut off with "...", share prompts naming a web address,
   captions, bylines, lines the site's template repeats in every article,
   source rules written by editors;
2. *paragraphs*: a line is paragraph-like when it is long, ends a sentence and
   is as dense in function words as running text in the page's language; a
   medium-length one counts only beside another paragraph (a newsletter pitch
   or a one-line comment stands alone);
3. *the title and the article block*: each line scores its words when
   paragraph-like and costs something otherwise; a heading over a list
   (related links, comments) costs a lot. The title is the title-like line
   that opens the best-scoring run and shares words with it (or whose ASCII
   slug the page repeats as image alt text); the block runs from the first
   paragraph after the title to the end of the best-scoring run, so a short
   line inside it is kept and a long teaser after it is dropped;
4. *context*: inside the block, short lines are subheadings or one-line
   paragraphs unless they head a list; outside it, everything is page
   furniture except bylines and captions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from operator import eq, ne
from typing import Callable, Iterable, TypeGuard

from digest.clean.lines import Line, Page, fold_words
from digest.clean.metadata import is_caption, is_read_more, looks_like_name, may_be_credit, parse_byline
from digest.model import LineLabel
from digest.text import fold_key, line_digest

MIN_SLUG_WORDS = 2  # a one-word title's slug is too common a prefix to mean alt text
# Image alt text may spell only the start of the title's slug: the slug of an earlier, shorter headline (a site
# updates a headline, not its images), or a slug cut at a length. A hyphenated run of this many of its first words.
MIN_SLUG_PREFIX_WORDS = 6
# A line opening with a URL slug or an image file name (`an-toan-rat-cau-chuyen ...`): image alt text, often
# glued to the teaser title it illustrates; a headline never starts so.
_SLUG_OPENING = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){3,}(?:\s|$)")
_SLUG_SEPARATORS = re.compile(r"[-_]")
STRONG_WORDS = 20  # a sentence-ending line this long is a paragraph whatever its neighbours
UNENDED_STRONG_WORDS = 25  # ... and one this long even without final punctuation (ticker headlines stay shorter)
SHORT_COST = 2  # what a short line costs the block: a subheading is paid back by the paragraph under it
MIN_BOILERPLATE_COST = 3
LIST_HEADING_COST = 25  # a heading over a list (related links, comments) ends an article unless much text follows
HEADING_MAX_WORDS = 8
LIST_WINDOW = 3  # lines after a heading that must all be non-paragraphs for it to head a list
TITLE_MAX_WORDS = 40
ECHO_CHARS = 40  # a long line whose first this many characters recur later in it is a caption printed twice
TITLE_CANDIDATES = 6  # only the best-scoring few title candidates are compared by shared words
TITLE_OVERLAP_BASE = 0.25  # a candidate sharing no word with the text still scores this share of its block


# The labels bound once: on Python 3.11 reading a member (`LineLabel.BODY`) goes through EnumType.__getattr__,
# about 70 ns, and cleaning a page reads labels a few hundred times.
BOILERPLATE_LABEL, BODY_LABEL, CAPTION_LABEL, BYLINE_LABEL = (LineLabel.BOILERPLATE, LineLabel.BODY, LineLabel.CAPTION,
                                                              LineLabel.BYLINE)
TITLE_LABEL, LEAD_LABEL = LineLabel.TITLE, LineLabel.LEAD


@dataclass(frozen=True, slots=True)
class Verdict:
    label: LineLabel
    reason: str


@dataclass(frozen=True, slots=True)
class LineRules:
    """Outside knowledge about a page's lines: editors' source rules and the site's learnt template lines.

    `drop`/`keep` take a line's text and return the reason (naming the rule) or None;
    `stop_at` returns the reason when a line ends the article.
    """

    drop: Callable[[str], str | None] = lambda text: None
    keep: Callable[[str], str | None] = lambda text: None
    stop_at: Callable[[str], str | None] = lambda text: None
    template_lines: frozenset[bytes] = field(default_factory=frozenset)  # digests of the lines the site repeats


NO_RULES = LineRules()


TITLE_AGAIN = "the title printed again (page title, then headline)"


@cache
def _boiler(reason: str) -> Verdict:
    return Verdict(BOILERPLATE_LABEL, reason)


CAPTION = Verdict(CAPTION_LABEL, "ends with a photo or source credit in parentheses")
BYLINE = Verdict(BYLINE_LABEL, "names an author or an agency")
ECHO = Verdict(CAPTION_LABEL, "holds its own opening twice (image alt text glued to its caption)")
NAME_BYLINE = Verdict(BYLINE_LABEL, "a name between the title and the first paragraph")
TITLE = Verdict(TITLE_LABEL, "title: title-like line opening the article text")
FIRST_LINE_TITLE = Verdict(TITLE_LABEL, "title: no line looks like a title, so the first line stands in")
LEAD = Verdict(LEAD_LABEL, "first paragraph-like line after the title")
PARAGRAPH = Verdict(BODY_LABEL, "paragraph inside the article block")
SHORT_LINE = Verdict(BODY_LABEL, "short line inside the article block")


def _rule_signal(text: str, rules: LineRules, stopped: str | None) -> tuple[Verdict | None, str | None]:
    """What the editors' rules and the site's template say about a line, and whether the article has stopped."""
    kept = rules.keep(text)
    stopped = stopped or rules.stop_at(text)
    if kept:
        return Verdict(BODY_LABEL, kept), stopped
    dropped = stopped or rules.drop(text)
    if dropped:
        return _boiler(dropped), stopped
    if rules.template_lines and line_digest(fold_key(text)) in rules.template_lines:
        return _boiler("recurs in several articles of this site (template line)"), stopped
    return None, stopped


def _signals(lines: list[Line], texts: list[str], rules: LineRules, first_paragraph: int,
             top_title: str | None) -> list[Verdict | None]:
    """Per-line evidence that does not depend on the title; None where a line says nothing by itself."""
    # Where each text is first and (for repeated lines) second printed, and how often the repeated ones are;
    # the loops run in C, a Python loop only over the repeated lines.
    first_copy = dict(zip(reversed(texts), range(len(texts) - 1, -1, -1)))
    repeats = list(compress(range(len(texts)), map(ne, map(first_copy.__getitem__, texts), range(len(texts)))))
    copies = Counter(map(texts.__getitem__, repeats))  # a text printed n times: n - 1 (the copies after the first)
    second_copy = dict(zip(reversed([texts[i] for i in repeats]), reversed(repeats)))
    found: list[Verdict | None] = [None] * len(lines)
    stopped: str | None = None
    if rules is NO_RULES:
        # Only lines passing a cheap test of every branch below can get a signal: most paragraphs do not.
        maybe: Iterable[int] = [i for i, (line, text) in enumerate(zip(lines, texts))
                 if line.truncated or text in copies or ":" in text or "：" in text
                 or (line.words <= 8 and not line.ends_sentence and "." in text)
                 or (line.is_long and text.find(text[:ECHO_CHARS], ECHO_CHARS) > 0)
                 or may_be_credit(text)]
    else:
        maybe = range(len(lines))
    for i in maybe:
        line = lines[i]
        text = line.text
        if rules is not NO_RULES:
            found[i], stopped = _rule_signal(text, rules, stopped)
            if found[i] is not None:
                continue
        count = copies.get(text, 0) + 1
        if count == 2 and i < first_paragraph and text == top_title:
            if first_copy[text] < i:  # the first copy is the title; see _find_title
                found[i] = _boiler(TITLE_AGAIN)
        elif count > 1 and not (i < first_paragraph < second_copy[text] and 2 <= line.words <= TITLE_MAX_WORDS):
            found[i] = _boiler(f"printed {count} times (teaser list)")
        elif line.truncated:
            found[i] = _boiler("summary cut off with an ellipsis (teaser)")
        elif line.words <= 8 and not line.ends_sentence and line.has_domain:
            found[i] = _boiler("short line naming a web address (share or follow prompt)")
        elif is_read_more(text):
            found[i] = _boiler("a link to another article (read-more label)")
        elif is_caption(text):
            found[i] = CAPTION
        elif line.is_long and text.find(text[:ECHO_CHARS], ECHO_CHARS) > 0:
            found[i] = ECHO
        elif parse_byline(text):
            found[i] = BYLINE
    for i in compress(range(2, len(lines)), map(eq, texts[1:-1], texts[:-2])):  # lines right after a repeat
        # The line right after a title printed twice is that teaser's summary.
        twice = found[i - 1]
        pair = lines[i - 1].text
        if (found[i] is None and lines[i - 2].text == pair and lines[i - 1].words >= MIN_SLUG_WORDS
                and _is_boiler(twice) and twice.reason != TITLE_AGAIN  # "A A A" font-size buttons head no teaser
                and not first_copy[pair] < first_paragraph < i):  # the title's picture inside the article
            found[i] = _boiler("summary under a teaser title printed twice")
    for i in compress(range(len(lines) - 2, -1, -1), [line.truncated for line in reversed(lines[1:])]):
        nxt = found[i + 1]
        if found[i] is None and nxt and nxt.reason.startswith("summary cut off") and not lines[i].ends_sentence:
            found[i] = _boiler("title of a teaser (its summary is cut off below)")
    return found


def _top_title(lines: list[Line], first_paragraph: int) -> str | None:
    """A line printed twice above the first paragraph: the page's title and its headline."""
    seen: set[str] = set()
    for line in lines[:first_paragraph]:
        if line.text in seen and 2 <= line.words <= TITLE_MAX_WORDS:
            return line.text
        seen.add(line.text)
    return None


def _is_boiler(verdict: Verdict | None) -> TypeGuard[Verdict]:
    return verdict is not None and verdict.label is BOILERPLATE_LABEL


def _alt_text_slug(title: str) -> str | None:
    """The title as image alt text spells it (`iraq bat den xanh ...`); None when too short to mean alt text."""
    slug = fold_words(title)
    return slug if len(slug.split()) >= MIN_SLUG_WORDS else None


def _slug_opening(slug: str) -> Callable[[str], bool]:
    """Whether a line opens with `slug` (ASCII words joined by spaces), its words joined by spaces, hyphens or
    underscores as alt text and file names join them; or with a hyphenated run of at least MIN_SLUG_PREFIX_WORDS
    of its first words. Most lines fail on the slug's first word."""
    first, size, words = slug[:slug.find(" ")], len(slug), slug.split(" ")

    def opens(text: str) -> bool:
        if not text.startswith(first):
            return False
        if text.startswith(slug) or text[:size].replace("-", " ").replace("_", " ") == slug:
            return True
        run = _SLUG_OPENING.match(text)
        start = _SLUG_SEPARATORS.split(run.group().rstrip()) if run else ()
        return len(start) >= MIN_SLUG_PREFIX_WORDS and words[:len(start)] == start
    return opens


def _lower_openings(texts: list[str]) -> list[int]:
    """The lines that may open with a slug: those whose first character is a word character that `lower`
    leaves as it is.

    A slug is lowercased words, so every other line (a capital, a quote or a bullet opens most lines) can
    skip the slug tests, and a title candidate with no such line below it needs no slug at all.
    """
    return [i for i, text in enumerate(texts) if text[0].lower() == text[0] and (text[0].isalnum() or text[0] == "_")]


def _slug_signals(lines: list[Line], title: int, found: list[Verdict | None], lower: list[int]) -> bool:
    """Image alt text: lines that start with the title's ASCII slug (`iraq bat den xanh ...`). True if any.

    `lower` lists the lines `_lower_openings` found."""
    others = [i for i in lower if i != title]
    slug = _alt_text_slug(lines[title].text) if others else None
    if slug is None:
        return False
    marked, opens = False, _slug_opening(slug)
    for i in others:
        text = lines[i].text
        if opens(text) and text != lines[title].text and found[i] is None:
            found[i] = _boiler("starts with the title's ASCII slug (image alt text)")
            marked = True
    return marked


def _paragraphs(lines: list[Line], found: list[Verdict | None]) -> list[bool]:
    """Which lines read as running text (pass 2)."""
    unsignalled = [f is None and line.is_long and line.dense for f, line in zip(found, lines)]
    candidate = [u and line.ends_sentence for u, line in zip(unsignalled, lines)]
    # A long line is running text even when its end was cut or carries a sign-off ("- CNA /ls").
    strong = [u and line.words >= (STRONG_WORDS if line.ends_sentence else UNENDED_STRONG_WORDS)
              for u, line in zip(unsignalled, lines)]
    good = list(strong)
    for i, is_candidate in enumerate(candidate):
        if is_candidate and not strong[i]:
            good[i] = (i > 0 and candidate[i - 1]) or (i + 1 < len(lines) and candidate[i + 1])
    return good


def _revise_cut_sentences(lines: list[Line], found: list[Verdict | None], good: list[bool]) -> None:
    """A line ending in "..." between two paragraphs is an enumeration trailing off, not a teaser."""
    for i in range(1, len(lines) - 1):
        signal = found[i]
        if signal and signal.reason.startswith("summary cut off") and good[i - 1] and good[i + 1] and lines[i].is_long:
            found[i] = None
            good[i] = True


def _list_headings(lines: list[Line], found: list[Verdict | None], good: list[bool]) -> list[bool]:
    """Short heading-like lines over a run of non-paragraphs: "Related", "8 comments", "Most read"."""
    # Whether a line reads as a list item, once per line; each heading looks at a slice of the LIST_WINDOW after it.
    listy = [_is_boiler(f) or line.bullet or line.datelike for f, line in zip(found, lines)]
    heads = [False] * len(lines)
    for i, line in enumerate(lines):
        if good[i] or found[i] is not None or line.words > HEADING_MAX_WORDS or line.bullet:
            continue
        if line.ends_sentence and not line.text.endswith(":"):
            continue
        after = slice(i + 1, i + 1 + LIST_WINDOW)
        if i + 1 < len(lines) and True not in good[after] and (True in listy[after] or len(listy[after]) == LIST_WINDOW):
            heads[i] = True
    return heads


def _scores(lines: list[Line], found: list[Verdict | None], good: list[bool], heads: list[bool]) -> list[int]:
    # Bylines and captions score 0: they belong to an article wherever they stand.
    return [line.words if is_good
            else (-LIST_HEADING_COST if head else -SHORT_COST) if signal is None
            else max(line.words, 1) if signal.label is BODY_LABEL
            else -max(line.words, MIN_BOILERPLATE_COST) if signal.label is BOILERPLATE_LABEL
            else 0
            for line, signal, is_good, head in zip(lines, found, good, heads)]


def _best_runs(scores: list[int]) -> tuple[list[int], list[int]]:
    """For each start i: the best sum of scores[i..e] over e >= i, and that e (earliest on ties).

    Both depend only on the scores from i on, so one pass serves the title search and the article block.
    """
    best: list[int] = []
    end: list[int] = []
    run, last = 0, 0
    for i, score in zip(range(len(scores) - 1, -1, -1), reversed(scores)):
        if run > 0:
            run += score
        else:
            run, last = score, i
        best.append(run)
        end.append(last)
    best.reverse()
    end.reverse()
    return best, end


def _title_like(line: Line) -> bool:
    """A line without a signal that is not a list heading may be a title if it has this shape."""
    return (not line.datelike and not line.bullet and 2 <= line.words <= TITLE_MAX_WORDS
            and not (line.ends_sentence and line.text.endswith(".")) and not _SLUG_OPENING.match(line.text))


def _find_title(page: Page, texts: list[str], found: list[Verdict | None], good: list[bool], heads: list[bool],
                runs: tuple[list[int], list[int]], repeated: str | None, lower: list[int]) -> int | None:
    """The title-like line opening the best article run and sharing the most words with it; None if no line
    looks like a title.

    Only the first lines whose words the page kept are candidates, and runs are read that far: a title
    stands near the top, and comparing words further down would cost time on long dumps for nothing.
    """
    lines, words, stop = page.lines, page.head_words, page.stoplist.words
    best, end = runs
    window = min(len(lines), len(words))
    candidates = [i for i in range(window - 1)
                  if best[i + 1] > 0 and found[i] is None and not heads[i] and _title_like(lines[i])]
    if not candidates:
        return None
    if repeated is not None:
        return texts.index(repeated)
    top = sorted(candidates, key=lambda i: (-best[i + 1], i))[:TITLE_CANDIDATES]
    last = {i: min(end[i + 1], window - 1) for i in top}
    content = {i: {t for t in words[i] if t not in stop and not t.isdigit()} for i in top}
    # Each paragraph's share of the candidates' words, computed once for all candidates.
    wanted = set().union(*content.values())
    shared = {j: wanted.intersection(words[j]) for j in range(min(top) + 1, max(last.values()) + 1) if good[j]}

    def score(i: int) -> tuple[bool, float, int]:
        below = lower[bisect_right(lower, i):bisect_right(lower, last[i])]
        slug = _alt_text_slug(lines[i].text) if below else None
        alt_text = slug is not None and any(map(_slug_opening(slug), map(texts.__getitem__, below)))
        paragraphs = [j for j in shared if i < j <= last[i]]
        # The first paragraph may be the candidate's own blurb (a widget's, a blog's tagline):
        # a real title shares words with the text further down.
        run = set().union(*(shared[j] for j in paragraphs[1:] or paragraphs))
        own = content[i]
        overlap = len(own & run) / len(own) if own else 0.0
        # A line whose slug the page repeats as image alt text is the title whatever the others score:
        # a byline of common syllables ("Phan Minh Anh") can share all its words with the text.
        return alt_text, best[i + 1] * (TITLE_OVERLAP_BASE + overlap), -i

    return max(top, key=score)


def classify_lines(page: Page, *, title_index: int | None = None, rules: LineRules = NO_RULES) -> list[Verdict]:
    """One verdict per line. `title_index` is the title's line when it is known (front matter, HTML)."""
    lines = list(page.lines)
    if not lines:
        return []
    texts = [line.text for line in lines]
    first_paragraph = next((i for i, line in enumerate(lines) if line.is_long and line.ends_sentence), len(lines))
    top_title = _top_title(lines, first_paragraph)
    found = _signals(lines, texts, rules, first_paragraph, top_title)
    good = _paragraphs(lines, found)
    _revise_cut_sentences(lines, found, good)
    heads = _list_headings(lines, found, good)
    scores = _scores(lines, found, good, heads)
    runs = _best_runs(scores) if title_index is None else None
    lower = _lower_openings(texts)
    # runs is None only when the title is known
    found_title = title_index if runs is None else _find_title(page, texts, found, good, heads, runs, top_title, lower)
    title = found_title or 0
    changed = found[title] is not None
    found[title] = None
    changed = _slug_signals(lines, title, found, lower) or changed
    if changed:
        good = _paragraphs(lines, found)
        _revise_cut_sentences(lines, found, good)
        heads = _list_headings(lines, found, good)
        scores = _scores(lines, found, good, heads)
        runs = None
    head = [_boiler("above the title (site header or menu)") if not f or _is_boiler(f) else f for f in found[:title]]
    # A line the source rules keep stays kept wherever it stands.
    head = [f if f and f.label is BODY_LABEL else v for f, v in zip(found, head)]
    # The article block: from the first paragraph after the title to the end of the best run starting there.
    lead = next((i for i in range(title + 1, len(lines)) if good[i]), None)
    block = None if lead is None else (lead - title, (runs or _best_runs(scores))[1][lead] - title)
    rest = _classify_from_title(lines[title:], found[title:], good[title:], heads[title:], block,
                                TITLE if found_title is not None else FIRST_LINE_TITLE)
    return head + rest


def _classify_from_title(lines: list[Line], found: list[Verdict | None], good: list[bool],
                         heads: list[bool], block: tuple[int, int] | None, title: Verdict) -> list[Verdict]:
    """Verdicts from the title on; `block` is the article block's first and last line, None without a paragraph."""
    verdicts: list[Verdict] = [title]
    if block is None:
        return verdicts + [f if f and f.label in (BYLINE_LABEL, BODY_LABEL)
                           else _boiler("no paragraph-like text on the page") for f in found[1:]]
    lead, last = block
    for i in range(1, len(lines)):
        signal, line = found[i], lines[i]
        if i == lead:
            verdicts.append(LEAD)
        elif signal is not None and not (i > last and signal.label is CAPTION_LABEL):
            verdicts.append(signal)
        elif i < lead:
            if looks_like_name(line.text):
                verdicts.append(NAME_BYLINE)
            else:
                verdicts.append(_boiler("before the article's first paragraph"))
        elif i > last:
            verdicts.append(_boiler("after the end of the article text"))
        elif good[i]:
            verdicts.append(PARAGRAPH)
        elif heads[i]:
            verdicts.append(_boiler("heading of a list (related links, comments)"))
        elif line.datelike:
            verdicts.append(_boiler("a date line inside the article block"))
        else:
            verdicts.append(SHORT_LINE)
    return verdicts
