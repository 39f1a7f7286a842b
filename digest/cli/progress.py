"""Build progress -> one self-rewriting line per stage on a terminal.

Drawn on stderr and only when it is a terminal (`build_cmd` checks), so logs
and pipes get the summary line alone. Redrawn at most every REDRAW_SECONDS,
and only for stages with enough items to be worth watching.
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1
MIN_ITEMS = 200  # shorter stages finish before a bar could be read


class ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stage = ""
        self.drawn = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < MIN_ITEMS:
            return
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.drawn < REDRAW_SECONDS:
            return
        if stage != self.stage and self.stage:
            self.stream.write("\n")
        self.stage, self.drawn = stage, now
        filled = BAR_WIDTH * done // total
        self.stream.write(f"\r{stage:<14} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        if self.stage:
            self.stream.write("\n")
            self.stream.flush()
