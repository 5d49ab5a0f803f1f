"""The work budget of a lesson: what its actions cost, estimated at check time.

Each argument of an action is checked against its own range by the parser, but their product is
not bounded there: ``act = { do = "run_cycles", n = 100000, repeat = 1000 }`` is 10^8 clock
cycles, hours of work that would freeze headless play and the app.  :func:`check_budget` walks the
lesson in playing order (following the circuit and the ``train.*`` settings each step sets),
estimates the seconds each action takes on a modest machine, and refuses a step above
:data:`MAX_STEP_SECONDS` or a lesson above :data:`MAX_LESSON_SECONDS`, naming the action's line.

The estimates are deliberately rough (within a factor of a few): cycles x (gates + a fixed cost)
for the logic bench, epochs x seeds x batches x T x B x gates x H^2 for training, a fixed cost for
the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from logicsim.lesson.model import Action, Step

__all__ = [
    "MAX_LESSON_SECONDS",
    "MAX_STEP_SECONDS",
    "action_seconds",
    "check_budget",
    "workbench_seconds",
]

#: Most estimated seconds of work in one step (everything it sets up, acts and shows).
MAX_STEP_SECONDS = 60.0
#: Most estimated seconds of work in a whole lesson played headless.
MAX_LESSON_SECONDS = 300.0
#: Seconds per gate and clock cycle, and the fixed cost of one cycle.
_GATE_SECONDS, _CYCLE_SECONDS = 2e-6, 2e-5
#: Gates assumed when the circuit cannot be loaded (the lesson check reports that elsewhere).
_UNKNOWN_GATES = 100
#: Seconds per multiply-add of training (forward and backward, NumPy).
_MAC_SECONDS = 1e-9
#: Seconds of Python overhead per time step of training (forward and backward).
_STEP_SECONDS = 4e-5
#: Fixed estimates of actions that do not depend on their arguments.
_FIXED_SECONDS = {"train_demo": 10.0, "export_formula": 2.0, "use_trained": 0.1}

#: fail(message, step_index_or_None, *keys, value=...) -> exception to raise
Fail = Callable[..., Exception]


@lru_cache(maxsize=64)
def circuit_gates(circuit: str | None) -> int:
    """Gates of ``circuit`` after flattening (:data:`_UNKNOWN_GATES` if it does not load)."""
    if not circuit:
        return _UNKNOWN_GATES
    from logicsim.logic import load_circuit

    try:
        return max(1, len(load_circuit(circuit).flatten().gates))
    except Exception:  # noqa: BLE001 - a circuit that does not load is reported by check_circuits
        return _UNKNOWN_GATES


def _default_circuit() -> str | None:
    from logicsim.workbench.logic_bench import DEFAULT_CIRCUIT

    return DEFAULT_CIRCUIT


def _train_seconds(args: dict[str, Any], settings: dict[str, Any]) -> float:
    """Training time: epochs x seeds x (train + test batches) x T x B x gates x H x (H + D)."""
    from logicsim.training.config import DEFAULTS

    def get(name: str) -> Any:
        value = args.get(name.split(".")[-1]) if name in ("epochs", "seeds") else None
        if value is None:
            value = settings.get(f"train.{name}", DEFAULTS[name])
        return value

    H = int(get("hidden_size"))
    gates = 4 if get("model") == "lstm" else 1
    if get("task") == "echo":
        steps = int(get("series_length")) * 2  # training and test streams
        B = int(get("batch_size") or 5)
    else:
        batches = int(get("batches_per_epoch")) + int(get("test_batches"))
        B = int(get("batch_size") or 32)
        steps = batches * 60  # about 60 steps per padded sequence (easy to hard)
    macs = 3 * gates * H * (H + 8) + 100  # forward, backward and update per step and item
    per_epoch = steps * (B * macs * int(get("seeds")) * _MAC_SECONDS + _STEP_SECONDS)
    return int(get("epochs")) * per_epoch


def action_seconds(action: Action, gates: int, settings: dict[str, Any]) -> float:
    """Estimated seconds of ``action`` (all its repeats) on a circuit of ``gates`` gates.

    ``settings`` are the controls set so far (``train.hidden_size`` ...), for the training cost.
    """
    cycle = _CYCLE_SECONDS + _GATE_SECONDS * gates
    name, args = action.name, action.args
    if name == "run_cycles":
        one = int(args.get("n", 1)) * cycle
    elif name in ("tick", "half_tick", "toggle", "reset", "micro_step"):
        one = cycle
    elif name == "settle":
        one = cycle * 10
    elif name == "train":
        one = _train_seconds(args, settings)
    elif name in ("neuron_pulse", "neuron_run"):
        one = int(args.get("steps") or settings.get("neuron.steps") or 100) * 1e-5
    else:
        one = _FIXED_SECONDS.get(name, 1e-3)
    return one * action.repeat


def workbench_seconds(action: Action, workbench: Any) -> float:
    """:func:`action_seconds` of ``action`` on the running ``workbench``: its circuit's gates and
    its training settings (a registry that is not a workbench gets the check-time defaults)."""
    try:
        circuit = workbench.get("circuit")
    except Exception:  # noqa: BLE001 - a registry without a logic bench
        circuit = None
    gates = circuit_gates(str(circuit)) if circuit else _UNKNOWN_GATES
    training = getattr(workbench, "training", None)
    read = getattr(training, "settings", None)
    settings = {f"train.{k}": v for k, v in read().items()} if callable(read) else {}
    return action_seconds(action, gates, settings)


def _parts(step: Step) -> Iterator[tuple[tuple[tuple[str, Any], ...], tuple[Action, ...], str]]:
    """(sets, actions, key) of a step in playing order: its own, the wait, the task's "Show me",
    the exercise's solution."""
    yield step.sets, step.acts, "act"
    if step.wait is not None and step.wait.action is not None:
        yield (), (step.wait.action,), "wait"
    if step.task is not None:
        yield step.task.show.sets, step.task.show.acts, "task"
    if step.exercise is not None:
        yield step.exercise.solution.sets, step.exercise.solution.acts, "exercise"


