"""The install layout: every package folder is shipped, under the project's own import names."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _folder(package: str) -> Path:
    mapping = CONFIG["tool"]["setuptools"]["package-dir"]
    for name, folder in mapping.items():
        if package == name or package.startswith(name + "."):
            rest = package[len(name) :].lstrip(".")
            return ROOT / folder / rest.replace(".", "/")
    return ROOT / package.replace(".", "/")


def test_every_package_folder_is_listed_and_every_listed_package_exists() -> None:
    listed = set(CONFIG["tool"]["setuptools"]["packages"])
    for package in listed:
        assert (_folder(package) / "__init__.py").is_file(), package
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "logicsim").rglob("__init__.py")
    }
    assert on_disk <= listed, sorted(on_disk - listed)


def test_no_generic_top_level_names() -> None:
    tops = {p.split(".")[0] for p in CONFIG["tool"]["setuptools"]["packages"]}
    assert tops == {"logicsim", "logicsim_gui"}


def test_license_is_spdx_and_shipped() -> None:
    assert CONFIG["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert (ROOT / "logicsim" / "py.typed").is_file()


def test_one_version_source() -> None:
    import logicsim

    assert "version" in CONFIG["project"]["dynamic"]
    assert CONFIG["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "logicsim.__version__"}
    assert logicsim.__version__.count(".") == 2


def test_shipped_lessons_import_under_the_project() -> None:
    from logicsim import lessons
    from logicsim.lesson.library import lesson_dir

    assert lesson_dir() == Path(lessons.LESSON_DIR)
    assert len(list(lesson_dir().glob("*.toml"))) >= 9
