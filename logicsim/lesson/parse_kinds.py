"""Parsing the format-2 step kinds: ``ask`` (+ ``reveal``), ``task`` and ``exercise``.

See ``lessons/README.md`` (section *Step kinds*) for the keys; every problem is located at its
key inside the step.
"""

from __future__ import annotations

import math
from typing import Any

from logicsim.lesson.model import Ask, Check, Exercise, Task
from logicsim.lesson.parse_parts import Ctx, check, listify, script, texts
from logicsim.lesson.registry import describe_value

__all__ = ["parse_ask", "parse_task", "parse_exercise", "ASK_KEYS", "TASK_KEYS", "EXERCISE_KEYS"]

ASK_KEYS = ("question", "choices", "answer", "feedback", "number", "tolerance")
TASK_KEYS = ("goal", "until", "hint", "hint_after", "show")
EXERCISE_KEYS = ("task", "grade", "answer", "solution")
#: Most choices a question may offer.
MAX_CHOICES = 6
#: Longest hint delay, in seconds.
MAX_HINT_AFTER = 600


def _table(ctx: Ctx, raw: Any, what: str, keys: tuple[str, ...], step: int) -> dict:
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: {what} is a table ({what}.{keys[0]} = ...), got {describe_value(raw)}",
            step,
            what,
        )
    ctx.keys(raw, keys, what, step, what)
    return raw


def _need(ctx: Ctx, raw: dict, what: str, key: str, step: int, example: str) -> Any:
    if key not in raw:
        raise ctx.fail(f"{what} needs {what}.{key} = {example}", step, what)
    return raw[key]


