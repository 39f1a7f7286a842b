"""The incremental build `serve` runs gives, after every kind of edit, the bytes a cold build gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import digest.render.feeds
import digest.render.pages
from conftest import REPO, make_project, site_snapshot
from digest.build import BuildOptions, Builder, ChangeSet, build
from digest.diagnostics import DigestError

NEW_ARTICLE = """\
---
date: {date}
---
# {title}

Quân đội Nga và NATO tập trận gần biên giới.

{extra}
"""


def write_article(project: Path, name: str, *, title: str = "Tập trận mùa đông", date: str = "2021-12-03",
                  extra: str = "Đoạn cuối.") -> str:
    rel = f"articles/{name}"
    (project / "content" / rel).write_text(NEW_ARTICLE.format(title=title, date=date, extra=extra), encoding="utf-8")
    return rel


def assert_same_as_cold_build(project: Path, tmp_path: Path, name: str) -> None:
    """Without the cache: a build saving one would make the updating builder start again from it."""
    cold = tmp_path / f"cold-{name}"
    build(BuildOptions(project=project, output=cold, cache=False))
    assert site_snapshot(project / "site") == site_snapshot(cold), name


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.mark.parametrize("resident", [False, True])  # `serve`'s builder also keeps `memo` fragments
def test_every_kind_of_edit_gives_a_cold_builds_bytes(project: Path, tmp_path: Path, resident: bool):
    builder = Builder(BuildOptions(project=project), resident=resident)
    builder.build()
    rel = write_article(project, "tap-tran.md")
    steps: list[tuple[str, ChangeSet]] = [("added", ChangeSet(articles=frozenset({rel})))]

    def edit(name: str, changes: ChangeSet) -> None:
        result = builder.update(changes)
        assert not [d for d in result.diagnostics if d.severity.value == "error"]
        assert_same_as_cold_build(project, tmp_path, name)

    edit(*steps[0])
    write_article(project, "tap-tran.md", extra="Một đoạn khác hẳn.")
    edit("body edited", ChangeSet(articles=frozenset({rel})))
    write_article(project, "tap-tran.md", extra="Xylophone zzyzx.")  # words no other article has: new index shards
    edit("words only it has", ChangeSet(articles=frozenset({rel})))
    assert (project / "site/search/words/zz.json").is_file()
    write_article(project, "tap-tran.md", extra="Một đoạn khác hẳn.")
    edit("those words gone", ChangeSet(articles=frozenset({rel})))
    assert not (project / "site/search/words/zz.json").exists()
    write_article(project, "tap-tran.md", extra="Không còn NATO.", title="Tập trận mùa hè")
    edit("retitled: the page moves", ChangeSet(articles=frozenset({rel})))
    write_article(project, "tap-tran.md", date="2020-02-14")
    edit("redated: it changes edition", ChangeSet(articles=frozenset({rel})))
    write_article(project, "tap-tran-2.md", date="2020-02-14")  # the same title: the slug gets a suffix
    edit("a slug clash", ChangeSet(articles=frozenset({"articles/tap-tran-2.md"})))
    (project / "content" / "topics" / "zz-tap-tran.yaml").write_text(
        "- id: tap-tran\n  title: Tập trận\n  any: [tập trận]\n", encoding="utf-8")
    edit("a rule added", ChangeSet(rules=True))
    (project / "templates").mkdir()
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    (project / "templates" / "base.html").write_text(base.replace("</footer>", "<p>Bản mới</p></footer>"), encoding="utf-8")
    edit("a template overridden", ChangeSet(templates=True))
    (project / "content" / rel).unlink()
    edit("deleted", ChangeSet(articles=frozenset({rel})))
    config = project / "content" / "digest.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("weekly", "daily"), encoding="utf-8")
    edit("the configuration", ChangeSet(everything=True))


def test_a_failed_update_changes_nothing_and_is_redone_with_the_next(project: Path, tmp_path: Path):
    builder = Builder(BuildOptions(project=project))
    builder.build()
    before = site_snapshot(project / "site")
    rel = write_article(project, "tap-tran.md")
    rules = project / "content" / "topics" / "zz-tap-tran.yaml"
    good = "- id: tap-tran\n  title: Tập trận\n  any: [tập trận]\n"
    rules.write_text(good + "\n- id: [\n", encoding="utf-8")
    with pytest.raises(DigestError):
        builder.update(ChangeSet(articles=frozenset({rel}), rules=True))
    assert site_snapshot(project / "site") == before
    rules.write_text(good, encoding="utf-8")
    builder.update(ChangeSet(rules=True))  # says nothing of the article: it is redone all the same
    assert_same_as_cold_build(project, tmp_path, "after the fix")


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_an_article_edit_rewrites_only_the_files_it_changed(project: Path):
    builder = Builder(BuildOptions(project=project))
    rel = write_article(project, "tap-tran.md")
    builder.build()
    site = project / "site"
    before, files_before = inodes(site), site_snapshot(site)
    write_article(project, "tap-tran.md", extra="Chỉ trang bài viết đổi.")
    result = builder.update(ChangeSet(articles=frozenset({rel})))
    after, files_after = inodes(site), site_snapshot(site)
    rewritten = {f for f in after if before.get(f) != after[f]}
    assert rewritten == {f for f in files_after if files_before.get(f) != files_after[f]}
    assert len(rewritten) == result.written
    # The body is shown on the article's own page only (feeds and the search index may carry it too).
    assert {f for f in rewritten if f.endswith(".html")} == {"articles/tap-tran-mua-dong/index.html"}


def test_an_article_edit_cleans_and_tags_that_article_alone(project: Path):
    builder = Builder(BuildOptions(project=project, cache=False))
    rel = write_article(project, "tap-tran.md")
    cold = builder.build()
    assert cold.tagged == cold.articles == 3
    for n in range(2):  # the second update must not find the rules changed either
        write_article(project, "tap-tran.md", extra=f"Sửa lần {n}.")
        result = builder.update(ChangeSet(articles=frozenset({rel})))
        assert (result.cleaned, result.tagged) == (1, 1)
    (project / "content/topics/tap-tran.yaml").write_text("- id: tap-tran\n  title: Tập trận\n  any: [tập trận]\n",
                                                        encoding="utf-8")
    rules = builder.update(ChangeSet(rules=True))
    assert (rules.cleaned, rules.tagged) == (0, 3)
    assert "tap-tran-mua-dong" in (project / "site/topics/tap-tran/index.html").read_text(encoding="utf-8")


def test_retitling_an_article_moves_its_page_and_links_as_a_cold_build_does(project: Path, tmp_path: Path):
    """Same-day articles are ordered by slug: a new title keeps the order or changes it; both give a cold build's bytes."""
    for name, title in [("mot.md", "Tập trận mùa đông"), ("hai.md", "Tập trận mùa hè")]:
        write_article(project, name, title=title)
    builder = Builder(BuildOptions(project=project), resident=True)
    builder.build()
    for title, name in [("Tập trận mùa đông năm nay", "the order kept"), ("Ai cũng tập trận", "the order changed")]:
        rel = write_article(project, "mot.md", title=title)
        result = builder.update(ChangeSet(articles=frozenset({rel})), save=False)
        assert not [d for d in result.diagnostics if d.severity.value == "error"]
        assert_same_as_cold_build(project, tmp_path, name)
    assert not (project / "site" / "articles" / "tap-tran-mua-dong").exists()


