"""Static checks that need the circuit: unknown circuits, inputs and nets, found before playing.

The registry knows ``input.<NET>`` and ``net.<NET>`` only as patterns.  This pass follows the
circuit a lesson loads (its ``needs``, then every ``set circuit = ...`` in step order, starting
from the workbench's default circuit) and checks each input, toggled net and observed net against
that circuit's definition (``logicsim.logic.load_circuit``; no simulator is built).  Nets inside
subcircuit instances (dotted paths) are left to the running workbench.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.lesson.check_names import names_in
from logicsim.lesson.model import Action, Step

__all__ = ["check_circuits"]

#: fail(message, step_index_or_None, *keys, value=...) -> exception to raise
Fail = Callable[..., Exception]


@lru_cache(maxsize=64)
def _library() -> frozenset[str]:
    from logicsim.logic import library_names

    return frozenset(library_names())


@lru_cache(maxsize=64)
def _ports(source: str) -> tuple[frozenset[str], frozenset[str]] | str:
    """(inputs, top-level nets) of a circuit, or a string saying why it cannot be loaded."""
    from logicsim.logic import load_circuit

    try:
        circuit = load_circuit(source)
    except (LogicsimError, OSError) as exc:
        return " ".join(str(exc).split())
    except Exception as exc:  # noqa: BLE001 - a bug in a circuit reader must not crash a lesson check
        return f"{type(exc).__name__}: {exc}"
    nets = circuit.nets() if callable(circuit.nets) else circuit.nets
    return frozenset(circuit.inputs), frozenset(nets) | frozenset(circuit.clocks)


def _default_circuit() -> str | None:
    try:
        from logicsim.workbench.logic_bench import DEFAULT_CIRCUIT
    except ImportError:  # pragma: no cover - the workbench always ships it
        return None
    return DEFAULT_CIRCUIT


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


def _load(name: Any, fail: Fail, step: int | None, key: str) -> tuple | None:
    if not isinstance(name, str):
        return None
    path_like = name.endswith(".toml") or "/" in name or "\\" in name
    if not path_like:
        if name not in _library():
            raise fail(
                f"unknown circuit {name!r} (see 'logicsim circuit list')", step, key, "circuit"
            )
        ports = _ports(name)
    elif not _is_file(name):
        raise fail(f"circuit file {name!r} does not exist", step, key, "circuit")
    else:
        ports = _ports(str(Path(name).resolve()))
    if isinstance(ports, str):
        raise fail(f"circuit {name!r} cannot be loaded: {ports}", step, key, "circuit")
    return ports


def _check_input(
    net: str,
    ports: tuple | None,
    circuit: str | None,
    fail: Fail,
    step,
    key,
    needle: str | None = None,
):
    if ports is None or "." in net or "/" in net:
        return
    inputs = ports[0]
    if net not in inputs:
        names = ", ".join(sorted(inputs)) or "none"
        message = f"circuit {circuit!r} has no input {net!r} (inputs: {names})"
        if needle is None:  # a toggled net: point at the value "NET"
            raise fail(message, step, key, value=f'"{net}"')
        raise fail(message, step, key, needle)


def _check_action(action: Action, ports, circuit, fail: Fail, step: int, key: str) -> None:
    if action.name == "toggle" and isinstance(action.args.get("net"), str):
        _check_input(action.args["net"], ports, circuit, fail, step, key)


def check_circuits(needs: tuple[tuple[str, Any], ...], steps: tuple[Step, ...], fail: Fail) -> None:
    """Raise ``fail(...)`` for the first unknown circuit, input or net the lesson names."""
    circuit = _default_circuit()
    ports = _load(circuit, fail, None, "needs") if circuit else None
    for name, value in needs:
        if name == "circuit":
            circuit, ports = value, _load(value, fail, None, "needs")
        elif name.startswith("input."):
            _check_input(name[6:], ports, circuit, fail, None, "needs", name)
    for step in steps:
        i = step.index
        for n, part in enumerate(step.scripts()):
            key = ("set", "act") if n == 0 else _script_key(step)
            for name, value in part.sets:
                if name == "circuit":
                    circuit, ports = value, _load(value, fail, i, key[0])
                elif name.startswith("input."):
                    _check_input(name[6:], ports, circuit, fail, i, key[0], name)
            for action in part.acts:
                _check_action(action, ports, circuit, fail, i, key[1])
        if step.wait is not None and step.wait.action is not None:
            _check_action(step.wait.action, ports, circuit, fail, i, "wait")
        for check in step.all_checks():
            for node in names_in(check.node):
                net = node.name[4:] if node.name.startswith("net.") else None
                if net and ports is not None and "." not in net and net not in ports[1]:
                    nets = ", ".join(sorted(ports[1]))
                    raise fail(
                        f"check {check.text!r}: circuit {circuit!r} has no net {net!r} "
                        f"(nets: {nets})",
                        i,
                        value=node.name,
                    )


def _script_key(step: Step) -> tuple[str, str]:
    """Where a task's "Show me" or an exercise's solution is written (for error positions)."""
    return ("task", "task") if step.task is not None else ("exercise", "exercise")
