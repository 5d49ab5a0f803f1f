"""Every registry entry works on a real Workbench: controls set and read back, actions run,
observables answer, and bad names or values fail with a message naming the problem."""

from __future__ import annotations

import math

import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import ACTIONS, CONTROLS, OBSERVABLES, Workbench

# One valid, non-default value per control (input.<NET> uses the SR latch's S).
SAMPLES = {
    "circuit": "d_flipflop",
    "input.<NET>": 1,
    "initial_state": "zero",
    "logic.seed": 7,
    "gate_step": True,
    "watch": ["S", "Q"],
    "drill": "",
    "cell": "lstm",
    "nonlinearity": "relu",
    "hidden_size": 3,
    "seed": 5,
    "task": "echo",
    "difficulty": "normal",
    "data_seed": 11,
    "echo_step": 2,
    "echo_length": 12,
    "sequence": "BaXbYcE",
    "time": 3,
    "gate.i": 1.0,
    "gate.f": 0.0,
    "gate.o": 0.5,
    "playing": True,
    "eig_mode": "complex",
    "eig1": 1.1,
    "eig2": -0.3,
    "eig_mag": 0.95,
    "eig_angle_deg": 45.0,
    "radius_rest": 0.2,
    "normal": False,
    "non_normality": 2.0,
    "forget_bias": 3.0,
    "gradient.nonlinearity": "linear",
    "gradient.hidden_size": 6,
    "steps": 20,
    "gradient.seed": 3,
    "formula.cell": "lstm",
    "formula.what": "jacobian",
    "formula.n": 2,
    "train.task": "echo",
    "train.difficulty": "hard",
    "train.models": ["lstm"],
    "train.nonlinearity": "tanh",
    "train.hidden_size": 3,
    "train.epochs": 2,
    "train.seeds": 2,
    "train.seed": 4,
    "train.echo_step": 4,
    "train.lr": 0.01,
    "train.batches": 2,
    "linked_time": True,
    "clip_threshold": 5.0,
    "neuron.w": 0.5,
    "neuron.u": 2.0,
    "neuron.steps": 7,
    "neuron.threshold": 0.3,
    "batch.text": "abcdefghijkl",
    "batch.size": 3,
    "batch.bptt": 2,
    "batch.seed": 9,
    "demo": "reverse",
    "demo.steps": 20,
    "demo.seed": 2,
    "demo.prompt": "3",
}


@pytest.fixture()
def wb() -> Workbench:
    return Workbench()


def test_samples_cover_every_control():
    assert set(SAMPLES) == set(CONTROLS)


@pytest.mark.parametrize("pattern", sorted(CONTROLS))
def test_every_control_sets_and_reads_back(wb, pattern):
    name = pattern.replace("<NET>", "S")
    value = SAMPLES[pattern]
    if pattern == "watch":
        wb.set("circuit", "sr_latch_nor")
    events = []
    wb.changed.connect(lambda *a: events.append(a))
    wb.set(name, value)
    assert wb.get(name) == value
    assert wb.observe(name) == value
    assert events, f"setting {name} emitted no event"


def test_bad_control_values_name_the_control(wb):
    cases = {
        "cell": "gru",
        "hidden_size": 0,
        "input.S": 5,
        "eig_mag": -1.0,
        "steps": 0,
        "formula.what": "everything",
        "train.seeds": 100,
    }
    for name, value in cases.items():
        with pytest.raises(LogicsimError, match=name.replace(".", r"\.")):
            wb.set(name, value)
    with pytest.raises(LogicsimError, match="unknown control"):
        wb.set("colour", 1)


def test_values_the_registry_cannot_judge_are_checked_by_the_bench(wb):
    with pytest.raises(LogicsimError, match="has no input 'D'"):
        wb.set("input.D", 1)
    with pytest.raises(LogicsimError, match="time must be a whole number from 0 to T"):
        wb.set("time", wb.observe("T") + 1)
    with pytest.raises(LogicsimError, match="unknown symbol"):
        wb.set("sequence", "BXqYE")
    with pytest.raises(LogicsimError, match="has no net 'nope'"):
        wb.set("watch", ["nope"])
    with pytest.raises(LogicsimError, match="has no instance"):
        wb.set("drill", "ff9")
    with pytest.raises(LogicsimError):
        wb.set("circuit", "no_such_circuit")
    # a failed set leaves the bench as it was
    assert wb.get("circuit") == "sr_latch_nor"


