"""YAML -> values that remember where they came from.

PyYAML's resolver turns `NO` into False, `1.000` into 1.0 and `030` into 24,
and `yaml.safe_load` forgets positions, so a type error found later could only
say "somewhere in the file". Here YAML is *composed*, not constructed: every
scalar stays the exact text the editor typed, every node keeps file:line:col,
and typed readers (`as_str`, `as_int`, ...) convert on demand with a precise
message when the text does not fit.
"""

from __future__ import annotations

import datetime as dt
import re
import difflib
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar, Union

import yaml

from digest.diagnostics import Diagnostic, DigestError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pos:
    path: str
    line: int  # 1-based
    col: int  # 1-based


@dataclass(frozen=True, slots=True)
class YScalar:
    text: str
    pos: Pos
    plain: bool  # unquoted: `null`, `~` and the empty scalar mean "no value" only when plain

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True, slots=True)
class YSeq:
    items: tuple["YNode", ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class YMap:
    items: tuple[tuple[YScalar, "YNode"], ...]
    pos: Pos

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.items]


YNode = Union[YScalar, YSeq, YMap]


class Invalid(Exception):
    """Raised by a reader; `read_fields` turns it into a diagnostic and goes on."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def problem(pos: Pos, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(pos.path, message, line=pos.line, col=pos.col, hint=hint)


def _pos(path: str, mark: yaml.Mark, line_offset: int) -> Pos:
    return Pos(path, mark.line + 1 + line_offset, mark.column + 1)


# libyaml composes about ten times faster than PyYAML's pure-Python composer (front matter of
# every article is composed on every build); its marks are the same, its error texts are not.
# Without implicit resolvers: they tag each plain scalar bool, int, float or timestamp by matching regexes in
# Python, and nothing here reads a tag (every scalar stays the text typed); they were a fifth of composing.
_FAST_LOADER = type("_TextLoader", (yaml.CSafeLoader,), {"yaml_implicit_resolvers": {}}) \
    if hasattr(yaml, "CSafeLoader") else None


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when available; on any error, again with PyYAML, whose messages the docs and tests show."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> YNode | None:
    """Compose `text`; a syntax error becomes a DigestError at the right line.

    `line_offset` shifts positions for YAML embedded in a larger file (front matter).
    """
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(path, mark, line_offset) if mark else Pos(path, 1 + line_offset, 1)
        detail = exc.problem or exc.context or "invalid YAML"
        raise DigestError([problem(pos, f"YAML syntax error: {detail}",
                                   "check the indentation and quote text containing ':' or '#'")]) from exc
    except yaml.YAMLError as exc:
        raise DigestError([Diagnostic(path, f"YAML error: {exc}")]) from exc
    if node is None:
        return None
    return _convert(node, path, line_offset)


def _convert(node: yaml.Node, path: str, line_offset: int) -> YNode:
    pos = _pos(path, node.start_mark, line_offset)
    if isinstance(node, yaml.ScalarNode):
        return YScalar(node.value, pos, plain=not node.style)  # PyYAML says None for plain, libyaml ""
    if isinstance(node, yaml.SequenceNode):
        return YSeq(tuple(_convert(n, path, line_offset) for n in node.value), pos)
    if isinstance(node, yaml.MappingNode):
        items: list[tuple[YScalar, YNode]] = []
        seen: dict[str, Pos] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, line_offset)
            if not isinstance(key, YScalar):
                raise DigestError([problem(key.pos, "a key must be plain text")])
            if key.text in seen:
                first = seen[key.text]
                raise DigestError([problem(key.pos, f"duplicate key '{key.text}'",
                                           f"it is already set on line {first.line}; keep one")])
            seen[key.text] = key.pos
            items.append((key, _convert(value_node, path, line_offset)))
        return YMap(tuple(items), pos)
    raise DigestError([problem(pos, "unsupported YAML node")])  # pragma: no cover - compose yields only these


def _kind(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    return f'"{node.text}"'


# --- typed readers: each takes a node and returns a value or raises Invalid ---

Reader = Callable[[YNode], T]


def as_str(node: YNode) -> str:
    if not isinstance(node, YScalar) or node.is_null:
        raise Invalid(problem(node.pos, f"expected text, got {_kind(node) if not isinstance(node, YScalar) else 'nothing'}"))
    return node.text


def as_optional_str(node: YNode) -> str | None:
    if isinstance(node, YScalar) and node.is_null:
        return None
    return as_str(node)


def as_bool(node: YNode) -> bool:
    if isinstance(node, YScalar) and node.text.lower() in ("true", "false"):
        return node.text.lower() == "true"
    raise Invalid(problem(node.pos, f"expected true or false, got {_kind(node)}"))


def as_int(node: YNode, *, minimum: int | None = None) -> int:
    text = node.text if isinstance(node, YScalar) else ""
    if not text.strip().lstrip("+-").isdigit():
        raise Invalid(problem(node.pos, f"expected a whole number, got {_kind(node)}"))
    value = int(text)
    if minimum is not None and value < minimum:
        raise Invalid(problem(node.pos, f"must be at least {minimum}, got {value}"))
    return value


def positive_int(node: YNode) -> int:
    return as_int(node, minimum=1)


_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)


def as_domain(node: YNode) -> str:
    """A host name such as news.example.org (no scheme, no path)."""
    text = as_str(node).strip()
    if not _DOMAIN.match(text):
        raise Invalid(problem(node.pos, f'"{text}" is not a domain name', "write only the host, e.g. news.example.org"))
    return text


def as_str_list(node: YNode) -> tuple[str, ...]:
    """A list of text, or a single text (editors write `authors: Bảo Hà`)."""
    if isinstance(node, YScalar):
        return () if node.is_null else (node.text,)
    if isinstance(node, YSeq):
        return tuple(as_str(item) for item in node.items)
    raise Invalid(problem(node.pos, f"expected a list of text, got {_kind(node)}"))


def choice(*options: str) -> Reader[str]:
    def read(node: YNode) -> str:
        value = as_str(node)
        if value not in options:
            raise Invalid(problem(node.pos, f'"{value}" is not one of: {", ".join(options)}',
                                  did_you_mean(value, options)))
        return value
    return read


def as_datetime(node: YNode, tz: dt.tzinfo) -> dt.datetime:
    """A date or a datetime; a bare date or a naive time is taken in `tz`."""
    text = as_str(node).strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=tz)
        value = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text[:11] else text)
    except ValueError:
        raise Invalid(problem(node.pos, f'"{text}" is not a date',
                              "write dates as 2021-12-01 or 2021-12-01 08:30 or 2021-12-01T08:30:00+07:00")) from None
    return value if value.tzinfo else value.replace(tzinfo=tz)


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """One key of a YAML mapping: how to read it and whether it must be there."""
    read: Reader[T]
    required: bool = False
    doc: str = ""


def read_fields(node: YNode, fields: dict[str, Field[object]], problems: list[Diagnostic], *,
                what: str) -> dict[str, object] | None:
    """Read a mapping against a schema, collecting every problem instead of stopping at the first.

    Unknown keys are errors with a did-you-mean: a typo silently ignored is a
    rule that silently does nothing. Returns None when `node` is not a mapping.
    """
    if not isinstance(node, YMap):
        problems.append(problem(node.pos, f"{what} must be a mapping of keys to values, got {_kind(node)}"))
        return None
    values: dict[str, object] = {}
    for key, value in node.items:
        field = fields.get(key.text)
        if field is None:
            hint = did_you_mean(key.text, list(fields)) or f"known keys: {', '.join(fields)}"
            problems.append(problem(key.pos, f"unknown key '{key.text}' in {what}", hint))
            continue
        try:
            values[key.text] = field.read(value)
        except Invalid as exc:
            d = exc.diagnostic
            problems.append(Diagnostic(d.path, f"{key.text}: {d.message}", line=d.line, col=d.col, hint=d.hint))
    for name, field in fields.items():
        if field.required and name not in values and name not in node.keys():
            problems.append(problem(node.pos, f"{what} is missing '{name}'", field.doc or None))
    return values