def test_a_template_that_starts_showing_other_articles_is_followed_by_the_next_updates(project: Path, tmp_path: Path):
    """A site's own article page calling the default `edition_groups` lists its edition's other articles; once
    the update that adds it has rendered it, every later update renders each page showing an edited article,
    though the page does not list it (a market report is neither related nor next to a military one)."""
    builder = Builder(BuildOptions(project=project), resident=True)
    builder.build()
    written = [write_article(project, f"tap-tran-{n}.md", title=f"Tập trận số {n}", date=f"2021-12-0{5 + n}")
               for n in range(1, 4)]
    for n in range(1, 4):
        (project / "content" / "articles" / f"cho-{n}.md").write_text(
            f"---\ndate: 2021-12-0{5 + n}\n---\n# Giá rau ở chợ, ngày {n}\n\nGiá rau xanh ở chợ tăng nhẹ.\n",
            encoding="utf-8")
        written.append(f"articles/cho-{n}.md")
    builder.update(ChangeSet(articles=frozenset(written)))
    (project / "templates").mkdir()
    article = (REPO / "templates" / "article.html").read_text(encoding="utf-8")
    (project / "templates" / "article.html").write_text(
        article.replace("\n", '\n{% from "_macros.html" import edition_groups with context %}\n', 1)
        .replace("{% block main %}", "{% block main %}{% if edition %}{{ edition_groups(edition) }}{% endif %}"),
        encoding="utf-8")
    builder.update(ChangeSet(templates=True))
    assert_same_as_cold_build(project, tmp_path, "template added")
    edited = written[0]
    path = project / "content" / edited
    path.write_text(path.read_text(encoding="utf-8").replace("biên giới.", "biên giới, lần thứ hai."), encoding="utf-8")
    builder.update(ChangeSet(articles=frozenset({edited})))  # its lead, which its entry shows, changed
    assert_same_as_cold_build(project, tmp_path, "another article edited")
    write_article(project, "tap-tran-1.md", title="Diễn tập số một", date="2021-12-06")
    builder.update(ChangeSet(articles=frozenset({edited})))
    assert_same_as_cold_build(project, tmp_path, "another article retitled")


