"""Editing an output file's last bytes instead of making the file again.

After an edit that moves nothing, a sitemap or a search index's document list
differs from the last one in a few known pieces (a renamed article's address,
its entry); finding and swapping them costs a fraction of encoding the file
again at 10,000 articles.
"""

from __future__ import annotations

from typing import Iterable


def swap_once(last: bytes, swaps: Iterable[tuple[bytes, bytes]]) -> bytes | None:
    """`last` with each (old, new) pair's old bytes replaced by its new ones, all at once (one pair's new bytes
    may be another's old ones); None unless each old piece is found exactly once."""
    found: list[tuple[int, bytes, bytes]] = []
    for old, new in swaps:
        at = last.find(old)
        if at < 0 or last.find(old, at + 1) >= 0:
            return None
        found.append((at, old, new))
    pieces: list[bytes] = []
    done = 0
    for at, old, new in sorted(found):
        pieces += (last[done:at], new)
        done = at + len(old)
    return b"".join([*pieces, last[done:]])
