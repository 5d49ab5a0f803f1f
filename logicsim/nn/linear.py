r"""The affine read-out layer ``y = x W^T + b`` (PyTorch's ``nn.Linear``).

Forward and backward, with the same symbols:

.. math::

    y = x W^\top + b, \qquad
    \bar W = \sum_n \bar y_n^\top x_n, \quad \bar b = \sum_n \bar y_n, \quad \bar x = \bar y W,

where the sums run over every leading (batch, time) index ``n``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.nn._common import (
    NNInputError,
    ParamModule,
    as_array,
    check_size,
    resolve_dtype,
    resolve_seeds,
    uniform_params,
)


class Linear(ParamModule):
    """Affine layer with ``weight (O, I)`` and ``bias (O,)``, init U(-1/sqrt(I), 1/sqrt(I)).

    Parameters
    ----------
    in_features, out_features : int
        I and O.
    seed : int, None or sequence of int
    dtype : float64 (default) or float32
    ensemble : int or None
        K independent layers: parameters ``(K, O, I)`` and ``(K, O)``; inputs then carry a
        leading axis K, ``x : (K, ..., I)``.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        seed: Any = 0,
        dtype: Any = np.float64,
        ensemble: int | None = None,
    ) -> None:
        self.in_features = check_size("in_features", in_features)
        self.out_features = check_size("out_features", out_features)
        self.dtype = resolve_dtype(dtype)
        self.seeds, self.ensemble = resolve_seeds(seed, ensemble)
        spec = [("weight", (self.out_features, self.in_features)), ("bias", (self.out_features,))]
        bound = 1.0 / np.sqrt(self.in_features)
        self.params = uniform_params(spec, bound, self.seeds, self.ensemble, self.dtype)

    def __repr__(self) -> str:
        ens = f", ensemble={self.ensemble}" if self.ensemble else ""
        return f"Linear({self.in_features}, {self.out_features}, dtype={self.dtype.name}{ens})"

    def _check(self, name: str, x: Any, features: int) -> np.ndarray:
        K = self.ensemble
        if K is None:
            arr = as_array(
                name,
                x,
                self.dtype,
                [(None,) * n + (features,) for n in range(0, 5)],
                f"(..., {features})",
            )
        else:
            arr = as_array(
                name,
                x,
                self.dtype,
                [(K,) + (None,) * n + (features,) for n in range(0, 5)],
                f"({K}, ..., {features})",
            )
        return arr

    def forward(self, x: Any) -> np.ndarray:
        """Apply the layer.

        Parameters
        ----------
        x : array_like, shape (..., I)  (ensemble: (K, ..., I))

        Returns
        -------
        y : ndarray, shape (..., O)  (ensemble: (K, ..., O))
        """
        x = self._check("x", x, self.in_features)
        W, b = self.params["weight"], self.params["bias"]
        if self.ensemble is None:
            return x @ W.T + b  # (..., O)
        K = self.ensemble
        x2 = x.reshape(K, -1, self.in_features)  # (K, N, I)
        y = np.matmul(x2, W.transpose(0, 2, 1)) + b[:, None, :]  # (K, N, O)
        return y.reshape(x.shape[:-1] + (self.out_features,))

    __call__ = forward

    def backward(self, x: Any, dy: Any) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Gradients of the layer given the input ``x`` and ``dy = dL/dy``.

        Parameters
        ----------
        x : array_like, shape (..., I)  (ensemble: (K, ..., I))
        dy : array_like, shape (..., O), same leading shape as ``x``

        Returns
        -------
        grads : dict
            ``{"weight": (O, I), "bias": (O,)}`` (ensemble: leading K).
        dx : ndarray, shape (..., I)
        """
        x = self._check("x", x, self.in_features)
        dy = self._check("dy", dy, self.out_features)
        if dy.shape[:-1] != x.shape[:-1]:
            raise NNInputError(
                f"dy: expected leading shape {x.shape[:-1]} (as x), got {dy.shape[:-1]}"
            )
        W = self.params["weight"]
        I, O = self.in_features, self.out_features
        if self.ensemble is None:
            x2, dy2 = x.reshape(-1, I), dy.reshape(-1, O)  # (N, I), (N, O)
            grads = {"weight": dy2.T @ x2, "bias": dy2.sum(axis=0)}  # (O, I), (O,)
            return grads, dy @ W  # (..., I)
        K = self.ensemble
        x2, dy2 = x.reshape(K, -1, I), dy.reshape(K, -1, O)  # (K, N, I), (K, N, O)
        grads = {"weight": np.matmul(dy2.transpose(0, 2, 1), x2), "bias": dy2.sum(axis=1)}
        dx = np.matmul(dy2, W).reshape(x.shape)  # (K, ..., I)
        return grads, dx
