"""Each cleaning signal on a small hand-made page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.clean import CleanContext, clean_article, clean_dump, clean_text, title_warning
from digest.clean.templates import dump_lines, site_key, template_lines
from digest.model import FrontMatter, LineLabel, SourceDocument, SourceKind
from digest.text import line_digest

P1 = "The council voted on Monday to close the old bridge, which engineers say is no longer safe for heavy trucks."
P2 = "Residents will be able to cross on foot until a new bridge opens, the mayor told reporters after the meeting."
P3 = "The repairs are expected to cost about four million dollars and to take most of the next two years to finish."


def labels(text: str) -> dict[str, LineLabel]:
    return {v.text: v.label for v in clean_text(text).verdicts}


def test_title_is_the_line_opening_the_text_not_the_site_header():
    page = f"Town News\n\nHome | Sports | Weather\n\nCouncil votes to close the old bridge\n\n{P1}\n\n{P2}\n\n{P3}\n"
    article = clean_text(page)
    assert article.title == "Council votes to close the old bridge"
    assert article.lead == P1 and article.body == (P2, P3)


def test_title_slug_lines_are_image_alt_text():
    page = f"Council votes to close the old bridge\n\n{P1}\n\ncouncil votes to close the old bridge\n\n{P2}\n\n{P3}\n"
    assert labels(page)["council votes to close the old bridge"] is LineLabel.BOILERPLATE


def test_a_short_line_inside_the_block_is_kept_and_a_teaser_list_after_it_dropped():
    page = (f"Council votes to close the old bridge\n\n{P1}\n\nWhat happens next\n\n{P2}\n\n{P3}\n\nRelated\n\n"
            "Mayor opens the new park downtown\n\nMayor opens the new park downtown\n\n"
            "The mayor opened the new park on Sunday and promised that more green spaces would follow soon...\n")
    found = labels(page)
    assert found["What happens next"] is LineLabel.BODY
    assert found["Related"] is LineLabel.BOILERPLATE
    assert found["Mayor opens the new park downtown"] is LineLabel.BOILERPLATE
    assert found["The mayor opened the new park on Sunday and promised that more green spaces would follow soon..."] \
        is LineLabel.BOILERPLATE


def test_comments_after_a_heading_are_not_the_article():
    page = (f"Council votes to close the old bridge\n\n{P1}\n\n{P2}\n\n{P3}\n\n3 COMMENTS\n\n• anna\n\n"
            "I cross that bridge every day and I am glad they finally did something about it.\n\n• bob\n\nAbout time.\n")
    article = clean_text(page)
    assert article.body == (P2, P3)


def test_low_stopword_density_lines_are_not_paragraphs():
    tags = "Bridge, Council, Mayor, Trucks, Engineers, Repairs, Budget, Transport, Safety, City Hall, Roads."
    found = labels(f"Council votes to close the old bridge\n\n{P1}\n\n{P2}\n\n{P3}\n\nTags\n\n{tags}\n")
    assert found[tags] is LineLabel.BOILERPLATE


def test_byline_and_caption_are_kept_aside():
    page = (f"Council votes to close the old bridge\n\nJane Doe (via Reuters)\n\n{P1}\n\n"
            f"The old bridge at dawn. (Photo: Reuters)\n\n{P2}\n\n{P3}\n")
    article = clean_text(page)
    assert article.authors == ("Jane Doe",) and article.credits == ("Reuters",)
    assert article.captions == ("The old bridge at dawn. (Photo: Reuters)",)
    assert article.body == (P2, P3)


def test_title_printed_twice_at_the_top_is_the_title():
    page = f"Council votes to close the old bridge\nCouncil votes to close the old bridge\n\n{P1}\n\n{P2}\n"
    article = clean_text(page)
    assert article.title == "Council votes to close the old bridge" and article.lead == P1


def _doc(rel: str, text: str, date: dt.datetime | None = None) -> SourceDocument:
    return SourceDocument(rel, SourceKind.TEXT, text, 1, FrontMatter(date=date), "")


def test_dateline_in_the_lead_takes_the_year_from_the_front_matter_or_is_partial():
    lead = "Ngày 13/2, hội đồng thành phố đã bỏ phiếu đóng cửa cây cầu cũ vì các kỹ sư cho rằng nó không còn an toàn."
    text = f"Hội đồng bỏ phiếu đóng cửa cây cầu cũ\n\n{lead}\n\nĐọc thêm: ngày 7/12/2025\n"
    partial = clean_article(_doc("a.txt", text))
    assert partial.date is None and partial.partial_date == "--02-13"
    known = clean_article(_doc("a.txt", text, dt.datetime(2020, 2, 14, tzinfo=dt.timezone.utc)))
    assert known.date == dt.datetime(2020, 2, 14, tzinfo=dt.timezone.utc)  # the front matter's date wins


@pytest.mark.parametrize("opening, date, partial", [
    ("WASHINGTON, March 13, 2007 (Reuters) -", dt.datetime(2007, 3, 13), None),
    ("LONDON, 13 March 2007 -", dt.datetime(2007, 3, 13), None),
    ("Hà Nội, 13 tháng 3 năm 2007 -", dt.datetime(2007, 3, 13), None),
    ("MADRID, 13 de marzo de 2007.", dt.datetime(2007, 3, 13), None),
    ("Ngày 13 tháng 12,", None, "--12-13"),
    ("PARIS, 13 mars -", None, "--03-13"),
])
def test_month_name_datelines_in_the_lead(opening, date, partial):
    lead = f"{opening} {P1}"
    article = clean_text(f"Council votes to close the old bridge\n\n{lead}\n\n{P2}\n\n{P3}\n")
    assert article.lead == lead
    assert (article.date, article.partial_date) == (date, partial)


def test_a_date_in_a_teaser_is_never_the_articles_date():
    teaser = "Bridge closed on 13 March 2007 after the last inspection"
    article = clean_text(f"Council votes to close the old bridge\n\n{P1}\n\n{P2}\n\n{P3}\n\nRelated\n\n{teaser}\n\n"
                         f"Another story from 2 May 2008 about the river\n")
    assert teaser not in article.body
    assert (article.date, article.partial_date) == (None, None)
    # "may 5" in running text is not a dateline; a month name leading a date is capitalised.
    assert clean_text(f"Council votes\n\nThe police may 5 times {P1}\n\n{P2}\n").partial_date is None


def test_template_lines_recurring_across_a_sites_articles_are_boilerplate():
    follow = "Follow us on all the social networks and get our newsletter every single morning of the week."
    days = ("Monday", "Tuesday", "Friday")
    docs = [_doc(f"site/{i}.txt", "\n\n".join([f"Story number {i} about the bridge", P1.replace("Monday", day),
                                               P2.replace("meeting", day), follow, P3.replace("two", day)]))
            for i, day in enumerate(days)]
    templates = template_lines(dump_lines(doc, ()) for doc in docs)
    assert templates == {"site": frozenset({line_digest(follow.casefold())})}
    verdicts = {v.text: v for v in clean_article(docs[0], CleanContext((), templates)).verdicts}
    assert verdicts[follow].label is LineLabel.BOILERPLATE and "template line" in verdicts[follow].reason
    assert clean_article(docs[0]).body == (P2.replace("meeting", "Monday"), follow, P3.replace("two", "Monday"))  # without the other articles it looks like text


def test_a_dump_without_url_or_source_rule_belongs_to_the_site_of_its_folder():
    assert [site_key(_doc(rel, P1), ()) for rel in ("a.txt", "site/a.txt", "x/y/a.txt")] == [".", "site", "x/y"]


def test_a_caption_glued_to_a_copy_of_itself_is_a_caption():
    caption = "The old bridge at dawn, seen from the east bank of the river on Monday morning."
    page = f"Council votes to close the old bridge\n\n{caption} PHOTO/AGENCY{caption}\n\n{P1}\n\n{P2}\n\n{P3}\n"
    article = clean_text(page)
    assert article.captions == (f"{caption} PHOTO/AGENCY{caption}",)
    assert article.lead == P1 and article.body == (P2, P3)


def test_a_read_more_link_inside_the_article_is_dropped():
    page = f"Council votes to close the old bridge\n\n{P1}\n\nRead more: Mayor opens the new park downtown\n\n{P2}\n\n{P3}\n"
    assert labels(page)["Read more: Mayor opens the new park downtown"] is LineLabel.BOILERPLATE
    assert clean_text(page).body == (P2, P3)


def test_one_letter_buttons_printed_thrice_do_not_make_the_lead_a_teaser():
    page = f"Council votes to close the old bridge\n\nA\nA\nA\n\n{P1}\n\n{P2}\n\n{P3}\n"
    article = clean_text(page)
    assert article.lead == P1 and article.body == (P2, P3)


def test_a_title_repeated_by_the_article_picture_is_still_the_title():
    title = "Council votes to close the old bridge"
    page = f"Monday, 12 January 2012\n\n{title}\n\n{P1}\n{P2}\n{title}\n{title}\n{P3}\n"
    article = clean_text(page)
    assert article.title == title
    assert article.lead == P1 and article.body == (P2, P3)


def test_a_page_without_a_title_line_falls_back_to_its_first_line():
    article = clean_text(f"{P1}\n\n{P2}\n\n{P3}\n")
    assert (article.title, article.lead, article.body) == (P1, P2, (P3,))
    assert article.verdicts[0].reason.startswith("title")


def test_a_page_without_a_title_line_says_so_and_front_matter_settles_it():
    page = f"{P1}\n\n{P2}\n\n{P3}\n"
    article = clean_text(page)
    assert article.title_guessed and article.title == P1
    assert article.verdicts[0].reason == "title: no line looks like a title, so the first line stands in"
    problem = title_warning(article, "content/articles/bridge.txt")
    assert problem is not None and problem.path == "content/articles/bridge.txt"
    assert "no line looks like a title" in problem.message and "The council voted" in problem.message
    titled = clean_dump(page, rel="bridge.txt", kind=SourceKind.TEXT, meta=FrontMatter(title="Bridge to close"))
    assert not titled.title_guessed and title_warning(titled, "bridge.txt") is None
    assert not clean_text(f"Council votes to close the old bridge\n\n{page}").title_guessed


P4 = "Engineers found cracks in two of the main supports last spring and have checked the bridge every month since."
P5 = "Traffic will be sent over the northern bridge, which the council widened three years ago for this purpose."


@pytest.mark.parametrize("join", [" ", "-", "_"])
def test_alt_text_glued_to_teaser_titles_is_never_the_title(join: str):
    slug = join.join("council votes to close the old bridge".split())
    page = (f"Council votes to close the old bridge\n\n{P1}\n\nRead also\n\n{slug} Mayor opens the new park downtown\n\n"
            f"{slug} Budget talks stall over school repairs\n\n{slug}\n\n{P2}\n\n{P3}\n\n{P4}\n\n{P5}\n")
    article = clean_text(page)
    assert article.title == "Council votes to close the old bridge"
    assert article.lead == P1
    assert article.body[-4:] == (P2, P3, P4, P5)
    found = labels(page)
    assert found[f"{slug} Mayor opens the new park downtown"] is LineLabel.BOILERPLATE
    assert found[slug] is LineLabel.BOILERPLATE



def test_alt_text_spelling_an_earlier_shorter_headline_still_marks_the_title():
    """A site updates a headline, not its pictures: the alt text spells the first words of the title's slug."""
    slug = "council-votes-to-close-the-old-bridge"
    page = (f"Council votes to close the old bridge after the storm, updated\n\nFollow us on social media\n\n{P1}\n\n"
            f"{slug} Mayor opens the new park downtown\n\n{slug} Budget talks stall over school repairs\n\n"
            f"{slug}\n\n{P2}\n\n{P3}\n\n{P4}\n\n{P5}\n")
    article = clean_text(page)
    assert article.title == "Council votes to close the old bridge after the storm, updated"
    assert article.body[-4:] == (P2, P3, P4, P5)
    found = labels(page)
    assert found[slug] is found[f"{slug} Mayor opens the new park downtown"] is LineLabel.BOILERPLATE


def test_the_line_repeated_as_alt_text_is_the_title_even_over_a_byline_of_common_syllables():
    # A page of benchmarks/corpus.py: every syllable of the byline "Phan Minh Anh" is in the text, so by
    # shared words alone it outscored the headline, whose slug the related-news block repeats as alt text.
    page = (Path(__file__).parents[2] / "cases" / "generated" / "byline-of-common-syllables.txt").read_text(encoding="utf-8")
    article = clean_text(page)
    assert article.title == "Ghi nhận tăng cường hơn quá khứ chị lĩnh vực đại diện bên cạnh đó Quốc hội phân tích"
    assert article.authors[0] == "Phan Minh Anh"
