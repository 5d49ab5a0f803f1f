"""Jacobian products through time, kept in log space.

For per-step Jacobians :math:`J_k = \\partial s[k]/\\partial s[k-1]` (k = 1..T) the sensitivity of
the last state to the state at step t is the ordered product

.. math::

   P_t = \\frac{\\partial s[T]}{\\partial s[t]} = J_T J_{T-1} \\cdots J_{t+1},\\qquad P_T = I,

obtained for every t by one backward accumulation :math:`P_t = P_{t+1} J_{t+1}` (T matrix
products, not the :math:`O(T^2)` naive re-multiplication).  Products of 200 Jacobians easily reach
1e-300 or 1e+300, so each :math:`P_t` is stored as :math:`10^{\\ell_t} Q_t` with
:math:`\\|Q_t\\|_F` kept between 1e-40 and 1e40: when a product leaves that range its norm is
divided out and the norm's log10 is added to :math:`\\ell_t`.  Nothing overflows or underflows; a
product that is
exactly zero gets :math:`\\ell = -\\infty`, and a non-finite Jacobian gives ``inf``/``nan`` (never
an exception).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from logicsim.dynamics.top_singular import METHODS, top_gram_eigenvalues
from logicsim.errors import LogicsimError

__all__ = ["ProductStack", "backward_products", "log10_norms"]

_SS_LO, _SS_HI = 1e-250, 1e250  # safe range for a sum of squares
_SS_KEEP_LO, _SS_KEEP_HI = 1e-80, 1e80  # a stored product's sum of squares stays in this range


@dataclass(frozen=True)
class ProductStack:
    """All products :math:`P_t = 10^{\\ell_t} Q_t`, t = 0..T."""

    Q: np.ndarray  # (T+1, n, n) scaled products, 1e-40 < ||Q_t||_F < 1e40, or 0 / nan;
    # (T+1, r, n)
    # when only the leading r rows were accumulated (backward_products(..., rows=r))
    log10_scale: np.ndarray  # (T+1,) ell_t; 0 at t = T, -inf for an exactly zero product

    def matrix(self, t: int) -> np.ndarray:
        """:math:`P_t` as a plain array (may overflow to inf or underflow to 0).  Shape (n, n)
        (or (r, n), the leading rows)."""
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            return self.Q[t] * 10.0 ** self.log10_scale[t]


def _renormalise(X: np.ndarray) -> float:
    """Divide X in place by its Frobenius norm and return log10 of that norm."""
    ss = float(np.vdot(X, X))
    if _SS_LO < ss < _SS_HI:
        m = math.sqrt(ss)
    else:
        with np.errstate(invalid="ignore"):
            big = float(np.max(np.abs(X)))
        if not math.isfinite(big):
            return big if not np.isnan(X).any() else math.nan
        if big == 0.0:
            return -math.inf
        X /= big
        m = float(np.linalg.norm(X))
        X /= m
        return math.log10(big) + math.log10(m)
    X *= 1.0 / m
    return math.log10(m)


def backward_products(
    J: np.ndarray | None = None,
    *,
    d: np.ndarray | None = None,
    W: np.ndarray | None = None,
    gates: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
    rows: int | None = None,
) -> ProductStack:
    """Accumulate :math:`P_t = P_{t+1} J_{t+1}` for t = T-1 .. 0 in log space.

    Give ``J``, or the factored RNN form ``J_k = diag(d[k-1]) W``, or the factored LSTM form
    (one W in every gate block, see :func:`~logicsim.dynamics.jacobians.lstm_shared_w_factors`)
    ``J_k = [[diag(beta) W, diag(gamma)], [diag(alpha) W, diag(f)]]`` with
    ``gates = (beta, alpha, gamma, f)``.  The factored forms are faster: no (T, n, n) Jacobian
    stack is built and each step multiplies by an H x H matrix only.

    Parameters
    ----------
    J : ndarray, shape (T, n, n), optional
        ``J[k-1]`` = :math:`\\partial s[k]/\\partial s[k-1]`.
    d : ndarray, shape (T, n), optional
        Diagonal factors (e.g. :math:`g'(a[k])`).
    W : ndarray, shape (n, n) (RNN form) or (H, H) (LSTM form, n = 2H), optional
    gates : tuple of 4 ndarrays, shape (T, H) each, optional
        ``(beta, alpha, gamma, f)`` of the factored LSTM form.
    rows : int, optional
        Accumulate only the leading ``rows`` rows of every product (enough for, e.g., the h-h
        block of an LSTM state product): :math:`P_t[:r] = P_{t+1}[:r]\\,J_{t+1}`, so the cost
        drops by n / r.  Default: all n rows.

    Returns
    -------
    ProductStack
        ``Q`` has shape (T+1, rows, n).
    """
    if gates is not None:
        if W is None or len(gates) != 4:
            raise LogicsimError("the LSTM form needs W and gates = (beta, alpha, gamma, f)")
        beta, alpha, gamma, f = (np.asarray(a, dtype=float) for a in gates)
        W = np.asarray(W, dtype=float)
        T, H = f.shape
        if W.shape != (H, H) or any(a.shape != (T, H) for a in (beta, alpha, gamma)):
            raise LogicsimError(f"gates must have shape ({T}, {H}) each and W ({H}, {H})")
        with np.errstate(invalid="ignore"):
            big = max((float(np.max(np.abs(a))) if a.size else 0.0) for a in (W, *gates))
        if not big < 1e50:  # huge or non-finite: the general path pre-scales every step
            J = np.zeros((T, 2 * H, 2 * H))  # (T, 2H, 2H)
            J[:, :H, :H] = beta[:, :, None] * W
            J[:, H:, :H] = alpha[:, :, None] * W
            k = np.arange(H)
            J[:, k, H + k] = gamma
            J[:, H + k, H + k] = f
            return backward_products(J, rows=rows)
        return _gated_products(beta, alpha, gamma, f, W, rows)
    if J is not None:
        J = np.asarray(J, dtype=float)
        if J.ndim != 3 or J.shape[1] != J.shape[2]:
            raise LogicsimError(f"J must have shape (T, n, n), got {J.shape}")
        T, n = J.shape[0], J.shape[1]
        with np.errstate(invalid="ignore"):
            # largest |entry| per step without an |J| temporary: max(max J, -min J)
            jmax = np.maximum(J.max(axis=(1, 2)), -J.min(axis=(1, 2))) if T else np.zeros(0)
        step_log = np.zeros(T)
        if T and not np.all(jmax < 1e100):  # huge entries: pre-scale so sums cannot overflow
            safe = np.where((jmax > 0) & np.isfinite(jmax), jmax, 1.0)
            J = J / safe[:, None, None]
            step_log = np.log10(safe)
    else:
        if d is None or W is None:
            raise LogicsimError("give J, or both d and W")
        d = np.asarray(d, dtype=float)
        W = np.asarray(W, dtype=float)
        T, n = d.shape
        if W.shape != (n, n):
            raise LogicsimError(f"W must have shape ({n}, {n}), got {W.shape}")
        with np.errstate(invalid="ignore"):
            wmax = float(np.max(np.abs(W)))
            dmax = np.max(np.abs(d), axis=1) if T else np.zeros(0)  # (T,)
        wsafe = wmax if (wmax > 0 and math.isfinite(wmax)) else 1.0
        dsafe = np.where((dmax > 0) & np.isfinite(dmax), dmax, 1.0)  # (T,)
        W = W / wsafe
        d = d / dsafe[:, None]  # (T, n)
        step_log = np.log10(dsafe) + math.log10(wsafe)
    r = _check_rows(rows, n)
    Q = np.empty((T + 1, r, n))  # (T+1, r, n)
    ell = np.empty(T + 1)
    Q[T] = np.eye(r, n) / math.sqrt(r)
    ell[T] = 0.5 * math.log10(r)
    done = T
    # Q keeps whatever norm the products give while it stays within 1e+-40 (scaling changes no
    # relative digit); only then is it divided out and its log10 added to ell.  Entries of J[t]
    # (or of d[t] and W) are below 1e100 (1) here, so one step cannot overflow in between.
    Qs, logs = list(Q), step_log.tolist()  # per-step views and floats: cheaper in the loop
    ells = [0.0] * T + [float(ell[T])]
    dot, vdot = np.dot, np.vdot
    if J is None:
        assert d is not None and W is not None  # the (d, W) form, checked above
        tmp, mul, ds, Wd = np.empty((r, n)), np.multiply, list(d), W  # tmp: P_{t+1} diag(d)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for t in range(T - 1, -1, -1):
            X = Qs[t]
            if J is None:
                mul(Qs[t + 1], ds[t], tmp)
                dot(tmp, Wd, X)  # (r, n) P_{t+1} diag(d) W
            else:
                dot(Qs[t + 1], J[t], X)  # (r, n) P_t = P_{t+1} J_{t+1}
            ss = vdot(X, X)
            lg = 0.0 if _SS_KEEP_LO < ss < _SS_KEEP_HI else _renormalise(X)
            ells[t] = ells[t + 1] + logs[t] + lg
            if not math.isfinite(lg):
                done = t
                break
    ell[:] = ells
    return _finish(Q, ell, done, T)


def _check_rows(rows: int | None, n: int) -> int:
    r = n if rows is None else int(rows)
    if not 1 <= r <= max(n, 1):
        raise LogicsimError(f"rows must be between 1 and {n}, got {rows!r}")
    return r


def _gated_products(
    beta: np.ndarray,
    alpha: np.ndarray,
    gamma: np.ndarray,
    f: np.ndarray,
    W: np.ndarray,
    rows: int | None,
) -> ProductStack:
    """The factored LSTM form of :func:`backward_products`; every entry is below 1e50 in size.

    With ``P[t+1] = [Q_h | Q_c]`` (its h and c columns) one step is
    ``[(Q_h diag(beta) + Q_c diag(alpha)) W | Q_h diag(gamma) + Q_c diag(f)]``.
    """
    T, H = f.shape
    n = 2 * H
    r = _check_rows(rows, n)
    Q = np.empty((T + 1, r, n))  # (T+1, r, 2H)
    ell = np.empty(T + 1)
    Q[T] = np.eye(r, n) / math.sqrt(r)
    ell[T] = 0.5 * math.log10(r)
    into_w = np.concatenate([beta, alpha], axis=1)  # (T, 2H) scales [Q_h | Q_c] before W
    into_c = np.concatenate([gamma, f], axis=1)  # (T, 2H) scales [Q_h | Q_c] into the c columns
    tmp = np.empty((r, n))  # (r, 2H)
    s = np.empty((r, H))  # (r, H)
    done = T
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for t in range(T - 1, -1, -1):
            X = Q[t]
            np.multiply(Q[t + 1], into_w[t], out=tmp)
            np.add(tmp[:, :H], tmp[:, H:], out=s)
            np.matmul(s, W, out=X[:, :H])
            np.multiply(Q[t + 1], into_c[t], out=tmp)
            np.add(tmp[:, :H], tmp[:, H:], out=X[:, H:])
            # rescale only when the norm leaves 1e+-40 (no relative digit changes; one step
            # grows it by less than 1e103, so nothing overflows in between)
            ss = float(np.vdot(X, X))
            lg = 0.0 if _SS_KEEP_LO < ss < _SS_KEEP_HI else _renormalise(X)
            ell[t] = ell[t + 1] + lg
            if not math.isfinite(lg):
                done = t
                break
    return _finish(Q, ell, done, T)


def _finish(Q: np.ndarray, ell: np.ndarray, done: int, T: int) -> ProductStack:
    """Fill the products before a zero (-inf) or non-finite step ``done`` and wrap them up."""
    if done < T:  # exactly zero or non-finite: every earlier product is too
        if ell[done] == -math.inf:
            Q[:done] = 0.0
            ell[:done] = -math.inf
        else:
            Q[: done + 1] = np.nan
            ell[:done] = ell[done]
    return ProductStack(Q, ell)


def log10_norms(
    stack: ProductStack,
    *,
    norm: str = "spectral",
    rows: slice | None = None,
    cols: slice | None = None,
    at: np.ndarray | None = None,
    method: str = "fast",
) -> np.ndarray:
    """log10 of the spectral or Frobenius norm of (a block of) every :math:`P_t`.

    Parameters
    ----------
    stack : ProductStack
    norm : {"spectral", "frobenius"}
        ``"spectral"`` is the 2-norm (largest singular value).
    rows, cols : slice, optional
        Block of :math:`P_t` to measure (e.g. the h-h block of an LSTM state product).
    at : ndarray of int, optional
        Only these t (default: all of 0..T).
    method : {"fast", "eigh"}
        How the spectral norm is computed: ``"eigh"`` takes the largest eigenvalue of every block's
        Gram matrix densely (relative error ~1e-14, ~0.1 ms per 64x64 product); ``"fast"`` (default)
        runs a batched block subspace iteration with a convergence test and a dense fallback (see
        :func:`~logicsim.dynamics.top_singular.top_gram_eigenvalues`; verified to 1e-9 relative
        against ``"eigh"``).

    Returns
    -------
    ndarray, shape (T+1,) or (len(at),)
        ``-inf`` for a zero block, ``inf``/``nan`` passed through.
    """
    if norm not in ("spectral", "frobenius"):
        raise LogicsimError(f"norm must be 'spectral' or 'frobenius', got {norm!r}")
    if method not in METHODS:
        raise LogicsimError(f"method must be 'fast' or 'eigh', got {method!r}")
    T = stack.Q.shape[0] - 1
    blk = (rows or slice(None), cols or slice(None))
    if at is None:  # a view: no copy of the (T+1, r, c) stack
        at = np.arange(T + 1)
        B = stack.Q[(slice(None), *blk)]  # (T+1, r, c)
    else:
        at = np.asarray(at, dtype=int)
        B = stack.Q[(at, *blk)]  # (len(at), r, c)
    scale = stack.log10_scale[at]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
        # largest |entry| per product without an |B| temporary
        bmax = np.maximum(B.max(axis=(1, 2)), -B.min(axis=(1, 2))) if B.size else np.zeros(len(at))
        ok = (bmax > 0) & np.isfinite(bmax)
        if np.all(ok & (bmax > 1e-50) & (bmax < 1e50)):  # the usual case: no rescaled copy
            Bn, bs = B, np.ones(len(at))
        else:  # entries brought to [-1, 1] so that fourth powers cannot under/overflow
            bs = np.where(ok, bmax, 1.0)  # (T+1,)
            Bn = B / bs[:, None, None]
            Bn[~ok] = 0.0
        if norm == "frobenius":
            val = np.sqrt(np.einsum("tij,tij->t", Bn, Bn))  # (T+1,)
        else:
            val = np.sqrt(top_gram_eigenvalues(Bn, method))  # (T+1,)
        out = np.log10(val) + np.log10(bs) + scale
    out[bmax == 0] = -np.inf
    bad = ~np.isfinite(bmax)
    out[bad] = scale[bad]
    # P_T is the identity: give its block's norm exactly (0 for the spectral norm)
    eye_block = np.eye(*stack.Q.shape[1:])[rows or slice(None), cols or slice(None)]
    ones = int(np.count_nonzero(eye_block))
    out[at == T] = -np.inf if ones == 0 else (0.0 if norm == "spectral" else 0.5 * np.log10(ones))
    return out
