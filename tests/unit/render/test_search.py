"""The search index folds Vietnamese so words typed without diacritics find their articles."""

from __future__ import annotations

import json

from digest.config import SiteConfig
from digest.model import Topic
from digest.render.plan import plan_site
from digest.render.search import SearchIndex, search_words, shard_of

from render_helpers import make_article


def lookup(files: dict[str, bytes], word: str) -> list[str]:
    """What search.js does for one word: read its shard, decode the postings, map to slugs."""
    docs = json.loads(files["search/docs.json"])
    shard = json.loads(files.get(f"search/words/{shard_of(word)}.json", b"{}"))
    numbers, n = [], 0
    for i, delta in enumerate(shard.get(word, "").split(",") if word in shard else []):
        n = (n if i else 0) + int(delta, 36)
        numbers.append(n)
    return [docs[i][0] for i in numbers]


def test_words_are_folded_without_diacritics():
    assert search_words("Hiệp ước Bắc Đại Tây Dương, hoà bình") == {"hiep", "uoc", "bac", "dai", "tay", "duong", "hoa", "binh"}


def test_index_finds_articles_by_words_without_diacritics():
    articles = [make_article(f"a{i}", ("a",), day=i, body=("Đoạn thường.",)) for i in range(1, 31)]
    articles.append(make_article("nato", ("a",), day=20, title="Iraq bật đèn xanh", body=("Tổ chức Hiệp ước Bắc Đại Tây Dương.",)))
    plan = plan_site(articles, (Topic("a", "A"),), SiteConfig())
    files = dict(SearchIndex(plan).files())
    assert lookup(files, "hiep") == ["nato"] and lookup(files, "den") == ["nato"]
    assert len(lookup(files, "doan")) == 30
    assert lookup(files, "khongco") == []
    assert all(name.startswith("search/") for name in files)
