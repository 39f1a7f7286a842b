"""Editors' regular expressions, run by RE2 so that no pattern can hang a build.

Python's `re` backtracks: `(a+)+$` takes exponential time on "aaaa...b", and a
rule file is written by people who should not need to know that. RE2 (Google's
engine, the `google-re2` package) guarantees time linear in the text; it has no
lookaround or backreferences, and `check_pattern` says so when a pattern uses
them. All patterns of one accent mode go into one `re2.Set`, so an article is
read once for all of them; only the patterns that matched are run again to
count whole-word matches.
"""

from __future__ import annotations

import re

import re2

from digest.text import fold_tone_marks, strip_accents
from digest.topics.rules import Accents, Field, Phrase, Ref

# Unicode spaces (no-break, thin, ...) read as plain spaces, so ` ` and `\s` in a pattern find them.
_UNICODE_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# RE2's \w and \b know ASCII letters only: "\w+" would stop inside "Đông".
_ASCII_ONLY = {"w": r"[\pL\pN_]", "W": r"[^\pL\pN_]", "b": "nothing (patterns match whole words already)",
               "B": "nothing (patterns match whole words already)"}


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # errors are reported as diagnostics, not printed by the library
    return options


def pattern_source(phrase: Phrase) -> str:
    """The pattern as RE2 runs it: tone marks folded like the text, case and accents per the rule."""
    text = fold_tone_marks(phrase.text)
    if phrase.view.accents is Accents.IGNORE:
        text = strip_accents(text)
    return text if phrase.view.case_sensitive else "(?i)" + text


def check_pattern(phrase: Phrase) -> tuple[str, str] | None:
    """(message, hint) when the pattern cannot be used, else None."""
    text = phrase.text
    i = 0
    while i < len(text) - 1:
        if text[i] == "\\":
            if text[i + 1] in _ASCII_ONLY:
                return (f"\\{text[i + 1]} only knows ASCII letters here, so it would split Vietnamese words",
                        f"write {_ASCII_ONLY[text[i + 1]]} instead")
            i += 1
        i += 1
    try:
        compiled = re2.compile(pattern_source(phrase), _options())
    except re2.error as exc:
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        return (f"invalid regular expression: {detail}",
                "patterns use RE2 syntax (no lookaround, no backreferences); for a plain phrase use `any` instead")
    if compiled.search("") is not None:
        return ("the pattern also matches empty text, so it would match every article",
                "require at least one character, e.g. `+` instead of `*`")
    return None


def regex_text(text: str, accents: Accents) -> str:
    """The text as patterns of one accent mode search it."""
    return _searched(fold_tone_marks(text), accents)


def _searched(toned: str, accents: Accents) -> str:
    text = _UNICODE_SPACES.sub(" ", toned)
    return strip_accents(text) if accents is Accents.IGNORE else text


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_byte_spans(compiled: re2._Regexp, data: bytes) -> list[tuple[int, int]]:
    """Matches in UTF-8 `data` (byte offsets) that neither start nor end inside a word, like phrases.

    Bytes, not text: RE2 reads UTF-8, and handing it `str` re-encodes the text at every match.
    """
    spans = []
    for m in compiled.finditer(data):
        start, end = m.span()
        before = data[max(0, start - 4):start].decode("utf-8", "ignore")[-1:]  # the character before `start`
        after = data[end:end + 4].decode("utf-8", "ignore")[:1]
        if end > start and not (before and _is_word(before)) and not (after and _is_word(after)):
            spans.append((start, end))
    return spans


def whole_word_spans(compiled: re2._Regexp, text: str) -> list[tuple[int, int]]:
    """Matches that neither start nor end inside a word, as offsets into `text`."""
    data = text.encode()
    return [(len(data[:start].decode()), len(data[:end].decode())) for start, end in _word_byte_spans(compiled, data)]


def compile_pattern(phrase: Phrase) -> re2._Regexp:
    return re2.compile(pattern_source(phrase), _options())


class RegexBank:
    """Every pattern of a rule set, one RE2 set per accent mode."""

    def __init__(self, patterns: list[tuple[Phrase, Ref, tuple[Field, ...]]]) -> None:
        self.fields: set[Field] = set()
        self.rule_fields: dict[int, tuple[Field, ...]] = {ref.rule: fields for _, ref, fields in patterns}
        self._groups: list[tuple[Accents, re2.Set, list[tuple[re2._Regexp, Ref]]]] = []
        for accents in Accents:
            members = [(p, ref) for p, ref, fields in patterns if p.view.accents is accents]
            if not members:
                continue
            self.fields.update(f for p, _, fields in patterns if p.view.accents is accents for f in fields)
            bank = re2.Set.SearchSet(_options())
            for phrase, _ in members:
                bank.Add(pattern_source(phrase))
            bank.Compile()
            self._groups.append((accents, bank, [(compile_pattern(p), ref) for p, ref in members]))

    def scan(self, toned: str) -> list[tuple[Ref, int]]:
        """Patterns found in one field's text, already tone-folded (`fold_tone_marks`): (which, whole-word matches)."""
        found = []
        for accents, bank, compiled in self._groups:
            searched = _searched(toned, accents).encode()
            for n in bank.Match(searched) or ():
                pattern, ref = compiled[n]
                count = len(_word_byte_spans(pattern, searched))
                if count:
                    found.append((ref, count))
        return found
