"""The search index folds Vietnamese so words typed without diacritics find their articles."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from digest.config import SiteConfig
from digest.model import Topic
from digest.render.plan import plan_site
from digest.render.search import (article_words, edit_search_files, search_entry, search_files, search_words,
                                  shard_of)

from digest.text import strip_accents

from render_helpers import make_article

SAMPLES = sorted((Path(__file__).parents[3] / "content" / "articles").glob("*.txt"))


def lookup(files: dict[str, bytes], word: str) -> list[str]:
    """What search.js does for one word: read its shard, decode the postings, map to slugs."""
    docs = json.loads(files["search/docs.json"])
    shard = json.loads(files.get(f"search/words/{shard_of(word)}.json", b"{}"))
    numbers, n = [], 0
    for i, step in enumerate(shard.get(word, "").split(",") if word in shard else []):
        n = n - int(step, 36) if i else int(step, 36)  # newest first: the first number, then steps down
        numbers.append(n)
    return [docs[i][0] for i in numbers]


def test_words_are_folded_without_diacritics():
    assert search_words("Hiệp ước Bắc Đại Tây Dương, hoà bình") == {"hiep", "uoc", "bac", "dai", "tay", "duong", "hoa", "binh"}


def test_both_tone_placements_and_decomposed_text_give_the_same_words():
    text = "Hòa bình, HOÀ BÌNH; thủy thuỷ \u0110ường"
    assert search_words(text) == search_words(unicodedata.normalize("NFD", text)) == {"hoa", "binh", "thuy", "duong"}


def folded_by_regex(text: str) -> set[str]:
    """What search.js matches: each run of word characters and combining marks, accents stripped, split into words."""
    runs = re.findall(r"[\w\u0300-\u036f]+", unicodedata.normalize("NFC", text).casefold())
    return {word for run in runs for word in re.findall(r"\w+", strip_accents(run))}


@pytest.mark.parametrize("text", [
    "Tổng thống nói: “Chúng tôi — và họ — đồng ý…” (ngày 1/2/2024), giá 1.000\xa0đồng; snake_case; C++ & Đà Nẵng",
    "Ngu\u1ef5\u0302n e\u0304\u0301 z\u0323\u0306",  # marks with no precomposed form: the regex path
    "Straße İstanbul ΣΊΣΥΦΟΣ ﬁnal ½ ١٢٣ 日本語 \u0483x y\u20d0z",
    "ﾃｽﾄ\x1cword\x1dsplit\u2028line\u3000ideographic\ud800lone",
    "",
])
def test_words_split_at_whitespace_are_the_words_the_regex_finds(text: str) -> None:
    assert search_words(text) == folded_by_regex(text)


def test_words_of_real_articles_are_the_words_the_regex_finds() -> None:
    assert SAMPLES
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        assert search_words(text) == folded_by_regex(text), sample.name


@pytest.mark.parametrize("text", [
    "Tổng thống nói: “Chúng tôi — và họ — đồng ý…” (ngày 1/2/2024), giá 1.000\xa0đồng; Đà Nẵng",
    "Ngu\u1ef5\u0302n e\u0304\u0301 z\u0323\u0306 \u0301lone mark",  # marks with no precomposed form
    "Straße İstanbul ΣΊΣΥΦΟΣ ﬁnal\u2000quad\u2001x\x1cword\x1dsplit\u2028line\u3000ideographic\ud800lone",
    "Hoà bình, HÒA BÌNH (Hoà", "",
])
def test_an_articles_words_are_the_words_of_its_text(text: str) -> None:
    """`article_words` looks each piece between whitespace up once per process; the words are those of the
    whole text, seen anew and seen again."""
    article = make_article("a", title="Tiêu đề (riêng)", lead="Mở\u2003đầu, khác", body=(text, text.upper()))
    expected = search_words("\n".join((article.clean.title, article.clean.lead, *article.clean.body)))
    assert article_words(article.clean) == expected
    assert article_words(article.clean) == expected


_WORDS_IN_ORDER = """
from digest.render.search import article_words
from render_helpers import make_article
article = make_article("a", title="Ngày 1/2/2024: Hà Nội", lead="Mưa, mưa to ở Hà Nội.",
                       body=("Đà Nẵng 12-3-2025 nắng.",))
