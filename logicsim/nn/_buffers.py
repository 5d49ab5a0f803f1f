"""Reuse of large per-call arrays once nothing refers to them any more.

A training step of an ensemble allocates tens of megabytes of per-step buffers (traces,
gradients) and frees them again.  The allocator returns such blocks to the operating system,
and every fresh 4 KiB page then costs a page fault (about 1 us) on first touch: for an LSTM
ensemble step that was a third of the time.  :data:`POOL` keeps a few buffers of each shape and
hands one out again once the only references left are the pool's own -- any live view of it
(a trace attribute, a gradient array) keeps it from being reused.  Values are never carried
over: callers write every element they read (as with ``np.empty``).

The check relies on CPython's reference counts (without the global interpreter lock, or on another
interpreter, the pool is off: :data:`ENABLED`).  A buffer is never handed out twice: while one
caller inspects or takes it, its own reference makes the count too high for anyone else (this holds
with the GIL, also when a worker thread trains while the main thread reads old traces).
"""

from __future__ import annotations

import math
import sys
from collections import OrderedDict

import numpy as np

#: Arrays smaller than this are left to the allocator (small blocks are reused without faults).
MIN_BYTES = 1 << 15
#: Buffers kept per (shape, dtype): a caller may still hold the previous call's trace.
PER_KEY = 3
#: Upper bound on the bytes the pool keeps alive; least recently used shapes are dropped first.
MAX_BYTES = 64 << 20


def _idle_refs() -> int:
    """Reference count of a pooled array nobody else holds, seen from :meth:`BufferPool.empty`.

    Measured with the same loop :meth:`BufferPool.empty` uses (3 on CPython 3.11: the bucket,
    the loop variable and getrefcount's argument), so it stays right if the interpreter starts
    borrowing some of those references.
    """
    bucket = [np.empty(1)]
    for buf in bucket:
        return sys.getrefcount(buf)
    raise AssertionError("unreachable")


_IDLE_REFS = _idle_refs()
#: The reference-count test needs CPython with its global interpreter lock; elsewhere (PyPy, a
#: free-threaded build) the pool hands out fresh arrays only.
ENABLED = sys.implementation.name == "cpython" and getattr(sys, "_is_gil_enabled", lambda: True)()


class BufferPool:
    """Hand out arrays of a given shape and dtype, reusing those nobody refers to any more."""

    def __init__(
        self, min_bytes: int = MIN_BYTES, per_key: int = PER_KEY, max_bytes: int = MAX_BYTES
    ) -> None:
        self.min_bytes, self.per_key, self.max_bytes = min_bytes, per_key, max_bytes
        self._buckets: OrderedDict[tuple, list[np.ndarray]] = OrderedDict()
        self._bytes = 0

    def empty(self, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        """A writable C-contiguous array of ``shape``; its contents are arbitrary."""
        dtype = np.dtype(dtype)
        nbytes = math.prod(shape) * dtype.itemsize
        if not ENABLED or nbytes < self.min_bytes or nbytes > self.max_bytes:
            return np.empty(shape, dtype=dtype)
        key = (tuple(shape), dtype.str)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = []
        else:
            self._buckets.move_to_end(key)
            for buf in bucket:
                if sys.getrefcount(buf) == _IDLE_REFS:
                    buf.flags.writeable = True  # traces are handed out read-only
                    return buf
        buf = np.empty(shape, dtype=dtype)
        if len(bucket) < self.per_key:
            self._make_room(nbytes, key)
            bucket.append(buf)
            self._bytes += nbytes
        return buf

    def zeros(self, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        """Like :meth:`empty`, filled with zeros."""
        buf = self.empty(shape, dtype)
        buf.fill(0)
        return buf

    def clear(self) -> None:
        """Drop every pooled array (arrays still in use elsewhere stay valid)."""
        self._buckets.clear()
        self._bytes = 0

    def _make_room(self, nbytes: int, keep: tuple) -> None:
        """Forget least recently used shapes until ``nbytes`` more fit under ``max_bytes``."""
        while self._bytes + nbytes > self.max_bytes and len(self._buckets) > 1:
            key = next(iter(self._buckets))
            if key == keep:
                self._buckets.move_to_end(key)
                continue
            for buf in self._buckets.pop(key):
                self._bytes -= buf.nbytes


#: The pool shared by the recurrent layers.
POOL = BufferPool()
