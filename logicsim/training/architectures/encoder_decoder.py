"""Sequence -> vector -> sequence: reverse a word through a fixed-size code (encoder-decoder).

Architecture: an encoder LSTM reads the input symbols; its final state ``(h[T], c[T])`` is the
only thing passed on - a fixed-size vector, the "meaning" in the lecture's translation example.
A decoder LSTM starts from that state and writes the output one symbol at a time, fed with the
symbol it should have written before (teacher forcing while training, its own guess when used):

.. math::

    (h_e, c_e) = \\mathrm{Enc}(x[1..T]), \\quad
    h_d[t], c_d[t] = \\mathrm{Dec}(e(y[t-1]), h_d[t-1], c_d[t-1]),\\ (h_d[0], c_d[0]) = (h_e, c_e)

The gradient reaches the encoder only through the code: the decoder's ``dL/dh_d[0]`` and
``dL/dc_d[0]`` are handed to the encoder's backward pass as the gradient of its final state.
"""

from __future__ import annotations

import numpy as np

from logicsim.nn import LSTM, Linear, cross_entropy
from logicsim.training.architectures._common import AdamDemo, one_hot, prefixed

ARCHITECTURE = "sequence -> vector -> sequence"
SHOWS = (
    "The whole input is squeezed into one fixed-size state, then unrolled into the output: an "
    "encoder-decoder, the classic translation architecture, here reversing a word."
)


class ReverseSequence(AdamDemo):
    """Learn ``"abcd" -> "dcba"`` through a code of size ``2 * hidden``.

    Parameters
    ----------
    length : int
        Length of the words.
    alphabet : str
        Symbols the words are made of.
    hidden : int
        LSTM size of encoder and decoder.
    seed : int
        Seed of the weights and of the data.
    """

    architecture = ARCHITECTURE
    shows = SHOWS
    STEPS, LR = 300, 0.01
    TRAINING = "fresh random words, 64 per batch"

    def __init__(
        self, length: int = 4, alphabet: str = "abcdef", hidden: int = 32, seed: int = 0
    ) -> None:
        self.length, self.alphabet = length, alphabet
        V = len(alphabet)
        self.encoder = LSTM(V, hidden, seed=seed)
        self.decoder = LSTM(V + 1, hidden, seed=seed + 1)  # one extra input: the start mark
        self.head = Linear(hidden, V, seed=seed + 2)
        self.seed = seed
        self.losses: list[float] = []

    def _words(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.integers(0, len(self.alphabet), size=(self.length, n))  # (T, B)

    def _decoder_inputs(self, target: np.ndarray) -> np.ndarray:
        V = len(self.alphabet)
        start = np.zeros((1, target.shape[1], V + 1))
        start[..., V] = 1.0  # the start mark
        prev = np.concatenate([one_hot(target[:-1], V), np.zeros(target[:-1].shape + (1,))], -1)
        return np.concatenate([start, prev], axis=0)  # (T, B, V + 1)

    def code(self, words: list[str]) -> np.ndarray:
        """The fixed-size vector of each word: ``[h_e; c_e]``, shape (B, 2H)."""
        idx = np.array([[self.alphabet.index(ch) for ch in w] for w in words]).T  # (T, B)
        h, c = self.encoder.forward(one_hot(idx, len(self.alphabet))).final_state
        return np.concatenate([h, c], axis=-1)

    def _step(self, rng: np.random.Generator) -> tuple[float, dict[str, np.ndarray]]:
        src = self._words(rng, 64)  # (T, B)
        tgt = src[::-1]  # reversed
        enc = self.encoder.forward(one_hot(src, len(self.alphabet)))
        dec = self.decoder.forward(self._decoder_inputs(tgt), *enc.final_state)
        logits = self.head.forward(dec.h)  # (T, B, V)
        loss, dlogits = cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1))
        head_grads, dh = self.head.backward(dec.h, dlogits.reshape(logits.shape))
        dec_grads = self.decoder.backward(dec, dh)
        # the code is the only path back to the encoder
        enc_grads = self.encoder.backward(
            enc, np.zeros_like(enc.h), dh_last=dec_grads.dh0, dc_last=dec_grads.dc0
        )
        grads = {f"enc.{k}": v for k, v in enc_grads.params.items()}
        grads.update({f"dec.{k}": v for k, v in dec_grads.params.items()})
        grads.update({f"head.{k}": v for k, v in head_grads.items()})
        return float(loss), grads

    def _params(self) -> dict[str, np.ndarray]:
        return prefixed(enc=self.encoder, dec=self.decoder, head=self.head)

    def translate(self, words: list[str]) -> list[str]:
        """Decode greedily from each word's code, feeding every output back in."""
        V = len(self.alphabet)
        idx = np.array([[self.alphabet.index(ch) for ch in w] for w in words]).T  # (T, B)
        state = self.encoder.forward(one_hot(idx, V)).final_state
        x = np.zeros((1, len(words), V + 1))
        x[..., V] = 1.0  # start mark
        out = []
        for _ in range(self.length):
            trace = self.decoder.forward(x, *state)
            state = trace.final_state
            sym = np.argmax(self.head.forward(trace.h[-1]), axis=-1)  # (B,)
            out.append(sym)
            x = np.concatenate([one_hot(sym, V), np.zeros((len(words), 1))], -1)[None]
        return ["".join(self.alphabet[i] for i in col) for col in np.array(out).T]

    def accuracy(self, n: int = 300, seed: int = 12345) -> float:
        """Fraction of fresh random words reversed exactly."""
        idx = self._words(np.random.default_rng(seed), n).T
        words = ["".join(self.alphabet[i] for i in row) for row in idx]
        return float(
            np.mean([o == w[::-1] for o, w in zip(self.translate(words), words, strict=True)])
        )