# How to call each action on a fresh workbench: (setup, kwargs).
def _train_first(wb):
    wb.set("train.epochs", 1)
    wb.set("train.batches", 2)
    wb.act("train")


ACTION_CALLS = {
    "tick": (None, {}),
    "half_tick": (lambda wb: wb.set("circuit", "d_flipflop"), {}),
    "micro_step": (None, {}),
    "settle": (None, {}),
    "run_cycles": (None, {"n": 3}),
    "toggle": (None, {"net": "S"}),
    "reset": (None, {}),
    "step_forward": (None, {}),
    "step_back": (lambda wb: wb.set("time", 2), {}),
    "backward": (None, {}),
    "new_sequence": (None, {}),
    "use_trained": (_train_first, {"model": "lstm", "member": 0}),
    "train": (lambda wb: (wb.set("train.epochs", 1), wb.set("train.batches", 2)), {}),
    "cancel_training": (None, {}),
    "export_formula": ("formula", {"format": "latex"}),
    "neuron_pulse": (None, {"input": "set", "steps": 5}),
    "neuron_run": (None, {"steps": 4}),
    "neuron_clear": (lambda wb: wb.act("neuron_pulse", input="set"), {"h": 0.25}),
    "train_demo": (None, {"demo": "spell-digits"}),
}


def test_action_calls_cover_every_action():
    assert set(ACTION_CALLS) == set(ACTIONS)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_runs(wb, name, tmp_path):
    setup, kwargs = ACTION_CALLS[name]
    if setup == "formula":
        kwargs = {**kwargs, "path": str(tmp_path / "f.tex")}
    elif setup is not None:
        setup(wb)
    before = wb.snapshot()
    wb.act(name, **kwargs)
    after = wb.snapshot()
    effects = {
        "tick": lambda: wb.observe("cycle") == 1,
        "half_tick": lambda: wb.observe("clock") == 1,
        "run_cycles": lambda: wb.observe("cycle") == 3,
        "toggle": lambda: wb.observe("input.S") == 1 and wb.observe("net.Q") == 1,
        "step_forward": lambda: wb.observe("time") == 1,
        "step_back": lambda: wb.observe("time") == 1,
        "backward": lambda: math.isfinite(wb.observe("loss")),
        "new_sequence": lambda: wb.observe("data_seed") == 1,
        "use_trained": lambda: wb.observe("cell") == "lstm",
        "train": lambda: wb.observe("epochs_done") == 1,
        "export_formula": lambda: (tmp_path / "f.tex").read_text().strip() != "",
        "micro_step": lambda: wb.observe("micro_steps") >= before["logic"]["sim"]["step_count"],
        "settle": lambda: not wb.observe("oscillating"),
        "reset": lambda: wb.observe("cycle") == 0,
        "cancel_training": lambda: not wb.observe("training"),
        "neuron_pulse": lambda: (
            len(wb.observe("neuron.trace")) == 6 and wb.observe("neuron.Q") == 1
        ),
        "neuron_run": lambda: wb.observe("neuron.trace") == [0.0] * 5,
        "neuron_clear": lambda: wb.observe("neuron.trace") == [0.25],
        "train_demo": lambda: (
            wb.observe("demo.accuracy") == 1.0 and wb.observe("demo") == "spell-digits"
        ),
    }
    assert effects[name](), name
    assert isinstance(after, dict)


def test_bad_actions(wb):
    with pytest.raises(LogicsimError, match="unknown action"):
        wb.act("fly")
    with pytest.raises(LogicsimError, match="needs argument 'n'"):
        wb.act("run_cycles")
    with pytest.raises(LogicsimError, match="has no input 'Z'"):
        wb.act("toggle", net="Z")
    with pytest.raises(LogicsimError, match="not been trained"):
        wb.act("use_trained", model="rnn")


# Observables: (setup, index, check on the value).
def _lstm_backward(wb):
    wb.set("cell", "lstm")
    wb.act("backward")


def _exploding(wb):
    wb.set("gradient.hidden_size", 2)
    wb.set("gradient.nonlinearity", "linear")
    wb.set("eig1", 1.2)
    wb.set("eig2", 1.2)


def _set_pulse(wb):
    wb.act("neuron_pulse", input="set")


def _spell(wb):
    wb.act("train_demo", demo="spell-digits")


