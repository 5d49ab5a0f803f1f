"""Reading observables by name: bench state -> plain Python values for checks and scripts.

Index tuples come from :func:`logicsim.workbench.registry.normalize_index`.  Time axes keep the
lecture's numbering: ``h[t]`` for t = 0..T (``h[0]`` the initial state), gates for t = 1..T;
negative indices count from the end (``t = -1`` is T).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, SupportsFloat

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.workbench.registry import CONTROLS, OBSERVABLES, lookup_observable

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench.workbench import Workbench


def plain(value: Any) -> Any:
    """NumPy scalars/arrays -> Python numbers/lists."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def pick(name: str, arr: np.ndarray, idx: tuple[int, ...], first: int = 0) -> Any:
    """Index ``arr`` whose axis 0 is time starting at ``first``; check every index's range."""
    out: Any = arr
    for axis, i in enumerate(idx):
        size = out.shape[0]
        lo = first if axis == 0 else 0
        hi = lo + size - 1
        k = i if i >= 0 else hi + 1 + i
        if not lo <= k <= hi:
            axis_name = lookup_observable(name).axes[axis]  # type: ignore[union-attr]
            raise LogicsimError(f"{name}: {axis_name} = {i} is out of range {lo}..{hi}")
        out = out[k - lo]
    return plain(out)


def pick_list(name: str, values: list[Any], idx: tuple[int, ...], first: int = 1) -> Any:
    """Index nested lists (rows may differ in length) with every axis starting at ``first``."""
    out: Any = values
    for axis, i in enumerate(idx):
        hi = first + len(out) - 1
        k = i if i >= 0 else hi + 1 + i
        if not first <= k <= hi:
            axis_name = lookup_observable(name).axes[axis]  # type: ignore[union-attr]
            raise LogicsimError(f"{name}: {axis_name} = {i} is out of range {first}..{hi}")
        out = out[k - first]
    return plain(out)


def _neuron(wb: Workbench, name: str, idx: tuple[int, ...]) -> Any:
    nb = wb.neuron
    if name == "neuron.trace":
        return pick(name, np.asarray(nb.history), idx)
    if name == "neuron.fixed_point_values":
        return pick(name, np.asarray(nb.fixed_points, dtype=float), idx)
    if name in ("neuron.latch_passes", "neuron.latch_failures"):
        table = nb.latch_table()
        return bool(table.passed) if name.endswith("passes") else len(table.failures)
    return {
        "neuron.h": lambda: nb.h,
        "neuron.Q": lambda: _net_value(nb.level),
        "neuron.fixed_points": lambda: len(nb.fixed_points),
        "neuron.slope": lambda: nb.slope,
        "neuron.grad_log10": lambda: nb.grad_log10,
    }[name]()


def _batch(wb: Workbench, name: str, idx: tuple[int, ...]) -> Any:
    bb = wb.batch
    if name == "batch.windows":
        return len(bb.layout()["windows"])
    if name in ("batch.rows", "batch.columns"):
        return pick_list(name, bb.rows if name == "batch.rows" else bb.columns, idx)
    if name in ("batch.x", "batch.y"):
        return pick_list(name, bb.window(name[-1]), idx)
    stats = bb.model()[name[len("batch.") :]]
    return pick_list(name, stats, idx) if isinstance(stats, list) else plain(stats)


def _demo(wb: Workbench, name: str) -> Any:
    db = wb.demo
    if name == "demo.architecture":
        return db.info["architecture"]
    if name == "demo.trained":
        return db.demo in db.results
    if name == "demo.output":
        return db.answer()
    res = db.result()
    return {
        "demo.accuracy": lambda: res["accuracy"],
        "demo.loss_first": lambda: res["losses"][0],
        "demo.loss_last": lambda: res["losses"][-1],
        "demo.expected": lambda: res["expected"],
    }[name]()


def _net_value(v: int | None) -> int | str:
    return "X" if v is None else int(v)


def _training_stat(wb: Workbench, name: str) -> Any:
    stat, model = name.split(".")
    tb = wb.training
    if model not in tb.history:
        raise LogicsimError(f"{name}: the {model.upper()} has not been trained yet (act train)")
    if stat == "loss":
        return float(np.mean(tb.history[model]["train_loss"][-1]))
    acc = tb.final_accuracy(model)
    reducers: dict[str, Callable[[np.ndarray], SupportsFloat]] = {
        "accuracy": np.mean,
        "accuracy_min": np.min,
        "accuracy_max": np.max,
    }
    return float(reducers[stat](acc))


