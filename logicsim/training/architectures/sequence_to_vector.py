"""Sequence -> vector: read a short expression, output its value ("execute a program").

Architecture: an LSTM reads the characters of ``7-3+5`` (one-hot, front-padded to a common
length); only the last hidden state goes through a linear head, which outputs one number:

.. math::

    \\hat v = W_y h[T] + b_y, \\qquad L = \\tfrac1B \\sum_b (\\hat v_b - v_b)^2

It is the lecture's program-executing net in miniature: the whole input must be read, and kept
in the state, before the single answer comes out.  The network has to learn that a digit after
``-`` subtracts - operator and operand are seen at different time steps.
"""

from __future__ import annotations

import numpy as np

from logicsim.nn import LSTM, Linear
from logicsim.training.architectures._common import AdamDemo, one_hot, prefixed

ALPHABET = "0123456789+-"
ARCHITECTURE = "sequence -> vector"
SHOWS = (
    "A whole sequence in, one value out: the net reads an expression and must hold a running "
    "result in its state, like the lecture's net that executes a tiny program."
)


def random_expression(rng: np.random.Generator, max_terms: int = 3) -> str:
    """A string like ``"7-3+5"`` with 2..max_terms single-digit terms."""
    n = int(rng.integers(2, max_terms + 1))
    digits = rng.integers(0, 10, size=n)
    ops = rng.choice(["+", "-"], size=n - 1)
    return str(digits[0]) + "".join(f"{o}{d}" for o, d in zip(ops, digits[1:], strict=True))


def evaluate(expression: str) -> int:
    """Value of a ``+``/``-`` expression of single digits (left to right)."""
    value, sign = 0, 1
    for ch in expression:
        if ch in "+-":
            sign = 1 if ch == "+" else -1
        else:
            value += sign * int(ch)
    return value


class ExpressionValue(AdamDemo):
    """Learn ``"7-3+5" -> 9``.

    Parameters
    ----------
    hidden : int
        LSTM size.
    max_terms : int
        Longest expression in digits (2..max_terms terms).
    seed : int
        Seed of the weights and of the data.
    """

    architecture = ARCHITECTURE
    shows = SHOWS
    STEPS, LR = 600, 0.01
    TRAINING = "fresh random batches of 64 expressions"
    scale = 10.0  # the head predicts value / scale

    def __init__(self, hidden: int = 24, max_terms: int = 3, seed: int = 0) -> None:
        self.max_terms = max_terms
        self.T = 2 * max_terms - 1
        self.cell = LSTM(len(ALPHABET), hidden, seed=seed)
        self.head = Linear(hidden, 1, seed=seed + 1)
        self.seed = seed
        self.losses: list[float] = []

    def encode(self, expressions: list[str]) -> np.ndarray:
        """Front-padded one-hot batch, shape (T, B, 12)."""
        x = np.zeros((self.T, len(expressions), len(ALPHABET)))  # (T, B, 12)
        for b, e in enumerate(expressions):
            x[self.T - len(e) :, b] = one_hot([ALPHABET.index(ch) for ch in e], len(ALPHABET))
        return x

    def predict(self, expressions: list[str]) -> np.ndarray:
        """Predicted values, shape (B,)."""
        trace = self.cell.forward(self.encode(expressions))
        return self.head.forward(trace.h[-1])[:, 0] * self.scale

    def _step(self, rng: np.random.Generator) -> tuple[float, dict[str, np.ndarray]]:
        exprs = [random_expression(rng, self.max_terms) for _ in range(64)]
        target = np.array([evaluate(e) for e in exprs]) / self.scale  # (B,)
        trace = self.cell.forward(self.encode(exprs))
        h_last = trace.h[-1]  # (B, H)
        err = self.head.forward(h_last)[:, 0] - target  # (B,)
        loss = float(np.mean(err**2))
        dy = (2.0 * err / err.size)[:, None]  # dL/dv_hat, (B, 1)
        head_grads, dh_last = self.head.backward(h_last, dy)
        dh = np.zeros_like(trace.h)  # (T, B, H)
        dh[-1] = dh_last
        grads = {f"cell.{k}": v for k, v in self.cell.backward(trace, dh).params.items()}
        grads.update({f"head.{k}": v for k, v in head_grads.items()})
        return loss, grads

    def _params(self) -> dict[str, np.ndarray]:
        return prefixed(cell=self.cell, head=self.head)

    def accuracy(self, n: int = 500, seed: int = 12345) -> float:
        """Fraction of fresh expressions whose prediction rounds to the exact value."""
        rng = np.random.default_rng(seed)
        exprs = [random_expression(rng, self.max_terms) for _ in range(n)]
        truth = np.array([evaluate(e) for e in exprs])
        return float(np.mean(np.rint(self.predict(exprs)) == truth))
