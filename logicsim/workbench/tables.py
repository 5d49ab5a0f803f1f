"""The registry's tables: every control, action, observable and focus target, with its doc.

Kept apart from the lookup code (:mod:`logicsim.workbench.registry`) so the data reads as a list.
"""

from __future__ import annotations

from typing import Any

from logicsim.training.config import MAX_SEED, RULES
from logicsim.vocab import (
    CELLS,
    DEMOS,
    DIFFICULTIES,
    FORMULA_FORMATS,
    FORMULAS,
    GRADIENT_NONLINEARITIES,
    INITIAL_STATES,
    RNN_NONLINEARITIES,
    SEQUENCE_SOURCES,
)
from logicsim.workbench import readers as rd
from logicsim.workbench.specs import Action, Arg, Control, Observable

#: Largest magnitude of a whole-number control: the app's spin boxes hold a signed 32-bit int, so
#: a wider range (a seed up to 2**32 - 1) would let the model hold a value no widget can show.
MAX_CONTROL_INT = 2**31 - 1


def _c(name: str, kind: str, bench: str, focus: str, doc: str, **kw: Any) -> Control:
    """A control; unless it names a ``setter`` (and ``getter``) it is the bench setting named by
    ``setting``, which defaults to the last part of its name (``train.lr`` -> ``lr``).  Whole
    numbers are limited to +-:data:`MAX_CONTROL_INT`."""
    if kind == "int":
        if kw.get("high") is None or kw["high"] > MAX_CONTROL_INT:
            kw["high"] = MAX_CONTROL_INT
        if kw.get("low") is None or kw["low"] < -MAX_CONTROL_INT:
            kw["low"] = -MAX_CONTROL_INT
    if "setter" not in kw:
        kw.setdefault("setting", name.rsplit(".", 1)[-1])
    return Control(name=name, kind=kind, doc=doc, bench=bench, focus=focus, **kw)


def _t(setting: str, field: str, doc: str) -> Control:
    """Control ``train.<setting>``, its kind and allowed values from the training rule ``field``."""
    rule = RULES[field]
    kind = "list" if setting == "models" else rule.kind
    return _c(f"train.{setting}", kind, "training", "training", doc,
              low=rule.low, high=rule.high, choices=rule.choices)  # fmt: skip


def _train_arg(field: str, doc: str) -> Arg:
    """Argument of the ``train`` action, with the training rule ``field`` (None: the control)."""
    rule = RULES[field]
    return Arg(field, rule.kind, doc, low=rule.low, high=rule.high, nullable=True)


