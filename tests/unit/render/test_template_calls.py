"""The environment's short roads give what Jinja's own give: its context calls a macro or a plain method straight
(`templates._Context`), and its templates escape through `templates._escape`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import markupsafe
import pytest
from markupsafe import Markup

from digest.render.templates import _escape, make_environment


class Helpers:
    def __init__(self) -> None:
        self.seen: list[object] = []

    def plain(self, text: str, *, suffix: str = "") -> str:
        return f"<{text}>{suffix}"

    @jinja2.pass_context
    def with_context(self, context: jinja2.runtime.Context, name: str) -> str:
        return f"{name}={context[name]}"

    @jinja2.pass_environment
    def with_environment(self, environment: jinja2.Environment) -> str:
        return type(environment).__name__

    def stops(self) -> str:
        raise StopIteration

    def __call__(self, text: str) -> str:
        return text.upper()


SOURCE = """{% macro m(x, y="d") %}[{{ x }}{{ y }}{{ caller() if caller is defined }}]{% endmacro %}
{{ h.plain("a") }} {{ h.plain("b", suffix="!") }} {{ h.with_context("who") }} {{ h.with_environment() }}
{{ h("call") }} {{ m(1) }} {{ m(2, y="e") }} {% call m(3) %}c{% endcall %}
{% for i in [1] %}{% set who = "loop" %}{{ h.with_context("who") }} {{ h.plain(who) }} {{ m(who) }}{% endfor %}
{{ h.stops() is undefined }}"""


@pytest.mark.parametrize("autoescape", [True, False])
def test_calls_give_what_jinjas_context_gives(tmp_path: Path, autoescape: bool) -> None:
    ours = make_environment(tmp_path, zone=dt.timezone.utc)
    ours.autoescape = autoescape
    jinjas = jinja2.Environment(autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                                undefined=jinja2.StrictUndefined)
    assert ours.context_class is not jinja2.runtime.Context
    expected = jinjas.from_string(SOURCE).render(h=Helpers(), who="page")
    assert ours.from_string(SOURCE).render(h=Helpers(), who="page") == expected
    assert "who=loop" in expected and "[3dc]" in expected and ("&lt;a&gt;" if autoescape else "<a>") in expected


class Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


class Text(str):
    pass


VALUES = ["Hòa & <Bình> 'Việt' \"Nam\"", "", Markup("<i>x</i> &amp;"), Text("<u>"), 12, 1.5, None, Html(),
          ["<a>", 1]]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_escape_gives_what_markupsafe_gives(value: object) -> None:
    ours, theirs = _escape(value), markupsafe.escape(value)
    assert type(ours) is Markup and ours == theirs


def test_templates_escape_through_the_short_road_and_render_as_jinjas(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        "{% for v in values %}<p title='{{ v }}'>{{ v }}</p>{% endfor %}{{ values[2] ~ values[0] }}", encoding="utf-8")
    ours = make_environment(tmp_path, zone=dt.timezone.utc, compiled=(tmp_path / "compiled", "key"))
    jinjas = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "templates")), autoescape=True)
    expected = jinjas.get_template("page.html").render(values=VALUES)
    assert "&lt;Bình&gt;" in expected and "<b>safe</b>" in expected and "<i>x</i>" in expected
    for attempt in ("compiled now", "read from the bytecode cache"):
        ours = make_environment(tmp_path, zone=dt.timezone.utc, compiled=(tmp_path / "compiled", "key"))
        template = ours.get_template("page.html")
        assert template.root_render_func.__globals__["escape"] is _escape, attempt
        assert template.render(values=VALUES) == expected, attempt
    assert list((tmp_path / "compiled").iterdir())
