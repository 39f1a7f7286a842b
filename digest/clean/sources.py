"""content/sources/*.yaml -> SourceRules: editors' fixes for the pages the generic cleaner gets wrong.

A rule file names a source (by the article's URL domain or by a marker line
found in the page) and says which lines to `drop`, which line ends the
article (`stop_at`) and which lines to `keep` whatever the cleaner thinks.
A pattern is plain text, matched case-insensitively anywhere in a line, or a
regular expression written between slashes (`/^Đọc thêm$/`). Every problem in
every file is reported at once, with file:line:col, like the topic rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from digest.clean.classify import LineRules
from digest.diagnostics import Diagnostic, DigestError, display_path
from digest.yamlsrc import as_domain, Field, Invalid, YNode, YScalar, YSeq, parse_yaml, problem, read_fields

SOURCES_DIR = "sources"


@dataclass(frozen=True, slots=True)
class Pattern:
    regex: re.Pattern[str]
    where: str  # "content/sources/x.yaml:7", named in --explain reasons

    def search(self, text: str) -> bool:
        return self.regex.search(text) is not None


@dataclass(frozen=True, slots=True)
class SourceRule:
    name: str  # the file's stem: also the site key for template-line learning
    domains: tuple[str, ...] = ()
    markers: tuple[Pattern, ...] = ()
    drop: tuple[Pattern, ...] = ()
    stop_at: tuple[Pattern, ...] = ()
    keep: tuple[Pattern, ...] = ()


def _pattern(node: YNode) -> Pattern:
    if not isinstance(node, YScalar) or node.is_null or not node.text.strip():
        raise Invalid(problem(node.pos, "expected a pattern: text, or a regular expression between slashes"))
    text = node.text
    where = f"{node.pos.path}:{node.pos.line}"
    if len(text) >= 2 and text.startswith("/") and text.endswith("/"):
        try:
            return Pattern(re.compile(text[1:-1], re.I), where)
        except re.error as exc:
            raise Invalid(problem(node.pos, f"bad regular expression: {exc.msg}",
                                  "write plain text without slashes to match it literally")) from None
    return Pattern(re.compile(re.escape(text), re.I), where)


def _patterns(node: YNode) -> tuple[Pattern, ...]:
    items = node.items if isinstance(node, YSeq) else (node,)
    found, problems = [], []
    for item in items:
        try:
            found.append(_pattern(item))
        except Invalid as exc:
            problems.append(exc.diagnostic)
    if problems:  # report the first; read_fields adds the key name
        raise Invalid(problems[0])
    return tuple(found)


def _domains(node: YNode) -> tuple[str, ...]:
    items = node.items if isinstance(node, YSeq) else (node,)
    domains = []
    for item in items:
        domains.append(as_domain(item).lower().removeprefix("www."))
    return tuple(domains)


SCHEMA: dict[str, Field[object]] = {
    "domains": Field(_domains, doc="URL domains of the source's articles (subdomains match too)"),
    "markers": Field(_patterns, doc="patterns of a line that only this source's pages contain"),
    "drop": Field(_patterns, doc="lines matching any of these are boilerplate"),
    "stop_at": Field(_patterns, doc="the first line matching one of these ends the article"),
    "keep": Field(_patterns, doc="lines matching any of these are kept in the article"),
}


def read_source_file(path: Path, shown: str, problems: list[Diagnostic]) -> SourceRule | None:
    try:
        node = parse_yaml(path.read_text(encoding="utf-8-sig"), shown)
    except DigestError as exc:
        problems.extend(exc.diagnostics)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(shown, f"cannot read the source rules: {exc}", hint="save the file as UTF-8"))
        return None
    if node is None:
        problems.append(Diagnostic(shown, "empty source rule file", hint="add `domains:` or `markers:`, then `drop:`"))
        return None
    before = len(problems)
    values = read_fields(node, SCHEMA, problems, what="a source rule file")
    if values is None or len(problems) > before:
        return None
    if not values.get("domains") and not values.get("markers"):
        problems.append(problem(node.pos, "the rules match no page: add `domains:` or `markers:`"))
        return None
    return SourceRule(path.stem, **values)  # type: ignore[arg-type]


def load_source_rules(project: Path, content_dir: Path) -> tuple[SourceRule, ...]:
    """Every rule file under content/sources/, sorted; DigestError with every problem found."""
    folder = content_dir / SOURCES_DIR
    problems: list[Diagnostic] = []
    rules = [read_source_file(p, display_path(p, project), problems)
             for p in sorted(folder.glob("*.y*ml")) if p.is_file()] if folder.is_dir() else []
    if problems:
        raise DigestError(problems)
    return tuple(r for r in rules if r is not None)


def url_domain(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def matching_rules(rules: tuple[SourceRule, ...], *, url: str | None, text: str) -> tuple[SourceRule, ...]:
    domain = url_domain(url)
    lines = text.split("\n") if any(r.markers for r in rules) else []
    return tuple(r for r in rules
                 if (domain and any(domain == d or domain.endswith("." + d) for d in r.domains))
                 or any(m.search(line) for m in r.markers for line in lines))


def _first(patterns: list[Pattern], verb: str) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        hit = next((p for p in patterns if p.search(text)), None)
        return f"{verb} by source rule {hit.where}" if hit else None
    return check


def line_rules(rules: tuple[SourceRule, ...], template_lines: frozenset[bytes]) -> LineRules:
    """What the classifier needs from the matching source rules and the site's template lines."""
    return LineRules(drop=_first([p for r in rules for p in r.drop], "dropped"),
                     keep=_first([p for r in rules for p in r.keep], "kept"),
                     stop_at=_first([p for r in rules for p in r.stop_at], "article ends here"),
                     template_lines=template_lines)
