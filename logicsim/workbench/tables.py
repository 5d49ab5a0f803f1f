"""The registry's tables: every control, action, observable and focus target, with its doc.

Kept apart from the lookup code (:mod:`logicsim.workbench.registry`) so the data reads as a list.
"""

from __future__ import annotations

from typing import Any

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
    TASKS,
)
from logicsim.workbench.specs import Action, Arg, Control, Observable

MAX_SEED = 2**32 - 1


def _c(name: str, kind: str, bench: str, focus: str, doc: str, **kw: Any) -> Control:
    return Control(name=name, kind=kind, doc=doc, bench=bench, focus=focus, **kw)


# fmt: off
_CONTROL_LIST = [
    # logic
    _c("circuit", "str", "logic", "logic.circuit",
       "Circuit on the logic bench: a library name (see `logicsim circuit list`) or a TOML file "
       "path."),
    _c("input.<NET>", "bit", "logic", "logic.inputs",
       "Value 0/1 of a top-level input net of the loaded circuit (e.g. input.S)."),
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
       "Nets shown in the timing diagram (empty list: inputs, clocks and outputs)."),
    _c("drill", "str", "logic", "logic.schematic",
       "Instance path whose inner nets are shown (empty: the top level)."),
    # recurrent
    _c("cell", "choice", "recurrent", "recurrent.cell",
       "Recurrent cell on the recurrent bench.", choices=CELLS),
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
       "Current time step t (0 = before the first input, T = after the last).", low=0),
    _c("gate.i", "float", "recurrent", "recurrent.gates",
       "Saturate the LSTM input gate i at this value (0..1) from the current step on; off = "
       "learned gate.",
       low=0.0, high=1.0, nullable=True),
    _c("gate.f", "float", "recurrent", "recurrent.gates",
       "Saturate the LSTM forget gate f at this value (0..1) from the current step on; off = "
       "learned gate.",
       low=0.0, high=1.0, nullable=True),
    _c("gate.o", "float", "recurrent", "recurrent.gates",
       "Saturate the LSTM output gate o at this value (0..1) from the current step on; off = "
       "learned gate.",
       low=0.0, high=1.0, nullable=True),
    _c("playing", "bool", "recurrent", "recurrent.time",
       "Whether the app's timer is stepping time forward (the GUI owns the timer)."),
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
    _c("train.task", "choice", "training", "training",
       "Task to train on.", choices=TASKS),
    _c("train.difficulty", "choice", "training", "training",
       "Temporal-order difficulty for training.", choices=DIFFICULTIES),
    _c("train.models", "list", "training", "training",
       "Models trained side by side.", choices=CELLS),
    _c("train.nonlinearity", "choice", "training", "training",
       "Nonlinearity of the trained RNN.", choices=RNN_NONLINEARITIES),
    _c("train.hidden_size", "int", "training", "training",
       "Hidden size of the trained models.", low=1, high=256),
    _c("train.epochs", "int", "training", "training", "Epochs per training run.", low=1, high=1000),
    _c("train.seeds", "int", "training", "training",
       "Number K of seeds trained at once (the spread band).", low=1, high=64),
    _c("train.seed", "int", "training", "training",
       "First seed (seeds are seed .. seed+K-1).", low=0, high=MAX_SEED),
    _c("train.echo_step", "int", "training", "training",
       "Echo delay for training.", low=1, high=100),
    _c("train.lr", "float", "training", "training", "RMSprop learning rate.", low=1e-06, high=1.0),
    _c("train.batches", "int", "training", "training",
       "Batches per epoch (the notebook uses 31 batches of 32).", low=1, high=1000),
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
       "When true, a tick advances the logic clock one cycle and the RNN one time step together."),
]
# fmt: on

#: name -> Control.  ``input.<NET>`` is a pattern (see :func:`lookup_control`).
CONTROLS: dict[str, Control] = {c.name: c for c in _CONTROL_LIST}


def _a(name: str, bench: str, focus: str, doc: str, *args: Arg) -> Action:
    return Action(name=name, doc=doc, bench=bench, focus=focus, args=tuple(args))


