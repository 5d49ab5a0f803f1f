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
from logicsim.lesson.check_names import index_problem, names_in
from logicsim.lesson.checks import parse_check
from logicsim.lesson.circuits import check_circuits
from logicsim.lesson.errors import CheckSyntaxError, LessonError
from logicsim.lesson.locate import Locator
from logicsim.lesson.model import Action, Check, Lesson, Step, Wait
from logicsim.lesson.registry import Registry, default_registry, describe_value

__all__ = ["parse_lesson", "read_lesson", "FORMAT_VERSION", "MAX_STEPS", "MAX_BYTES"]

#: The one format version this parser reads (``format = 1`` at the top of a file, optional).
FORMAT_VERSION = 1
#: Most steps a lesson may have (the shipped lessons keep to 6-20).
MAX_STEPS = 200
#: Largest lesson file read, in bytes.
MAX_BYTES = 1_000_000
#: Most repetitions of one action (``repeat = n``).
MAX_REPEAT = 1000

_TOP_KEYS = ("format", "title", "summary", "needs", "step")
_STEP_KEYS = ("title", "say", "set", "act", "focus", "wait", "check")
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?\Z")
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _close(word: str, options: tuple[str, ...]) -> str:
    import difflib

    hit = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {hit[0]!r}?)" if hit else ""


class _Ctx:
    """Error reporting for one file: the path, its text locator and the registry."""

    def __init__(self, path: str, text: str, registry: Registry):
        self.path = path
        self.loc = Locator(text)
        self.registry = registry

    def fail(
        self, message: str, step: int | None = None, *keys: str, value: str | None = None
    ) -> LessonError:
        line, col = self.loc.find(step, *keys, value=value)
        if step is not None:
            message = f"step {step + 1}: {message}"
        return LessonError(self.path, message, line, col)


def _texts(ctx: _Ctx, raw: Any, what: str, step: int | None, key: str) -> dict[str, str]:
    """A text given as a string (English) or a table of languages with ``en`` required."""
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: {what} must be a string or a table of languages "
            f"(en = ..., bn = ...), got {describe_value(raw)}",
            step,
            key,
        )
    out: dict[str, str] = {}
    for lang, text in raw.items():
        if not _LANG.match(lang):
            raise ctx.fail(
                f"{what}: {lang!r} is not a language code like 'en' or 'bn'", step, key, lang
            )
        if not isinstance(text, str):
            raise ctx.fail(
                f"wrong type: {what}.{lang} must be a string, got {describe_value(text)}",
                step,
                key,
                lang,
            )
        if not text.strip():
            raise ctx.fail(f"{what}.{lang} is empty", step, key, lang)
        out[lang] = text.strip()
    if "en" not in out:
        raise ctx.fail(f"{what} needs an English text ({key}.en)", step, key)
    return out


def _flatten(ctx: _Ctx, raw: Any, what: str, step: int | None) -> list[tuple[str, Any]]:
    """``{input = {A = 1}}`` -> ``[("input.A", 1)]`` (dotted keys, in written order)."""
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: {what} must be a table of control = value, got {describe_value(raw)}",
            step,
            what,
        )

    def walk(prefix: str, table: dict, depth: int):
        for key, value in table.items():
            name = prefix + key
            if isinstance(value, dict) and ctx.registry.control(name) is None:
                if depth >= 6:
                    raise ctx.fail(f"{what}: tables nest too deeply at {name!r}", step, what)
                yield from walk(name + ".", value, depth + 1)
            else:
                yield name, value

    return list(walk("", raw, 0))


def _controls(ctx: _Ctx, pairs: list[tuple[str, Any]], what: str, step: int | None):
    for name, value in pairs:
        spec = ctx.registry.control(name)
        last = name.rsplit(".", 1)[-1]
        if spec is None:
            hint = ctx.registry.controls.suggest(name)
            raise ctx.fail(f"unknown control {name!r}{hint}", step, what, name)
        problem = spec.problem(value)
        if problem is not None:
            raise ctx.fail(f"{what} {name}: {problem}", step, what, name, last)
    return tuple(pairs)


def _action(ctx: _Ctx, raw: Any, step: int, key: str, allow_hint: bool = False):
    """An action written as ``"tick"`` or ``{do = "train", epochs = 3, repeat = 1}``."""
    if isinstance(raw, str):
        raw = {"do": raw}
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: an action is a name or a table with do = ..., got {describe_value(raw)}",
            step,
            key,
        )
    raw = dict(raw)
    name = raw.pop("do", None)
    if not isinstance(name, str):
        raise ctx.fail(f'{key}: missing do = "<action name>"', step, key)
    spec = ctx.registry.action(name)
    if spec is None:
        hint = ctx.registry.actions.suggest(name)
        raise ctx.fail(f"unknown action {name!r}{hint}", step, key, value=f'"{name}"')
    hint_text: Any = raw.pop("hint", None) if allow_hint else None
    repeat = raw.pop("repeat", 1)
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= MAX_REPEAT:
        raise ctx.fail(
            f"action {name}: repeat must be a whole number in 1..{MAX_REPEAT}, got "
            f"{describe_value(repeat)}",
            step,
            key,
            "repeat",
        )
    for arg, value in raw.items():
        arg_spec = spec.args.get(arg)
        if arg_spec is None:
            known = ", ".join(spec.args) or "none"
            raise ctx.fail(
                f"action {name} has no argument {arg!r} (arguments: {known})", step, key, arg
            )
        problem = arg_spec.problem(value)
        if problem is not None:
            raise ctx.fail(f"action {name} argument {arg}: {problem}", step, key, arg)
    missing = [a for a in spec.required if a not in raw]
    if missing:
        raise ctx.fail(
            f"action {name} needs argument(s) {', '.join(sorted(missing))}",
            step,
            key,
            value=f'"{name}"',
        )
    if name == "export_formula":
        from logicsim.lesson.exports import export_name_problem

        problem = export_name_problem(raw["path"])
        if problem is not None:
            raise ctx.fail(f"action {name} argument path: {problem}", step, key, "path")
    line = ctx.loc.find(step, key, value=f'"{name}"')[0]
    return Action(name, raw, repeat, line), hint_text


