"""Frozen slotted dataclasses sent between processes pickle as tuples of their fields, and read back equal."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from digest import cache
from digest.buildstate import Cleaned, Record, StoredArticle, _pack, _unpack
from digest.diagnostics import Diagnostic
from digest.model import FrontMatter, SourceDocument, SourceKind
from digest.pickling import tuple_state
from digest.render.pages import Seen
from digest.write import Put

from test_stored_article import ARTICLE

CLEANED = Cleaned(ARTICLE, (Diagnostic("content/a.txt", "no date", line=3),), "iraq-bat-den-xanh", "iraq nato")
OBJECTS = [
    ARTICLE, ARTICLE.meta, CLEANED, CLEANED.problems[0],
    SourceDocument("a.md", SourceKind.MARKDOWN, "# Tiêu đề\n\nĐoạn.", 5, FrontMatter(title="Tiêu đề"), "ab" * 32),
    Record((12, 34), "ab" * 32, (), SourceKind.TEXT, site="x", lines=b"\x00\x01", clean_key="k", cleaned=CLEANED),
    Put("a/index.html", "a/index.html", "f" * 32, ("f" * 32, 10, 20)), Seen("topic", False, frozenset({"title"})),
]


@pytest.mark.parametrize("value", OBJECTS, ids=lambda value: type(value).__name__)
def test_a_value_pickles_as_its_fields_and_reads_back_equal(value: object) -> None:
    assert value.__getstate__() == tuple(getattr(value, f.name) for f in fields(value))  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) == value


def test_a_stored_article_never_read_pickles_whole(tmp_path: Path) -> None:
    """As the cache gives it back: its packed fields a view of the cache file's memory map."""
    cache.write_entry(tmp_path / "bucket.bin", _pack(CLEANED))
    cleaned = _unpack(cache.read_entry(tmp_path / "bucket.bin"), ARTICLE.rel)  # type: ignore[arg-type]
    assert cleaned is not None and isinstance(cleaned.clean, StoredArticle) and hasattr(cleaned.clean, "_stored")
    assert pickle.loads(pickle.dumps(cleaned, protocol=pickle.HIGHEST_PROTOCOL)) == CLEANED


def test_a_state_pickled_as_a_list_still_loads() -> None:
    """What Python's own dataclass pickling wrote: the same values in a list."""
    value = FrontMatter.__new__(FrontMatter)
    value.__setstate__([getattr(ARTICLE.meta, f.name) for f in fields(FrontMatter)])
    assert value == ARTICLE.meta


def test_a_class_of_one_field_is_refused() -> None:
    with pytest.raises(TypeError, match="two fields"):
        @tuple_state
        @dataclass(frozen=True, slots=True)
        class One:
            only: int
