"""Recurrent matrices whose spectrum the learner chooses.

A real eigenvalue ``lam`` becomes a 1x1 block ``[lam]``; a complex value ``r e^{i theta}``
becomes the 2x2 rotation-scaling block

.. math::

   \\begin{pmatrix} a & -b \\\\ b & a \\end{pmatrix},
   \\qquad a = r\\cos\\theta,\\; b = r\\sin\\theta,

whose eigenvalues are the conjugate pair :math:`a \\pm i b`.  The blocks sit on the diagonal of a
block matrix ``B``.  A seeded orthogonal similarity ``W = Q B Q^T`` hides the block structure
without touching eigenvalues *or* singular values, so ``W`` is normal.  The non-normal variant adds
a shear ``s N`` that couples consecutive blocks above the diagonal, ``W = Q (B + s N) Q^T``: still
block upper triangular inside, so the eigenvalues are unchanged, but the singular values (and the
transient growth of ``W^k``) change.
"""

from __future__ import annotations

import cmath
import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

from logicsim.errors import LogicsimError

__all__ = [
    "expand_eigenvalues",
    "identity_matrix",
    "orthogonal_matrix",
    "parse_eigenvalue",
    "random_matrix",
    "recurrent_matrix",
]

#: Largest matrix the dynamics module builds (keeps a typo like n=10**9 from eating the memory).
MAX_SIZE = 4096


