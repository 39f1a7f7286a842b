"""Diagnostics to the terminal: every verb prints them the same way, on stderr."""

from __future__ import annotations

import sys
from typing import Iterable

from digest.diagnostics import Diagnostic


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for d in diagnostics:
        print(d.format(), file=sys.stderr)
