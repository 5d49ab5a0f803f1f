"""Reading and validating a lesson file; every problem is a :class:`LessonError` with its place.

The file is TOML read with :mod:`tomllib` (nothing in it is executed).  Validation checks every
name against the workbench registry (:mod:`logicsim.lesson.registry`) without building a
workbench: unknown controls, actions, observables and focus targets, wrong value types and values
out of range are reported as ``file:line:col: message``.  The format is described in
``lessons/README.md``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from logicsim.files import read_data_text
from logicsim.lesson.budget import check_budget
from logicsim.lesson.circuits import check_circuits
from logicsim.lesson.errors import LessonError
from logicsim.lesson.model import Lesson, Step, Wait
from logicsim.lesson.parse_kinds import parse_ask, parse_exercise, parse_task
from logicsim.lesson.parse_parts import (
    MAX_REPEAT,
    Ctx,
    action,
    check,
    close,
    controls,
    flatten,
    lines,
    listify,
    texts,
)
from logicsim.lesson.registry import Registry, default_registry, describe_value

__all__ = [
    "parse_lesson",
    "read_lesson",
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
    "MAX_STEPS",
    "MAX_BYTES",
    "MAX_REPEAT",
]

#: The newest format version (``format = 2``; a file without ``format`` is format 1).
FORMAT_VERSION = 2
#: Every format version this parser reads.
FORMAT_VERSIONS = (1, 2)
#: Most steps a lesson may have (the shipped lessons keep to 6-20).
MAX_STEPS = 200
#: Largest lesson file read, in bytes.
MAX_BYTES = 1_000_000

_TOP_KEYS_1 = ("format", "title", "summary", "needs", "step")
_TOP_KEYS_2 = ("minutes", "objectives", "teacher_notes", "lecture", "recap")
_TOP_KEYS = _TOP_KEYS_1 + _TOP_KEYS_2
_STEP_KEYS_1 = ("title", "say", "set", "act", "focus", "wait", "check")
_STEP_KEYS_2 = ("ask", "reveal", "task", "exercise")
_STEP_KEYS = _STEP_KEYS_1 + _STEP_KEYS_2
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _focus(ctx: Ctx, raw: Any, i: int) -> tuple[str, ...]:
    focus: list[str] = []
    for target in listify(raw):
        if not isinstance(target, str):
            raise ctx.fail(
                f"wrong type: focus takes a target name, got {describe_value(target)}", i, "focus"
            )
        resolved = ctx.registry.focus_target(target)
        if resolved is None:
            options = tuple(sorted(ctx.registry.focus_targets))
            raise ctx.fail(
                f"unknown focus target {target!r}{close(target, options)} (a panel "
                "name, or a control or action name)",
                i,
                "focus",
                value=f'"{target}"',
            )
        if resolved not in focus:
            focus.append(resolved)
    return tuple(focus)


def _wait(ctx: Ctx, w: Any, i: int) -> Wait | None:
    if w is True or w == "next":
        return Wait()
    if isinstance(w, dict):
        act, hint = action(ctx, w, i, "wait", allow_hint=True)
        hint_texts = texts(ctx, hint, "wait.hint", i, "hint") if hint is not None else {}
        return Wait(act, hint_texts)
    if w is not False:
        raise ctx.fail(
            f'wrong type: wait is "next" or a table with do = ..., got {describe_value(w)}',
            i,
            "wait",
        )
    return None


def _step(ctx: Ctx, raw: Any, i: int, fmt: int) -> Step:
    if not isinstance(raw, dict):
        raise ctx.fail(f"wrong type: a step is a table, got {describe_value(raw)}", i)
    for key in raw:
        if key not in _STEP_KEYS:
            raise ctx.fail(
                f"unknown step key {key!r}{close(key, _STEP_KEYS)}; a step has "
                f"{', '.join(_STEP_KEYS if fmt >= 2 else _STEP_KEYS_1)}",
                i,
                key,
            )
        if key in _STEP_KEYS_2 and fmt < 2:
            raise ctx.fail(f"step key {key!r} needs format = 2 at the top of the file", i, key)
    if "say" not in raw:
        raise ctx.fail('missing say = "..." (every step tells the class something)', i)
    kinds = [k for k in ("ask", "task", "exercise") if k in raw]
    if len(kinds) > 1:
        raise ctx.fail(
            f"a step has at most one of ask, task, exercise; this one has {' and '.join(kinds)}",
            i,
            kinds[1],
        )
    if kinds and "wait" in raw:
        raise ctx.fail(f"a step with {kinds[0]} cannot also wait (drop wait)", i, "wait")
    if "reveal" in raw and "ask" not in raw:
        raise ctx.fail("reveal belongs to a step with ask (predict, then reveal)", i, "reveal")
    ask = parse_ask(ctx, raw["ask"], i) if "ask" in raw else None
    if ask is not None and "reveal" not in raw:
        raise ctx.fail('a step with ask needs reveal = "..." (what the student now sees)', i, "ask")
    say = texts(ctx, raw["say"], "say", i, "say")
    title = texts(ctx, raw["title"], "title", i, "title") if "title" in raw else {}
    sets = controls(ctx, flatten(ctx, raw.get("set", {}), "set", i), "set", i)
    acts = tuple(action(ctx, a, i, "act")[0] for a in listify(raw.get("act", [])))
    focus = _focus(ctx, raw.get("focus", []), i)
    wait = _wait(ctx, raw["wait"], i) if "wait" in raw else None
    checks = tuple(check(ctx, c, i, "check", fmt=fmt) for c in listify(raw.get("check", [])))
    reveal = texts(ctx, raw["reveal"], "reveal", i, "reveal") if "reveal" in raw else {}
    task = parse_task(ctx, raw["task"], i) if "task" in raw else None
    exercise = parse_exercise(ctx, raw["exercise"], i) if "exercise" in raw else None
    return Step(
        i, say, title, sets, acts, focus, wait, checks, ctx.loc.step_line(i), ask, reveal, task,
        exercise,
    )  # fmt: skip


def _format(ctx: Ctx, data: dict) -> int:
    fmt = data.get("format", 1)
    if isinstance(fmt, bool) or fmt not in FORMAT_VERSIONS:
        versions = " or ".join(str(v) for v in FORMAT_VERSIONS)
        raise ctx.fail(
            f"format {fmt!r} is not supported (this version reads format = {versions})",
            None,
            "format",
        )
    return int(fmt)


def _lesson_extras(ctx: Ctx, data: dict, fmt: int) -> dict[str, Any]:
    """minutes, objectives, teacher_notes, lecture and recap (format 2)."""
    if fmt < 2:
        for key in _TOP_KEYS_2:
            if key in data:
                raise ctx.fail(f"key {key!r} needs format = 2 at the top of the file", None, key)
        return {}
    for key, example in (
        ("minutes", "12"),
        ("objectives", '["...", "..."]'),
        ("recap", '["...", "...", "..."]'),
    ):
        if key not in data:
            raise ctx.fail(f"format 2 needs {key} = {example}", None)
    minutes = data["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 120:
        raise ctx.fail(
            f"minutes must be a whole number of minutes in 1..120, got {describe_value(minutes)}",
            None,
            "minutes",
        )
    out: dict[str, Any] = {
        "minutes": minutes,
        "objectives": lines(ctx, data["objectives"], "objectives", None, 1, 5, "objectives"),
        "recap": lines(ctx, data["recap"], "recap", None, 3, 5, "recap"),
    }
    for key in ("teacher_notes", "lecture"):
        if key in data:
            out[key] = texts(ctx, data[key], key, None, key)
    return out


def parse_lesson(
    text: str, path: str = "<lesson>", registry: Registry | None = None, name: str | None = None
) -> Lesson:
    """Parse and validate the TOML text of a lesson.

    Parameters
    ----------
    text : str
        The file's contents.
    path : str
        How to name the file in error messages.
    registry : Registry, optional
        Names to validate against; defaults to the workbench's tables (and then circuits,
        inputs and nets are also checked against the circuit library).
    name : str, optional
        Library name of the lesson; defaults to the stem of ``path``.

    Raises
    ------
    LessonError
        For any problem, located by line and column when possible.
    """
    real_workbench = registry is None
    registry = registry or default_registry()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        msg = _TOML_POS.sub("", msg).replace(" (at end of document)", " at the end of the file")
        raise LessonError(path, f"TOML syntax: {msg}", line, col) from None
    except RecursionError:
        raise LessonError(path, "TOML syntax: values nest too deeply") from None
    if not isinstance(data, dict):  # pragma: no cover - tomllib always gives a table
        raise LessonError(path, "not a TOML table")
    ctx = Ctx(path, text, registry)
    for key in data:
        if key not in _TOP_KEYS:
            raise ctx.fail(
                f"unknown key {key!r}{close(key, _TOP_KEYS)}; a lesson has {', '.join(_TOP_KEYS)}",
                None,
                key,
            )
    fmt = _format(ctx, data)
    for key in ("title", "summary"):
        if key not in data:
            raise ctx.fail(f'missing {key} = "..."', None)
    title = texts(ctx, data["title"], "title", None, "title")
    summary = texts(ctx, data["summary"], "summary", None, "summary")
    extras = _lesson_extras(ctx, data, fmt)
    needs = controls(ctx, flatten(ctx, data.get("needs", {}), "needs", None), "needs", None)
    steps_raw = data.get("step")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise ctx.fail("missing steps: add at least one [[step]] section", None, "step")
    if len(steps_raw) > MAX_STEPS:
        raise ctx.fail(f"too many steps ({len(steps_raw)} > {MAX_STEPS})", None)
    steps = tuple(_step(ctx, s, i, fmt) for i, s in enumerate(steps_raw))
    if real_workbench:  # circuits, inputs and nets can be checked against the real library
        check_circuits(needs, steps, ctx.fail)
    check_budget(needs, steps, ctx.fail, real_workbench)  # estimated work of steps and lesson
    langs = set.intersection(*(set(s.say) for s in steps))
    languages = ("en",) + tuple(sorted(langs - {"en"}))
    stem = name if name is not None else Path(path).stem
    return Lesson(stem, path, title, summary, needs, steps, languages, fmt, **extras)


def read_lesson(path: str | Path, registry: Registry | None = None) -> Lesson:
    """Read and validate a lesson file (see :func:`parse_lesson`).

    Raises
    ------
    LessonError
        If the file is missing, too big, not UTF-8, or malformed.
    """
    shown = str(path)
    text = read_data_text(path, MAX_BYTES, shown=shown, error=LessonError)
    return parse_lesson(text, shown, registry)
