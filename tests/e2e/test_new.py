"""`digest new DIR` makes a project that builds at once and carries its publishing workflow."""

from __future__ import annotations

import yaml

from conftest import REPO, page, run_digest


def test_new_project_builds_at_once(tmp_path):
    result = run_digest("new", "tin", "--title", "Tin & Bàn", "--base-url", "https://me.github.io/tin/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "tin"
    built = run_digest("build", "--project", "tin", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    home = page(project / "site", "")
    assert "Tin &amp; Bàn" in home and 'href="/tin/articles/chao-mung-den-voi-tin-ban/"' in home
    assert 'href="/tin/topics/thoi-su/"' in home
    workflow = yaml.safe_load((project / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    assert {"run": "pip install -r requirements.txt && digest build"} in steps
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["jobs"]["deploy"]["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def test_new_refuses_a_directory_with_files(tmp_path):
    (tmp_path / "tin").mkdir()
    (tmp_path / "tin" / "notes.txt").write_text("giữ", encoding="utf-8")
    result = run_digest("new", "tin", cwd=tmp_path)
    assert result.returncode == 2 and "already exists and is not empty" in result.stderr
    assert (tmp_path / "tin" / "notes.txt").read_text(encoding="utf-8") == "giữ"


def test_repository_workflow_builds_with_the_readme_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    build_line = readme.split("```sh\n", 1)[1].splitlines()[0]
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert {"run": build_line} in workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
