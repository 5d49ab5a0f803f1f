"""The shipped lessons: listing them, finding one by name or path, and the default lesson."""

from __future__ import annotations

import importlib
from pathlib import Path

from logicsim.lesson.errors import LessonError
from logicsim.lesson.model import Lesson
from logicsim.lesson.parser import read_lesson
from logicsim.lesson.registry import Registry

__all__ = ["DEFAULT_LESSON", "lesson_dir", "lesson_names", "lesson_path", "load_lesson"]

#: The lesson the app opens on first start.
DEFAULT_LESSON = "01_combinational_vs_sequential"


def lesson_dir() -> Path:
    """Folder of the shipped ``*.toml`` lessons (the ``logicsim.lessons`` package)."""
    # lessons/ installs as logicsim.lessons through setuptools' package-dir, a mapping that mypy
    # cannot follow from the source tree; importing it by name keeps the call honest at runtime.
    lessons = importlib.import_module("logicsim.lessons")
    return Path(lessons.LESSON_DIR)


def lesson_names() -> list[str]:
    """Library names of the shipped lessons, in teaching order (file names sort that way; the
    course file ``course.toml`` is not a lesson)."""
    return sorted(p.stem for p in lesson_dir().glob("*.toml") if p.name != "course.toml")


def lesson_path(name_or_path: str | Path) -> Path:
    """Resolve a library name (``02_latches_need_gain``, or just ``02`` as a unique prefix) or
    a file path to the lesson file.

    Raises
    ------
    LessonError
        If nothing (or more than one lesson) matches.
    """
    text = str(name_or_path)
    path = Path(text)
    try:
        exists = path.exists()
    except (OSError, ValueError):  # too long for the file system, or a NUL byte
        exists = False
    if path.suffix == ".toml" or exists or "/" in text or "\\" in text:
        return path
    names = lesson_names()
    if text in names:
        return lesson_dir() / f"{text}.toml"
    hits = [n for n in names if n.startswith(text) or n.split("_", 1)[-1] == text]
    if len(hits) == 1:
        return lesson_dir() / f"{hits[0]}.toml"
    if hits:
        raise LessonError(text, f"ambiguous lesson name; it matches {', '.join(hits)}")
    raise LessonError(text, "no such lesson file or library name (see 'logicsim lesson list')")


def load_lesson(name_or_path: str | Path, registry: Registry | None = None) -> Lesson:
    """Read and validate a lesson given by library name or file path."""
    return read_lesson(lesson_path(name_or_path), registry)
