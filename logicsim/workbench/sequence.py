"""Input sequences of the recurrent bench: drawing, encoding and the target at the last step.

Two alphabets exist.  Temporal-order symbols ``XYabcdBE`` are one-hot rows of width 8 (the
notebook's order); echo bits ``0``/``1`` are rows of width 1.  A typed string made only of
``0`` and ``1`` is read as echo bits, anything else as temporal-order symbols.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from logicsim.errors import LogicsimError

#: One-hot order of the temporal-order symbols (REFERENCE.md section 2).
SYMBOLS = "XYabcdBE"
#: Temporal-order classes by the X/Y order: XX, XY, YX, YY.
CLASSES = ("Q", "R", "S", "U")
#: Longest sequence the bench accepts (NIGHTMARE tops out at 500).
MAX_LENGTH = 2000


def is_bits(sequence: str) -> bool:
    """True when ``sequence`` is an echo bit string (only ``0`` and ``1``)."""
    return bool(sequence) and set(sequence) <= {"0", "1"}


def check_sequence(sequence: str) -> str:
    """Return ``sequence`` if it is a usable input string, else raise :class:`LogicsimError`."""
    if not isinstance(sequence, str):
        raise LogicsimError(f"sequence must be text, got {sequence!r}")
    if not sequence:
        raise LogicsimError("sequence: at least one symbol is needed")
    if len(sequence) > MAX_LENGTH:
        raise LogicsimError(f"sequence: {len(sequence)} symbols is more than {MAX_LENGTH}")
    if not is_bits(sequence):
        bad = sorted(set(sequence) - set(SYMBOLS))
        if bad:
            raise LogicsimError(
                f"sequence: unknown symbol(s) {''.join(bad)!r}; use {SYMBOLS} or only 0/1 bits"
            )
    return sequence


def draw_temporal_order(difficulty: str, data_seed: int) -> str:
    """One temporal-order sequence (no padding) from :class:`logicsim.tasks.TemporalOrder`."""
    from logicsim.tasks import TemporalOrder

    seq, _label = TemporalOrder(difficulty, batch_size=1, seed=data_seed).sample()
    return seq


def draw_echo(length: int, data_seed: int) -> str:
    """``length`` random bits with p = 0.5, as the echo task's input stream."""
    bits = np.random.default_rng(data_seed).integers(0, 2, size=length)  # (length,)
    return "".join("01"[int(b)] for b in bits)


def encode(sequence: str, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Encode a checked sequence as one batch row.

    Returns
    -------
    x : ndarray, shape (T, 1, D)
        D = 8 (one-hot over ``XYabcdBE``) or D = 1 (echo bits).
    """
    T = len(sequence)
    if is_bits(sequence):
        return np.array([float(ch) for ch in sequence], dtype=dtype).reshape(T, 1, 1)
    x = np.zeros((T, 1, len(SYMBOLS)), dtype=dtype)  # (T, 1, 8)
    x[np.arange(T), 0, [SYMBOLS.index(ch) for ch in sequence]] = 1.0
    return x


def target_of(sequence: str, echo_step: int) -> tuple[int, str] | None:
    """Target at the last step: ``(index, label)`` or None when the sequence defines none.

    Temporal order: the class of the X/Y order (needs exactly two X/Y symbols).
    Echo bits: the input ``echo_step`` steps before the last one (0 when there is none).
    """
    if is_bits(sequence):
        T = len(sequence)
        bit = int(sequence[T - 1 - echo_step]) if T - 1 - echo_step >= 0 else 0
        return bit, str(bit)
    marks = [ch for ch in sequence if ch in "XY"]
    if len(marks) != 2:
        return None
    k = 2 * "XY".index(marks[0]) + "XY".index(marks[1])
    return k, CLASSES[k]
