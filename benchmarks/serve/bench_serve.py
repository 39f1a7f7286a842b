"""How fast `digest serve` shows an edit: from saving a file to the fresh page.

    python benchmarks/serve/bench_serve.py --articles 2000 --form raw [--edits 10] [--json FILE]

Generates the corpus with benchmarks/corpus.py into benchmarks/.work/serve/,
starts `digest serve --port 0` from this checkout, listens to the live-reload
event stream as an open page does, and for each edit measures:

- event: from the moment the edited file is saved until the page is told to reload;
- page: until the article's page is fetched with its new bytes (what the editor sees).

Edits are scenarios.touch on different articles (one sentence added to
the longest paragraph, written in place the way many editors do), then
scenarios.retitle on others (a longer title: the page moves to a new address,
timed until the reload event and until its page is served at its new address),
scenarios.retopic on others (a sentence naming a topic the article was not in:
it joins that topic, so the site is planned anew), scenarios.add_newest
(a new article dated after every other, timed until its page is served), one
change_rule and one edit of templates/base.html. At the end the server is
stopped with Ctrl-C and its site/ compared byte for byte with a cold
`digest build` of the same project.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

BENCHMARKS = Path(__file__).resolve().parent.parent
REPO = BENCHMARKS.parent
sys.path[:0] = [str(BENCHMARKS), str(REPO)]

from corpus import generate  # noqa: E402
from scenarios import add_newest, article_paths, change_rule, headline, retitle, retopic, touch  # noqa: E402

from digest.slug import make_slug  # noqa: E402

WORK = BENCHMARKS / ".work" / "serve"
START_TIMEOUT = 600.0  # a cold build of a large raw corpus takes minutes on a busy machine
EDIT_TIMEOUT = 60.0  # one-article edits
SITE_TIMEOUT = 900.0  # rules and template changes redo every article or page: minutes at 10,000 on a busy machine
SETTLE = 0.5  # seconds between edits, so each is measured alone


def digest_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


class Events:
    """The live-reload stream, read in a thread: (arrival time, version) of each state event."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=None)
        self.connection.request("GET", "/__digest__/events")
        self.reply = self.connection.getresponse()
        self.arrived: queue.Queue[tuple[float, dict[str, object]]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.reply.fp:
                line = raw.decode("utf-8")
                if line.startswith("data: "):
                    self.arrived.put((time.perf_counter(), json.loads(line[6:])))
        except (OSError, ValueError):
            return

    def next_version(self, after: str, timeout: float) -> tuple[float, dict[str, object]]:
        deadline = time.monotonic() + timeout
        while True:
            at, state = self.arrived.get(timeout=max(deadline - time.monotonic(), 0.001))
            if state["version"] != after:
                return at, state
            if state["errors"]:
                raise RuntimeError(f"the rebuild failed: {state['errors']}")


def get(host: str, port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        return reply.status, reply.read()
    finally:
        connection.close()


def article_page(host: str, port: int, base: str, path: Path, form: str) -> str | None:
    """The address of an article's page as the running site gives it: the slug its search index lists under the
    article's title; None when no article has that title. (Cleaning the file alone, without the other dumps of
    its site, can take a boilerplate line for the title and so give another address.)"""
    status, body = get(host, port, base + "search/docs.json")
    title = headline(path, form)
    slugs = [slug for slug, shown, _ in json.loads(body) if shown == title] if status == 200 else []
    if len(slugs) > 1:
        raise RuntimeError(f"{len(slugs)} articles are titled {title!r}: pick another article")
    return f"{base}articles/{slugs[0]}/" if slugs else None


def edit_template(project: Path) -> Path:
    """An override of base.html, which every page extends, with one more comment each time."""
    target = project / "templates" / "base.html"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "templates" / "base.html", target)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("</body>", f"<!-- edit {text.count('<!-- edit')} --></body>"), encoding="utf-8")
    return target