def _listify(raw: Any) -> list[Any]:
    return list(raw) if isinstance(raw, list) else [raw]


def _check(ctx: _Ctx, raw: Any, step: int) -> Check:
    if not isinstance(raw, str):
        raise ctx.fail(
            f'wrong type: a check is a string like "net.Q == 1", got {describe_value(raw)}',
            step,
            "check",
        )
    line, col = ctx.loc.find(step, "check", value=raw)
    try:
        node = parse_check(raw)
        for name in names_in(node):
            axes = ctx.registry.observable(name.name)
            if axes is None:
                hint = ctx.registry.observables.suggest(name.name)
                raise CheckSyntaxError(f"unknown observable {name.name!r}{hint}", name.pos)
            problem = index_problem(name, axes)
            if problem:
                raise CheckSyntaxError(problem, name.pos)
    except CheckSyntaxError as exc:
        at = None if col is None else col + exc.offset
        if "\n" in raw[: exc.offset]:
            at = None
        raise LessonError(
            ctx.path, f"step {step + 1}: check {raw!r}: {exc.message}", line, at
        ) from None
    return Check(raw, node, line, col)


def _step(ctx: _Ctx, raw: Any, i: int) -> Step:
    if not isinstance(raw, dict):
        raise ctx.fail(f"wrong type: a step is a table, got {describe_value(raw)}", i)
    for key in raw:
        if key not in _STEP_KEYS:
            raise ctx.fail(
                f"unknown step key {key!r}{_close(key, _STEP_KEYS)}; a step has "
                f"{', '.join(_STEP_KEYS)}",
                i,
                key,
            )
    if "say" not in raw:
        raise ctx.fail('missing say = "..." (every step tells the class something)', i)
    say = _texts(ctx, raw["say"], "say", i, "say")
    title = _texts(ctx, raw["title"], "title", i, "title") if "title" in raw else {}
    sets = _controls(ctx, _flatten(ctx, raw.get("set", {}), "set", i), "set", i)
    acts = tuple(_action(ctx, a, i, "act")[0] for a in _listify(raw.get("act", [])))
    focus = []
    for target in _listify(raw.get("focus", [])):
        if not isinstance(target, str):
            raise ctx.fail(
                f"wrong type: focus takes a target name, got {describe_value(target)}", i, "focus"
            )
        resolved = ctx.registry.focus_target(target)
        if resolved is None:
            options = tuple(sorted(ctx.registry.focus_targets))
            raise ctx.fail(
                f"unknown focus target {target!r}{_close(target, options)} (a panel "
                "name, or a control or action name)",
                i,
                "focus",
                value=f'"{target}"',
            )
        if resolved not in focus:
            focus.append(resolved)
    wait = None
    if "wait" in raw:
        w = raw["wait"]
        if w is True or w == "next":
            wait = Wait()
        elif isinstance(w, dict):
            action, hint = _action(ctx, w, i, "wait", allow_hint=True)
            hint_texts = _texts(ctx, hint, "wait.hint", i, "hint") if hint is not None else {}
            wait = Wait(action, hint_texts)
        elif w is not False:
            raise ctx.fail(
                f'wrong type: wait is "next" or a table with do = ..., got {describe_value(w)}',
                i,
                "wait",
            )
    checks = tuple(_check(ctx, c, i) for c in _listify(raw.get("check", [])))
    return Step(i, say, title, sets, acts, tuple(focus), wait, checks, ctx.loc.step_line(i))


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
    ctx = _Ctx(path, text, registry)
    for key in data:
        if key not in _TOP_KEYS:
            raise ctx.fail(
                f"unknown key {key!r}{_close(key, _TOP_KEYS)}; a lesson has {', '.join(_TOP_KEYS)}",
                None,
                key,
            )
    fmt = data.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION or isinstance(fmt, bool):
        raise ctx.fail(
            f"format {fmt!r} is not supported (this version reads format = {FORMAT_VERSION})",
            None,
            "format",
        )
    for key in ("title", "summary"):
        if key not in data:
            raise ctx.fail(f'missing {key} = "..."', None)
    title = _texts(ctx, data["title"], "title", None, "title")
    summary = _texts(ctx, data["summary"], "summary", None, "summary")
    needs = _controls(ctx, _flatten(ctx, data.get("needs", {}), "needs", None), "needs", None)
    steps_raw = data.get("step")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise ctx.fail("missing steps: add at least one [[step]] section", None, "step")
    if len(steps_raw) > MAX_STEPS:
        raise ctx.fail(f"too many steps ({len(steps_raw)} > {MAX_STEPS})", None)
    steps = tuple(_step(ctx, s, i) for i, s in enumerate(steps_raw))
    if real_workbench:  # circuits, inputs and nets can be checked against the real library
        check_circuits(needs, steps, ctx.fail)
    langs = set.intersection(*(set(s.say) for s in steps))
    languages = ("en",) + tuple(sorted(langs - {"en"}))
    stem = name if name is not None else Path(path).stem
    return Lesson(stem, path, title, summary, needs, steps, languages)


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
