"""Pieces of the lesson parser: located errors, texts, controls, actions and checks.

Every function takes a :class:`Ctx` (the file's path, a text locator and the registry) and raises
the :class:`~logicsim.lesson.errors.LessonError` that ``ctx.fail`` builds, naming
``file:line:col`` and the step.  Values of controls and action arguments are checked by the
workbench's own validator (:func:`~logicsim.lesson.registry.value_problem`).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from logicsim.lesson.check_names import index_problem, names_in
from logicsim.lesson.checks import parse_check
from logicsim.lesson.errors import CheckSyntaxError, LessonError
from logicsim.lesson.locate import Locator
from logicsim.lesson.model import Action, Check, Script
from logicsim.lesson.plain_words import check_in_words
from logicsim.lesson.registry import Registry, describe_value, value_problem

__all__ = [
    "Ctx",
    "MAX_REPEAT",
    "action",
    "check",
    "close",
    "controls",
    "flatten",
    "lines",
    "listify",
    "script",
    "texts",
]

#: Most repetitions of one action (``repeat = n``).
MAX_REPEAT = 1000
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?\Z")


def close(word: str, options: tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` for the option closest to ``word``, or ''."""
    hit = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {hit[0]!r}?)" if hit else ""


class Ctx:
    """Error reporting for one file: the path, its text locator and the registry."""

    def __init__(self, path: str, text: str, registry: Registry):
        self.path = path
        self.loc = Locator(text)
        self.registry = registry

    def fail(
        self, message: str, step: int | None = None, *keys: str, value: str | None = None
    ) -> LessonError:
        """The error to raise: ``message`` located at ``keys`` (and ``value``) in ``step``."""
        line, col = self.loc.find(step, *keys, value=value)
        if step is not None:
            message = f"step {step + 1}: {message}"
        return LessonError(self.path, message, line, col)

    def keys(self, raw: dict, allowed: tuple[str, ...], what: str, step: int | None, *path: str):
        """Fail on the first key of ``raw`` not in ``allowed`` (with a suggestion)."""
        for key in raw:
            if key not in allowed:
                raise self.fail(
                    f"unknown key {what}.{key}{close(key, allowed)}; {what} has "
                    f"{', '.join(allowed)}",
                    step,
                    *path,
                    key,
                )


def texts(
    ctx: Ctx, raw: Any, what: str, step: int | None, *key: str, english: bool = True
) -> dict[str, str]:
    """A text given as a string (English) or a table of languages with ``en`` required.

    With ``english=False`` the table may leave out ``en`` (but not be empty): the caller has an
    English text of its own to fall back on.
    """
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: {what} must be a string or a table of languages "
            f"(en = ..., bn = ...), got {describe_value(raw)}",
            step,
            *key,
        )
    out: dict[str, str] = {}
    for lang, text in raw.items():
        if not _LANG.match(lang):
            raise ctx.fail(
                f"{what}: {lang!r} is not a language code like 'en' or 'bn'", step, *key, lang
            )
        if not isinstance(text, str):
            raise ctx.fail(
                f"wrong type: {what}.{lang} must be a string, got {describe_value(text)}",
                step,
                *key,
                lang,
            )
        if not text.strip():
            raise ctx.fail(f"{what}.{lang} is empty", step, *key, lang)
        out[lang] = text.strip()
    if not english and not out:
        raise ctx.fail(f"{what} is an empty table: give at least {what}.en", step, *key)
    if english and "en" not in out:
        raise ctx.fail(f"{what} needs an English text ({what}.en)", step, *key)
    return out


def lines(
    ctx: Ctx, raw: Any, what: str, step: int | None, least: int, most: int, *key: str
) -> dict[str, tuple[str, ...]]:
    """A list of texts: ``["a", "b"]`` (English) or ``{ en = [...], bn = [...] }``."""
    if isinstance(raw, list):
        raw = {"en": raw}
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: {what} must be a list of strings or a table of languages "
            f"(en = [...], bn = [...]), got {describe_value(raw)}",
            step,
            *key,
        )
    out: dict[str, tuple[str, ...]] = {}
    for lang, items in raw.items():
        if not _LANG.match(lang):
            raise ctx.fail(
                f"{what}: {lang!r} is not a language code like 'en' or 'bn'", step, *key, lang
            )
        if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
            raise ctx.fail(
                f"wrong type: {what}.{lang} must be a list of strings, got {describe_value(items)}",
                step,
                *key,
                lang,
            )
        if not least <= len(items) <= most:
            count = f"{least}" if least == most else f"{least} to {most}"
            raise ctx.fail(
                f"{what}.{lang} has {len(items)} line(s); write {count}", step, *key, lang
            )
        if any(not t.strip() for t in items):
            raise ctx.fail(f"{what}.{lang} has an empty line", step, *key, lang)
        out[lang] = tuple(t.strip() for t in items)
    if "en" not in out:
        raise ctx.fail(f"{what} needs English lines ({what}.en = [...])", step, *key)
    return out


def flatten(ctx: Ctx, raw: Any, what: str, step: int | None, *key: str) -> list[tuple[str, Any]]:
    """``{input = {A = 1}}`` -> ``[("input.A", 1)]`` (dotted keys, in written order)."""
    key = key or (what,)
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: {what} must be a table of control = value, got {describe_value(raw)}",
            step,
            *key,
        )

    def walk(prefix: str, table: dict, depth: int):
        for name_part, value in table.items():
            name = prefix + name_part
            if isinstance(value, dict) and ctx.registry.control(name) is None:
                if depth >= 6:
                    raise ctx.fail(f"{what}: tables nest too deeply at {name!r}", step, *key)
                yield from walk(name + ".", value, depth + 1)
            else:
                yield name, value

    return list(walk("", raw, 0))