print(" ".join(article_words(article.clean)))
"""


def test_an_articles_words_are_in_the_same_order_in_every_process() -> None:
    """The cache keeps them as one string: the order must not be the hash order of a process (PYTHONHASHSEED)."""
    orders = {subprocess.run([sys.executable, "-c", _WORDS_IN_ORDER], cwd=Path(__file__).parent, capture_output=True,
                             text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
              for seed in ("1", "2", "3")}
    assert orders == {"ngay 1 2 2024 ha noi mua to o da nang 12 2025 3\n"}  # a piece's words sorted


def test_index_finds_articles_by_words_without_diacritics():
    articles = [make_article(f"a{i}", ("a",), day=i, body=("Đoạn thường.",)) for i in range(1, 31)]
    articles.append(make_article("nato", ("a",), day=20, title="Iraq bật đèn xanh", body=("Tổ chức Hiệp ước Bắc Đại Tây Dương.",)))
    plan = plan_site(articles, (Topic("a", "A"),), SiteConfig())
    files = dict(search_files(plan))
    assert lookup(files, "hiep") == ["nato"] and lookup(files, "den") == ["nato"]
    assert len(lookup(files, "doan")) == 30
    assert lookup(files, "khongco") == []
    assert all(name.startswith("search/") for name in files)


@pytest.mark.parametrize("numbered", [False, True])
def test_an_edit_of_the_last_index_files_gives_the_bytes_of_a_whole_new_index(numbered):
    """`numbered`: the caller knows the plan keeps the last numbering, and gives each edited article's last
    entry: the document list is then read only when the edit changed the article's entry."""
    for retitled in (True, False):
        topics = (Topic("a", "A"),)
        before = [make_article(f"a{i}", ("a",), day=i, body=(f"Đoạn thường số {i}.",)) for i in range(1, 6)]
        before.append(make_article("nato", ("a",), day=9, body=("Zebra xylophone hòa bình.",)))
        title = {"title": "Tiêu đề mới"} if retitled else {}
        after = before[:-1] + [make_article("nato", ("a",), day=9, body=("Quasar hòa bình.",), **title)]
        old_plan, new_plan = plan_site(before, topics, SiteConfig()), plan_site(after, topics, SiteConfig())
        old_files = dict(search_files(old_plan))
        read: list[str] = []

        def reading(out: str) -> bytes | None:
            read.append(out)
            return old_files.get(out)

        def last_entry(article):
            return search_entry(article.slug, old_plan.by_slug[article.slug].clean)
        edited = new_plan.by_slug["nato"]
        found = edit_search_files(new_plan, [(edited, article_words(old_plan.by_slug["nato"].clean),
                                              article_words(edited.clean))], reading,
                                  last_entry=last_entry if numbered else None)
        assert found is not None
        files, emptied = found
        expected = dict(search_files(new_plan))
        assert {**{k: v for k, v in old_files.items() if k not in emptied}, **dict(files)} == expected
        assert "search/words/ze.json" in emptied and "search/words/qu.json" in dict(files)
        assert ("search/docs.json" in dict(files)) == retitled  # the document list is written again if it changed
        assert ("search/docs.json" in read) == (retitled or not numbered)


def test_an_index_whose_order_changed_is_not_edited():
    topics = (Topic("a", "A"),)
    articles = [make_article(f"a{i}", ("a",), day=i) for i in range(1, 4)]
    old_files = dict(search_files(plan_site(articles, topics, SiteConfig())))
    moved = plan_site(articles[:2] + [make_article("a3", ("a",), day=28)] + [make_article("b", ("a",), day=2)],
                      topics, SiteConfig())
    assert edit_search_files(moved, [], old_files.get) is None


