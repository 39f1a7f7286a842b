"""Phrases match whole syllables, with Vietnamese-aware case, accent and tone-mark folding."""

from __future__ import annotations

import pytest

from digest.text import fold_tone_marks
from digest.topics.match import PARAGRAPH, WORD, words
from topics_helpers import rules_from, topics_of

NGA = "- id: nga\n  title: Nga\n  any: [Nga]\n"
IS = "- id: is\n  title: IS\n  case_sensitive: true\n  any: [IS]\n"


@pytest.mark.parametrize("text, expected", [
    ("Nga và Ukraine", ("nga",)),
    ("quan hệ Nga-Mỹ", ("nga",)),
    ("“Nga” tuyên bố", ("nga",)),
    ("NGA", ("nga",)),
    ("Ngà voi", ("khac",)),
    ("ngân hàng", ("khac",)),
    ("ngã ba", ("khac",)),
    ("Nganh", ("khac",)),
])
def test_nga_matches_whole_syllables_only(tmp_path, text, expected):
    assert topics_of(rules_from(tmp_path, NGA), text) == expected


@pytest.mark.parametrize("text, expected", [
    ("nhóm IS tự xưng", ("is",)),
    ("(IS)", ("is",)),
    ("ISIS", ("khac",)),
    ("this is it", ("khac",)),
    ("Is it?", ("khac",)),
])
def test_case_sensitive_topic_and_word_boundaries(tmp_path, text, expected):
    assert topics_of(rules_from(tmp_path, IS), text) == expected


def test_tone_mark_placement_matches_both_ways(tmp_path):
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  any: [hòa bình, thuỷ điện, khỏe]\n")
    for text in ("hoà bình", "HÒA BÌNH", "thủy điện", "Thuỷ Điện", "khoẻ", "Khỏe"):
        assert topics_of(rules, text) == ("a",), text
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  any: [{phrase: Hoà Bình, case_sensitive: true}]\n")
    assert topics_of(rules, "Hòa Bình") == ("a",)
    assert topics_of(rules, "hòa bình") == ("khac",)


def test_decomposed_text_matches_like_composed(tmp_path):
    import unicodedata
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  any: [Trung Đông]\n")
    assert topics_of(rules, unicodedata.normalize("NFD", "khu vực Trung Đông")) == ("a",)


def test_accents_strict_by_default_and_ignore_on_request(tmp_path):
    strict = rules_from(tmp_path, "- id: a\n  title: A\n  any: [Bac Dai Tay Duong]\n")
    assert topics_of(strict, "Bắc Đại Tây Dương") == ("khac",)
    loose = rules_from(tmp_path, "- id: a\n  title: A\n  accents: ignore\n  any: [Bac Dai Tay Duong]\n")
    assert topics_of(loose, "Tổ chức Hiệp ước Bắc Đại Tây Dương") == ("a",)
    per_phrase = rules_from(tmp_path, "- id: a\n  title: A\n  any: [{phrase: Ha Noi, accents: ignore}, Huế]\n")
    assert topics_of(per_phrase, "Hà Nội") == ("a",)
    assert topics_of(per_phrase, "Huệ") == ("khac",)


def test_per_phrase_case_overrides_the_topic(tmp_path):
    rules = rules_from(tmp_path, "- id: my\n  title: Mỹ\n  any: [{phrase: Mỹ, case_sensitive: true}, Hoa Kỳ]\n")
    assert topics_of(rules, "Mỹ rút quân") == ("my",)
    assert topics_of(rules, "viện thẩm mỹ") == ("khac",)
    assert topics_of(rules, "hoa kỳ") == ("my",)


def test_multi_word_phrases_need_the_words_in_order_and_adjacent(tmp_path):
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  any: [Nhà Trắng]\n")
    assert topics_of(rules, "tại Nhà  Trắng, hôm qua") == ("a",)
    assert topics_of(rules, "nhà màu trắng") == ("khac",)
    assert topics_of(rules, "Trắng nhà") == ("khac",)
    assert topics_of(rules, "Nhà\n\nTrắng") == ("khac",)  # paragraphs are separate


def test_min_hits_counts_every_occurrence(tmp_path):
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  min_hits: 3\n  any: [tên lửa, pháo]\n")
    assert topics_of(rules, "tên lửa và pháo") == ("khac",)
    assert topics_of(rules, "tên lửa, pháo và tên lửa") == ("a",)


