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


def check_sim_state(sim: Any, state: Any) -> None:
    """Raise ``ValueError`` unless ``state`` has exactly the shape of ``get_sim_state(sim)``.

    A session file is data a person may have edited: it names exactly the simulator's own state
    attributes (never its structure, events or methods), every value has the type of the current
    one (arrays: the same shape and dtype; sets, tuples and mappings tagged as
    :func:`get_sim_state` writes them), and every whole number inside a container is an index
    below the circuit's net count.  Nothing is written before the whole state passed.
    """
    if not isinstance(state, dict):
        raise ValueError("simulator state must be a mapping")
    template = get_sim_state(sim)
    unknown = sorted(set(state) - set(template))
    missing = sorted(set(template) - set(state))
    if unknown or missing:
        what = f"unknown {', '.join(map(str, unknown))}" if unknown else ""
        what += ("; " if what and missing else "") + (
            f"missing {', '.join(missing)}" if missing else ""
        )
        raise ValueError(f"simulator state: {what}")
    bound = int(np.asarray(template["_v"]).shape[0]) if "_v" in template else 0
    for name, value in state.items():
        _check_like(template[name], value, name, bound)


def _check_like(ref: Any, value: Any, where: str, bound: int) -> None:
    """``value`` must have the structure of the reference ``ref`` (see :func:`check_sim_state`)."""
    if isinstance(ref, np.ndarray):
        ok = isinstance(value, np.ndarray) and value.shape == ref.shape
        if not ok or value.dtype.kind not in "iuf" + ref.dtype.kind:
            got = getattr(value, "shape", type(value).__name__)
            raise ValueError(
                f"simulator state {where}: expected an array of shape {ref.shape}, got {got}"
            )
        return
    if isinstance(ref, bool) or ref is None or isinstance(ref, str):
        if type(value) is not type(ref) and not (ref is None or value is None):
            raise ValueError(f"simulator state {where}: expected {type(ref).__name__}")
        return
    if isinstance(ref, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"simulator state {where}: expected a number")
        if isinstance(ref, int) and (not isinstance(value, int) or not 0 <= value < 2**63):
            raise ValueError(f"simulator state {where}: expected a whole number >= 0")
        return
    if isinstance(ref, dict):
        tags = [t for t in ("__set__", "__tuple__", "__dict__") if t in ref]
        if not isinstance(value, dict) or list(value) != tags:
            raise ValueError(
                f"simulator state {where}: expected {tags[0] if tags else 'a mapping'}"
            )
        _check_leaves(value[tags[0]], where, bound)
        return
    if isinstance(ref, list):
        if not isinstance(value, list):
            raise ValueError(f"simulator state {where}: expected a list")
        _check_leaves(value, where, bound)
        return
    raise ValueError(f"simulator state {where}: unexpected value")  # pragma: no cover


def _check_leaves(value: Any, where: str, bound: int, depth: int = 0) -> None:
    """Containers hold net/gate indices below ``bound``, levels, names, or nested pairs."""
    if depth > 4:
        raise ValueError(f"simulator state {where}: nested too deeply")
    if isinstance(value, list):
        for item in value:
            _check_leaves(item, where, bound, depth + 1)
        return
    if isinstance(value, dict):  # a tagged tuple or set inside (a flip-flop's clock planes)
        tags = [t for t in ("__set__", "__tuple__") if t in value]
        if len(value) != 1 or not tags:
            raise ValueError(f"simulator state {where}: unexpected mapping")
        _check_leaves(value[tags[0]], where, bound, depth + 1)
        return
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "iuf" or value.size > 1 << 16:
            raise ValueError(f"simulator state {where}: unexpected array")
        return
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return
    if isinstance(value, int):
        if not 0 <= value < max(bound, 2):
            raise ValueError(
                f"simulator state {where}: index {value} is out of range 0..{bound - 1}"
            )
        return
    raise ValueError(f"simulator state {where}: unexpected {type(value).__name__}")


def set_sim_state(sim: Any, state: dict[str, Any]) -> None:
    """Write a :func:`get_sim_state` dict back into a simulator of the same circuit.

    The whole dict is checked first (:func:`check_sim_state`), so a bad one changes nothing.
    """
    check_sim_state(sim, state)
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
