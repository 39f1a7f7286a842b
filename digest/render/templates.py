"""The Jinja environment: the site's own templates/ first, then the default theme.

A site overrides any default template or asset by putting a file of the same
path in its own templates/ directory. Autoescape is on for every HTML and XML
template: article text is data, never markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import traceback
from pathlib import Path
from types import MethodType
from typing import Any, Callable

import jinja2
import jinja2.meta
import markupsafe
from jinja2.runtime import Macro
from markupsafe import Markup

from digest.diagnostics import Diagnostic, DigestError, display_path
from digest.render.summary import reading_minutes, summarize

DATE_MEMO_SIZE = 1 << 14  # distinct article dates whose display forms are remembered


def _default_theme() -> Path:
    """The repository's templates/, which an install ships as the package `digest.theme`."""
    spec = importlib.util.find_spec("digest.theme")
    if spec and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]).resolve()
    return Path(__file__).resolve().parent.parent.parent / "templates"


DEFAULT_THEME = _default_theme()


def theme_dirs(project: Path, theme: Path | None = None) -> tuple[Path, ...]:
    """Lookup order for templates and static assets: the site's templates/, the
    `theme:` of digest.yaml, the default theme; duplicates removed (the repo is its own site)."""
    dirs = [project / "templates", *([theme] if theme else []), DEFAULT_THEME]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return tuple(unique)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds: compiling the theme took 50 ms of every build that renders a page.

    Jinja names each file by the template's path and checks its source's
    checksum, and writes it atomically. The file names also carry a key of
    digest's code, which sets the compiler's options. A cache that cannot be
    written only makes the next build compile again.
    """

    def __init__(self, folder: Path, key: str) -> None:
        prefix = f"{key[:16]}-"
        super().__init__(str(folder), pattern=prefix + "%s.cache")
        try:  # what an earlier version of digest compiled can never be read again
            stale = [entry for entry in os.scandir(folder) if not entry.name.startswith(prefix)]
            for entry in stale:
                os.unlink(entry.path)
        except OSError:
            pass

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


# Variables through which a template can read any article, not only its page's own (`PagePlan.slugs`), in ways
# that cannot be watched as it renders (`article_by_slug` is watched: `pages.ArticleLookup`).
SITE_WIDE = frozenset({"plan"})
# Variables every template receives that change with an added or removed article, but that the default theme shows
# on a few pages only (`buildstate.COUNTED_PAGES`, the home page).
COUNTS, RECENT_EDITIONS = "topic_counts", "editions"
WATCHED = SITE_WIDE | {COUNTS, RECENT_EDITIONS}


def site_reads(env: jinja2.Environment, dirs: tuple[Path, ...]) -> frozenset[str]:
    """Which WATCHED variables a template outside the default theme reads.

    A build renders a page again when what the page lists changes; the
    default theme's templates read these variables only where those lists
    cover them. A site's own template may show, say, the newest article's
    lead or each topic's count on every page: then the edit, or the added
    article, must render every page again (`buildstate.page_digests`). A
    template that does not parse counts as reading them all (its error is
    reported when a page renders it). The default theme's partials
    (`_macros.html`), which a site's template may import, read none of
    them (tested); what they look up in `article_by_slug` is watched as
    pages render (`pages.ArticleLookup`).
    """
    found: set[str] = set()
    for folder in dirs:
        if folder.resolve() == DEFAULT_THEME.resolve():
            continue
        for path in sorted(folder.rglob("*.html")):
            try:
                found |= WATCHED & jinja2.meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
                return WATCHED
    return frozenset(found)


# The mark `jinja2.pass_eval_context` leaves, and whether Jinja's macros still carry it: the short road below
# passes a macro the eval context only while Jinja itself would.
_EVAL_CONTEXT = getattr(jinja2.pass_eval_context(lambda: None), "jinja_pass_arg", None)
_MACRO_TAKES_EVAL_CONTEXT = _EVAL_CONTEXT is not None and getattr(Macro.__call__, "jinja_pass_arg", None) is _EVAL_CONTEXT


class _Context(jinja2.runtime.Context):
    """Jinja's template context, with a shorter road for the calls a theme makes most.

    Every call in a template (`links.article(slug)`, a macro, `memo`) goes
    through `Context.call`, which first asks the callable, and its `__call__`,
    whether it wants the context, the eval context or the environment passed
    in (`jinja2.pass_context` and the like). For a bound method both asks
    fail by raising AttributeError inside `hasattr`: the checks cost 15 times
    the call to a `Links` method, and were an eighth of rendering. The answer
    is known for a macro (the eval context, which `Macro.__call__` asks for)
    and for a method whose function bears no mark (nothing): those two are
    called as Jinja would call them; anything else goes through Jinja's `call`.
    """

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (as Jinja's)
        kind = type(__obj)
        if kind is Macro and _MACRO_TAKES_EVAL_CONTEXT:
            args = (__self.eval_ctx, *args)
        elif kind is not MethodType or hasattr(__obj.__func__, "jinja_pass_arg"):  # type: ignore[attr-defined]
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)  # given to every call in a block or loop, for a callable wanting the context
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja answers it
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


# markupsafe's own escaping of a str, without making the Markup in Python; its `escape` where markupsafe has no
# such function (then a str's Markup is made twice: the same text, only slower).
_ESCAPE_TEXT: Callable[[str], str] = getattr(markupsafe, "_escape_inner", markupsafe.escape)
_new_str = str.__new__


def safe(html: str) -> Markup:
    """`Markup(html)` for a plain str, made in C: `Markup.__new__` asks every value for `__html__` in Python."""
    return _new_str(Markup, html)


def _escape(value: Any) -> Markup:
    """`markupsafe.escape`, faster for the two values pages escape most (a page escaped about 70).

    markupsafe makes every result through `Markup.__new__`, a Python function
    that asks the value for `__html__`: with Jinja's other work per value, a
    tenth of rendering. A str is escaped by markupsafe's own code and made
    Markup in C; Markup is safe already and, a str, immutable, so it is its
    own escape (markupsafe makes a copy). Anything else goes to markupsafe.
    """
    kind = type(value)
    if kind is str:
        return safe(_ESCAPE_TEXT(value))
    if kind is Markup:
        return value
    return markupsafe.escape(value)


class _Template(jinja2.Template):
    """A template whose autoescaping calls `_escape`.

    Jinja compiles `{{ value }}` to a call of the name `escape`, which the
    compiled module imports from Jinja's runtime (markupsafe's), and its
    render functions look up in the module's namespace: that name is pointed
    at `_escape` once the module has run. The bytes of every page are the same.
    """

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: Any,
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is markupsafe.escape:
            namespace["escape"] = _escape
        return template


def make_environment(project: Path, *, zone: dt.tzinfo, theme: Path | None = None,
                     compiled: tuple[Path, str] | None = None) -> jinja2.Environment:
    """`compiled`: a folder in which to keep compiled templates, and a key of digest's code."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in theme_dirs(project, theme)]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build compiles each template once; `serve` makes a new environment when a template changes,
        # so checking every template file's mtime on each of thousands of page renders buys nothing.
        auto_reload=False,
        # Each page asks for its template, base.html and _macros.html: from a plain dict, not Jinja's default LRU
        # cache (a lock and a reordering per lookup). A theme has a few dozen templates at most.
        cache_size=-1,
        bytecode_cache=_BytecodeCache(*compiled) if compiled else None,
    )

    # An article's date is shown on every page that lists it: format each date once.
    @functools.lru_cache(maxsize=DATE_MEMO_SIZE)
    def local_date(when: dt.datetime | None) -> str:
        return when.astimezone(zone).strftime("%d/%m/%Y") if when else ""

    @functools.lru_cache(maxsize=DATE_MEMO_SIZE)
    def iso_date(when: dt.datetime | None) -> str:
        return when.astimezone(zone).isoformat() if when else ""

    env.context_class = _Context
    env.template_class = _Template
    env.filters["local_date"] = local_date
    env.filters["iso_date"] = iso_date
    env.filters["summary"] = summarize
    env.filters["reading_minutes"] = reading_minutes
    return env


def template_error(exc: jinja2.TemplateError, project: Path, theme: Path | None = None) -> DigestError:
    """A template problem as a diagnostic at the template's file and line.

    Syntax errors carry their position; runtime errors (an undefined variable)
    only have it in the traceback, where Jinja puts the template's frames.
    """
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename is None:
        roots = [str(d.resolve()) for d in theme_dirs(project, theme)]
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if any(f.filename.startswith(r) for r in roots)]
        if frames:
            filename, lineno = frames[-1].filename, frames[-1].lineno
    shown = display_path(Path(filename), project) if filename else "templates"
    return DigestError([Diagnostic(shown, f"template error: {exc.message or exc}", line=lineno,
                                   hint="fix the template, or delete the override to use the default theme")])


def static_files(project: Path, theme: Path | None = None) -> list[tuple[str, Path]]:
    """(output path, source file) for every asset under static/, site overrides winning."""
    found: dict[str, Path] = {}
    for directory in reversed(theme_dirs(project, theme)):
        static = directory / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found["static/" + path.relative_to(static).as_posix()] = path
    return sorted(found.items())
