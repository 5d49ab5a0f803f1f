"""Value rules of the workbench registry: what a control, an action argument, an action and an
observable are, and how a value is checked and converted (one-line :class:`LogicsimError`
messages naming the control and the problem).

Each entry also says where it is wired, so :class:`~logicsim.workbench.Workbench` needs no
per-name code: a control names the bench ``setting`` it changes (or its ``setter`` and
``getter``), an action the ``method`` it calls, an observable how to ``read`` it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.logic.names import NET_PATH
from logicsim.ranges import check_choice, check_number, fmt_number

#: What ``<NET>`` in a control or observable name matches (see :mod:`logicsim.logic.names`).
NET_NAME = NET_PATH

#: Value kinds a control may have.
KINDS = ("bit", "bool", "int", "float", "str", "choice", "list")


@dataclass(frozen=True)
class Control:
    """One settable control.

    ``kind`` is ``bit`` (0/1), ``bool``, ``int``, ``float`` (finite), ``str``, ``choice`` (one
    of ``choices``) or ``list`` (a list of strings, each in ``choices`` when those are given).
    """

    name: str  # exact name, or a pattern containing "<NET>"
    kind: str  # one of KINDS
    doc: str  # one sentence for tooltips and lesson authors
    bench: str  # logic | recurrent | gradient | formula | training | workbench
    focus: str  # FOCUS_TARGETS entry of the widget that shows this control
    choices: tuple[str, ...] | None = None  # allowed values for choice / list
    low: float | None = None  # inclusive lower bound for int / float
    high: float | None = None  # inclusive upper bound for int / float
    nullable: bool = False  # None (TOML: the string "off") switches the control off
    # wiring (bench "workbench" is the Workbench itself); either ``setting`` or setter + getter:
    setting: str | None = None  # bench.update(setting=value); the value is bench.<setting>
    setter: str | None = None  # bench method called as setter(*key, value)
    getter: str | None = None  # bench attribute holding the value (a method called with *key)
    key: str | None = None  # first argument of setter and getter (gate.i -> "i"); patterns: <NET>

    def validate(self, value: Any, name: str | None = None) -> Any:
        """Return ``value`` converted to this control's type or raise :class:`LogicsimError`."""
        return check_value(name or self.name, self, value)


@dataclass(frozen=True)
class Arg:
    """One argument of an action; same value rules as :class:`Control`."""

    name: str  # keyword name
    kind: str  # one of KINDS
    doc: str  # what the argument means
    required: bool = False  # must be given
    default: Any = None  # used when not given
    choices: tuple[str, ...] | None = None  # for choice
    low: float | None = None  # inclusive bounds for int / float
    high: float | None = None
    nullable: bool = False  # None allowed

    def validate(self, value: Any, name: str) -> Any:
        """Return ``value`` converted to this argument's type or raise :class:`LogicsimError`."""
        return check_value(name, self, value)


@dataclass(frozen=True)
class Action:
    """One thing the user can do (a button, a key, a menu entry)."""

    name: str  # action name for Workbench.act
    doc: str  # what it does
    bench: str  # which bench it acts on
    focus: str  # FOCUS_TARGETS entry where the effect shows
    args: tuple[Arg, ...] = ()  # keyword arguments
    method: str = ""  # path from the Workbench ("logic.toggle", "tick"), called with the args

    def validate_args(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """Check names, types and ranges; fill defaults; return the keyword dict."""
        known = {a.name: a for a in self.args}
        for key in args:
            if key not in known:
                allowed = ", ".join(known) or "none"
                raise LogicsimError(
                    f"action {self.name!r} has no argument {key!r} (arguments: {allowed})"
                )
        out: dict[str, Any] = {}
        for a in self.args:
            if a.name in args:
                out[a.name] = a.validate(args[a.name], f"{self.name}({a.name})")
            elif a.required:
                raise LogicsimError(f"action {self.name!r} needs argument {a.name!r}")
            else:
                out[a.name] = a.default
        return out


@dataclass(frozen=True)
class Observable:
    """One readable quantity.  ``axes`` names the index positions (empty: a scalar)."""

    name: str  # exact name or pattern with "<NET>"
    doc: str  # what it is, with its formula
    bench: str  # which bench computes it
    kind: str  # number | int | bit | bool | str | list
    axes: tuple[str, ...] = ()  # index axes, e.g. ("t", "unit")
    # how to read the whole value: an attribute path from the Workbench ("logic.cycle"; a trailing
    # "()" calls it), or a function (workbench, name) -> value from logicsim.workbench.readers
    read: str | Callable[[Any, str], Any] = field(default="", compare=False)
    first: tuple[int, ...] = ()  # number of the first entry on each axis (default 0; t = 1..T: 1)


def check_value(where: str, spec: Control | Arg, value: Any) -> Any:
    """Check ``value`` against a control's or argument's rules; return it converted.

    The one validator of control and argument values: the workbench applies it on every
    ``set`` / ``act``, and the lesson checker applies it to a file before anything runs, so the
    two always accept the same values.  ``spec`` may be any object with ``kind``, ``low``,
    ``high``, ``choices`` and ``nullable`` attributes.

    Raises
    ------
    LogicsimError
        ``"<where>: what is wrong"``.
    """
    kind = spec.kind
    if value is None or (spec.nullable and isinstance(value, str) and value == "off"):
        if spec.nullable:
            return None
        raise LogicsimError(f"{where}: a value is required")
    if kind == "bit":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int) and value in (0, 1):
            return int(value)
        if isinstance(value, str) and value in ("0", "1"):
            return int(value)
        raise LogicsimError(f"{where}: expected 0 or 1, got {value!r}")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise LogicsimError(f"{where}: expected true or false, got {value!r}")
    if kind in ("int", "float"):
        return check_number(where, value, kind, spec.low, spec.high)
    if kind == "str":
        if not isinstance(value, str):
            raise LogicsimError(f"{where}: expected text, got {value!r}")
        return value
    if kind == "choice":
        return check_choice(where, value, spec.choices)
    if kind == "list":
        if isinstance(value, str):
            value = [v for v in re.split(r"[,\s]+", value) if v]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise LogicsimError(f"{where}: expected a list of names, got {value!r}")
        if spec.choices is not None:
            for v in value:
                check_choice(where, v, spec.choices)
        return list(value)
    raise AssertionError(f"unknown kind {kind!r}")  # pragma: no cover - table bug


def resolve(root: Any, path: str) -> Any:
    """Follow an attribute ``path`` ("logic.cycle") from ``root``; a trailing "()" calls it."""
    call = path.endswith("()")
    target = root
    for part in path.removesuffix("()").split("."):
        target = getattr(target, part)
    return target() if call else target


_fmt = fmt_number