def observe(wb: Workbench, name: str, idx: tuple[int, ...]) -> Any:
    """Value of observable (or control) ``name`` at index ``idx``."""
    spec = lookup_observable(name)
    if name not in OBSERVABLES and spec.name in CONTROLS:  # a control (or input.<NET>)
        return plain(wb.get(name))
    lg, rc, gb = wb.logic, wb.recurrent, wb.gradient
    if name.startswith("net."):
        return _net_value(lg.value(name[4:]))
    if name.startswith("waveform."):
        wave = lg.waveform([name[9:]])[name[9:]]
        arr = np.array(["X" if v is None else v for v in wave], dtype=object)
        return pick(name, arr, idx) if idx else [_net_value(v) for v in wave]
    simple = {
        "cycle": lambda: lg.cycle,
        "clock": lambda: lg.clock,
        "micro_steps": lambda: lg.micro_steps,
        "changed_gates": lambda: list(lg.changed_gates),
        "oscillating": lambda: bool(lg.oscillating),
        "oscillation": lambda: lg.oscillation_text,
        "combinational": lambda: bool(lg.combinational),
        "inputs": lambda: list(lg.input_names),
        "outputs": lambda: list(lg.output_names),
        "T": lambda: rc.T,
        "loss": lambda: rc.loss,
        "target": lambda: rc.target,
        "prediction": lambda: rc.prediction,
        "rho": lambda: gb.rho,
        "lambda1": lambda: gb.lambda1,
        "gamma": lambda: gb.gamma,
        "gamma_lambda1": lambda: gb.gamma_lambda1,
        "regime": lambda: gb.regime,
        "formula_text": lambda: wb.formula.text,
        "formula_latex": lambda: wb.formula.latex,
        "epochs_done": lambda: wb.training.epochs_done,
        "training": lambda: bool(wb.training.running),
    }
    if name in simple:
        return plain(simple[name]())
    if name == "accuracy":
        return _training_stat(wb, f"accuracy.{wb.training.models[0]}")
    if "." in name and name.split(".")[0] in ("accuracy", "accuracy_min", "accuracy_max", "loss"):
        return _training_stat(wb, name)
    if name == "truth_table":
        _ins, _outs, rows = lg.truth_table()
        return pick(name, np.asarray(rows), idx)
    if name in ("h", "c"):
        arr = getattr(rc, name)
        if arr is None:
            raise LogicsimError(f"{name}: only the LSTM has a cell state c (cell = lstm)")
        return pick(name, arr, idx, first=0)
    if name in ("i", "f", "g", "o"):
        if name not in rc.gates:
            raise LogicsimError(f"{name}: gates exist only for the LSTM (cell = lstm)")
        return pick(name, rc.gates[name], idx, first=1)
    if name in ("dh", "dh_norm_log10"):
        arr = getattr(rc, name)
        if arr is None:
            raise LogicsimError(f"{name}: run the backward pass first (act backward)")
        return pick(name, arr, idx, first=0)
    if name == "heatmap":
        bins, _palette = rc.heatmap("h")
        return pick(name, bins.T, idx, first=1)  # (T, H): t first
    if name == "grad_norm_log10":
        return pick(name, gb.curve, idx)
    if name == "cc_norm_log10":
        return pick(name, gb.cc_curve, idx)
    if name == "eigenvalues":
        pairs = np.array([[z.real, z.imag] for z in gb.report.eigenvalues])  # (n, 2)
        return pick(name, pairs, idx)
    if name == "singular_values":
        return pick(name, gb.singular_values, idx)
    if name.startswith("clip."):
        pos = {"clip.raw_norm": 0, "clip.norm": 1, "clip.cosine": 2}[name]
        ts = range(gb.steps + 1)
        if idx:
            t = int(pick(name, np.arange(gb.steps + 1), idx[:1]))
            return gb.clipped(t)[pos]
        return [gb.clipped(t)[pos] for t in ts]
    if name.startswith("export."):
        return plain(wb.formula.export_info()[name[len("export.") :]])
    if name.startswith("neuron."):
        return _neuron(wb, name, idx)
    if name.startswith("batch."):
        return _batch(wb, name, idx)
    if name.startswith("demo."):
        return _demo(wb, name)
    raise LogicsimError(f"observable {name!r} is not wired to the workbench")  # pragma: no cover
