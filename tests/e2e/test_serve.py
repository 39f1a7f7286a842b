"""End to end: `digest serve` in a subprocess, over HTTP, while the project is edited on disk."""

from __future__ import annotations

import re
import signal
import socket
from pathlib import Path
from typing import Iterator

import pytest

from conftest import REPO, make_project, run_digest, site_snapshot
from serving import Served, eventually, served_project

ARTICLE = "content/articles/hop-bao.md"
SLUG = "hop-bao-ve-khi-hau-o-ha-noi"
ARTICLE_TEXT = """\
---
date: 2021-12-02
---
# Họp báo về khí hậu ở Hà Nội

Các nhà khoa học cho biết mùa mưa năm nay đến sớm hơn mọi năm.

Đoạn thứ hai nói về ngựa vằn ở thảo cầm viên.
"""
RULES = "content/topics/thoi-tiet.yaml"  # the tests' own rule file, beside the sample's
WEATHER_RULES = "- id: thoi-tiet\n  title: Thời tiết\n  any: [bão, lũ lụt]\n"
CLIMATE_RULE = "\n- id: khi-hau\n  title: Khí hậu\n  any: [mùa mưa]\n"


def write(project: Path, rel: str, text: str) -> None:
    """Save the way editors' tools do: a temp file renamed over the old one."""
    target = project / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = make_project(tmp_path / "project")
    write(project, ARTICLE, ARTICLE_TEXT)
    write(project, RULES, WEATHER_RULES)
    with served_project(project) as running:
        yield running


def test_serves_the_site_at_its_base_path(served: Served):
    assert served.url.endswith("/digest/")
    root = served.request("/")
    assert root.status == 302 and root.headers["location"] == "/digest/"
    home = served.page("")
    assert home.status == 200 and home.headers["content-type"] == "text/html; charset=utf-8"
    assert "Bản tin Thế giới" in home.text and SLUG in home.text
    article = served.page(f"articles/{SLUG}/")
    assert "ngựa vằn" in article.text and "/__digest__/events" in article.text
    assert served.page(f"articles/{SLUG}").headers["location"] == f"/digest/articles/{SLUG}/"


def test_content_types_head_and_conditional_requests(served: Served):
    feed = served.page("feed.xml")
    assert feed.headers["content-type"] == "application/xml; charset=utf-8"
    assert "__digest__" not in feed.text and "Họp báo về khí hậu" in feed.text
    assert served.page("static/style.css").headers["content-type"] == "text/css; charset=utf-8"
    head = served.request("/digest/feed.xml", method="HEAD")
    assert head.status == 200 and head.body == b"" and head.headers["content-length"] == str(len(feed.body))
    assert served.request("/digest/feed.xml", headers={"If-None-Match": feed.headers["etag"]}).status == 304
    since = served.request("/digest/feed.xml", headers={"If-Modified-Since": feed.headers["last-modified"]})
    assert since.status == 304 and since.body == b""
    home = served.page("")
    assert served.request("/digest/", headers={"If-None-Match": home.headers["etag"]}).status == 304
    assert served.request("/digest/", headers={"If-None-Match": '"stale"'}).status == 200


def test_paths_outside_the_site_are_refused(served: Served):
    (served.project / "site" / "escape").symlink_to(served.project / "content")
    for path in ("/digest/../../etc/passwd", "/digest/%2e%2e/%2e%2e/etc/passwd", "/digest/%2E%2E/content/digest.yaml",
                 "/digest//etc/passwd", "/digest/articles/..%2f..%2f..%2fetc/passwd", "/digest/escape/digest.yaml",
                 "/digest/%5c..%5cdigest.yaml", "/etc/passwd", "/digest/static/%00"):
        response = served.request(path)
        assert response.status in (403, 404), path
        assert b"root:" not in response.body and b"base_url" not in response.body, path


