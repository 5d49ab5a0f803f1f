"""Jacobian products through time: exact norms, log space, LSTM paths, measured BPTT."""

import numpy as np
import pytest

from logicsim.dynamics import (
    activation_derivative,
    backward_products,
    gradient_dynamics,
    log10_norms,
    lstm_cc_curve,
    lstm_step_jacobians,
    norm_curve,
    recurrent_matrix,
    rnn_step_jacobians,
)
from logicsim.errors import LogicsimError


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_state_step(s, x, W_ih, W_hh, b):
    """Reference LSTM step on the stacked state s = (h, c), written out independently."""
    H = W_hh.shape[1]
    h, c = s[:H], s[H:]
    z = W_ih @ x + W_hh @ h + b
    i, f, g, o = (
        sigmoid(z[:H]),
        sigmoid(z[H : 2 * H]),
        np.tanh(z[2 * H : 3 * H]),
        sigmoid(z[3 * H :]),
    )
    c2 = f * c + i * g
    return np.concatenate([o * np.tanh(c2), c2]), (i, f, g, o, c2)


def central_jacobian(fun, s, h=1e-6):
    cols = []
    for k in range(s.size):
        e = np.zeros_like(s)
        e[k] = h
        cols.append((fun(s + e) - fun(s - e)) / (2 * h))
    return np.stack(cols, axis=1)


def naive_products(J):
    T, n = J.shape[0], J.shape[1]
    P = [np.eye(n)]
    for t in range(T - 1, -1, -1):
        P.append(P[-1] @ J[t])
    return P[::-1]  # P[t] = J_T ... J_{t+1}


# ---- the linear case isolates the eigenvalues ---------------------------------------------------


@pytest.mark.parametrize("lam", [0.9, 1.05, -0.7, 0.01, 100.0])
def test_linear_diagonal_gives_exact_geometric_curve(lam):
    T = 300
    W = np.diag([lam, 0.5 * lam, 0.1 * lam])
    stack = backward_products(d=np.ones((T, 3)), W=W)
    t = np.arange(T + 1)
    want = (T - t) * np.log10(abs(lam))
    np.testing.assert_allclose(log10_norms(stack), want, atol=1e-10, rtol=0)
    # Frobenius of diag(l^k, (l/2)^k, (l/10)^k), in closed form
    fro = want + 0.5 * np.log10(sum(r ** (2.0 * (T - t)) for r in (1, 0.5, 0.1)))
    np.testing.assert_allclose(log10_norms(stack, norm="frobenius"), fro, atol=1e-10)


@pytest.mark.parametrize("lam", [0.9, 1.05, 0.5 + 0.5j])
def test_norm_curve_linear_normal_matrix(lam):
    T = 200
    curve = norm_curve([lam], hidden_size=6, steps=T, nonlinearity="linear", seed=4)
    want = (T - np.arange(T + 1)) * np.log10(abs(lam))
    np.testing.assert_allclose(curve, want, atol=1e-10)
    assert curve[-1] == 0.0


def test_extreme_products_stay_finite_in_log_space():
    # 1e-2000 and 1e+2000 are far outside float64, their logs are not
    c = norm_curve([0.01], hidden_size=3, steps=1000, nonlinearity="linear")
    assert c[0] == pytest.approx(-2000.0, abs=1e-8)
    c = norm_curve([100.0], hidden_size=3, steps=1000, nonlinearity="linear")
    assert c[0] == pytest.approx(2000.0, abs=1e-8)
    c = norm_curve([1e308], hidden_size=4, steps=5, nonlinearity="linear")
    np.testing.assert_allclose(c, 308.0 * np.arange(5, -1, -1), atol=1e-9)
    c = norm_curve([0.1], hidden_size=8, steps=2000)  # tanh: vanishes far below 1e-300
    assert np.all(np.isfinite(c)) and c[0] < -1500


