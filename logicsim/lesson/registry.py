"""What a lesson may name: controls, actions, observables and focus targets, with value rules.

The tables themselves belong to :mod:`logicsim.workbench` (``CONTROLS``, ``ACTIONS``,
``OBSERVABLES``, ``FOCUS_TARGETS``); this module turns them into small :class:`ValueSpec`
objects the lesson parser checks values with, without building a workbench.  Names may hold a
placeholder in angle brackets, e.g. ``input.<NET>`` matches ``input.S``.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ValueSpec", "ActionSpec", "Registry", "default_registry", "describe_value"]


def describe_value(value: Any) -> str:
    """Short text naming a TOML value and its type, for error messages."""
    kind = {
        bool: "boolean",
        int: "whole number",
        float: "number",
        str: "string",
        list: "array",
        dict: "table",
    }.get(type(value), type(value).__name__)
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({kind})"


@dataclass(frozen=True)
class ValueSpec:
    """The values one control (or one action argument) accepts (the workbench's value rules)."""

    kind: str  # "bit" | "bool" | "int" | "float" | "str" | "choice" | "list" | "any"
    low: float | None = None  # smallest allowed number (inclusive), or None
    high: float | None = None  # largest allowed number (inclusive), or None
    choices: tuple[Any, ...] | None = None  # allowed values for "choice" (and items of "list")
    nullable: bool = False  # the string "off" switches the control off
    doc: str = ""  # one line saying what it is

    def problem(self, value: Any) -> str | None:
        """Return None if ``value`` is acceptable, else a phrase saying what is wrong."""
        if self.nullable and value == "off":
            return None
        kind = self.kind
        if kind == "any":
            return None
        if kind == "bit":
            if isinstance(value, bool) or value in (0, 1, "0", "1"):
                return None
            if isinstance(value, int | float):
                return f"value out of range: {value!r} is not a bit (0 or 1)"
            return f"wrong type: expected 0 or 1, got {describe_value(value)}"
        if kind == "bool":
            if isinstance(value, bool) or (type(value) is int and value in (0, 1)):
                return None
            return f"wrong type: expected true or false, got {describe_value(value)}"
        if kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                want = "a whole number" if kind == "int" else "a number"
                return f"wrong type: expected {want}, got {describe_value(value)}"
            if isinstance(value, float) and not math.isfinite(value):
                return f"value out of range: {value} is not a finite number"
            if kind == "int" and isinstance(value, float) and not value.is_integer():
                return f"wrong type: expected a whole number, got {describe_value(value)}"
            lo = -math.inf if self.low is None else self.low
            hi = math.inf if self.high is None else self.high
            if not lo <= value <= hi:
                return f"value out of range: {value} is not in {_fmt_range(self.low, self.high)}"
            return None
        if kind == "str":
            if not isinstance(value, str):
                return f"wrong type: expected a string, got {describe_value(value)}"
            return None
        if kind == "choice":
            allowed = ", ".join(repr(c) for c in self.choices or ())
            if not isinstance(value, str):
                return f"wrong type: expected one of {allowed}, got {describe_value(value)}"
            if value not in (self.choices or ()):
                return f"value out of range: {value!r} is not one of {allowed}"
            return None
        if kind == "list":
            items = value
            if isinstance(value, str):
                items = [v for v in re.split(r"[,\s]+", value) if v]
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                return f"wrong type: expected a list of names, got {describe_value(value)}"
            for v in items:
                if self.choices is not None and v not in self.choices:
                    allowed = ", ".join(repr(c) for c in self.choices)
                    return f"value out of range: {v!r} is not one of {allowed}"
            return None
        return None  # unknown kinds accept anything; the workbench has the last word


def _fmt_range(low: float | None, high: float | None) -> str:
    def f(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    if low is not None and high is not None:
        return f"{f(low)}..{f(high)}"
    if low is not None:
        return f">= {f(low)}"
    return f"<= {f(high)}" if high is not None else "any value"


@dataclass(frozen=True)
class ActionSpec:
    """The arguments one action takes."""

    args: dict[str, ValueSpec] = field(default_factory=dict)  # argument name -> accepted values
    required: frozenset[str] = frozenset()  # arguments that must be given
    doc: str = ""  # one line saying what it does


def _pattern(name: str) -> re.Pattern[str] | None:
    if "<" not in name:
        return None
    out, pos = [], 0
    for m in re.finditer(r"<[^<>]*>", name):
        out.append(re.escape(name[pos : m.start()]))
        out.append(r"[A-Za-z_][A-Za-z0-9_.\[\]/]*")
        pos = m.end()
    out.append(re.escape(name[pos:]))
    return re.compile("".join(out) + r"\Z")


class _Table:
    """Exact names plus ``<placeholder>`` patterns, looked up in that order."""

    def __init__(self, entries: dict[str, Any]):
        self.entries = dict(entries)
        self.patterns = [(p, v) for k, v in entries.items() if (p := _pattern(k)) is not None]

    def get(self, name: str) -> Any:
        if name in self.entries and "<" not in name:
            return self.entries[name]
        for pat, v in self.patterns:
            if pat.match(name):
                return v
        return None

    def suggest(self, name: str) -> str:
        close = difflib.get_close_matches(name, list(self.entries), n=1, cutoff=0.6)
        return f" (did you mean {close[0]!r}?)" if close else ""


class Registry:
    """The names a lesson is checked against.

    Parameters
    ----------
    controls : dict of str to ValueSpec
        Settable controls (``set`` and ``needs``).
    actions : dict of str to ActionSpec
        Actions (``act`` and ``wait``).
    observables : dict of str to tuple of str
        Names a check may read, each with its index axes (``()`` for a scalar).
    focus_targets : iterable of str
        Panels and controls the app can scroll to and highlight.
    focus_of : dict of str to str, optional
        Control and action names -> the focus target whose widget shows them, so a lesson may
        write ``focus = "eig1"`` and the app highlights the eigenvalue sliders.
    """

    def __init__(
        self,
        controls: dict[str, ValueSpec],
        actions: dict[str, ActionSpec],
        observables: dict[str, tuple[str, ...]],
        focus_targets: Any,
        focus_of: dict[str, str] | None = None,
    ):
        self.controls = _Table(controls)
        self.actions = _Table(actions)
        self.observables = _Table(observables)
        self.focus_targets = frozenset(focus_targets)
        self.focus_of = _Table(focus_of or {})  # control/action name -> target that shows it

    def focus_target(self, name: str) -> str | None:
        """The focus target for ``name``: itself, or the panel that shows a control/action."""
        if name in self.focus_targets:
            return name
        target = self.focus_of.get(name)
        return target if target in self.focus_targets else None

    def control(self, name: str) -> ValueSpec | None:
        return self.controls.get(name)

    def action(self, name: str) -> ActionSpec | None:
        return self.actions.get(name)

    def observable(self, name: str) -> tuple[str, ...] | None:
        """None if unknown, else the observable's index axes (``()`` for a scalar)."""
        return self.observables.get(name)


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The registry built from :mod:`logicsim.workbench`'s tables (cached)."""
    global _DEFAULT
    if _DEFAULT is None:
        from logicsim.lesson.workbench_tables import registry_from_workbench

        _DEFAULT = registry_from_workbench()
    return _DEFAULT
