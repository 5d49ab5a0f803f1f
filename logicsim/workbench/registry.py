"""Static tables of everything a lesson, the CLI or the window may set, do, read or point at.

The tables are plain data, usable without building a :class:`~logicsim.workbench.Workbench`,
so the lesson parser can validate a file before anything runs:

``CONTROLS``
    name -> :class:`Control` (type, allowed range or choices, doc). ``Workbench.set(name, v)``.
``ACTIONS``
    name -> :class:`Action` (argument specs, doc). ``Workbench.act(name, **args)``.
``OBSERVABLES``
    name -> :class:`Observable` (doc, index axes). ``Workbench.observe(name, index)``.
    Every control name can also be observed (its current value).
``FOCUS_TARGETS``
    panel/control name -> doc; the app scrolls to and highlights these.

Two names are patterns: the control ``input.<NET>`` and the observables ``net.<NET>`` /
``waveform.<NET>``, where ``<NET>`` is a net name of the loaded circuit (an identifier, checked
against the circuit only by a real workbench).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.workbench.specs import KINDS, NET_NAME, Action, Arg, Control, Observable, _fmt
from logicsim.workbench.tables import (
    ACTIONS,
    CELLS,
    CONTROLS,
    DIFFICULTIES,
    FOCUS_TARGETS,
    MAX_SEED,
    OBSERVABLES,
)

__all__ = [
    "ACTIONS",
    "CELLS",
    "CONTROLS",
    "DIFFICULTIES",
    "FOCUS_TARGETS",
    "KINDS",
    "MAX_SEED",
    "NET_NAME",
    "OBSERVABLES",
    "Action",
    "Arg",
    "Control",
    "Observable",
    "index_axes",
    "lookup_action",
    "lookup_control",
    "lookup_observable",
    "normalize_index",
    "pattern_key",
    "registry_markdown",
    "validate_action",
    "validate_control",
]

_PATTERN = "<NET>"


def _match_pattern(table: Mapping[str, Any], name: str) -> Any:
    for key, spec in table.items():
        if _PATTERN in key:
            prefix = key.split(_PATTERN)[0]
            if name.startswith(prefix) and NET_NAME.match(name[len(prefix) :]):
                return spec
    return None


def pattern_key(spec: Control | Observable, name: str) -> str | None:
    """The ``<NET>`` part of ``name`` when ``spec`` is a pattern (``input.S`` -> ``S``)."""
    if _PATTERN not in spec.name:
        return None
    return name[len(spec.name.split(_PATTERN)[0]) :]


def lookup_control(name: str) -> Control:
    """The :class:`Control` for ``name`` (patterns resolved) or raise :class:`LogicsimError`."""
    if not isinstance(name, str):
        raise LogicsimError(f"control name must be text, got {name!r}")
    spec = None
    if _PATTERN not in name:
        spec = CONTROLS.get(name) or _match_pattern(CONTROLS, name)
    if spec is None:
        raise LogicsimError(f"unknown control {name!r}")
    return spec


def validate_control(name: str, value: Any) -> Any:
    """Check ``value`` for control ``name`` against the static table; return the converted value."""
    return lookup_control(name).validate(value, name)


def lookup_action(name: str) -> Action:
    """The :class:`Action` called ``name`` or raise :class:`LogicsimError`."""
    spec = ACTIONS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise LogicsimError(f"unknown action {name!r}")
    return spec


def validate_action(name: str, args: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Check an action's arguments statically; return them with defaults filled in."""
    return lookup_action(name).validate_args(args or {})


def lookup_observable(name: str) -> Observable | Control:
    """The :class:`Observable` (or, for a control name, the :class:`Control`) called ``name``."""
    if not isinstance(name, str):
        raise LogicsimError(f"observable name must be text, got {name!r}")
    spec = None
    if _PATTERN not in name:
        spec = OBSERVABLES.get(name) or _match_pattern(OBSERVABLES, name)
    if spec is None:
        try:
            return lookup_control(name)
        except LogicsimError:
            raise LogicsimError(f"unknown observable {name!r}") from None
    return spec


