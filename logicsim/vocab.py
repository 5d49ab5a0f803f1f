"""The words the whole package agrees on: cell kinds, tasks, difficulties, nonlinearities, ...

Each vocabulary is defined here once; the nets, the trainer, the workbench's control tables, the
command line and the window read it from here.  This module imports nothing from logicsim, so
every layer may use it.  A test checks that the tuples match the things they name (the
temporal-order levels, the demo classes, the symbolic exports).
"""

from __future__ import annotations

#: Recurrent cell kinds: the vanilla (Elman) RNN and the LSTM.
CELLS = ("rnn", "lstm")

#: State vectors each cell carries from one step to the next.
CELL_STATES: dict[str, tuple[str, ...]] = {"rnn": ("h",), "lstm": ("h", "c")}

#: Nonlinearities of the vanilla RNN's step h[t] = g(W_ih x[t] + W_hh h[t-1] + b) (as PyTorch).
RNN_NONLINEARITIES = ("tanh", "relu")

#: Nonlinearities g of the gradient study's Jacobian diag(g'(a[k])) W_hh (adds the linear RNN).
GRADIENT_NONLINEARITIES = ("tanh", "relu", "linear")

#: Tasks the trainer knows.
TASKS = ("temporal-order", "echo")

#: Where the recurrent bench's input sequence comes from: a task's generator or typed symbols.
SEQUENCE_SOURCES = (*TASKS, "typed")

#: Temporal-order difficulty levels, easiest first (the notebook's experiment 6a).
DIFFICULTIES = ("easy", "normal", "moderate", "hard", "nightmare")

#: The four architecture demos (vector -> sequence, sequence -> vector, encoder-decoder, seq2seq).
DEMOS = ("spell-digits", "expression-value", "reverse", "autocomplete")

#: Formulas the symbolic package derives: step, Jacobian, T-step product, BPTT recursion.
FORMULAS = ("step", "jacobian", "product", "bptt")

#: Export formats of a derived formula.
FORMULA_FORMATS = ("latex", "mathml", "unicode", "numpy", "c", "octave", "svg")

#: How the printed formulas' notation maps to the parameter names of PyTorch and the code exports.
NOTATION_MAP = (
    "W_hx = weight_ih_l0, W_hh = weight_hh_l0, b = bias_ih_l0 + bias_hh_l0; "
    "gate blocks in the order i, f, g, o"
)

#: Initial state of latches and flip-flops when a circuit is loaded or reset.
INITIAL_STATES = ("zero", "random", "unknown")


def state_size(cell: str, hidden_size: int) -> int:
    """Length of the whole carried state: H for the RNN, 2H (h and c) for the LSTM."""
    return len(CELL_STATES[cell]) * int(hidden_size)
