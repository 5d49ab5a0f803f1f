"""The temporal-order task (Hochreiter & Schmidhuber 1997, experiments 6a and 6b).

A sequence starts with ``B``, ends with ``E`` and is filled with distractors from ``a b c d``,
except at two (6a) or three (6b) relevant positions that hold ``X`` or ``Y``.  The class names
the order of those symbols, so a network must remember what it saw at ``t1`` across a long
stretch of noise.  Sequences of one batch have different lengths; they are padded with all-zero
rows at the *front*, so the last time step is always the ``E`` step and the classifier reads the
output there.

One-hot order ``X Y a b c d B E`` and classes ``Q R S U`` (6a) follow the course notebook's
generator; ranges are inclusive.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import DTypeLike

from logicsim.errors import LogicsimError
from logicsim.ranges import check_request_bytes

#: One-hot order of the 8 input symbols.
SYMBOLS = "XYabcdBE"
#: Distractor symbols that fill the non-relevant positions.
DISTRACTORS = "abcd"
#: Class names: 6a (two relevant symbols) and 6b (three).
CLASSES_6A = ("Q", "R", "S", "U")
CLASSES_6B = ("Q", "R", "S", "U", "V", "A", "B", "C")
#: Sequences per epoch as in the notebook: 31 batches of 32.
BATCHES_PER_EPOCH = 31


@dataclass(frozen=True)
class Level:
    """Ranges of one difficulty level (all bounds inclusive)."""

    length: tuple[int, int]  # sequence length including B and E
    t1: tuple[int, int]  # position of the first relevant symbol
    t2: tuple[int, int]  # position of the second relevant symbol
    padded: int  # time length of every batch (front padding up to here)
    t3: tuple[int, int] | None = None  # third relevant symbol (6b only)


#: Experiment 6a levels exactly as the course notebook defines them.
LEVELS_6A: dict[str, Level] = {
    "easy": Level((7, 8), (1, 2), (4, 5), 9),
    "normal": Level((30, 40), (2, 5), (20, 27), 41),
    "moderate": Level((60, 80), (10, 20), (45, 54), 81),
    "hard": Level((100, 110), (10, 20), (50, 60), 111),
    "nightmare": Level((300, 500), (10, 80), (250, 290), 501),
}

#: Experiment 6b (three relevant symbols).  HARD uses the paper's ranges (t1 10-20, t2 33-43,
#: t3 66-76); the other levels are this project's scaling of the same idea.
LEVELS_6B: dict[str, Level] = {
    "easy": Level((10, 11), (1, 2), (4, 5), 12, (7, 8)),
    "normal": Level((30, 40), (2, 5), (12, 16), 41, (20, 27)),
    "moderate": Level((60, 80), (10, 20), (30, 37), 81, (45, 54)),
    "hard": Level((100, 110), (10, 20), (33, 43), 111, (66, 76)),
    "nightmare": Level((300, 500), (10, 80), (150, 200), 501, (250, 290)),
}


def level_names() -> tuple[str, ...]:
    """Names of the difficulty levels, easiest first."""
    return tuple(LEVELS_6A)


class TemporalOrder:
    """Seeded batch generator for the temporal-order task.

    Parameters
    ----------
    difficulty : str
        ``easy``, ``normal``, ``moderate``, ``hard`` or ``nightmare`` (case-insensitive).
    batch_size : int
        Sequences per batch (the notebook uses 32).
    seed : int or None
        Seed of the generator; the same seed gives the same batches.
    n_symbols : int
        2 for experiment 6a (4 classes), 3 for experiment 6b (8 classes).
    dtype : numpy dtype
        Float type of the input arrays.

    Examples
    --------
    >>> gen = TemporalOrder("easy", batch_size=2, seed=0)
    >>> x, y = gen.batch()
    >>> x.shape, y.shape
    ((9, 2, 8), (2,))
    """

    def __init__(
        self,
        difficulty: str = "easy",
        batch_size: int = 32,
        seed: int | None = None,
        n_symbols: int = 2,
        dtype: DTypeLike = np.float64,
    ) -> None:
        key = str(difficulty).lower()
        if key not in LEVELS_6A:
            raise LogicsimError(
                f"unknown difficulty {difficulty!r}; choose one of {', '.join(LEVELS_6A)}"
            )
        if n_symbols not in (2, 3):
            raise LogicsimError(f"n_symbols must be 2 (experiment 6a) or 3 (6b), not {n_symbols}")
        if int(batch_size) < 1:
            raise LogicsimError(f"batch_size must be at least 1, not {batch_size}")
        self.difficulty = key
        self.n_symbols = n_symbols
        self.level = (LEVELS_6A if n_symbols == 2 else LEVELS_6B)[key]
        self.classes = CLASSES_6A if n_symbols == 2 else CLASSES_6B
        self.batch_size = int(batch_size)
        # a batch holds B strings and a (T, B, 8) array: refuse absurd sizes before drawing one
        check_request_bytes(
            "batch_size", self.batch_size * self.level.padded * (8 * 8 + 64), "use a smaller batch"
        )
        self.seed = seed
        self.dtype = dtype
        self.rng = np.random.default_rng(seed)

    # -- sizes ---------------------------------------------------------------------------------
    @property
    def input_size(self) -> int:
        """Width of one input row (8 one-hot symbols)."""
        return len(SYMBOLS)

    @property
    def n_classes(self) -> int:
        """Number of output classes (4 for 6a, 8 for 6b)."""
        return len(self.classes)

    @property
    def seq_len(self) -> int:
        """Padded time length ``T_pad`` of every batch."""
        return self.level.padded

    def __len__(self) -> int:
        """Batches per epoch (31, as in the notebook)."""
        return BATCHES_PER_EPOCH

    # -- generation ----------------------------------------------------------------------------
    def sample(self) -> tuple[str, str]:
        """Draw one ``(sequence, class)`` pair as strings, e.g. ``("BbXcXcbE", "Q")``."""
        lv, rng = self.level, self.rng
        length = int(rng.integers(lv.length[0], lv.length[1] + 1))
        chars = list(rng.choice(list(DISTRACTORS), size=length))
        chars[0], chars[-1] = "B", "E"
        label = int(rng.integers(0, self.n_classes))
        ranges = [lv.t1, lv.t2] + ([lv.t3] if lv.t3 is not None else [])
        positions = [int(rng.integers(lo, hi + 1)) for lo, hi in ranges]
        for k, pos in enumerate(positions):
            # bit k (most significant first) of the label picks X (0) or Y (1)
            bit = (label >> (len(positions) - 1 - k)) & 1
            chars[pos] = "XY"[bit]
        return "".join(chars), self.classes[label]

    def batch(self) -> tuple[np.ndarray, np.ndarray]:
        """Return a fresh batch.

        Returns
        -------
        x : ndarray, shape (T_pad, B, 8)
            One-hot inputs, zero rows at the front.
        y : ndarray of int64, shape (B,)
            Class indices.
        """
        pairs = [self.sample() for _ in range(self.batch_size)]
        return self.encode([p[0] for p in pairs]), self.encode_labels([p[1] for p in pairs])

    def epoch(self, n_batches: int = BATCHES_PER_EPOCH) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``n_batches`` fresh batches (one notebook epoch by default)."""
        for _ in range(n_batches):
            yield self.batch()

    # -- encoding ------------------------------------------------------------------------------
    def encode(self, sequences: Sequence[str], seq_len: int | None = None) -> np.ndarray:
        """One-hot encode strings, padding zeros at the front.

        Parameters
        ----------
        sequences : list of str
            Strings over ``XYabcdBE``.
        seq_len : int, optional
            Padded length; the level's padded length by default (or the longest string if longer).

        Returns
        -------
        x : ndarray, shape (T_pad, B, 8)
        """
        if isinstance(sequences, str):
            sequences = [sequences]
        longest = max((len(s) for s in sequences), default=0)
        T = max(seq_len if seq_len is not None else self.seq_len, longest)
        x = np.zeros((T, len(sequences), len(SYMBOLS)), dtype=self.dtype)  # (T, B, 8)
        for b, s in enumerate(sequences):
            bad = set(s) - set(SYMBOLS)
            if bad:
                raise LogicsimError(f"unknown symbol(s) {''.join(sorted(bad))!r} in {s!r}")
            idx = [SYMBOLS.index(ch) for ch in s]
            x[np.arange(T - len(s), T), b, idx] = 1.0
        return x

    def decode(self, x: np.ndarray) -> str:
        """Turn one sequence ``x[:, b]`` of shape ``(T, 8)`` back into a string, padding removed."""
        x = np.asarray(x)
        if x.ndim != 2 or x.shape[1] != len(SYMBOLS):
            raise LogicsimError(f"decode expects shape (T, {len(SYMBOLS)}), got {x.shape}")
        used = np.abs(x).sum(axis=1) > 0
        return "".join(SYMBOLS[i] for i in np.argmax(x[used], axis=1))

    def encode_labels(self, labels: Sequence[str]) -> np.ndarray:
        """Class names -> indices, shape (B,)."""
        try:
            return np.array([self.classes.index(c) for c in labels], dtype=np.int64)
        except ValueError:
            raise LogicsimError(f"unknown class in {list(labels)!r}; use {self.classes}") from None

    def decode_label(self, y: int) -> str:
        """Class index -> class name."""
        return self.classes[int(y)]

    def __repr__(self) -> str:
        return (
            f"TemporalOrder({self.difficulty!r}, batch_size={self.batch_size}, seed={self.seed}, "
            f"n_symbols={self.n_symbols})"
        )
