"""Three-valued logic levels (0, 1, X) stored as two bit-planes packed 64 rows per word.

A signal over a batch of ``B`` rows is a pair of planes ``(v, k)``:

* ``k`` (known) has bit ``r`` set when row ``r`` holds a definite level;
* ``v`` (value) has bit ``r`` set when that level is 1.

The pair is *canonical* when ``v`` is a subset of ``k`` (an unknown row keeps ``v = 0``); every
operation in :mod:`logicsim.logic.gates` keeps it so.  Planes are ``numpy.uint64`` arrays with
``W = ceil(B / 64)`` words (row ``r`` lives in word ``r // 64``, bit ``r % 64``) or plain Python
integers with ``B`` bits; the bitwise operators are the same for both.

Outside the packed core a level is a small integer code: ``0``, ``1`` and :data:`X` ``= 2``.
"""

from __future__ import annotations

import numpy as np

from logicsim.errors import LogicsimError

#: Code of the unknown level in unpacked arrays (0 and 1 stand for themselves).
X = 2

#: Symbols accepted for each code when reading text (tables, ``--set``, ``[init]``).
_SYMBOLS = {"0": 0, "1": 1, "x": X, "X": X}


def n_words(batch: int) -> int:
    """Number of 64-bit words that hold ``batch`` rows: ``ceil(batch / 64)``."""
    return max(1, (int(batch) + 63) // 64)


def row_mask(batch: int) -> np.ndarray:
    """Words with one bit set per real row; padding bits of the last word are 0.

    Returns
    -------
    mask : ndarray of uint64, shape (W,)
    """
    bits = np.zeros(n_words(batch) * 64, dtype=bool)  # (64 W,)
    bits[:batch] = True
    return pack_bits(bits, batch=n_words(batch) * 64)


def pack_bits(bits: np.ndarray, batch: int | None = None) -> np.ndarray:
    """Pack booleans over the batch axis (last axis) into little-endian uint64 words.

    Parameters
    ----------
    bits : ndarray of bool, shape (..., B)
    batch : int, optional
        Number of rows ``B`` (defaults to the last axis length).

    Returns
    -------
    words : ndarray of uint64, shape (..., W)
    """
    bits = np.asarray(bits, dtype=bool)
    B = bits.shape[-1] if batch is None else batch
    W = n_words(B)
    padded = np.zeros(bits.shape[:-1] + (W * 64,), dtype=bool)  # (..., 64 W)
    padded[..., : bits.shape[-1]] = bits
    packed = np.packbits(padded, axis=-1, bitorder="little")  # (..., 8 W) uint8
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64)  # (..., W)


def unpack_bits(words: np.ndarray, batch: int) -> np.ndarray:
    """Inverse of :func:`pack_bits`: ``(..., W)`` uint64 -> ``(..., B)`` bool."""
    words = np.ascontiguousarray(np.asarray(words, dtype="<u8"))
    raw = words.view(np.uint8)  # (..., 8 W)
    return np.unpackbits(raw, axis=-1, bitorder="little")[..., :batch].astype(bool)


def encode(codes: np.ndarray, batch: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0/1/X over the batch axis -> canonical planes ``(v, k)``.

    Parameters
    ----------
    codes : array_like of int, shape (..., B)

    Returns
    -------
    v, k : ndarray of uint64, shape (..., W)
    """
    codes = np.asarray(codes)
    k = pack_bits(codes != X, batch)
    v = pack_bits(codes == 1, batch)
    return v & k, k


def decode(v: np.ndarray, k: np.ndarray, batch: int) -> np.ndarray:
    """Planes ``(v, k)`` of shape ``(..., W)`` -> codes of shape ``(..., B)`` (int8, X = 2)."""
    val = unpack_bits(v, batch)
    known = unpack_bits(k, batch)
    return np.where(known, val, X).astype(np.int8)


def parse_level(text: str | int, where: str = "value") -> int:
    """Read ``0``, ``1`` or ``X`` (also the integer codes 0, 1, 2) as a code; else an error."""
    if isinstance(text, bool):
        return int(text)
    if isinstance(text, int) and text in (0, 1, X):
        return text
    code = _SYMBOLS.get(str(text).strip())
    if code is None:
        raise LogicsimError(f"{where}: expected 0, 1 or X, got {text!r}")
    return code


def level_text(code: int) -> str:
    """Code -> one character: ``'0'``, ``'1'`` or ``'X'``."""
    return "X" if int(code) == X else str(int(code))
