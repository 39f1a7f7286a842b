"""Cached articles: stored with their texts packed apart, read back equal, unpacked only when read."""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from pathlib import Path

from digest import cache
from digest.buildstate import Cleaned, StoredArticle, _pack, _unpack
from digest.model import CleanArticle, FrontMatter, SourceKind

ARTICLE = CleanArticle(
    rel="2021/12/nato.txt", kind=SourceKind.TEXT, title="Iraq bật đèn xanh cho NATO ở lại", lead="Ngày 13/2, ...",
    body_text="Đoạn một.\nĐoạn hai.", markup="", authors=("Thế Việt",), credits=("AP",),
    date=dt.datetime(2021, 12, 1, 8, 30, tzinfo=dt.timezone.utc), meta=FrontMatter(title=None, source="TGVN"))


def stored(article: CleanArticle = ARTICLE) -> StoredArticle:
    """The article as a later build reads it from the cache: written to a bucket file and read back, its packed
    fields a view of the file's memory map (which outlives the file's name)."""
    with tempfile.TemporaryDirectory() as folder:
        bucket = Path(folder) / "bucket.bin"
        cache.write_entry(bucket, _pack(Cleaned(article, (), "iraq-bat-den-xanh", "iraq nato")))
        cleaned = _unpack(cache.read_entry(bucket), article.rel)  # type: ignore[arg-type]
    assert cleaned is not None and isinstance(cleaned.clean, StoredArticle)
    return cleaned.clean


def test_a_stored_article_reads_back_equal_to_the_cleaned_one() -> None:
    article = stored()
    assert article == ARTICLE and ARTICLE == article and hash(article) == hash(ARTICLE)
    assert (article.title, article.body, article.meta, article.body_html) == (
        ARTICLE.title, ARTICLE.body, ARTICLE.meta, ARTICLE.body_html)
    assert pickle.loads(pickle.dumps(article)) == ARTICLE


def test_its_texts_are_unpacked_only_when_one_is_read() -> None:
    article = stored()
    assert (article.rel, article.kind, article.title, article.date) == (
        ARTICLE.rel, ARTICLE.kind, ARTICLE.title, ARTICLE.date)
    assert hasattr(article, "_stored")  # the plan, the page keys and the search index read no more than that
    assert article.lead == ARTICLE.lead
    assert not hasattr(article, "_stored")  # all fields were filled at once
    assert not hasattr(article, "no_such_field")


def test_an_article_never_read_is_stored_again_as_it_came() -> None:
    article = stored()
    packed = article._stored
    again = _pack(Cleaned(article, (), "iraq-bat-den-xanh", "iraq nato"))
    assert again is not None and isinstance(again[0][-1], cache.Blob)  # type: ignore[index]
    assert again[0][-1].raw().obj is packed and hasattr(article, "_stored")  # type: ignore[index]
