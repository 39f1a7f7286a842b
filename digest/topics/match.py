"""Rules -> one compiled scanner; article -> every phrase and pattern hit, in one pass.

Words are runs of letters, digits and `_` (regex `\\w+`) in NFC text with one
tone-mark placement (`digest.text.fold_tone_marks`), so a phrase matches whole
syllables only: `Nga` is never found in `Ngà` or `ngân`, `IS` never in `ISIS`.
Each phrase is compared in one `View` (case folded or not, accents kept or not);
text and phrases go through the same function, so both sides always agree.

Speed (issue 4: 500 topics x 10,000 articles in seconds). Python-level work per
word is what costs, so a field is cut at whitespace (`str.split`, C speed) into
chunks, and what Python has to work out about a chunk (its words, and each
word's code in each view: one character per phrase word, FILLER for any other
word) is worked out once per distinct chunk and remembered by the scanner
(`_Memo`). A field then becomes one coded text for all views (one `join`,
each word's codes side by side), in which two precompiled patterns find the
one-word phrases and the adjacent word pairs that begin longer phrases; Python
code runs only for what they find, and a longer phrase is counted (`_count`,
from the places its first code occurs) only when its first pair occurs. Hits are the same as counting words one by one: `words()` and
`phrase_key` define them, `find_phrase` is the slow reference for explanations.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from digest.model import CleanArticle
from digest.text import fold_tone_marks, strip_accents
from digest.topics.regex import RegexBank
from digest.topics.rules import Field, Hit, Phrase, Ref, Role, TopicRule, View

WORD = re.compile(r"\w+")
PARAGRAPH = "\x00"  # stands for a line break in `words`, so no phrase spans two paragraphs
LINE_BREAK = "\n"  # the same in a list of chunks; `str.split` never yields it as a chunk
MEMO_SIZE = 1 << 17  # distinct chunks the scanner remembers before it starts afresh


def field_text(article: CleanArticle, where: Field) -> str:
    """The text of one field; paragraphs and names are separated by newlines."""
    if where is Field.TITLE:
        return article.title
    if where is Field.LEAD:
        return article.lead
    if where is Field.BODY:
        return "\n".join(article.body)
    if where is Field.SOURCE:
        return article.source or ""
    if where is Field.AUTHORS:
        return "\n".join(article.authors + article.credits)
    return "\n".join(article.captions)


def chunks(text: str) -> list[str]:
    """NFC `text` cut at whitespace, LINE_BREAK between lines. A word never spans two chunks."""
    lines = unicodedata.normalize("NFC", text).split("\n")
    found = lines[0].split()
    for line in lines[1:]:
        found.append(LINE_BREAK)
        found += line.split()
    return found


def chunk_words(chunk: str) -> list[str]:
    """The words of one chunk, tone marks folded, case and accents kept."""
    return WORD.findall(fold_tone_marks(chunk))


def words(text: str) -> list[str]:
    """The words of `text`, tone marks folded, case and accents kept; PARAGRAPH between lines."""
    return [w for c in chunks(text) for w in ((PARAGRAPH,) if c == LINE_BREAK else chunk_words(c))]


def _folded_bare(word: str) -> str:
    return strip_accents(word.casefold())


# One plain function per view.
_FOLD: dict[View, Callable[[str], str] | None] = {
    View.CASED: None, View.FOLDED: str.casefold, View.CASED_BARE: strip_accents, View.FOLDED_BARE: _folded_bare}


def view_word(word: str, view: View) -> str:
    """One word as `view` compares it."""
    fold = _FOLD[view]
    return word if fold is None else fold(word)


def phrase_key(text: str, view: View) -> tuple[str, ...]:
    """A phrase as a word sequence; empty when it holds no letter or digit."""
    return tuple(view_word(w, view) for w in words(text) if w != PARAGRAPH)


Code = str  # one character standing for one phrase word in one view
FILLER = " "  # the code of every word that no phrase uses
CODE_RANGES = ((0x100, 0xD800), (0xE000, 0x110000))  # characters used as codes; no surrogates


def _code(n: int) -> Code:
    """The n-th code: Basic Multilingual Plane first, where `re` character classes are fastest."""
    for low, high in CODE_RANGES:
        if n < high - low:
            return chr(low + n)
        n -= high - low
    raise ValueError("more distinct phrase words than Unicode has characters")


@dataclass(frozen=True, slots=True)
class _Entry:
    """One distinct phrase of several words, and every rule phrase it stands for."""

    codes: str  # its words' codes, one per word, all of one view
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class _FieldIndex:
    """The phrases one field compares, in every view, looked up by the codes of their words.

    Both patterns run over the field's coded text (`_Memo`: one code per word and
    view, the views of a word side by side, so the same view of the next word is
    `stride` characters on) at C speed: the first finds the words of one-word
    phrases, the second every pair of adjacent words that begins a longer phrase,
    overlapping pairs included. Codes are unique across views, so a code says its view.
    """

    singles: dict[Code, tuple[Ref, ...]]
    single_codes: re.Pattern[str] | None
    pairs: dict[tuple[Code, Code], tuple[_Entry, ...]]  # longer phrases by their first two codes
    pair_codes: re.Pattern[str] | None


def _field_index(entries: dict[View, dict[tuple[str, ...], list[Ref]]], codes: dict[View, dict[str, Code]],
                 stride: int) -> _FieldIndex:
    singles: dict[Code, tuple[Ref, ...]] = {}
    pairs: dict[tuple[Code, Code], list[_Entry]] = {}
    for view, by_key in entries.items():
        for key, refs in by_key.items():
            coded = "".join(codes[view][w] for w in key)
            if len(coded) == 1:
                singles[coded] = tuple(refs)
            else:
                pairs.setdefault((coded[0], coded[1]), []).append(_Entry(coded, tuple(refs)))
    firsts = "".join(sorted({first for first, _ in pairs}))
    seconds = "".join(sorted({second for _, second in pairs}))
    return _FieldIndex(singles, re.compile(f"[{''.join(sorted(singles))}]") if singles else None,
                       {pair: tuple(found) for pair, found in pairs.items()},
                       re.compile(f"(?=([{firsts}]).{{{stride - 1}}}([{seconds}]))") if pairs else None)


class _Memo:
    """Each distinct chunk coded once per build: per word, its code in every view, side by side.

    A chunk holding no word codes as "" and a word no phrase uses in a view as
    FILLER there; a line break stays a line break (one character, so no pair
    of words spans two paragraphs). One coded text thus serves every view, and
    each chunk of a field is looked up and joined once, however many views the
    rules use.
    """

    def __init__(self, codes: dict[View, dict[str, Code]]) -> None:
        self._codes = codes
        self.clear()

    def clear(self) -> None:
        self._rows: dict[str, str] = {LINE_BREAK: LINE_BREAK}

    def coded(self, split: list[str]) -> str:
        """A field's coded text: its chunks' codes, in order."""
        try:
            return "".join(map(self._rows.__getitem__, split))
        except KeyError:  # a chunk never seen in this build
            if len(self._rows) > MEMO_SIZE:
                self.clear()
            self._learn(set(split).difference(self._rows))
            return "".join(map(self._rows.__getitem__, split))

    def _learn(self, new: Iterable[str]) -> None:
        for chunk in new:
            self._rows[chunk] = "".join([known.get(view_word(w, view), FILLER)
                                         for w in chunk_words(chunk) for view, known in self._codes.items()])


class Scanner:
    """Every phrase and pattern of a rule set, compiled once per build: one index per field.

    Each distinct phrase word of each view gets a code (one character). The
    scanner pickles as its rules and is rebuilt on loading (RE2 objects do not
    pickle), so worker processes can each get one.
    """

    def __init__(self, rules: tuple[TopicRule, ...]) -> None:
        self._rules = rules
        phrases: dict[Field, dict[View, dict[tuple[str, ...], list[Ref]]]] = {}
        codes: dict[View, dict[str, Code]] = {}
        patterns: list[tuple[Phrase, Ref, tuple[Field, ...]]] = []
        numbers = itertools.count()
        seq = 0
        for n, rule in enumerate(rules):
            for role in (Role.ANY, Role.ALL, Role.NONE):
                for i, phrase in enumerate(rule.phrases(role)):
                    key = phrase_key(phrase.text, phrase.view)
                    known = codes.setdefault(phrase.view, {})
                    for word in key:
                        if word not in known:
                            known[word] = _code(next(numbers))
                    for where in rule.fields:
                        by_view = phrases.setdefault(where, {}).setdefault(phrase.view, {})
                        by_view.setdefault(key, []).append(Ref(n, role, i, seq))
                    seq += 1
            for i, pattern in enumerate(rule.regex):
                patterns.append((pattern, Ref(n, Role.REGEX, i, seq), rule.fields))
                seq += 1
        self._stride = len(codes)  # codes per word in a coded text
        self._indexes = {where: _field_index(by_view, codes, self._stride) for where, by_view in phrases.items()}
        self._memo = _Memo(codes)
        self._regex = RegexBank(patterns)
        self._fields = [f for f in Field if f in self._indexes or f in self._regex.fields]

    def __reduce__(self) -> tuple[type[Scanner], tuple[tuple[TopicRule, ...]]]:
        return (Scanner, (self._rules,))

    def scan(self, article: CleanArticle) -> list[Hit]:
        """Every hit in the article, of every rule, in rule, field and phrase order."""
        hits: list[Hit] = []
        for where in self._fields:
            text = field_text(article, where)
            if not text:
                continue
            patterns = where in self._regex.fields
            if patterns:  # fold the whole text once, for patterns and phrases alike (folding is idempotent)
                text = fold_tone_marks(text)
            found = self._scan_phrases(text, where) if where in self._indexes else []
            if patterns:
                found += [h for h in self._regex.scan(text, where) if where in self._regex.rule_fields[h.ref.rule]]
            hits += sorted(found, key=_seq)  # set order varies between runs; output must not
        return sorted(hits, key=_rule)  # stable: field order, then phrase order, within each rule

    def _scan_phrases(self, text: str, where: Field) -> list[Hit]:
        """Phrase hits in one field; Python code runs only for the words phrases begin with."""
        coded = self._memo.coded(chunks(text))
        index = self._indexes[where]
        hits: list[Hit] = []
        if index.single_codes is not None:
            for code, n in Counter(index.single_codes.findall(coded)).items():
                hits += [Hit(ref, where, n) for ref in index.singles[code]]
        if index.pair_codes is not None:
            for pair in index.pairs.keys() & set(index.pair_codes.findall(coded)):
                for entry in index.pairs[pair]:
                    n = _count(coded, entry.codes, self._stride)
                    hits += [Hit(ref, where, n) for ref in entry.refs] if n else []
        return hits


def _count(coded: str, codes: str, stride: int) -> int:
    """Occurrences of a phrase (its codes, one per word) that do not overlap, counted from the left.

    The same view of the next word is `stride` characters on, unless a line
    break comes between them.
    """
    count, free = 0, 0
    end = len(coded) - (len(codes) - 1) * stride
    at = coded.find(codes[0])
    while 0 <= at < end:
        if at >= free and coded[at:at + len(codes) * stride:stride] == codes:
            count, free = count + 1, at + (len(codes) - 1) * stride + 1
        at = coded.find(codes[0], at + 1)
    return count


def _seq(hit: Hit) -> int:
    return hit.ref.seq


def _rule(hit: Hit) -> int:
    return hit.ref.rule


def find_phrase(text: str, phrase: Phrase) -> list[tuple[int, int]]:
    """Spans of `phrase` in `text` (offsets into `text`): the slow, exact path for explanations."""
    key = phrase_key(phrase.text, phrase.view)
    toned = fold_tone_marks(text)  # same length as NFC `text`
    found = []
    for line in re.finditer(r"[^\n]+", toned):
        spans = [(m.start() + line.start(), m.end() + line.start()) for m in WORD.finditer(line.group())]
        folded = [view_word(toned[a:b], phrase.view) for a, b in spans]
        found += [(spans[i][0], spans[i + len(key) - 1][1]) for i in range(len(folded) - len(key) + 1)
                  if key and tuple(folded[i:i + len(key)]) == key]
    return found