def _number(ctx: Ctx, value: Any, what: str, step: int, *key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ctx.fail(
            f"wrong type: {what} must be a number, got {describe_value(value)}", step, *key
        )
    return float(value)


def _choices(ctx: Ctx, raw: Any, step: int) -> tuple[dict[str, str], ...]:
    """``["a", "b"]`` or ``{ en = [...], bn = [...] }`` -> one text table per choice."""
    by_lang = raw if isinstance(raw, dict) else {"en": raw}
    out: list[dict[str, str]] = []
    n = None
    for lang, items in by_lang.items():
        if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
            where = f"ask.choices.{lang}" if isinstance(raw, dict) else "ask.choices"
            raise ctx.fail(
                f"wrong type: {where} must be a list of non-empty strings, got "
                f"{describe_value(items)}",
                step,
                "ask",
                "choices",
            )
        if n is None:
            n = len(items)
        elif len(items) != n:
            raise ctx.fail(
                f"ask.choices.{lang} has {len(items)} choices, English has {n}",
                step,
                "ask",
                "choices",
                lang,
            )
        while len(out) < len(items):
            out.append({})
        for k, text in enumerate(items):
            out[k][lang] = text.strip()
    if "en" not in by_lang:
        raise ctx.fail("ask.choices needs English choices (ask.choices.en)", step, "ask", "choices")
    if n is None or not 2 <= n <= MAX_CHOICES:
        raise ctx.fail(
            f"ask.choices must hold 2 to {MAX_CHOICES} choices, got {n or 0}",
            step,
            "ask",
            "choices",
        )
    return tuple(out)


def _choice_feedback(ctx: Ctx, raw: Any, n: int, step: int) -> tuple[dict[str, str], ...]:
    """One text per choice: ``["...", ...]`` or ``{ en = [...], bn = [...] }``."""
    by_lang = raw if isinstance(raw, dict) else {"en": raw}
    out: list[dict[str, str]] = [{} for _ in range(n)]
    for lang, items in by_lang.items():
        if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
            raise ctx.fail(
                "wrong type: ask.feedback must be a list of non-empty strings, one per choice, "
                f"got {describe_value(items)}",
                step,
                "ask",
                "feedback",
            )
        if len(items) != n:
            raise ctx.fail(
                f"ask.feedback{'.' + lang if isinstance(raw, dict) else ''} has {len(items)} "
                f"line(s) for {n} choices: write one per choice (why it is tempting or why it "
                "is right)",
                step,
                "ask",
                "feedback",
            )
        for k, text in enumerate(items):
            out[k][lang] = text.strip()
    if "en" not in by_lang:
        raise ctx.fail(
            "ask.feedback needs English lines (ask.feedback.en)", step, "ask", "feedback"
        )
    return tuple(out)


def parse_ask(ctx: Ctx, raw: Any, step: int) -> Ask:
    """The ``ask`` table of a step (a question with choices, or a number)."""
    raw = _table(ctx, raw, "ask", ASK_KEYS, step)
    question = texts(ctx, _need(ctx, raw, "ask", "question", step, '"..."'), "ask.question", step,
                     "ask", "question")  # fmt: skip
    number = raw.get("number", False)
    if not isinstance(number, bool):
        raise ctx.fail(
            f"wrong type: ask.number is true or false, got {describe_value(number)}",
            step,
            "ask",
            "number",
        )
    answer = _need(ctx, raw, "ask", "answer", step, "<number>")
    feedback_raw = _need(ctx, raw, "ask", "feedback", step, "[...]")
    line = ctx.loc.find(step, "ask")[0]
    if number:
        if "choices" in raw:
            raise ctx.fail(
                "ask has both number = true and choices: pick one", step, "ask", "choices"
            )
        value = _number(ctx, answer, "ask.answer", step, "ask", "answer")
        if "tolerance" not in raw:
            raise ctx.fail(
                "ask.number needs ask.tolerance = <how far off an answer may be>", step, "ask"
            )
        tol = _number(ctx, raw["tolerance"], "ask.tolerance", step, "ask", "tolerance")
        if tol < 0:
            raise ctx.fail(f"ask.tolerance must be >= 0, got {tol:g}", step, "ask", "tolerance")
        if not isinstance(feedback_raw, dict):
            raise ctx.fail(
                "wrong type: ask.feedback of a number question is a table "
                '{ low = "...", high = "...", right = "..." }, got '
                f"{describe_value(feedback_raw)}",
                step,
                "ask",
                "feedback",
            )
        ctx.keys(feedback_raw, ("low", "high", "right"), "ask.feedback", step, "ask", "feedback")
        parts = []
        for key in ("low", "high", "right"):
            if key not in feedback_raw:
                raise ctx.fail(f'ask.feedback needs {key} = "..."', step, "ask", "feedback")
            parts.append(
                texts(ctx, feedback_raw[key], f"ask.feedback.{key}", step, "ask", "feedback", key)
            )
        return Ask(question, value, tuple(parts), (), True, tol, line)
    if "tolerance" in raw:
        raise ctx.fail("ask.tolerance goes with ask.number = true", step, "ask", "tolerance")
    if "choices" not in raw:
        raise ctx.fail('ask needs ask.choices = ["...", "..."] (or ask.number = true)', step, "ask")
    choices = _choices(ctx, raw["choices"], step)
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise ctx.fail(
            f"wrong type: ask.answer is the number (1-based) of the right choice, got "
            f"{describe_value(answer)}",
            step,
            "ask",
            "answer",
        )
    if not 1 <= answer <= len(choices):
        raise ctx.fail(
            f"ask.answer {answer} is not a choice (1..{len(choices)})", step, "ask", "answer"
        )
    feedback = _choice_feedback(ctx, feedback_raw, len(choices), step)
    return Ask(question, answer, feedback, choices, False, 0.0, line)


def _single_check(ctx: Ctx, raw: Any, step: int, *key: str) -> Check:
    if isinstance(raw, list):
        raise ctx.fail(
            f"{'.'.join(key)} is one check (combine several with 'and'), got a list", step, *key
        )
    return check(ctx, raw, step, *key)


def parse_task(ctx: Ctx, raw: Any, step: int) -> Task:
    """The ``task`` table of a step (do it yourself)."""
    raw = _table(ctx, raw, "task", TASK_KEYS, step)
    goal = texts(ctx, _need(ctx, raw, "task", "goal", step, '"..."'), "task.goal", step,
                 "task", "goal")  # fmt: skip
    until = _single_check(ctx, _need(ctx, raw, "task", "until", step, '"<check>"'), step,
                          "task", "until")  # fmt: skip
    hint = texts(ctx, raw["hint"], "task.hint", step, "task", "hint") if "hint" in raw else {}
    after = 30.0
    if "hint_after" in raw:
        after = _number(ctx, raw["hint_after"], "task.hint_after", step, "task", "hint_after")
        if not 0 <= after <= MAX_HINT_AFTER:
            raise ctx.fail(
                f"task.hint_after must be 0..{MAX_HINT_AFTER} seconds, got {after:g}",
                step,
                "task",
                "hint_after",
            )
    show = script(ctx, _need(ctx, raw, "task", "show", step, "{ set = {...} }"), "task.show",
                  step, "task", "show")  # fmt: skip
    return Task(goal, until, show, hint, after)


def parse_exercise(ctx: Ctx, raw: Any, step: int) -> Exercise:
    """The ``exercise`` table of a step (an open task graded by checks)."""
    raw = _table(ctx, raw, "exercise", EXERCISE_KEYS, step)
    task = texts(ctx, _need(ctx, raw, "exercise", "task", step, '"..."'), "exercise.task", step,
                 "exercise", "task")  # fmt: skip
    grade_raw = listify(_need(ctx, raw, "exercise", "grade", step, '["<check>", ...]'))
    if not grade_raw:
        raise ctx.fail("exercise.grade is empty: give at least one check", step, "exercise")
    grade = tuple(check(ctx, g, step, "exercise", "grade") for g in grade_raw)
    answer = texts(ctx, _need(ctx, raw, "exercise", "answer", step, '"..."'), "exercise.answer",
                   step, "exercise", "answer")  # fmt: skip
    solution = script(
        ctx,
        _need(ctx, raw, "exercise", "solution", step, "{ set = {...} }"),
        "exercise.solution",
        step,
        "exercise",
        "solution",
    )
    return Exercise(task, grade, answer, solution)
