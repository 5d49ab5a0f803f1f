"""Adapters that present each lecture task to the :class:`~logicsim.training.trainer.Trainer`.

An adapter says how a task is read out and scored and serves its batches:

* read-out ``"last"`` + cross-entropy: temporal order (classify at the ``E`` step);
* read-out ``"steps"`` + BCE-with-logits with the state carried across chunks: signal echo;
* read-out ``"steps"`` + cross-entropy with the state carried across windows: language modelling.

Every member of an ensemble sees the same data; the members differ in their initial weights.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.tasks.batchify import batchify, bptt_windows
from logicsim.tasks.echo import Echo
from logicsim.tasks.temporal_order import TemporalOrder

#: Offset between the training and test data seeds.
TEST_SEED_OFFSET = 1_000_003


@dataclass
class TaskSpec:
    """How a task is read out and scored."""

    input_size: int  # D, width of one input row
    output_size: int  # C, classes (or 1 for a binary per-step target)
    readout: str  # "last" or "steps"
    loss: str  # "ce" (cross-entropy) or "bce" (binary cross-entropy with logits)
    carry_state: bool  # carry (and detach) the hidden state from one batch to the next


class TemporalOrderTask:
    """Temporal order: fresh batches every epoch, classified at the last step."""

    def __init__(
        self,
        difficulty: str = "easy",
        batch_size: int = 32,
        batches_per_epoch: int = 31,
        test_batches: int = 31,
        seed: int = 0,
        n_symbols: int = 2,
        dtype: type = np.float64,
    ) -> None:
        self.train_gen = TemporalOrder(difficulty, batch_size, seed, n_symbols, dtype)
        self.test_gen = TemporalOrder(
            difficulty, batch_size, seed + TEST_SEED_OFFSET, n_symbols, dtype
        )
        self.n_batches = int(batches_per_epoch)
        self.n_test = int(test_batches)
        if self.n_batches < 1 or self.n_test < 1:
            raise LogicsimError("batches per epoch and test batches must be at least 1")
        self.spec = TaskSpec(8, self.train_gen.n_classes, "last", "ce", False)

    def train_batches(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """One epoch of fresh training batches ``x (T, B, 8)``, ``y (B,)``."""
        return self.train_gen.epoch(self.n_batches)

    def test_batches(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Fresh test batches (a new draw every epoch, as in the notebook)."""
        return self.test_gen.epoch(self.n_test)

    def encode_one(self, sequence: str) -> np.ndarray:
        """One string as ``(T, 1, 8)`` without padding (for state recordings)."""
        return self.train_gen.encode([sequence], seq_len=len(sequence))

    def example(self) -> str:
        """A random sequence from the test distribution."""
        return self.test_gen.sample()[0]


class EchoTask:
    """Signal echo: bit streams walked chunk by chunk, state carried across chunks.

    As in the notebook, every pass (each training epoch and each evaluation) draws fresh streams.
    """

    def __init__(
        self,
        echo_step: int = 3,
        series_length: int = 20_000,
        batch_size: int = 5,
        chunk_length: int = 20,
        seed: int = 0,
        dtype: type = np.float64,
    ) -> None:
        self.train_data = Echo(echo_step, series_length, batch_size, chunk_length, seed, dtype)
        self.test_data = Echo(
            echo_step, series_length, batch_size, chunk_length, seed + TEST_SEED_OFFSET, dtype
        )
        self.n_batches = len(self.train_data)
        self.spec = TaskSpec(1, 1, "steps", "bce", True)

    def train_batches(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Chunks ``x, y (L, B, 1)`` of fresh streams, in stream order."""
        self.train_data.new_series()
        return self.train_data.chunks()

    def test_batches(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Chunks of fresh test streams in stream order (the state is carried here too)."""
        self.test_data.new_series()
        return self.test_data.chunks()

    def encode_one(self, bits: str) -> np.ndarray:
        """A bit string like ``"0110"`` as ``(T, 1, 1)``."""
        if not bits or set(bits) - {"0", "1"}:
            raise LogicsimError(f"echo input must be a string of 0 and 1, got {bits!r}")
        return np.array([float(b) for b in bits], dtype=self.train_data.dtype)[:, None, None]

    def example(self) -> str:
        """The first 40 bits of the test stream 0."""
        return "".join(str(int(v)) for v in self.test_data.x_series[:40, 0, 0])


class LanguageModelTask:
    """Next-symbol prediction on a text, batch-ified into columns and cut into BPTT windows.

    Parameters
    ----------
    text : str
        The training corpus; its distinct characters form the vocabulary.
    batch_size, bptt : int
        Columns ``B`` and window length ``T``.
    test_text : str, optional
        Held-out text (same vocabulary); the training text when omitted.
    """

    def __init__(
        self,
        text: str,
        batch_size: int = 8,
        bptt: int = 16,
        test_text: str | None = None,
        dtype: type = np.float64,
    ) -> None:
        self.vocab = "".join(sorted(set(text)))
        self.dtype = dtype
        self.columns = batchify(self.indices(text), batch_size)  # (R, B)
        test = self.indices(test_text) if test_text else self.indices(text)
        self.test_columns = batchify(test, min(batch_size, max(1, len(test) // 2)))
        self.bptt = int(bptt)
        self.n_batches = -(-(self.columns.shape[0] - 1) // self.bptt)
        self.spec = TaskSpec(len(self.vocab), len(self.vocab), "steps", "ce", True)

    def indices(self, text: str) -> np.ndarray:
        """Characters -> vocabulary indices."""
        missing = set(text) - set(self.vocab)
        if missing:
            raise LogicsimError(
                f"characters {''.join(sorted(missing))!r} are not in the vocabulary"
            )
        return np.array([self.vocab.index(ch) for ch in text], dtype=np.int64)

    def one_hot(self, idx: np.ndarray) -> np.ndarray:
        """Indices ``(T, B)`` -> one-hot ``(T, B, V)``."""
        return np.eye(len(self.vocab), dtype=self.dtype)[idx]

    def _windows(self, cols: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for x, y in bptt_windows(cols, self.bptt):
            yield self.one_hot(x), y

    def train_batches(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Windows ``x (T, B, V)`` one-hot and next-symbol targets ``y (T, B)``."""
        return self._windows(self.columns)

    def test_batches(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Windows of the held-out columns."""
        return self._windows(self.test_columns)

    def encode_one(self, text: str) -> np.ndarray:
        """A string as one-hot ``(T, 1, V)``."""
        return self.one_hot(self.indices(text)[:, None])

    def example(self) -> str:
        """The first 30 characters of the corpus."""
        return "".join(self.vocab[i] for i in self.columns[:30, 0])