OBS_CALLS = {
    "net.<NET>": (None, None, lambda v: v == "X"),
    "waveform.<NET>": (lambda wb: wb.act("toggle", net="S"), None, lambda v: v[-1] == 1),
    "cycle": (lambda wb: wb.act("tick"), None, lambda v: v == 1),
    "clock": (None, None, lambda v: v == 0),
    "micro_steps": (None, None, lambda v: isinstance(v, int)),
    "changed_gates": (lambda wb: wb.act("micro_step"), None, lambda v: isinstance(v, list)),
    "oscillating": (None, None, lambda v: v is False),
    "oscillation": (None, None, lambda v: v == ""),
    "combinational": (None, None, lambda v: v is False),
    "inputs": (None, None, lambda v: v == ["S", "R"]),
    "outputs": (None, None, lambda v: v == ["Q", "Qn"]),
    "truth_table": (lambda wb: wb.set("circuit", "half_adder"), 3, lambda v: len(v) == 4),
    "T": (lambda wb: wb.set("sequence", "BXaYE"), None, lambda v: v == 5),
    "h": (None, {"t": 0}, lambda v: v == [0.0] * 4),
    "c": (lambda wb: wb.set("cell", "lstm"), {"t": 0, "unit": 1}, lambda v: v == 0.0),
    "i": (lambda wb: wb.set("cell", "lstm"), {"t": 1, "unit": 0}, lambda v: 0 < v < 1),
    "f": (lambda wb: wb.set("cell", "lstm"), {"t": -1}, lambda v: len(v) == 4),
    "g": (lambda wb: wb.set("cell", "lstm"), (1, 0), lambda v: -1 < v < 1),
    "o": (lambda wb: wb.set("cell", "lstm"), None, lambda v: len(v) == 8),  # T of EASY, seed 0
    "dh": (_lstm_backward, {"t": -1, "unit": 0}, lambda v: v != 0.0),
    "dh_norm_log10": (lambda wb: wb.act("backward"), {"t": 0}, lambda v: v < 0),
    "loss": (lambda wb: wb.act("backward"), None, lambda v: v > 0),
    "target": (lambda wb: wb.set("sequence", "BYaXE"), None, lambda v: v == "S"),
    "prediction": (None, None, lambda v: v in ("Q", "R", "S", "U")),
    "heatmap": (None, {"t": 1, "unit": 0}, lambda v: 0 <= v <= 19),
    "grad_norm_log10": (None, {"t": -1}, lambda v: v == 0.0),
    "cc_norm_log10": (None, {"t": 0}, lambda v: v < 0),
    "linear_prediction_log10": (None, {"t": 0}, lambda v: abs(v - 50 * math.log10(0.9)) < 1e-9),
    "bound_log10": (None, {"t": 50}, lambda v: v == 0.0),
    "mean_gprime": (None, None, lambda v: 0 < v < 1),
    "saturated_fraction": (None, None, lambda v: 0 <= v < 0.5),
    "saturation_note": (None, None, lambda v: v == ""),
    "rho": (None, None, lambda v: abs(v - 0.9) < 1e-12),
    "lambda1": (None, None, lambda v: abs(v - 0.9) < 1e-12),
    "gamma": (None, None, lambda v: v == 1.0),
    "gamma_lambda1": (None, None, lambda v: abs(v - 0.9) < 1e-12),
    "regime": (None, None, lambda v: v == "vanishing guaranteed"),
    "eigenvalues": (None, 0, lambda v: abs(v[0] - 0.9) < 1e-9 and abs(v[1]) < 1e-9),
    "singular_values": (None, None, lambda v: len(v) == 8),
    "formula_text": ("formula", None, lambda v: len(v) > 0),
    "formula_latex": ("formula", None, lambda v: len(v) > 0),
    "accuracy": (_train_first, None, lambda v: 0 <= v <= 1),
    "accuracy.rnn": (_train_first, None, lambda v: 0 <= v <= 1),
    "accuracy.lstm": (_train_first, None, lambda v: 0 <= v <= 1),
    "accuracy_min.rnn": (_train_first, None, lambda v: 0 <= v <= 1),
    "accuracy_min.lstm": (_train_first, None, lambda v: 0 <= v <= 1),
    "accuracy_max.rnn": (_train_first, None, lambda v: 0 <= v <= 1),
    "accuracy_max.lstm": (_train_first, None, lambda v: 0 <= v <= 1),
    "loss.rnn": (_train_first, None, lambda v: v > 0),
    "loss.lstm": (_train_first, None, lambda v: v > 0),
    "epochs_done": (_train_first, None, lambda v: v == 1),
    "training": (None, None, lambda v: v is False),
    "clip.raw_norm": (_exploding, {"t": 0}, lambda v: abs(v - 1.2**50) < 1e-6 * 1.2**50),
    "clip.norm": (_exploding, {"t": 0}, lambda v: abs(v - 1.0) < 1e-6),
    "clip.cosine": (_exploding, None, lambda v: len(v) == 51 and min(v) > 1 - 1e-12),
    "export.written": ("export", None, lambda v: v is True),
    "export.name": ("export", None, lambda v: v == "f.tex"),
    "export.bytes": ("export", None, lambda v: v > 10),
    "export.text": ("export", None, lambda v: "W" in v or "h" in v),
    "neuron.h": (_set_pulse, None, lambda v: v > 0.99),
    "neuron.Q": (None, None, lambda v: v == "X"),
    "neuron.trace": (_set_pulse, {"t": 0}, lambda v: v == 0.0),
    "neuron.fixed_points": (None, None, lambda v: v == 2),
    "neuron.fixed_point_values": (None, {"k": 1}, lambda v: abs(v - math.tanh(2 * v)) < 1e-12),
    "neuron.slope": (None, None, lambda v: v == 2.0),
    "neuron.grad_log10": (_set_pulse, None, lambda v: v < 0),
    "neuron.latch_passes": (None, None, lambda v: v is True),
    "neuron.latch_failures": (lambda wb: wb.set("neuron.w", 0.5), None, lambda v: v > 0),
    "batch.rows": (None, {"t": 1}, lambda v: v == "agms"),
    "batch.columns": (None, {"b": -1}, lambda v: v == "stuvwx"),
    "batch.windows": (None, None, lambda v: v == 2),
    "batch.x": (None, {"k": 1}, lambda v: v == ["agms", "bhnt", "ciou"]),
    "batch.y": (None, {"k": 1, "t": 1}, lambda v: v == "bhnt"),
    "batch.state_gap": (None, None, lambda v: v < 1e-12),
    "batch.reset_gap": (None, None, lambda v: v > 1e-3),
    "batch.h0_norm": (None, None, lambda v: v[0] == 0.0 and v[1] > 0),
    "batch.grad_reach": (None, None, lambda v: v == [3, 2]),
    "batch.grad_reach_full": (None, {"k": 2}, lambda v: v == 5),
    "demo.architecture": (None, None, lambda v: v == "vector -> sequence"),
    "demo.trained": (None, None, lambda v: v is False),
    "demo.accuracy": (_spell, None, lambda v: v == 1.0),
    "demo.loss_first": (_spell, None, lambda v: v > 1.0),
    "demo.loss_last": (_spell, None, lambda v: v < 0.1),
    "demo.output": (_spell, None, lambda v: v == "seven"),
    "demo.expected": (_spell, None, lambda v: v == "seven"),
}