def _check_size(n: object, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise LogicsimError(f"{name} must be a whole number, got {n!r}")
    if not 1 <= int(n) <= MAX_SIZE:
        raise LogicsimError(f"{name} must be between 1 and {MAX_SIZE}, got {n}")
    return int(n)


def expand_eigenvalues(eigenvalues: Iterable[complex | float], n: int) -> list[complex]:
    """Repeat the requested eigenvalues in order until exactly ``n`` are placed.

    A value with a non-zero imaginary part takes two places (itself and its conjugate).

    Parameters
    ----------
    eigenvalues : iterable of float or complex
        At least one finite value.
    n : int
        Matrix size.

    Returns
    -------
    list of complex, length n
        Conjugate pairs appear as consecutive ``z, conj(z)`` entries.

    Raises
    ------
    LogicsimError (a ``ValueError``)
        Empty or non-finite input, or a complex pair that would need the one place left.
    """
    n = _check_size(n)
    values = [complex(v) for v in eigenvalues]
    if not values:
        raise LogicsimError("give at least one eigenvalue")
    for v in values:
        if not (math.isfinite(v.real) and math.isfinite(v.imag)):
            raise LogicsimError(f"eigenvalue {v!r} is not finite")
    out: list[complex] = []
    k = 0
    while len(out) < n:
        v = values[k % len(values)]
        if v.imag == 0.0:
            out.append(complex(v.real, 0.0))
        else:
            if len(out) + 2 > n:
                raise LogicsimError(
                    f"complex pair {v:.6g} and its conjugate do not fit in the last place of "
                    f"a {n}x{n} matrix; choose an even count or add a real eigenvalue"
                )
            out.extend([complex(v.real, abs(v.imag)), complex(v.real, -abs(v.imag))])
        k += 1
    return out


def _block_diagonal(values: Sequence[complex]) -> tuple[np.ndarray, list[int]]:
    """B with 1x1 / 2x2 blocks, and the start index of each block."""
    n = len(values)
    B = np.zeros((n, n))  # (n, n)
    starts: list[int] = []
    i = 0
    while i < n:
        v = values[i]
        starts.append(i)
        if v.imag == 0.0:
            B[i, i] = v.real
            i += 1
        else:
            a, b = v.real, abs(v.imag)
            B[i : i + 2, i : i + 2] = [[a, -b], [b, a]]
            i += 2
    return B, starts


def _orthogonal(n: int, seed: int) -> np.ndarray:
    """Haar-distributed orthogonal Q from a seeded QR (sign-fixed so it is uniquely defined)."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, n))  # (n, n)
    Q, R = np.linalg.qr(A)
    return Q * np.where(np.diag(R) < 0, -1.0, 1.0)  # (n, n)


def recurrent_matrix(
    eigenvalues: Iterable[complex | float],
    n: int,
    *,
    normal: bool = True,
    non_normality: float = 0.0,
    seed: int = 0,
) -> np.ndarray:
    """Build ``W_hh`` of size n with the requested eigenvalues.

    Parameters
    ----------
    eigenvalues : iterable of float or complex
        Repeated in order until n places are filled; a complex value implies its conjugate.
    n : int
        Size of the square matrix.
    normal : bool
        True: ``W = Q B Q^T`` (normal; singular values = |eigenvalues|).
        False: ``W = Q (B + s N) Q^T`` with ``s = non_normality``.
    non_normality : float
        Shear ``s`` placed on the super-diagonal entries that link consecutive blocks.  Only used
        with ``normal=False``.  ``n=2``, eigenvalues ``[0.9]``, ``s=5`` gives a matrix similar to
        ``[[0.9, 5], [0, 0.9]]``.
    seed : int
        Seed of the orthogonal similarity Q.

    Returns
    -------
    W : ndarray, shape (n, n), float64
    """
    values = expand_eigenvalues(eigenvalues, n)
    s = float(non_normality)
    if not math.isfinite(s):
        raise LogicsimError(f"non_normality must be finite, got {non_normality!r}")
    if normal and s != 0.0:
        raise LogicsimError("non_normality needs normal=False")
    B, starts = _block_diagonal(values)  # (n, n)
    if not normal:
        for start in starts[1:]:
            B[start - 1, start] += s  # couple the previous block to this one, above the diagonal
    Q = _orthogonal(len(values), int(seed))  # (n, n)
    with np.errstate(over="ignore", invalid="ignore"):
        return (Q @ B) @ Q.T  # (n, n)


def random_matrix(n: int, *, spectral_radius: float = 1.0, seed: int = 0) -> np.ndarray:
    """Gaussian matrix rescaled to a chosen spectral radius (the usual practical initialisation).

    ``W = rho * A / max|eig(A)|`` with ``A_ij ~ N(0, 1/n)``.

    Returns
    -------
    W : ndarray, shape (n, n)
    """
    n = _check_size(n)
    rho = float(spectral_radius)
    if not math.isfinite(rho) or rho < 0:
        raise LogicsimError(f"spectral radius must be finite and >= 0, got {spectral_radius!r}")
    A = np.random.default_rng(seed).standard_normal((n, n)) / math.sqrt(n)  # (n, n)
    return A * (rho / np.max(np.abs(np.linalg.eigvals(A))))


def identity_matrix(n: int, *, scale: float = 1.0) -> np.ndarray:
    """``scale * I`` (the IRNN initialisation when used with ReLU).  Shape (n, n)."""
    return float(scale) * np.eye(_check_size(n))


def orthogonal_matrix(n: int, *, scale: float = 1.0, seed: int = 0) -> np.ndarray:
    """Seeded random orthogonal matrix times ``scale``: every singular value equals ``scale``."""
    return float(scale) * _orthogonal(_check_size(n), seed)


_EIG_POLAR = re.compile(r"^\s*([^@]+?)\s*@\s*([^@]+?)\s*(deg|rad|°)?\s*$", re.IGNORECASE)


def parse_eigenvalue(text: str) -> complex:
    """Read one eigenvalue typed by a user.

    Accepted forms: ``0.9``, ``-1.05``, ``0.95@30deg`` / ``0.95@30°`` (magnitude and angle in
    degrees), ``0.95@0.5rad``, and Python complex syntax ``0.8+0.3j``.

    Raises
    ------
    LogicsimError
        Anything else, or a non-finite value.
    """
    s = str(text).strip()
    m = _EIG_POLAR.match(s)
    try:
        if m:
            r = float(m.group(1))
            angle = float(m.group(2))
            unit = (m.group(3) or "deg").lower()
            theta = angle if unit == "rad" else math.radians(angle)
            if not (math.isfinite(r) and math.isfinite(theta)):
                raise ValueError
            z = cmath.rect(r, theta)
            # sin(pi) is not exactly 0 in floating point: snap tiny imaginary parts of 0/180 deg
            if abs(z.imag) <= 1e-15 * abs(r):
                z = complex(z.real, 0.0)
        else:
            z = complex(s.replace(" ", ""))
    except ValueError:
        raise LogicsimError(
            f"cannot read eigenvalue {text!r}; use e.g. 0.9, 0.95@30deg or 0.8+0.3j"
        ) from None
    if not (math.isfinite(z.real) and math.isfinite(z.imag)):
        raise LogicsimError(f"eigenvalue {text!r} is not finite")
    return z