def test_serve_renders_again_only_the_fragments_that_read_an_edited_article(project: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    """The list entries, header and footer `serve` rendered hold while the articles they read are unchanged."""
    rel = write_article(project, "tap-tran.md")
    builder = Builder(BuildOptions(project=project), resident=True)
    builder.build()
    rendered: list[set[str]] = []  # the articles each fragment rendered read
    by_article = digest.render.pages.by_article

    def noted(*reads: list) -> dict[str, set[str]]:  # type: ignore[type-arg]
        found = by_article(*reads)
        rendered.append(set(found))
        return found
    monkeypatch.setattr(digest.render.pages, "by_article", noted)
    path = project / "content" / rel
    path.write_text(path.read_text(encoding="utf-8").replace("tập trận gần", "tập trận rất gần"), encoding="utf-8")
    builder.update(ChangeSet(articles=frozenset({rel})))  # its lead, which its list entries show, changed
    assert rendered and all("tap-tran-mua-dong" in read for read in rendered)
    assert_same_as_cold_build(project, tmp_path, "lead edited")


def test_serve_forgets_the_fragments_of_a_retitled_article(project: Path, monkeypatch: pytest.MonkeyPatch):
    """Kept under its old address, they could never be shown again, and would keep the old article alive."""
    monkeypatch.setattr(digest.render.pages.KeptFragments, "PRUNE_AFTER", 0)
    rel = write_article(project, "tap-tran.md")
    builder = Builder(BuildOptions(project=project, jobs=1), resident=True)
    builder.build()

    def kept_slugs() -> set[str]:
        assert builder._fragments is not None
        return {slug for key in builder._fragments.made for slug in key if slug.startswith(("tap-tran", "dien-tap"))}
    assert kept_slugs() == {"tap-tran-mua-dong"}
    write_article(project, "tap-tran.md", title="Diễn tập mùa đông")
    builder.update(ChangeSet(articles=frozenset({rel})))
    assert kept_slugs() == {"dien-tap-mua-dong"}


def test_serve_makes_again_only_the_feed_items_of_an_edited_article(project: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    """The feeds an edit touches are joined again from the other articles' kept items; a retitled article's
    items are forgotten, and a rules change (other topics, other categories) makes them all again."""
    rels = [write_article(project, f"tap-tran-{n}.md", title=f"Tập trận số {n}", date=f"2021-12-0{n}")
            for n in range(1, 4)]
    builder = Builder(BuildOptions(project=project, jobs=1), resident=True)
    builder.build()
    made: list[str] = []
    for name in ("_make_rss_item", "_make_atom_entry"):
        make = getattr(digest.render.feeds.FeedRenderer, name)
        monkeypatch.setattr(digest.render.feeds.FeedRenderer, name,
                            lambda self, article, make=make: made.append(article.slug) or make(self, article))
    path = project / "content" / rels[1]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Đoạn cuối.", "Đoạn cuối, sửa lại."), encoding="utf-8")
    builder.update(ChangeSet(articles=frozenset({rels[1]})))
    assert made == ["tap-tran-so-2", "tap-tran-so-2"]  # its RSS item and its Atom entry, for every feed it is in
    assert_same_as_cold_build(project, tmp_path, "text edited")

    write_article(project, "tap-tran-2.md", title="Diễn tập số 2", date="2021-12-02")
    builder.update(ChangeSet(articles=frozenset({rels[1]})))
    assert builder._items is not None
    assert "dien-tap-so-2" in builder._items.rss and "tap-tran-so-2" not in builder._items.rss
    assert_same_as_cold_build(project, tmp_path, "retitled")

    made.clear()
    rules = project / "content" / "topics" / "linh-vuc.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("title: NATO", "title: Khối NATO"), encoding="utf-8")
    builder.update(ChangeSet(rules=True))
    assert {"tap-tran-so-1", "dien-tap-so-2", "tap-tran-so-3"} <= set(made)
    assert_same_as_cold_build(project, tmp_path, "topic retitled")


def test_a_fragment_of_a_site_s_own_template_showing_counts_is_not_kept(project: Path, tmp_path: Path):
    """`topic_counts` change with every added article and are not watched: fragments showing them are rendered
    anew on each update, as a cold build would."""
    (project / "templates").mkdir()
    article = (REPO / "templates" / "article.html").read_text(encoding="utf-8")
    (project / "templates" / "article.html").write_text(article.replace(
        "{% block main %}", '{% block main %}{% call memo("counts") %}<p>{{ topic_counts | dictsort }}</p>{% endcall %}'),
        encoding="utf-8")
    builder = Builder(BuildOptions(project=project), resident=True)
    builder.build()
    rel = write_article(project, "tap-tran.md")
    builder.update(ChangeSet(articles=frozenset({rel})))
    assert_same_as_cold_build(project, tmp_path, "counts shown in a fragment")


def test_two_articles_of_one_day_trading_titles_give_a_cold_builds_bytes(project: Path, tmp_path: Path):
    """Their slugs trade files but keep their places: each place now holds the other file's words and entry."""
    first = write_article(project, "mot.md", title="Alpha tập trận", extra="Quasar zzyzx.")
    second = write_article(project, "hai.md", title="Beta tập trận", extra="Xylophone wombat.")
    builder = Builder(BuildOptions(project=project))
    builder.build()
    write_article(project, "mot.md", title="Beta tập trận", extra="Quasar zzyzx.")
    write_article(project, "hai.md", title="Alpha tập trận", extra="Xylophone wombat.")
    builder.update(ChangeSet(articles=frozenset({first, second})))
    assert_same_as_cold_build(project, tmp_path, "titles traded")


def test_a_new_date_that_makes_another_article_the_oldest_of_a_title_moves_the_plain_slug(project: Path,
                                                                                       tmp_path: Path):
    """Of two articles with one title, the oldest keeps the plain slug: a date edit alone can hand it over."""
    first = write_article(project, "mot.md", title="Cùng một tiêu đề", date="2021-12-01")
    write_article(project, "hai.md", title="Cùng một tiêu đề", date="2021-12-02")
    builder = Builder(BuildOptions(project=project))
    builder.build()
    write_article(project, "mot.md", title="Cùng một tiêu đề", date="2021-12-03")
    builder.update(ChangeSet(articles=frozenset({first})))
    assert_same_as_cold_build(project, tmp_path, "the plain slug handed over")
