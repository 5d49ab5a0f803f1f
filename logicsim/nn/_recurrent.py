"""Pieces shared by the RNN and LSTM cells: checking x, initial states and incoming gradients,
the one-matmul input projection ``W_ih x[t] + b`` for all steps at once, and the float32
flush of vanishing backward carries."""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.nn._common import as_array, time_first


def check_x(cell: Any, x: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``x`` for ``cell``.

    Returns
    -------
    x_pub : ndarray, shape (T, B, D) or (K, T, B, D)
        The input as given (cast to the cell's dtype).
    x_tf : ndarray, shape (T, B, D), (T, 1, B, D) or (T, K, B, D)
        Time-first view; a shared ensemble input gets a broadcasting axis of length 1.
    """
    D, K = cell.input_size, cell.ensemble
    if K is None:
        arr = as_array("x", x, cell.dtype, [(None, None, D)], f"(T, B, {D})")
        return arr, arr
    arr = as_array(
        "x",
        x,
        cell.dtype,
        [(None, None, D), (K, None, None, D)],
        f"(T, B, {D}) or ({K}, T, B, {D})",
    )
    if arr.ndim == 3:
        return arr, arr[:, None]  # (T, 1, B, D)
    return arr, np.moveaxis(arr, 0, 1)  # (T, K, B, D)


def input_projection(
    x_pub: np.ndarray, W: np.ndarray, b: np.ndarray, K: int | None, out: np.ndarray
) -> None:
    """Write ``x[t] W^T + b`` for every step into ``out`` with one matmul.

    Parameters
    ----------
    x_pub : ndarray, shape (T, B, D) or (K, T, B, D)
    W : ndarray, shape ([K,] n, D)
    b : ndarray, shape ([K,] n)
    out : ndarray, shape (T, [K,] B, n), C-contiguous
    """
    n, D = W.shape[-2], W.shape[-1]
    if K is None:
        out2 = out.reshape(-1, n)  # (T*B, n) view
        np.matmul(x_pub.reshape(-1, D), W.T, out=out2)
        out2 += b
        return
    T, B = out.shape[0], out.shape[2]
    if x_pub.ndim == 3:
        xw = np.matmul(x_pub.reshape(1, -1, D), np.swapaxes(W, 1, 2))  # (K, T*B, n)
    else:
        xw = np.matmul(x_pub.reshape(K, -1, D), np.swapaxes(W, 1, 2))  # (K, T*B, n)
    np.copyto(out, np.moveaxis(xw.reshape(K, T, B, n), 0, 1))  # (T, K, B, n)
    out += b[:, None, :]


def initial_state(cell: Any, name: str, value: Any, B: int) -> np.ndarray | float:
    """Validate an initial state; return ``([K,] B, H)`` array or 0.0 when ``value`` is None."""
    if value is None:
        return 0.0
    H, K = cell.hidden_size, cell.ensemble
    if K is None:
        return as_array(name, value, cell.dtype, [(B, H)], f"({B}, {H})")
    return as_array(name, value, cell.dtype, [(B, H), (K, B, H)], f"({B}, {H}) or ({K}, {B}, {H})")


def dh_inputs(
    cell: Any, dh: Any, dh_last: Any, shape_tf: tuple[int, ...]
) -> tuple[np.ndarray | None, np.ndarray]:
    """Validate the gradient flowing into the outputs.

    Returns
    -------
    dh_tf : ndarray, shape (T, [K,] B, H), or None
        Time-first view of ``dh`` (None when ``dh`` is None: no direct gradient).
    dh_next : ndarray, shape ([K,] B, H)
        A fresh buffer holding ``dh_last`` (or zeros): the gradient arriving at h[T] from later.
    """
    K = cell.ensemble
    T, B, H = shape_tf[0], shape_tf[-2], shape_tf[-1]
    want = (T, B, H) if K is None else (K, T, B, H)
    last = last_grad(cell, "dh_last", dh_last, shape_tf[1:])
    if dh is None:
        return None, last
    arr = as_array("dh", dh, cell.dtype, [want], str(want))
    return time_first(arr, K), last


def last_grad(cell: Any, name: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """A fresh ``([K,] B, H)`` buffer holding ``value`` (validated) or zeros."""
    buf = np.zeros(shape, dtype=cell.dtype)
    if value is not None:
        buf[...] = as_array(name, value, cell.dtype, [shape], str(shape))
    return buf


class Flush:
    """Zero the backward carries that have decayed into the subnormal float32 range.

    Over long sequences dL/dh and dL/dc can shrink geometrically; once float32 values turn
    subnormal (below ``finfo(float32).tiny``, about 1.18e-38) every operation touching them runs
    many times slower on x86.  Every few steps the carry entries that are subnormal are set to
    zero, as flush-to-zero hardware modes do.  Normal values are never touched, so a carry that
    is tiny but still normal (and may grow again, e.g. through ``W_hh = 2I``) is kept exactly as
    PyTorch keeps it; each flushed entry changes by less than 1.2e-38.  Between two flushes a
    decaying carry may spend a few steps subnormal.  float64 is left untouched (its subnormals
    start near 2.2e-308).
    """

    def __init__(self, carries: np.ndarray) -> None:
        # Short sequences cannot decay that far from ordinary gradient sizes: no flushing.
        self.every = 8 if carries.dtype == np.float32 and len(carries) > 32 else 0
        self.carries = carries
        if self.every:
            self.absbuf = np.empty((2,) + carries.shape[1:], dtype=carries.dtype)
            self.mask = np.empty((2,) + carries.shape[1:], dtype=bool)
            self.threshold = np.finfo(carries.dtype).tiny  # smallest normal float32

    def __call__(self, t: int) -> None:
        """Flush ``carries[t + 1 : t + 3]`` (LSTM: h-bar_t and c-bar_{t+1}; RNN: h-bar_t,
        h-bar_{t+1})."""
        block = self.carries[t + 1 : t + 3]
        n = len(block)
        np.abs(block, out=self.absbuf[:n])
        np.less(self.absbuf[:n], self.threshold, out=self.mask[:n])
        np.copyto(block, 0.0, where=self.mask[:n])
