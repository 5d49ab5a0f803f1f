"""Vector -> sequence: spell a digit, one letter at a time (autoregressive, like captioning).

Architecture: the input is one vector (the one-hot digit, standing in for an image code).  An
LSTM decoder sees that vector at every step together with the letter it produced last, and a
linear head predicts the next letter:

.. math::

    h[t], c[t] = \\mathrm{LSTM}([v; e(w[t-1])], h[t-1], c[t-1]), \\qquad
    p(w[t]) = \\mathrm{softmax}(W_y h[t] + b_y)

Training feeds the true previous letter (teacher forcing); generation feeds back its own
prediction until the end mark ``$`` - that loop is what "autoregressive" means.
"""

from __future__ import annotations

import numpy as np

from logicsim.nn import LSTM, Linear, cross_entropy
from logicsim.training.architectures._common import AdamDemo, one_hot, prefixed

NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
START, END = "^", "$"
ARCHITECTURE = "vector -> sequence"
SHOWS = (
    "One vector in, a sequence out: each generated letter is fed back as the next input "
    "(autoregressive decoding, as in image captioning)."
)


class SpellDigits(AdamDemo):
    """Learn to spell ``3 -> "three"``.

    Parameters
    ----------
    hidden : int
        LSTM size.
    seed : int
        Seed of the weights.
    """

    architecture = ARCHITECTURE
    shows = SHOWS
    STEPS, LR = 300, 0.02
    TRAINING = "all ten digits at once (full batch)"

    def __init__(self, hidden: int = 32, seed: int = 0) -> None:
        self.vocab = START + END + "".join(sorted(set("".join(NAMES))))
        V = len(self.vocab)
        self.cell = LSTM(10 + V, hidden, seed=seed)
        self.head = Linear(hidden, V, seed=seed + 1)
        self.T = max(len(n) for n in NAMES) + 1  # letters + the end mark
        # teacher-forcing batch: all ten digits, targets padded with END
        targets = [n + END * (self.T - len(n)) for n in NAMES]
        inputs = [START + t[:-1] for t in targets]
        self.y = np.array([[self.vocab.index(ch) for ch in t] for t in targets]).T  # (T, 10)
        prev = np.array([[self.vocab.index(ch) for ch in s] for s in inputs]).T  # (T, 10)
        digit = one_hot(np.tile(np.arange(10), (self.T, 1)), 10)  # (T, 10, 10)
        self.x = np.concatenate([digit, one_hot(prev, V)], axis=-1)  # (T, 10, 10 + V)
        self.losses: list[float] = []

    def _step(self, rng: np.random.Generator) -> tuple[float, dict[str, np.ndarray]]:
        trace = self.cell.forward(self.x)
        logits = self.head.forward(trace.h)  # (T, 10, V)
        loss, dlogits = cross_entropy(logits.reshape(-1, logits.shape[-1]), self.y.reshape(-1))
        head_grads, dh = self.head.backward(trace.h, dlogits.reshape(logits.shape))
        cell_grads = self.cell.backward(trace, dh)
        grads = {f"cell.{k}": v for k, v in cell_grads.params.items()}
        grads.update({f"head.{k}": v for k, v in head_grads.items()})
        return float(loss), grads

    def _params(self) -> dict[str, np.ndarray]:
        return prefixed(cell=self.cell, head=self.head)

    def spell(self, digit: int, max_len: int = 10) -> str:
        """Generate the spelling of ``digit`` greedily, feeding each letter back in."""
        V = len(self.vocab)
        state: tuple[np.ndarray, ...] = ()
        prev, out = START, ""
        for _ in range(max_len):
            x = np.concatenate([one_hot(digit, 10), one_hot(self.vocab.index(prev), V)])
            trace = self.cell.forward(x[None, None, :], *state)  # one step, batch 1
            state = trace.final_state
            prev = self.vocab[int(np.argmax(self.head.forward(trace.h[-1, 0])))]
            if prev == END:
                break
            out += prev
        return out

    def accuracy(self) -> float:
        """Fraction of the ten digits spelled exactly."""
        return float(np.mean([self.spell(d) == NAMES[d] for d in range(10)]))
