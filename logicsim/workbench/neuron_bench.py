r"""The neuron bench: the neural flip-flop, one tanh unit feeding itself, driven by set/reset.

.. math::

    h[t] = \tanh\big(w\,h[t-1] + u\,S[t] - 2u\,R[t]\big)

The cell is :func:`logicsim.analogy.flipflop.neural_flipflop` (a one-unit
:class:`logicsim.nn.RNN`).  With both inputs at 0 the unit iterates :math:`h \mapsto \tanh(w h)`;
its fixed points solve :math:`h = \tanh(w h)`.  A fixed point :math:`h^\circ` is stable when the
slope of the map there is below one in size, :math:`|w\,(1 - h^{\circ 2})| < 1`:

* :math:`|w| \le 1`: one fixed point, 0, and it attracts -- whatever was stored fades;
* :math:`w > 1`: 0 turns unstable and two stable points :math:`\pm h^*` appear -- a latch;
* :math:`w < -1`: no stable fixed point (the unit flips sign every step).

The same slope is the one-step Jacobian :math:`\partial h[t]/\partial h[t-1]`, so a held bit
(slope < 1 at :math:`h^*`) is exactly a gradient that shrinks through the hold: the bench reports
:math:`\log_{10}|\partial h[\text{end}]/\partial h[\text{start}]|` of the last run.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event

#: Inputs a pulse may raise: name -> (S, R).
PULSES = {"set": (1.0, 0.0), "reset": (0.0, 1.0), "both": (1.0, 1.0), "none": (0.0, 0.0)}
#: Longest history kept (older steps are dropped from the front).
MAX_HISTORY = 20_000


def stable_fixed_points(w: float) -> list[float]:
    r"""Stable fixed points of :math:`h \mapsto \tanh(w h)`, ascending.

    Parameters
    ----------
    w : float
        Self-weight.

    Returns
    -------
    list of float
        ``[0.0]`` for :math:`|w| \le 1`, ``[-h*, h*]`` for :math:`w > 1`, ``[]`` for
        :math:`w < -1`.  (At :math:`|w| = 1` the point 0 still attracts, slowly.)
    """
    if abs(w) <= 1.0:
        return [0.0]
    if w < -1.0:
        return []
    lo, hi = 0.0, 1.0  # tanh(w h) - h is > 0 just above 0 and < 0 at h = 1
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if math.tanh(w * mid) > mid:
            lo = mid
        else:
            hi = mid
    h_star = 0.5 * (lo + hi)
    return [-h_star, h_star]


@lru_cache(maxsize=32)
def _latch_table(w: float, u: float, steps: int, threshold: float) -> Any:
    """The latch table for one setting of the unit (cached: the lesson checks read it often)."""
    from logicsim.analogy.flipflop import run_flipflop_table

    return run_flipflop_table(w, u, steps, threshold)


class NeuronBench:
    """State of the neural flip-flop panel (see ``docs/workbench.md``).

    Attributes
    ----------
    w, u : float
        Self-weight and input weight (``W_ih = [u, -2u]``).
    steps : int
        Default length of a pulse or a run, in time steps.
    threshold : float
        Dead band of the 0/1 readout: ``h > threshold`` reads 1, ``h < -threshold`` reads 0.
    history : list of float
        ``h`` at every step since the last clear, ``history[0]`` the starting value.
    inputs : list of str
        Pulse name of every step (``len(history) - 1`` entries).
    """

    SETTINGS = ("w", "u", "steps", "threshold")

    def __init__(self) -> None:
        self.changed = Event()
        self.w = 2.0  # self-weight: the loop's gain
        self.u = 3.0  # input weight of S (R is weighted -2u, so reset wins)
        self.steps = 10  # default steps per pulse / run
        self.threshold = 0.5  # readout dead band
        self.history: list[float] = [0.0]  # h[0..t]
        self.inputs: list[str] = []  # pulse name per step
        self.run_start = 0  # history index where the last pulse/run began

    # ---------------------------------------------------------------- settings
    def update(self, **settings: Any) -> None:
        """Change settings; the stored state ``h`` stays (new weights act from the next step)."""
        for key in settings:
            if key not in self.SETTINGS:
                raise LogicsimError(f"neuron bench has no setting {key!r}")
        for key, value in settings.items():
            setattr(self, key, value)
        self.changed.emit("config")

    # ---------------------------------------------------------------- actions
    def pulse(self, kind: str, steps: int | None = None) -> None:
        """Hold the inputs of ``kind`` (set, reset, both, none) for ``steps`` steps."""
        if kind not in PULSES:
            raise LogicsimError(f"unknown pulse {kind!r} (one of {', '.join(PULSES)})")
        n = self.steps if steps is None else int(steps)
        if n < 1:
            raise LogicsimError(f"a pulse needs at least one step, not {n}")
        from logicsim.analogy.flipflop import neural_flipflop

        cell = neural_flipflop(self.w, self.u)
        x = np.tile(np.array(PULSES[kind]), (n, 1))[:, None, :]  # (T, 1, 2)
        trace = cell.forward(x, np.array([[self.history[-1]]]))  # h: (T, 1, 1)
        self.run_start = len(self.history) - 1
        self.history.extend(float(v) for v in trace.h[:, 0, 0])
        self.inputs.extend([kind] * n)
        if len(self.history) > MAX_HISTORY:
            drop = len(self.history) - MAX_HISTORY
            self.history = self.history[drop:]
            self.inputs = self.inputs[drop:]
            self.run_start = max(0, self.run_start - drop)
        self.changed.emit("state")

    def run(self, steps: int | None = None) -> None:
        """Let the unit run with both inputs at 0 (the latch's hold)."""
        self.pulse("none", steps)

    def clear(self, h: float = 0.0) -> None:
        """Start a new history from state ``h``."""
        if not -1.0 <= h <= 1.0:
            raise LogicsimError(f"the state of a tanh unit lies in -1..1, not {h}")
        self.history = [float(h)]
        self.inputs = []
        self.run_start = 0
        self.changed.emit("state")

    # ---------------------------------------------------------------- readouts
    @property
    def h(self) -> float:
        """Current state h."""
        return self.history[-1]

    @property
    def level(self) -> int | None:
        """Readout of h: 1, 0, or None (inside the dead band)."""
        if self.h > self.threshold:
            return 1
        if self.h < -self.threshold:
            return 0
        return None

    @property
    def fixed_points(self) -> list[float]:
        """Stable fixed points of the unit with inputs off (see :func:`stable_fixed_points`)."""
        return stable_fixed_points(self.w)

    @property
    def slope(self) -> float:
        """One-step Jacobian at the current state: dh'/dh = w (1 - tanh(w h)^2) with inputs off."""
        nxt = math.tanh(self.w * self.h)
        return self.w * (1.0 - nxt * nxt)

    @property
    def grad_log10(self) -> float:
        r"""log10 |dh[end]/dh[start]| over the last pulse or run.

        .. math::  \frac{\partial h[e]}{\partial h[s]} = \prod_{k=s+1}^{e} w\,(1 - h[k]^2)
        """
        hs = np.asarray(self.history[self.run_start + 1 :])  # (n,)
        if hs.size == 0:
            return 0.0
        with np.errstate(divide="ignore"):
            return float(np.sum(np.log10(np.abs(self.w * (1.0 - hs**2)))))

    def latch_table(self) -> Any:
        """The NOR SR latch's test table run against this unit (``TableResult``, cached)."""
        return _latch_table(self.w, self.u, self.steps, self.threshold)

    # ---------------------------------------------------------------- state
    def get_state(self) -> dict[str, Any]:
        """Plain-data state (settings and the history)."""
        return {
            **{k: getattr(self, k) for k in self.SETTINGS},
            "history": list(self.history),
            "inputs": list(self.inputs),
            "run_start": self.run_start,
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict."""
        history = [float(v) for v in state["history"]]
        if not history:
            raise LogicsimError("neuron history must hold at least the starting state")
        for k in self.SETTINGS:
            setattr(self, k, state[k])
        self.history = history
        self.inputs = [str(v) for v in state["inputs"]]
        self.run_start = min(int(state["run_start"]), len(history) - 1)
        self.changed.emit("state")
