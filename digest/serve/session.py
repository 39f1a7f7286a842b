"""The last good site and the current error, shared by the rebuild loop and the HTTP server.

A failed rebuild leaves the last good site on disk and in service (the
`Builder` writes nothing unless the whole update succeeded); its diagnostics
are the session's errors until a rebuild succeeds. Each successful build gets
a new `version`: a served page knows the version it came from and reloads when
the session's differs, so no page misses a rebuild that happened while it loaded.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable, Protocol

from digest.build import ChangeSet
from digest.diagnostics import Diagnostic, DigestError, errors_in


class Built(Protocol):
    """What a session reads of a build's result; read-only, as `BuildResult` (a frozen dataclass) has them."""

    @property
    def base_path(self) -> str: ...

    @property
    def written(self) -> int: ...

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]: ...


@dataclass(frozen=True, slots=True)
class SessionState:
    version: str  # changes with every successful build (and every server start)
    base_path: str  # the site's URL prefix, from the last good configuration
    errors: tuple[Diagnostic, ...] = ()  # why the last rebuild failed; () once one succeeds


@dataclass(frozen=True, slots=True)
class Outcome:
    """One rebuild, for the terminal."""

    seconds: float
    result: Built | None  # None: it failed
    errors: tuple[Diagnostic, ...]


class Session:
    """Runs rebuilds one at a time and tells waiting pages about each one."""

    def __init__(self, build: Callable[[ChangeSet], Built], *, base_path: str, lock: threading.Lock | None = None) -> None:
        self.lock = lock or threading.Lock()  # held while the site's files change, and while a request reads one
        self._build = build
        self._instance = secrets.token_hex(4)  # a restarted server reloads pages served by the previous one
        self._builds = 0
        self._state = SessionState(self._version(), base_path)
        self._changed = threading.Condition()
        self._closed = False

    def _version(self) -> str:
        return f"{self._instance}-{self._builds}"

    @property
    def state(self) -> SessionState:
        with self._changed:
            return self._state

    @property
    def closed(self) -> bool:
        return self._closed

    def rebuild(self, changes: ChangeSet) -> Outcome:
        started = time.perf_counter()
        try:
            result = self._build(changes)
        except DigestError as exc:
            errors = tuple(errors_in(exc.diagnostics)) or exc.diagnostics
            self._publish(errors=errors)
            return Outcome(time.perf_counter() - started, None, errors)
        except Exception as exc:  # noqa: BLE001 - a bug in a rebuild must not stop the preview
            errors = (Diagnostic("digest", f"internal error: {type(exc).__name__}: {exc}",
                                 hint="a bug in digest: `digest --debug build` shows the traceback; please report it"),)
            self._publish(errors=errors)
            return Outcome(time.perf_counter() - started, None, errors)
        self._builds += 1
        self._publish(version=self._version(), base_path=result.base_path, errors=())
        return Outcome(time.perf_counter() - started, result, ())

    def _publish(self, **changes: object) -> None:
        with self._changed:
            self._state = replace(self._state, **changes)  # type: ignore[arg-type]
            self._changed.notify_all()

    def wait(self, seen: SessionState, timeout: float) -> SessionState:
        """The state once it differs from `seen` (or after `timeout` seconds, or when the session closes)."""
        with self._changed:
            self._changed.wait_for(lambda: self._state != seen or self._closed, timeout)
            return self._state

    def close(self) -> None:
        """Wake every waiting page stream so the server can stop."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
