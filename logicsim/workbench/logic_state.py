"""Exact, cheap snapshots of a :class:`logicsim.logic.simulator.Simulator`.

The simulator keeps its whole state in plain attributes (value and known bit-planes, the
flip-flops' last clock levels, pending and held gates, counters, the last oscillation).  It has
no public state API, so a snapshot copies every attribute except the structure it was built from
(netlist, name tables), its events and derived caches.  Copying *all* other attributes means a
field added to the simulator later is captured too; the workbench tests check that a restored
simulator continues exactly like the original.

The copy is plain data: arrays, numbers, strings, lists, and tagged mappings for sets, tuples and
dicts with non-string keys (so a session file can hold it as JSON).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.events import Event

#: Attributes that describe the circuit, not its state, or are caches rebuilt on demand.
STRUCTURE = frozenset(
    {"netlist", "_names", "_index", "_mask", "_program", "batch", "max_steps", "on_oscillation"}
)


def _encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted(_encode(v) for v in value)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {"__dict__": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot snapshot simulator value of type {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        if "__set__" in value:
            return {_decode(v) for v in value["__set__"]}
        if "__tuple__" in value:
            return tuple(_decode(v) for v in value["__tuple__"])
        if "__dict__" in value:
            return {_hashable(_decode(k)): _decode(v) for k, v in value["__dict__"]}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def get_sim_state(sim: Any) -> dict[str, Any]:
    """Copies of every state attribute of a simulator (see the module docstring)."""
    return {
        name: _encode(value)
        for name, value in vars(sim).items()
        if name not in STRUCTURE and not isinstance(value, Event)
    }


def set_sim_state(sim: Any, state: dict[str, Any]) -> None:
    """Write a :func:`get_sim_state` dict back into a simulator of the same circuit."""
    for name, value in state.items():
        new = _decode(value)
        old = getattr(sim, name, None)
        if isinstance(old, np.ndarray) and isinstance(new, np.ndarray):
            if old.shape != new.shape:
                raise ValueError(f"simulator state {name}: shape {new.shape}, expected {old.shape}")
            old[...] = new.astype(old.dtype)  # in place: views of the planes stay valid
        else:
            setattr(sim, name, new)
    sim.changed.emit("reset")