# fmt: off
_CONTROL_LIST = [
    # logic
    _c("circuit", "str", "logic", "logic.circuit",
       "Circuit on the logic bench: a library name (see `logicsim circuit list`) or a TOML file "
       "path.",
       setter="set_circuit", getter="circuit_name"),
    _c("input.<NET>", "bit", "logic", "logic.inputs",
       "Value 0/1 of a top-level input net of the loaded circuit (e.g. input.S).",
       setter="set_input", getter="input_value"),
    _c("initial_state", "choice", "logic", "logic.clock",
       "State of latches and flip-flops when a circuit is loaded or reset: zero, random or "
       "unknown (X).",
       choices=INITIAL_STATES),
    _c("logic.seed", "int", "logic", "logic.clock",
       "Seed of the random initial state.", low=0, high=MAX_SEED),
    _c("gate_step", "bool", "logic", "logic.schematic",
       "Gate-step mode: changing an input does not settle; each micro_step shows which gates "
       "changed."),
    _c("watch", "list", "logic", "logic.waveform",
       "Nets shown in the timing diagram (empty list: inputs, clocks and outputs).",
       setter="set_watch", getter="watch"),
    _c("drill", "str", "logic", "logic.schematic",
       "Instance path whose inner nets are shown (empty: the top level).",
       setter="set_drill", getter="drill"),
    # recurrent
    _c("cell", "choice", "recurrent", "recurrent.cell",
       "Recurrent cell on the recurrent bench.", choices=CELLS, setting="cell_type"),
    _c("nonlinearity", "choice", "recurrent", "recurrent.cell",
       "Nonlinearity g of the vanilla RNN, h[t] = g(W_ih x[t] + W_hh h[t-1] + b).",
       choices=RNN_NONLINEARITIES),
    _c("hidden_size", "int", "recurrent", "recurrent.cell",
       "Number of hidden units H of the recurrent bench's cell.", low=1, high=256),
    _c("seed", "int", "recurrent", "recurrent.cell",
       "Seed of the cell's and head's initial weights (PyTorch's U(-1/sqrt(H), 1/sqrt(H))).",
       low=0, high=MAX_SEED),
    _c("task", "choice", "recurrent", "recurrent.sequence",
       "Where the input sequence comes from: the temporal-order generator, the echo task, or "
       "typed symbols.",
       choices=SEQUENCE_SOURCES),
    _c("difficulty", "choice", "recurrent", "recurrent.sequence",
       "Difficulty level of the temporal-order sequence.", choices=DIFFICULTIES),
    _c("data_seed", "int", "recurrent", "recurrent.sequence",
       "Seed of the generated sequence (temporal order or echo bits).", low=0, high=MAX_SEED),
    _c("echo_step", "int", "recurrent", "recurrent.sequence",
       "Delay of the echo task: the target at t is the input at t - echo_step.", low=1, high=100),
    _c("echo_length", "int", "recurrent", "recurrent.sequence",
       "Number of bits in the echo sequence on the recurrent bench.", low=1, high=2000),
    _c("sequence", "str", "recurrent", "recurrent.sequence",
       "Input symbols typed by hand, e.g. BbXcYdE (temporal-order alphabet XYabcdBE) or 0110 "
       "(echo bits); setting it makes task = typed."),
    _c("time", "int", "recurrent", "recurrent.time",
       "Current time step t (0 = before the first input, T = after the last).", low=0,
       setter="set_time", getter="time"),
    _c("gate.i", "float", "recurrent", "recurrent.gates",
       "Saturate the LSTM input gate i at this value (0..1) for steps t+1..T; off = "
       "learned gate.",
       low=0.0, high=1.0, nullable=True, setter="set_gate", getter="gate_value", key="i"),
    _c("gate.f", "float", "recurrent", "recurrent.gates",
       "Saturate the LSTM forget gate f at this value (0..1) for steps t+1..T; off = "
       "learned gate.",
       low=0.0, high=1.0, nullable=True, setter="set_gate", getter="gate_value", key="f"),
    _c("gate.o", "float", "recurrent", "recurrent.gates",
       "Saturate the LSTM output gate o at this value (0..1) for steps t+1..T; off = "
       "learned gate.",
       low=0.0, high=1.0, nullable=True, setter="set_gate", getter="gate_value", key="o"),
    _c("playing", "bool", "recurrent", "recurrent.time",
       "Whether the app's timer is stepping time forward (the GUI owns the timer).",
       setter="set_playing", getter="playing"),
    # gradient
    _c("eig_mode", "choice", "gradient", "gradient.sliders",
       "Chosen eigenvalues of W_hh: two real ones (eig1, eig2) or one complex pair (eig_mag, "
       "eig_angle_deg).",
       choices=("real", "complex")),
    _c("eig1", "float", "gradient", "gradient.sliders",
       "First real eigenvalue of W_hh (eig_mode = real).", low=-4.0, high=4.0),
    _c("eig2", "float", "gradient", "gradient.sliders",
       "Second real eigenvalue of W_hh (eig_mode = real, n >= 2).", low=-4.0, high=4.0),
    _c("eig_mag", "float", "gradient", "gradient.sliders",
       "Magnitude r of the complex pair r e^{+-i theta} (eig_mode = complex).", low=0.0, high=4.0),
    _c("eig_angle_deg", "float", "gradient", "gradient.sliders",
       "Angle theta in degrees of the complex pair (eig_mode = complex).", low=0.0, high=180.0),
    _c("radius_rest", "float", "gradient", "gradient.sliders",
       "Modulus of the remaining n - 2 eigenvalues (spread on a circle of this radius).",
       low=0.0, high=4.0),
    _c("normal", "bool", "gradient", "gradient.sliders",
       "Normal W_hh (orthogonal eigenvectors) or non-normal (same eigenvalues, skewed "
       "eigenvectors)."),
    _c("non_normality", "float", "gradient", "gradient.sliders",
       "Size of the strictly upper-triangular part added when normal = false.",
       low=0.0, high=100.0),
    _c("forget_bias", "float", "gradient", "gradient.sliders",
       "Forget-gate bias of the LSTM whose c -> c path is drawn beside the RNN curve: "
       "f = sigmoid(bias + ...), and the path shrinks only by the product of f.",
       low=-10.0, high=10.0),
    _c("gradient.nonlinearity", "choice", "gradient", "gradient.sliders",
       "Nonlinearity g in the Jacobian diag(g'(a[k])) W_hh.", choices=GRADIENT_NONLINEARITIES),
    _c("gradient.hidden_size", "int", "gradient", "gradient.sliders",
       "Size n of W_hh on the gradient bench.", low=1, high=256),
    _c("steps", "int", "gradient", "gradient.sliders",
       "Number of steps T of the gradient curve ‖dh[T]/dh[t]‖, t = 0..T.", low=1, high=2000),
    _c("gradient.seed", "int", "gradient", "gradient.sliders",
       "Seed of the eigenvectors and of the input sequence on the gradient bench.",
       low=0, high=MAX_SEED),
    # formula
    _c("formula.cell", "choice", "formula", "formula",
       "Cell whose formula is shown.", choices=CELLS),
    _c("formula.what", "choice", "formula", "formula",
       "Which formula: the step equation, its Jacobian, the T-step product, or the BPTT recursion.",
       choices=FORMULAS),
    _c("formula.n", "int", "formula", "formula",
       "Hidden size n of the symbolic formula.", low=1, high=4),
    # training
    _t("task", "task", "Task to train on."),
    _t("difficulty", "difficulty", "Temporal-order difficulty for training."),
    _t("models", "model", "Models trained side by side."),
    _t("nonlinearity", "nonlinearity", "Nonlinearity of the trained RNN."),
    _t("hidden_size", "hidden_size", "Hidden size of the trained models."),
    _t("epochs", "epochs", "Epochs per training run."),
    _t("seeds", "seeds", "Number K of seeds trained at once (the spread band)."),
    _t("seed", "seed", "First seed (seeds are seed .. seed+K-1)."),
    _t("echo_step", "echo_step", "Echo delay for training."),
    _t("lr", "lr", "RMSprop learning rate."),
    _t("batches", "batches_per_epoch",
       "Batches per epoch (the notebook uses 31 batches of 32; echo: chunks of 20 steps)."),
    _c("clip_threshold", "float", "gradient", "gradient.clip",
       "Threshold theta of gradient-norm clipping: if ‖g‖ >= theta, g <- theta g / ‖g‖.",
       low=1e-06, high=1e12),
    # neuron (the neural flip-flop)
    _c("neuron.w", "float", "neuron", "neuron",
       "Self-weight w of the neural flip-flop h' = tanh(w h + u S - 2u R): its loop gain.",
       low=-4.0, high=4.0),
    _c("neuron.u", "float", "neuron", "neuron",
       "Input weight u of the neural flip-flop (S enters with u, R with -2u so reset wins).",
       low=0.0, high=10.0),
    _c("neuron.steps", "int", "neuron", "neuron",
       "Time steps of one pulse or run, and per row of the latch test table.", low=1, high=1000),
    _c("neuron.threshold", "float", "neuron", "neuron",
       "Dead band of the neuron's 0/1 readout: h > threshold reads 1, h < -threshold reads 0.",
       low=0.01, high=0.99),
    # batch-ification
    _c("batch.text", "str", "batch", "batch",
       "The long stream laid out in columns, at most 512 symbols (default: the lecture's alphabet "
       "a..x)."),
    _c("batch.size", "int", "batch", "batch",
       "Batch size B: number of columns the stream is cut into.", low=1, high=64),
    _c("batch.bptt", "int", "batch", "batch",
       "BPTT period T: rows per training window.", low=1, high=1000),
    _c("batch.seed", "int", "batch", "batch",
       "Seed of the small character RNN used to show the carried state and the cut gradient.",
       low=0, high=MAX_SEED),
    # architecture demos
    _c("demo", "choice", "demo", "demo",
       "Architecture demo: spell-digits (vector -> sequence), expression-value (sequence -> "
       "vector), "
       "reverse (sequence -> vector -> sequence), autocomplete (sequence -> sequence).",
       choices=DEMOS),
    _c("demo.steps", "int", "demo", "demo",
       "Training budget of the demo (Adam steps; epochs for autocomplete); off = the demo's "
       "default.",
       low=1, high=5000, nullable=True),
    _c("demo.seed", "int", "demo", "demo", "Seed of the demo's weights and data.",
       low=0, high=MAX_SEED),
    _c("demo.prompt", "str", "demo", "demo",
       "Input the trained demo answers (a digit, an expression such as 7-3+5, a word of 4 letters "
       "a..f, or a text prompt); empty = the demo's sample."),
    # workbench
    _c("linked_time", "bool", "workbench", "logic.clock",
       "When true, a tick advances the logic clock one cycle and the RNN one time step together.",
       setter="set_linked_time", getter="linked_time"),
]
# fmt: on

