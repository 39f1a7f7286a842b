"""`digest topics check|explain|list|test` and rule errors, as an editor runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_digest

INVALID = Path(__file__).resolve().parent.parent / "sites_invalid"
IRAQ_NATO = "content/articles/000_724fd7ab271b279b.txt"


@pytest.mark.parametrize("case", sorted(p.name for p in INVALID.glob("topics-*")))
def test_rule_errors_are_all_reported_at_their_exact_lines(case):
    """expected.txt holds the exact stderr; regenerate with `python -m digest topics check --project CASE 2> CASE/expected.txt`."""
    project = INVALID / case
    result = run_digest("topics", "check", "--project", str(project), cwd=REPO)
    assert result.returncode == 2
    assert result.stderr == (project / "expected.txt").read_text(encoding="utf-8")
    build = run_digest("build", "--project", str(project), "--output", str(project / "never-written"), cwd=REPO)
    assert build.returncode == 2 and "Traceback" not in build.stderr
    assert not (project / "never-written").exists()


def test_check_and_test_pass_on_the_sample_rules(project):
    check = run_digest("topics", "check", cwd=project)
    assert check.returncode == 0, check.stderr
    assert "no problems found" in check.stdout and "examples passed" in check.stdout
    test = run_digest("topics", "test", cwd=project)
    assert test.returncode == 0 and " 0 of" not in test.stdout


def test_a_failing_example_fails_test_with_a_diff(project):
    rules = project / "content/topics/khu-vuc.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("      - Ngân hàng Nhà nước", "      - Tin Nga hôm nay"),
                     encoding="utf-8")
    result = run_digest("topics", "test", cwd=project)
    assert result.returncode == 2
    line = next(n for n, text in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1) if "Tin Nga hôm nay" in text)
    assert f"content/topics/khu-vuc.yaml:{line}:9: error: examples.no_match of topic 'nga' failed" in result.stderr
    assert "- expected: does not include nga" in result.stderr and "+ got:      nga" in result.stderr


def test_explain_json_lists_topics_hits_and_near_misses(project):
    result = run_digest("topics", "explain", IRAQ_NATO, "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [t["id"] for t in data["topics"]] == ["trung-dong", "iraq", "my", "nato", "quan-su"]
    nato = next(t for t in data["topics"] if t["id"] == "nato")
    assert nato["hits"][0] == {"phrase": "NATO", "kind": "any", "field": "title", "count": 1,
                               "snippet": "Iraq 'bật đèn xanh' cho [NATO] ở lại"}
    accent_free = next(h for h in nato["hits"] if h["phrase"] == "Bac Dai Tay Duong")
    assert accent_free["field"] == "lead" and "Hiệp ước [Bắc Đại Tây Dương] (NATO)" in accent_free["snippet"]
    assert "nga" not in [t["id"] for t in data["topics"]]
    miss = data["near_misses"][0]
    assert miss["id"] == "hat-nhan-iran" and miss["how"] == "no `any` phrase or `regex` pattern found"
    text = run_digest("topics", "explain", IRAQ_NATO, cwd=project)
    assert 'any "huấn luyện" in body x5' in text.stdout and "near misses:" in text.stdout


def test_explain_reports_forced_excluded_and_missing_articles(project):
    article = project / "content/articles/hand.md"
    article.write_text("---\ntopics: [ban-doc-viet]\nexclude_topics: [iraq]\n---\nThư bạn đọc về Iraq và NATO.\n",
                       encoding="utf-8")
    data = json.loads(run_digest("topics", "explain", "content/articles/hand.md", "--format", "json", cwd=project).stdout)
    assert [t["id"] for t in data["topics"]] == ["trung-dong", "nato", "ban-doc-viet"]
    assert data["excluded"] == ["iraq"]
    missing = run_digest("topics", "explain", "content/articles/nope.txt", cwd=project)
    assert missing.returncode == 2 and "no such article" in missing.stderr


def test_list_shows_every_topic_with_its_count(project):
    result = run_digest("topics", "list", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "    2  trung-dong  (Trung Đông)" in lines
    assert "    2    iraq  (Iraq)" in lines
    assert "    0  nga  (Nga)  <- no articles" in lines
    assert "    0  khac  (Khác)  <- no articles" in lines


def test_an_exponential_regex_cannot_hang_the_build(project):
    (project / "content/topics/evil.yaml").write_text(
        "- id: evil\n  title: Evil\n  regex: ['(a+)+$', '(x+x+)+y', '(.*a){20}']\n", encoding="utf-8")
    (project / "content/articles/aaaa.md").write_text(
        "---\ndate: 2021-01-01\n---\n" + "a" * 30000 + "!\n\n" + "x" * 30000 + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "digest", "build"], cwd=project, capture_output=True, text=True,
                            timeout=60, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
