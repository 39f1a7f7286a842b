"""Bad input: one clear line naming the file (and line), a non-zero exit, the previous site intact."""

from __future__ import annotations

import pytest

from conftest import run_digest, site_snapshot


@pytest.fixture
def built(project):
    result = run_digest("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project, site_snapshot(project / "site")


def assert_refused(project, before, result, *expected):
    assert result.returncode == 2, result.stdout + result.stderr
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert site_snapshot(project / "site") == before


def test_malformed_rules_yaml(built):
    project, before = built
    (project / "content/topics/broken.yaml").write_text("- id: a\n  title: A\n  any: [x, y\n", encoding="utf-8")
    assert_refused(project, before, run_digest("build", cwd=project), "content/topics/broken.yaml:4:1: error: YAML syntax error")


def test_unknown_config_key(built):
    project, before = built
    config = project / "content/digest.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "edition_perod: daily\n", encoding="utf-8")
    result = run_digest("build", cwd=project)
    assert_refused(project, before, result, "content/digest.yaml:9:1: error: unknown key 'edition_perod'",
                   "did you mean 'edition_period'?")


def test_non_utf8_article(built):
    project, before = built
    (project / "content/articles/latin1.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)
    assert_refused(project, before, run_digest("build", cwd=project), "content/articles/latin1.txt:1: error: not UTF-8")


def test_bad_front_matter_points_at_the_article_line(built):
    project, before = built
    (project / "content/articles/bad.md").write_text("---\ntitle: A\ndate: mai\n---\nText.\n", encoding="utf-8")
    assert_refused(project, before, run_digest("build", cwd=project), 'content/articles/bad.md:3:7: error: date: "mai" is not a date')


def test_empty_article_is_skipped_with_a_warning(built):
    project, _ = built
    (project / "content/articles/empty.txt").write_text("---\ndate: 2021-01-01\n---\n\n", encoding="utf-8")
    result = run_digest("build", cwd=project)
    assert result.returncode == 0
    assert "content/articles/empty.txt: warning: the article is empty; skipped" in result.stderr


def test_template_error_names_the_template(built):
    project, before = built
    (project / "templates").mkdir()
    (project / "templates/article.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ nope.x }}{% endblock %}\n",
                                                    encoding="utf-8")
    assert_refused(project, before, run_digest("build", cwd=project), "templates/article.html:2: error: template error")


@pytest.mark.parametrize("output", [".", "content", "templates"])
def test_refuses_dangerous_output_dirs(project, output):
    (project / "templates").mkdir(exist_ok=True)
    result = run_digest("build", "--output", output, cwd=project)
    assert result.returncode == 2 and "refusing" in result.stderr
    assert (project / "content/digest.yaml").is_file()


def test_refuses_a_non_empty_foreign_directory(project):
    (project / "mine").mkdir()
    (project / "mine/notes.txt").write_text("keep me", encoding="utf-8")
    result = run_digest("build", "--output", "mine", cwd=project)
    assert result.returncode == 2 and "not empty and was not made by digest" in result.stderr
    assert (project / "mine/notes.txt").read_text(encoding="utf-8") == "keep me"
