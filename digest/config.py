"""digest.yaml -> SiteConfig.

The schema is data: one `Field` per key, with its reader and its meaning, so an
unknown key gets a did-you-mean and a wrong value gets file:line:col.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from digest.diagnostics import Diagnostic, DigestError, display_path
from digest.yamlsrc import (as_domain, Field, Invalid, YMap, YNode, as_str, choice, parse_yaml, positive_int, problem,
                            read_fields)

CONFIG_NAMES = ("digest.yaml", "content/digest.yaml")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "Digest"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    edition_period: str = "weekly"  # or "daily"
    feed_items: int = 50
    home_editions: int = 10  # recent editions linked from the home page
    fallback_topic: str = "khac"
    fallback_topic_title: str = "Khác"
    page_size: int = 20  # articles per topic page before paging
    feed_content: str = "full"  # or "summary": what a feed item carries
    cname: str = ""  # custom domain written to CNAME for GitHub Pages
    theme: str = ""  # a theme directory, relative to the project, used before the default theme

    @property
    def zone(self) -> dt.tzinfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The URL path every internal link starts with: `/news/` for a project page."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def theme_dir(self, project: Path) -> Path | None:
        return project / self.theme if self.theme else None

    @property
    def site_url(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"


def _url(node: YNode) -> str:
    text = as_str(node)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(problem(node.pos, f'"{text}" is not an absolute http(s) URL',
                              "write it like https://user.github.io/repo/"))
    return text


def _zone(node: YNode) -> str:
    text = as_str(node)
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Invalid(problem(node.pos, f'unknown time zone "{text}"', "use an IANA name such as Asia/Ho_Chi_Minh")) from None
    return text




SCHEMA: dict[str, Field[object]] = {
    "title": Field(as_str, doc="the digest's name, shown on every page"),
    "description": Field(as_str, doc="one sentence for the home page and feeds"),
    "base_url": Field(_url, doc="where the site is published, e.g. https://user.github.io/repo/"),
    "language": Field(as_str, doc="BCP 47 language code of the content"),
    "timezone": Field(_zone, doc="IANA zone in which bare dates are read"),
    "edition_period": Field(choice("weekly", "daily"), doc="how articles are grouped into editions"),
    "feed_items": Field(positive_int, doc="how many articles a feed lists"),
    "home_editions": Field(positive_int, doc="how many recent editions the home page links"),
    "fallback_topic": Field(as_str, doc="topic id for articles no rule matches"),
    "fallback_topic_title": Field(as_str, doc="title of the fallback topic"),
    "page_size": Field(positive_int, doc="how many articles a topic page shows before paging"),
    "feed_content": Field(choice("full", "summary"), doc="full cleaned text in feeds, or only the summary"),
    "cname": Field(as_domain, doc="custom domain for GitHub Pages, e.g. news.example.org"),
    "theme": Field(as_str, doc="another theme directory, relative to the project"),
}
assert set(SCHEMA) == {f.name for f in fields(SiteConfig)}


def find_config(project: Path) -> Path | None:
    found = [project / name for name in CONFIG_NAMES if (project / name).is_file()]
    if len(found) > 1:
        raise DigestError([Diagnostic(display_path(found[1], project), "two site configurations",
                                      hint=f"keep only one of {' and '.join(CONFIG_NAMES)}")])
    return found[0] if found else None


def load_config(project: Path) -> SiteConfig:
    path = find_config(project)
    if path is None:
        raise DigestError([Diagnostic(str(project), "no digest.yaml found",
                                      hint="run digest in a project directory, or create digest.yaml (see `digest new`)")])
    shown = display_path(path, project)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DigestError([Diagnostic(shown, f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                                      hint="save the file as UTF-8")]) from None
    node = parse_yaml(text, shown)
    if node is None:
        return SiteConfig()
    problems: list[Diagnostic] = []
    values = read_fields(node, SCHEMA, problems, what="digest.yaml")
    if values and values.get("theme"):
        assert isinstance(node, YMap)  # read_fields returns values only for a mapping
        theme_node = next(v for k, v in node.items if k.text == "theme")
        if not (project / str(values["theme"])).is_dir():
            problems.append(problem(theme_node.pos, f'theme directory "{values["theme"]}" does not exist',
                                    "give a directory relative to the project, or remove `theme:` to use the default theme"))
    if problems or values is None:
        raise DigestError(problems)
    return SiteConfig(**values)  # type: ignore[arg-type]
