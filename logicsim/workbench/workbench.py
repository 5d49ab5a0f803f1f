"""The :class:`Workbench`: one bench of each kind, linked time, and the name-based API.

``set(name, value)``, ``act(name, **args)`` and ``observe(name, index)`` are what the lesson
player and scripts use; they validate against the static registry first (so errors name the
control and the problem) and then call the bench methods the GUI calls directly.  Which method
is the registry's business: every entry of :mod:`logicsim.workbench.tables` names its setting,
setter and getter, method or reader, so this class has no per-name code.
"""

from __future__ import annotations

import os
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.workbench import observe as obsmod
from logicsim.workbench import session as sessmod
from logicsim.workbench.batch_bench import BatchBench
from logicsim.workbench.demo_bench import DemoBench
from logicsim.workbench.formula_bench import FormulaBench
from logicsim.workbench.gradient_bench import GradientBench
from logicsim.workbench.logic_bench import LogicBench
from logicsim.workbench.neuron_bench import NeuronBench
from logicsim.workbench.recurrent_bench import RecurrentBench
from logicsim.workbench.registry import (
    CONTROLS,
    lookup_action,
    lookup_control,
    normalize_index,
    pattern_key,
)
from logicsim.workbench.sequence import is_bits
from logicsim.workbench.specs import Control, resolve
from logicsim.workbench.training_bench import TrainingBench

BENCHES = ("logic", "recurrent", "gradient", "formula", "training", "neuron", "batch", "demo")
#: Benches added after session format 1 was fixed: a snapshot without them restores their defaults.
OPTIONAL_BENCHES = ("neuron", "batch", "demo")


