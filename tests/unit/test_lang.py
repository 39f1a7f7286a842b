"""Words as the cleaner and the decoder count them: exactly the casefolded `\\w+` runs, as UTF-8."""

import re

import pytest

from digest.lang import detect_stoplist, split_words, word_lines, words

TEXTS = [
    "Iraq bật đèn xanh cho NATO ở lại",
    "Ông nói: “Chúng tôi sẽ ở lại” – và rời đi…",  # curly quotes, dash, ellipsis: blanked before splitting
    "a\xa0b\u2009c\u202fd",  # no-break and thin spaces split words
    "ideographic\u3000space and em\u2003space",  # spaces bytes.split does not know: the regex reads the line
    "snake_case_name, x_1 and _",  # underscores are word characters
    "field\x1cseparator",  # whitespace to str.split, not to bytes.split
    "next\x85line",
    "© 2026 — price: 10€, 5→6 ★★",  # symbols that are not words
    "Straße DASS İstanbul ΣΊΣΥΦΟΣ",  # casefolding that changes length
    "تم الإعلان عن ٣ قرارات",  # Arabic letters and digits
    "broken \udcc3 byte",  # a lone surrogate kept by "surrogateescape"
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_words_are_the_casefolded_word_runs(text: str) -> None:
    expected = [w.encode("utf-8", "surrogatepass") for w in re.findall(r"\w+", text.casefold())]
    assert words(text) == expected


def test_a_page_split_at_once_equals_each_line_alone() -> None:
    page = "\n".join(TEXTS)
    assert split_words(word_lines(page)) == [words(line) for line in page.split("\n")]


def test_the_language_guess_reads_stopwords() -> None:
    vietnamese = "Các nhà lãnh đạo của hai nước đã có cuộc gặp và trao đổi về những vấn đề mà cả hai bên cùng quan tâm"
    english = "The leaders of the two countries met and talked about the issues that both of them care about"
    assert detect_stoplist(words(vietnamese)).language == "Vietnamese"
    assert detect_stoplist(words(english)).language in ("English", "Simple_English")  # jusText has both
    assert detect_stoplist(words("xq zv wk")).language == ""


def test_a_few_pages_are_counted_as_the_index_counts_many(monkeypatch) -> None:
    """Up to DIRECT_PAGES pages are guessed without building the index: each stoplist's count must be the same."""
    from digest import lang

    texts = ["Các nhà lãnh đạo của hai nước đã có cuộc gặp và trao đổi về những vấn đề",
             "The leaders of the two countries met and talked about the issues that both care about",
             "Les dirigeants des deux pays se sont rencontrés et ont parlé des questions qui les concernent",
             "Die Staatschefs der beiden Länder trafen sich und sprachen über die Fragen, die sie betreffen"]
    samples = [words(text) for text in texts]
    lists = lang._stoplists()
    lang._index.cache_clear()
    monkeypatch.setattr(lang._Guesses, "direct_left", 2 * len(samples))
    direct = [list(lang._hit_counts(sample, lists)) for sample in samples]
    guessed = [detect_stoplist(sample) for sample in samples]
    assert not lang._index.cache_info().currsize  # never built for these few pages
    lang.prepare_language_guess(lang._Guesses.direct_left + 1)
    assert lang._index.cache_info().currsize
    assert [list(lang._hit_counts(sample, lists)) for sample in samples] == direct
    assert [detect_stoplist(sample) for sample in samples] == guessed
    assert [s.language for s in guessed[:1] + guessed[2:]] == ["Vietnamese", "French", "German"]
