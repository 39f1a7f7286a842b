"""Rules -> one compiled scanner; article -> every phrase and pattern hit, in one pass.

Words are runs of letters, digits and `_` (regex `\\w+`) in NFC text with one
tone-mark placement (`digest.text.fold_tone_marks`), so a phrase matches whole
syllables only: `Nga` is never found in `Ngà` or `ngân`, `IS` never in `ISIS`.
Each phrase is compared in one `View` (case folded or not, accents kept or not);
text and phrases go through the same function, so both sides always agree.

Speed (issue 4: 500 topics x 10,000 articles in under 5 s on one core). Python
work per word is what costs, so a field is cut at whitespace (`split_field`, C
speed) into chunks, and what Python has to work out about a chunk (each word's
code in each view: one character per phrase word, FILLER for any other word)
is worked out on its first lookup and remembered by the scanner (`_Memo`). A
field then becomes one coded text (one `join`), sliced into one text per view
with one code per word, where a phrase is a plain substring: one Aho-Corasick
automaton per field (`ahocorasick_rs`, compiled once per build) finds every
phrase of every view in one pass, overlaps included, and Python code runs only
for the phrases it finds. Hits are the same as counting words one by one:
`words()` and `phrase_key` define them, `find_phrase` is the slow reference
for explanations.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable

from ahocorasick_rs import BytesAhoCorasick, Implementation

from digest.model import CleanArticle
from digest.text import fold_tone_marks, strip_accents
from digest.topics.regex import RegexBank
from digest.topics.rules import Field, Hit, Phrase, Ref, Role, TopicRule, View

WORD = re.compile(r"\w+")
PARAGRAPH = "\x00"  # a line break in `words` and in `split_field`, so no phrase spans two paragraphs
_LINE = f" {PARAGRAPH} "  # a line break as `split_field` writes it, so PARAGRAPH is a chunk of its own
MEMO_SIZE = 1 << 17  # distinct chunks the scanner remembers before it starts afresh


def field_text(article: CleanArticle, where: Field) -> str:
    """The text of one field; paragraphs and names are separated by newlines."""
    if where is Field.TITLE:
        return article.title
    if where is Field.LEAD:
        return article.lead
    if where is Field.BODY:
        return article.body_text
    if where is Field.SOURCE:
        return article.source or ""
    if where is Field.AUTHORS:
        return "\n".join(article.authors + article.credits)
    return "\n".join(article.captions)


def split_field(nfc: str) -> list[str]:
    """NFC text without PARAGRAPH cut at whitespace, PARAGRAPH a chunk of its own at each line break.

    A word never spans two chunks (whitespace is never part of a word).
    """
    return nfc.replace("\n", _LINE).split()


def chunk_words(chunk: str) -> list[str]:
    """The words of one chunk, tone marks folded, case and accents kept."""
    return WORD.findall(fold_tone_marks(chunk))


def words(text: str) -> list[str]:
    """The words of `text`, tone marks folded, case and accents kept; PARAGRAPH between lines."""
    return [w for c in split_field(unicodedata.normalize("NFC", text).replace(PARAGRAPH, " "))
            for w in ((PARAGRAPH,) if c == PARAGRAPH else chunk_words(c))]


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
VIEW_BREAK = "\n"  # between paragraphs, and between the views of a field: no phrase holds it
CODE_RANGES = ((0x100, 0xD800), (0xE000, 0x110000))  # characters used as codes; no surrogates


def _code(n: int) -> Code:
    """The n-th code: two bytes in UTF-8 for the first 1,792, which keeps the scanned bytes short."""
    for low, high in CODE_RANGES:
        if n < high - low:
            return chr(low + n)
        n -= high - low
    raise ValueError("more distinct phrase words than Unicode has characters")


def _self_overlapping(codes: str) -> bool:
    """Whether two occurrences of `codes` can overlap (`ba ba` in `ba ba ba`): a proper prefix is also a suffix."""
    return any(codes[:n] == codes[-n:] for n in range(1, len(codes)))


@dataclass(frozen=True, slots=True)
class _FieldIndex:
    """The phrases one field compares, in every view, as one automaton over the field's view texts.

    Key i of the automaton is a phrase's codes (one per word, all of one view;
    codes are unique across views, so a key says its view) and stands for
    `refs[i]`, the rule phrases written that way. Keys in `recount` can overlap
    themselves, so their matches are counted again without overlaps.
    """

    automaton: BytesAhoCorasick
    keys: tuple[str, ...]
    refs: tuple[tuple[Ref, ...], ...]
    recount: frozenset[int]

    def counts(self, views: str) -> dict[int, int]:
        """Key index -> occurrences in `views` that do not overlap, counted from the left (as `str.count`)."""
        found = Counter(map(itemgetter(0), self.automaton.find_matches_as_indexes(views.encode(), overlapping=True)))
        for key in self.recount.intersection(found):
            found[key] = views.count(self.keys[key])
        return found


def _field_index(entries: dict[View, dict[tuple[str, ...], list[Ref]]], codes: dict[View, dict[str, Code]]) -> _FieldIndex:
    coded = {"".join(codes[view][w] for w in key): tuple(refs)
             for view, by_key in entries.items() for key, refs in by_key.items()}
    keys = tuple(coded)
    return _FieldIndex(BytesAhoCorasick([k.encode() for k in keys], implementation=Implementation.DFA), keys,
                       tuple(coded.values()), frozenset(i for i, k in enumerate(keys) if _self_overlapping(k)))


class _Memo:
    """Each distinct chunk worked out once per build: its row of codes.

    A row holds each word's code in every view, side by side (`stride` codes
    per word), so slicing a field's coded text with step `stride` gives one
    view's text; a word no phrase uses in a view codes as FILLER there, a chunk
    with no word as "", a paragraph break as VIEW_BREAK in every view.
    """

    def __init__(self, codes: dict[View, dict[str, Code]]) -> None:
        self._codes = codes
        self.clear()

    def clear(self) -> None:
        self._rows = _Rows(self._learn)
        self._rows[PARAGRAPH] = VIEW_BREAK * len(self._codes)
        self._words: dict[str, str] = {}  # a word's codes: chunks share words ("Nga", "Nga,", "(Nga)")

    def coded(self, chunks: list[str]) -> str:
        """A field's coded text: its chunks' rows, in order. Learns the chunks it has not seen."""
        if len(self._rows) > MEMO_SIZE:
            self.clear()
        return "".join(map(self._rows.__getitem__, chunks))

    def _learn(self, chunk: str) -> str:
        words = self._words
        return "".join([words[w] if w in words else self._learn_word(w) for w in chunk_words(chunk)])

    def _learn_word(self, word: str) -> str:
        row = self._words[word] = "".join([known.get(view_word(word, view), FILLER) for view, known in self._codes.items()])
        return row


class _Rows(dict[str, str]):
    """Chunk -> row, a chunk never seen in this build worked out on its first lookup (in C: no Python per known chunk)."""

    def __init__(self, learn: Callable[[str], str]) -> None:
        super().__init__()
        self._learn = learn

    def __missing__(self, chunk: str) -> str:
        row = self[chunk] = self._learn(chunk)
        return row


class Scanner:
    """Every phrase and pattern of a rule set, compiled once per build: one index per field.

    Each distinct phrase word of each view gets a code (one character). The
    scanner pickles as its rules and is rebuilt on loading (neither RE2 nor
    Aho-Corasick objects pickle), so worker processes can each get one.
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
        self._indexes = {where: _field_index(by_view, codes) for where, by_view in phrases.items()}
        self._regex = RegexBank(patterns)
        self._memo = _Memo(codes)
        self._fields = [f for f in Field if f in self._indexes or f in self._regex.fields]

    def __reduce__(self) -> tuple[type[Scanner], tuple[tuple[TopicRule, ...]]]:
        return (Scanner, (self._rules,))

    def evidence(self, article: CleanArticle) -> list[tuple[Ref, Field, int]]:
        """Every phrase and pattern found in the article: (which, where, occurrences), in no set order."""
        found: list[tuple[Ref, Field, int]] = []
        for where in self._fields:
            text = field_text(article, where)
            if not text:
                continue
            nfc = unicodedata.normalize("NFC", text)
            if where in self._indexes:
                # A NUL never survives normalization; in raw text it must not read as a line break.
                coded = self._memo.coded(split_field(nfc.replace(PARAGRAPH, " ") if PARAGRAPH in nfc else nfc))
                index = self._indexes[where]
                found += [(ref, where, n) for key, n in index.counts(self._views(coded)).items() for ref in index.refs[key]]
            if where in self._regex.fields:
                found += [(ref, where, n) for ref, n in self._regex.scan(fold_tone_marks(nfc))
                          if where in self._regex.rule_fields[ref.rule]]
        return found

    def scan(self, article: CleanArticle) -> list[Hit]:
        """Every hit in the article, of every rule, in rule, field and phrase order."""
        return sorted((Hit(ref, where, n) for ref, where, n in self.evidence(article)), key=_order)

    def _views(self, coded: str) -> str:
        """A field's coded text as one text per view (one code per word), VIEW_BREAK between them."""
        stride = self._stride
        return VIEW_BREAK.join([coded[v::stride] for v in range(stride)]) if stride > 1 else coded


_FIELD_ORDER = {where: n for n, where in enumerate(Field)}


def _order(hit: Hit) -> tuple[int, int, int]:
    return hit.ref.rule, _FIELD_ORDER[hit.where], hit.ref.seq


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
