"""The build cache: a warm build, after any kind of change, gives the bytes of a cold build without a cache."""

from __future__ import annotations

import mmap
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

import digest.build
from conftest import REPO, make_project, run_digest, site_snapshot
from digest import cache
from digest.build import Builder, BuildOptions, ChangeSet, build
from digest.buildstate import Snapshot, load_articles, load_index
from digest.cache import CACHE_DIR, FORMAT_VERSION
from digest.diagnostics import DigestError
from digest.render.plan import plan_site
from digest.render.templates import DEFAULT_THEME

ARTICLE = """\
---
date: 2021-12-0{day}
---
# Tin số {n}: Nga và NATO

Quân đội Nga và NATO tập trận gần biên giới, bài số {n}.

Đoạn thứ hai của bài {n} nói về hòa bình ở châu Âu.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    for n in range(6):
        (root / "content" / "articles" / f"tin-{n}.md").write_text(ARTICLE.format(n=n, day=n % 7 + 1),
                                                                    encoding="utf-8")
    return root


def warm_equals_cold(project: Path, tmp_path: Path, name: str) -> None:
    """Build with the cache into site/, and without it into a fresh directory: same files, same bytes."""
    build(BuildOptions(project=project))
    cold = tmp_path / f"cold-{name}"
    build(BuildOptions(project=project, output=cold, cache=False))
    assert site_snapshot(project / "site") == site_snapshot(cold), name


def test_warm_builds_after_each_kind_of_change_equal_cold_builds(project: Path, tmp_path: Path) -> None:
    content = project / "content"
    warm_equals_cold(project, tmp_path, "first")
    result = build(BuildOptions(project=project))
    assert (result.reused, result.cleaned, result.written) == (result.articles, 0, 0)

    touched = content / "articles" / "tin-3.md"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))  # as a checkout does
    assert build(BuildOptions(project=project)).cleaned == 0  # same bytes: the cached article holds

    edited = content / "articles" / "tin-2.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("hòa bình", "chiến tranh"), encoding="utf-8")
    warm_equals_cold(project, tmp_path, "edit")
    (content / "articles" / "tin-9.md").write_text(ARTICLE.format(n=9, day=5), encoding="utf-8")
    warm_equals_cold(project, tmp_path, "add")

    rules = next((content / "topics").glob("*.yaml"))
    rules.write_text(rules.read_text(encoding="utf-8").replace("any:", "any:\n      - hòa bình", 1), encoding="utf-8")
    before = build(BuildOptions(project=project))
    assert before.cleaned == 0  # a rules change re-tags without re-cleaning
    warm_equals_cold(project, tmp_path, "rules")

    (project / "templates").mkdir()
    article_template = (DEFAULT_THEME / "article.html").read_text(encoding="utf-8")
    (project / "templates" / "article.html").write_text(
        article_template.replace("{% block main %}", "{% block main %}<!-- override -->"), encoding="utf-8")
    result = build(BuildOptions(project=project))
    assert result.cleaned == 0 and result.written >= 7  # every article page, nothing re-cleaned
    compiled = project / CACHE_DIR / "templates"
    assert any(compiled.iterdir())  # compiled templates, kept for the next build
    (compiled / "0123456789abcdef-from-another-version.cache").write_bytes(b"old")
    build(BuildOptions(project=project))
    assert not (compiled / "0123456789abcdef-from-another-version.cache").exists()
    warm_equals_cold(project, tmp_path, "template")

    (content / "digest.yaml").write_text((content / "digest.yaml").read_text(encoding="utf-8")
                                         .replace("title:", "title: Mới ·", 1), encoding="utf-8")
    warm_equals_cold(project, tmp_path, "config")


@pytest.mark.parametrize("newest", ["plan.articles[0]", "article_by_slug['tin-so-5-nga-va-nato']"])
def test_a_theme_reading_the_whole_site_is_rendered_again_wherever_it_could_show_an_edit(project: Path,
                                                                                           tmp_path: Path,
                                                                                           newest: str) -> None:
    """A template may show any article through `plan` or `article_by_slug` (docs/themes.md): here the list of
    editions, which lists no article of its own, shows the newest article's lead, so editing that lead must render
    it again."""
    (project / "templates").mkdir()
    editions_template = (DEFAULT_THEME / "editions.html").read_text(encoding="utf-8")
    (project / "templates" / "editions.html").write_text(editions_template.replace(
        "{% block main %}", f"{{% block main %}}<p class=\"newest\">{{{{ {newest}.clean.lead }}}}</p>"),
        encoding="utf-8")
    build(BuildOptions(project=project))
    newest = project / "content" / "articles" / "tin-5.md"  # dated 2021-12-06, the newest
    _edit(newest, "Quân đội Nga", "Quân đội Nga và Belarus")
    warm_equals_cold(project, tmp_path, "site-wide template")


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The output path of every page rendered from now on (the real renderer still renders it)."""
    rendered: list[str] = []
    render = digest.build.PageRenderer.render

    def counted(self: digest.build.PageRenderer, page: digest.build.PagePlan) -> tuple[bytes, digest.build.Seen]:
        rendered.append(page.output)
        return render(self, page)
    monkeypatch.setattr(digest.build.PageRenderer, "render", counted)
    return rendered


