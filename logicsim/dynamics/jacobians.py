"""Per-step Jacobians of the recurrent cells along a forward trace.

Vanilla RNN, :math:`h[k] = g(a[k])`, :math:`a[k] = W_{ih} x[k] + b + W_{hh} h[k-1]`:

.. math::  J_k = \\frac{\\partial h[k]}{\\partial h[k-1]} = \\mathrm{diag}(g'(a[k]))\\,W_{hh}

(with ``g`` linear, :math:`J_k = W_{hh}`).

LSTM, gates :math:`i, f, o = \\sigma(z_{i,f,o})`, :math:`g = \\tanh z_g`,
:math:`z = W_{ih} x + b + W_{hh} h[k-1]`, :math:`c[k] = f\\odot c[k-1] + i\\odot g`,
:math:`h[k] = o\\odot\\tanh c[k]`.  With :math:`D(v) = \\mathrm{diag}(v)`:

.. math::
   \\partial c/\\partial h_{prev} &= D(c_{prev} f(1-f)) W_f + D(g\\, i(1-i)) W_i
      + D(i(1-g^2)) W_g\\\\
   \\partial c/\\partial c_{prev} &= D(f)\\\\
   \\partial h/\\partial h_{prev} &= D(\\tanh(c)\\, o(1-o)) W_o
      + D(o(1-\\tanh^2 c))\\,\\partial c/\\partial h_{prev}\\\\
   \\partial h/\\partial c_{prev} &= D(o(1-\\tanh^2 c) f)

where :math:`W_i, W_f, W_g, W_o` are the H-row blocks of ``W_hh`` in PyTorch's order i, f, g, o.
The full state Jacobian orders the state as ``(h, c)``:
:math:`J_k = \\begin{pmatrix} \\partial h/\\partial h & \\partial h/\\partial c \\\\
\\partial c/\\partial h & \\partial c/\\partial c \\end{pmatrix}`, shape (2H, 2H).
"""

from __future__ import annotations

import numpy as np

from logicsim.errors import LogicsimError

__all__ = [
    "activation_derivative",
    "lstm_step_jacobians",
    "rnn_step_jacobians",
    "sech2",
    "sigmoid_derivative",
]


def sech2(a: np.ndarray) -> np.ndarray:
    """:math:`\\mathrm{sech}^2 a = 1/\\cosh^2 a = \\tanh'(a)`, element-wise, to full precision.

    ``1 - tanh(a)**2`` loses every digit once :math:`\\tanh a` rounds to 1 (|a| > 19, where the
    true value is still ~1e-16); :math:`1/\\cosh^2` keeps its relative precision until the value
    itself underflows float64 (|a| > ~355).  ``a`` any shape.
    """
    with np.errstate(over="ignore"):
        ch = np.cosh(np.asarray(a, dtype=float))
        return 1.0 / (ch * ch)


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """:math:`\\sigma'(a) = \\sigma(a)\\sigma(-a) = \\tfrac14 \\mathrm{sech}^2(a/2)`, to full
    relative precision (``s * (1 - s)`` from the gate value is 0 once ``s`` rounds to 1,
    |a| > 37)."""
    return 0.25 * sech2(0.5 * np.asarray(a, dtype=float))