def test_edits_to_an_article_a_rule_and_a_template_show_within_two_seconds(served: Served):
    article_page = f"articles/{SLUG}/"
    write(served.project, ARTICLE, ARTICLE_TEXT.replace("ngựa vằn", "hươu cao cổ"))
    eventually(lambda: "hươu cao cổ" in served.page(article_page).text, what="the article edit")
    assert "ngựa vằn" not in served.page(article_page).text

    assert served.page("topics/khi-hau/").status == 404
    rules = served.project / RULES
    write(served.project, RULES, rules.read_text(encoding="utf-8") + CLIMATE_RULE)
    topic = eventually(lambda: (r := served.page("topics/khi-hau/")).status == 200 and r, what="the new rule")
    assert SLUG in topic.text

    theme_article = (REPO / "templates" / "article.html").read_text(encoding="utf-8")
    assert "{% block main %}" in theme_article
    write(served.project, "templates/article.html",
          theme_article.replace("{% block main %}", "{% block main %}<p>Bản xem trước</p>", 1))
    eventually(lambda: "Bản xem trước" in served.page(article_page).text, what="the template edit")
    assert "Bản xem trước" not in served.page("").text


def test_a_deleted_article_goes_to_the_404_page(served: Served):
    assert served.page(f"articles/{SLUG}/").status == 200
    (served.project / ARTICLE).unlink()
    gone = eventually(lambda: (r := served.page(f"articles/{SLUG}/")).status == 404 and r, what="the deletion")
    assert gone.headers["content-type"] == "text/html; charset=utf-8" and "/__digest__/events" in gone.text
    assert SLUG not in served.page("").text


def test_a_broken_rule_file_keeps_the_last_good_site_and_shows_the_error(served: Served):
    rules = served.project / RULES
    good = rules.read_text(encoding="utf-8")
    before = served.state()
    assert before["errors"] == []
    assert good.endswith("\n")
    write(served.project, RULES, good + "\n- id: Khí Hậu\n  title: Khí hậu\n")
    where = f"{RULES}:{good.count(chr(10)) + 2}:7: error:"  # the bad id's line and column
    served.err.wait_for(re.escape(where) + ".*Khí Hậu", 2.0)
    state = eventually(lambda: (s := served.state())["errors"] and s, what="the error")
    assert state["version"] == before["version"]
    assert any(e.startswith(where) and "Khí Hậu" in e for e in state["errors"])
    assert served.page(f"articles/{SLUG}/").status == 200 and "ngựa vằn" in served.page(f"articles/{SLUG}/").text

    # An article edit while the rules are broken is not lost: it shows once they are fixed.
    write(served.project, ARTICLE, ARTICLE_TEXT.replace("ngựa vằn", "chim cánh cụt"))
    write(served.project, RULES, good + CLIMATE_RULE)
    fixed = eventually(lambda: not (s := served.state())["errors"] and s, what="the fix")
    assert fixed["version"] != before["version"]
    assert "chim cánh cụt" in served.page(f"articles/{SLUG}/").text
    assert served.page("topics/khi-hau/").status == 200


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_ctrl_c_or_kill_stops_cleanly_leaving_the_same_site_a_build_makes(served: Served, tmp_path: Path,
                                                                          how: signal.Signals):
    write(served.project, ARTICLE, ARTICLE_TEXT.replace("ngựa vằn", "hươu cao cổ"))
    eventually(lambda: "hươu cao cổ" in served.page(f"articles/{SLUG}/").text)
    assert served.stop(how) == 0
    assert "digest: stopping" in served.out.text
    assert "Traceback" not in served.err.text, served.err.text
    assert run_digest("build", "--output", str(tmp_path / "cold"), cwd=served.project).returncode == 0
    served_site = site_snapshot(served.project / "site")
    assert served_site == site_snapshot(tmp_path / "cold")
    assert not any(b"__digest__" in data for data in served_site.values())


def test_a_port_in_use_is_a_clear_error(project: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_digest("serve", "--port", str(port), cwd=project)
    assert result.returncode == 2
    assert f"127.0.0.1:{port}: error: the port is already in use" in result.stderr
    assert "--port 0" in result.stderr and "Traceback" not in result.stderr
