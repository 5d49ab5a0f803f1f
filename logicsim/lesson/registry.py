"""What a lesson may name: controls, actions, observables and focus targets, with value rules.

The tables themselves belong to :mod:`logicsim.workbench` (``CONTROLS``, ``ACTIONS``,
``OBSERVABLES``, ``FOCUS_TARGETS``); the :class:`Registry` holds the workbench's own spec
objects, and values are checked by the workbench's own validator
(:func:`logicsim.workbench.specs.check_value`) without building a workbench.  Names may hold a
placeholder in angle brackets, e.g. ``input.<NET>`` matches ``input.S``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.workbench.specs import check_value

__all__ = ["ActionSpec", "Registry", "default_registry", "describe_value", "value_problem"]


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


def value_problem(spec: Any, value: Any, where: str) -> str | None:
    """None if ``value`` is acceptable for ``spec``, else the workbench's own message.

    The rule is the workbench's (:func:`logicsim.workbench.specs.check_value`), so a lesson that
    passes ``logicsim lesson check`` is never refused the same value when it is played.

    Parameters
    ----------
    spec : Control or Arg
        A control or action argument of the workbench registry (anything with ``kind``, ``low``,
        ``high``, ``choices`` and ``nullable``).
    value : object
        The value as read from TOML.
    where : str
        How to name the value in the message, e.g. ``"set input.S"``.
    """
    try:
        check_value(where, spec, value)
    except LogicsimError as exc:
        return str(exc)
    return None


@dataclass(frozen=True)
class ActionSpec:
    """The arguments one action takes."""

    args: dict[str, Any] = field(default_factory=dict)  # argument name -> workbench Arg
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
    controls : dict of str to Control
        Settable controls (``set`` and ``needs``): the workbench's own :class:`Control` (or
        :class:`Arg`) objects, whose values :func:`value_problem` checks.
    actions : dict of str to ActionSpec
        Actions (``act`` and ``wait``).
    observables : dict of str to tuple of str
        Names a check may read, each with its index axes (``()`` for a scalar).
    focus_targets : iterable of str
        Panels and controls the app can scroll to and highlight.
    focus_of : dict of str to str, optional
        Control and action names -> the focus target whose widget shows them, so a lesson may
        write ``focus = "eig1"`` and the app highlights the eigenvalue sliders.
    docs : dict of str to str, optional
        Observable and control names -> one sentence saying what they are (used to say a check
        in plain words).
    """

    def __init__(
        self,
        controls: dict[str, Any],
        actions: dict[str, ActionSpec],
        observables: dict[str, tuple[str, ...]],
        focus_targets: Any,
        focus_of: dict[str, str] | None = None,
        docs: dict[str, str] | None = None,
    ):
        self.controls = _Table(controls)
        self.actions = _Table(actions)
        self.observables = _Table(observables)
        self.focus_targets = frozenset(focus_targets)
        self.focus_of = _Table(focus_of or {})  # control/action name -> target that shows it
        self.docs = _Table(docs or {})  # observable/control name -> what it is

    def doc(self, name: str) -> str:
        """One sentence describing observable or control ``name`` ('' when unknown)."""
        return self.docs.get(name) or ""

    def focus_target(self, name: str) -> str | None:
        """The focus target for ``name``: itself, or the panel that shows a control/action."""
        if name in self.focus_targets:
            return name
        target = self.focus_of.get(name)
        return target if target in self.focus_targets else None

    def control(self, name: str) -> Any:
        return self.controls.get(name)

    def action(self, name: str) -> ActionSpec | None:
        return self.actions.get(name)

    def observable(self, name: str) -> tuple[str, ...] | None:
        """None if unknown, else the observable's index axes (``()`` for a scalar)."""
        return self.observables.get(name)


def registry_from_workbench() -> Registry:
    """A :class:`Registry` holding every control, action, observable and focus target of
    :mod:`logicsim.workbench.registry` (the workbench's own spec objects, not copies)."""
    from logicsim.workbench import registry as wr

    actions = {
        name: ActionSpec(
            args={a.name: a for a in act.args},
            required=frozenset(a.name for a in act.args if a.required),
            doc=act.doc,
        )
        for name, act in wr.ACTIONS.items()
    }
    observables = {name: tuple(o.axes) for name, o in wr.OBSERVABLES.items()}
    docs = {name: o.doc for name, o in wr.OBSERVABLES.items()}
    for name, c in wr.CONTROLS.items():  # every control can be read back too
        observables.setdefault(name, ())
        docs.setdefault(name, c.doc)
    focus_of = {name: c.focus for name, c in wr.CONTROLS.items()}
    focus_of.update({name: a.focus for name, a in wr.ACTIONS.items()})
    return Registry(dict(wr.CONTROLS), actions, observables, wr.FOCUS_TARGETS, focus_of, docs)


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The registry built from :mod:`logicsim.workbench`'s tables (cached)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = registry_from_workbench()
    return _DEFAULT
