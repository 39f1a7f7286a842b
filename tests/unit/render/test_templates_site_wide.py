"""site_reads: which variables of every page a theme's own templates read, so that the pages showing them are
rendered again when they change (any article, the topics' counts, the recent editions)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2.meta

from digest.render.templates import (COUNTS, DEFAULT_THEME, RECENT_EDITIONS, SITE_WIDE, make_environment, site_reads,
                                     theme_dirs)


def _site(tmp_path: Path, templates: dict[str, str]) -> frozenset[str]:
    (tmp_path / "templates").mkdir()
    for name, text in templates.items():
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    env = make_environment(tmp_path, zone=dt.timezone.utc)
    return site_reads(env, theme_dirs(tmp_path))


def test_the_default_theme_and_a_copy_of_its_article_page_read_none(tmp_path: Path) -> None:
    assert not site_reads(make_environment(tmp_path, zone=dt.timezone.utc), (DEFAULT_THEME,))
    assert not _site(tmp_path, {"article.html": (DEFAULT_THEME / "article.html").read_text(encoding="utf-8")})


def test_a_copy_of_the_home_page_reads_the_counts_and_recent_editions(tmp_path: Path) -> None:
    assert _site(tmp_path, {"home.html": (DEFAULT_THEME / "home.html").read_text(encoding="utf-8")}) == {
        COUNTS, RECENT_EDITIONS}


def test_a_template_of_the_site_reading_plan_or_article_by_slug_may_show_any_article(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _site(tmp_path / "a", {"base.html": "{{ plan.articles[0].clean.title }}"}) == {"plan"}
    assert _site(tmp_path / "b", {"month.html": "{{ article_by_slug['x'].clean.lead }}"}) == {"article_by_slug"}


def test_a_template_that_does_not_parse_counts_as_reading_everything(tmp_path: Path) -> None:
    assert _site(tmp_path, {"topic.html": "{% if %}"}) >= SITE_WIDE | {COUNTS, RECENT_EDITIONS}


def test_the_default_partials_a_site_template_may_import_read_no_counts_or_editions() -> None:
    """site_reads looks at the site's own templates only: what they import from the default theme must not
    read what changes with an added article beyond what the default page keys hold."""
    env = make_environment(DEFAULT_THEME, zone=dt.timezone.utc)
    text = (DEFAULT_THEME / "_macros.html").read_text(encoding="utf-8")
    assert not {COUNTS, RECENT_EDITIONS} & jinja2.meta.find_undeclared_variables(env.parse(text))