def test_huge_eigenvalue_with_tanh_gives_correct_infinities_not_errors():
    g = gradient_dynamics([1e308], hidden_size=4, steps=20)
    # tanh saturates: g'(a) = 0 exactly, so the products are exactly zero -> -inf, or the
    # pre-activations overflow -> reported as not finite; never an exception
    assert g.curve[-1] == 0.0
    assert np.all((g.curve[:-1] == -np.inf) | ~np.isfinite(g.curve[:-1]) | (g.curve[:-1] < -10))


def test_dead_relu_gives_minus_infinity():
    x = -10.0 * np.ones((30, 4))
    c = norm_curve([0.5], hidden_size=4, steps=30, nonlinearity="relu", x=x)
    assert c[-1] == 0.0 and np.all(c[:-1] == -np.inf)


def test_nan_jacobian_is_reported_not_raised():
    d = np.ones((10, 3))
    d[4, 1] = np.nan  # the Jacobian of step 5 is not finite
    c = log10_norms(backward_products(d=d, W=0.9 * np.eye(3)))
    assert np.isnan(c[:5]).all() and np.isfinite(c[5:]).all()
    J = np.stack([np.eye(2)] * 6)
    J[2, 0, 0] = np.inf
    c = log10_norms(backward_products(J))
    assert np.all(~np.isfinite(c[:3])) and np.isfinite(c[3:]).all()


def test_nan_input_sequence_is_a_clear_error():
    x = np.zeros((10, 3))
    x[4, 1] = np.nan
    with pytest.raises(LogicsimError, match="NaN"):
        gradient_dynamics([0.9], hidden_size=3, steps=10, x=x)


# ---- exact spectral norm against numpy on small cases -------------------------------------------


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize("normal", [True, False])
def test_rnn_curve_equals_exact_norms_of_explicit_products(nonlinearity, normal):
    n, T = 5, 14
    eigs = [1.1, 0.8 + 0.5j, -0.9]
    g = gradient_dynamics(
        eigs, hidden_size=n, steps=T, nonlinearity=nonlinearity, normal=normal,
        non_normality=0.0 if normal else 1.5, seed=2, input_scale=1.0,
    )  # fmt: skip
    J = rnn_step_jacobians(g.trace.a, g.W, nonlinearity)[:, 0]  # (T, n, n)
    P = naive_products(J)
    two = np.array([np.linalg.norm(p, 2) for p in P])
    fro = np.array([np.linalg.norm(p, "fro") for p in P])
    np.testing.assert_allclose(10.0**g.curve, two, rtol=1e-10)
    np.testing.assert_allclose(10.0 ** log10_norms(g.stack, norm="frobenius"), fro, rtol=1e-10)
    for t in (0, 5, T):
        np.testing.assert_allclose(g.stack.matrix(t), P[t], rtol=1e-10, atol=1e-14)


def test_lstm_curve_is_hh_block_of_state_product():
    n, T = 4, 12
    g = gradient_dynamics([0.9, 1.2], hidden_size=n, steps=T, cell="lstm", seed=1)
    tr = g.trace
    J = lstm_step_jacobians(tr.i, tr.f, tr.g, tr.o, tr.c, tr.c_prev, np.vstack([g.W] * 4))[:, 0]
    P = naive_products(J)
    np.testing.assert_allclose(10.0**g.curve, [np.linalg.norm(p[:n, :n], 2) for p in P], rtol=1e-10)
    np.testing.assert_allclose(10.0**g.state_curve, [np.linalg.norm(p, 2) for p in P], rtol=1e-10)


# ---- per-step Jacobians against finite differences ----------------------------------------------


def test_rnn_step_jacobian_matches_finite_differences():
    rng = np.random.default_rng(0)
    n = 5
    W = rng.standard_normal((n, n))
    u = rng.standard_normal(n)
    h = rng.standard_normal(n) * 0.5
    J = rnn_step_jacobians((W @ h + u)[None, None], W, "tanh")[0, 0]
    np.testing.assert_allclose(J, central_jacobian(lambda s: np.tanh(W @ s + u), h), atol=1e-8)


