"""Shared plumbing for the layers: argument checks, seeded init, state dicts, ensemble layout.

Every layer keeps its parameters in a plain ``dict`` of NumPy arrays named as in PyTorch.  With an
ensemble of ``K`` members every parameter carries a leading axis ``K``; member ``k`` is drawn from
``numpy.random.default_rng(seeds[k])`` in exactly the order a single model draws them, so member
``k`` equals the single model built with ``seed=seeds[k]`` bit for bit.

Internally the recurrent cells keep per-step buffers time-first, ``(T, [K,] B, n)``, so that one
step is a contiguous slice and the same code serves a single model and an ensemble (``np.matmul``
broadcasts the leading ``K``).  The public arrays of an ensemble are ``(K, T, B, n)`` views of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError

_DTYPES = {np.dtype(np.float64), np.dtype(np.float32)}


class NNInputError(LogicsimError):
    """Bad argument given to a layer, loss or optimizer (wrong shape, non-finite value, ...)."""


def check_size(name: str, value: Any) -> int:
    """Return ``value`` as an int, raising :class:`NNInputError` unless it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise NNInputError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def resolve_dtype(dtype: Any) -> np.dtype:
    """Return ``dtype`` as a NumPy float dtype; only float32 and float64 are supported."""
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise NNInputError(f"dtype must be float32 or float64, got {dtype!r}") from exc
    if dt not in _DTYPES:
        raise NNInputError(f"dtype must be float32 or float64, got {dt}")
    return dt


def resolve_seeds(seed: Any, ensemble: int | None) -> tuple[list[Any], int | None]:
    """Turn ``seed`` / ``ensemble`` into one seed per member.

    ``seed`` may be an int (or None for fresh entropy) or a sequence of K ints.  With
    ``ensemble=K`` and an int seed ``s`` the members use ``s, s+1, ..., s+K-1``; with a sequence and
    ``ensemble=None`` the ensemble size is the sequence length.

    Returns
    -------
    seeds : list
        One seed per member (a single entry when there is no ensemble).
    ensemble : int or None
        The ensemble size, or None for a single model.
    """
    if ensemble is not None:
        ensemble = check_size("ensemble", ensemble)
    if isinstance(seed, Sequence | np.ndarray) and not isinstance(seed, str | bytes):
        seeds = [int(s) for s in seed]
        if ensemble is None:
            if len(seeds) == 0:
                raise NNInputError("seed sequence must not be empty")
            return seeds, len(seeds)
        if len(seeds) != ensemble:
            raise NNInputError(
                f"seed: expected {ensemble} seeds for ensemble={ensemble}, got {len(seeds)}"
            )
        return seeds, ensemble
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)):
        raise NNInputError(f"seed must be an int, None or a sequence of ints, got {seed!r}")
    if ensemble is None:
        return [seed], None
    if seed is None:
        return [None] * ensemble, ensemble
    return [int(seed) + k for k in range(ensemble)], ensemble


def uniform_params(
    spec: Sequence[tuple[str, tuple[int, ...]]],
    bound: float,
    seeds: Sequence[Any],
    ensemble: int | None,
    dtype: np.dtype,
) -> dict[str, np.ndarray]:
    """Draw every parameter of ``spec`` from U(-bound, bound), in order, one generator per member.

    Values are drawn in float64 and then cast, so a float32 model is the float64 one rounded.
    """
    members = []
    for s in seeds:
        rng = np.random.default_rng(s)
        members.append({name: rng.uniform(-bound, bound, size=shape) for name, shape in spec})
    if ensemble is None:
        return {name: members[0][name].astype(dtype) for name, _ in spec}
    return {name: np.stack([m[name] for m in members]).astype(dtype) for name, _ in spec}


