"""Change scenarios applied to a generated project between two builds.

Each function makes one small, deterministic edit of the kind an editor makes
between builds, and returns the path it changed.  They are what the warm/
incremental rows of scale.py measure; corpus.py exposes them as options too.
Repeated calls keep producing new changes (a counter is derived from the
file's current content), so a scenario can be measured more than once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Callable

import yaml

from corpus import DAYS_SPAN, FIRST_DAY, dump_rules, make_article, write_article
from corpus_text import FILLER

RULES = Path("content/topics/topics.yaml")
OVERRIDE = Path("templates/article.html")  # the project's override of the default theme's article template
DEFAULT_ARTICLE_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "article.html"
BLOCK = "{% block main %}"
TOUCH = "Cập nhật lần"
RETITLE = "bản cập nhật"


def article_paths(out: Path, form: str) -> list[Path]:
    """Article files in a stable order (topic rules live under content/ too)."""
    suffix = "*.md" if form == "markdown" else "*.txt"
    return sorted(p for p in (out / "content").rglob(suffix) if "topics" not in p.relative_to(out).parts[:2])


def _add_sentence(path: Path, sentence: Callable[[str], str]) -> Path:
    """Add `sentence(text)` to the article's longest paragraph.

    The longest blank-line-separated block is body text in both forms, never
    front matter or raw-dump boilerplate, so the edit lands in what digest keeps.
    """
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    longest = max(range(len(blocks)), key=lambda i: len(blocks[i]))
    blocks[longest] += f" {sentence(text)}"
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return path


def touch(path: Path) -> Path:
    """Edit an article's text, as an editor adding a sentence does; each call adds a new one."""
    return _add_sentence(path, lambda text: f"{TOUCH} {text.count(TOUCH) + 1}.")


def touch_one(out: Path, form: str, seed: int) -> Path:
    """Edit the first article's body (`touch`)."""
    return touch(article_paths(out, form)[0])


def _title_line(lines: list[str], form: str) -> int:
    """Where the generator put an article's title: the front matter's `title: "..."` (Markdown), or the first
    line after the front matter (a dump's headline)."""
    if form == "markdown":
        return next(i for i, line in enumerate(lines) if line.startswith("title:"))
    return next(i for i, line in enumerate(lines) if i > lines.index("---", 1) and line.strip())


def headline(path: Path, form: str) -> str:
    """An article's title as the generator wrote it (and `retitle` lengthened it)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    line = lines[_title_line(lines, form)]
    return line.split(":", 1)[1].strip().strip('"') if form == "markdown" else line.strip()


def retitle(path: Path, form: str) -> Path:
    """Make an article's title longer, as an editor does: its slug, so its page's address, changes too."""
    text = path.read_text(encoding="utf-8")
    added = f" {RETITLE} {text.count(RETITLE) + 1}"
    lines = text.split("\n")
    k = _title_line(lines, form)
    if form == "markdown" and lines[k].endswith('"'):
        lines[k] = lines[k][:-1] + added + '"'
    else:
        lines[k] += added
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def retopic(path: Path, out: Path) -> Path:
    """Put an article in one more topic, as an editor mentioning a new subject does: the first topic none of
    whose phrases the article holds gets one, in a sentence added to its longest paragraph."""
    rules = yaml.safe_load((out / RULES).read_text(encoding="utf-8"))

    def sentence(text: str) -> str:
        folded = text.casefold()
        phrase = next(rule["any"][0] for rule in rules if not any(str(p).casefold() in folded for p in rule["any"]))
        return f"Bài viết cũng nói về {phrase}."
    return _add_sentence(path, sentence)


def add_one(out: Path, form: str, seed: int) -> Path:
    """Add the article the generator would have produced next."""
    return write_article(out, make_article(seed, len(article_paths(out, form))), form, seed)


def add_newest(out: Path, form: str, seed: int) -> Path:
    """Add the article the generator would have produced next, dated after every other, as a digest grows each
    day. (`add_one` dates it anywhere in the corpus's years, so where it goes among the others is a draw.)"""
    count = len(article_paths(out, form))
    article = make_article(seed, count)
    return write_article(out, replace(article, date=FIRST_DAY + dt.timedelta(days=DAYS_SPAN + count)), form, seed)


def change_rule(out: Path, form: str, seed: int) -> Path:
    """Give the first topic one more phrase; it is a filler word, so membership really changes."""
    path = out / RULES
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = rules[0]["any"]
    phrases.append(FILLER[len(phrases) % len(FILLER)])
    path.write_text(dump_rules(rules), encoding="utf-8")
    return path


def change_template(out: Path, form: str, seed: int) -> Path:
    """Change the project's override of the default theme's article template.

    The first call copies `templates/article.html` of digest's default theme
    into the project's templates/ (an override every article page uses); each
    call then adds an HTML comment at the start of its `main` block, so every
    article page really changes, as when an editor edits the theme.
    """
    path = out / OVERRIDE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DEFAULT_ARTICLE_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    count = text.count("<!-- benchmark change")
    path.write_text(text.replace(BLOCK, f"{BLOCK}<!-- benchmark change {count + 1} -->", 1), encoding="utf-8")
    return path


CHANGES: dict[str, Callable[[Path, str, int], Path]] = {
    "touch-one": touch_one,
    "add-one": add_one,
    "add-newest": add_newest,
    "change-rule": change_rule,
    "change-template": change_template,
}
