#!/usr/bin/env python3
"""How fast the cleaner runs: pages per second on typical dumps, and time against size.

The bar (issue 3): at least 1,000 typical 10 KB dumps per second on one core,
linear in size (a 10 MB dump in about a second), memory bounded. Typical
dumps are the evaluation corpus's pages, repeated to 10 KB; the large ones
repeat them to 1, 4 and 10 MB. Pages are cleaned as the build cleans them,
without the per-line verdicts only `digest clean --explain` reads; a second
figure keeps them. Peak memory comes from tracemalloc on the 10 MB run.
Usage: python benchmarks/cleaning/speed.py
"""
from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from digest.clean import clean_text  # noqa: E402
from digest.lang import prepare_language_guess  # noqa: E402

TYPICAL_BYTES = 10 * 1024


def page_of(size: int, texts: list[str], offset: int = 0) -> str:
    """Corpus pages joined until `size` bytes of UTF-8, starting at page `offset`."""
    parts, total, i = [], 0, offset
    while total < size:
        text = texts[i % len(texts)]
        parts.append(text)
        total += len(text.encode("utf-8"))
        i += 1
    return "\n\n".join(parts)


def rate(pages: list[str], seconds: float, *, keep_verdicts: bool) -> tuple[float, float]:
    """Pages cleaned per CPU second and per wall second, cleaning `pages` over and over for `seconds`."""
    # CPU time of this process is what "on one core" means; wall time on a shared machine also counts others' load.
    start, cpu_start, count = time.perf_counter(), time.process_time(), 0
    while time.perf_counter() - start < seconds:
        for page in pages:
            clean_text(page, keep_verdicts=keep_verdicts)
        count += len(pages)
    return count / (time.process_time() - cpu_start), count / (time.perf_counter() - start)


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((HERE / "corpus").glob("*/*.txt"))]
    pages = [page_of(TYPICAL_BYTES, texts, i) for i in range(len(texts))]
    prepare_language_guess(len(pages))  # as a build of many pages does: the language index is built first
    clean_text(pages[0])  # load the rest of what cleaning loads once
    mean_kb = sum(len(p.encode()) for p in pages) / len(pages) / 1024
    cpu, wall = rate(pages, 3.0, keep_verdicts=False)
    print(f"typical dumps ({mean_kb:.1f} KB): {cpu:,.0f} pages per CPU second, {wall:,.0f} pages/s "
          f"wall ({wall * mean_kb / 1024:.1f} MB/s)")
    cpu, _ = rate(pages, 1.0, keep_verdicts=True)
    print(f"  keeping each line's verdict (clean --explain): {cpu:,.0f} pages per CPU second")
    for megabytes in (1, 4, 10):
        page = page_of(megabytes * 1024 * 1024, texts)
        start, cpu_start = time.perf_counter(), time.process_time()
        clean_text(page, keep_verdicts=False)
        print(f"{megabytes:>2} MB dump: {time.perf_counter() - start:.2f} s ({time.process_time() - cpu_start:.2f} s CPU)")
    tracemalloc.start()
    clean_text(page, keep_verdicts=False)
    print(f"peak memory on the 10 MB dump: {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