def as_array(
    name: str, value: Any, dtype: np.dtype, shapes: Sequence[tuple[int | None, ...]], what: str
) -> np.ndarray:
    """Convert ``value`` to a finite array of ``dtype`` whose shape matches one of ``shapes``.

    ``None`` inside a shape pattern matches any size >= 1.  ``what`` spells the expected shape
    in words for the error message, e.g. ``"(T, B, 8)"``.
    """
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise NNInputError(f"{name}: expected a numeric array of shape {what}: {exc}") from exc
    for pattern in shapes:
        if arr.ndim == len(pattern) and all(
            (p is None and n >= 1) or p == n for p, n in zip(pattern, arr.shape, strict=True)
        ):
            break
    else:
        raise NNInputError(f"{name}: expected shape {what}, got {arr.shape}")
    if not np.isfinite(arr).all():
        raise NNInputError(f"{name} contains NaN or inf values")
    return arr


def time_first(arr: np.ndarray, ensemble: int | None) -> np.ndarray:
    """View a public ``(K, T, ...)`` array as the internal ``(T, K, ...)`` layout (no copy)."""
    return arr if ensemble is None else np.moveaxis(arr, 0, 1)


def member_first(arr: np.ndarray, ensemble: int | None) -> np.ndarray:
    """View an internal ``(T, K, ...)`` array as the public ``(K, T, ...)`` layout (no copy)."""
    return arr if ensemble is None else np.moveaxis(arr, 1, 0)


def outer_sum(a: np.ndarray, b: np.ndarray, ensemble: int | None) -> np.ndarray:
    r"""Sum of outer products over time and batch: :math:`\sum_{t,b} a[t,b]^\top b[t,b]`.

    Parameters
    ----------
    a : ndarray, shape (T, [K,] B, m)
    b : ndarray, shape (T, [K or 1,] B, n)

    Returns
    -------
    ndarray, shape ([K,] m, n)
    """
    if ensemble is None:
        a2 = a.reshape(-1, a.shape[-1])  # (T*B, m)
        b2 = b.reshape(-1, b.shape[-1])  # (T*B, n)
        return a2.T @ b2
    k = a.shape[1]
    bk = np.broadcast_to(b, a.shape[:-1] + b.shape[-1:])  # a shared input has K axis 1
    ak = np.moveaxis(a, 1, 0).reshape(k, -1, a.shape[-1])  # (K, T*B, m)
    bk = np.moveaxis(bk, 1, 0).reshape(k, -1, b.shape[-1])  # (K, T*B, n)
    return np.matmul(ak.transpose(0, 2, 1), bk)  # (K, m, n)


class ParamModule:
    """Base class of every layer: ``params`` dict plus copying state dicts with validation."""

    params: dict[str, np.ndarray]
    dtype: np.dtype
    ensemble: int | None

    def state_dict(self) -> dict[str, np.ndarray]:
        """Return a copy of every parameter, keyed by its PyTorch name."""
        return {name: p.copy() for name, p in self.params.items()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Copy ``state`` into the parameters in place (arrays held elsewhere stay valid).

        Raises
        ------
        NNInputError
            If a name is missing or unexpected, a shape differs, or a value is NaN/inf.
            Nothing is changed when an error is raised.
        """
        if not isinstance(state, Mapping):
            raise NNInputError(f"state dict must be a mapping, got {type(state).__name__}")
        missing = sorted(set(self.params) - set(state))
        extra = sorted(set(state) - set(self.params))
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing keys {missing}")
            if extra:
                parts.append(f"unexpected keys {extra}")
            raise NNInputError("state dict does not match: " + "; ".join(parts))
        new = {}
        for name, p in self.params.items():
            value = state[name]
            if hasattr(value, "detach"):  # a torch tensor
                value = value.detach().cpu().numpy()
            arr = np.asarray(value)
            if arr.shape != p.shape:
                raise NNInputError(f"state dict: {name} expected shape {p.shape}, got {arr.shape}")
            if not np.issubdtype(arr.dtype, np.number) or not np.isfinite(arr).all():
                raise NNInputError(f"state dict: {name} contains NaN, inf or non-numeric values")
            new[name] = arr
        for name, arr in new.items():
            np.copyto(self.params[name], arr, casting="unsafe")

    def num_parameters(self) -> int:
        """Number of scalar parameters of one member (76 for RNN(8, 4) + Linear(4, 4))."""
        total = sum(p.size for p in self.params.values())
        return total // (self.ensemble or 1)
