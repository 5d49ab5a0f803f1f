"""Small helpers shared by the four architecture demos: one-hot coding and an Adam loop."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from logicsim.nn import Adam


def one_hot(idx: ArrayLike, n: int, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Integer array of any shape -> one-hot array with a trailing axis of size ``n``."""
    return np.eye(n, dtype=dtype)[np.asarray(idx)]


class HasParams(Protocol):
    """A layer whose trainable arrays are ``params``, by name."""

    @property
    def params(self) -> Mapping[str, np.ndarray]: ...


def prefixed(**modules: HasParams) -> dict[str, np.ndarray]:
    """Gather the live parameter arrays of several layers as ``{"<module>.<name>": array}``."""
    out: dict[str, np.ndarray] = {}
    for name, module in modules.items():
        for key, value in module.params.items():
            out[f"{name}.{key}"] = value
    return out


def fit(
    params: Mapping[str, np.ndarray],
    step: Callable[[np.random.Generator], tuple[float, dict[str, np.ndarray]]],
    steps: int,
    lr: float,
    seed: int = 0,
    max_seconds: float | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[float]:
    """Run ``steps`` Adam updates; ``step(rng)`` returns ``(loss, grads)`` for a fresh batch.

    Stops early after ``max_seconds`` of wall time when given, or before any step for which
    ``should_stop()`` is true (e.g. a cancel request from another thread).  Returns the loss
    curve of the steps taken.
    """
    opt = Adam(dict(params), lr=lr)
    rng = np.random.default_rng(seed)
    losses: list[float] = []
    t0 = time.perf_counter()
    for _ in range(int(steps)):
        if should_stop is not None and should_stop():
            break
        loss, grads = step(rng)
        opt.step(grads)
        losses.append(float(loss))
        if max_seconds is not None and time.perf_counter() - t0 > max_seconds:
            break
    return losses


class AdamDemo:
    """The training loop shared by the demos trained with Adam (:func:`fit`).

    A subclass sets its defaults ``STEPS`` and ``LR`` and ``TRAINING`` (what one step trains
    on), keeps ``self.losses`` and ``self.seed`` and provides ``_params()`` (the live parameter
    arrays by prefixed name) and ``_step(rng)`` returning ``(loss, grads)``.
    """

    STEPS = 300
    LR = 0.01
    TRAINING = "fresh batches"
    seed = 0
    losses: list[float]

    def _params(self) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def _step(self, rng: np.random.Generator) -> tuple[float, dict[str, np.ndarray]]:
        raise NotImplementedError

    def train(
        self,
        steps: int | None = None,
        lr: float | None = None,
        max_seconds: float | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[float]:
        """Adam for ``steps`` steps (default ``STEPS``) at ``lr`` (default ``LR``) on
        ``TRAINING``; returns the loss curve of every step taken so far.

        Stops early after ``max_seconds`` of wall time, or before a step for which
        ``should_stop()`` is true (a cancel request from another thread).
        """
        self.losses += fit(
            self._params(),
            self._step,
            self.STEPS if steps is None else steps,
            self.LR if lr is None else lr,
            seed=self.seed,
            max_seconds=max_seconds,
            should_stop=should_stop,
        )
        return self.losses
