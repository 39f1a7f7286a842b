"""An article's body is kept as one str of paragraphs: `body` gives back exactly the paragraphs that went in."""

from __future__ import annotations

from digest.model import CleanArticle, SourceKind, join_paragraphs


def article(*paragraphs: str) -> CleanArticle:
    return CleanArticle("a.txt", SourceKind.TEXT, "Tiêu đề", "Mở đầu.", join_paragraphs(paragraphs), "")


def test_the_paragraphs_read_back_as_they_went_in() -> None:
    paragraphs = ("Đoạn một.", "", "Đoạn  ba,\tvới khoảng trắng.")
    assert article(*paragraphs).body == paragraphs
    assert article().body == () and article().body_text == ""


def test_a_line_break_inside_a_paragraph_does_not_make_two() -> None:
    clean = article("Dòng một\nDòng hai", "Đoạn sau.")
    assert clean.body == ("Dòng một Dòng hai", "Đoạn sau.")
    assert clean.word_count == 2 + 4 + 2
    assert clean.body_html == "<p>Dòng một Dòng hai</p>\n<p>Đoạn sau.</p>\n"
