r"""Losses that return ``(loss, dL/dlogits)`` with PyTorch's mean reduction.

Softmax cross-entropy over classes ``C`` for ``N`` samples:

.. math::

    L = \frac1N \sum_n \Big(\log \sum_c e^{\ell_{nc}} - \ell_{n,y_n}\Big), \qquad
    \frac{\partial L}{\partial \ell_{nc}} = \frac{\mathrm{softmax}(\ell_n)_c - [c = y_n]}{N}.

Binary cross-entropy on logits over ``N`` elements (computed without overflow):

.. math::

    L = \frac1N \sum_n \max(\ell_n, 0) - \ell_n y_n + \log(1 + e^{-|\ell_n|}), \qquad
    \frac{\partial L}{\partial \ell_n} = \frac{\sigma(\ell_n) - y_n}{N}.

Ensembles: with ``ensemble=K`` the first axis of the logits is the member; the mean runs over each
member's own elements and the loss has shape ``(K,)`` (each member's gradient is that of its own
mean loss).  Cross-entropy also infers this when the labels have fewer axes than the logits'
sample axes, e.g. logits ``(K, B, C)`` with labels ``(B,)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.nn._common import NNInputError


def _logits(logits: Any) -> np.ndarray:
    arr = np.asarray(logits)
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if arr.ndim < 1 or arr.size == 0:
        raise NNInputError(f"logits: expected a non-empty array, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise NNInputError("logits contain NaN or inf values")
    return arr


def _member_axes(ensemble: int | None, shape: tuple[int, ...], name: str) -> int:
    if ensemble is None:
        return 0
    if len(shape) < 2 or shape[0] != ensemble:
        raise NNInputError(
            f"{name}: expected a leading ensemble axis of {ensemble}, got shape {shape}"
        )
    return 1


def cross_entropy(
    logits: Any, labels: Any, ensemble: int | None = None
) -> tuple[np.ndarray | float, np.ndarray]:
    """Mean softmax cross-entropy, as ``torch.nn.CrossEntropyLoss()``.

    Parameters
    ----------
    logits : array_like, shape (*M, *N, C)
        ``*M`` are member axes (none for one model), ``*N`` the sample axes averaged over.
    labels : array_like of int, shape (*N) or (*M, *N)
        Class indices in ``[0, C)``.
    ensemble : int, optional
        Number of members K: then ``*M = (K,)`` explicitly.  Without it ``*M`` is inferred as the
        leading axes of ``logits`` not matched by ``labels``.

    Returns
    -------
    loss : float, or ndarray of shape ``*M``
    dlogits : ndarray, shape of ``logits``
    """
    x = _logits(logits)
    y = np.asarray(labels)
    if y.dtype.kind not in "iu":
        if y.dtype.kind == "f" and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
            y = y.astype(np.int64)
        else:
            raise NNInputError(f"labels: expected integer class indices, got dtype {y.dtype}")
    if x.ndim < 2:
        raise NNInputError(f"logits: expected shape (..., N, C), got {x.shape}")
    m = _member_axes(ensemble, x.shape, "logits")
    if ensemble is None:
        m = x.ndim - 1 - y.ndim
        if m < 0:
            raise NNInputError(f"labels: shape {y.shape} has more axes than logits {x.shape} allow")
    sample_shape = x.shape[m:-1]
    if y.shape not in (sample_shape, x.shape[:-1]) or y.ndim == 0:
        raise NNInputError(
            f"labels: expected shape {sample_shape} or {x.shape[:-1]} for logits {x.shape}, got "
            f"{y.shape}"
        )
    C = x.shape[-1]
    if y.size and (y.min() < 0 or y.max() >= C):
        raise NNInputError(f"labels: class indices must lie in [0, {C}), got {y.min()}..{y.max()}")
    n = int(np.prod(sample_shape))
    rows = np.broadcast_to(y, x.shape[:-1]).reshape(-1)  # label of every row
    x2 = x.reshape(-1, C)  # (rows, C)
    idx = np.arange(x2.shape[0])
    shifted = x2 - x2.max(axis=-1, keepdims=True)  # (rows, C)
    exp = np.exp(shifted)
    sum_exp = exp.sum(axis=-1, keepdims=True)  # (rows, 1)
    per_row = np.log(sum_exp[:, 0]) - shifted[idx, rows]  # log-sum-exp minus the picked logit
    loss = per_row.reshape(x.shape[:m] + (-1,)).mean(axis=-1)  # (*M)
    dlogits = exp / sum_exp  # softmax
    dlogits[idx, rows] -= 1.0
    dlogits /= n
    dlogits = dlogits.reshape(x.shape)
    return (float(loss) if m == 0 else loss), dlogits


def bce_with_logits(
    logits: Any, targets: Any, ensemble: int | None = None
) -> tuple[np.ndarray | float, np.ndarray]:
    """Mean binary cross-entropy on logits, as ``torch.nn.BCEWithLogitsLoss()``.

    Parameters
    ----------
    logits : array_like, shape (*S)  (ensemble: (K, *S))
    targets : array_like, shape (*S)  (ensemble: (*S) shared or (K, *S)); values in [0, 1]
    ensemble : int, optional
        Number of members K: the loss is then per member, shape (K,).

    Returns
    -------
    loss : float or ndarray of shape (K,)
    dlogits : ndarray, shape of ``logits``
    """
    x = _logits(logits)
    m = _member_axes(ensemble, x.shape, "logits")
    y = np.asarray(targets, dtype=x.dtype)
    if y.shape not in (x.shape, x.shape[m:]):
        raise NNInputError(f"targets: expected shape {x.shape[m:]} or {x.shape}, got {y.shape}")
    if not np.isfinite(y).all():
        raise NNInputError("targets contain NaN or inf values")
    n = x[0].size if m else x.size
    per = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))  # (*S)
    loss = per.reshape(x.shape[:m] + (-1,)).mean(axis=-1)
    sig = np.exp(-np.logaddexp(0.0, -x))  # sigmoid without overflow
    dlogits = (sig - y) / n
    return (float(loss) if m == 0 else loss), dlogits.astype(x.dtype, copy=False)
