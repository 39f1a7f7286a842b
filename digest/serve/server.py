"""HTTP for `digest serve`: the output directory at the site's base path, plus live reload.

The standard library's ThreadingHTTPServer is enough for one editor's preview
and adds no dependency. The server knows a directory and a `Session` (which
holds the build) and nothing else, so tests can drive it with a fake build.
Served HTML gets the reload script; the files on disk never do. A request
reads a file under the session's lock, so it never sees a rebuild half-written.
"""

from __future__ import annotations

import email.utils
import enum
import hashlib
import json
import socketserver
from dataclasses import dataclass
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from digest.serve.session import Session, SessionState

EVENTS_PATH = "/__digest__/events"  # outside any site: base paths never start with "__digest__"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream; lets a closed tab's thread notice
RELOAD_SCRIPT = (Path(__file__).resolve().parent / "reload.js").read_text(encoding="utf-8")
CONTENT_TYPES = {  # what GitHub Pages sends; text always as UTF-8
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon",
    ".woff": "font/woff", ".woff2": "font/woff2", ".pdf": "application/pdf",
}
DEFAULT_TYPE = "application/octet-stream"
NOT_FOUND_PAGE = "404.html"
FALLBACK_404 = b"<!doctype html>\n<meta charset=\"utf-8\">\n<title>404</title>\n<body><h1>404: no such page</h1></body>\n"


class Found(enum.Enum):
    FILE = "file"
    REDIRECT = "redirect"
    FORBIDDEN = "forbidden"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Location:
    found: Found
    target: str = ""  # the file (FILE) or the URL to go to (REDIRECT)


def locate(request_path: str, *, root: Path, base_path: str) -> Location:
    """Which file under `root` answers a request path, or why none does.

    Refuses, after percent-decoding, any `.`/`..` segment, absolute path,
    backslash or NUL, and any file that resolves (through a symlink) outside
    `root`. The site lives under `base_path`, as it will once published.
    """
    path = unquote(urlsplit(request_path).path)
    if "\x00" in path or "\\" in path:
        return Location(Found.FORBIDDEN)
    if path in ("/", base_path.rstrip("/")) and path != base_path:
        return Location(Found.REDIRECT, base_path)
    if not path.startswith(base_path):
        return Location(Found.MISSING)
    rel = path[len(base_path):]
    parts = rel.split("/")
    if rel.startswith("/") or any(p in (".", "..") for p in parts):
        return Location(Found.FORBIDDEN)
    home = root.resolve()
    target = home.joinpath(*(p for p in parts if p)).resolve()
    if not target.is_relative_to(home):
        return Location(Found.FORBIDDEN)
    if target.is_dir():
        if rel and not rel.endswith("/"):
            return Location(Found.REDIRECT, path + "/")
        target = target / "index.html"
    if "" in parts[:-1] or not target.is_file():
        return Location(Found.MISSING)
    return Location(Found.FILE, str(target))


def inject_reload(html: bytes, state: SessionState) -> bytes:
    """The page with the reload script before its last </body> (appended when there is none)."""
    tag = (f'<script data-version="{escape(state.version)}" data-events="{EVENTS_PATH}">{RELOAD_SCRIPT}</script>\n'
           .encode("utf-8"))
    at = html.lower().rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


def content_type(path: str) -> str:
    return CONTENT_TYPES.get(Path(path).suffix.lower(), DEFAULT_TYPE)


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    server_address: tuple[str, int]  # an IPv4 socket's own (host, port) once bound: never bytes (the stubs allow them)

    def __init__(self, address: tuple[str, int], *, root: Path, session: Session) -> None:
        self.root = root
        self.session = session
        super().__init__(address, PreviewHandler)

    def server_bind(self) -> None:
        """HTTPServer's own looks the host name up (socket.getfqdn), which can stall offline."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{self.session.state.base_path}"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self._stream_events()
        else:
            self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build results and errors."""

    def _answer(self, *, with_body: bool) -> None:
        session = self.server.session
        state = session.state
        where = locate(self.path, root=self.server.root, base_path=state.base_path)
        if where.found is Found.REDIRECT:
            self._send(HTTPStatus.FOUND, b"", with_body=with_body, headers={"Location": where.target})
            return
        if where.found is Found.FORBIDDEN:
            self._send(HTTPStatus.FORBIDDEN, b"refused: outside the site\n", with_body=with_body,
                       headers={"Content-Type": "text/plain; charset=utf-8"})
            return
        status, file = HTTPStatus.OK, Path(where.target)
        if where.found is Found.MISSING:
            status, file = HTTPStatus.NOT_FOUND, self.server.root / NOT_FOUND_PAGE
        with session.lock:  # a rebuild never changes files while we read one
            try:
                body, modified, kind = file.read_bytes(), file.stat().st_mtime, content_type(file.name)
            except OSError:  # no 404 page (or no site yet)
                body, modified, kind = FALLBACK_404, None, CONTENT_TYPES[".html"]
        headers = {"Content-Type": kind, "Cache-Control": "no-cache"}
        if kind.startswith("text/html"):
            body = inject_reload(body, state)  # its version is in the body, so the ETag follows it
        elif modified is not None:
            headers["Last-Modified"] = email.utils.formatdate(modified, usegmt=True)
        headers["ETag"] = etag(body)
        if status is HTTPStatus.OK and self._not_modified(headers):
            self._send(HTTPStatus.NOT_MODIFIED, b"", with_body=False, headers=headers, length=False)
            return
        self._send(status, body, with_body=with_body, headers=headers)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        """RFC 9110: If-None-Match decides when present; If-Modified-Since only otherwise."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = {t.strip().removeprefix("W/") for t in match.split(",")}
            return "*" in tags or headers["ETag"] in tags
        since, modified = self.headers.get("If-Modified-Since"), headers.get("Last-Modified")
        if since is None or modified is None:
            return False
        try:
            return email.utils.parsedate_to_datetime(modified) <= email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False

    def _send(self, status: HTTPStatus, body: bytes, *, with_body: bool, headers: dict[str, str],
              length: bool = True) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _stream_events(self) -> None:
        """Server-sent events: the session's state now, then after every change, until the page goes."""
        session = self.server.session
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = None
        try:
            while not session.closed:
                state = session.state if seen is None else session.wait(seen, KEEPALIVE)
                if state == seen:
                    self.wfile.write(b": keepalive\n\n")
                else:
                    data = {"version": state.version, "errors": [d.format() for d in state.errors]}
                    self.wfile.write(f"event: state\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode("utf-8"))
                self.wfile.flush()
                seen = state
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded
