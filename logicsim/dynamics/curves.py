"""Gradient norms through time for a chosen spectrum: what the eigenvalue sliders drive.

For a recurrent matrix built by :func:`~logicsim.dynamics.matrices.recurrent_matrix` the model is
run forward on an input sequence (``logicsim.nn`` cells), the per-step Jacobians are taken along
that trace, and the curve

.. math::

   c_t = \\log_{10} \\left\\| \\frac{\\partial h[T]}{\\partial h[t]} \\right\\|,
   \\qquad t = 0 \\dots T

is returned (``c_T = 0`` for the spectral norm).  How the weights are set:

* RNN: ``W_ih = input_scale * I``, ``W_hh = W``, biases 0, so
  :math:`h[t] = g(W h[t-1] + s\\,x[t])`.
* LSTM: every gate block of ``W_hh`` is ``W`` and every block of ``W_ih`` is ``input_scale * I``;
  biases 0 except the forget-gate bias ``forget_bias`` (1 by default, as commonly used).

The input ``x`` (shape (T, H) or (T, 1, H)) defaults to seeded standard-normal noise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from logicsim.dynamics.jacobians import activation_derivative, lstm_shared_w_factors
from logicsim.dynamics.matrices import MAX_SIZE, expand_eigenvalues, recurrent_matrix
from logicsim.dynamics.products import METHODS, ProductStack, backward_products, log10_norms
from logicsim.dynamics.spectrum import SpectralReport, spectral_report
from logicsim.errors import LogicsimError
from logicsim.vocab import CELLS, GRADIENT_NONLINEARITIES, state_size

__all__ = [
    "GradientDynamics", "gradient_dynamics", "lstm_cc_curve", "lstm_cc_path", "max_steps",
    "norm_curve",
]  # fmt: skip

#: Longest horizon accepted (the products are O(T n^3); this keeps a typo from hanging the app).
MAX_STEPS = 100_000
#: Largest number of stored product entries (T+1) * S^2, S = H (RNN) or 2H (LSTM): ~160 MB.
MAX_WORK = 20_000_000
#: Largest arithmetic of one request, counted as (T + 1 + 10) * S^3 multiply-adds (the T products
#: and their norms, plus the spectral report of W): about 5e8 runs in a few seconds.
MAX_CUBIC_WORK = 500_000_000
#: The spectral report (eigenvalues, singular values of W) counted as this many products.
_REPORT_COST = 10


@dataclass(frozen=True)
class GradientDynamics:
    """Everything the gradient panel draws for one slider position."""

    W: np.ndarray  # (H, H) the recurrent matrix built from the eigenvalues
    report: SpectralReport  # eigenvalues, singular values, rho, lambda_1, regime
    curve: np.ndarray  # (T+1,) log10 ||dh[T]/dh[t]||
    finite: bool  # False when the curve holds inf/nan (an absurd input), which is reported
    state_curve: np.ndarray | None = None  # (T+1,) LSTM: log10 ||d(h,c)[T]/d(h,c)[t]||
    cc_curve: np.ndarray | None = None  # (T+1,) LSTM: log10 ||prod diag(f)||, the c->c path
    measured: np.ndarray | None = None  # (T+1,) log10 ||dL/dh[t]|| from the cell's backward
    trace: Any = field(default=None, repr=False)  # the logicsim.nn trace the Jacobians used
    stack: ProductStack | None = field(default=None, repr=False)  # all products, log space


def max_steps(hidden_size: int, cell: str = "rnn", products: bool = True) -> int:
    """The longest horizon ``T`` the work budget allows for ``hidden_size`` (0: none).

    ``products=False`` is the forward pass only (the LSTM's c->c path): ``T * S^2`` arithmetic
    and ``T * S`` stored numbers.
    The GUI's step control takes its maximum from here, so it offers only what is computed.

    >>> max_steps(16) > 10_000, max_steps(256) < 100
    (True, True)
    """
    S = state_size(cell, int(hidden_size))
    if not products:
        return int(min(MAX_STEPS, 2 * MAX_CUBIC_WORK // (S * S), MAX_WORK // S))
    by_memory = MAX_WORK // (S * S) - 1
    by_time = MAX_CUBIC_WORK // (S**3) - 1 - _REPORT_COST
    return int(max(0, min(MAX_STEPS, by_memory, by_time)))


def _check(
    n: Any, T: Any, cell: str, nonlinearity: str, norm: str, products: bool = True
) -> tuple[int, int]:
    for name, v, hi in (("hidden_size", n, MAX_SIZE), ("steps", T, MAX_STEPS)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise LogicsimError(f"{name} must be a whole number, got {v!r}")
        if not 1 <= int(v) <= hi:
            raise LogicsimError(f"{name} must be between 1 and {hi}, got {v}")
    if cell not in CELLS:
        raise LogicsimError(f"cell must be one of {', '.join(CELLS)}, got {cell!r}")
    if cell == "rnn" and nonlinearity not in GRADIENT_NONLINEARITIES:
        raise LogicsimError(
            f"nonlinearity must be one of {', '.join(GRADIENT_NONLINEARITIES)}, got "
            f"{nonlinearity!r}"
        )
    if cell == "lstm" and nonlinearity != "tanh":
        raise LogicsimError("the LSTM's nonlinearities are fixed (sigmoid gates, tanh cell)")
    if norm not in ("spectral", "frobenius"):
        raise LogicsimError(f"norm must be 'spectral' or 'frobenius', got {norm!r}")
    limit = max_steps(int(n), cell, products)
    if int(T) > limit:
        raise LogicsimError(
            f"hidden_size {n} with {T} steps is too much work: at this size at most "
            f"{limit} steps (use fewer steps or a smaller hidden size)"
            if limit
            else f"hidden_size {n} is too much work (at most {_largest_size(cell)} for one step)"
        )
    return int(n), int(T)


def _largest_size(cell: str) -> int:
    """The largest hidden size for which one step fits the budget."""
    n = 1
    while max_steps(n + 1, cell) >= 1:
        n += 1
    return n


@lru_cache(maxsize=8)
def _noise(T: int, n: int, seed: int) -> np.ndarray:
    """The default input: seeded N(0, 1) noise, shape (T, 1, n), read-only (cached: a slider
    move keeps T, n and the seed, and drawing it costs as much as a few forward steps)."""
    x = np.random.default_rng(seed + 1).standard_normal((T, 1, n))  # (T, 1, H)
    x.flags.writeable = False
    return x


def _inputs(x: Any, T: int, n: int, seed: int) -> np.ndarray:
    if x is None:
        return _noise(T, n, seed)
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        x = x[:, None, :]  # (T, 1, H)
    if x.shape != (T, 1, n):
        raise LogicsimError(f"x must have shape ({T}, {n}) or ({T}, 1, {n}), got {x.shape}")
    return x


@lru_cache(maxsize=32)
def _cell(kind: str, n: int, nonlinearity: str) -> Any:
    """One reusable logicsim.nn cell per structure (weights are overwritten on every call)."""
    from logicsim.nn import LSTM, RNN

    if kind == "rnn":
        return RNN(n, n, nonlinearity=nonlinearity, seed=0)
    return LSTM(n, n, seed=0)


def _run(kind: str, W: np.ndarray, x: np.ndarray, nonlinearity: str, scale: float, fb: float):
    """Load the weights described in the module docstring and run the forward pass."""
    n = W.shape[0]
    cell = _cell(kind, n, nonlinearity)
    eye = scale * np.eye(n)
    if kind == "rnn":
        state = {"weight_ih_l0": eye, "weight_hh_l0": W, "bias_ih_l0": np.zeros(n),
                 "bias_hh_l0": np.zeros(n)}  # fmt: skip
    else:
        b = np.zeros(4 * n)
        b[n : 2 * n] = fb  # forget-gate bias
        state = {"weight_ih_l0": np.vstack([eye] * 4), "weight_hh_l0": np.vstack([W] * 4),
                 "bias_ih_l0": b, "bias_hh_l0": np.zeros(4 * n)}  # fmt: skip
    cell.load_state_dict(state)
    with np.errstate(all="ignore"):
        return cell, cell.forward(x)


def _products(
    kind, W, x, nonlinearity, scale, fb, h_rows: bool = False
) -> tuple[ProductStack, Any, Any]:
    """Forward pass and all Jacobian products; ``h_rows``: LSTM, only the rows of h[T] (cheaper)."""
    if kind == "rnn" and nonlinearity == "linear":
        T, n = x.shape[0], W.shape[0]
        return backward_products(d=np.ones((T, n)), W=W), None, None
    cell, trace = _run(kind, W, x, nonlinearity, scale, fb)
    if kind == "rnn":
        d = activation_derivative(trace.a[:, 0, :], nonlinearity)  # (T, H) g'(a[k])
        return backward_products(d=d, W=W), cell, trace
    # every gate block of W_hh is W: the state Jacobians factor (no (T, 2H, 2H) stack)
    gates = lstm_shared_w_factors(
        trace.i[:, 0], trace.f[:, 0], trace.g[:, 0], trace.o[:, 0], trace.c[:, 0],
        trace.c_prev[:, 0], trace.z[:, 0],
    )  # fmt: skip  # 4 x (T, H), sequence 0; derivatives from the pre-activations
    rows = W.shape[0] if h_rows else None
    return backward_products(W=W, gates=gates, rows=rows), cell, trace


def _curve(stack: ProductStack, norm: str, block: int | None, method: str) -> np.ndarray:
    """log10 norms of every product (or of its leading ``block`` x ``block`` block)."""
    rows = cols = None if block is None else slice(0, block)
    return log10_norms(stack, norm=norm, rows=rows, cols=cols, method=method)


def _check_method(method: str) -> None:
    """``method`` must be one of :data:`METHODS`."""
    if method not in METHODS:
        raise LogicsimError(f"method must be 'fast' or 'eigh', got {method!r}")


def _setup(
    eigenvalues,
    hidden_size,
    steps,
    cell,
    nonlinearity,
    norm,
    method,
    normal,
    non_normality,
    seed,
    x,
) -> tuple[int, np.ndarray, np.ndarray]:
    """Validate the arguments shared by the curve functions; build W (n, n) and inputs (T, 1, n)."""
    n, T = _check(hidden_size, steps, cell, nonlinearity, norm)
    _check_method(method)
    W = recurrent_matrix(eigenvalues, n, normal=normal, non_normality=non_normality, seed=seed)
    return n, W, _inputs(x, T, n, seed)


def norm_curve(
    eigenvalues: Iterable[complex | float],
    *,
    hidden_size: int,
    steps: int,
    cell: str = "rnn",
    nonlinearity: str = "tanh",
    normal: bool = True,
    non_normality: float = 0.0,
    seed: int = 0,
    norm: str = "spectral",
    x: Any = None,
    input_scale: float = 0.5,
    forget_bias: float = 1.0,
    method: str = "fast",
) -> np.ndarray:
    """log10 ‖∂h[T]/∂h[t]‖ for t = 0..T, for a recurrent matrix with the given eigenvalues.

    Parameters
    ----------
    eigenvalues : iterable of float or complex
        See :func:`~logicsim.dynamics.recurrent_matrix`.
    hidden_size, steps : int
        H and T.
    cell : {"rnn", "lstm"}
    nonlinearity : {"tanh", "relu", "linear"}
        RNN only ("linear" isolates the eigenvalues: every Jacobian is ``W``).
    normal, non_normality, seed
        Passed to :func:`~logicsim.dynamics.recurrent_matrix`; ``seed + 1`` seeds the inputs.
    norm : {"spectral", "frobenius"}
    x : ndarray, shape (T, H) or (T, 1, H), optional
        Input sequence (default: seeded N(0, 1) noise).
    input_scale : float
        Scale of the identity input weights.
    forget_bias : float
        LSTM forget-gate bias.
    method : {"fast", "eigh"}
        How the spectral norm of each product is computed (see
        :func:`~logicsim.dynamics.products.log10_norms`): ``"fast"`` (default, batched block
        subspace iteration, verified to 1e-9 relative) or ``"eigh"`` (dense, ~10x slower).

    Returns
    -------
    curve : ndarray, shape (T+1,)
        Finite in log space even when the norm is 1e-300 or 1e+300; ``-inf`` for an exactly zero
        product (dead ReLUs), ``inf``/``nan`` when the inputs were not finite.  For the LSTM this is
        the h-h block of the (h, c) state product.
    """
    n, W, xs = _setup(
        eigenvalues,
        hidden_size,
        steps,
        cell,
        nonlinearity,
        norm,
        method,
        normal,
        non_normality,
        seed,
        x,
    )
    stack, _, _ = _products(cell, W, xs, nonlinearity, float(input_scale), float(forget_bias), True)
    return _curve(stack, norm, None if cell == "rnn" else n, method)


def lstm_cc_curve(f: np.ndarray, *, norm: str = "spectral") -> np.ndarray:
    """The c→c path alone: :math:`\\log_{10}\\|\\prod_{k=t+1}^{T} \\mathrm{diag}(f[k])\\|`.

    Parameters
    ----------
    f : ndarray, shape (T, H)
        Forget-gate values f[1..T] of one sequence.
    norm : {"spectral", "frobenius"}

    Returns
    -------
    ndarray, shape (T+1,)
        Computed as sums of log10 f, so a product of 10,000 gates near 1 stays exact.
    """
    f = np.asarray(f, dtype=float)
    T, H = f.shape
    with np.errstate(divide="ignore", invalid="ignore"):
        L = np.log10(np.abs(f))  # (T, H)
        S = np.zeros((T + 1, H))  # (T+1, H)  S[t] = sum_{k > t} log10 f[k]
        S[:T] = np.cumsum(L[::-1], axis=0)[::-1]
        if norm == "spectral":
            return S.max(axis=1)
        top = S.max(axis=1, keepdims=True)  # (T+1, 1)
        safe = np.where(np.isfinite(top), top, 0.0)
        return (0.5 * np.log10(np.sum(100.0 ** (S - safe), axis=1)) + safe[:, 0]).clip(-np.inf)


def lstm_cc_path(
    W: np.ndarray,
    *,
    steps: int,
    seed: int = 0,
    x: Any = None,
    input_scale: float = 0.5,
    forget_bias: float = 1.0,
    norm: str = "spectral",
) -> np.ndarray:
    """The LSTM's c→c curve for a given ``W`` without the full (h, c) product (cheap).

    Runs the LSTM forward with the weight recipe of this module (every gate block of ``W_hh`` is
    ``W``) and returns :func:`lstm_cc_curve` of its forget gates, shape (steps+1,).
    """
    W = np.asarray(W, dtype=float)
    n, T = _check(W.shape[0] if W.ndim == 2 else 0, steps, "lstm", "tanh", norm, products=False)
    if W.shape != (n, n):
        raise LogicsimError(f"W must be square, got shape {W.shape}")
    xs = _inputs(x, T, n, seed)
    _, trace = _run("lstm", W, xs, "tanh", float(input_scale), float(forget_bias))
    return lstm_cc_curve(trace.f[:, 0, :], norm=norm)


def gradient_dynamics(
    eigenvalues: Iterable[complex | float],
    *,
    hidden_size: int,
    steps: int,
    cell: str = "rnn",
    nonlinearity: str = "tanh",
    normal: bool = True,
    non_normality: float = 0.0,
    seed: int = 0,
    norm: str = "spectral",
    x: Any = None,
    input_scale: float = 0.5,
    forget_bias: float = 1.0,
    measure: bool = False,
    method: str = "fast",
) -> GradientDynamics:
    """:func:`norm_curve` plus the spectral report, the LSTM paths and a measured BPTT curve.

    With ``measure=True`` the loss :math:`L = v^\\top h[T]` (v a seeded unit vector) is
    backpropagated by the cell's own ``backward`` and ``measured[t] = log10 ||dL/dh[t]||``;
    ``method`` is as in :func:`norm_curve`.
    Since :math:`dL/dh[t] = v^\\top \\partial h[T]/\\partial h[t]`, the measured curve never
    lies above the Jacobian curve and follows its slope.  The measured gradient is plain float64,
    so it underflows to 0 (``-inf``) where the log-space curve does not.
    """
    eigenvalues = list(eigenvalues)
    n, W, xs = _setup(
        eigenvalues,
        hidden_size,
        steps,
        cell,
        nonlinearity,
        norm,
        method,
        normal,
        non_normality,
        seed,
        x,
    )
    scale, fb = float(input_scale), float(forget_bias)
    stack, cellobj, trace = _products(cell, W, xs, nonlinearity, scale, fb)
    report = spectral_report(
        W,
        "linear" if nonlinearity == "linear" else nonlinearity,
        eigenvalues=expand_eigenvalues(eigenvalues, n),
    )
    state_curve = cc_curve = measured = None
    if cell == "rnn":
        curve = _curve(stack, norm, None, method)
    else:
        curve = _curve(stack, norm, n, method)
        state_curve = _curve(stack, norm, None, method)
        cc_curve = lstm_cc_curve(trace.f[:, 0, :], norm=norm)
    if measure:
        if cellobj is None:  # linear RNN: no cell ran
            measured = _measure_linear(stack, n, seed)
        else:
            v = _unit(n, seed)
            dh = np.zeros_like(trace.h)  # (T, 1, H)
            dh[-1, 0] = v
            with np.errstate(all="ignore"):
                grads = cellobj.backward(trace, dh)
                g = np.concatenate([grads.dh0[None], grads.dh_steps], axis=0)  # (T+1, 1, H)
                measured = np.log10(np.linalg.norm(g[:, 0, :], axis=1))
    finite = bool(np.all(np.isfinite(curve) | (curve == -np.inf)))
    return GradientDynamics(W, report, curve, finite, state_curve, cc_curve, measured, trace, stack)


def _unit(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed + 2).standard_normal(n)  # (H,)
    return v / np.linalg.norm(v)


def _measure_linear(stack: ProductStack, n: int, seed: int) -> np.ndarray:
    """log10 ||v^T W^(T-t)|| read off the log-space products (the linear model runs no cell)."""
    v = _unit(n, seed)
    with np.errstate(all="ignore"):
        rows = np.einsum("i,tij->tj", v, stack.Q)  # (T+1, H) normalised v^T P_t
        return np.log10(np.linalg.norm(rows, axis=1)) + stack.log10_scale
