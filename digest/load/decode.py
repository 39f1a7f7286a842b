"""File bytes -> text, or a clear refusal.

A file we cannot decode with confidence is an error naming it: silent mojibake
would be published and tagged wrongly.
"""

from __future__ import annotations

import codecs

from digest.diagnostics import Diagnostic, DigestError


def decode_bytes(data: bytes, shown: str) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise DigestError([Diagnostic(shown, f"broken {encoding} text at byte {exc.start}",
                                              hint="re-save the file as UTF-8")]) from None
    if b"\x00" in data[:4096]:
        raise DigestError([Diagnostic(shown, "this is a binary file, not an article",
                                      hint="articles are .txt, .md or .html text files; move it out of content/")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DigestError([Diagnostic(shown, f"not UTF-8 text (byte 0x{data[exc.start]:02x})", line=line,
                                      hint="re-save the file as UTF-8")]) from None
