r"""Global gradient-norm clipping (Pascanu et al. 2013), as ``torch.nn.utils.clip_grad_norm_``.

.. math::

    \|g\| = \Big(\sum_{\text{all grads}} \sum g^2\Big)^{1/2}, \qquad
    g \leftarrow g \cdot \min\Big(1, \frac{\theta}{\|g\| + 10^{-6}}\Big).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from logicsim.nn._common import NNInputError


def clip_grad_norm(
    grads: Mapping[str, np.ndarray], max_norm: float, ensemble: int | None = None
) -> float | np.ndarray:
    """Scale every gradient in place so that their global 2-norm is at most ``max_norm``.

    Parameters
    ----------
    grads : dict of ndarray
        Modified in place.
    max_norm : float
        The threshold theta (> 0).
    ensemble : int, optional
        K: every gradient has a leading axis K and each member is clipped by its own norm.

    Returns
    -------
    total_norm : float, or ndarray of shape (K,)
        The norm before clipping.
    """
    if not math.isfinite(max_norm) or max_norm <= 0:
        raise NNInputError(f"max_norm must be a finite number > 0, got {max_norm!r}")
    if not grads:
        raise NNInputError("grads: expected a non-empty dict")
    if ensemble is None:
        total = math.sqrt(sum(float(np.vdot(g, g)) for g in grads.values()))
        scale = min(1.0, max_norm / (total + 1e-6))
        for g in grads.values():
            g *= scale
        return total
    sq = np.zeros(ensemble)
    for name, g in grads.items():
        if g.ndim < 1 or g.shape[0] != ensemble:
            raise NNInputError(
                f"grads[{name!r}]: expected a leading ensemble axis {ensemble}, got {g.shape}"
            )
        sq += (g.reshape(ensemble, -1).astype(np.float64) ** 2).sum(axis=1)
    totals = np.sqrt(sq)  # (K,)
    scales = np.minimum(1.0, max_norm / (totals + 1e-6))  # (K,)
    for g in grads.values():
        g *= scales.reshape((ensemble,) + (1,) * (g.ndim - 1)).astype(g.dtype)
    return totals
