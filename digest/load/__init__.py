"""content/ -> SourceDocuments.

Reading is I/O and the only place file bytes are decoded; everything after it
works on normalized text. One bad file is reported and the others still load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from digest.diagnostics import Diagnostic, DigestError, display_path, warning
from digest.load.decode import decode_bytes
from digest.load.discover import ARTICLE_KINDS, discover_articles
from digest.load.frontmatter import split_front_matter
from digest.model import SourceDocument
from digest.text import normalize_text


@dataclass(frozen=True, slots=True)
class LoadResult:
    documents: tuple[SourceDocument, ...]
    diagnostics: tuple[Diagnostic, ...]
    drafts_skipped: int = 0


def load_document(path: Path, content_dir: Path, *, zone: dt.tzinfo, shown: str | None = None) -> SourceDocument:
    """One article file -> SourceDocument, or DigestError naming the file."""
    rel = path.relative_to(content_dir).as_posix()
    shown = shown or rel
    data = path.read_bytes()
    text = normalize_text(decode_bytes(data, shown))
    meta, body, first_line = split_front_matter(text, shown, zone=zone)
    return SourceDocument(rel=rel, kind=ARTICLE_KINDS[path.suffix.lower()], text=body, first_line=first_line,
                          meta=meta, checksum=hashlib.sha256(data).hexdigest())


def try_load_document(path: Path, content_dir: Path, *, zone: dt.tzinfo,
                      shown: str) -> tuple[SourceDocument | None, tuple[Diagnostic, ...]]:
    """`load_document`, with a failure returned as diagnostics naming the file, so callers go on with the others."""
    try:
        return load_document(path, content_dir, zone=zone, shown=shown), ()
    except DigestError as exc:
        return None, exc.diagnostics
    except OSError as exc:
        return None, (Diagnostic(shown, f"cannot read the file: {exc.strerror}"),)


def load_sources(project: Path, content_dir: Path, *, zone: dt.tzinfo, drafts: bool = False,
                 paths: Sequence[Path] | None = None) -> LoadResult:
    """Every article under content_dir, or only `paths` (what `serve` reloads after an edit)."""
    documents: list[SourceDocument] = []
    problems: list[Diagnostic] = []
    skipped = 0
    for path in discover_articles(content_dir) if paths is None else paths:
        shown = display_path(path, project)
        doc, failed = try_load_document(path, content_dir, zone=zone, shown=shown)
        problems.extend(failed)
        if doc is None:
            continue
        if doc.meta.draft and not drafts:
            skipped += 1
            continue
        if not doc.text.strip():
            problems.append(warning(shown, "the article is empty; skipped", hint="add text below the front matter or delete the file"))
            continue
        documents.append(doc)
    return LoadResult(tuple(documents), tuple(problems), skipped)
