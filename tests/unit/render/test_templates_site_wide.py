"""reads_whole_site: which themes may show any article on any page, so that every edit renders every page again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from digest.render.templates import DEFAULT_THEME, make_environment, reads_whole_site, theme_dirs


def _site(tmp_path: Path, templates: dict[str, str]) -> bool:
    (tmp_path / "templates").mkdir()
    for name, text in templates.items():
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    env = make_environment(tmp_path, zone=dt.timezone.utc)
    return reads_whole_site(env, theme_dirs(tmp_path))


def test_the_default_theme_and_a_copy_of_its_article_page_read_only_their_pages(tmp_path: Path) -> None:
    assert not reads_whole_site(make_environment(tmp_path, zone=dt.timezone.utc), (DEFAULT_THEME,))
    assert not _site(tmp_path, {"article.html": (DEFAULT_THEME / "article.html").read_text(encoding="utf-8"),
                                "home.html": (DEFAULT_THEME / "home.html").read_text(encoding="utf-8")})


def test_a_template_of_the_site_reading_plan_or_article_by_slug_may_show_any_article(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _site(tmp_path / "a", {"base.html": "{{ plan.articles[0].clean.title }}"})
    assert _site(tmp_path / "b", {"month.html": "{{ article_by_slug['x'].clean.lead }}"})


def test_a_template_that_does_not_parse_counts_as_reading_everything(tmp_path: Path) -> None:
    assert _site(tmp_path, {"topic.html": "{% if %}"})