def test_lstm_step_jacobian_matches_finite_differences():
    rng = np.random.default_rng(1)
    H, D = 3, 2
    W_ih, W_hh = rng.standard_normal((4 * H, D)), rng.standard_normal((4 * H, H))
    b, x = rng.standard_normal(4 * H), rng.standard_normal(D)
    s = rng.standard_normal(2 * H)
    _, (i, f, g, o, c) = lstm_state_step(s, x, W_ih, W_hh, b)
    args = [v[None, None] for v in (i, f, g, o, c, s[H:])]
    J = lstm_step_jacobians(*args, W_hh)[0, 0]
    ref = central_jacobian(lambda z: lstm_state_step(z, x, W_ih, W_hh, b)[0], s)
    np.testing.assert_allclose(J, ref, atol=1e-8)


@pytest.mark.torch
def test_lstm_step_jacobian_matches_torch():
    import torch

    rng = np.random.default_rng(2)
    H, D = 3, 2
    cell = torch.nn.LSTMCell(D, H, dtype=torch.float64)
    x = torch.tensor(rng.standard_normal((1, D)))
    s = rng.standard_normal(2 * H)

    def step(z):
        h2, c2 = cell(x, (z[None, :H], z[None, H:]))
        return torch.cat([h2[0], c2[0]])

    ref = torch.autograd.functional.jacobian(step, torch.tensor(s)).numpy()
    W_hh = cell.weight_hh.detach().numpy()
    W_ih = cell.weight_ih.detach().numpy()
    b = (cell.bias_ih + cell.bias_hh).detach().numpy()
    _, (i, f, g, o, c) = lstm_state_step(s, x.numpy()[0], W_ih, W_hh, b)
    J = lstm_step_jacobians(*[v[None, None] for v in (i, f, g, o, c, s[H:])], W_hh)[0, 0]
    np.testing.assert_allclose(J, ref, atol=1e-12)


def test_activation_derivatives():
    a = np.array([-2.0, 0.0, 0.5])
    np.testing.assert_allclose(activation_derivative(a, "tanh"), 1 - np.tanh(a) ** 2)
    np.testing.assert_array_equal(activation_derivative(a, "relu"), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(activation_derivative(a, "sigmoid"), sigmoid(a) * (1 - sigmoid(a)))
    assert activation_derivative(np.array([0.0]), "sigmoid")[0] == 0.25


# ---- LSTM constant error carousel --------------------------------------------------------------


def test_saturated_forget_gate_keeps_cc_product_at_one():
    np.testing.assert_array_equal(lstm_cc_curve(np.ones((500, 4))), np.zeros(501))
    g = gradient_dynamics([0.9], hidden_size=4, steps=300, cell="lstm", forget_bias=60.0)
    np.testing.assert_array_equal(g.trace.f, 1.0)  # sigmoid(60) rounds to 1 in float64
    np.testing.assert_allclose(g.cc_curve, 0.0, atol=1e-12)
    # while the vanilla RNN with the same matrix vanishes
    rnn = norm_curve([0.9], hidden_size=4, steps=300)
    assert rnn[0] < -10


def test_cc_curve_is_sum_of_log_forget_gates():
    f = np.random.default_rng(0).uniform(0.2, 0.99, size=(50, 3))
    t = 20
    prod = np.prod(f[t:], axis=0)
    assert lstm_cc_curve(f)[t] == pytest.approx(np.log10(prod.max()), abs=1e-12)
    assert lstm_cc_curve(f, norm="frobenius")[t] == pytest.approx(
        np.log10(np.linalg.norm(prod)), abs=1e-12
    )


# ---- measured gradients from the cell's own backward -------------------------------------------


@pytest.mark.parametrize("cell, nonlinearity", [("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"),
                                                ("rnn", "linear")])  # fmt: skip
def test_measured_bptt_follows_the_jacobian_picture(cell, nonlinearity):
    g = gradient_dynamics([0.95, 1.1], hidden_size=6, steps=40, cell=cell,
                          nonlinearity=nonlinearity, measure=True, seed=5)  # fmt: skip
    ok = np.isfinite(g.measured)
    assert ok.sum() > 30
    # dL/dh[t] = v^T dh[T]/dh[t] with a unit v: never above the Jacobian norm
    assert np.all(g.measured[ok] <= g.curve[ok] + 1e-9)
    # and exactly the projected product
    n = 6
    v = np.random.default_rng(5 + 2).standard_normal(n)
    v /= np.linalg.norm(v)
    rows = np.einsum("i,tij->tj", v, g.stack.Q[:, :n, :n])
    want = np.log10(np.linalg.norm(rows, axis=1)) + g.stack.log10_scale
    np.testing.assert_allclose(g.measured[ok], want[ok], atol=1e-9)
    assert g.measured[-1] == pytest.approx(0.0, abs=1e-12)


# ---- bad arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw",
    [
        {"hidden_size": 0},
        {"steps": 0},
        {"steps": -4},
        {"hidden_size": 2.5},
        {"cell": "gru"},
        {"nonlinearity": "sigmoid"},
        {"cell": "lstm", "nonlinearity": "relu"},
        {"norm": "nuclear"},
        {"x": np.zeros((3, 3))},
    ],
)
def test_bad_arguments_raise_one_clear_error(kw):
    args = {"hidden_size": 4, "steps": 10} | kw
    with pytest.raises(LogicsimError):
        norm_curve([0.9], **args)


