"""The buffer pool behind the LSTM loops: reuse only what nobody refers to any more."""

from __future__ import annotations

import numpy as np
import pytest

from logicsim.nn import LSTM
from logicsim.nn._buffers import BufferPool


def test_pool_reuses_a_released_buffer() -> None:
    pool = BufferPool(min_bytes=0)
    a = pool.empty((8, 16), np.float32)
    ptr = a.ctypes.data
    del a
    b = pool.empty((8, 16), np.float32)
    assert b.ctypes.data == ptr
    assert b.flags.writeable and b.flags.c_contiguous and b.dtype == np.float32


def test_pool_keeps_buffers_with_live_views() -> None:
    pool = BufferPool(min_bytes=0)
    a = pool.empty((8, 16), np.float64)
    view = a[2:, ::2].T  # keeps `a` alive through .base
    a.flags.writeable = False
    ptr = a.ctypes.data
    del a
    b = pool.empty((8, 16), np.float64)
    assert b.ctypes.data != ptr
    assert view.base is not None and view.base.ctypes.data == ptr
    assert pool.zeros((8, 16), np.float64).sum() == 0.0


def test_pool_respects_its_byte_limit() -> None:
    pool = BufferPool(min_bytes=0, per_key=1, max_bytes=1000)
    for n in range(1, 20):
        pool.empty((n, 10), np.float32)
    assert pool._bytes <= 1000
    pool.clear()
    assert pool._bytes == 0


@pytest.mark.parametrize("ensemble", [None, 4])
def test_old_traces_and_grads_survive_later_steps(ensemble: int | None) -> None:
    """Buffers handed out in a trace or gradients are never recycled while still referenced."""
    T, B, D, H = 60, 32, 8, 16  # large enough for every per-step buffer to go through the pool
    cell = LSTM(D, H, seed=3, dtype=np.float32, ensemble=ensemble)
    rng = np.random.default_rng(0)
    lead = () if ensemble is None else (ensemble,)
    x1 = rng.normal(size=(T, B, D))
    dh1 = rng.normal(size=lead + (T, B, H))
    trace1 = cell.forward(x1)
    grads1 = cell.backward(trace1, dh1)
    kept_h, kept_c = trace1.h.copy(), trace1.c.copy()
    kept_dz, kept_dh = grads1.dz.copy(), grads1.dh_steps.copy()
    kept_w = {k: v.copy() for k, v in grads1.params.items()}
    for _ in range(3):
        trace = cell.forward(rng.normal(size=(T, B, D)))
        cell.backward(trace, rng.normal(size=lead + (T, B, H)))
    np.testing.assert_array_equal(trace1.h, kept_h)
    np.testing.assert_array_equal(trace1.c, kept_c)
    np.testing.assert_array_equal(grads1.dz, kept_dz)
    np.testing.assert_array_equal(grads1.dh_steps, kept_dh)
    for k, v in grads1.params.items():
        np.testing.assert_array_equal(v, kept_w[k])
    # A fresh run over the same data agrees with the kept one, bit for bit.
    again = cell.backward(cell.forward(x1), dh1)
    np.testing.assert_array_equal(again.dz, kept_dz)
    np.testing.assert_array_equal(again.dx, grads1.dx)


def test_dx_uses_the_weights_of_the_backward_pass() -> None:
    """dx is computed on first access; an in-place weight update in between must not leak in."""
    cell = LSTM(8, 4, seed=1, dtype=np.float64)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(7, 3, 8))
    dh = rng.normal(size=(7, 3, 4))
    trace = cell.forward(x)
    reference = cell.backward(trace, dh).dx.copy()
    grads = cell.backward(trace, dh)
    cell.params["weight_ih_l0"] += 1.0  # what an optimizer step does
    np.testing.assert_array_equal(grads.dx, reference)


def test_pool_is_off_where_reference_counts_cannot_be_trusted(monkeypatch) -> None:
    import logicsim.nn._buffers as buffers

    monkeypatch.setattr(buffers, "ENABLED", False)
    pool = BufferPool(min_bytes=0)
    a = pool.empty((8, 16), np.float32)
    b = pool.empty((8, 16), np.float32)
    assert a.shape == b.shape == (8, 16) and a.ctypes.data != b.ctypes.data
    assert pool._bytes == 0 and not pool._buckets  # nothing was kept for reuse
