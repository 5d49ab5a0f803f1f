"""Trace conveniences, float32 on long sequences, optimizer state round trips, ensemble heads."""

import numpy as np
import pytest

from logicsim.nn import LSTM, RNN, SGD, Adam, Linear, RMSprop


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_lstm_trace_fields_follow_the_equations():
    rng = np.random.default_rng(0)
    cell = LSTM(3, 5, seed=4)
    x, h0, c0 = rng.normal(size=(6, 2, 3)), rng.normal(size=(2, 5)), rng.normal(size=(2, 5))
    tr = cell.forward(x, h0, c0)
    p, H = cell.params, 5
    z = x @ p["weight_ih_l0"].T + tr.h_prev @ p["weight_hh_l0"].T
    z += p["bias_ih_l0"] + p["bias_hh_l0"]
    np.testing.assert_allclose(tr.z, z, atol=1e-13)
    np.testing.assert_allclose(tr.i, sigmoid(z[..., :H]), atol=1e-13)
    np.testing.assert_allclose(tr.f, sigmoid(z[..., H : 2 * H]), atol=1e-13)
    np.testing.assert_allclose(tr.g, np.tanh(z[..., 2 * H : 3 * H]), atol=1e-13)
    np.testing.assert_allclose(tr.o, sigmoid(z[..., 3 * H :]), atol=1e-13)
    np.testing.assert_allclose(tr.c, tr.f * tr.c_prev + tr.i * tr.g, atol=1e-13)
    np.testing.assert_allclose(tr.tanh_c, np.tanh(tr.c), atol=1e-15)
    np.testing.assert_allclose(tr.h, tr.o * tr.tanh_c, atol=1e-15)
    np.testing.assert_array_equal(tr.h_prev[0], h0)
    np.testing.assert_array_equal(tr.c_prev[0], c0)
    np.testing.assert_array_equal(tr.h0, h0)
    np.testing.assert_array_equal(tr.c0, c0)


def test_rnn_trace_fields_follow_the_equations():
    rng = np.random.default_rng(1)
    cell = RNN(3, 4, "relu", seed=2)
    x = rng.normal(size=(5, 2, 3))
    tr = cell.forward(x)
    p = cell.params
    a = x @ p["weight_ih_l0"].T + tr.h_prev @ p["weight_hh_l0"].T
    a += p["bias_ih_l0"] + p["bias_hh_l0"]
    np.testing.assert_allclose(tr.a, a, atol=1e-13)
    np.testing.assert_allclose(tr.h, np.maximum(a, 0), atol=1e-13)
    assert np.all(tr.h_prev[0] == 0)


@pytest.mark.parametrize("make", [lambda: RNN(4, 3, seed=1), lambda: LSTM(4, 3, seed=1)])
def test_dh_none_equals_zeros(make):
    cell = make()
    rng = np.random.default_rng(2)
    tr = cell.forward(rng.normal(size=(7, 2, 4)))
    last = rng.normal(size=(2, 3))
    a = cell.backward(tr, None, dh_last=last)
    b = cell.backward(tr, np.zeros((7, 2, 3)), dh_last=last)
    for name in cell.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
    np.testing.assert_array_equal(a.dx, b.dx)
    np.testing.assert_array_equal(a.dh_steps, b.dh_steps)