def index_axes(name: str) -> tuple[str, ...]:
    """Index axis names of observable ``name`` (``()`` for scalars and controls)."""
    spec = lookup_observable(name)
    return spec.axes if isinstance(spec, Observable) else ()


def normalize_index(name: str, index: Any) -> tuple[int, ...]:
    """Turn ``index`` into a tuple of ints, one per leading axis of observable ``name``.

    ``index`` may be None, an int, a tuple/list of ints, or a mapping ``{"t": 3, "unit": 0}``
    using the observable's axis names (a prefix of the axes is allowed: ``{"t": 3}``).
    Negative values count from the end, as in Python.
    """
    axes = index_axes(name)
    if index is None:
        return ()
    if isinstance(index, Mapping):
        out: list[int] = []
        for key in index:
            if key not in axes:
                raise LogicsimError(
                    f"{name}: unknown index {key!r} (indices: {', '.join(axes) or 'none'})"
                )
        for axis in axes:
            if axis not in index:
                break
            out.append(index[axis])
        if len(out) != len(index):
            missing = axes[len(out)]
            raise LogicsimError(f"{name}: index {missing!r} must be given before later ones")
        items: tuple[Any, ...] = tuple(out)
    elif isinstance(index, (tuple, list)):
        items = tuple(index)
    else:
        items = (index,)
    if len(items) > len(axes):
        raise LogicsimError(
            f"{name} takes at most {len(axes)} index{'es' if len(axes) != 1 else ''}, got "
            f"{len(items)}"
        )
    for v in items:
        if isinstance(v, bool) or not isinstance(v, int):
            raise LogicsimError(f"{name}: index must be a whole number, got {v!r}")
    return tuple(int(v) for v in items)


def registry_markdown() -> str:
    """The four tables as Markdown (pasted into ``docs/workbench.md``; a test keeps it in sync)."""

    def rng(spec: Control | Arg) -> str:
        if spec.choices is not None:
            text = " \\| ".join(f"`{c}`" for c in spec.choices)
        elif spec.low is not None or spec.high is not None:
            lo = "" if spec.low is None else _fmt(spec.low)
            hi = "" if spec.high is None else _fmt(spec.high)
            text = f"{lo}..{hi}"
        else:
            text = ""
        return text + (" or `off`" if spec.nullable else "")

    lines = [
        "### CONTROLS",
        "",
        "| name | kind | allowed | focus | what |",
        "|---|---|---|---|---|",
    ]
    for c in CONTROLS.values():
        lines.append(f"| `{c.name}` | {c.kind} | {rng(c)} | `{c.focus}` | {c.doc} |")
    lines += ["", "### ACTIONS", "", "| name | arguments | focus | what |", "|---|---|---|---|"]
    for a in ACTIONS.values():
        args = ", ".join(
            f"`{g.name}`: {g.kind}{' ' + rng(g) if rng(g) else ''}"
            f"{' (required)' if g.required else f' = {g.default!r}'}"
            for g in a.args
        )
        lines.append(f"| `{a.name}` | {args or '—'} | `{a.focus}` | {a.doc} |")
    lines += ["", "### OBSERVABLES", "", "| name | kind | index | what |", "|---|---|---|---|"]
    for o in OBSERVABLES.values():
        axes = ", ".join(f"`{x}`" for x in o.axes) or "—"
        lines.append(f"| `{o.name}` | {o.kind} | {axes} | {o.doc} |")
    lines += ["", "### FOCUS_TARGETS", "", "| name | what |", "|---|---|"]
    for name, doc in FOCUS_TARGETS.items():
        lines.append(f"| `{name}` | {doc} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # regenerate the listing in docs/workbench.md
    import sys
    from pathlib import Path

    doc = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/workbench.md")
    text = doc.read_text(encoding="utf-8")
    start, end = "<!-- REGISTRY-LISTING -->", "<!-- END-REGISTRY-LISTING -->"
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    doc.write_text(f"{head}{start}\n\n{registry_markdown()}\n{end}{tail}", encoding="utf-8")
