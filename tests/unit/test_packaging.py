"""An installed digest (not only a checkout) carries every package, data file and the default theme."""

from __future__ import annotations

import tomllib

from conftest import REPO
from digest.render.templates import DEFAULT_THEME


def test_every_package_is_listed_for_installation():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "digest").rglob("__init__.py")}
    assert on_disk | {"digest.theme"} == set(config["packages"])


def test_every_data_file_is_shipped():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]
    for path in sorted((REPO / "digest").rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            package = ".".join(path.parent.relative_to(REPO).parts)
            while package not in patterns:
                package = package.rpartition(".")[0]
            base = REPO.joinpath(*package.split("."))
            assert any(path.relative_to(base).match(p) for p in patterns[package]), path


def test_the_default_theme_is_found():
    assert (DEFAULT_THEME / "base.html").is_file() and (DEFAULT_THEME / "static").is_dir()
