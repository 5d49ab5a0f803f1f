"""The :class:`Workbench`: one bench of each kind, linked time, and the name-based API.

``set(name, value)``, ``act(name, **args)`` and ``observe(name, index)`` are what the lesson
player and scripts use; they validate against the static registry first (so errors name the
control and the problem) and then call the bench methods the GUI calls directly.
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
from logicsim.workbench.registry import lookup_action, lookup_control, normalize_index
from logicsim.workbench.sequence import is_bits
from logicsim.workbench.training_bench import TrainingBench

BENCHES = ("logic", "recurrent", "gradient", "formula", "training", "neuron", "batch", "demo")
#: Benches added after session format 1 was fixed: a snapshot without them restores their defaults.
OPTIONAL_BENCHES = ("neuron", "batch", "demo")

# control name -> (bench attribute, setting name) for plain settings changed via bench.update()
_PLAIN: dict[str, tuple[str, str]] = {
    "cell": ("recurrent", "cell_type"),
    "nonlinearity": ("recurrent", "nonlinearity"),
    "hidden_size": ("recurrent", "hidden_size"),
    "seed": ("recurrent", "seed"),
    "task": ("recurrent", "task"),
    "difficulty": ("recurrent", "difficulty"),
    "data_seed": ("recurrent", "data_seed"),
    "echo_step": ("recurrent", "echo_step"),
    "echo_length": ("recurrent", "echo_length"),
    "sequence": ("recurrent", "sequence"),
    "eig_mode": ("gradient", "eig_mode"),
    "eig1": ("gradient", "eig1"),
    "eig2": ("gradient", "eig2"),
    "eig_mag": ("gradient", "eig_mag"),
    "eig_angle_deg": ("gradient", "eig_angle_deg"),
    "radius_rest": ("gradient", "radius_rest"),
    "normal": ("gradient", "normal"),
    "non_normality": ("gradient", "non_normality"),
    "forget_bias": ("gradient", "forget_bias"),
    "gradient.nonlinearity": ("gradient", "nonlinearity"),
    "gradient.hidden_size": ("gradient", "hidden_size"),
    "steps": ("gradient", "steps"),
    "gradient.seed": ("gradient", "seed"),
    "formula.cell": ("formula", "cell"),
    "formula.what": ("formula", "what"),
    "formula.n": ("formula", "n"),
    "train.task": ("training", "task"),
    "train.difficulty": ("training", "difficulty"),
    "train.models": ("training", "models"),
    "train.nonlinearity": ("training", "nonlinearity"),
    "train.hidden_size": ("training", "hidden_size"),
    "train.epochs": ("training", "epochs"),
    "train.seeds": ("training", "seeds"),
    "train.seed": ("training", "seed"),
    "train.echo_step": ("training", "echo_step"),
    "train.lr": ("training", "lr"),
    "train.batches": ("training", "batches"),
    "initial_state": ("logic", "initial_state"),
    "logic.seed": ("logic", "seed"),
    "gate_step": ("logic", "gate_step"),
    "clip_threshold": ("gradient", "clip_threshold"),
    "neuron.w": ("neuron", "w"),
    "neuron.u": ("neuron", "u"),
    "neuron.steps": ("neuron", "steps"),
    "neuron.threshold": ("neuron", "threshold"),
    "batch.text": ("batch", "text"),
    "batch.size": ("batch", "size"),
    "batch.bptt": ("batch", "bptt"),
    "batch.seed": ("batch", "seed"),
    "demo": ("demo", "demo"),
    "demo.steps": ("demo", "steps"),
    "demo.seed": ("demo", "seed"),
    "demo.prompt": ("demo", "prompt"),
}


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
    def set(self, name: str, value: Any) -> None:
        """Set control ``name`` (see ``CONTROLS``); raises :class:`LogicsimError` naming the
        problem."""
        spec = lookup_control(name)
        value = spec.validate(value, name)
        if name in _PLAIN:
            bench, key = _PLAIN[name]
            getattr(self, bench).update(**{key: value})
        elif name.startswith("input."):
            self.logic.set_input(name[len("input.") :], value)
        elif name == "circuit":
            self.logic.set_circuit(value)
        elif name == "watch":
            self.logic.set_watch(value)
        elif name == "drill":
            self.logic.set_drill(value)
        elif name == "time":
            self.recurrent.set_time(value)
        elif name.startswith("gate."):
            self.recurrent.set_gate(name[len("gate.") :], value)
        elif name == "playing":
            self.recurrent.set_playing(value)
        elif name == "linked_time":
            self.set_linked_time(value)
        else:  # pragma: no cover - a registry entry without a setter is a bug the tests catch
            raise LogicsimError(f"control {name!r} is not wired to the workbench")

    def get(self, name: str) -> Any:
        """Current value of control ``name``."""
        lookup_control(name)
        if name in _PLAIN:
            bench, key = _PLAIN[name]
            value = getattr(getattr(self, bench), key)
            return list(value) if isinstance(value, (list, tuple)) else value
        if name.startswith("input."):
            return self.logic.input_value(name[len("input.") :])
        if name == "circuit":
            return self.logic.circuit_name
        if name == "watch":
            return list(self.logic.watch)
        if name == "drill":
            return self.logic.drill
        if name == "time":
            return self.recurrent.time
        if name.startswith("gate."):
            gate = name[len("gate.") :]
            if gate not in self.recurrent.gate_overrides:
                raise LogicsimError(f"unknown gate {gate!r}")
            return self.recurrent.gate_overrides[gate]
        if name == "playing":
            return self.recurrent.playing
        if name == "linked_time":
            return self.linked_time
        raise LogicsimError(f"control {name!r} is not wired to the workbench")  # pragma: no cover

    def act(self, name: str, **args: Any) -> Any:
        """Perform action ``name`` (see ``ACTIONS``) with validated keyword arguments."""
        kw = lookup_action(name).validate_args(args)
        lg, rc = self.logic, self.recurrent
        if name == "tick":
            return self.tick()
        if name == "half_tick":
            return lg.half_tick()
        if name == "micro_step":
            return lg.micro_step()
        if name == "settle":
            return lg.settle()
        if name == "run_cycles":
            return lg.run_cycles(kw["n"])
        if name == "toggle":
            return lg.toggle(kw["net"])
        if name == "reset":
            return lg.reset()
        if name == "step_forward":
            return rc.step_forward()
        if name == "step_back":
            return rc.step_back()
        if name == "backward":
            return rc.backward()
        if name == "new_sequence":
            return rc.new_sequence()
        if name == "use_trained":
            state = self.training.trained_state(kw["model"], kw["member"])
            cfg = self.training
            settings: dict[str, Any] = {
                "cell_type": kw["model"],
                "hidden_size": cfg.trained_config["hidden_size"],
                "nonlinearity": cfg.trained_config["nonlinearity"],
            }
            wants_bits = cfg.trained_config["task"] == "echo"
            if wants_bits != is_bits(rc.sequence):  # the input alphabet must match the weights
                settings["task"] = "echo" if wants_bits else "temporal-order"
            rc.update(**settings)
            rc.load_state_dict(state)
            return None
        if name == "train":
            return self.training.run(epochs=kw["epochs"], seeds=kw["seeds"], seed=kw["seed"])
        if name == "cancel_training":
            return self.training.cancel()
        if name == "export_formula":
            return self.formula.write(kw["path"], kw["format"], overwrite=kw["overwrite"])
        if name == "neuron_pulse":
            return self.neuron.pulse(kw["input"], kw["steps"])
        if name == "neuron_run":
            return self.neuron.run(kw["steps"])
        if name == "neuron_clear":
            return self.neuron.clear(kw["h"])
        if name == "train_demo":
            if kw["demo"] is not None:
                self.demo.update(demo=kw["demo"])
            self.demo.train()
            return None
        raise LogicsimError(f"action {name!r} is not wired to the workbench")  # pragma: no cover

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


def _check_settings(state: dict[str, Any]) -> None:
    """Validate every plain setting of a snapshot against the registry (hand-edited files)."""
    for control, (bench, key) in _PLAIN.items():
        part = state.get(bench)
        if part is None and bench in OPTIONAL_BENCHES:
            continue
        if not isinstance(part, dict):
            raise LogicsimError(f"snapshot entry {bench!r} must be a mapping")
        if bench == "training":
            part = part.get("config", {})
        if key in part:
            lookup_control(control).validate(part[key], control)
