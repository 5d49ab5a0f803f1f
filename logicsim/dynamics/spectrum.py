"""Spectral report of a recurrent matrix and the Pascanu et al. (2013) regime.

With :math:`\\gamma` a bound on :math:`|g'|` and :math:`\\lambda_1` the largest singular value of
``W_hh``, the norm of one step's Jacobian obeys
:math:`\\|\\mathrm{diag}(g'(a))\\,W_{hh}\\|_2 \\le \\gamma\\,\\lambda_1`, so

* :math:`\\lambda_1 < 1/\\gamma` is *sufficient* for vanishing gradients ("vanishing guaranteed"),
* :math:`\\lambda_1 > 1/\\gamma` is *necessary* for exploding ones ("exploding possible").

Without a nonlinearity the Jacobian product is :math:`W^{T-t}`, whose norm behaves like
:math:`\\rho^{T-t}` for long horizons: :math:`\\rho < 1` vanishes, :math:`\\rho > 1` explodes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicsim.errors import LogicsimError

__all__ = ["GAMMA", "SpectralReport", "gamma_of", "regime", "spectral_report"]

#: max |g'(a)| of each nonlinearity.
GAMMA = {"tanh": 1.0, "relu": 1.0, "sigmoid": 0.25, "linear": 1.0}

VANISHING = "vanishing guaranteed"
EXPLODING = "exploding possible"
BORDERLINE = "borderline"


def gamma_of(nonlinearity: str) -> float:
    """Bound :math:`\\gamma = \\max|g'|`: 1 for tanh, ReLU and linear, 1/4 for the sigmoid."""
    try:
        return GAMMA[nonlinearity]
    except KeyError:
        raise LogicsimError(
            f"unknown nonlinearity {nonlinearity!r}; choose one of {', '.join(GAMMA)}"
        ) from None


#: Relative distance from the threshold within which the verdict is "borderline": a value built
#: to equal 1/gamma (an orthogonal W, an eigenvalue slider at 1) differs from it by rounding only.
BORDERLINE_RTOL = 1e-9


def regime(value: float, threshold: float) -> str:
    """``"vanishing guaranteed"`` below the threshold, ``"exploding possible"`` above, and
    ``"borderline"`` within a relative :data:`BORDERLINE_RTOL` of it."""
    if not np.isfinite(value):
        return EXPLODING if value == np.inf else "undefined (not finite)"
    if abs(value - threshold) <= BORDERLINE_RTOL * abs(threshold):
        return BORDERLINE
    if value < threshold:
        return VANISHING
    return EXPLODING


@dataclass(frozen=True)
class SpectralReport:
    """What the eigenvalue panel shows next to the sliders."""

    eigenvalues: np.ndarray  # (n,) complex, sorted by decreasing magnitude
    singular_values: np.ndarray  # (n,) float, decreasing
    rho: float  # spectral radius max|eig|
    lambda_1: float  # largest singular value (= spectral norm)
    nonlinearity: str  # the g the regime was judged for
    gamma: float  # max |g'|
    regime: str  # Pascanu verdict from lambda_1 vs 1/gamma
    linear_regime: str  # verdict of the linear case, from rho vs 1
    is_normal: bool  # W W^T == W^T W up to rounding

    @property
    def threshold(self) -> float:
        """:math:`1/\\gamma`, the value :math:`\\lambda_1` is compared with."""
        return 1.0 / self.gamma

    def as_dict(self) -> dict:
        """JSON-friendly copy (complex numbers as ``[re, im]``)."""
        return {
            "eigenvalues": [[float(z.real), float(z.imag)] for z in self.eigenvalues],
            "singular_values": [float(s) for s in self.singular_values],
            "rho": self.rho,
            "lambda_1": self.lambda_1,
            "nonlinearity": self.nonlinearity,
            "gamma": self.gamma,
            "threshold": self.threshold,
            "regime": self.regime,
            "linear_regime": self.linear_regime,
            "is_normal": self.is_normal,
        }


def spectral_report(
    W: np.ndarray,
    nonlinearity: str = "tanh",
    eigenvalues: np.ndarray | list[complex] | None = None,
) -> SpectralReport:
    """Eigenvalues, singular values, rho, lambda_1, gamma and the regime of ``W``.

    Parameters
    ----------
    W : ndarray, shape (n, n)
    nonlinearity : {"tanh", "relu", "sigmoid", "linear"}
    eigenvalues : array_like of complex, shape (n,), optional
        The eigenvalues ``W`` was built with (:func:`~logicsim.dynamics.recurrent_matrix`).
        Pass them when known: a non-normal matrix with a repeated eigenvalue is close to a
        Jordan block, whose computed eigenvalues are off by about ``eps ** (1/k)`` for a block
        of size k (0.9 repeated in a 64 x 64 matrix with shear 2 reads back as rho = 1.087).

    Returns
    -------
    SpectralReport
        ``regime`` uses :math:`\\lambda_1` vs :math:`1/\\gamma`, except for ``"linear"`` where the
        exact statement is about :math:`\\rho` vs 1 (then ``regime == linear_regime``).
        A matrix with inf/NaN entries gets NaN spectra and an "undefined" regime, not an error.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1] or W.shape[0] == 0:
        raise LogicsimError(f"W must be a non-empty square matrix, got shape {W.shape}")
    gamma = gamma_of(nonlinearity)
    n = W.shape[0]
    if not np.all(np.isfinite(W)):
        nan = np.full(n, np.nan)
        undefined = "undefined (not finite)"
        return SpectralReport(
            nan.astype(complex),
            nan,
            np.nan,
            np.nan,
            nonlinearity,
            gamma,
            undefined,
            undefined,
            False,
        )
    if eigenvalues is None:
        eig = np.linalg.eigvals(W)  # (n,)
    else:
        eig = np.asarray(eigenvalues, dtype=complex).reshape(-1)
        if eig.shape != (n,):
            raise LogicsimError(f"give {n} eigenvalues for a {n} x {n} matrix, got {eig.size}")
    eig = eig[np.argsort(-np.abs(eig), kind="stable")]
    sv = np.linalg.svd(W, compute_uv=False)  # (n,)
    rho = float(np.max(np.abs(eig)))
    lam1 = float(sv[0])
    linear = regime(rho, 1.0)
    verdict = linear if nonlinearity == "linear" else regime(lam1, 1.0 / gamma)
    scale = max(lam1, np.finfo(float).tiny)
    with np.errstate(over="ignore", invalid="ignore"):
        comm = np.linalg.norm((W / scale) @ (W / scale).T - (W / scale).T @ (W / scale))
    return SpectralReport(
        eig, sv, rho, lam1, nonlinearity, gamma, verdict, linear, bool(comm <= 1e-10 * n)
    )
