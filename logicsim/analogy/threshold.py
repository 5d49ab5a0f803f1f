r"""Feed-forward nets of threshold units are combinational logic.

A threshold unit outputs :math:`y = H(w^\top x + b)` with the step :math:`H(a) = 1` for
:math:`a > 0`, else 0.  With chosen weights one unit is a gate:

=====  =============  =====
gate   weights w      b
=====  =============  =====
NOT    (-1)           0.5
AND    (1, 1)         -1.5
OR     (1, 1)         -0.5
NAND   (-1, -1)       1.5
NOR    (-1, -1)       0.5
=====  =============  =====

XOR is not one unit: it would need :math:`b \le 0`, :math:`w_1 + b > 0`, :math:`w_2 + b > 0`
and :math:`w_1 + w_2 + b \le 0`; adding the middle two gives :math:`w_1 + w_2 + b > -b \ge 0`,
a contradiction (XOR is not linearly separable).  A hidden layer fixes it:
:math:`\mathrm{XOR} = \mathrm{AND}(\mathrm{OR}(a, b), \mathrm{NAND}(a, b))` -- two layers, as in
the XOR-from-NAND circuit.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np


@dataclass
class ThresholdNet:
    """Layers of threshold units, ``h_{l+1} = H(W_l h_l + b_l)``."""

    weights: list[np.ndarray]  # W_l, shape (out_l, in_l)
    biases: list[np.ndarray]  # b_l, shape (out_l,)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Evaluate on rows of 0/1 inputs.

        Parameters
        ----------
        x : ndarray, shape (R, D)

        Returns
        -------
        y : ndarray of int8, shape (R, out)
        """
        h = np.asarray(x, dtype=np.float64)  # (R, D)
        for W, b in zip(self.weights, self.biases, strict=True):
            h = (h @ np.asarray(W, dtype=np.float64).T + b > 0).astype(np.float64)  # (R, out_l)
        return h.astype(np.int8)

    @property
    def depth(self) -> int:
        """Number of layers of units (1 = no hidden layer)."""
        return len(self.weights)

    def as_model(self, output: str = "Y"):
        """A model for :func:`logicsim.analogy.tables.run_table` with one output column."""
        return lambda x: {output: self(x)[:, 0]}


def unit(w: list[float], b: float) -> ThresholdNet:
    """A single threshold unit as a one-layer net."""
    return ThresholdNet([np.array([w], dtype=np.float64)], [np.array([b], dtype=np.float64)])


#: Library circuit name -> a threshold net computing it.
GATE_NETS: dict[str, ThresholdNet] = {
    "not_gate": unit([-1.0], 0.5),
    "and_gate": unit([1.0, 1.0], -1.5),
    "or_gate": unit([1.0, 1.0], -0.5),
    "nand_gate": unit([-1.0, -1.0], 1.5),
    "nor_gate": unit([-1.0, -1.0], 0.5),
    "xor_gate": ThresholdNet(
        [np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([[1.0, 1.0]])],  # hidden: OR, NAND
        [np.array([-0.5, 1.5]), np.array([-1.5])],  # output: AND of the two
    ),
}


def single_unit_functions(
    n_inputs: int = 2, values: tuple[float, ...] = (-2, -1, 0, 1, 2)
) -> set[tuple[int, ...]]:
    """Every truth table one threshold unit computes with weights from ``values`` and biases
    halfway between them.

    For two inputs this grid already reaches all 14 linearly separable functions of the 16, so
    the two missing ones are exactly XOR and XNOR.

    Returns
    -------
    tables : set of tuple of int
        Output column (rows in counting order) of each function reached.
    """
    rows = np.array(list(itertools.product((0, 1), repeat=n_inputs)), dtype=np.float64)  # (R, n)
    biases = [v + 0.5 for v in values] + [values[0] - 0.5]
    found = set()
    for w in itertools.product(values, repeat=n_inputs):
        for b in biases:
            found.add(tuple((rows @ np.array(w, dtype=np.float64) + b > 0).astype(int).tolist()))
    return found
