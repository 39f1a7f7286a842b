"""`digest clean` in a subprocess: JSON Lines, --explain, and bad files reported by name."""

from __future__ import annotations

import json
from pathlib import Path

import subprocess
import sys

from conftest import digest_env, run_digest

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


WIRE_PAGE = """\
Tin Nhanh

{title}

{lead}

Tin Nhanh - đọc nhanh, hiểu đúng

{second}

Quảng cáo: mua nhà giá tốt

Đoạn cuối cùng của bài {n} kể thêm về những việc chính quyền địa phương sẽ làm trong những tuần tới đây.
"""


def _wire(project: Path) -> Path:
    """Three dumps of one site (one folder) sharing a line inside the text, and a source rule for that site."""
    folder = project / "content" / "wire"
    folder.mkdir()
    for n, (title, lead, second) in enumerate([
            ("Mưa lớn gây ngập ở Hà Nội", "Mưa lớn kéo dài suốt đêm qua đã làm nhiều tuyến phố ở Hà Nội ngập sâu, "
             "giao thông ùn tắc nghiêm trọng vào giờ cao điểm sáng nay.", "Người dân phải dắt xe qua những đoạn "
             "đường ngập sâu nửa mét, nhiều xe chết máy giữa đường."),
            ("Giá lúa tăng mạnh ở miền Tây", "Giá lúa tại nhiều tỉnh miền Tây tăng mạnh trong tuần này khi các doanh "
             "nghiệp đẩy mạnh thu mua để xuất khẩu sang các thị trường lớn.", "Nông dân cho biết đây là mức giá cao "
             "nhất trong nhiều năm trở lại đây, vụ mùa năm nay lại bội thu."),
            ("Khánh thành cầu mới ở Cần Thơ", "Cây cầu mới bắc qua sông Hậu đã được khánh thành sáng nay sau hai năm "
             "thi công, rút ngắn thời gian đi lại giữa hai bờ sông.", "Chính quyền thành phố cho biết cây cầu sẽ giúp "
             "giảm tải cho phà và thúc đẩy giao thương trong vùng.")]):
        (folder / f"tin-{n}.txt").write_text(WIRE_PAGE.format(title=title, lead=lead, second=second, n=n),
                                             encoding="utf-8")
    (project / "content" / "sources").mkdir(exist_ok=True)
    (project / "content" / "sources" / "tin-nhanh.yaml").write_text(
        'markers: ["Tin Nhanh - đọc nhanh"]\ndrop: ["Quảng cáo:"]\n', encoding="utf-8")
    return folder / "tin-0.txt"


def _verdicts(result) -> dict[str, str]:
    assert result.returncode == 0, result.stderr
    return {line["text"]: line["reason"] for line in json.loads(result.stdout)["lines"]}


def test_a_project_s_page_is_cleaned_as_the_build_cleans_it(project, tmp_path):
    page = _wire(project)
    alone = _verdicts(run_digest("clean", "--format", "json", str(page), cwd=tmp_path))
    assert "template" not in alone["Tin Nhanh - đọc nhanh, hiểu đúng"]  # a short line inside the text: kept
    assert "source rule" not in alone["Quảng cáo: mua nhà giá tốt"]
    for when in ("no build yet", "after a build"):  # learnt from every dump, then taken from the build cache
        found = _verdicts(run_digest("clean", "--format", "json", "content/wire/tin-0.txt", cwd=project))
        assert "template line" in found["Tin Nhanh - đọc nhanh, hiểu đúng"], when
        assert "content/sources/tin-nhanh.yaml" in found["Quảng cáo: mua nhà giá tốt"], when
        assert run_digest("build", cwd=project).returncode == 0


def test_output_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    """`digest clean --explain big.txt | head`: no "internal error" once head has what it wanted."""
    paragraph = "Mưa lớn kéo dài suốt đêm qua đã làm nhiều tuyến phố ngập sâu, giao thông ùn tắc vào giờ cao điểm.\n\n"
    (tmp_path / "big.txt").write_text("Mưa lớn ở Hà Nội\n\n" + paragraph * 3000, encoding="utf-8")  # > a pipe's buffer
    process = subprocess.Popen([sys.executable, "-m", "digest", "clean", "--explain", "big.txt"], cwd=tmp_path,
                               env=digest_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)
    process.stdout.close()
    errors = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 141, errors
    assert errors == ""