def test_all_and_none(tmp_path):
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  all: [Iran]\n  any: [hạt nhân]\n  none: [điện hạt nhân]\n")
    assert topics_of(rules, "Iran và chương trình hạt nhân") == ("a",)
    assert topics_of(rules, "chương trình hạt nhân") == ("khac",)
    assert topics_of(rules, "Iran xây nhà máy điện hạt nhân") == ("khac",)
    only_all = rules_from(tmp_path, "- id: a\n  title: A\n  all: [Iran, Iraq]\n")
    assert topics_of(only_all, "Iran, Iraq") == ("a",)
    assert topics_of(only_all, "Iran") == ("khac",)


def test_fields_limit_where_a_topic_looks(tmp_path):
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  fields: [title, source, authors]\n  any: [Reuters, Iraq]\n")
    assert topics_of(rules, "Iraq", title="Tin") == ("khac",)
    assert topics_of(rules, "", title="Iraq") == ("a",)
    assert topics_of(rules, "x", source="Reuters") == ("a",)
    assert topics_of(rules, "x", authors=("Reuters",)) == ("a",)


def test_regex_matches_whole_words_in_linear_time(tmp_path):
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  regex: ['F-\\d+', 'tên lửa [\\pL\\pN-]+']\n")
    assert topics_of(rules, "mua F-16 mới") == ("a",)
    assert topics_of(rules, "XF-16B") == ("khac",)
    assert topics_of(rules, "Tên lửa S-400") == ("a",)


@pytest.mark.parametrize("text", ["Nga-Mỹ: “hoà” (IS) F-16, thuỷ…điện — 1.000 đ_x  ngà\u00a0Đông\u0301", "a_b ß ﬁ İstanbul"])
def test_fast_word_split_equals_the_regex_definition(text):
    assert words(text) == WORD.findall(fold_tone_marks(text))
    assert words(f"{text}\n{text}") == [*words(text), PARAGRAPH, *words(text)]


def test_compiled_rules_survive_pickling_for_worker_processes(tmp_path):
    import pickle
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  any: [Nhà Trắng, {phrase: Mỹ, case_sensitive: true}]\n"
                                 "  regex: ['F-\\d+']\n- id: b\n  title: B\n  parent: a\n  any: [Iraq]\n")
    copy = pickle.loads(pickle.dumps(rules))
    for text in ("Nhà Trắng và Mỹ", "mua F-16", "Iraq", "thẩm mỹ"):
        assert topics_of(copy, text) == topics_of(rules, text), text


def test_the_scanner_memo_can_start_afresh_mid_build(tmp_path, monkeypatch):
    import digest.topics.match as match
    monkeypatch.setattr(match, "MEMO_SIZE", 2)  # forget learnt chunks at almost every field
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  any: [Nhà Trắng, Iraq]\n")
    for text, expected in (("tại Nhà Trắng hôm qua", ("a",)), ("nhà màu trắng", ("khac",)), ("Iraq, Iran", ("a",))) * 2:
        assert topics_of(rules, text) == expected, text


def test_phrases_of_every_view_stay_inside_paragraphs_and_count_without_overlap(tmp_path):
    # Several views at once put each word's codes side by side in one coded text; a line break
    # shifts them, which must never pair words across paragraphs or across views.
    rules = rules_from(tmp_path, "- id: a\n  title: A\n  any: [Nhà Trắng, {phrase: Ha Noi, accents: ignore}]\n"
                                 "  none: [{phrase: Mỹ, case_sensitive: true}]\n"
                                 "- id: b\n  title: B\n  min_hits: 2\n  any: [ba ba]\n")
    assert topics_of(rules, "Nhà\nTrắng") == ("khac",)
    assert topics_of(rules, "Hà\nNội") == ("khac",)
    assert topics_of(rules, "Hà Nội, nhà trắng") == ("a",)
    assert topics_of(rules, "ở Nhà Trắng, Mỹ") == ("khac",)
    assert topics_of(rules, "ba ba ba") == ("khac",)  # "ba ba" twice would overlap: counted once
    assert topics_of(rules, "ba ba ba ba") == ("b",)
    assert topics_of(rules, "ba ba\nba ba") == ("b",)
