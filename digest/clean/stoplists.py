"""Stoplists of many languages -> the language of a page and a line's stopword density.

Running text is full of function words ("the", "của", "les"); menus, tag
clouds, names and comment signatures are not. jusText measured this on the
web at large, and its stoplists (about 100 languages, BSD licence, read from
the installed `justext` package, never copied into the engine) are the data.
The page's language is the stoplist that covers most of its words, so no
language is assumed.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SAMPLE_WORDS = 400  # words sampled from a page to guess its language: enough to separate close languages
MIN_COVERAGE = 0.12  # below this share of stopwords no stoplist fits the page (an unknown language)


@dataclass(frozen=True, slots=True)
class Stoplist:
    language: str  # the jusText file's name: "Vietnamese", "French"; "" when unknown
    words: frozenset[str]


NO_STOPLIST = Stoplist("", frozenset())


def _stoplist_dir() -> Path | None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    return folder if folder.is_dir() else None


@cache
def _all_stoplists() -> tuple[tuple[Stoplist, ...], dict[str, tuple[int, ...]]]:
    """Every stoplist, and an index word -> the stoplists holding it (one lookup per word)."""
    folder = _stoplist_dir()
    lists: list[Stoplist] = []
    index: dict[str, list[int]] = {}
    for path in sorted(folder.glob("*.txt")) if folder else ():
        words = frozenset(w.strip().casefold() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())
        for word in words:
            index.setdefault(word, []).append(len(lists))
        lists.append(Stoplist(path.stem, words))
    return tuple(lists), {w: tuple(ids) for w, ids in index.items()}


def detect_stoplist(words: list[str]) -> Stoplist:
    """The stoplist covering most of `words` (casefolded), or NO_STOPLIST when none covers enough."""
    lists, index = _all_stoplists()
    sample = words[:SAMPLE_WORDS]
    if not sample or not lists:
        return NO_STOPLIST
    hits: Counter[int] = Counter()
    for word in sample:
        hits.update(index.get(word, ()))
    if not hits:
        return NO_STOPLIST
    # Ties go to the smaller list: a short list matching as much is the more specific fit.
    best, count = min(hits.items(), key=lambda item: (-item[1], len(lists[item[0]].words), item[0]))
    return lists[best] if count / len(sample) >= MIN_COVERAGE else NO_STOPLIST


def stoplist_for(language: str) -> Stoplist:
    """One language's stoplist by its jusText name ("Vietnamese"), or NO_STOPLIST."""
    lists, _ = _all_stoplists()
    return next((s for s in lists if s.language == language), NO_STOPLIST)


def stopword_share(words: list[str], stoplist: Stoplist) -> float:
    """Share of `words` (casefolded) in `stoplist`: how much a text reads as that language."""
    return sum(1 for w in words if w in stoplist.words) / len(words) if words else 0.0