# fmt: off
_ACTION_LIST = [
    _a("tick", "workbench", "logic.clock",
       "One full clock cycle (low then high); with linked_time also one RNN time step."),
    _a("half_tick", "logic", "logic.clock",
       "Toggle the clock once and settle."),
    _a("micro_step", "logic", "logic.schematic",
       "One unit-delay micro-step: every gate whose inputs changed reads, then all write."),
    _a("settle", "logic", "logic.schematic",
       "Micro-steps until nothing changes (or oscillation)."),
    _a("run_cycles", "logic", "logic.clock",
       "Run n full clock cycles.",
       Arg("n", "int", "number of cycles", required=True, low=1, high=100_000)),
    _a("toggle", "logic", "logic.inputs",
       "Flip one input net and settle.",
       Arg("net", "str", "input net name", required=True)),
    _a("reset", "logic", "logic.clock",
       "Reload the circuit's state (initial_state) and clear the waveform."),
    _a("step_forward", "recurrent", "recurrent.time",
       "Advance the time step t by one (stops at T)."),
    _a("step_back", "recurrent", "recurrent.time",
       "Move the time step t back by one (stops at 0)."),
    _a("backward", "recurrent", "recurrent.backward",
       "Backward pass: loss at the last step through the linear head, per-step dL/dh[t]."),
    _a("new_sequence", "recurrent", "recurrent.sequence",
       "Draw another sequence from the task (data_seed + 1)."),
    _a("use_trained", "recurrent", "recurrent.heatmap",
       "Copy a trained model (from the training tab) into the recurrent bench.",
       Arg("model", "choice", "which trained model", default="lstm", choices=CELLS),
       Arg("member", "int", "which seed of the run (0-based)", default=0, low=0, high=63)),
    _a("train", "training", "training",
       "Train the models of the training tab (blocking; the app runs it on a worker thread).",
       Arg("epochs", "int", "epochs (default: train.epochs)", low=1, high=1000, nullable=True),
       Arg("seeds", "int", "seeds K (default: train.seeds)", low=1, high=64, nullable=True),
       Arg("seed", "int", "first seed (default: train.seed)", low=0, high=MAX_SEED, nullable=True)),
    _a("cancel_training", "training", "training",
       "Ask a running training to stop after this batch."),
    _a("export_formula", "formula", "formula",
       "Write the formula on screen to a file.",
       Arg("format", "choice",
           "file format",
           required=True, choices=FORMULA_FORMATS),
       Arg("path", "str", "file to write", required=True),
       Arg("overwrite", "bool", "replace an existing file", default=False)),
    _a("neuron_pulse", "neuron", "neuron",
       "Hold an input of the neural flip-flop for some steps: set (S = 1), reset (R = 1), both, "
       "none.",
       Arg("input", "choice", "which input is raised", required=True,
           choices=("set", "reset", "both", "none")),
       Arg("steps", "int", "steps (default: neuron.steps)", low=1, high=1000, nullable=True)),
    _a("neuron_run", "neuron", "neuron",
       "Let the neural flip-flop run with both inputs at 0 (hold).",
       Arg("steps", "int", "steps (default: neuron.steps)", low=1, high=10_000, nullable=True)),
    _a("neuron_clear", "neuron", "neuron",
       "Start the neural flip-flop's history again from state h.",
       Arg("h", "float", "starting state", default=0.0, low=-1.0, high=1.0)),
    _a("train_demo", "demo", "demo",
       "Train the chosen architecture demo from scratch (a few seconds; the app uses a worker "
       "thread).",
       Arg("demo", "choice", "demo to select first (default: the current one)", nullable=True,
           choices=DEMOS)),
]
# fmt: on

#: name -> Action.
ACTIONS: dict[str, Action] = {a.name: a for a in _ACTION_LIST}


def _o(name: str, bench: str, kind: str, doc: str, axes: tuple[str, ...] = ()) -> Observable:
    return Observable(name=name, doc=doc, bench=bench, kind=kind, axes=axes)


