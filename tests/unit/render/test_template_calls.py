"""The environment's context calls a macro or a plain method straight (`templates._Context`): what a template gets
from a call is what Jinja's own `Context.call` gives, for those and for the callables left to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest

from digest.render.templates import make_environment


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
