"""The course file ``lessons/course.toml``: the lessons ordered into one class.

::

    title = "RNN and LSTM architectures, told through digital logic"
    minutes = 90
    [[part]]
    lesson = "01_combinational_vs_sequential"
    mode = "show"            # show | skim | homework
    minutes = 10
    note = "What to show, what to skip."

The minutes of the parts shown or skimmed in class add up to at most the course's ``minutes``.
Problems are :class:`~logicsim.lesson.errors.LessonError` naming ``file:line``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from logicsim.lesson.errors import LessonError
from logicsim.lesson.model import Text, pick
from logicsim.lesson.parse_parts import close
from logicsim.lesson.registry import describe_value

__all__ = ["COURSE_FILE", "MODES", "Course", "Part", "parse_course", "read_course"]

#: File name of the course inside the lesson folder.
COURSE_FILE = "course.toml"
#: How a part is used: shown in class, skimmed in class, or left as homework.
MODES = ("show", "skim", "homework")
_TOP = ("title", "minutes", "part")
_PART = ("lesson", "mode", "minutes", "note")
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


@dataclass(frozen=True)
class Part:
    """One lesson's place in the class."""

    lesson: str  # library name
    mode: str  # show | skim | homework
    minutes: int  # class time (or homework time)
    note: Text  # what to show, what to skip (per language)
    line: int | None = None

    def note_text(self, lang: str = "en") -> str:
        return pick(self.note, lang)


@dataclass(frozen=True)
class Course:
    """The whole class: a title, its length and the parts in order."""

    title: Text
    minutes: int
    parts: tuple[Part, ...]

    def heading(self, lang: str = "en") -> str:
        return pick(self.title, lang)

    @property
    def class_minutes(self) -> int:
        """Minutes of the parts shown or skimmed in class."""
        return sum(p.minutes for p in self.parts if p.mode != "homework")

    def part(self, lesson: str) -> Part | None:
        """The part that plays ``lesson``, if any."""
        return next((p for p in self.parts if p.lesson == lesson), None)

    def after(self, lesson: str) -> str | None:
        """The lesson that follows ``lesson`` in the course (None at the end or if absent)."""
        names = [p.lesson for p in self.parts]
        if lesson not in names:
            return None
        k = names.index(lesson)
        return names[k + 1] if k + 1 < len(names) else None


def _text(path: str, raw: Any, what: str, line: int | None) -> Text:
    if isinstance(raw, str) and raw.strip():
        return {"en": raw.strip()}
    if isinstance(raw, dict) and isinstance(raw.get("en"), str) and raw["en"].strip():
        if all(isinstance(v, str) for v in raw.values()):
            return {k: v.strip() for k, v in raw.items()}
    raise LessonError(
        path,
        f"wrong type: {what} is a non-empty string or a table of languages with en, got "
        f"{describe_value(raw)}",
        line,
    )


def _whole(path: str, raw: Any, what: str, low: int, high: int, line: int | None) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise LessonError(
            path, f"{what} must be a whole number in {low}..{high}, got {describe_value(raw)}", line
        )
    return raw


def parse_course(text: str, path: str, lessons: list[str] | None = None) -> Course:
    """Parse and validate a course file's text.

    Parameters
    ----------
    text : str
        The TOML text.
    path : str
        How to name the file in messages.
    lessons : list of str, optional
        Library names a part may name (default: the shipped lessons).

    Raises
    ------
    LessonError
        For any problem, naming the line of the part when it can.
    """
    if lessons is None:
        from logicsim.lesson.library import lesson_names

        lessons = lesson_names()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        raise LessonError(path, f"TOML syntax: {_TOML_POS.sub('', msg)}", line, col) from None
    rows = text.splitlines()
    part_lines = [n + 1 for n, row in enumerate(rows) if row.strip() == "[[part]]"]

    def line_of(k: int, key: str | None = None) -> int | None:
        """Line of part k's header, or of ``key = ...`` inside it when written there."""
        if k >= len(part_lines):
            return None
        start = part_lines[k]
        end = part_lines[k + 1] - 1 if k + 1 < len(part_lines) else len(rows)
        if key is not None:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for n in range(start, end):
                if pattern.match(rows[n]):
                    return n + 1
        return start

    for key in data:
        if key not in _TOP:
            raise LessonError(
                path, f"unknown key {key!r}{close(key, _TOP)}; a course has {', '.join(_TOP)}"
            )
    if "title" not in data:
        raise LessonError(path, 'missing title = "..."')
    title = _text(path, data["title"], "title", None)
    minutes = _whole(path, data.get("minutes", 90), "minutes", 1, 600, None)
    raw_parts = data.get("part")
    if not isinstance(raw_parts, list) or not raw_parts:
        raise LessonError(path, "missing parts: add [[part]] sections with lesson = ...")
    parts: list[Part] = []
    seen: set[str] = set()
    for k, raw in enumerate(raw_parts):
        line = line_of(k)
        where = f"part {k + 1}"
        if not isinstance(raw, dict):
            raise LessonError(path, f"{where}: a part is a table", line)
        for key in raw:
            if key not in _PART:
                raise LessonError(
                    path,
                    f"{where}: unknown key {key!r}{close(key, _PART)}; a part has "
                    f"{', '.join(_PART)}",
                    line_of(k, key),
                )
        name = raw.get("lesson")
        if not isinstance(name, str):
            raise LessonError(path, f'{where}: missing lesson = "<lesson name>"', line)
        if name not in lessons:
            raise LessonError(
                path,
                f"{where}: unknown lesson {name!r}{close(name, tuple(lessons))}",
                line_of(k, "lesson"),
            )
        if name in seen:
            raise LessonError(
                path, f"{where}: lesson {name!r} is already in the course", line_of(k, "lesson")
            )
        seen.add(name)
        mode = raw.get("mode", "show")
        if mode not in MODES:
            raise LessonError(
                path,
                f"{where}: mode must be one of {', '.join(MODES)}, got {mode!r}",
                line_of(k, "mode"),
            )
        if "minutes" not in raw:
            raise LessonError(path, f"{where}: missing minutes = <class time>", line)
        part_minutes = _whole(
            path, raw["minutes"], f"{where}: minutes", 1, 120, line_of(k, "minutes")
        )
        note = (
            _text(path, raw["note"], f"{where}: note", line_of(k, "note")) if "note" in raw else {}
        )
        parts.append(Part(name, mode, part_minutes, note, line))
    course = Course(title, minutes, tuple(parts))
    if course.class_minutes > minutes:
        raise LessonError(
            path,
            f"the parts shown or skimmed take {course.class_minutes} minutes, more than the "
            f"course's {minutes}: move some to homework or shorten them",
        )
    return course


def read_course(path: str | Path | None = None, lessons: list[str] | None = None) -> Course | None:
    """Read the course file (default: ``course.toml`` in the lesson folder); None if absent.

    Raises
    ------
    LessonError
        If the file exists but is not a valid course.
    """
    if path is None:
        from logicsim.lesson.library import lesson_dir

        path = lesson_dir() / COURSE_FILE
        if not path.is_file():
            return None
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(shown, f"cannot read the course file ({exc})") from None
    return parse_course(text, shown, lessons)