def test_an_added_newest_article_edits_the_index_and_an_older_one_renumbers_it():
    topics = (Topic("a", "A"),)
    before = [make_article(f"a{i}", ("a",), day=i, body=(f"Đoạn thường số {i}.",)) for i in range(1, 6)]
    old_plan = plan_site(before, topics, SiteConfig())
    old_files = dict(search_files(old_plan))
    newest = make_article("moi", ("a",), day=9, title="Tin mới nhất", body=("Quasar hòa bình.",))
    new_plan = plan_site(before + [newest], topics, SiteConfig())
    found = edit_search_files(new_plan, [(new_plan.by_slug["moi"], None, article_words(newest.clean))],
                              old_files.get)
    assert found is not None
    files, emptied = found
    assert {**{k: v for k, v in old_files.items() if k not in emptied}, **dict(files)} == dict(search_files(new_plan))
    assert not emptied and "search/words/qu.json" in dict(files) and "search/words/do.json" not in dict(files)
    assert edit_search_files(new_plan, [], old_files.get) is None  # the words of an added article must be given
    # One dated among the others renumbers those after it: every shard of the last index is edited.
    older = make_article("cu", ("a",), day=3, title="Tin cũ", body=("Quasar, đoạn thường.",))
    older_plan = plan_site(before + [older], topics, SiteConfig())
    edits = [(older_plan.by_slug["cu"], None, article_words(older.clean))]
    assert edit_search_files(older_plan, edits, old_files.get, most_renumbered=1) is None  # without the files
    assert edit_search_files(older_plan, edits, old_files.get, files=old_files.keys()) is None  # renumbers 3 of 5
    found = edit_search_files(older_plan, edits, old_files.get, files=old_files.keys(), most_renumbered=1)
    assert found is not None and not found[1]
    assert {**old_files, **dict(found[0])} == dict(search_files(older_plan))


def test_articles_moved_and_deleted_in_the_numbering():
    """An article whose date changed moves among the others (they are renumbered around it); one deleted leaves
    a number no article takes, and the index is made whole."""
    topics = (Topic("a", "A"),)
    before = [make_article(f"a{i}", ("a",), day=i, body=(f"Đoạn thường số {i}.",)) for i in range(1, 9)]
    old_plan = plan_site(before, topics, SiteConfig())
    old_files = dict(search_files(old_plan))
    moved = [make_article("a2", ("a",), day=7, body=("Đoạn số 2, nay mới hơn.",)),
             make_article("a7", ("a",), day=1, body=("Đoạn thường số 7.",))]
    after = [a for a in before if a.slug not in ("a2", "a7")] + moved
    new_plan = plan_site(after, topics, SiteConfig())
    edits = [(new_plan.by_slug[a.slug], article_words(old_plan.by_slug[a.slug].clean), article_words(a.clean))
             for a in moved]
    found = edit_search_files(new_plan, edits, old_files.get, files=old_files.keys(), most_renumbered=1)
    assert found is not None
    files, emptied = found
    assert {**{k: v for k, v in old_files.items() if k not in emptied}, **dict(files)} == dict(search_files(new_plan))
    assert lookup(dict(search_files(new_plan)), "moi") == ["a2"]
    fewer = plan_site(before[1:], topics, SiteConfig())
    assert edit_search_files(fewer, [], old_files.get, files=old_files.keys(), most_renumbered=1) is None


