"""The preview server on its own: a directory and a session whose build is a fake, as in MkDocs' tests."""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from digest.build import ChangeSet
from digest.diagnostics import Diagnostic, DigestError
from digest.serve.server import Found, Location, PreviewServer, inject_reload, locate
from digest.serve.session import Session, SessionState


@dataclass(frozen=True)
class FakeResult:
    base_path: str = "/news/"
    written: int = 1
    diagnostics: tuple[Diagnostic, ...] = ()


def make_site(root: Path) -> Path:
    (root / "site" / "a").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<html><body>Trang chủ</body></html>", encoding="utf-8")
    (root / "site" / "a" / "index.html").write_text("<p>A</p>", encoding="utf-8")
    (root / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "site" / "out").symlink_to(root)
    return root / "site"


def test_locate_maps_urls_to_files_and_refuses_the_rest(tmp_path: Path):
    site = make_site(tmp_path)

    def at(path: str) -> Location:
        return locate(path, root=site, base_path="/news/")

    assert at("/news/") == Location(Found.FILE, str(site / "index.html"))
    assert at("/news/a/?x=1") == Location(Found.FILE, str(site / "a" / "index.html"))
    assert at("/news/a") == Location(Found.REDIRECT, "/news/a/")
    assert at("/") == at("/news") == Location(Found.REDIRECT, "/news/")
    assert at("/other/") == at("/news/b/") == at("/news/index.htm") == Location(Found.MISSING)
    for bad in ("/news/../secret.txt", "/news/%2e%2e/secret.txt", "/news/a/%2E%2E/../secret.txt", "/news//etc/passwd",
                "/news/out/secret.txt", "/news/a%5c..%5c..%5csecret.txt", "/news/%00", "/news/./a/"):
        assert at(bad).found is Found.FORBIDDEN, bad


def test_reload_script_goes_before_the_last_body_end():
    state = SessionState("v1", "/")
    page = inject_reload(b"<html><body><p>x</p></BODY></html>", state)
    assert page.startswith(b"<html><body><p>x</p><script data-version=\"v1\"") and page.endswith(b"</script>\n</BODY></html>")
    assert inject_reload(b"<p>no body</p>", state).startswith(b"<p>no body</p><script")


class FakeBuild:
    """Records what it was asked to redo; fails while `failing` is set."""

    def __init__(self) -> None:
        self.calls: list[ChangeSet] = []
        self.failing = False

    def __call__(self, changes: ChangeSet) -> FakeResult:
        self.calls.append(changes)
        if self.failing:
            raise DigestError([Diagnostic("content/topics/x.yaml", "broken", line=3, col=5)])
        return FakeResult()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[PreviewServer, FakeBuild]]:
    fake = FakeBuild()
    session = Session(fake, base_path="/news/")
    session.rebuild(ChangeSet(everything=True))
    httpd = PreviewServer(("127.0.0.1", 0), root=make_site(tmp_path), session=session)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd, fake
    finally:
        session.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def get(httpd: PreviewServer, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(*httpd.server_address[:2], timeout=5)
    connection.request("GET", path)
    return connection.getresponse()


def next_event(reply: http.client.HTTPResponse) -> str:
    lines = []
    while (line := reply.fp.readline().decode("utf-8")) not in ("\n", ""):
        lines.append(line)
    return "".join(lines)


def test_pages_get_the_script_and_events_follow_rebuilds(server):
    httpd, fake = server
    assert fake.calls == [ChangeSet(everything=True)]
    home = get(httpd, "/news/")
    body = home.read().decode("utf-8")
    version = httpd.session.state.version
    assert f'data-version="{version}"' in body and "Trang chủ" in body
    missing = get(httpd, "/news/nope/")
    assert missing.status == 404 and "404" in missing.read().decode("utf-8")

    events = get(httpd, "/__digest__/events")
    assert f'"version": "{version}"' in next_event(events)
    fake.failing = True
    httpd.session.rebuild(ChangeSet(rules=True))
    failed = next_event(events)
    assert f'"version": "{version}"' in failed and "content/topics/x.yaml:3:5: error: broken" in failed
    fake.failing = False
    httpd.session.rebuild(ChangeSet(rules=True))
    fixed = next_event(events)
    assert f'"version": "{version}"' not in fixed and '"errors": []' in fixed
    events.close()