class Workbench:
    """Everything the app shows, as plain Python (see ``docs/workbench.md``).

    Attributes
    ----------
    logic, recurrent, gradient, formula, training, neuron, batch, demo
        The benches; each has a ``changed`` event.
    linked_time : bool
        When true :meth:`tick` also steps the recurrent bench's time.
    changed : Event
        ``changed(bench_name, reason)`` for every bench event; ``("workbench", "linked_time")``.
    restored : Event
        Emitted (no arguments) after :meth:`restore` / :meth:`load_session`.
    """

    def __init__(self) -> None:
        self.changed = Event()
        self.restored = Event()
        self.linked_time = False
        self.logic = LogicBench()
        self.recurrent = RecurrentBench()
        self.gradient = GradientBench()
        self.formula = FormulaBench()
        self.training = TrainingBench()
        self.neuron = NeuronBench()
        self.batch = BatchBench()
        self.demo = DemoBench()
        for name in BENCHES:
            getattr(self, name).changed.connect(self._forward(name))

    def _forward(self, name: str) -> Any:
        def relay(reason: str = "", *args: Any) -> None:
            self.changed.emit(name, reason)

        return relay

    # ------------------------------------------------------------------ clock
    def tick(self) -> None:
        """One full logic clock cycle; with :attr:`linked_time` also one RNN time step."""
        self.logic.tick()
        if self.linked_time:
            self.recurrent.step_forward()

    def set_linked_time(self, linked: bool) -> None:
        """Link (or unlink) the logic clock and the RNN time step."""
        self.linked_time = bool(linked)
        self.changed.emit("workbench", "linked_time")

    # ------------------------------------------------------------------ by name
    def _target(self, spec: Control) -> Any:
        return self if spec.bench == "workbench" else getattr(self, spec.bench)

    def set(self, name: str, value: Any) -> None:
        """Set control ``name`` (see ``CONTROLS``).

        Raises :class:`LogicsimError` naming the problem.

        The control's table entry says where the value goes: a bench ``setting`` (changed with
        ``bench.update``) or a ``setter`` method.
        """
        spec = lookup_control(name)
        value = spec.validate(value, name)
        target = self._target(spec)
        if spec.setting is not None:
            target.update(**{spec.setting: value})
        else:
            getattr(target, str(spec.setter))(*_keys(spec, name), value)

    def get(self, name: str) -> Any:
        """Current value of control ``name`` (lists as lists)."""
        spec = lookup_control(name)
        target = self._target(spec)
        if spec.setting is not None:
            value = getattr(target, spec.setting)
        else:
            keys = _keys(spec, name)
            value = getattr(target, str(spec.getter))
            value = value(*keys) if keys else value
        return list(value) if isinstance(value, (list, tuple)) else value

    def act(self, name: str, **args: Any) -> Any:
        """Perform action ``name`` (see ``ACTIONS``): its ``method``, with validated arguments."""
        spec = lookup_action(name)
        kw = spec.validate_args(args)
        return resolve(self, spec.method)(**kw)

    # -- actions that do more than call one bench method -----------------------------------------
    def use_trained(self, model: str, member: int = 0) -> None:
        """Copy seed ``member`` of a trained ``model`` into the recurrent bench, with its sizes."""
        rc, tb = self.recurrent, self.training
        state = tb.trained_state(model, member)
        settings: dict[str, Any] = {
            "cell_type": model,
            "hidden_size": tb.trained_config["hidden_size"],
            "nonlinearity": tb.trained_config["nonlinearity"],
        }
        wants_bits = tb.trained_config["task"] == "echo"
        if wants_bits != is_bits(rc.sequence):  # the input alphabet must match the weights
            settings["task"] = "echo" if wants_bits else "temporal-order"
        rc.update(**settings)
        rc.load_state_dict(state)

    def export_formula(self, format: str, path: str, overwrite: bool = False) -> str:
        """Write the formula on screen to ``path`` in ``format``; returns the path written."""
        return self.formula.write(path, format, overwrite=overwrite)

    def neuron_pulse(self, input: str, steps: int | None = None) -> None:
        """Hold input ``input`` (set, reset, both, none) of the neural flip-flop for ``steps``."""
        self.neuron.pulse(input, steps)

    def train_demo(self, demo: str | None = None) -> None:
        """Train architecture demo ``demo`` (default: the one chosen) from scratch."""
        if demo is not None:
            self.demo.update(demo=demo)
        self.demo.train()

    # -- long actions (run on another thread by the app) -------------------------------------------
    def cancel_work(self, name: str | None = None) -> None:
        """Ask the long action ``name`` (None: any) running on another thread to stop soon (safe
        from any thread): ``run_cycles`` after its current chunk, ``train`` and ``train_demo``
        after their current batch.  A request made when nothing runs is forgotten when the
        next such action starts."""
        if name in (None, "run_cycles"):
            self.logic.cancel()
        if name in (None, "train"):
            self.training.cancel()
        if name in (None, "train_demo"):
            self.demo.cancel()

    def action_fraction(self, name: str) -> float | None:
        """Fraction done (0..1) of the running action ``name``, for the three long actions that
        report one (``run_cycles``, ``train``, ``train_demo``); None for the others."""
        if name == "run_cycles":
            done, planned = self.logic.progress
        elif name == "train_demo":
            done, planned = self.demo.progress
        elif name == "train":
            return float(self.training.fraction)
        else:
            return None
        return done / planned if planned else 0.0

    def observe(self, name: str, index: Any = None) -> Any:
        """Read observable ``name`` (or a control's value) as plain Python; see ``OBSERVABLES``."""
        idx = normalize_index(name, index)
        return obsmod.observe(self, name, idx)

    # ------------------------------------------------------------------ state
    def snapshot(self) -> dict[str, Any]:
        """The exact state of every bench as plain data (arrays copied)."""
        return {
            "version": sessmod.VERSION,
            "linked_time": self.linked_time,
            **{name: getattr(self, name).get_state() for name in BENCHES},
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Bring every bench back to a :meth:`snapshot` (numbers identical to the moment taken)."""
        sessmod.check_snapshot(state)
        _check_settings(state)
        if self.training.running:
            raise LogicsimError(
                "cannot restore while the training tab is training (cancel it first)"
            )
        previous = self.snapshot()
        try:
            self._apply(state)
        except Exception:
            self._apply(previous)  # never leave the benches half restored
            raise
        self.restored.emit()

    def _apply(self, state: dict[str, Any]) -> None:
        self.linked_time = bool(state["linked_time"])
        for name in BENCHES:
            part = state.get(name)
            if part is None and name in OPTIONAL_BENCHES:  # an older session: defaults
                part = _DEFAULT_BENCH[name]().get_state()
            getattr(self, name).set_state(part)

    def save_session(self, path: str | os.PathLike[str], overwrite: bool = False) -> str:
        """Write :meth:`snapshot` as JSON (atomic; refuses to replace a file unless ``overwrite``).

        The file always carries the recurrent bench's weights (a snapshot leaves seeded weights
        out, since the seed regenerates them), so a session replays even if the initialisation
        code changes.
        """
        state = self.snapshot()
        if state["recurrent"]["weights"] is None:
            state["recurrent"]["weights"] = self.recurrent.state_dict()
        return sessmod.save(state, path, overwrite=overwrite)

    def load_session(self, path: str | os.PathLike[str]) -> None:
        """Read a session file and :meth:`restore` it; bad files raise ``FileFormatError``."""
        state = sessmod.load(path)
        try:
            self.restore(state)
        except Exception as exc:  # any inconsistency in a hand-edited file is the file's fault
            from logicsim.errors import FileFormatError

            what = f"missing entry {exc}" if isinstance(exc, KeyError) else str(exc)
            raise FileFormatError(os.fspath(path), f"not a usable session: {what}") from None


_DEFAULT_BENCH: dict[str, type[NeuronBench | BatchBench | DemoBench]] = {
    "neuron": NeuronBench,
    "batch": BatchBench,
    "demo": DemoBench,
}


def _keys(spec: Control, name: str) -> tuple[str, ...]:
    """The first arguments of a control's setter and getter: its key, or the <NET> of a pattern."""
    key = spec.key if spec.key is not None else pattern_key(spec, name)
    return () if key is None else (key,)


def _check_settings(state: dict[str, Any]) -> None:
    """Validate every plain setting of a snapshot against the registry (hand-edited files)."""
    for control, spec in CONTROLS.items():
        bench, key = spec.bench, spec.setting
        if key is None:
            continue
        part = state.get(bench)
        if part is None and bench in OPTIONAL_BENCHES:
            continue
        if not isinstance(part, dict):
            raise LogicsimError(f"snapshot entry {bench!r} must be a mapping")
        if bench == "training":
            part = part.get("config", {})
        if key in part:
            spec.validate(part[key], control)
