"""`digest serve` in a subprocess, for the e2e and browser tests.

Every wait is bounded, and `served_project` always stops the server (Ctrl-C,
then kill), so a failing test never leaves one running.
"""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TypeVar
from urllib.parse import urlsplit

from conftest import digest_env

START_TIMEOUT = 60.0
CHANGE_TIMEOUT = 2.0  # the promise: an edit shows within 2 s
STOP_TIMEOUT = 15.0
T = TypeVar("T")


@dataclass
class Output:
    """Lines a stream printed so far, filled by a reader thread."""

    lines: list[str] = field(default_factory=list)
    grew: threading.Condition = field(default_factory=threading.Condition)
    ended: bool = False  # the process closed the stream: nothing more will come

    def read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            with self.grew:
                self.lines.append(line)
                self.grew.notify_all()
        with self.grew:
            self.ended = True
            self.grew.notify_all()

    @property
    def text(self) -> str:
        with self.grew:
            return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        with self.grew:
            while not (found := re.search(pattern, "".join(self.lines))):
                left = deadline - time.monotonic()
                assert left > 0 and not self.ended, f"no {pattern!r} within {timeout} s in:\n{''.join(self.lines)}"
                self.grew.wait(left)
            return found


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Served:
    process: subprocess.Popen[str]
    project: Path
    url: str  # the site's home, e.g. http://127.0.0.1:41234/digest/
    out: Output
    err: Output

    @property
    def origin(self) -> tuple[str, int]:
        parts = urlsplit(self.url)
        return parts.hostname or "", parts.port or 80

    def request(self, path: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> Response:
        """One request without following redirects; `path` is absolute ("/digest/...")."""
        connection = http.client.HTTPConnection(*self.origin, timeout=10)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            reply = connection.getresponse()
            return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
        finally:
            connection.close()

    def page(self, rel: str) -> Response:
        return self.request(urlsplit(self.url).path + rel)

    def state(self) -> dict[str, object]:
        """The first live-reload event a page receives: the site's version and the current errors."""
        connection = http.client.HTTPConnection(*self.origin, timeout=10)
        try:
            connection.request("GET", "/__digest__/events")
            reply = connection.getresponse()
            assert reply.getheader("Content-Type", "").startswith("text/event-stream")
            lines = []
            while (line := reply.fp.readline().decode("utf-8")) not in ("\n", ""):
                lines.append(line)
            data = next(line for line in lines if line.startswith("data: "))
            return json.loads(data.removeprefix("data: "))
        finally:
            connection.close()

    def stop(self, how: signal.Signals = signal.SIGINT) -> int:
        """Ctrl-C, as an editor stops it (or `how`); kill only if that does not work in time."""
        if self.process.poll() is None:
            self.process.send_signal(how)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        return self.process.returncode


def eventually(check: Callable[[], T], timeout: float = CHANGE_TIMEOUT, *, what: str = "the change") -> T:
    """`check()`'s first truthy result within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"{what} did not show within {timeout} s"
        time.sleep(0.02)


def as_from_a_terminal() -> None:
    """In the child before it starts: Ctrl-C reaches it as it does in a terminal. A test run started in the
    background (as CI may run it) ignores SIGINT, and its children would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def served_project(project: Path, *args: str) -> Iterator[Served]:
    process = subprocess.Popen([sys.executable, "-m", "digest", "serve", "--port", "0", *args], cwd=project,
                               env=digest_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8", preexec_fn=as_from_a_terminal)
    out, err = Output(), Output()
    readers = [threading.Thread(target=o.read, args=(s,), daemon=True)
               for o, s in ((out, process.stdout), (err, process.stderr))]
    for reader in readers:
        reader.start()
    served = Served(process, project, "", out, err)
    try:
        served.url = out.wait_for(r"serving (http://\S+)", START_TIMEOUT).group(1)
        yield served
    finally:
        served.stop()
        for reader in readers:
            reader.join(STOP_TIMEOUT)