def test_observable_calls_cover_every_observable():
    assert set(OBS_CALLS) == set(OBSERVABLES)


@pytest.mark.parametrize("pattern", sorted(OBSERVABLES))
def test_every_observable_answers(wb, pattern, tmp_path):
    name = pattern.replace("<NET>", "Q" if pattern.startswith("net.") else "S")
    setup, index, check = OBS_CALLS[pattern]
    if setup in ("formula", "export"):
        if setup == "export":
            wb.act("export_formula", format="latex", path=str(tmp_path / "f.tex"))
    elif setup is not None:
        setup(wb)
    value = wb.observe(name, index)
    assert check(value), (name, value)


def test_observe_errors_say_what_is_missing(wb):
    with pytest.raises(LogicsimError, match="only the LSTM"):
        wb.observe("c")
    with pytest.raises(LogicsimError, match="backward pass first"):
        wb.observe("dh")
    with pytest.raises(LogicsimError, match=r"t = 99 is out of range 0\.\.8"):
        wb.observe("h", {"t": 99})
    with pytest.raises(LogicsimError, match="unit = 4 is out of range 0..3"):
        wb.observe("h", {"t": 1, "unit": 4})
    with pytest.raises(LogicsimError, match="has no net 'Z'"):
        wb.observe("net.Z")
    with pytest.raises(LogicsimError, match="sequential"):
        wb.observe("truth_table")
