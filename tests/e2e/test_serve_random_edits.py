"""`serve`'s builder through a random run of an editor's edits: after each, the site is a cold build's, byte for byte.

The edits mix what the incremental paths tell apart: a new paragraph, a new lead (which list entries show), a new
title (a new address), words that move an article into a topic, a new date, an added or deleted article and a rule
change; some updates save the cache, as `serve` does when the editor pauses. One run uses the default theme, one a
site's own article page that also shows each related article's topics in a `memo` fragment, so that its pages
depend on more of the articles they list than the default theme's do.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import REPO, make_project, site_snapshot
from digest.build import BuildOptions, Builder, ChangeSet, build

WORDS = ["Trung Đông", "Iran", "Syria", "Israel", "Iraq", "Baghdad", "quân đội", "tập trận", "hạt nhân", "NATO",
         "Nga", "Mỹ", "kinh tế", "giá dầu", "ngoại giao", "hội nghị", "bầu cử"]
FILL = "hôm nay các bên đã có cuộc họp về tình hình mới và nhiều vấn đề khác".split()
# Related articles by their topics, in a fragment: pages of articles depend on the topics of those they list.
OWN_ARTICLE_PAGE = ('{% block main %}{% for o in related %}{% call memo("related-topics", o.slug) %}'
                    '<i>{{ o.topics | join(",") }}</i>{% endcall %}{% endfor %}')


class Editor:
    """Writes articles as an editor would, in Markdown, at random."""

    def __init__(self, project: Path, seed: int) -> None:
        self.content, self.rng, self.names = project / "content", random.Random(seed), []  # type: list[str]

    def paragraph(self, words: int) -> str:
        return " ".join(self.rng.choice(FILL + WORDS) for _ in range(words)).capitalize() + "."

    def date(self) -> str:
        return f"2021-{self.rng.choice([11, 12])}-{self.rng.randint(1, 28):02d}"

    def write(self, name: str, title: str, date: str, paragraphs: list[str]) -> str:
        rel = f"articles/{name}.md"
        body = "\n\n".join(paragraphs)
        (self.content / rel).write_text(f"---\ndate: {date}\n---\n# {title}\n\n{body}\n", encoding="utf-8")
        return rel

    def add(self, name: str) -> str:
        rel = self.write(name, f"Tin {self.rng.choice(WORDS)} {name}", self.date(),
                         [self.paragraph(self.rng.randint(8, 30)) for _ in range(self.rng.randint(1, 4))])
        self.names.append(rel)
        return rel

    def edit(self, kind: str) -> str:
        """One article changed in one way; returns its path."""
        rel = self.rng.choice(self.names)
        text = (self.content / rel).read_text(encoding="utf-8")
        date = text.split("date: ", 1)[1].split("\n", 1)[0]
        title, _, body = text.split("\n# ", 1)[1].partition("\n\n")
        paragraphs = body.strip().split("\n\n")
        if kind == "paragraph":
            paragraphs[-1] += " " + self.paragraph(5)
        elif kind == "lead":
            paragraphs[0] = self.paragraph(12)
        elif kind == "title":
            title = f"Tin {self.rng.choice(WORDS)} đổi {self.rng.randrange(10**6)}"
        elif kind == "topic words":
            paragraphs[-1] += f" {self.rng.choice(WORDS)}."
        else:
            date = self.date()
        return self.write(rel.removeprefix("articles/").removesuffix(".md"), title, date, paragraphs)

    def delete(self) -> str:
        rel = self.names.pop(self.rng.randrange(len(self.names)))
        (self.content / rel).unlink()
        return rel

    def change_rule(self) -> None:
        rules = self.content / "topics" / "linh-vuc.yaml"
        text = rules.read_text(encoding="utf-8")
        word = self.rng.choice(["kinh tế", "giá dầu", "bầu cử", "hội nghị"])
        text = (text.replace(f", {word}]", "]") if f", {word}]" in text
                else text.replace("tập trận]", f"tập trận, {word}]", 1))
        rules.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("seed, own_theme", [(1, False), (2, True)])
def test_random_edits_through_serve_s_builder_give_a_cold_builds_bytes(tmp_path: Path, seed: int,
                                                                       own_theme: bool) -> None:
    project = make_project(tmp_path / "project")
    if own_theme:
        (project / "templates").mkdir()
        article = (REPO / "templates" / "article.html").read_text(encoding="utf-8")
        (project / "templates" / "article.html").write_text(article.replace("{% block main %}", OWN_ARTICLE_PAGE),
                                                            encoding="utf-8")
    editor = Editor(project, seed)
    for n in range(20):
        editor.add(f"tin-{n}")
    # One process, as in `serve` (whose watcher thread keeps the build from forking).
    builder = Builder(BuildOptions(project=project, jobs=1), resident=True)
    builder.build()
    kinds = ["paragraph", "lead", "title", "topic words", "date", "add", "delete", "rule"] * 2  # each twice
    editor.rng.shuffle(kinds)
    for step, kind in enumerate(kinds):
        if kind == "rule":
            editor.change_rule()
            changes = ChangeSet(rules=True)
        else:
            rel = editor.add(f"moi-{step}") if kind == "add" else editor.delete() if kind == "delete" else \
                editor.edit(kind)
            changes = ChangeSet(articles=frozenset({rel}))
        builder.update(changes, save=editor.rng.random() < 0.3)
        cold = tmp_path / f"cold-{step}"
        build(BuildOptions(project=project, output=cold, cache=False))
        served, expected = site_snapshot(project / "site"), site_snapshot(cold)
        differing = sorted(out for out in served.keys() | expected.keys() if served.get(out) != expected.get(out))
        assert not differing, f"step {step} ({kind}): {differing[:5]}"