@pytest.mark.parametrize("kind", ["lstm", "relu"])
def test_float32_long_sequence_gradients_track_float64(kind):
    """T = 111 (the HARD level) in float32: gradients stay close to the float64 ones."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(111, 8, 8))
    make = (
        (lambda dt: LSTM(8, 4, seed=0, dtype=dt))
        if kind == "lstm"
        else (lambda dt: RNN(8, 4, "relu", seed=0, dtype=dt))
    )
    c32, c64 = make(np.float32), make(np.float64)
    last = rng.normal(size=(8, 4)) * 0.01
    g32 = c32.backward(c32.forward(x.astype(np.float32)), None, dh_last=last.astype(np.float32))
    g64 = c64.backward(c64.forward(x), None, dh_last=last)
    for name in c64.params:
        ref = g64.params[name]
        assert np.abs(g32.params[name] - ref).max() <= 1e-4 * np.abs(ref).max() + 1e-30
    assert np.all(np.isfinite(g32.dh_steps))


@pytest.mark.parametrize(
    "make_opt",
    [
        lambda p: RMSprop(p, lr=1e-2, momentum=0.3),
        lambda p: Adam(p, lr=1e-2),
        lambda p: SGD(p, lr=1e-2, momentum=0.9),
    ],
)
def test_optimizer_state_dict_resumes_exactly(make_opt):
    rng = np.random.default_rng(4)
    grads = [{"w": rng.normal(size=(3, 2)), "b": rng.normal(size=3)} for _ in range(6)]
    start = {"w": rng.normal(size=(3, 2)), "b": rng.normal(size=3)}
    straight = {k: v.copy() for k, v in start.items()}
    opt = make_opt(straight)
    for g in grads:
        opt.step(g)
    first = {k: v.copy() for k, v in start.items()}
    opt1 = make_opt(first)
    for g in grads[:3]:
        opt1.step(g)
    saved, params_saved = opt1.state_dict(), {k: v.copy() for k, v in first.items()}
    resumed = params_saved
    opt2 = make_opt(resumed)
    opt2.load_state_dict(saved)
    for g in grads[3:]:
        opt2.step(g)
    for k in start:
        np.testing.assert_array_equal(resumed[k], straight[k])
    with pytest.raises(ValueError, match="state dict is for"):
        RMSprop(resumed).load_state_dict(Adam(resumed).state_dict())


def test_per_member_learning_rates():
    p = {"w": np.ones((3, 2))}
    SGD(p, lr=[0.1, 0.2, 0.3]).step({"w": np.ones((3, 2))})
    np.testing.assert_allclose(p["w"][:, 0], [0.9, 0.8, 0.7])


def test_linear_ensemble_equals_separate_layers():
    rng = np.random.default_rng(5)
    ens = Linear(4, 3, seed=[1, 2], ensemble=2)
    x, dy = rng.normal(size=(2, 6, 5, 4)), rng.normal(size=(2, 6, 5, 3))
    y = ens.forward(x)
    grads, dx = ens.backward(x, dy)
    for k, seed in enumerate([1, 2]):
        one = Linear(4, 3, seed=seed)
        np.testing.assert_array_equal(one.params["weight"], ens.params["weight"][k])
        np.testing.assert_allclose(one.forward(x[k]), y[k], atol=1e-14)
        g, d = one.backward(x[k], dy[k])
        np.testing.assert_allclose(g["weight"], grads["weight"][k], atol=1e-13)
        np.testing.assert_allclose(g["bias"], grads["bias"][k], atol=1e-13)
        np.testing.assert_allclose(d, dx[k], atol=1e-14)
    with pytest.raises(ValueError, match=r"x: expected shape \(2, \.\.\., 4\)"):
        ens.forward(rng.normal(size=(3, 4)))


def test_shared_initial_state_in_an_ensemble():
    rng = np.random.default_rng(6)
    ens = LSTM(3, 2, seed=[0, 1])
    x, h0, c0 = rng.normal(size=(4, 5, 3)), rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    tr = ens.forward(x, h0, c0)
    for k in range(2):
        one = LSTM(3, 2, seed=k).forward(x, h0, c0)
        np.testing.assert_allclose(tr.h[k], one.h, atol=1e-14)
        np.testing.assert_allclose(tr.final_state[1][k], one.final_state[1], atol=1e-14)


@pytest.mark.parametrize("make", [lambda: RNN(3, 2), lambda: LSTM(3, 2)], ids=["rnn", "lstm"])
def test_trace_arrays_are_read_only_views(make):
    cell = make()
    tr = cell.forward(np.ones((4, 2, 3)))
    with pytest.raises(ValueError, match="read-only"):
        tr.h[0, 0, 0] = 1.0
    state = tr.final_state  # copies stay writeable, for the next chunk
    state[0][...] = 0.0