#: name -> Control.  ``input.<NET>`` is a pattern (see :func:`lookup_control`).
CONTROLS: dict[str, Control] = {c.name: c for c in _CONTROL_LIST}


def _a(name: str, bench: str, focus: str, doc: str, *args: Arg, method: str) -> Action:
    """An action calling ``method`` (a path from the Workbench) with its arguments by name."""
    return Action(name=name, doc=doc, bench=bench, focus=focus, args=tuple(args), method=method)


# fmt: off
_ACTION_LIST = [
    _a("tick", "workbench", "logic.clock",
       "One full clock cycle (low then high); with linked_time also one RNN time step.",
       method="tick"),
    _a("half_tick", "logic", "logic.clock",
       "Toggle the clock once and settle.",
       method="logic.half_tick"),
    _a("micro_step", "logic", "logic.schematic",
       "One unit-delay micro-step: every gate whose inputs changed reads, then all write.",
       method="logic.micro_step"),
    _a("settle", "logic", "logic.schematic",
       "Micro-steps until nothing changes (or oscillation).",
       method="logic.settle"),
    _a("run_cycles", "logic", "logic.clock",
       "Run n full clock cycles.",
       Arg("n", "int", "number of cycles", required=True, low=1, high=100_000),
       method="logic.run_cycles"),
    _a("toggle", "logic", "logic.inputs",
       "Flip one input net and settle.",
       Arg("net", "str", "input net name", required=True),
       method="logic.toggle"),
    _a("reset", "logic", "logic.clock",
       "Reload the circuit's state (initial_state) and clear the waveform.",
       method="logic.reset"),
    _a("step_forward", "recurrent", "recurrent.time",
       "Advance the time step t by one (stops at T).",
       method="recurrent.step_forward"),
    _a("step_back", "recurrent", "recurrent.time",
       "Move the time step t back by one (stops at 0).",
       method="recurrent.step_back"),
    _a("backward", "recurrent", "recurrent.backward",
       "Backward pass: loss at the last step through the linear head, per-step dL/dh[t].",
       method="recurrent.backward"),
    _a("new_sequence", "recurrent", "recurrent.sequence",
       "Draw another sequence from the task (data_seed + 1).",
       method="recurrent.new_sequence"),
    _a("use_trained", "recurrent", "recurrent.heatmap",
       "Copy a trained model (from the training tab) into the recurrent bench.",
       Arg("model", "choice", "which trained model", default="lstm", choices=CELLS),
       Arg("member", "int", "which seed of the run (0-based)", default=0, low=0, high=63),
       method="use_trained"),
    _a("train", "training", "training",
       "Train the models of the training tab (blocking; the app runs it on a worker thread).",
       _train_arg("epochs", "epochs (default: train.epochs)"),
       _train_arg("seeds", "seeds K (default: train.seeds)"),
       _train_arg("seed", "first seed (default: train.seed)"),
       method="training.run"),
    _a("cancel_training", "training", "training",
       "Ask a running training to stop after this batch.",
       method="training.cancel"),
    _a("export_formula", "formula", "formula",
       "Write the formula on screen to a file.",
       Arg("format", "choice",
           "file format",
           required=True, choices=FORMULA_FORMATS),
       Arg("path", "str", "file to write", required=True),
       Arg("overwrite", "bool", "replace an existing file", default=False),
       method="export_formula"),
    _a("neuron_pulse", "neuron", "neuron",
       "Hold an input of the neural flip-flop for some steps: set (S = 1), reset (R = 1), both, "
       "none.",
       Arg("input", "choice", "which input is raised", required=True,
           choices=("set", "reset", "both", "none")),
       Arg("steps", "int", "steps (default: neuron.steps)", low=1, high=1000, nullable=True),
       method="neuron_pulse"),
    _a("neuron_run", "neuron", "neuron",
       "Let the neural flip-flop run with both inputs at 0 (hold).",
       Arg("steps", "int", "steps (default: neuron.steps)", low=1, high=10_000, nullable=True),
       method="neuron.run"),
    _a("neuron_clear", "neuron", "neuron",
       "Start the neural flip-flop's history again from state h.",
       Arg("h", "float", "starting state", default=0.0, low=-1.0, high=1.0),
       method="neuron.clear"),
    _a("train_demo", "demo", "demo",
       "Train the chosen architecture demo from scratch (a few seconds; the app uses a worker "
       "thread).",
       Arg("demo", "choice", "demo to select first (default: the current one)", nullable=True,
           choices=DEMOS),
       method="train_demo"),
]
# fmt: on

