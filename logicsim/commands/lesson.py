"""``logicsim lesson list | check FILE... | play FILE|NAME --headless [--json]``.

``check`` validates lesson files without running them; ``play --headless`` runs every step and
check on a fresh workbench and exits 1 naming the first failing check.  Without ``--headless``,
``play`` opens the lesson in the desktop app.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TypedDict

from logicsim.errors import CommandError

#: Exit code when a played lesson has a failing check.
EXIT_CHECK_FAILED = 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lesson",
        help="list, validate and play the scripted lessons",
        description="Scripted lessons (TOML files, see lessons/README.md): list the shipped ones, "
        "validate files without running them, or play one headless with all its checks.",
    )
    verbs = p.add_subparsers(
        dest="lesson_command", metavar="VERB", required=True, parser_class=type(p)
    )
    q = verbs.add_parser(
        "list",
        help="the shipped lessons, in teaching order",
        description="List the shipped lessons with their steps and checks.",
    )
    q.add_argument("--json", action="store_true", help="print the list as JSON")
    q = verbs.add_parser(
        "check",
        help="validate lesson files without running them",
        description="Validate lesson files (names, types, ranges, check syntax) "
        "without running them. Exits 2 if any file is invalid.",
    )
    q.add_argument("files", nargs="+", metavar="FILE", help="lesson file or library name")
    q = verbs.add_parser(
        "play",
        help="play a lesson (headless: run every step and check)",
        description="Play a lesson. With --headless, run every step and check "
        "on a fresh workbench, print the results and exit 1 naming the first "
        "failing check; without it, open the lesson in the app.",
    )
    q.add_argument("lesson", metavar="FILE|NAME", help="lesson file or library name")
    q.add_argument("--headless", action="store_true", help="run without a window")
    q.add_argument("--json", action="store_true", help="print the report as JSON (headless)")
    q.add_argument("--say", action="store_true", help="also print each step's narration")
    q.add_argument("--lang", default="en", help="narration language for --say (default en)")
    q.add_argument(
        "--output-dir",
        metavar="DIR",
        default=None,
        help="folder for files the lesson exports (default: a new temporary folder)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return {"list": _list, "check": _check, "play": _play}[args.lesson_command](args)


class _ListRow(TypedDict):
    """One lesson in ``logicsim lesson list`` (also its ``--json`` form)."""

    name: str
    title: str
    steps: int
    checks: int
    languages: list[str]
    default: bool


def _list(args: argparse.Namespace) -> int:
    from logicsim.lesson import DEFAULT_LESSON, LessonError, lesson_names, load_lesson

    rows: list[_ListRow] = []
    bad = 0
    for name in lesson_names():
        try:
            lesson = load_lesson(name)
        except LessonError as exc:  # list the others anyway, and say which file is broken
            bad += 1
            sys.stderr.write(f"logicsim lesson: error: {' '.join(str(exc).split())}\n")
            continue
        rows.append(
            {
                "name": name,
                "title": lesson.heading(),
                "steps": len(lesson.steps),
                "checks": lesson.n_checks,
                "languages": list(lesson.languages),
                "default": name == DEFAULT_LESSON,
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 2 if bad else 0
    width = max((len(r["name"]) for r in rows), default=4)
    for r in rows:
        langs = "" if r["languages"] == ["en"] else f"  [{', '.join(r['languages'])}]"
        mark = "  (default)" if r["default"] else ""
        print(
            f"{r['name']:<{width}}  {r['steps']:>2} steps {r['checks']:>3} checks  "
            f"{r['title']}{langs}{mark}"
        )
    return 2 if bad else 0


def _check(args: argparse.Namespace) -> int:
    from logicsim.lesson import LessonError, load_lesson

    bad = 0
    for item in args.files:
        try:
            lesson = load_lesson(item)
        except LessonError as exc:
            bad += 1
            sys.stderr.write(f"logicsim lesson: error: {' '.join(str(exc).split())}\n")
            continue
        print(f"ok  {lesson.path}  ({len(lesson.steps)} steps, {lesson.n_checks} checks)")
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
    player = LessonPlayer(lesson, output_dir=args.output_dir)
    report = player.run_to_end()
    if player.exports.written:
        written = ", ".join(sorted(str(p) for p in player.exports.written))
        sys.stderr.write(f"exported: {written}\n")
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(f"{lesson.name}: {lesson.heading()}")
        for step, result in zip(lesson.steps, report.steps, strict=False):
            mark = "ok" if result.passed else "FAILED"
            print(
                f"  step {step.index + 1:>2}/{len(lesson.steps)} {step.heading():<40} "
                f"{len(result.checks)} check(s) {mark}"
            )
            if args.say:
                for line in step.text(args.lang).splitlines():
                    print(f"      {line}")
            for check in result.checks:
                if not check.passed:
                    print(f"      {check.describe()}")
        total = len(report.checks)
        good = sum(c.passed for c in report.checks)
        print(f"{good}/{total} checks passed")
    failure = report.first_failure
    if failure is not None:
        sys.stderr.write(f"logicsim lesson: first failing check: {failure.describe()}\n")
        return EXIT_CHECK_FAILED
    return 0
