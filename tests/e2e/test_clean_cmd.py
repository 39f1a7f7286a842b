"""`digest clean` in a subprocess: JSON Lines, --explain, and bad files reported by name."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_digest

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "raw"
REPO = Path(__file__).resolve().parents[2]


def test_json_lines_one_object_per_file(tmp_path):
    files = sorted((REPO / "content" / "articles").glob("*.txt"))
    result = run_digest("clean", "--format", "json", *map(str, files), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["source"]).name for r in records] == [f.name for f in files]
    first = records[0]
    assert " ".join(first["title"].split()) == "Iraq 'bật đèn xanh' cho NATO ở lại"
    assert first["authors"] == ["Thế Việt"] and first["credits"] == ["AP"]
    assert first["date"].startswith("2020-02-13")
    assert {line["verdict"] for line in first["lines"]} >= {"title", "lead", "body", "caption", "byline", "boilerplate"}


def test_explain_prints_every_line_with_verdict_and_reason(tmp_path):
    dump = tmp_path / "page.txt"
    dump.write_text("Menu\n\nA storm hits the coast\n\nThe storm hit the coast on Monday, and the people of the town "
                    "were told to stay in their homes until the wind had passed.\n\nRead more\n", encoding="utf-8")
    result = run_digest("clean", "--explain", str(dump), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    explained = [line for line in result.stdout.splitlines() if line[:1] == " " or line[:1].isdigit()]
    assert explained[0].split()[:2] == ["1", "boilerplate"]
    assert explained[1].split()[:2] == ["3", "title"]
    assert explained[2].split()[:2] == ["5", "lead"]
    assert explained[3].split()[:2] == ["7", "boilerplate"]
    assert all("(" in line for line in explained)


def test_bad_files_are_named_and_never_a_traceback(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    result = run_digest("clean", "empty.txt", "blob.txt", "missing.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "empty.txt: warning: no article text left" in result.stderr
    assert "blob.txt: error: this is a binary file" in result.stderr
    assert "missing.txt: error: cannot read the file" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_skips_a_page_with_no_article_and_strict_refuses_it(project):
    (project / "content/articles/menu.txt").write_text("---\ndate: 2021-01-01\n---\nHome\n\nNews\n\nSports\n", encoding="utf-8")
    result = run_digest("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "content/articles/menu.txt: warning: no article text left after cleaning; skipped" in result.stderr
    assert "skipped (no article text left after cleaning): content/articles/menu.txt" in result.stdout
    strict = run_digest("build", "--strict", cwd=project)
    assert strict.returncode == 2
    assert "content/articles/menu.txt: error: no article text left after cleaning" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_a_page_without_a_title_line_is_built_with_a_warning_naming_it(project):
    text = ("The council voted on Monday to close the old bridge, which engineers say is no longer safe for heavy "
            "trucks.\n\nResidents will be able to cross on foot until a new bridge opens, the mayor told reporters.\n")
    (project / "content/articles/bridge.txt").write_text("---\ndate: 2021-01-01\n---\n" + text, encoding="utf-8")
    result = run_digest("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert ('content/articles/bridge.txt: warning: no line looks like a title; the first line stands in: '
            '"The council voted on Monday') in result.stderr
    cleaned = run_digest("clean", "content/articles/bridge.txt", cwd=project)
    assert "bridge.txt: warning: no line looks like a title" in cleaned.stderr