def test_nan_eigenvalue_raises():
    with pytest.raises(LogicsimError, match="not finite"):
        norm_curve([float("nan")], hidden_size=3, steps=3)


def test_products_reject_bad_shapes():
    with pytest.raises(LogicsimError):
        backward_products(np.zeros((3, 2, 4)))
    with pytest.raises(LogicsimError):
        backward_products(d=np.ones((3, 2)), W=np.eye(3))


def test_default_curve_shape_and_end():
    W = recurrent_matrix([0.9], 16)
    assert W.shape == (16, 16)
    for cell in ("rnn", "lstm"):
        c = norm_curve([0.9, 1.05, 0.95 * np.exp(1j * np.pi / 6)], hidden_size=16, steps=50,
                       cell=cell)  # fmt: skip
        assert c.shape == (51,) and c[-1] == pytest.approx(0.0, abs=1e-12)
        assert np.all(np.isfinite(c))


def test_cc_path_alone_equals_the_full_computation():
    from logicsim.dynamics import lstm_cc_path

    g = gradient_dynamics([0.9, 1.1], hidden_size=5, steps=40, cell="lstm", seed=3)
    np.testing.assert_allclose(lstm_cc_path(g.W, steps=40, seed=3), g.cc_curve, atol=1e-12)
    with pytest.raises(LogicsimError):
        lstm_cc_path(np.ones((2, 3)), steps=4)


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_fast_and_dense_methods_agree_and_unknown_methods_are_refused(cell):
    args = dict(hidden_size=6, steps=60, cell=cell, seed=1)
    fast = norm_curve([0.9, 1.05, 0.8 + 0.4j], **args)
    exact = norm_curve([0.9, 1.05, 0.8 + 0.4j], method="eigh", **args)
    np.testing.assert_allclose(fast, exact, atol=1e-10)
    x = -10.0 * np.ones((30, 4))
    c = norm_curve([0.5], hidden_size=4, steps=30, nonlinearity="relu", x=x)
    assert np.all(c[:-1] == -np.inf)  # dead ReLUs: the product is exactly zero
    with pytest.raises(LogicsimError):
        norm_curve([0.9], hidden_size=4, steps=30, method="svd")