def measure(edit: Callable[[], object], events: Events, version: str, fetch: Callable[[], bytes] | None,
            before: bytes | None, *, timeout: float = EDIT_TIMEOUT) -> tuple[float, float | None, str]:
    saved = time.perf_counter()
    edit()
    at, state = events.next_version(version, timeout)
    page_at = None
    if fetch is not None:
        while fetch() == before:
            if time.perf_counter() - saved > timeout:
                raise RuntimeError("the page never changed")
        page_at = time.perf_counter()
    return at - saved, None if page_at is None else page_at - saved, str(state["version"])


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--form", choices=("raw", "markdown"), default="raw")
    parser.add_argument("--edits", type=int, default=10, help="one-article edits to time")
    parser.add_argument("--retitles", type=int, default=3, help="title edits to time (the article's page moves)")
    parser.add_argument("--retopics", type=int, default=3, help="edits that put an article in one more topic")
    parser.add_argument("--adds", type=int, default=3, help="articles to add, each dated after every other")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    project = WORK / f"{args.form}-{args.articles}"
    shutil.rmtree(project, ignore_errors=True)
    print(f"generating {args.articles} {args.form} articles in {project}", file=sys.stderr)
    generate(project, args.articles, args.form, args.seed)
    # Articles spread over the corpus; each one is edited once.
    paths = article_paths(project, args.form)
    def spread(count: int, offset: int) -> list[Path]:
        """`count` articles spread over the corpus, the `offset`-th after each mark: each kind of edit its own."""
        return [paths[i * len(paths) // count + offset] for i in range(count)]

    chosen, retitled, retopicked = spread(args.edits, 0), spread(args.retitles, 1), spread(args.retopics, 2)

    started = time.perf_counter()
    # SIGINT restored in the child: started from a background job, it would inherit "ignore Ctrl-C".
    server = subprocess.Popen([sys.executable, "-m", "digest", "serve", "--port", "0"], cwd=project, env=digest_env(),
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = ""
        assert server.stdout is not None
        for line in server.stdout:
            if found := re.search(r"serving (http://\S+)", line):
                url = found.group(1)
                break
        if not url:
            raise RuntimeError("digest serve did not start")
        startup = time.perf_counter() - started
        host, port_path = url.removeprefix("http://").split(":", 1)
        port, base = int(port_path.split("/", 1)[0]), "/" + port_path.split("/", 1)[1]
        threading.Thread(target=server.stdout.read, daemon=True).start()  # drain, so the server never blocks on it
        events = Events(host, port)
        version = str(events.arrived.get(timeout=30)[1]["version"])

        def timed(kind: str, paths: list[Path], edit: Callable[[Path], object],
                  address: Callable[[Path], str] | None = None) -> list[tuple[float, float | None]]:
            """Edit each article and time it until its page is served with new bytes: at the same address, or at
            `address(path)` once edited (checked to be the article's address before, so no clash suffix)."""
            nonlocal version
            times = []
            for path in paths:
                page = article_page(host, port, base, path, args.form)
                assert page is not None and (address is None or page == address(path)), (path, page)
                status, before = get(host, port, page)
                assert status == 200, (page, status)

                def fetch(path: Path = path, page: str = page, before: bytes = before, found: list[str] = []) -> bytes:
                    found[:] = found or [address(path) if address else page]
                    status, body = get(host, port, found[0])
                    return body if status == 200 else before

                event, shown, version = measure(lambda path=path: edit(path), events, version, fetch, before)
                times.append((event, shown))
                print(f"{kind} edit: event {ms(event)}, page {ms(shown)}", file=sys.stderr, flush=True)
                time.sleep(SETTLE)
            return times

        article_times = timed("article", chosen, touch)
        # The page moves when the new title gives a new slug (slugs are cut at a length).
        title_times = timed("title", retitled, lambda path: retitle(path, args.form),
                            lambda path: f"{base}articles/{make_slug(headline(path, args.form))}/")
        topic_times = timed("topic", retopicked, lambda path: retopic(path, project))
        add_times = []
        for _ in range(args.adds):
            added: list[Path] = []

            def new_page(added: list[Path] = added) -> bytes:
                """The added article's page, once the site lists it under its title (b"" until then)."""
                page = article_page(host, port, base, added[0], args.form)
                status, body = get(host, port, page) if page else (404, b"")
                return body if status == 200 else b""
            _, shown, version = measure(lambda added=added: added.append(add_newest(project, args.form, args.seed)),
                                        events, version, new_page, b"")
            add_times.append(shown)
            print(f"added article: page {ms(shown)}", file=sys.stderr, flush=True)
            time.sleep(SETTLE)
        rule_event, _, version = measure(lambda: change_rule(project, args.form, args.seed), events, version,
                                         None, None, timeout=SITE_TIMEOUT)
        print(f"rules change: event {ms(rule_event)}", file=sys.stderr, flush=True)
        time.sleep(SETTLE)
        before_home = get(host, port, base)[1]
        _, template_page, version = measure(lambda: edit_template(project), events, version,
                                            lambda: get(host, port, base)[1], before_home, timeout=SITE_TIMEOUT)
    finally:
        server.send_signal(signal.SIGINT)
        stopped = server.wait(120)

    cold = WORK / "cold-site"
    shutil.rmtree(cold, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "digest", "build", "--output", str(cold)], cwd=project, env=digest_env(),
                   check=True, capture_output=True)
    identical = subprocess.run(["diff", "-r", "-q", str(project / "site"), str(cold)],
                               capture_output=True).returncode == 0

    titles_s = sorted(p for _, p in title_times if p is not None)
    topics_s = sorted(p for _, p in topic_times if p is not None)
    adds_s = sorted(p for p in add_times if p is not None)
    events_s = sorted(e for e, _ in article_times)
    pages_s = sorted(p for _, p in article_times if p is not None)
    figures = {
        "articles": args.articles, "form": args.form, "edits": args.edits,
        "startup_s": round(startup, 2),
        "article_event_ms": {"median": round(statistics.median(events_s) * 1000), "max": round(events_s[-1] * 1000)},
        "article_page_ms": {"median": round(statistics.median(pages_s) * 1000), "max": round(pages_s[-1] * 1000),
                            "all": [round(p * 1000) for p in pages_s]},
        "title_page_ms": [round(p * 1000) for p in titles_s],
        "topic_page_ms": [round(p * 1000) for p in topics_s],
        "add_page_ms": [round(p * 1000) for p in adds_s],
        "rule_event_ms": round(rule_event * 1000),
        "template_page_ms": round((template_page or 0) * 1000),
        "stopped_with": stopped, "byte_identical_to_cold_build": identical,
    }
    print(f"| {args.articles} {args.form} articles | median | max |\n|---|---|---|")
    print(f"| one-article edit: save -> reload event | {ms(statistics.median(events_s))} | {ms(events_s[-1])} |")
    print(f"| one-article edit: save -> fresh page | {ms(statistics.median(pages_s))} | {ms(pages_s[-1])} |")
    if titles_s:
        print(f"| title edit (the page moves): save -> page at its new address | {ms(statistics.median(titles_s))} "
              f"| {ms(titles_s[-1])} |")
    if topics_s:
        print(f"| topic edit (the article joins a topic): save -> fresh page | {ms(statistics.median(topics_s))} "
              f"| {ms(topics_s[-1])} |")
    if adds_s:
        print(f"| added article (dated after every other): save -> its page | {ms(statistics.median(adds_s))} "
              f"| {ms(adds_s[-1])} |")
    print(f"| rules change: save -> reload event | {ms(rule_event)} | |")
    print(f"| template change: save -> fresh home page | {ms(template_page)} | |")
    print(f"\nstartup (cold build) {startup:.1f} s; Ctrl-C exit status {stopped}; "
          f"site byte-identical to a cold build: {'yes' if identical else 'NO'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if identical and stopped == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
