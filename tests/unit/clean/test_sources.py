"""content/sources/*.yaml: matching by domain or marker, drop/stop_at/keep, and file:line:col errors."""

from __future__ import annotations

import pytest

from digest.clean import CleanContext, clean_article
from digest.clean.sources import load_source_rules
from digest.diagnostics import DigestError
from digest.model import FrontMatter, LineLabel, SourceDocument, SourceKind

P1 = "The council voted on Monday to close the old bridge, which engineers say is no longer safe for heavy trucks."
P2 = "Residents will be able to cross on foot until a new bridge opens, the mayor told reporters after the meeting."
PAGE = f"Council votes to close the old bridge\n\n{P1}\n\nShare this story with friends\n\n{P2}\n\nEnd of story\n\n{P1}x\n"


def write_rules(tmp_path, text: str):
    folder = tmp_path / "content" / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "town.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def doc(url: str | None = None) -> SourceDocument:
    return SourceDocument("a.txt", SourceKind.TEXT, PAGE, 1, FrontMatter(url=url), "")


def test_rules_match_by_domain_and_drop_stop_and_keep(tmp_path):
    root = write_rules(tmp_path, "domains: [town.example]\ndrop: [share this story]\nstop_at: ['/^End of story$/']\n")
    rules = load_source_rules(root, root / "content")
    article = clean_article(doc("https://www.town.example/a/1"), CleanContext(rules))
    verdicts = {v.text: v for v in article.verdicts}
    assert verdicts["Share this story with friends"].reason == "dropped by source rule content/sources/town.yaml:2"
    assert verdicts["End of story"].reason == "article ends here by source rule content/sources/town.yaml:3"
    assert article.body == (P2,)
    assert clean_article(doc("https://elsewhere.example/"), CleanContext(rules)).verdicts == clean_article(doc()).verdicts


def test_rules_match_by_marker_line_and_keep_wins(tmp_path):
    root = write_rules(tmp_path, "markers: ['Share this story']\nkeep: ['end of story']\n")
    article = clean_article(doc(), CleanContext(load_source_rules(root, root / "content")))
    assert {v.text: v.label for v in article.verdicts}["End of story"] is LineLabel.BODY


def test_every_problem_is_reported_with_file_line_and_column(tmp_path):
    root = write_rules(tmp_path, "domain: [town.example]\ndrop: ['/(unclosed/']\nstop_at: [[nested]]\n")
    with pytest.raises(DigestError) as exc:
        load_source_rules(root, root / "content")
    messages = [d.format() for d in exc.value.diagnostics]
    assert messages[0].startswith("content/sources/town.yaml:1:1: error: unknown key 'domain'")
    assert "did you mean 'domains'?" in messages[0]
    assert messages[1].startswith("content/sources/town.yaml:2:8: error: drop: bad regular expression")
    assert messages[2].startswith("content/sources/town.yaml:3:11: error: stop_at: expected a pattern")


def test_a_rule_file_that_matches_nothing_is_an_error(tmp_path):
    root = write_rules(tmp_path, "drop: [x]\n")
    with pytest.raises(DigestError, match="match no page"):
        load_source_rules(root, root / "content")