def test_an_added_article_renders_every_page_again_only_when_a_site_template_shows_what_it_changes(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The topics' counts change with an added article: an article page of the site's own that shows them must
    be rendered again everywhere; one that does not, only where the default theme's would be."""
    article_template = (DEFAULT_THEME / "article.html").read_text(encoding="utf-8")
    themes = {"default": None, "own": "<!-- own -->",
              "own, with counts": "{% for t in topics %}<b>{{ topic_counts[t.id] }}</b>{% endfor %}"}
    rendered: dict[str, list[str]] = {}
    for name, extra in themes.items():
        copy = tmp_path / name
        shutil.copytree(project, copy)
        if extra is not None:
            (copy / "templates").mkdir()
            (copy / "templates" / "article.html").write_text(
                article_template.replace("{% block main %}", "{% block main %}" + extra), encoding="utf-8")
        build(BuildOptions(project=copy))
        (copy / "content" / "articles" / "tin-9.md").write_text(ARTICLE.format(n=9, day=1), encoding="utf-8")
        pages = _rendered(monkeypatch)
        build(BuildOptions(project=copy))
        monkeypatch.undo()
        rendered[name] = sorted(out for out in pages if out.startswith("articles/"))
        warm_equals_cold(copy, tmp_path, name)
    every = sorted(p.relative_to(copy / "site").as_posix() for p in (copy / "site" / "articles").glob("*/index.html"))
    assert rendered["own"] == rendered["default"] != every  # the new article's neighbours, not every article
    assert rendered["own, with counts"] == every


def test_an_added_newest_article_edits_the_search_index(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles are numbered oldest first in the index, so the newest one is numbered after the others and
    only the shards of its words are written again; the site is still a cold build's."""
    build(BuildOptions(project=project))
    whole: list[int] = []
    search_files = digest.build.search_files
    monkeypatch.setattr(digest.build, "search_files", lambda *a, **k: whole.append(1) or search_files(*a, **k))
    (project / "content" / "articles" / "moi.md").write_text(ARTICLE.format(n=99, day=9).replace(
        "hòa bình", "Quasar Zebra"), encoding="utf-8")
    build(BuildOptions(project=project))
    assert not whole
    monkeypatch.undo()
    warm_equals_cold(project, tmp_path, "added newest")


@pytest.mark.parametrize("change, edited", [("added among the newest", True), ("dated anew, among the newest", True),
                                            ("added among the oldest", False), ("deleted", False)])
def test_articles_that_renumber_the_search_index_edit_it_when_few_move_and_none_is_gone(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, edited: bool) -> None:
    """An article added or moved among the others renumbers those after it, and the index is edited while they
    are few; one deleted leaves a gap in the numbering, and the index is made whole. Either way, a cold build's
    bytes."""
    build(BuildOptions(project=project))
    whole: list[int] = []
    search_files = digest.build.search_files
    monkeypatch.setattr(digest.build, "search_files", lambda *a, **k: whole.append(1) or search_files(*a, **k))
    articles = project / "content" / "articles"
    if change.startswith("added"):  # dated as the newest article (tin-5, day 6) or the oldest (tin-0, day 1)
        day = 6 if change == "added among the newest" else 1
        (articles / "cu.md").write_text(ARTICLE.format(n=42, day=day).replace("hòa bình", "Quasar"), encoding="utf-8")
    elif change.startswith("dated anew"):  # the second newest becomes the newest
        moved = articles / "tin-4.md"
        moved.write_text(moved.read_text(encoding="utf-8").replace("2021-12-05", "2021-12-07"), encoding="utf-8")
    else:
        (articles / "tin-2.md").unlink()
    build(BuildOptions(project=project))
    assert whole == ([] if edited else [1])
    monkeypatch.undo()
    warm_equals_cold(project, tmp_path, change)


def test_an_edit_that_changes_an_article_s_topics_and_address_edits_the_search_index(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Planned anew (its topics changed), the edit still moves no other article in the index's numbering."""
    build(BuildOptions(project=project))
    whole: list[int] = []
    search_files = digest.build.search_files
    monkeypatch.setattr(digest.build, "search_files", lambda *a, **k: whole.append(1) or search_files(*a, **k))
    planned = _count_plans(monkeypatch)
    (project / "content" / "articles" / "tin-2.md").write_text(
        "---\ndate: 2021-12-03\n---\n# Giá rau ở chợ\n\nGiá rau xanh ở chợ tăng nhẹ trong tuần này.\n",
        encoding="utf-8")
    build(BuildOptions(project=project))
    assert planned == [1] and not whole
    monkeypatch.undo()
    warm_equals_cold(project, tmp_path, "new topics and address")


def test_an_added_article_renders_again_the_pages_of_its_topics_not_of_every_topic(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A topic page shows its own topic's count and its subtopics': another topic's count is not on it."""
    build(BuildOptions(project=project))
    rendered = _rendered(monkeypatch)
    (project / "content" / "articles" / "tin-9.md").write_text(ARTICLE.format(n=9, day=9), encoding="utf-8")
    build(BuildOptions(project=project))
    monkeypatch.undo()
    topic_pages = {p.relative_to(project / "site").as_posix(): p.read_text(encoding="utf-8")
                   for p in (project / "site" / "topics").rglob("index.html") if p.parent.name != "topics"}
    # Topics the new article is not in, without subtopics (whose counts a page shows): left as they were.
    elsewhere = {out for out, html in topic_pages.items() if "tin-so-9" not in html and "Chủ đề con" not in html}
    assert elsewhere and not elsewhere & set(rendered)
    assert {out for out, html in topic_pages.items() if "tin-so-9" in html} <= set(rendered)
    warm_equals_cold(project, tmp_path, "added: topic pages")


def test_a_new_edition_renders_again_the_pages_that_name_editions_not_every_page(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article dated weeks after the others opens a new edition: the home page, the list of editions and the
    last edition (its "next" link) change, the other editions' article pages do not."""
    build(BuildOptions(project=project))
    editions_before = {p.parent.name for p in (project / "site" / "editions").glob("*/index.html")}
    rendered = _rendered(monkeypatch)
    (project / "content" / "articles" / "cho.md").write_text(  # in no topic of the others: related to none of them
        "---\ndate: 2022-01-20\n---\n# Giá rau ở chợ\n\nGiá rau xanh ở chợ tăng nhẹ trong tuần này.\n",
        encoding="utf-8")
    build(BuildOptions(project=project))
    monkeypatch.undo()
    editions_after = {p.parent.name for p in (project / "site" / "editions").glob("*/index.html")}
    assert len(editions_after - editions_before) == 1  # the new one
    assert {"index.html", "editions/index.html"} <= set(rendered)
    articles = {p.relative_to(project / "site").as_posix() for p in (project / "site" / "articles").glob("*/index.html")}
    assert articles - set(rendered)  # article pages of earlier editions are left as they were
    warm_equals_cold(project, tmp_path, "new edition")


def _own_article_page(project: Path, extra: str, imports: str = "") -> None:
    """The default article page with `extra` at the top of its main block."""
    (project / "templates").mkdir()
    text = (DEFAULT_THEME / "article.html").read_text(encoding="utf-8")
    (project / "templates" / "article.html").write_text(
        text.replace("{% block main %}", "{% block main %}" + extra).replace("\n", "\n" + imports, 1), encoding="utf-8")


def test_an_article_page_of_the_site_s_own_may_show_all_of_its_edition(project: Path, tmp_path: Path) -> None:
    """`edition` on an article page holds the edition's articles and intro, not only its name: a template of the
    site's own showing them is rendered again when an article joins the edition, one of them gets a new address,
    or the intro changes."""
    _own_article_page(project, '{% if edition %}<p class="slugs">{{ edition.slugs | join(" ") }}</p>'
                               '<div class="intro">{{ edition.intro }}</div>{% endif %}')
    for day in range(1, 5):  # in the same edition, about something else: their pages do not list the others
        (project / "content" / "articles" / f"cho-{day}.md").write_text(
            f"---\ndate: 2021-12-0{day}\n---\n# Giá rau ở chợ, ngày {day}\n\nGiá rau xanh ở chợ tăng nhẹ.\n",
            encoding="utf-8")
    build(BuildOptions(project=project))
    (project / "content" / "articles" / "tin-9.md").write_text(ARTICLE.format(n=9, day=2), encoding="utf-8")
    warm_equals_cold(project, tmp_path, "joined the edition")
    _edit(project / "content" / "articles" / "tin-3.md", "# Tin số 3:", "# Tin số ba:")  # alone on its day
    warm_equals_cold(project, tmp_path, "a new address in the edition")
    edition = next(p.parent.name for p in (project / "site" / "editions").glob("*/index.html")
                   if "tin-so-9" in p.read_text(encoding="utf-8"))
    (project / "content" / "editions").mkdir()
    (project / "content" / "editions" / f"{edition}.md").write_text("Lời giới thiệu của tuần.\n", encoding="utf-8")
    warm_equals_cold(project, tmp_path, "edition intro")


def test_a_default_macro_that_shows_other_articles_renders_again_the_site_s_page_that_calls_it(
        project: Path, tmp_path: Path) -> None:
    """`edition_groups` lists an edition's articles through `article_by_slug`; called from an article page of the
    site's own, it shows articles the page does not list, so an edit of one of them renders that page again."""
    _own_article_page(project, "{% if edition %}{{ edition_groups(edition) }}{% endif %}",
                      '{% from "_macros.html" import edition_groups with context %}\n')
    build(BuildOptions(project=project))
    sibling = project / "content" / "articles" / "tin-1.md"
    _edit(sibling, "Quân đội Nga", "Quân đội Nga và Belarus")
    warm_equals_cold(project, tmp_path, "a sibling's lead")
    _edit(sibling, "Quân đội Nga và Belarus", "Hải quân Nga")
    warm_equals_cold(project, tmp_path, "a sibling's lead, again")


def test_a_deleted_article_leaves_every_page_and_feed(project: Path, tmp_path: Path) -> None:
    build(BuildOptions(project=project))
    (project / "content" / "articles" / "tin-4.md").unlink()
    warm_equals_cold(project, tmp_path, "delete")
    for path in (project / "site").rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            assert "Tin số 4:" not in path.read_text(encoding="utf-8"), path


def test_output_files_rewritten_with_the_same_bytes_get_new_stamps(project: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A file found to hold its bytes by reading it (a checkout or a copy gave it a new mtime) is stamped anew:
    with its old stamp, every later build read it again and took the search index for altered, rebuilding it."""
    build(BuildOptions(project=project))
    site = project / "site"
    for path in [site / "search" / "docs.json", *(site / "search" / "words").glob("*.json")]:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    build(BuildOptions(project=project))  # finds them changed since, makes them again: the same bytes
    index = load_index(project / CACHE_DIR)
    assert index is not None
    docs = site / "search" / "docs.json"
    assert index.stamps["search/docs.json"][1:] == (docs.stat().st_size, docs.stat().st_mtime_ns)
    whole: list[int] = []
    search_files = digest.build.search_files
    monkeypatch.setattr(digest.build, "search_files", lambda *a, **k: whole.append(1) or search_files(*a, **k))
    _edit(project / "content" / "articles" / "tin-2.md", "hòa bình", "hòa bình lâu dài")
    build(BuildOptions(project=project))
    assert not whole  # the index is edited, not made whole
    monkeypatch.undo()
    warm_equals_cold(project, tmp_path, "restamped")


@pytest.mark.parametrize("edit_article", [False, True])
def test_output_files_changed_or_removed_by_hand_are_made_again(project: Path, tmp_path: Path,
                                                                  edit_article: bool) -> None:
    """The next build finds them (another process checks them while the build reads the cache) and
    writes them again, whether or not an article changed too."""
    build(BuildOptions(project=project))
    site = project / "site"
    (site / "index.html").write_text("<p>sửa tay</p>", encoding="utf-8")
    next(site.glob("articles/*/index.html")).unlink()
    (site / "feed.xml").unlink()
    if edit_article:
        _edit(project / "content" / "articles" / "tin-1.md", "hòa bình", "chiến tranh")
    warm_equals_cold(project, tmp_path, "by hand")


DUMP = """\
---
date: 2021-12-0{n}
---
Cầu cũ số {n} đóng cửa vì không còn an toàn

Hội đồng thành phố hôm qua bỏ phiếu đóng cửa cây cầu cũ số {n} vì các kỹ sư cho rằng nó không còn an toàn.

{extra}

Người dân vẫn có thể đi bộ qua cầu cho đến khi cây cầu mới được khánh thành, thị trưởng nói với báo chí.
"""
# Text in two dumps of a site; in a third too, it is a line of the site's template.
SHARED = "Giá vé qua cầu sẽ được giữ nguyên trong suốt thời gian sửa chữa kéo dài hai năm tới."


def test_an_edit_cleaned_ahead_with_the_last_template_lines_holds_only_while_they_do(project: Path,
                                                                                     tmp_path: Path) -> None:
    """A build cleans the few articles an edit touched in another process, with the template lines the cache
    holds, while it reads the cache: an edit that changes its site's template lines is cleaned again."""
    dumps = project / "content" / "bao"
    dumps.mkdir()
    for n, extra in ((1, SHARED), (2, "Một câu riêng của bài này."), (3, SHARED)):
        (dumps / f"cau-{n}.txt").write_text(DUMP.format(n=n, extra=extra), encoding="utf-8")
    build(BuildOptions(project=project))

    def template_lines() -> frozenset[bytes]:
        return load_index(project / CACHE_DIR).templates["bao"]  # type: ignore[union-attr]
    before = template_lines()
    _edit(dumps / "cau-1.txt", "cây cầu cũ số 1 vì", "cây cầu cũ số 1 từ lâu vì")  # no line of the template
    warm_equals_cold(project, tmp_path, "text edited")
    assert template_lines() == before
    _edit(dumps / "cau-2.txt", "Một câu riêng của bài này.", SHARED)
    warm_equals_cold(project, tmp_path, "a template line more")
    assert template_lines() > before


def test_unchanged_pages_keep_their_mtime_after_a_one_article_edit(project: Path) -> None:
    build(BuildOptions(project=project))
    site = project / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    edited = project / "content" / "articles" / "tin-1.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    result = build(BuildOptions(project=project))
    assert result.cleaned == 1
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    changed = {p for p in before if after.get(p) != before[p]}
    assert changed and len(changed) == result.written
    assert len(changed) < len(before) // 2
    assert site / "robots.txt" not in changed


def _count_plans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time a build plans the whole site."""
    calls: list[int] = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return plan_site(*args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(digest.build, "plan_site", counted)
    return calls


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_new_build_edits_the_plan_the_cache_stores(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each `build` below is a new Builder, as each `digest build` is a new process: a text or title edit is
    swapped into the stored plan, as `serve` swaps it into its own, and the site is still a cold build's."""
    build(BuildOptions(project=project))
    planned = _count_plans(monkeypatch)
    articles = project / "content" / "articles"
    _edit(articles / "tin-2.md", "hòa bình", "hòa bình lâu dài")
    assert build(BuildOptions(project=project)).cleaned == 1
    _edit(articles / "tin-3.md", "# Tin số 3:", "# Tin số ba:")  # a new title, so a new slug and address
    build(BuildOptions(project=project))
    assert planned == []
    cold = tmp_path / "cold"
    build(BuildOptions(project=project, output=cold, cache=False))
    assert site_snapshot(project / "site") == site_snapshot(cold)
    assert (project / "site" / "articles" / "tin-so-ba-nga-va-nato" / "index.html").is_file()

    _edit(articles / "tin-4.md", "date: 2021-12-05", "date: 2021-11-05")  # moves it: the plan is made again
    planned.clear()
    build(BuildOptions(project=project))
    assert planned == [1]
    warm_equals_cold(project, tmp_path, "moved")


@pytest.mark.parametrize("resident", [False, True], ids=["new process", "serve"])
def test_a_theme_change_renders_every_page_from_the_last_plan(project: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, resident: bool) -> None:
    """A theme decides how pages look, not which pages there are or what they list: the plan stands (a new
    process keeps its file; `serve` saves the plan it holds, the same bytes), every page is rendered again, and
    the site is a cold build's."""
    builder = Builder(BuildOptions(project=project), resident=resident)
    builder.build()
    plan_file = project / CACHE_DIR / "plan.bin"
    stored = plan_file.stat().st_mtime_ns, plan_file.read_bytes()
    planned, rendered = _count_plans(monkeypatch), _rendered(monkeypatch)
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text((DEFAULT_THEME / "base.html").read_text(encoding="utf-8")
                                                     .replace("<main", "<!-- theme v2 --><main"), encoding="utf-8")
    if resident:
        builder.update(ChangeSet(templates=True))
    else:
        Builder(BuildOptions(project=project)).build()
    pages = {path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("*.html")}
    assert planned == [] and sorted(rendered) == sorted(pages)
    assert plan_file.read_bytes() == stored[1] and (resident or plan_file.stat().st_mtime_ns == stored[0])
    assert b"<!-- theme v2 -->" in (project / "site" / "index.html").read_bytes()
    warm_equals_cold(project, tmp_path, "theme")


def test_a_stored_plan_that_cannot_be_read_is_made_again(project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    build(BuildOptions(project=project))
    cache.write_entry(project / CACHE_DIR / "plan.bin", ("not", "a", "plan"))  # a whole file, but not the one named
    planned = _count_plans(monkeypatch)
    _edit(project / "content" / "articles" / "tin-2.md", "hòa bình", "hòa bình lâu dài")
    build(BuildOptions(project=project))
    assert planned == [1]
    warm_equals_cold(project, tmp_path, "unreadable plan")


def _corrupt(folder: Path, how: str) -> None:
    paths = sorted(folder.rglob("*.bin"))
    for path in sorted(folder.glob("articles/*.bin"))[-1:] if how == "one-bucket" else paths:
        data = path.read_bytes()
        if how == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif how == "garbage":
            path.write_bytes(os.urandom(len(data)))
        elif how == "one-bucket":
            path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
        else:  # written by another version of digest
            path.write_bytes(data.replace(f"\n{FORMAT_VERSION} ".encode(), f"\n{FORMAT_VERSION + 1} ".encode(), 1))


@pytest.mark.parametrize("how", ["truncated", "garbage", "other-version", "one-bucket"])
def test_a_corrupt_cache_is_ignored(project: Path, tmp_path: Path, how: str) -> None:
    build(BuildOptions(project=project))
    _corrupt(project / CACHE_DIR, how)
    edited = project / "content" / "articles" / "tin-0.md"  # so that the build cannot stop at "nothing changed"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    result = build(BuildOptions(project=project))
    assert result.reused == 0 and result.cleaned == result.articles
    cold = tmp_path / "cold"
    build(BuildOptions(project=project, output=cold, cache=False))
    assert site_snapshot(project / "site") == site_snapshot(cold)


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    """Markdown articles (cleaned and tagged where they are read) and page dumps (cleaned once every dump of their
    site is read), both enough to be split between processes."""
    project = make_project(tmp_path / "many")
    dumps = project / "content" / "bao"
    dumps.mkdir()
    for n in range(200):
        (project / "content" / "articles" / f"tin-{n:03}.md").write_text(ARTICLE.format(n=n, day=n % 7 + 1),
                                                                          encoding="utf-8")
        extra = SHARED if n % 2 else f"Một câu riêng của bài số {n}."
        dump = DUMP.format(n=n % 7 + 1, extra=extra).replace("đóng cửa", f"đóng cửa lần thứ {n}")
        (dumps / f"cau-{n:03}.txt").write_text(dump, encoding="utf-8")
    one = build(BuildOptions(project=project, output=tmp_path / "one", jobs=1, cache=False))
    two = build(BuildOptions(project=project, output=tmp_path / "two", jobs=2, cache=False))
    assert one.cleaned == two.cleaned == two.articles == len(list(project.glob("content/articles/*"))) + 200
    assert site_snapshot(tmp_path / "one") == site_snapshot(tmp_path / "two")
    assert SHARED not in (tmp_path / "two" / "feed.xml").read_text(encoding="utf-8")  # learnt as the site's template


def test_the_cli_prints_a_summary_and_stage_times(project: Path) -> None:
    first = run_digest("build", "--profile", "--jobs", "1", cwd=project)
    assert first.returncode == 0, first.stderr
    # Each stage's wall and CPU time, and where the system tells it (not on Windows), the memory peak so far.
    peak = r" +\d+ MiB" if sys.platform != "win32" else ""
    stages = re.findall(rf"^  (\S+(?: \S+)?) +\d+\.\d\d s +\d+\.\d\d s{peak}$", first.stdout, re.MULTILINE)
    assert stages[:2] == ["start", "load"] and "render" in stages and stages[-1] == "save cache", first.stdout
    second = run_digest("build", cwd=project)
    summary = second.stdout.strip().splitlines()[-1]
    assert "from cache, 0 cleaned" in summary and "0 written" in summary, summary


def test_two_builds_at_once_leave_a_valid_cache_and_site(project: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    runs = [subprocess.Popen([sys.executable, "-m", "digest", "build", "--jobs", "1"], cwd=project, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    result = build(BuildOptions(project=project))
    assert result.cleaned == 0 and result.written == 0
    cold = tmp_path / "cold"
    build(BuildOptions(project=project, output=cold, cache=False))
    assert site_snapshot(project / "site") == site_snapshot(cold)


def test_articles_past_the_text_budget_are_read_again_for_cleaning(project: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    build(BuildOptions(project=project, output=tmp_path / "held", cache=False))
    monkeypatch.setattr("digest.build.DOC_BUDGET", 1)  # no article's text is held from loading to cleaning
    build(BuildOptions(project=project, output=tmp_path / "read-again", cache=False))
    assert site_snapshot(tmp_path / "held") == site_snapshot(tmp_path / "read-again")


def _rename(article: Path, title: str) -> None:
    text = article.read_text(encoding="utf-8")
    article.write_text(text[:text.index("# ")] + f"# {title}" + text[text.index(":", text.index("# ")):],
                       encoding="utf-8")


def _after_another_edit(project: Path, tmp_path: Path, name: str) -> None:
    """A next `digest build` after an edit to tin-3: it re-renders the pages that list tin-2 too, so a stale
    tin-2 in the cache would show there and differ from the cold build."""
    edited = project / "content" / "articles" / "tin-3.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    warm_equals_cold(project, tmp_path, name)


def _resident(project: Path) -> Builder:
    """A builder as `serve` keeps one: its update saves nothing, its `save` is called once the editor pauses."""
    build(BuildOptions(project=project))
    builder = Builder(BuildOptions(project=project), resident=True)
    builder.build()
    return builder


def _gives_way_after(writes: int) -> Callable[[], bool]:
    """A `stop` for `Builder.save`: the next edit arrives once `writes` cache files are written."""
    asked = 0

    def stop() -> bool:
        nonlocal asked
        asked += 1
        return asked > writes

    return stop


TIN_2 = frozenset({"articles/tin-2.md"})


@pytest.mark.parametrize("writes", [0, 1])
def test_a_save_cut_short_leaves_a_cache_that_gives_the_cold_bytes(project: Path, tmp_path: Path,
                                                                   writes: int) -> None:
    builder = _resident(project)
    _rename(project / "content" / "articles" / "tin-2.md", "Bài đổi tên")
    builder.update(ChangeSet(articles=TIN_2), save=False)
    builder.save(stop=_gives_way_after(writes))
    _after_another_edit(project, tmp_path, f"cut after {writes} files")


def test_a_save_finishing_one_cut_short_rewrites_what_the_cut_one_wrote(project: Path, tmp_path: Path) -> None:
    builder = _resident(project)
    article = project / "content" / "articles" / "tin-2.md"
    _rename(article, "Bài đổi tên")
    builder.update(ChangeSet(articles=TIN_2), save=False)
    builder.save(stop=_gives_way_after(1))  # tin-2's new form is in its bucket, the index is the old one
    _rename(article, "Tin số 2")  # back to the saved form: only the bucket the cut save wrote differs
    builder.update(ChangeSet(articles=TIN_2), save=False)
    builder.save()
    _after_another_edit(project, tmp_path, "finished save")


@pytest.mark.parametrize("same_builder", [True, False])
def test_a_run_failing_after_its_articles_were_saved_ahead_leaves_a_cache_that_holds(
        project: Path, tmp_path: Path, same_builder: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run writes the cache's buckets while it plans and renders (`Builder._save_ahead`); a template error stops
    it before the index that vouches for them is saved. The edited article, put back as it was (same bytes, size
    and mtime), is not taken from the bucket the failed run wrote, neither by the same builder (`serve`, a test)
    nor by a new process; the next save rewrites that bucket, so a later build that reads the cached articles
    cleans only what changed since."""
    monkeypatch.setattr(digest.build, "AHEAD_BUCKETS", 1)  # the edit below changes one bucket
    builder = Builder(BuildOptions(project=project, jobs=2))
    builder.build()
    article = project / "content" / "articles" / "tin-2.md"
    original, stat = article.read_bytes(), article.stat()
    article.write_text(original.decode("utf-8").replace("hòa bình", "chiến tranh"), encoding="utf-8")
    (project / "templates").mkdir()
    broken = project / "templates" / "article.html"
    broken.write_text("{% extends 'base.html' %}{% block main %}{{ nothing() }}{% endblock %}", encoding="utf-8")
    with pytest.raises(DigestError):
        builder.build()
    cache_dir = project / CACHE_DIR
    ahead = load_articles(cache_dir, load_index(cache_dir))  # the old index over the buckets written ahead
    assert ahead is not None and "chiến tranh" in ahead.records["articles/tin-2.md"].cleaned.clean.body_text

    broken.unlink()
    article.write_bytes(original)
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = builder if same_builder else Builder(BuildOptions(project=project, jobs=2))
    assert again.build().cleaned == (0 if same_builder else 1)  # the builder's own records hold it as it is again
    other = project / "content" / "articles" / "tin-3.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    assert build(BuildOptions(project=project)).cleaned == 1  # tin-3 alone: tin-2's bucket holds it as it is
    warm_equals_cold(project, tmp_path, "after a failed run")


def test_a_build_run_beside_serve_does_not_mislead_serve_s_next_save(project: Path, tmp_path: Path) -> None:
    builder = _resident(project)
    article = project / "content" / "articles" / "tin-2.md"
    _rename(article, "Bài đổi tên")
    build(BuildOptions(project=project))  # the editor runs `digest build` in another terminal
    _rename(article, "Tin số 2")  # serve sees only the net change: none since its last save
    builder.update(ChangeSet(articles=TIN_2), save=False)
    builder.save()
    _after_another_edit(project, tmp_path, "build beside serve")


def test_a_build_after_serve_was_killed_before_saving_removes_the_pages_serve_made(project: Path,
                                                                                    tmp_path: Path) -> None:
    builder = _resident(project)
    article = project / "content" / "articles" / "tin-2.md"
    _rename(article, "Bài đổi tên")  # a new slug: a page the saved index never heard of
    builder.update(ChangeSet(articles=TIN_2), save=False)
    assert (project / "site" / "articles" / "bai-doi-ten-nga-va-nato" / "index.html").is_file()
    del builder  # killed: no save
    _rename(article, "Tin số 2")
    _after_another_edit(project, tmp_path, "after a kill")


def _related_shown_as(project: Path, shown: str) -> None:
    """A site's own article page, the default one showing each related article as `shown` too."""
    (project / "templates").mkdir()
    article_template = (DEFAULT_THEME / "article.html").read_text(encoding="utf-8")
    (project / "templates" / "article.html").write_text(article_template.replace(
        "{% block main %}", "{% block main %}{% for other in related %}" + shown + "{% endfor %}"), encoding="utf-8")


def _built_around(monkeypatch: pytest.MonkeyPatch, project: Path, path: Path, old: str, new: str
                  ) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """The HTML pages of a build, those of a build after an edit of `path`, and the pages the second rendered."""
    def pages() -> dict[str, bytes]:
        site = project / "site"
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}

    build(BuildOptions(project=project))
    before = pages()
    rendered = _rendered(monkeypatch)
    _edit(path, old, new)
    build(BuildOptions(project=project))
    monkeypatch.undo()
    return before, pages(), rendered


@pytest.mark.parametrize("shows_lead", [False, True])
def test_an_edit_of_an_article_s_lead_renders_again_the_pages_listing_it_only_where_they_show_it(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shows_lead: bool) -> None:
    """The default article page lists related articles by title and date (seen as it renders, `watch`):
    an edit that keeps those leaves the pages listing the article as they are. A site's own article page that
    shows its related articles' leads is seen doing so on the first build, whose keys then hold them."""
    if shows_lead:
        _related_shown_as(project, "<i>{{ other.clean.lead }}</i>")
    before, after, rendered = _built_around(monkeypatch, project, project / "content" / "articles" / "tin-2.md", "gần biên giới", "ở gần biên giới phía tây")
    own, slug = "articles/tin-so-2-nga-va-nato/index.html", b"tin-so-2-nga-va-nato"
    assert "phía tây".encode() in after[own] and own in rendered
    listing = {out for out, html in after.items() if out.startswith("articles/") and out != own and slug in html}
    assert len(listing) >= 5
    if shows_lead:
        assert listing <= set(rendered) and all(before[out] != after[out] for out in listing)
    else:
        assert not listing & set(rendered) and all(before[out] == after[out] for out in listing)
    # The pages of other editions are not rendered again: the first build stored keys of what it saw pages read.
    unrelated = {out for out, html in after.items() if slug not in html and out.startswith("editions/2")}
    assert unrelated and not unrelated & set(rendered)
    warm_equals_cold(project, tmp_path, "lead of a listed article")


@pytest.mark.parametrize("shows_topics", [False, True])
def test_a_rule_that_retags_an_article_renders_again_the_pages_listing_it_only_where_they_show_topics(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shows_topics: bool) -> None:
    """A rule change re-tags an article without a new text: the default article pages listing it stay as they
    are; a site's own page showing its related articles' topics renders again."""
    if shows_topics:
        _related_shown_as(project, "<i>{{ other.topics | join }}</i>")
    before, after, rendered = _built_around(monkeypatch, project, project / "content" / "topics" / "khu-vuc.yaml", "any: [Trung Đông,", "any: [bài số 2, Trung Đông,")
    own, slug = "articles/tin-so-2-nga-va-nato/index.html", b"tin-so-2-nga-va-nato"
    assert b"trung-dong" in after[own] and own in rendered
    # The article pages listing it as before, outside its edition, which changed (it is grouped under its first
    # topic now, and an article page gets its edition whole).
    edition = re.search(rb'href="[^"]*(editions/[^/"]+/)"', after[own]).group(1)  # type: ignore[union-attr]
    listing = {out for out, html in after.items() if out.startswith("articles/") and out != own and slug in html
               and slug in before[out] and edition not in html}
    assert listing
    if shows_topics:
        assert listing <= set(rendered) and all(before[out] != after[out] for out in listing)
    else:
        same = {out for out in listing if before[out] == after[out]}
        assert same and not same & set(rendered)
    warm_equals_cold(project, tmp_path, "topics of a listed article")


def test_a_new_title_under_the_same_address_renders_again_the_pages_listing_the_article(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Article pages list related articles by title: a title edit that keeps the slug shows on each of them."""
    build(BuildOptions(project=project))
    rendered = _rendered(monkeypatch)
    _edit(project / "content" / "articles" / "tin-2.md", "Nga và NATO", "Nga và NATO!")
    build(BuildOptions(project=project))
    monkeypatch.undo()
    site = project / "site"
    listing = {p.relative_to(site).as_posix() for p in site.glob("articles/*/index.html")
               if "NATO!" in p.read_text(encoding="utf-8") and "tin-so-2" not in p.parent.name}
    assert len(listing) >= 5 and listing <= set(rendered)
    warm_equals_cold(project, tmp_path, "title under the same address")


@pytest.mark.skipif(os.name == "nt", reason="Windows reads cache files into memory in every process")
@pytest.mark.parametrize("resident", [False, True], ids=["digest build", "serve"])
def test_only_a_build_that_ends_keeps_texts_in_the_cache_files_memory_maps(project: Path, resident: bool,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A `serve` process outlives many saves, and a cache file cut short in place under a map would kill it at
    its next read: it reads the files into memory instead."""
    build(BuildOptions(project=project))
    article = sorted((project / "content" / "articles").glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a new size: not a replay
    stored: list[memoryview | bytes] = []  # the packed texts as read, before the build unpacks those it shows

    def load(*args: Any, **kwargs: Any) -> Snapshot | None:
        snapshot = load_articles(*args, **kwargs)
        assert snapshot is not None
        stored.extend(record.cleaned.clean._stored for record in snapshot.records.values()  # type: ignore[union-attr]
                      if record.cleaned is not None and record.cleaned.clean is not None)
        return snapshot
    monkeypatch.setattr("digest.build.load_articles", load)
    Builder(BuildOptions(project=project, jobs=1), resident=resident).build()
    in_map = [isinstance(text, memoryview) and isinstance(text.obj, mmap.mmap) for text in stored]
    assert stored and in_map == [not resident] * len(stored)
