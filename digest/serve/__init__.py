"""`digest serve`: build, serve the site, and rebuild what each edit touched.

watch.py (file events -> debounced batches) -> changes.py (batch -> ChangeSet)
-> session.py (Builder.update; last good site, current errors) -> server.py
(HTTP and live reload). The build never imports this package.
"""

from __future__ import annotations

import errno
import functools
import signal
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from digest.build import Builder, BuildOptions, ChangeSet
from digest.config import find_config, load_config
from digest.diagnostics import Diagnostic, DigestError
from digest.render.templates import DEFAULT_THEME
from digest.serve.changes import Layout, classify
from digest.serve.server import PreviewServer
from digest.serve.session import Outcome, Session
from digest.serve.watch import Watcher

POLL = 0.25  # seconds: how soon the rebuild loop notices it should stop
# Seconds without an edit before the build cache is saved. A save that began sooner (after 0.25 s) was still
# writing the plan when an editor's next save came half a second later, which then waited for it: 0.1 to
# 0.3 s at 10,000 articles after an edit of an article's title or topics.
SAVE_PAUSE = 2.0


@dataclass(frozen=True, slots=True)
class ServeOptions:
    build: BuildOptions
    host: str = "127.0.0.1"
    port: int = 8000  # 0: any free port
    open_browser: bool = False


def _configured_base_path(project: Path) -> str:
    """The base path to serve under before the first good build; "/" while the configuration is broken."""
    try:
        return load_config(project).base_path
    except DigestError:
        if find_config(project) is None:
            raise  # not a project at all: nothing to preview
        return "/"


def _bind(options: ServeOptions, *, root: Path, session: Session) -> PreviewServer:
    try:
        return PreviewServer((options.host, options.port), root=root, session=session)
    except OSError as exc:
        where = f"{options.host}:{options.port}"
        if exc.errno == errno.EADDRINUSE:
            raise DigestError([Diagnostic(where, "the port is already in use",
                                          hint="stop the other server, or choose another port "
                                               "(--port 8001, or --port 0 for any free one)")]) from None
        raise DigestError([Diagnostic(where, f"cannot listen there: {exc.strerror}",
                                      hint="check --host names an address of this machine")]) from None


def _report(outcome: Outcome, out: TextIO, err: TextIO, *, first: bool = False) -> None:
    ms = round(outcome.seconds * 1000)
    if outcome.result is None:
        for problem in outcome.errors:
            print(problem.format(), file=err)
        print("digest: the build failed; the last good site is still served. Fix the file and save.", file=err, flush=True)
        return
    if first:
        for problem in outcome.result.diagnostics:
            print(problem.format(), file=err)
    print(f"digest: {'built' if first else 'rebuilt'} in {ms} ms ({outcome.result.written} files written)",
          file=out, flush=True)


def _rebuild_loop(watcher: Watcher, layout: Layout, session: Session, builder: Builder, stop: threading.Event,
                  out: TextIO, err: TextIO) -> None:
    """Rebuild on each batch of changes; save the build cache once the editor pauses (SAVE_PAUSE), not on every
    save, and give way to the next edit half-way through saving (at 10,000 articles a save takes ~0.5 s)."""
    edited = time.monotonic()
    while not stop.is_set():
        batch = watcher.next_batch(POLL)
        changes = classify(batch, layout)
        if changes:
            _report(session.rebuild(changes), out, err)
            edited = time.monotonic()
        elif not batch and time.monotonic() - edited >= SAVE_PAUSE:
            builder.save(stop=watcher.pending)


def _stop_like_ctrl_c() -> None:
    """`kill` (SIGTERM) and a closed terminal (SIGHUP) stop the server as Ctrl-C does: the rebuild under way
    finishes and the cache is saved, so the next `digest build` starts from a complete site."""
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.default_int_handler)


def serve(options: ServeOptions, *, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> None:
    """Serve until Ctrl-C; then finish the rebuild under way, so a complete site is left behind."""
    project = options.build.project.resolve()
    output = (options.build.output or project / "site").resolve()
    lock = threading.Lock()
    builder = Builder(options.build, write_lock=lock, resident=True)
    session = Session(functools.partial(builder.update, save=False), base_path=_configured_base_path(project), lock=lock)
    layout = Layout.of(project, output, DEFAULT_THEME)
    with _bind(options, root=output, session=session) as server, \
            Watcher([layout.content, *layout.themes], flat=[project]) as watcher:
        _report(session.rebuild(ChangeSet(everything=True)), out, err, first=True)
        serving = threading.Thread(target=server.serve_forever, name="digest-http", daemon=True)
        serving.start()
        stop = threading.Event()
        rebuilding = threading.Thread(target=_rebuild_loop, name="digest-rebuild",
                                      args=(watcher, layout, session, builder, stop, out, err))
        rebuilding.start()
        print(f"digest: serving {server.url} (Ctrl-C to stop)", file=out, flush=True)
        if options.open_browser:
            webbrowser.open(server.url)
        _stop_like_ctrl_c()
        try:
            stop.wait()  # until Ctrl-C: signals reach only this thread, never a rebuild half-way
        except KeyboardInterrupt:
            print("digest: stopping", file=out, flush=True)
        finally:
            stop.set()
            rebuilding.join()
            builder.save()
            session.close()
            server.shutdown()