#: name -> Action.
ACTIONS: dict[str, Action] = {a.name: a for a in _ACTION_LIST}


def _o(name: str, bench: str, kind: str, doc: str, axes: tuple[str, ...] = (), *, read: Any,
       first: tuple[int, ...] = ()) -> Observable:  # fmt: skip
    """An observable read by ``read``: an attribute path from the Workbench or a reader."""
    return Observable(name=name, doc=doc, bench=bench, kind=kind, axes=axes, read=read, first=first)


# fmt: off
_OBS_LIST = [
    # logic
    _o("net.<NET>", "logic", "bit", "Value of a net: 0, 1 or the string 'X' (unknown).",
       read=rd.net),
    _o("waveform.<NET>", "logic", "list",
       "Recorded values of a watched net, one per sample.", ("sample",), read=rd.waveform),
    _o("cycle", "logic", "int", "Full clock cycles run since the circuit was loaded or reset.",
       read="logic.cycle"),
    _o("clock", "logic", "bit", "Current level of the clock (0 or 1).", read="logic.clock"),
    _o("micro_steps", "logic", "int", "Micro-steps done since load or reset.",
       read="logic.micro_steps"),
    _o("changed_gates", "logic", "list", "Gates whose output changed at the last micro-step.",
       read="logic.changed_gates"),
    _o("oscillating", "logic", "bool", "Whether the last settle hit the oscillation limit.",
       read="logic.oscillating"),
    _o("oscillation", "logic", "str", "Explanation of the oscillation ('' when stable).",
       read="logic.oscillation_text"),
    _o("combinational", "logic", "bool",
       "Whether the circuit has no state (no loop, no flip-flop).", read="logic.combinational"),
    _o("inputs", "logic", "list", "Names of the circuit's top-level inputs.",
       read="logic.input_names"),
    _o("outputs", "logic", "list", "Names of the circuit's top-level outputs.",
       read="logic.output_names"),
    _o("truth_table", "logic", "list",
       "Rows of the truth table (combinational circuits): each row is input bits then output bits.",
       ("row",),
       read=rd.truth_table),
    # recurrent
    _o("T", "recurrent", "int", "Length of the input sequence.", read="recurrent.T"),
    _o("h", "recurrent", "number", "Hidden state h[t][unit], t = 0..T (h[0] = 0).", ("t", "unit"),
       read=rd.state),
    _o("c", "recurrent", "number",
       "LSTM cell state c[t][unit], t = 0..T (c[0] = 0).", ("t", "unit"), read=rd.state),
    _o("i", "recurrent", "number",
       "LSTM input gate i[t][unit] = sigma(...), t = 1..T.", ("t", "unit"),
       read=rd.gate, first=(1,)),
    _o("f", "recurrent", "number", "LSTM forget gate f[t][unit], t = 1..T.", ("t", "unit"),
       read=rd.gate, first=(1,)),
    _o("g", "recurrent", "number",
       "LSTM candidate g[t][unit] = tanh(...), t = 1..T.", ("t", "unit"), read=rd.gate, first=(1,)),
    _o("o", "recurrent", "number", "LSTM output gate o[t][unit], t = 1..T.", ("t", "unit"),
       read=rd.gate, first=(1,)),
    _o("dh", "recurrent", "number",
       "Total gradient dL/dh[t][unit] from the backward pass, t = 0..T.", ("t", "unit"),
       read=rd.backward),
    _o("dh_norm_log10", "recurrent", "number",
       "log10 ‖dL/dh[t]‖₂ from the backward pass, t = 0..T.", ("t",), read=rd.backward),
    _o("loss", "recurrent", "number",
       "Loss at the last step (cross-entropy or BCE) of the backward pass.", read="recurrent.loss"),
    _o("target", "recurrent", "str", "Target at the last step (class name or echo bit).",
       read="recurrent.target"),
    _o("prediction", "recurrent", "str", "Head's prediction at the last step (class name or bit).",
       read="recurrent.prediction"),
    _o("heatmap", "recurrent", "int",
       "Colour bin 0..19 of sigmoid(h[t][unit]) (lecture colouring, blue->red), t = 1..T.",
       ("t", "unit"),
       read=rd.heatmap, first=(1,)),
    # gradient
    _o("grad_norm_log10", "gradient", "number",
       "log10 ‖dh[T]/dh[t]‖₂ of the gradient bench, t = 0..T (entry T = 0).", ("t",),
       read="gradient.curve"),
    _o("cc_norm_log10", "gradient", "number",
       "log10 ‖dc[T]/dc[t]‖ of the LSTM c->c path alongside, t = 0..T.", ("t",),
       read="gradient.cc_curve"),
    _o("linear_prediction_log10", "gradient", "number",
       "(T - t) log10 rho: the linear case's prediction beside the curve, t = 0..T.", ("t",),
       read="gradient.linear_prediction"),
    _o("bound_log10", "gradient", "number",
       "(T - t) log10 (gamma lambda1): Pascanu's upper bound on the curve, t = 0..T.", ("t",),
       read="gradient.bound_curve"),
    _o("mean_gprime", "gradient", "number",
       "Mean of g'(a) over every unit and step of the run (1 for the linear cell).",
       read="gradient.mean_gprime"),
    _o("saturated_fraction", "gradient", "number",
       "Fraction of the run's g'(a) values below 0.1 (saturated units).",
       read="gradient.saturated_fraction"),
    _o("saturation_note", "gradient", "str",
       "A sentence explaining a vanishing curve when most units are saturated ('' otherwise).",
       read="gradient.saturation_note"),
    _o("rho", "gradient", "number", "Spectral radius of W_hh: max |eigenvalue|.",
       read="gradient.rho"),
    _o("lambda1", "gradient", "number", "Largest singular value of W_hh.", read="gradient.lambda1"),
    _o("gamma", "gradient", "number", "Bound on |g'|: 1 for tanh, ReLU and linear.",
       read="gradient.gamma"),
    _o("gamma_lambda1", "gradient", "number", "gamma * lambda1, compared with 1 (Pascanu et al.).",
       read="gradient.gamma_lambda1"),
    _o("regime", "gradient", "str",
       "'vanishing guaranteed' when gamma*lambda1 < 1, 'exploding possible' when > 1, "
       "'borderline' within 1e-9 of 1.",
       read="gradient.regime"),
    _o("eigenvalues", "gradient", "list", "Eigenvalues of W_hh as [re, im] pairs.", ("k",),
       read=rd.eigenvalues),
    _o("singular_values", "gradient", "list", "Singular values of W_hh, largest first.", ("k",),
       read="gradient.singular_values"),
    _o("clip.raw_norm", "gradient", "number",
       "‖g[t]‖ of the gradient g[t] = dL/dh[t] a unit error at step T sends back (L = v·h[T]).",
       ("t",), read=rd.clipped),
    _o("clip.norm", "gradient", "number",
       "‖g[t]‖ after logicsim.nn.clip_grad_norm with threshold clip_threshold.", ("t",),
       read=rd.clipped),
    _o("clip.cosine", "gradient", "number",
       "Cosine between g[t] and its clipped version (1: clipping keeps the direction).", ("t",),
       read=rd.clipped),
    # neuron
    _o("neuron.h", "neuron", "number", "Current state h of the neural flip-flop.", read="neuron.h"),
    _o("neuron.Q", "neuron", "bit",
       "Readout of h: 1 (h > threshold), 0 (h < -threshold) or 'X' in between.",
       read=rd.neuron_level),
    _o("neuron.trace", "neuron", "list",
       "History of h since the last clear, t = 0 (the starting state) .. now.", ("t",),
       read="neuron.history"),
    _o("neuron.fixed_points", "neuron", "int",
       "Number of stable fixed points of h -> tanh(w h): "
       "1 for |w| <= 1, 2 for w > 1, 0 for w < -1.",
       read=rd.fixed_point_count),
    _o("neuron.fixed_point_values", "neuron", "list",
       "The stable fixed points, ascending (±h* with h* = tanh(w h*) for w > 1).", ("k",),
       read="neuron.fixed_points"),
    _o("neuron.slope", "neuron", "number",
       "One-step Jacobian dh'/dh = w (1 - tanh(w h)^2) at the current h (inputs off).",
       read="neuron.slope"),
    _o("neuron.grad_log10", "neuron", "number",
       "log10 |dh[end]/dh[start]| over the last pulse or run: the product of the step slopes.",
       read="neuron.grad_log10"),
    _o("neuron.latch_passes", "neuron", "bool",
       "Whether the unit passes the NOR SR latch's test table (each row held neuron.steps steps).",
       read=rd.latch_passes),
    _o("neuron.latch_failures", "neuron", "int",
       "Number of failing rows of the SR latch test table for the neural flip-flop.",
       read=rd.latch_failures),
    # batch-ification
    _o("batch.rows", "batch", "list",
       "Row t = 1..R of the layout as a string of B symbols (row 1 of the alphabet: 'agms').",
       ("t",),
       read="batch.rows", first=(1,)),
    _o("batch.columns", "batch", "list",
       "Column b = 1..B read top to bottom (column 1 of the alphabet: 'abcdef').", ("b",),
       read="batch.columns", first=(1,)),
    _o("batch.windows", "batch", "int", "Number of BPTT windows.", read=rd.batch_windows),
    _o("batch.x", "batch", "list",
       "Inputs of window k = 1.., row t = 1..T as a string: x[k=1] = ['agms', 'bhnt', 'ciou'].",
       ("k", "t"), read=rd.batch_window, first=(1, 1)),
    _o("batch.y", "batch", "list",
       "Targets of window k, row t (the next row): y[k=1, t=1] = 'bhnt'.", ("k", "t"),
       read=rd.batch_window, first=(1, 1)),
    _o("batch.state_gap", "batch", "number",
       "max |h| difference between window-by-window with the state carried and one pass over all "
       "rows.",
       read=rd.batch_model),
    _o("batch.reset_gap", "batch", "number",
       "max |h| difference between window-by-window with h0 = 0 each time and one pass over all "
       "rows.",
       read=rd.batch_model),
    _o("batch.h0_norm", "batch", "number",
       "‖h0‖ each window starts from (carried from the window before; 0 for the first).", ("k",),
       read=rd.batch_model, first=(1,)),
    _o("batch.grad_reach", "batch", "int",
       "Rows whose state gets gradient from window k's loss with truncated BPTT (the window only).",
       ("k",), read=rd.batch_model, first=(1,)),
    _o("batch.grad_reach_full", "batch", "int",
       "Rows whose state gets gradient from window k's loss with full BPTT (every row up to it).",
       ("k",), read=rd.batch_model, first=(1,)),
    # architecture demos
    _o("demo.architecture", "demo", "str", "Architecture of the chosen demo, e.g. 'vector -> "
                                           "sequence'.",
       read=rd.demo_architecture),
    _o("demo.trained", "demo", "bool", "Whether the chosen demo has been trained.",
       read=rd.demo_trained),
    _o("demo.accuracy", "demo", "number",
       "Accuracy of the trained demo (exact answers, or next-character accuracy for autocomplete).",
       read=rd.demo_result),
    _o("demo.loss_first", "demo", "number", "Training loss at the first step of the last run.",
       read=rd.demo_result),
    _o("demo.loss_last", "demo", "number", "Training loss at the last step of the last run.",
       read=rd.demo_result),
    _o("demo.output", "demo", "str", "The trained demo's answer to demo.prompt (or to its sample).",
       read="demo.answer()"),
    _o("demo.expected", "demo", "str",
       "The right answer to the demo's sample prompt ('' for autocomplete).", read=rd.demo_result),
    # formula
    _o("formula_text", "formula", "str", "Unicode pretty-print of the formula on screen.",
       read="formula.text"),
    _o("formula_latex", "formula", "str", "LaTeX of the formula on screen.", read="formula.latex"),
    _o("export.written", "formula", "bool", "Whether the file of the last export_formula exists.",
       read=rd.export_info),
    _o("export.name", "formula", "str", "File name (without folder) of the last export.",
       read=rd.export_info),
    _o("export.bytes", "formula", "int", "Size in bytes of the last exported file.",
       read=rd.export_info),
    _o("export.text", "formula", "str", "Contents of the last exported file.", read=rd.export_info),
    # training
    _o("accuracy", "training", "number",
       "Final test accuracy, mean over seeds, of the first model in train.models.",
       read=rd.training_stat),
    _o("accuracy.rnn", "training", "number", "Final test accuracy of the RNN, mean over seeds.",
       read=rd.training_stat),
    _o("accuracy.lstm", "training", "number", "Final test accuracy of the LSTM, mean over seeds.",
       read=rd.training_stat),
    _o("accuracy_min.rnn", "training", "number", "Worst seed's final test accuracy (RNN).",
       read=rd.training_stat),
    _o("accuracy_min.lstm", "training", "number", "Worst seed's final test accuracy (LSTM).",
       read=rd.training_stat),
    _o("accuracy_max.rnn", "training", "number", "Best seed's final test accuracy (RNN).",
       read=rd.training_stat),
    _o("accuracy_max.lstm", "training", "number", "Best seed's final test accuracy (LSTM).",
       read=rd.training_stat),
    _o("loss.rnn", "training", "number", "Final training loss of the RNN, mean over seeds.",
       read=rd.training_stat),
    _o("loss.lstm", "training", "number", "Final training loss of the LSTM, mean over seeds.",
       read=rd.training_stat),
    _o("epochs_done", "training", "int", "Epochs completed by the last training run.",
       read="training.epochs_done"),
    _o("training", "training", "bool", "Whether a training run is in progress.",
       read="training.running"),
]
# fmt: on