def controls(ctx: Ctx, pairs: list[tuple[str, Any]], what: str, step: int | None, *key: str):
    """Check every ``(control, value)`` with the workbench's own value rules."""
    key = key or (what,)
    for name, value in pairs:
        spec = ctx.registry.control(name)
        last = name.rsplit(".", 1)[-1]
        if spec is None:
            hint = ctx.registry.controls.suggest(name)
            raise ctx.fail(f"unknown control {name!r}{hint}", step, *key, name)
        problem = value_problem(spec, value, f"{what} {name}")
        if problem is not None:
            raise ctx.fail(problem, step, *key, name, last)
    return tuple(pairs)


def action(ctx: Ctx, raw: Any, step: int, *key: str, allow_hint: bool = False):
    """An action written as ``"tick"`` or ``{do = "train", epochs = 3, repeat = 1}``.

    Returns ``(Action, hint)`` where ``hint`` is the raw ``hint`` of a wait (or None).
    """
    where = ".".join(key)
    if isinstance(raw, str):
        raw = {"do": raw}
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: an action is a name or a table with do = ..., got {describe_value(raw)}",
            step,
            *key,
        )
    raw = dict(raw)
    name = raw.pop("do", None)
    if not isinstance(name, str):
        raise ctx.fail(f'{where}: missing do = "<action name>"', step, *key)
    spec = ctx.registry.action(name)
    if spec is None:
        hint = ctx.registry.actions.suggest(name)
        raise ctx.fail(f"unknown action {name!r}{hint}", step, *key, value=f'"{name}"')
    hint_text: Any = raw.pop("hint", None) if allow_hint else None
    repeat = raw.pop("repeat", 1)
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= MAX_REPEAT:
        raise ctx.fail(
            f"action {name}: repeat must be a whole number in 1..{MAX_REPEAT}, got "
            f"{describe_value(repeat)}",
            step,
            *key,
            "repeat",
        )
    for arg, value in raw.items():
        arg_spec = spec.args.get(arg)
        if arg_spec is None:
            known = ", ".join(spec.args) or "none"
            raise ctx.fail(
                f"action {name} has no argument {arg!r} (arguments: {known})", step, *key, arg
            )
        problem = value_problem(arg_spec, value, f"action {name} argument {arg}")
        if problem is not None:
            raise ctx.fail(problem, step, *key, arg)
    missing = [a for a in spec.required if a not in raw]
    if missing:
        raise ctx.fail(
            f"action {name} needs argument(s) {', '.join(sorted(missing))}",
            step,
            *key,
            value=f'"{name}"',
        )
    if name == "export_formula":
        from logicsim.lesson.exports import export_name_problem

        problem = export_name_problem(raw["path"])
        if problem is not None:
            raise ctx.fail(f"action {name} argument path: {problem}", step, *key, "path")
    line = ctx.loc.find(step, *key, value=f'"{name}"')[0]
    return Action(name, raw, repeat, line), hint_text


def listify(raw: Any) -> list[Any]:
    """``raw`` as a list (a single item becomes a list of one)."""
    return list(raw) if isinstance(raw, list) else [raw]


def script(ctx: Ctx, raw: Any, what: str, step: int, *key: str) -> Script:
    """``{ set = {...}, act = ... }`` (a task's "Show me", an exercise's solution)."""
    if not isinstance(raw, dict):
        raise ctx.fail(
            f"wrong type: {what} is a table with set = {{...}} and/or act = ..., got "
            f"{describe_value(raw)}",
            step,
            *key,
        )
    ctx.keys(raw, ("set", "act"), what, step, *key)
    if not raw:
        raise ctx.fail(f"{what} is empty: give set = {{...}} and/or act = ...", step, *key)
    sets = controls(
        ctx, flatten(ctx, raw.get("set", {}), "set", step, *key, "set"), "set", step, *key, "set"
    )
    acts = tuple(action(ctx, a, step, *key, "act")[0] for a in listify(raw.get("act", [])))
    return Script(sets, acts)


def check(ctx: Ctx, raw: Any, step: int, *key: str, fmt: int = 2) -> Check:
    """One check: a string, or (format 2) ``{ that = "...", says = "..." }``."""
    key = key or ("check",)
    says: dict[str, str] = {}
    if isinstance(raw, dict) and fmt >= 2:
        ctx.keys(raw, ("that", "says"), "a check table", step, *key)
        if "that" not in raw:
            raise ctx.fail('a check table needs that = "<check>"', step, *key)
        if "says" in raw:  # without says.en, English falls back to the generated sentence
            says = texts(ctx, raw["says"], "says", step, *key, "says", english=False)
        raw = raw["that"]
    elif isinstance(raw, dict):
        raise ctx.fail(
            "a check written as a table { that = ..., says = ... } needs format = 2", step, *key
        )
    if not isinstance(raw, str):
        raise ctx.fail(
            f'wrong type: a check is a string like "net.Q == 1", got {describe_value(raw)}',
            step,
            *key,
        )
    line, col = ctx.loc.find(step, *key, value=raw)
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
    words = check_in_words(node, ctx.registry.doc)
    return Check(raw, node, line, col, says, words)