# fmt: off
_OBS_LIST = [
    # logic
    _o("net.<NET>", "logic", "bit", "Value of a net: 0, 1 or the string 'X' (unknown)."),
    _o("waveform.<NET>", "logic", "list",
       "Recorded values of a watched net, one per sample.", ("sample",)),
    _o("cycle", "logic", "int", "Full clock cycles run since the circuit was loaded or reset."),
    _o("clock", "logic", "bit", "Current level of the clock (0 or 1)."),
    _o("micro_steps", "logic", "int", "Micro-steps done since load or reset."),
    _o("changed_gates", "logic", "list", "Gates whose output changed at the last micro-step."),
    _o("oscillating", "logic", "bool", "Whether the last settle hit the oscillation limit."),
    _o("oscillation", "logic", "str", "Explanation of the oscillation ('' when stable)."),
    _o("combinational", "logic", "bool",
       "Whether the circuit has no state (no loop, no flip-flop)."),
    _o("inputs", "logic", "list", "Names of the circuit's top-level inputs."),
    _o("outputs", "logic", "list", "Names of the circuit's top-level outputs."),
    _o("truth_table", "logic", "list",
       "Rows of the truth table (combinational circuits): each row is input bits then output bits.",
       ("row",)),
    # recurrent
    _o("T", "recurrent", "int", "Length of the input sequence."),
    _o("h", "recurrent", "number", "Hidden state h[t][unit], t = 0..T (h[0] = 0).", ("t", "unit")),
    _o("c", "recurrent", "number",
       "LSTM cell state c[t][unit], t = 0..T (c[0] = 0).", ("t", "unit")),
    _o("i", "recurrent", "number",
       "LSTM input gate i[t][unit] = sigma(...), t = 1..T.", ("t", "unit")),
    _o("f", "recurrent", "number", "LSTM forget gate f[t][unit], t = 1..T.", ("t", "unit")),
    _o("g", "recurrent", "number",
       "LSTM candidate g[t][unit] = tanh(...), t = 1..T.", ("t", "unit")),
    _o("o", "recurrent", "number", "LSTM output gate o[t][unit], t = 1..T.", ("t", "unit")),
    _o("dh", "recurrent", "number",
       "Total gradient dL/dh[t][unit] from the backward pass, t = 0..T.", ("t", "unit")),
    _o("dh_norm_log10", "recurrent", "number",
       "log10 ‖dL/dh[t]‖₂ from the backward pass, t = 0..T.", ("t",)),
    _o("loss", "recurrent", "number",
       "Loss at the last step (cross-entropy or BCE) of the backward pass."),
    _o("target", "recurrent", "str", "Target at the last step (class name or echo bit)."),
    _o("prediction", "recurrent", "str", "Head's prediction at the last step (class name or bit)."),
    _o("heatmap", "recurrent", "int",
       "Colour bin 0..19 of sigmoid(h[t][unit]) (lecture colouring, blue->red), t = 1..T.",
       ("t", "unit")),
    # gradient
    _o("grad_norm_log10", "gradient", "number",
       "log10 ‖dh[T]/dh[t]‖₂ of the gradient bench, t = 0..T (entry T = 0).", ("t",)),
    _o("cc_norm_log10", "gradient", "number",
       "log10 ‖dc[T]/dc[t]‖ of the LSTM c->c path alongside, t = 0..T.", ("t",)),
    _o("rho", "gradient", "number", "Spectral radius of W_hh: max |eigenvalue|."),
    _o("lambda1", "gradient", "number", "Largest singular value of W_hh."),
    _o("gamma", "gradient", "number", "Bound on |g'|: 1 for tanh, ReLU and linear."),
    _o("gamma_lambda1", "gradient", "number", "gamma * lambda1, compared with 1 (Pascanu et al.)."),
    _o("regime", "gradient", "str",
       "'vanishing guaranteed' when gamma*lambda1 < 1, else 'exploding possible'."),
    _o("eigenvalues", "gradient", "list", "Eigenvalues of W_hh as [re, im] pairs.", ("k",)),
    _o("singular_values", "gradient", "list", "Singular values of W_hh, largest first.", ("k",)),
    _o("clip.raw_norm", "gradient", "number",
       "‖g[t]‖ of the gradient g[t] = dL/dh[t] a unit error at step T sends back (L = v·h[T]).",
       ("t",)),
    _o("clip.norm", "gradient", "number",
       "‖g[t]‖ after logicsim.nn.clip_grad_norm with threshold clip_threshold.", ("t",)),
    _o("clip.cosine", "gradient", "number",
       "Cosine between g[t] and its clipped version (1: clipping keeps the direction).", ("t",)),
    # neuron
    _o("neuron.h", "neuron", "number", "Current state h of the neural flip-flop."),
    _o("neuron.Q", "neuron", "bit",
       "Readout of h: 1 (h > threshold), 0 (h < -threshold) or 'X' in between."),
    _o("neuron.trace", "neuron", "list",
       "History of h since the last clear, t = 0 (the starting state) .. now.", ("t",)),
    _o("neuron.fixed_points", "neuron", "int",
       "Number of stable fixed points of h -> tanh(w h): "
       "1 for |w| <= 1, 2 for w > 1, 0 for w < -1."),
    _o("neuron.fixed_point_values", "neuron", "list",
       "The stable fixed points, ascending (±h* with h* = tanh(w h*) for w > 1).", ("k",)),
    _o("neuron.slope", "neuron", "number",
       "One-step Jacobian dh'/dh = w (1 - tanh(w h)^2) at the current h (inputs off)."),
    _o("neuron.grad_log10", "neuron", "number",
       "log10 |dh[end]/dh[start]| over the last pulse or run: the product of the step slopes."),
    _o("neuron.latch_passes", "neuron", "bool",
       "Whether the unit passes the NOR SR latch's test table (each row held neuron.steps steps)."),
    _o("neuron.latch_failures", "neuron", "int",
       "Number of failing rows of the SR latch test table for the neural flip-flop."),
    # batch-ification
    _o("batch.rows", "batch", "list",
       "Row t = 1..R of the layout as a string of B symbols (row 1 of the alphabet: 'agms').",
       ("t",)),
    _o("batch.columns", "batch", "list",
       "Column b = 1..B read top to bottom (column 1 of the alphabet: 'abcdef').", ("b",)),
    _o("batch.windows", "batch", "int", "Number of BPTT windows."),
    _o("batch.x", "batch", "list",
       "Inputs of window k = 1.., row t = 1..T as a string: x[k=1] = ['agms', 'bhnt', 'ciou'].",
       ("k", "t")),
    _o("batch.y", "batch", "list",
       "Targets of window k, row t (the next row): y[k=1, t=1] = 'bhnt'.", ("k", "t")),
    _o("batch.state_gap", "batch", "number",
       "max |h| difference between window-by-window with the state carried and one pass over all "
       "rows."),
    _o("batch.reset_gap", "batch", "number",
       "max |h| difference between window-by-window with h0 = 0 each time and one pass over all "
       "rows."),
    _o("batch.h0_norm", "batch", "number",
       "‖h0‖ each window starts from (carried from the window before; 0 for the first).", ("k",)),
    _o("batch.grad_reach", "batch", "int",
       "Rows whose state gets gradient from window k's loss with truncated BPTT (the window only).",
       ("k",)),
    _o("batch.grad_reach_full", "batch", "int",
       "Rows whose state gets gradient from window k's loss with full BPTT (every row up to it).",
       ("k",)),
    # architecture demos
    _o("demo.architecture", "demo", "str", "Architecture of the chosen demo, e.g. 'vector -> "
                                           "sequence'."),
    _o("demo.trained", "demo", "bool", "Whether the chosen demo has been trained."),
    _o("demo.accuracy", "demo", "number",
       "Accuracy of the trained demo "
       "(exact answers, or next-character accuracy for autocomplete)."),
    _o("demo.loss_first", "demo", "number", "Training loss at the first step of the last run."),
    _o("demo.loss_last", "demo", "number", "Training loss at the last step of the last run."),
    _o("demo.output", "demo", "str",
       "The trained demo's answer to demo.prompt (or to its sample)."),
    _o("demo.expected", "demo", "str",
       "The right answer to the demo's sample prompt ('' for autocomplete)."),
    # formula
    _o("formula_text", "formula", "str", "Unicode pretty-print of the formula on screen."),
    _o("formula_latex", "formula", "str", "LaTeX of the formula on screen."),
    _o("export.written", "formula", "bool", "Whether the file of the last export_formula exists."),
    _o("export.name", "formula", "str", "File name (without folder) of the last export."),
    _o("export.bytes", "formula", "int", "Size in bytes of the last exported file."),
    _o("export.text", "formula", "str", "Contents of the last exported file."),
    # training
    _o("accuracy", "training", "number",
       "Final test accuracy, mean over seeds, of the first model in train.models."),
    _o("accuracy.rnn", "training", "number", "Final test accuracy of the RNN, mean over seeds."),
    _o("accuracy.lstm", "training", "number", "Final test accuracy of the LSTM, mean over seeds."),
    _o("accuracy_min.rnn", "training", "number", "Worst seed's final test accuracy (RNN)."),
    _o("accuracy_min.lstm", "training", "number", "Worst seed's final test accuracy (LSTM)."),
    _o("accuracy_max.rnn", "training", "number", "Best seed's final test accuracy (RNN)."),
    _o("accuracy_max.lstm", "training", "number", "Best seed's final test accuracy (LSTM)."),
    _o("loss.rnn", "training", "number", "Final training loss of the RNN, mean over seeds."),
    _o("loss.lstm", "training", "number", "Final training loss of the LSTM, mean over seeds."),
    _o("epochs_done", "training", "int", "Epochs completed by the last training run."),
    _o("training", "training", "bool", "Whether a training run is in progress."),
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
