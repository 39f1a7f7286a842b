"""site_reads: which variables of every page a theme's own templates read, so that the pages showing them are
rendered again when they change (any article, the topics' counts, the recent editions)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2.meta
import pytest

from conftest import make_project
from digest.build import BuildOptions, build
from digest.buildstate import load_index
from digest.cache import CACHE_DIR
from digest.render.pages import ArticleLookup
from digest.render.templates import (COUNTS, DEFAULT_THEME, RECENT_EDITIONS, SITE_WIDE, WATCHED, make_environment,
                                     site_reads, theme_dirs)

from render_helpers import make_article


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


def test_a_template_of_the_site_reading_plan_may_show_any_article(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _site(tmp_path / "a", {"base.html": "{{ plan.articles[0].clean.title }}"}) == {"plan"}
    # article_by_slug is watched as pages render (pages.ArticleLookup), not read from the text.
    assert _site(tmp_path / "b", {"month.html": "{{ article_by_slug['x'].clean.lead }}"}) == frozenset()


def test_a_template_that_does_not_parse_counts_as_reading_everything(tmp_path: Path) -> None:
    assert _site(tmp_path, {"topic.html": "{% if %}"}) >= SITE_WIDE | {COUNTS, RECENT_EDITIONS}


def test_the_default_partials_a_site_template_may_import_read_no_watched_variable() -> None:
    """site_reads looks at the site's own templates only: what they import from the default theme must not
    read what changes with an added article beyond what the default page keys hold."""
    env = make_environment(DEFAULT_THEME, zone=dt.timezone.utc)
    text = (DEFAULT_THEME / "_macros.html").read_text(encoding="utf-8")
    assert not WATCHED & jinja2.meta.find_undeclared_variables(env.parse(text))


def test_a_page_looking_up_an_article_it_does_not_list_is_noted() -> None:
    by_slug = {slug: make_article(slug) for slug in ("own", "related", "other")}
    for read, beyond in [(lambda m: m["own"], False), (lambda m: m.get("related"), False),
                         (lambda m: "own" in m, False), (lambda m: m["other"], True),
                         (lambda m: m.get("missing"), True), (lambda m: list(m), True),
                         (lambda m: len(m), True), (lambda m: list(m.values()), True)]:
        lookup = ArticleLookup(by_slug, ("own", "related"), by_slug.__getitem__)
        read(lookup)
        assert lookup.beyond is beyond


def test_the_default_theme_reads_no_article_a_page_does_not_list(tmp_path: Path) -> None:
    """Else every page of a site with the default theme would depend on every article (`ArticleLookup`)."""
    project = make_project(tmp_path / "project")
    build(BuildOptions(project=project))
    index = load_index(project / CACHE_DIR)
    assert index is not None and not index.reads_seen.beyond and len(index.digests) > 20


def test_what_the_site_templates_read_is_kept_with_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A later build with the same templates takes it from the cache instead of parsing them again; a template
    edited to read more is parsed again."""
    project = make_project(tmp_path / "project")
    (project / "templates").mkdir()
    home = project / "templates" / "home.html"
    home.write_text((DEFAULT_THEME / "home.html").read_text(encoding="utf-8"), encoding="utf-8")
    build(BuildOptions(project=project))
    index = load_index(project / CACHE_DIR)
    assert index is not None and index.reads_seen.theme_reads == {COUNTS, RECENT_EDITIONS}
    parsed: list[int] = []
    monkeypatch.setattr("digest.build.site_reads", lambda *args: parsed.append(1) or site_reads(*args))
    article = sorted((project / "content" / "articles").glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a new size: not a replay
    assert build(BuildOptions(project=project)).cleaned == 1
    assert parsed == []
    base = project / "templates" / "base.html"
    base.write_text((DEFAULT_THEME / "base.html").read_text(encoding="utf-8").replace(
        "<main", "<p class=t>{{ plan.articles | length }} bài</p><main"), encoding="utf-8")
    build(BuildOptions(project=project))
    assert parsed == [1]
    index = load_index(project / CACHE_DIR)
    assert index is not None and index.reads_seen.theme_reads == {COUNTS, RECENT_EDITIONS, "plan"}
