"""Summaries are cut on a word boundary within the limit; reading time rounds up."""

from __future__ import annotations

from dataclasses import replace

from digest.render.summary import SUMMARY_CHARS, reading_minutes, summarize

from render_helpers import make_article


def test_short_lead_is_the_summary():
    assert summarize(make_article("x", lead="Ngắn  gọn.").clean) == "Ngắn gọn."


def test_whole_sentences_are_kept_while_they_fit():
    sentence = "Quân đội Mỹ rút khỏi Iraq theo nghị quyết của Quốc hội. "
    text = summarize(make_article("x", lead="", body=(sentence * 10,)).clean)
    assert len(text) <= SUMMARY_CHARS and text.endswith("Quốc hội.") and text.count("Quân đội") == 5


def test_one_long_sentence_is_cut_on_a_word_with_an_ellipsis():
    words = ["nghị-quyết"] * 60
    text = summarize(make_article("x", lead=" ".join(words)).clean)
    assert len(text) <= SUMMARY_CHARS and text.endswith("…")
    assert text[:-1].split(" ")[-1] == "nghị-quyết"


def test_reading_minutes_round_up_and_are_at_least_one():
    assert reading_minutes(make_article("x", lead="", body=("một",)).clean) == 1
    assert reading_minutes(make_article("x", lead="", body=("chữ " * 221,)).clean) == 2


def test_an_article_counts_its_words_once_made_and_again_when_replaced():
    clean = make_article("x", lead="Tin  ngắn\ttrong ngày.", body=("Đoạn một.\nDòng hai", "")).clean
    assert clean.word_count == 4 + 4
    longer = replace(clean, body_text="chữ " * 440)
    assert longer.word_count == 4 + 440 and reading_minutes(longer) == 3
