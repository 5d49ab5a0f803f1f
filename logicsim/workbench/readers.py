"""Getters of the observables that need more than one attribute read.

Each reader takes the :class:`~logicsim.workbench.Workbench` and the observable's full name
(``net.Q``, ``accuracy.rnn``) and returns the whole value: a number, a string, a list or an
array whose leading axes are the observable's index axes.  The table in
:mod:`logicsim.workbench.tables` names a reader, or an attribute path such as
``"logic.cycle"`` for the simple ones; :func:`logicsim.workbench.observe.observe` indexes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, SupportsFloat

import numpy as np

from logicsim.errors import LogicsimError

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench.workbench import Workbench


def net_level(v: int | None) -> int | str:
    """A net's level as a lesson sees it: 0, 1 or the string ``"X"``."""
    return "X" if v is None else int(v)


def _suffix(name: str) -> str:
    return name.split(".", 1)[1]


# ---------------------------------------------------------------- logic
def net(wb: Workbench, name: str) -> int | str:
    """``net.<NET>``: level of a net."""
    return net_level(wb.logic.value(_suffix(name)))


def waveform(wb: Workbench, name: str) -> list[int | str]:
    """``waveform.<NET>``: recorded levels of a watched net, one per sample."""
    net_name = _suffix(name)
    return [net_level(v) for v in wb.logic.waveform([net_name])[net_name]]


def truth_table(wb: Workbench, name: str) -> np.ndarray:
    """Rows of the truth table: input bits then output bits."""
    _inputs, _outputs, rows = wb.logic.truth_table()
    return np.asarray(rows)


# ---------------------------------------------------------------- recurrent
def state(wb: Workbench, name: str) -> np.ndarray:
    """``h`` or ``c`` over t = 0..T."""
    arr = getattr(wb.recurrent, name)
    if arr is None:
        raise LogicsimError(f"{name}: only the LSTM has a cell state c (cell = lstm)")
    return arr


def gate(wb: Workbench, name: str) -> np.ndarray:
    """An LSTM gate over t = 1..T."""
    if name not in wb.recurrent.gates:
        raise LogicsimError(f"{name}: gates exist only for the LSTM (cell = lstm)")
    return wb.recurrent.gates[name]


def backward(wb: Workbench, name: str) -> np.ndarray:
    """``dh`` or ``dh_norm_log10`` from the last backward pass."""
    arr = getattr(wb.recurrent, name)
    if arr is None:
        raise LogicsimError(f"{name}: run the backward pass first (act backward)")
    return arr


def heatmap(wb: Workbench, name: str) -> np.ndarray:
    """Colour bins of sigmoid(h), shape (T, H): time first."""
    bins, _palette = wb.recurrent.heatmap("h")
    return bins.T


# ---------------------------------------------------------------- gradient
def eigenvalues(wb: Workbench, name: str) -> np.ndarray:
    """Eigenvalues of W_hh as [re, im] pairs, shape (n, 2)."""
    return np.array([[z.real, z.imag] for z in wb.gradient.report.eigenvalues])


_CLIP = {"clip.raw_norm": 0, "clip.norm": 1, "clip.cosine": 2}


def clipped(wb: Workbench, name: str) -> list[float]:
    """One of raw norm, clipped norm, cosine for every t = 0..T."""
    gb, pos = wb.gradient, _CLIP[name]
    return [gb.clipped(t)[pos] for t in range(gb.steps + 1)]


# ---------------------------------------------------------------- formula
def export_info(wb: Workbench, name: str) -> Any:
    """One entry of the last export's information."""
    return wb.formula.export_info()[_suffix(name)]


# ---------------------------------------------------------------- neuron
def neuron_level(wb: Workbench, name: str) -> int | str:
    """Readout of the neural flip-flop's h: 1, 0 or X."""
    return net_level(wb.neuron.level)


def fixed_point_count(wb: Workbench, name: str) -> int:
    """Number of stable fixed points."""
    return len(wb.neuron.fixed_points)


def latch_passes(wb: Workbench, name: str) -> bool:
    """Whether the neural flip-flop passes the SR latch's table."""
    return bool(wb.neuron.latch_table().passed)


def latch_failures(wb: Workbench, name: str) -> int:
    """Failing rows of the SR latch's table."""
    return len(wb.neuron.latch_table().failures)


# ---------------------------------------------------------------- batch-ification
def batch_windows(wb: Workbench, name: str) -> int:
    """Number of BPTT windows."""
    return len(wb.batch.layout()["windows"])


def batch_window(wb: Workbench, name: str) -> list[list[str]]:
    """Inputs (``batch.x``) or targets (``batch.y``) of every window, row by row."""
    return wb.batch.window(name[-1])


def batch_model(wb: Workbench, name: str) -> Any:
    """A statistic of the small character RNN run window by window."""
    return wb.batch.model()[_suffix(name)]


# ---------------------------------------------------------------- demos
def demo_trained(wb: Workbench, name: str) -> bool:
    """Whether the chosen demo has been trained."""
    return wb.demo.demo in wb.demo.results


_DEMO_RESULT = {
    "demo.accuracy": lambda res: res["accuracy"],
    "demo.loss_first": lambda res: res["losses"][0],
    "demo.loss_last": lambda res: res["losses"][-1],
    "demo.expected": lambda res: res["expected"],
}


def demo_result(wb: Workbench, name: str) -> Any:
    """One number or text of the chosen demo's last training run."""
    return _DEMO_RESULT[name](wb.demo.result())


# ---------------------------------------------------------------- training
_STATS: dict[str, Callable[[np.ndarray], SupportsFloat]] = {
    "accuracy": np.mean,
    "accuracy_min": np.min,
    "accuracy_max": np.max,
}


def training_stat(wb: Workbench, name: str) -> float:
    """``accuracy``, ``accuracy_min``, ``accuracy_max`` or ``loss`` of one trained model.

    ``accuracy`` alone is the mean accuracy of the first model in ``train.models``.
    """
    if name == "accuracy":
        name = f"accuracy.{wb.training.models[0]}"
    stat, model = name.split(".")
    tb = wb.training
    if model not in tb.history:
        raise LogicsimError(f"{name}: the {model.upper()} has not been trained yet (act train)")
    if stat == "loss":
        return float(np.mean(tb.history[model]["train_loss"][-1]))
    return float(_STATS[stat](tb.final_accuracy(model)))


def demo_architecture(wb: Workbench, name: str) -> str:
    """Architecture of the chosen demo."""
    return wb.demo.info["architecture"]
