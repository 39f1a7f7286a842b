"""File bytes -> text, or a clear refusal.

Order of trust: a byte-order mark (UTF-8, UTF-16); then UTF-8, which random
legacy bytes almost never pass; then the legacy Vietnamese encodings
(Windows-1258, VISCII, TCVN3, VNI), each decoded and scored by how many of its
words are common Vietnamese words, because a generic detector cannot tell them
apart on short texts; then charset-normalizer for other languages' legacy encodings.
A file no candidate decodes with confidence is an error naming it: silent
mojibake would be published and tagged wrongly.
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import cache
from importlib import resources

from digest.lang import detect_stoplist, stopword_share, stoplist_for, words
from digest.diagnostics import Diagnostic, DigestError

MIN_VIETNAMESE_SHARE = 0.2  # share of a decoding's words that must be common Vietnamese words
MAX_CHAOS = 0.2  # charset-normalizer's mess ratio above which a guess is mojibake
SAMPLE_BYTES = 64 * 1024  # enough text to judge an encoding; the whole file is decoded afterwards
# Byte tables over Latin-1; VNI spreads a letter over two bytes (base letter + mark), so a byte may become several
# code points, which NFC composes.
TABLES = {"TCVN3": "tcvn3.txt", "VISCII": "viscii.txt", "VNI": "vni.txt"}
_KEEP_ASCII_CONTROLS = (0x09, 0x0A, 0x0D)


@cache
def _table(name: str) -> dict[int, str]:
    text = resources.files("digest.load").joinpath("data", TABLES[name]).read_text(encoding="utf-8")
    rows = (line.split() for line in text.splitlines() if line and not line.startswith("#"))
    return {int(b, 16): "".join(chr(int(cp, 16)) for cp in cps) for b, *cps in rows if int(b, 16) not in _KEEP_ASCII_CONTROLS}


def _decode_legacy(data: bytes, encoding: str) -> str | None:
    if encoding in TABLES:
        return data.decode("latin-1").translate(_table(encoding))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _words(text: str) -> list[bytes]:
    return words(unicodedata.normalize("NFC", text))


def _vietnamese_share(text: str) -> float:
    return stopword_share(_words(text), stoplist_for("Vietnamese"))


def _language_share(text: str) -> float:
    """How well a decoding reads as some language: the share of its words in the best-fitting stoplist."""
    words = _words(text)
    return stopword_share(words, detect_stoplist(words))


def _refuse(shown: str, message: str, *, line: int | None = None) -> DigestError:
    return DigestError([Diagnostic(shown, message, line=line,
                                   hint="re-save the file as UTF-8 (in most editors: Save As, encoding UTF-8)")])


def decode_bytes(data: bytes, shown: str) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise _refuse(shown, f"broken {encoding} text at byte {exc.start}") from None
    if b"\x00" in data[:4096]:
        raise DigestError([Diagnostic(shown, "this is a binary file, not an article",
                                      hint="articles are .txt, .md or .html text files; move it out of content/")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        first_bad = data[exc.start]
    sample = data[:SAMPLE_BYTES]
    scored = []
    for encoding in ("cp1258", *TABLES):
        text = _decode_legacy(sample, encoding)
        if text is not None:
            scored.append((_vietnamese_share(text), encoding))
    share, encoding = max(scored, default=(0.0, ""))
    if share >= MIN_VIETNAMESE_SHARE:
        return unicodedata.normalize("NFC", _decode_legacy(data, encoding) or "")
    # charset-normalizer ranks by byte statistics alone and confuses Latin code pages on short
    # texts (è read as č); among its plausible decodings, keep the one that reads as a language.
    import charset_normalizer  # here, not at the top: most builds read only UTF-8 and need not load it

    guesses = [g for g in charset_normalizer.from_bytes(sample) if g.chaos <= MAX_CHAOS]
    if guesses:
        best = max(guesses, key=lambda g: (_language_share(str(g)), -g.chaos))
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    raise _refuse(shown, f"not UTF-8 text (byte 0x{first_bad:02x}) and no legacy encoding fits it with confidence",
                  line=bad_line)
