r"""An LSTM unit with saturated gates is a gated D latch.

Inputs are ``(D, E)``; with a large gain ``s`` every gate is pinned near 0 or 1 (PyTorch gate
order i, f, g, o):

.. math::

    i = \sigma\big(s(E - \tfrac12)\big), \quad f = \sigma\big(s(\tfrac12 - E)\big), \quad
    g = \tanh\big(s(2D - 1)\big), \quad o = \sigma(s)

    c[t] = f \odot c[t-1] + i \odot g, \qquad h[t] = o \odot \tanh(c[t])

so ``E = 1`` writes (i = 1, f = 0: :math:`c = \pm 1` from D) and ``E = 0`` keeps (i = 0, f = 1),
exactly the latch's enable.  Read with a dead band, :math:`h = \pm\tanh 1 \approx \pm 0.76`
gives Q; the unit passes the gated D latch's own test table.  With weak gains the gates leak and
the table fails.
"""

from __future__ import annotations

import numpy as np

from logicsim.analogy.flipflop import hold_rows
from logicsim.analogy.tables import TableResult, decode_levels, run_table
from logicsim.logic.values import X


def lstm_latch(s: float = 20.0):
    """A :class:`logicsim.nn.LSTM` with one unit wired as a gated D latch (gain ``s``)."""
    from logicsim.nn import LSTM

    cell = LSTM(input_size=2, hidden_size=1, seed=0)
    W_ih = np.array(
        [
            [0.0, s],  # i: enable opens the input gate
            [0.0, -s],  # f: enable closes the forget gate (f = 0 clears the old bit)
            [2.0 * s, 0.0],  # g: candidate +1 for D = 1, -1 for D = 0
            [0.0, 0.0],  # o: always open
        ]
    )  # (4, 2)
    b_ih = np.array([-s / 2, s / 2, -s, s])  # (4,)
    cell.load_state_dict(
        {
            "weight_ih_l0": W_ih,
            "weight_hh_l0": np.zeros((4, 1)),
            "bias_ih_l0": b_ih,
            "bias_hh_l0": np.zeros(4),
        }
    )
    return cell


def run_lstm_latch_table(
    s: float = 20.0, steps_per_row: int = 3, threshold: float = 0.5
) -> TableResult:
    """Run the gated D latch's test table (Q and Qn = not Q) against :func:`lstm_latch`."""
    cell = lstm_latch(s)

    def model(inputs: np.ndarray) -> dict[str, np.ndarray]:
        trace = cell.forward(hold_rows(inputs, steps_per_row))  # h, c: (T, 1, 1)
        q = decode_levels(trace.h[steps_per_row - 1 :: steps_per_row, 0, 0], threshold)  # (R,)
        qn = np.where(q == X, X, 1 - q).astype(np.int8)
        return {"Q": q, "Qn": qn}

    return run_table("d_latch", model)