#: name -> Observable.  ``net.<NET>`` / ``waveform.<NET>`` are patterns.
OBSERVABLES: dict[str, Observable] = {o.name: o for o in _OBS_LIST}

#: Panel and control names the app can scroll to and highlight -> what they are.
FOCUS_TARGETS: dict[str, str] = {
    "logic.circuit": "circuit chooser of the logic bench",
    "logic.schematic": "the schematic (gates and wires coloured by value)",
    "logic.inputs": "input switches of the circuit",
    "logic.clock": "clock buttons (half tick, tick, run) and the linked-time switch",
    "logic.waveform": "timing diagram of the watched nets",
    "logic.truth_table": "truth table tab (combinational circuits)",
    "recurrent.cell": "cell chooser: RNN/LSTM, nonlinearity, hidden size, seed",
    "recurrent.sequence": "input sequence: task, difficulty, typed symbols",
    "recurrent.time": "time control: step back/forward, slider, play",
    "recurrent.heatmap": "unrolled heatmap of h[t] (and c, i, f, o) over time",
    "recurrent.gates": "gate bars and values at the current step",
    "recurrent.backward": "backward view: per-step dL/dh[t]",
    "gradient.sliders": "eigenvalue sliders, normal switch, nonlinearity",
    "gradient.plot": "log-scale plot of ‖dh[T]/dh[t]‖ against t",
    "gradient.readouts": "readouts rho, lambda1, gamma*lambda1 and the regime",
    "gradient.clip": "gradient clipping readout: threshold theta, raw and clipped norms",
    "formula": "formula pane with copy and export",
    "training": "training tab: configuration, progress, curves",
    "neuron": "neural flip-flop: w and u, set/reset/run buttons, h over time, fixed points",
    "batch": "batch-ification: the stream in B columns, BPTT windows, carried state and cut "
    "gradient",
    "demo": "architecture demos: choose one, train it, its accuracy and an answer to a prompt",
}
