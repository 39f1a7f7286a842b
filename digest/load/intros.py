"""content/editions/<edition id>.md -> the editor's intro for that edition.

Intros are Markdown read as is (no front matter, no cleaning); discover.py
keeps them out of the articles. A file that cannot be read is reported and the
others still load.
"""

from __future__ import annotations

from pathlib import Path

from digest.diagnostics import Diagnostic, DigestError, display_path
from digest.load.decode import decode_bytes
from digest.text import normalize_text

INTRO_DIR = "editions"


def load_intros(project: Path, content_dir: Path) -> tuple[dict[str, str], tuple[Diagnostic, ...]]:
    intros: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for path in sorted((content_dir / INTRO_DIR).glob("*.md")):
        shown = display_path(path, project)
        try:
            intros[path.stem] = normalize_text(decode_bytes(path.read_bytes(), shown)).strip()
        except DigestError as exc:
            problems.extend(exc.diagnostics)
        except OSError as exc:
            problems.append(Diagnostic(shown, f"cannot read the file: {exc.strerror}"))
    return intros, tuple(problems)
