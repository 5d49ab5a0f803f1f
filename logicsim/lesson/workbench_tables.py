"""Build the lesson :class:`~logicsim.lesson.registry.Registry` from the workbench's tables.

``logicsim.workbench.registry`` owns the names (``CONTROLS``, ``ACTIONS``, ``OBSERVABLES``,
``FOCUS_TARGETS``); this adapter copies their value rules into :class:`ValueSpec` objects so
lesson files are validated with the same rules the workbench applies, before anything runs.
"""

from __future__ import annotations

from logicsim.lesson.registry import ActionSpec, Registry, ValueSpec

__all__ = ["registry_from_workbench"]


def _spec(entry) -> ValueSpec:
    return ValueSpec(
        kind=entry.kind,
        low=entry.low,
        high=entry.high,
        choices=tuple(entry.choices) if entry.choices is not None else None,
        nullable=bool(getattr(entry, "nullable", False)),
        doc=entry.doc,
    )


def registry_from_workbench() -> Registry:
    """A :class:`Registry` holding every control, action, observable and focus target."""
    from logicsim.workbench import registry as wr

    controls = {name: _spec(c) for name, c in wr.CONTROLS.items()}
    actions = {
        name: ActionSpec(
            args={a.name: _spec(a) for a in act.args},
            required=frozenset(a.name for a in act.args if a.required),
            doc=act.doc,
        )
        for name, act in wr.ACTIONS.items()
    }
    observables = {name: tuple(o.axes) for name, o in wr.OBSERVABLES.items()}
    for name in wr.CONTROLS:  # every control can be read back too
        observables.setdefault(name, ())
    focus_of = {name: c.focus for name, c in wr.CONTROLS.items()}
    focus_of.update({name: a.focus for name, a in wr.ACTIONS.items()})
    return Registry(controls, actions, observables, wr.FOCUS_TARGETS, focus_of)
