"""Diagnostics: the one shape every user-facing problem takes.

Config, front matter, topic rules, templates and the cleaner all report a
`Diagnostic`; only `cli.py` turns them into output and an exit code. Keeping
one format means an editor learns to read `file:line:col: error: message` once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from digest.pickling import tuple_state


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@tuple_state
@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str  # as shown to the user: relative to the project where possible
    message: str
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def warning(path: str, message: str, **kw: object) -> Diagnostic:
    return Diagnostic(path, message, severity=Severity.WARNING, **kw)  # type: ignore[arg-type]


class DigestError(Exception):
    """A problem the user can fix; carries every diagnostic found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project when they are inside it."""
    if ".." not in path.parts:
        try:
            return path.relative_to(root).as_posix()  # no file system lookups: a build shows thousands of paths
        except ValueError:
            pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def errors_in(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]
