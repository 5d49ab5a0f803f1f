"""Initialisations of a vanilla RNN's recurrent matrix that put its eigenvalues on the unit circle.

PyTorch draws every RNN weight from U(-1/sqrt(H), 1/sqrt(H)); the eigenvalues of such a
``W_hh`` lie well inside the unit circle, so the backpropagated error shrinks at every step.
Two well-known alternatives start with every eigenvalue of magnitude 1:

* ``"identity"`` — Le, Jaitly & Hinton (2015), the IRNN: ``W_hh = I`` and both biases 0, for a
  ReLU RNN. At the start the unit copies its state and adds the input.
* ``"orthogonal"`` — ``W_hh`` a random orthogonal matrix (Q of the QR factorisation of a
  Gaussian matrix, signs fixed so Q is Haar-distributed); the biases keep their default draw.

The input weights ``W_ih`` keep PyTorch's draw in both cases.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.errors import LogicsimError

#: Names accepted by :func:`apply_recurrent_init` (``"default"`` leaves the PyTorch draw).
RECURRENT_INITS = ("default", "identity", "orthogonal")


def random_orthogonal(n: int, seed: int) -> np.ndarray:
    """A Haar-random orthogonal matrix, shape (n, n), from ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))  # (n, n); the sign fix makes the distribution uniform


def apply_recurrent_init(cell: Any, init: str, seeds: list[int]) -> None:
    """Overwrite the recurrent weights (and, for ``"identity"``, the biases) of an RNN in place.

    Parameters
    ----------
    cell : logicsim.nn.RNN
        The cell; with an ensemble its ``weight_hh_l0`` has shape (K, H, H), else (H, H).
    init : str
        One of :data:`RECURRENT_INITS`.
    seeds : list of int
        One seed per member (the orthogonal draw of member k uses ``seeds[k] + 20_000``, so it
        is independent of the cell's own uniform draw).
    """
    if init not in RECURRENT_INITS:
        raise LogicsimError(
            f"unknown recurrent init {init!r}; choose one of {', '.join(RECURRENT_INITS)}"
        )
    if init == "default":
        return
    w = cell.params["weight_hh_l0"]  # ([K,] H, H)
    if w.shape[-1] != w.shape[-2]:
        raise LogicsimError("recurrent init applies to a vanilla RNN (W_hh of shape (H, H)) only")
    H = w.shape[-1]
    members = w.reshape(-1, H, H)  # (K, H, H), a view
    if len(seeds) != members.shape[0]:
        raise LogicsimError(f"need one seed per member: {members.shape[0]}, got {len(seeds)}")
    for k, s in enumerate(seeds):
        members[k] = np.eye(H) if init == "identity" else random_orthogonal(H, int(s) + 20_000)
    if init == "identity":
        cell.params["bias_ih_l0"][...] = 0.0
        cell.params["bias_hh_l0"][...] = 0.0