def test_newest_articles_added_beside_an_edit_of_an_old_one_give_the_bytes_of_a_whole_new_index():
    """Words the added articles share with older ones get their numbers in front of the old postings; the old
    article's edit takes its number out of some words' postings and adds it to others."""
    topics = (Topic("a", "A"),)
    before = [make_article(f"a{i}", ("a",), day=i, body=(f"Đoạn thường số {i} về Hà Nội.",)) for i in range(1, 9)]
    old_plan = plan_site(before, topics, SiteConfig())
    old_files = dict(search_files(old_plan))
    edited = make_article("a2", ("a",), day=2, body=("Đoạn mới về Đà Nẵng.",))
    added = [make_article("moi", ("a",), day=20, title="Tin mới", body=("Đoạn thường về Hà Nội và Quasar.",)),
             make_article("moi-hon", ("a",), day=21, title="Tin mới hơn", body=("Hà Nội, số 9.",))]
    after = [edited if a.slug == "a2" else a for a in before] + added
    new_plan = plan_site(after, topics, SiteConfig())
    edits = [(new_plan.by_slug["a2"], article_words(old_plan.by_slug["a2"].clean), article_words(edited.clean))]
    edits += [(new_plan.by_slug[a.slug], None, article_words(a.clean)) for a in added]
    found = edit_search_files(new_plan, edits, old_files.get)
    assert found is not None
    files, emptied = found
    whole = dict(search_files(new_plan))
    assert {**{k: v for k, v in old_files.items() if k not in emptied}, **dict(files)} == whole
    assert lookup(whole, "ha") == ["moi-hon", "moi", "a8", "a7", "a6", "a5", "a4", "a3", "a1"]
    assert lookup(whole, "da") == ["a2"] and lookup(whole, "thuong") == ["moi", "a8", "a7", "a6", "a5", "a4", "a3", "a1"]


@pytest.mark.parametrize("newer", [5, 100, 290])
def test_an_article_added_among_hundreds_renumbers_their_long_postings(newer: int) -> None:
    """Lists are decoded from their front only as far as the edit reaches: the added article is dated as the
    `newer`-th newest, so its number falls within the first few, the first hundreds, or near the end of each list."""
    topics = (Topic("a", "A"),)
    before = [make_article(f"a{i:03}", ("a",), month=i // 28 + 1, day=i % 28 + 1, body=(f"Đoạn thường số {i}.",))
              for i in range(300)]
    old_files = dict(search_files(plan_site(before, topics, SiteConfig())))
    at = before[len(before) - newer]
    added = make_article("b", ("a",), month=at.clean.date.month, day=at.clean.date.day, body=("Đoạn thường mới.",))
    new_plan = plan_site(before + [added], topics, SiteConfig())
    edits = [(new_plan.by_slug["b"], None, article_words(added.clean))]
    found = edit_search_files(new_plan, edits, old_files.get, files=old_files.keys(), most_renumbered=1)
    assert found is not None
    assert (edit_search_files(new_plan, edits, old_files.get, files=old_files.keys()) is None) == (newer > 100)
    whole = dict(search_files(new_plan))
    assert {**old_files, **dict(found[0])} == whole
    assert lookup(whole, "doan").index("b") == newer - 1  # dated as the newer-th newest, "b" sorts before it


def test_a_numbered_edit_whose_last_entry_is_not_in_the_document_list_makes_the_index_whole():
    """`last_entry` vouches for what the list holds; a list that does not hold it (edited by hand, from another
    build) is not patched but made again."""
    topics = (Topic("a", "A"),)
    before = [make_article(f"a{i}", ("a",), day=i, body=(f"Đoạn số {i}.",)) for i in range(1, 4)]
    after = before[:-1] + [make_article("a3", ("a",), day=3, title="Tiêu đề mới", body=("Đoạn số 3.",))]
    old_plan, new_plan = plan_site(before, topics, SiteConfig()), plan_site(after, topics, SiteConfig())
    old_files = dict(search_files(old_plan))
    edited = new_plan.by_slug["a3"]
    words = article_words(edited.clean)
    found = edit_search_files(new_plan, [(edited, words, words)], old_files.get,
                              last_entry=lambda a: search_entry(a.slug, old_plan.by_slug[a.slug].clean))
    assert found is not None and dict(found[0]) == {"search/docs.json": dict(search_files(new_plan))["search/docs.json"]}
    assert edit_search_files(new_plan, [(edited, words, words)], old_files.get,
                             last_entry=lambda a: ["a3", "Không có trong danh sách", ""]) is None
