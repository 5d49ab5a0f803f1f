"""Scripted lessons: a TOML format, a parser with located errors, and a headless player.

>>> from logicsim.lesson import load_lesson, LessonPlayer, DEFAULT_LESSON
>>> lesson = load_lesson(DEFAULT_LESSON)                       # doctest: +SKIP
>>> report = LessonPlayer(lesson).run_to_end()                 # doctest: +SKIP
>>> report.passed                                              # doctest: +SKIP
True

The format is documented in ``lessons/README.md``.  Nothing in a lesson is executed: checks are
a small expression language (:mod:`logicsim.lesson.checks`) evaluated against
``Workbench.observe``.
"""

from logicsim.lesson.course import Course, Part, read_course
from logicsim.lesson.errors import LessonError
from logicsim.lesson.library import (
    DEFAULT_LESSON,
    lesson_dir,
    lesson_names,
    lesson_path,
    load_lesson,
)
from logicsim.lesson.model import Action, Ask, Check, Exercise, Lesson, Script, Step, Task, Wait
from logicsim.lesson.parser import parse_lesson, read_lesson
from logicsim.lesson.player import (
    AnswerRecord,
    CheckResult,
    LessonPlayer,
    LessonReport,
    StepResult,
)

__all__ = [
    "DEFAULT_LESSON",
    "Action",
    "AnswerRecord",
    "Ask",
    "Check",
    "Exercise",
    "Script",
    "Task",
    "CheckResult",
    "Course",
    "Part",
    "read_course",
    "Lesson",
    "LessonError",
    "LessonPlayer",
    "LessonReport",
    "Step",
    "StepResult",
    "Wait",
    "lesson_dir",
    "lesson_names",
    "lesson_path",
    "load_lesson",
    "parse_lesson",
    "read_lesson",
]
