"""Batch-ification for language modelling, as the lecture draws it.

A long stream of symbols is laid out in ``B`` columns (column ``b`` holds the ``b``-th contiguous
slice of the stream), time running down.  Training walks down the columns in windows of ``T``
rows (the BPTT period); the target of each row is the next row.  Because window ``k + 1``
continues window ``k`` in every column, the hidden state ``h[T]`` is carried over, but its
gradient is cut at the window border.

With the alphabet ``a ... x``, ``B = 4`` and ``T = 3`` the columns are ``a-f``, ``g-l``, ``m-r``,
``s-x`` and the first window is ``[[a g m s], [b h n t], [c i o u]]`` with targets
``[[b h n t], [c i o u], [d j p v]]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError


def batchify(stream: Sequence[Any] | np.ndarray, batch_size: int) -> np.ndarray:
    """Lay a stream out in ``batch_size`` columns, dropping the tail that does not fit.

    Parameters
    ----------
    stream : sequence or ndarray, shape (N, ...)
        Symbols (characters, indices or vectors).
    batch_size : int
        Number of columns ``B``.

    Returns
    -------
    columns : ndarray, shape (N // B, B, ...)
        ``columns[t, b] = stream[b * (N // B) + t]``.
    """
    arr = np.asarray(list(stream) if isinstance(stream, str) else stream)
    if batch_size < 1:
        raise LogicsimError(f"batch size must be at least 1, not {batch_size}")
    rows = arr.shape[0] // batch_size
    if rows < 2:
        raise LogicsimError(
            f"a stream of {arr.shape[0]} symbols is too short for {batch_size} columns"
        )
    arr = arr[: rows * batch_size]
    cols = arr.reshape((batch_size, rows) + arr.shape[1:])  # (B, N/B, ...)
    return np.swapaxes(cols, 0, 1)  # (N/B, B, ...)


def bptt_windows(columns: np.ndarray, bptt: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Cut the columns into windows of ``bptt`` rows with targets shifted by one row.

    Parameters
    ----------
    columns : ndarray, shape (R, B, ...)
        Output of :func:`batchify`.
    bptt : int
        Window length ``T``; the last window may be shorter.

    Yields
    ------
    x : ndarray, shape (T, B, ...)
        ``columns[i : i + T]``.
    y : ndarray, shape (T, B, ...)
        ``columns[i + 1 : i + 1 + T]`` (the next symbol of every input).
    """
    if bptt < 1:
        raise LogicsimError(f"BPTT window must be at least 1, not {bptt}")
    R = columns.shape[0]
    for i in range(0, R - 1, bptt):
        T = min(bptt, R - 1 - i)
        yield columns[i : i + T], columns[i + 1 : i + 1 + T]


def lecture_alphabet_example() -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """The lecture's picture: ``a ... x`` in 4 columns, windows of 3 rows.

    Returns
    -------
    columns : ndarray of str, shape (6, 4)
    windows : list of (x, y) pairs, each of shape (T, 4)
    """
    columns = batchify("abcdefghijklmnopqrstuvwx", 4)
    return columns, list(bptt_windows(columns, 3))
