"""An open page in headless Chromium follows edits made on disk while `digest serve` runs.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; `.ci/run`
installs both, and the test skips with the reason where either is missing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Iterator

import pytest

from conftest import make_project
from serving import Served, served_project

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
ARTICLE = """\
---
date: 2021-12-02
---
# Họp báo về khí hậu ở Hà Nội

Các nhà khoa học cho biết mùa mưa năm nay đến sớm hơn mọi năm.

Đoạn thứ hai nói về {animal} ở thảo cầm viên.
"""
PAGE = "articles/hop-bao-ve-khi-hau-o-ha-noi/"
WAIT_MS = 5000  # bounded: the issue promises 2 s; a busy CI machine gets some slack

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[test]')")
if not CHROMIUM.is_file():
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it",
                allow_module_level=True)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = make_project(tmp_path / "project")
    (project / "content" / "articles" / "hop-bao.md").write_text(ARTICLE.format(animal="ngựa vằn"), encoding="utf-8")
    with served_project(project) as running:
        yield running


@pytest.fixture
def page(served: Served) -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_an_open_page_follows_edits_errors_and_deletion_without_being_reloaded_by_hand(served: Served, page):
    article = served.project / "content" / "articles" / "hop-bao.md"
    page.goto(served.url + PAGE)
    assert "ngựa vằn" in page.inner_text("main")
    # No need to wait for the event stream: a page that connects after a rebuild is told its version is old.
    article.write_text(ARTICLE.format(animal="hươu cao cổ"), encoding="utf-8")
    page.wait_for_function("() => document.querySelector('main').innerText.includes('hươu cao cổ')", timeout=WAIT_MS)

    rules = served.project / "content" / "topics" / "zz-broken.yaml"
    rules.write_text("- id: Khí Hậu\n  title: Khí hậu\n", encoding="utf-8")
    overlay = page.wait_for_selector("#digest-error-overlay", timeout=WAIT_MS)
    assert "content/topics/zz-broken.yaml:1:7" in overlay.inner_text()
    assert "hươu cao cổ" in page.inner_text("main")  # the last good page stays underneath

    rules.unlink()
    page.wait_for_selector("#digest-error-overlay", state="detached", timeout=WAIT_MS)
    not_found = re.search(r"<title>(.*?)</title>", (served.project / "site" / "404.html").read_text(encoding="utf-8"))
    article.unlink()
    page.wait_for_function("title => document.title === title", arg=html.unescape(not_found.group(1)), timeout=WAIT_MS)