def check_budget(
    needs: tuple[tuple[str, Any], ...], steps: tuple[Step, ...], fail: Fail, circuits: bool = True
) -> float:
    """Raise ``fail(...)`` when a step or the lesson would do too much work; return the total
    estimate in seconds.

    ``circuits``: look up the gates of the circuits the lesson loads (False: assume
    :data:`_UNKNOWN_GATES`, for a registry other than the workbench's).
    """
    circuit = _default_circuit() if circuits else None
    settings: dict[str, Any] = {}
    for name, value in needs:
        settings[name] = value
    total = 0.0
    for i, step in enumerate(steps):
        spent = 0.0
        for sets, acts, key in _parts(step):
            for name, value in sets:
                settings[name] = value
            for action in acts:
                circuit = settings.get("circuit", circuit)
                gates = circuit_gates(circuit if circuits else None)
                cost = action_seconds(action, gates, settings)
                spent += cost
                if spent > MAX_STEP_SECONDS:
                    raise fail(
                        f"action {action.describe()} is too much work: about {_fmt(cost)}"
                        + (f" (the step {_fmt(spent)})" if spent > cost else "")
                        + f"; a step may take at most "
                        f"{_fmt(MAX_STEP_SECONDS)} (lower n, repeat, epochs or seeds)",
                        i,
                        key,
                        value=f'"{action.name}"',
                    )
        total += spent
        if total > MAX_LESSON_SECONDS:
            raise fail(
                f"the lesson is too much work: about {_fmt(total)} by this step; a lesson may "
                f"take at most {_fmt(MAX_LESSON_SECONDS)} (fewer or smaller actions)",
                i,
            )
    return total


def _fmt(seconds: float) -> str:
    """``1.2 s``, ``35 min`` or ``4.1 h``."""
    if seconds < 120:
        return f"{seconds:.3g} s"
    if seconds < 7200:
        return f"{seconds / 60:.3g} min"
    return f"{seconds / 3600:,.3g} h"