def activation_derivative(a: np.ndarray, nonlinearity: str) -> np.ndarray:
    """:math:`g'(a)` element-wise, from the pre-activation.  ``a`` any shape; result the same.

    ``tanh``: :math:`\\mathrm{sech}^2 a`; ``relu``: :math:`[a > 0]`; ``sigmoid``:
    :math:`\\sigma(a)(1-\\sigma(a))`; ``linear``: 1.  Computed from ``a`` (not from ``g(a)``) so
    that saturated units keep their tiny but non-zero derivatives (:func:`sech2`).
    """
    a = np.asarray(a, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        if nonlinearity == "tanh":
            return sech2(a)
        if nonlinearity == "relu":
            return np.where(np.isnan(a), np.nan, (a > 0).astype(float))
        if nonlinearity == "sigmoid":
            return sigmoid_derivative(a)
        if nonlinearity == "linear":
            return np.where(np.isnan(a), np.nan, 1.0)
    raise LogicsimError(f"unknown nonlinearity {nonlinearity!r}")


def rnn_step_jacobians(a: np.ndarray, W_hh: np.ndarray, nonlinearity: str = "tanh") -> np.ndarray:
    """All per-step Jacobians :math:`J_k = \\mathrm{diag}(g'(a[k])) W_{hh}` at once.

    Parameters
    ----------
    a : ndarray, shape (T, B, H)
        Pre-activations a[1..T] of a forward trace (``RNNTrace.a``).
    W_hh : ndarray, shape (H, H)
    nonlinearity : {"tanh", "relu", "sigmoid", "linear"}

    Returns
    -------
    J : ndarray, shape (T, B, H, H)
        ``J[k-1, b]`` is :math:`\\partial h[k]/\\partial h[k-1]` for sequence b.
    """
    a = np.asarray(a, dtype=float)
    W_hh = np.asarray(W_hh, dtype=float)
    if a.ndim != 3 or W_hh.shape != (a.shape[-1], a.shape[-1]):
        raise LogicsimError(f"need a (T, B, H) and W_hh (H, H); got {a.shape} and {W_hh.shape}")
    d = activation_derivative(a, nonlinearity)  # (T, B, H)
    with np.errstate(over="ignore", invalid="ignore"):
        return d[..., :, None] * W_hh  # (T, B, H, H)


def lstm_step_jacobians(
    i: np.ndarray,
    f: np.ndarray,
    g: np.ndarray,
    o: np.ndarray,
    c: np.ndarray,
    c_prev: np.ndarray,
    W_hh: np.ndarray,
) -> np.ndarray:
    """Full state Jacobians :math:`\\partial (h,c)[k] / \\partial (h,c)[k-1]` along a trace.

    Parameters
    ----------
    i, f, g, o : ndarray, shape (T, B, H)
        Gate values of ``LSTMTrace``.
    c : ndarray, shape (T, B, H)
        Cell states c[1..T].
    c_prev : ndarray, shape (T, B, H)
        c[0..T-1] (``LSTMTrace.c_prev``).
    W_hh : ndarray, shape (4H, H)
        Rows in gate order i, f, g, o.

    Returns
    -------
    J : ndarray, shape (T, B, 2H, 2H)
        Blocks ``[[dh/dh, dh/dc], [dc/dh, dc/dc]]``.
    """
    T, B, H = np.shape(c)
    W_hh = np.asarray(W_hh, dtype=float)
    if W_hh.shape != (4 * H, H):
        raise LogicsimError(f"W_hh must have shape (4H, H) = ({4 * H}, {H}), got {W_hh.shape}")
    Wr = W_hh.reshape(4, H, H).transpose(1, 0, 2)  # (H, 4, H): row h of W_i, W_f, W_g, W_o
    TB = T * B
    J = np.zeros((T, B, 2 * H, 2 * H))  # (T, B, 2H, 2H)
    with np.errstate(over="ignore", invalid="ignore"):
        tc = np.tanh(c)  # (T, B, H)
        dtc = o * (1.0 - tc * tc)  # (T, B, H)  d h / d c (element-wise)
        # row h of dc/dh is sum over gates of coef[h, k] * (row h of W_gate): one batched matmul
        coef = np.empty((H, TB, 3))  # (H, TB, 3) coefficients of W_i, W_f, W_g
        coef[:, :, 0] = (g * i * (1.0 - i)).reshape(TB, H).T
        coef[:, :, 1] = (c_prev * f * (1.0 - f)).reshape(TB, H).T
        coef[:, :, 2] = (i * (1.0 - g * g)).reshape(TB, H).T
        dc_dh = np.matmul(coef, Wr[:, :3])  # (H, TB, H)
        J[:, :, H:, :H] = dc_dh.transpose(1, 0, 2).reshape(T, B, H, H)
        # dh/dh = D(tanh(c) o (1 - o)) W_o + D(dtc) dc/dh
        dh_dh = (tc * o * (1.0 - o)).reshape(TB, H).T[:, :, None] * Wr[:, None, 3]  # (H, TB, H)
        dh_dh += dtc.reshape(TB, H).T[:, :, None] * dc_dh
        J[:, :, :H, :H] = dh_dh.transpose(1, 0, 2).reshape(T, B, H, H)
        d = np.arange(H)
        J[:, :, H + d, H + d] = f  # (T, B, H) on the diagonal: dc/dc = diag(f)
        J[:, :, d, H + d] = dtc * f  # dh/dc = diag(o (1 - tanh^2 c) f)
    return J


def lstm_shared_w_factors(
    i: np.ndarray,
    f: np.ndarray,
    g: np.ndarray,
    o: np.ndarray,
    c: np.ndarray,
    c_prev: np.ndarray,
    z: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Diagonal factors of the LSTM state Jacobian when every gate block of W_hh is one W.

    With :math:`W_i = W_f = W_g = W_o = W` the blocks of :func:`lstm_step_jacobians` factor as
    ``[[diag(beta) W, diag(gamma)], [diag(alpha) W, diag(f)]]`` with

    * ``alpha = g i (1 - i) + c[k-1] f (1 - f) + i (1 - g^2)``  (dc/dh = diag(alpha) W),
    * ``beta = tanh(c) o (1 - o) + o (1 - tanh^2 c) alpha``  (dh/dh = diag(beta) W),
    * ``gamma = o (1 - tanh^2 c) f``  (dh/dc = diag(gamma)),

    so no (T, 2H, 2H) stack needs to be built (see ``backward_products(gates=...)``).

    With the pre-activations ``z`` the derivatives :math:`\\sigma' = \\sigma(z)\\sigma(-z)` and
    :math:`\\tanh' = \\mathrm{sech}^2` are computed from them (:func:`sigmoid_derivative`,
    :func:`sech2`) and keep full relative precision in saturated gates, where ``i (1 - i)``
    from a gate value that rounded to 1 is exactly 0: 300 steps of an LSTM whose gates sit at
    ``sigmoid(±12)`` then read 1e-212 instead of the true 1e-31.

    Parameters
    ----------
    i, f, g, o, c, c_prev : ndarray, shape (T, H)
        One sequence of an ``LSTMTrace`` (c = c[1..T], c_prev = c[0..T-1]).
    z : ndarray, shape (T, 4H), optional
        Its pre-activations (``LSTMTrace.z``), gate blocks i, f, g, o.

    Returns
    -------
    beta, alpha, gamma, f : ndarray, shape (T, H) each
    """
    with np.errstate(over="ignore", invalid="ignore"):
        tc = np.tanh(c)  # (T, H)
        if z is None:
            di, df, do = i * (1.0 - i), f * (1.0 - f), o * (1.0 - o)  # (T, H) each
            dg, dtanh_c = 1.0 - g * g, 1.0 - tc * tc  # (T, H) each
        else:
            zi, zf, zg, zo = np.split(np.asarray(z, dtype=float), 4, axis=-1)  # (T, H) each
            di, df, do = sigmoid_derivative(zi), sigmoid_derivative(zf), sigmoid_derivative(zo)
            dg, dtanh_c = sech2(zg), sech2(c)
        dtc = o * dtanh_c  # (T, H) d h / d c
        alpha = g * di + c_prev * df + i * dg  # (T, H)
        beta = tc * do + dtc * alpha  # (T, H)
        return beta, alpha, dtc * f, np.array(f, dtype=float)
