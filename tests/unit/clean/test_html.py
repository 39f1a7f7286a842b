"""Saved HTML pages: the DOM says what is furniture, the metadata what the article is."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

from digest.clean import clean_article
from digest.clean.html import parse_html
from digest.model import FrontMatter, SourceDocument, SourceKind
from digest.text import normalize_text

BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "cleaning"
PARAGRAPH = ("Bộ trưởng cho biết chính phủ sẽ tiếp tục theo dõi tình hình và báo cáo Quốc hội trong kỳ họp tới, "
             "đồng thời yêu cầu các địa phương chuẩn bị phương án ứng phó.")
SECOND = ("Theo ông, việc chuẩn bị cần được tiến hành ngay trong tháng này để người dân không bị ảnh hưởng "
          "khi mùa mưa bão bắt đầu ở các tỉnh miền Trung.")
TEASER = ("Một bài viết khác của trang này có câu tóm tắt đầy đủ và dài, kết thúc bằng dấu chấm như một đoạn văn "
          "bình thường trong bài báo.")


def clean_html(html: str):
    doc = SourceDocument(rel="a.html", kind=SourceKind.HTML, text=normalize_text(html), first_line=1,
                         meta=FrontMatter(), checksum="")
    return clean_article(doc)


def page(article: str, *, head: str = "", around: str = "") -> str:
    return (f"<html><head>{head}</head><body><nav><a href='/'>Trang chủ</a><a href='/tg'>Thế giới</a></nav>"
            f"<div class='container'><div class='col-main'>{article}</div>{around}</div>"
            f"<footer><p>Giấy phép số 123. Ghi rõ nguồn khi phát hành lại thông tin từ website này nhé bạn.</p></footer>"
            f"</body></html>")


ARTICLE = f"<h1>Chính phủ chuẩn bị ứng phó mùa mưa bão</h1><p>{PARAGRAPH}</p><p>{SECOND}</p>"


def test_named_furniture_and_landmarks_are_pruned():
    around = (f"<div class='box-related'><p>{TEASER}</p></div><aside><p>{TEASER}</p></aside>"
              f"<div id='comments'><p>{TEASER}</p></div>")
    article = clean_html(page(ARTICLE, around=around))
    assert article.title == "Chính phủ chuẩn bị ứng phó mùa mưa bão"
    assert (article.lead, article.body) == (PARAGRAPH, (SECOND,))
    assert "Trang chủ" not in parse_html(page(ARTICLE)).text


def test_a_box_of_linked_headings_is_a_teaser_list():
    teasers = "".join(f"<div class='item'><h3><a href='/{i}'>Tin khác số {i} trong ngày</a></h3><p>{TEASER}</p></div>"
                      for i in range(3))
    article = clean_html(page(ARTICLE + f"<div class='box-news'>{teasers}</div>"))
    assert article.body == (SECOND,)
    # The article's own subheadings are not links: a heading in the text stays.
    kept = clean_html(page(f"<h1>Chính phủ chuẩn bị ứng phó</h1><p>{PARAGRAPH}</p><h3>Phương án</h3><p>{SECOND}</p>"))
    assert kept.body == ("Phương án", SECOND)


def test_a_furniture_name_on_the_content_itself_does_not_remove_it():
    article = clean_html(page(f"<div class='content has-sidebar'>{ARTICLE}</div>"))
    assert article.body == (SECOND,)


def test_figure_captions_are_kept_aside():
    figure = "<figure><img src='a.jpg' alt='anh'><figcaption>Cảnh lũ lụt ở Quảng Nam. (Ảnh: TTXVN)</figcaption></figure>"
    article = clean_html(page(ARTICLE.replace("</h1>", "</h1>" + figure)))
    assert article.captions == ("Cảnh lũ lụt ở Quảng Nam. (Ảnh: TTXVN)",)
    assert article.lead == PARAGRAPH


def test_metadata_title_date_and_authors():
    head = ('<title>Báo Mẫu - Chính phủ chuẩn bị ứng phó mùa mưa bão</title>'
            '<meta property="og:site_name" content="Báo Mẫu">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-05-10T07:30:00+07:00",'
            ' "author": [{"@type": "Person", "name": "Minh Anh"}]}</script>')
    article = clean_html(page(ARTICLE, head=head))
    # The <title> adds the site's name; the headline line inside it is the title.
    assert article.title == "Chính phủ chuẩn bị ứng phó mùa mưa bão"
    assert article.date == dt.datetime(2024, 5, 10, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert article.authors == ("Minh Anh",)
    assert article.source == "Báo Mẫu"


def test_broken_and_empty_pages_give_no_traceback():
    assert parse_html("").text == ""
    assert parse_html("<?xml version='1.0' encoding='utf-8'?><html><body><p>Chào</p></body></html>").text == "Chào"
    assert clean_html("<html><body><div><p>unclosed <b>bold").body == ()


def test_saved_pages_meet_the_pinned_floors():
    spec = importlib.util.spec_from_file_location("cleaning_evaluate_html", BENCH / "evaluate_html.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    cases = module.load_cases()
    assert len(cases) >= 6
    results = {"digest": module.score(module.digest_html, cases)}
    assert module.check_floors(results, BENCH / "html_floors.json") == []
