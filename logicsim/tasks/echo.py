"""The signal-echo task: output the input bit stream delayed by ``echo_step`` steps.

This is the recurrent twin of a shift register of ``echo_step`` flip-flops.  A few long random
bit streams (one per batch column) are cut into consecutive chunks; chunk ``k + 1`` continues
chunk ``k``, so the trainer must carry the hidden state from one chunk to the next (and cut the
gradient there: truncated backpropagation through time).  The first ``echo_step`` targets are 0
because nothing has been heard yet.

Defaults follow the course notebook: 20,000 steps, 5 streams, chunks of 20 steps (1,000 chunks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import DTypeLike

from logicsim.errors import LogicsimError
from logicsim.ranges import check_request_bytes


@dataclass(frozen=True)
class EchoConfig:
    """Sizes of the echo data."""

    echo_step: int = 3  # delay between an input bit and its echo
    series_length: int = 20_000  # steps in each stream
    batch_size: int = 5  # parallel streams (batch columns)
    chunk_length: int = 20  # steps per truncated-BPTT chunk


class Echo:
    """Random bit streams and their delayed copies, served as consecutive chunks.

    Parameters
    ----------
    echo_step, series_length, batch_size, chunk_length : int
        See :class:`EchoConfig`.
    seed : int or None
        Seed; the same seed gives the same streams.
    dtype : numpy dtype
        Float type of inputs and targets.

    Examples
    --------
    >>> data = Echo(echo_step=2, series_length=40, batch_size=3, chunk_length=10, seed=0)
    >>> len(data), data[0][0].shape
    (4, (10, 3, 1))
    """

    def __init__(
        self,
        echo_step: int = 3,
        series_length: int = 20_000,
        batch_size: int = 5,
        chunk_length: int = 20,
        seed: int | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        self.config = EchoConfig(
            int(echo_step), int(series_length), int(batch_size), int(chunk_length)
        )
        c = self.config
        if c.echo_step < 0:
            raise LogicsimError(f"echo_step must be >= 0, not {c.echo_step}")
        if c.batch_size < 1 or c.chunk_length < 1:
            raise LogicsimError("batch_size and chunk_length must be at least 1")
        if c.series_length < c.chunk_length:
            raise LogicsimError(
                f"series_length ({c.series_length}) must hold at least one chunk ({c.chunk_length})"
            )
        if c.echo_step >= c.series_length:
            raise LogicsimError("echo_step must be shorter than the series")
        check_request_bytes(
            "series_length x batch_size",
            float(c.series_length) * c.batch_size * (2 * 8 + 2 * np.dtype(dtype).itemsize),
            "use shorter or fewer streams",
        )
        self.seed = seed
        self.dtype = dtype
        self.rng = np.random.default_rng(seed)
        self.new_series()

    @property
    def echo_step(self) -> int:
        """Delay in steps."""
        return self.config.echo_step

    def new_series(self) -> None:
        """Draw fresh streams: ``x[t, b] ~ Bernoulli(0.5)`` and ``y[t] = x[t - echo_step]``."""
        c = self.config
        n = (c.series_length // c.chunk_length) * c.chunk_length  # drop an incomplete tail
        bits = self.rng.integers(0, 2, size=(n, c.batch_size))  # (N, B)
        y = np.zeros_like(bits)  # (N, B)
        y[c.echo_step :] = bits[: n - c.echo_step]
        self.x_series = bits.astype(self.dtype)[:, :, None]  # (N, B, 1)
        self.y_series = y.astype(self.dtype)[:, :, None]  # (N, B, 1)

    def __len__(self) -> int:
        """Number of chunks per epoch."""
        return self.x_series.shape[0] // self.config.chunk_length

    def __getitem__(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Chunk ``k``: ``x, y`` of shape ``(chunk_length, B, 1)``; chunk ``k+1`` continues it."""
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        k %= len(self)
        L = self.config.chunk_length
        return self.x_series[k * L : (k + 1) * L], self.y_series[k * L : (k + 1) * L]

    def chunks(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield every chunk in order."""
        for k in range(len(self)):
            yield self[k]

    def __repr__(self) -> str:
        c = self.config
        return (
            f"Echo(echo_step={c.echo_step}, series_length={c.series_length}, "
            f"batch_size={c.batch_size}, chunk_length={c.chunk_length}, seed={self.seed})"
        )
