"""Markdown articles: parsed with only the rules that can act on text as `digest.load` leaves it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markdown_it import MarkdownIt

from digest.clean import clean_article
from digest.load import load_document

TEXT = """---
title: Hội nghị thượng đỉnh
---
Lãnh đạo các nước thành viên **NATO** họp tại Brussels.

Các nội dung chính:

- tăng chi tiêu quốc phòng;
- hỗ trợ ~~Ukraine~~ đồng minh.

| Nước | Chi tiêu |
|------|----------|
| Ba Lan | 4% |

<b>Thẻ HTML</b> không được chèn vào trang.

    mã lệnh
"""


def _cleaned(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return clean_article(load_document(path, tmp_path, zone=dt.timezone.utc))


def test_line_ends_of_the_file_do_not_change_the_article(tmp_path: Path) -> None:
    lf = _cleaned(tmp_path, "lf.md", TEXT.encode("utf-8"))
    crlf = _cleaned(tmp_path, "crlf.md", TEXT.replace("\n", "\r\n").encode("utf-8"))
    old_mac = _cleaned(tmp_path, "cr.md", TEXT.replace("\n", "\r").encode("utf-8"))
    for other in (crlf, old_mac):
        assert (other.title, other.lead, other.body_text, other.markup) == (lf.title, lf.lead, lf.body_text, lf.markup)
    assert "<table>" in lf.markup and "<s>Ukraine</s>" in lf.markup and "<pre><code>" in lf.markup
    assert "&lt;b&gt;Thẻ HTML&lt;/b&gt;" in lf.markup  # raw HTML is shown as text, never injected


def test_markup_is_what_every_commonmark_rule_makes_of_it(tmp_path: Path) -> None:
    """The rules left out of the parser (line ends, raw HTML) change nothing in what a file gives."""
    article = _cleaned(tmp_path, "a.md", TEXT.replace("\n", "\r\n").encode("utf-8"))
    full = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])
    tokens = full.parse(TEXT.split("---\n", 2)[2])
    body = tokens[3:]  # the lead's paragraph is rendered apart
    assert article.lead == "Lãnh đạo các nước thành viên NATO họp tại Brussels."
    assert article.markup == full.renderer.render(body, full.options, {})
