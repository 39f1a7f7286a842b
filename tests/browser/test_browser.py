"""The built sample in headless Chromium: no horizontal overflow at phone and desktop widths, search works.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; `.ci/run`
installs both. Screenshots go to DIGEST_SCREENSHOTS (default: the test's tmp dir).
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from conftest import make_project
from digest.build import BuildOptions, build

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
BASE_PATH = "digest"  # the sample's base_url is https://example.github.io/digest/
PAGES = {"home": "", "topic": "topics/nato/", "article": "articles/iraq-bat-den-xanh-cho-nato-o-lai/"}
WIDTHS = (375, 1280)

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[test]')")
if not CHROMIUM.is_file():
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it",
                allow_module_level=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site served over HTTP under its subpath, as GitHub Pages would."""
    root = tmp_path_factory.mktemp("browser")
    project = make_project(root / "project")
    build(BuildOptions(project=project, output=root / "www" / BASE_PATH))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "www")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/{BASE_PATH}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get("DIGEST_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_fits_the_viewport(browser, base_url, shots, name, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        response = page.goto(base_url + PAGES[name])
        assert response is not None and response.ok
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
        assert page.evaluate("getComputedStyle(document.body).fontFamily")
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    finally:
        page.close()


def test_search_finds_an_article_typed_without_diacritics(browser, base_url, shots):
    page = browser.new_page(viewport={"width": 375, "height": 900})
    try:
        page.goto(base_url)
        page.fill("#site-search", "bat den xanh")
        page.press("#site-search", "Enter")
        page.wait_for_selector("#search-results li a", timeout=10_000)
        titles = page.locator("#search-results li a").all_inner_texts()
        assert titles[0] == "Iraq 'bật đèn xanh' cho\u00a0NATO ở lại"
        page.click("#search-results li a >> nth=0")
        page.wait_for_url("**/articles/iraq-bat-den-xanh-cho-nato-o-lai/")
        page.go_back()
        page.fill("#q", "xyzzy quux")
        page.press("#q", "Enter")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('Không tìm thấy')")
        page.fill("#q", "hiệp ước")
        page.press("#q", "Enter")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
        dates = page.locator("#search-results li time").evaluate_all("times => times.map(t => t.dateTime)")
        assert dates == sorted(dates, reverse=True) and len(set(dates)) == 2  # newest first
        page.screenshot(path=str(shots / "search-375.png"), full_page=True)
    finally:
        page.close()
