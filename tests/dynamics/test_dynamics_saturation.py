"""Saturated units: the curve keeps its digits where g'(a) is tiny but not zero.

The reference recomputes the forward pass and every Jacobian in 40-digit arithmetic (mpmath, which
ships with sympy) from the same weights and inputs, and multiplies the Jacobians there.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from logicsim.dynamics import curves as C
from logicsim.dynamics import norm_curve
from logicsim.dynamics.jacobians import activation_derivative, sech2, sigmoid_derivative


def _sig(a):
    return 1 / (1 + mp.exp(-a))


def _top_log10(P, rows):
    block = P[0:rows, 0:rows]
    return float(mp.log10(max(mp.svd_r(block, compute_uv=False))))


def _reference_lstm(eigs, n, T, t_list):
    _, W, xs = C._setup(eigs, n, T, "lstm", "tanh", "spectral", "fast", True, 0.0, 0, None)
    cell, _ = C._run("lstm", W, xs, "tanh", 0.5, 1.0)
    sd = cell.state_dict()
    Wih, Whh = mp.matrix(sd["weight_ih_l0"].tolist()), mp.matrix(sd["weight_hh_l0"].tolist())
    b = [mp.mpf(u) + mp.mpf(v) for u, v in zip(sd["bias_ih_l0"], sd["bias_hh_l0"], strict=True)]
    x = np.asarray(xs).reshape(T, -1)
    h, c, Js = [mp.mpf(0)] * n, [mp.mpf(0)] * n, []
    for t in range(T):
        xt = [mp.mpf(v) for v in x[t]]
        z = [
            mp.fsum(Wih[r, k] * xt[k] for k in range(x.shape[1]))
            + mp.fsum(Whh[r, k] * h[k] for k in range(n))
            + b[r]
            for r in range(4 * n)
        ]
        i, f = [_sig(z[r]) for r in range(n)], [_sig(z[n + r]) for r in range(n)]
        g, o = [mp.tanh(z[2 * n + r]) for r in range(n)], [_sig(z[3 * n + r]) for r in range(n)]
        cn = [f[r] * c[r] + i[r] * g[r] for r in range(n)]
        tc = [mp.tanh(v) for v in cn]
        J = mp.zeros(2 * n)
        for r in range(n):
            di, df = i[r] * (1 - i[r]), f[r] * (1 - f[r])
            dg, do, dtc = 1 - g[r] ** 2, o[r] * (1 - o[r]), o[r] * (1 - tc[r] ** 2)
            for k in range(n):
                dc = (
                    g[r] * di * Whh[r, k]
                    + c[r] * df * Whh[n + r, k]
                    + i[r] * dg * Whh[2 * n + r, k]
                )
                J[n + r, k] = dc
                J[r, k] = tc[r] * do * Whh[3 * n + r, k] + dtc * dc
            J[n + r, n + r], J[r, n + r] = f[r], dtc * f[r]
        Js.append(J)
        h, c = [o[r] * tc[r] for r in range(n)], cn
    out, P = {}, mp.eye(2 * n)
    for t in range(T - 1, -1, -1):
        P = P * Js[t]
        if t in t_list:
            out[t] = _top_log10(P, n)
    return out


@pytest.mark.slow
def test_saturated_lstm_curve_matches_40_digit_reference() -> None:
    mp.mp.dps = 40
    T = 300
    curve = norm_curve([3.0], hidden_size=8, steps=T, cell="lstm")
    ref = _reference_lstm([3.0], 8, T, [0, 150, 290])
    for t, value in ref.items():
        assert curve[t] == pytest.approx(value, abs=1e-8), t
    # derivatives from gate values (y (1 - y)) said -211.8 here: 180 decades of error
    assert ref[0] > -40


def test_saturated_tanh_rnn_curve_matches_40_digit_reference() -> None:
    mp.mp.dps = 40
    n, T = 4, 60
    _, W, xs = C._setup([30.0], n, T, "rnn", "tanh", "spectral", "fast", True, 0.0, 0, None)
    cell, trace = C._run("rnn", W, xs, "tanh", 0.5, 1.0)
    a = trace.a[:, 0, :]  # (T, n) pre-activations, reused: the forward pass is not the point here
    assert np.abs(a).max() > 19  # tanh(a) rounds to 1 there: 1 - tanh^2 would be exactly 0
    P = mp.eye(n)
    Wm = mp.matrix(W.tolist())
    for t in range(T - 1, -1, -1):
        D = mp.diag([mp.sech(mp.mpf(v)) ** 2 for v in a[t]])
        P = P * (D * Wm)
    curve = norm_curve([30.0], hidden_size=n, steps=T)
    assert curve[0] == pytest.approx(_top_log10(P, n), abs=1e-8)


@pytest.mark.parametrize("a", [0.0, 1.5, -7.0, 20.0, -40.0, 100.0, 300.0])
def test_derivatives_from_preactivations_keep_relative_precision(a: float) -> None:
    mp.mp.dps = 40
    assert sech2(np.array(a)) == pytest.approx(float(mp.sech(a) ** 2), rel=1e-13)
    ref = float(_sig(mp.mpf(a)) * _sig(-mp.mpf(a)))
    assert sigmoid_derivative(np.array(a)) == pytest.approx(ref, rel=1e-13)
    assert activation_derivative(np.array(a), "sigmoid") == pytest.approx(ref, rel=1e-13)
    assert activation_derivative(np.array(a), "tanh") == pytest.approx(
        float(mp.sech(a) ** 2), rel=1e-13
    )
