"""``logicsim lesson list | show NAME | check [FILE...] | play FILE|NAME --headless``.

``list`` shows the lessons in the course's order; ``show`` prints what a lesson teaches (for the
teacher); ``check`` validates lesson and course files without running them; ``play --headless``
runs every step and check on a fresh workbench (answering questions right, or with
``--answers wrong`` wrong, and printing the feedback) and exits 1 naming the first failing check.
Without ``--headless``, ``play`` opens the lesson in the desktop app.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from logicsim.errors import CommandError

#: Exit code when a played lesson has a failing check.
EXIT_CHECK_FAILED = 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lesson",
        help="list, show, validate and play the scripted lessons",
        description="Scripted lessons (TOML files, see lessons/README.md): list the shipped ones "
        "(in the course's order), show one for the teacher, validate files without running "
        "them, or play one headless with all its questions and checks.",
    )
    verbs = p.add_subparsers(
        dest="lesson_command", metavar="VERB", required=True, parser_class=type(p)
    )
    q = verbs.add_parser(
        "list",
        help="the shipped lessons, in the course's order",
        description="List the shipped lessons: steps, questions, exercises, minutes, languages, "
        "and their place in the course (lessons/course.toml) when there is one.",
    )
    q.add_argument("--json", action="store_true", help="print the list as JSON")
    q.add_argument("--lang", default="en", help="language of the titles (default en)")
    q = verbs.add_parser(
        "show",
        help="what a lesson teaches: objectives, minutes, teacher notes, steps",
        description="Print a lesson's title, minutes, lecture section, objectives, teacher "
        "notes, step titles (with the kind of each step) and recap.",
    )
    q.add_argument("lesson", metavar="FILE|NAME", help="lesson file or library name")
    q.add_argument("--lang", default="en", help="language (default en; English where missing)")
    q = verbs.add_parser(
        "check",
        help="validate lesson files and the course file without running them",
        description="Validate lesson files (names, types, ranges, check syntax, format 2 step "
        "kinds) and course files without running them; with no FILE, every shipped lesson and "
        "lessons/course.toml. Exits 2 if any file is invalid.",
    )
    q.add_argument(
        "files", nargs="*", metavar="FILE", help="lesson file, library name, or course.toml"
    )
    q = verbs.add_parser(
        "play",
        help="play a lesson (headless: run every step and check)",
        description="Play a lesson. With --headless, run every step and check "
        "on a fresh workbench (answering every question right, or with --answers wrong the "
        "first wrong choice), print the results with the feedback and exit 1 naming the first "
        "failing check; without it, open the lesson in the app.",
    )
    q.add_argument("lesson", metavar="FILE|NAME", help="lesson file or library name")
    q.add_argument("--headless", action="store_true", help="run without a window")
    q.add_argument("--json", action="store_true", help="print the report as JSON (headless)")
    q.add_argument(
        "--answers",
        choices=("right", "wrong"),
        default="right",
        help="how headless play answers the questions (default right)",
    )
    q.add_argument("--say", action="store_true", help="also print each step's narration")
    q.add_argument("--lang", default="en", help="language of titles and texts (default en)")
    q.add_argument(
        "--output-dir",
        metavar="DIR",
        default=None,
        help="folder for files the lesson exports (default: a new temporary folder)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    verbs = {"list": _list, "show": _show, "check": _check, "play": _play}
    return verbs[args.lesson_command](args)


def _error(exc: BaseException) -> None:
    sys.stderr.write(f"logicsim lesson: error: {' '.join(str(exc).split())}\n")


def _course() -> tuple[Any, bool]:
    """(course or None, whether the course file is broken)."""
    from logicsim.lesson import LessonError, read_course

    try:
        return read_course(), False
    except LessonError as exc:
        _error(exc)
        return None, True


def _list(args: argparse.Namespace) -> int:
    from logicsim.lesson import DEFAULT_LESSON, LessonError, lesson_names, load_lesson

    course, bad_course = _course()
    names = lesson_names()
    if course is not None:  # the course's order first, then any lesson it leaves out
        order = [p.lesson for p in course.parts]
        names = order + [n for n in names if n not in order]
    rows: list[dict[str, Any]] = []
    bad = int(bad_course)
    for name in names:
        try:
            lesson = load_lesson(name)
        except LessonError as exc:  # list the others anyway, and say which file is broken
            bad += 1
            _error(exc)
            continue
        part = course.part(name) if course is not None else None
        rows.append(
            {
                "name": name,
                "title": lesson.heading(args.lang),
                "format": lesson.format,
                "steps": len(lesson.steps),
                "questions": lesson.n_questions,
                "tasks": lesson.n_tasks,
                "exercises": lesson.n_exercises,
                "checks": lesson.n_checks,
                "minutes": lesson.minutes,
                "languages": list(lesson.languages),
                "default": name == DEFAULT_LESSON,
                "course": None
                if part is None
                else {
                    "order": [p.lesson for p in course.parts].index(name) + 1,
                    "mode": part.mode,
                    "minutes": part.minutes,
                    "note": part.note_text(args.lang),
                },
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 2 if bad else 0
    if course is not None:
        print(
            f"{course.heading(args.lang)}: {course.class_minutes} of "
            f"{course.minutes} minutes in class"
        )
    width = max((len(r["name"]) for r in rows), default=4)
    for r in rows:
        langs = "" if r["languages"] == ["en"] else f"  [{', '.join(r['languages'])}]"
        mark = "  (default)" if r["default"] else ""
        minutes = f"{r['minutes']:>3} min" if r["minutes"] else "   ? min"
        place = f"{r['course']['mode']:<8}" if r["course"] else "        "
        print(
            f"{r['name']:<{width}}  {place}{minutes} {r['steps']:>2} steps "
            f"{r['questions']:>2} questions {r['exercises']:>2} exercises {r['checks']:>3} checks"
            f"  {r['title']}{langs}{mark}"
        )
    return 2 if bad else 0


def _show(args: argparse.Namespace) -> int:
    from logicsim.lesson import load_lesson
    from logicsim.lesson.model import pick, pick_lines

    lesson = load_lesson(args.lesson)
    lang = args.lang
    print(f"{lesson.name}: {lesson.heading(lang)}")
    print(f"  {lesson.blurb(lang)}")
    minutes = f"{lesson.minutes} minutes" if lesson.minutes else "minutes not given (format 1)"
    print(f"Time: {minutes}; {len(lesson.steps)} steps, {lesson.n_questions} questions, "
          f"{lesson.n_tasks} tasks, {lesson.n_exercises} exercises")  # fmt: skip
    if lesson.lecture:
        print(f"Lecture: {pick(lesson.lecture, lang)}")
    objectives = pick_lines(lesson.objectives, lang)
    if objectives:
        print("Objectives:")
        for line in objectives:
            print(f"  - {line}")
    if lesson.teacher_notes:
        print("Teacher notes:")
        for line in pick(lesson.teacher_notes, lang).splitlines():
            print(f"  {line}")
    print("Steps:")
    for step in lesson.steps:
        kind = "" if step.kind in ("plain",) else f" [{step.kind}]"
        print(f"  {step.index + 1:>2}. {step.heading(lang)}{kind}")
    recap = pick_lines(lesson.recap, lang)
    if recap:
        print("Recap:")
        for line in recap:
            print(f"  - {line}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from logicsim.lesson import LessonError, lesson_dir, lesson_names, load_lesson, read_course
    from logicsim.lesson.course import COURSE_FILE

    files = list(args.files)
    if not files:
        files = [str(lesson_dir() / f"{n}.toml") for n in lesson_names()]
        if (lesson_dir() / COURSE_FILE).is_file():
            files.append(str(lesson_dir() / COURSE_FILE))
    bad = 0
    for item in files:
        try:
            if Path(item).name == COURSE_FILE:
                course = read_course(item)
                assert course is not None
                print(
                    f"ok  {item}  ({len(course.parts)} lessons, {course.class_minutes} of "
                    f"{course.minutes} minutes in class)"
                )
                continue
            lesson = load_lesson(item)
        except LessonError as exc:
            bad += 1
            _error(exc)
            continue
        extra = ""
        if lesson.format >= 2:
            extra = (
                f", {lesson.n_questions} questions, {lesson.n_tasks} tasks, "
                f"{lesson.n_exercises} exercises, format 2"
            )
        print(f"ok  {lesson.path}  ({len(lesson.steps)} steps, {lesson.n_checks} checks{extra})")
    return 2 if bad else 0


def _play(args: argparse.Namespace) -> int:
    from logicsim.lesson import LessonPlayer, load_lesson

    lesson = load_lesson(args.lesson)
    if not args.headless:
        if args.json:
            raise CommandError("--json needs --headless")
        from logicsim.commands import app

        return app.run(argparse.Namespace(lesson=str(lesson.path), screenshot=None, force=False))
    if args.output_dir is not None and not Path(args.output_dir).is_dir():
        raise CommandError(f"--output-dir {args.output_dir}: no such folder")
    player = LessonPlayer(lesson, output_dir=args.output_dir, answers=args.answers)
    report = player.run_to_end()
    if player.exports.written:
        written = ", ".join(sorted(str(p) for p in player.exports.written))
        sys.stderr.write(f"exported: {written}\n")
    lang = args.lang
    if args.json:
        data = report.to_dict()
        data["title"] = lesson.heading(lang)
        data["questions"] = [a.to_dict(lang) for a in report.questions]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print_play(lesson, report, args)
    failure = report.first_failure
    if failure is not None:
        sys.stderr.write(f"logicsim lesson: first failing check: {failure.describe()}\n")
        return EXIT_CHECK_FAILED
    return 0


def _print_play(lesson, report, args: argparse.Namespace) -> None:
    from logicsim.lesson.model import pick, pick_lines

    lang = args.lang
    print(f"{lesson.name}: {lesson.heading(lang)}")
    for step, result in zip(lesson.steps, report.steps, strict=False):
        mark = "ok" if result.passed else "FAILED"
        print(
            f"  step {step.index + 1:>2}/{len(lesson.steps)} {step.heading(lang):<40} "
            f"{len(result.checks)} check(s) {mark}"
        )
        if args.say:
            for line in step.text(lang).splitlines():
                print(f"      {line}")
        answer = result.answer
        if answer is not None:
            ask = answer.ask
            verdict = "right" if answer.right else "wrong"
            print(f"      Q: {pick(ask.question, lang)}")
            print(f"      A: {ask.answer_text(answer.given, lang)} ({verdict})")
            if not answer.right:
                print(f"         right answer: {ask.answer_text(ask.answer, lang)}")
            print(f"      Feedback: {answer.feedback(lang)}")
            if args.say:
                print(f"      Reveal: {pick(step.reveal, lang)}")
        if args.say and step.task is not None:
            print(f"      Task: {pick(step.task.goal, lang)}")
        if args.say and step.exercise is not None:
            print(f"      Exercise: {pick(step.exercise.task, lang)}")
            print(f"      Answer: {pick(step.exercise.answer, lang)}")
        for check in result.checks:
            if not check.passed:
                print(f"      {check.describe()}")
    recap = pick_lines(lesson.recap, lang)
    if recap:
        print("Recap:")
        for line in recap:
            print(f"  - {line}")
    total = len(report.checks)
    good = sum(c.passed for c in report.checks)
    right = sum(a.right for a in report.questions)
    questions = (
        f", {right}/{len(report.questions)} questions answered right" if report.questions else ""
    )
    print(f"{good}/{total} checks passed{questions}")
