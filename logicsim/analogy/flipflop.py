r"""The neural flip-flop: a one-unit tanh RNN that holds a bit when its self-weight exceeds 1.

.. math::  h[t] = \tanh\!\big(w\, h[t-1] + u\, S[t] - 2u\, R[t]\big)

With ``S = R = 0`` the unit iterates :math:`h \mapsto \tanh(w h)`.  For :math:`w \le 1` the only
fixed point is 0: whatever was stored fades (the net forgets).  For :math:`w > 1` two stable
fixed points :math:`\pm h^*` appear, :math:`h^* = \tanh(w h^*)` -- a bistable latch, like two
cross-coupled NOR gates whose loop gain exceeds 1.  ``S`` pushes towards :math:`+h^*`, ``R``
(weighted twice, so reset wins when both are 1, as in the NOR latch) towards :math:`-h^*`.
Read out with a dead band (:func:`logicsim.analogy.tables.decode_levels`), the unit passes the
NOR SR latch's own test table for ``w = 2`` and fails it for ``w = 0.5``.  The stored level
:math:`h^*` must clear the threshold: with :math:`\theta = 0.5` that needs :math:`w \gtrsim 1.1`.
"""

from __future__ import annotations

import numpy as np

from logicsim.analogy.tables import TableResult, decode_levels, run_table


def neural_flipflop(w: float, u: float = 3.0):
    """A :class:`logicsim.nn.RNN` with one tanh unit and inputs (S, R).

    Parameters
    ----------
    w : float
        Self-weight ``W_hh`` (the feedback wire's gain).
    u : float
        Input weight: ``W_ih = [[u, -2u]]``; biases are 0.
    """
    from logicsim.nn import RNN

    cell = RNN(input_size=2, hidden_size=1, nonlinearity="tanh", seed=0)
    cell.load_state_dict(
        {
            "weight_ih_l0": np.array([[u, -2.0 * u]]),  # (1, 2)
            "weight_hh_l0": np.array([[w]]),  # (1, 1)
            "bias_ih_l0": np.zeros(1),
            "bias_hh_l0": np.zeros(1),
        }
    )
    return cell


def hold_rows(inputs: np.ndarray, steps_per_row: int) -> np.ndarray:
    """Repeat each table row for ``steps_per_row`` time steps: ``(R, D) -> (R * steps, 1, D)``."""
    x = np.repeat(np.asarray(inputs, dtype=np.float64), steps_per_row, axis=0)  # (T, D)
    return x[:, None, :]  # (T, 1, D)


def run_flipflop_table(
    w: float, u: float = 3.0, steps_per_row: int = 10, threshold: float = 0.5
) -> TableResult:
    """Run the NOR SR latch's test table against the neural flip-flop with self-weight ``w``.

    Each row is held for ``steps_per_row`` steps and ``Q`` is read at its last step; ``Qn`` is
    not compared (the one-unit net has a single output).
    """
    cell = neural_flipflop(w, u)

    def model(inputs: np.ndarray) -> dict[str, np.ndarray]:
        trace = cell.forward(hold_rows(inputs, steps_per_row))  # h: (T, 1, 1)
        h_end = trace.h[steps_per_row - 1 :: steps_per_row, 0, 0]  # (R,)
        return {"Q": decode_levels(h_end, threshold)}

    return run_table("sr_latch_nor", model, columns=["Q"])
