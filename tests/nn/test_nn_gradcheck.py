"""BPTT against central finite differences in float64, on random small shapes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicsim.nn import LSTM, RNN


def rel_err(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


def numeric_grad(f, arr, eps=1e-6):
    """Central differences of scalar f() with respect to every entry of arr (changed in place)."""
    out = np.zeros_like(arr)
    flat, gflat = arr.reshape(-1), out.reshape(-1)
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + eps
        up = f()
        flat[j] = old - eps
        down = f()
        flat[j] = old
        gflat[j] = (up - down) / (2 * eps)
    return out


def check_cell(cell, T, B, seed, with_state, with_last):
    """Draw inputs (re-drawing if a ReLU pre-activation sits near its kink), compare all grads."""
    H, D = cell.hidden_size, cell.input_size
    lstm = isinstance(cell, LSTM)
    for attempt in range(50):
        rng = np.random.default_rng(seed + 1000 * attempt)
        x = rng.normal(size=(T, B, D))
        h0 = rng.normal(size=(B, H)) if with_state else None
        c0 = rng.normal(size=(B, H)) if with_state and lstm else None
        w = rng.normal(size=(T, B, H))  # L = sum(w * h) + sum(u * h[T]) + sum(v * c[T])
        u = rng.normal(size=(B, H)) if with_last else None
        v = rng.normal(size=(B, H)) if with_last and lstm else None
        state = (h0, c0) if lstm else (h0,)
        trace = cell.forward(x, *state)
        if getattr(cell, "nonlinearity", "") != "relu" or np.abs(trace.a).min() > 1e-3:
            break
    else:
        pytest.skip("could not draw ReLU pre-activations away from the kink")

    def loss():
        tr = cell.forward(x, *state)
        total = np.sum(w * tr.h)
        if with_last:
            total += np.sum(u * tr.h[-1])
            if lstm:
                total += np.sum(v * tr.c[-1])
        return total

    extra = {"dh_last": u, "dc_last": v} if lstm else {"dh_last": u}
    grads = cell.backward(trace, w, **extra)
    for name, p in cell.params.items():
        err = rel_err(grads.params[name], numeric_grad(loss, p))
        assert err < 1e-6, (name, err)
    assert rel_err(grads.dx, numeric_grad(loss, x)) < 1e-6
    if with_state:
        assert rel_err(grads.dh0, numeric_grad(loss, h0)) < 1e-6
        if lstm:
            assert rel_err(grads.dc0, numeric_grad(loss, c0)) < 1e-6
    return cell, trace, grads, w, x


shapes = st.tuples(
    st.integers(1, 5),
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(0, 10**6),
)


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@settings(max_examples=12, deadline=None)
@given(shape=shapes, with_state=st.booleans(), with_last=st.booleans())
def test_rnn_bptt_matches_finite_differences(nonlinearity, shape, with_state, with_last):
    T, B, D, H, seed = shape
    cell = RNN(D, H, nonlinearity=nonlinearity, seed=seed)
    check_cell(cell, T, B, seed, with_state, with_last)


@settings(max_examples=12, deadline=None)
@given(shape=shapes, with_state=st.booleans(), with_last=st.booleans())
def test_lstm_bptt_matches_finite_differences(shape, with_state, with_last):
    T, B, D, H, seed = shape
    check_cell(LSTM(D, H, seed=seed), T, B, seed, with_state, with_last)


@pytest.mark.parametrize("make", [lambda: RNN(3, 1, seed=2), lambda: LSTM(3, 1, seed=2)])
def test_smallest_shapes_T1_B1_H1(make):
    check_cell(make(), 1, 1, 7, True, True)


@pytest.mark.parametrize("cell", [RNN(3, 3, seed=1), LSTM(3, 3, seed=1)], ids=["rnn", "lstm"])
def test_per_step_gradients_are_total_gradients(cell):
    """dh_steps[t] (dc_steps[t]) equals dL/dh[t] (dL/dc[t]) with the rest of the run redone."""
    T, B, t = 4, 2, 1
    rng = np.random.default_rng(0)
    x = rng.normal(size=(T, B, 3))
    w = rng.normal(size=(T, B, 3))
    trace = cell.forward(x)
    grads = cell.backward(trace, w)
    lstm = isinstance(cell, LSTM)
    h_t = trace.h[t].copy()
    rest = (trace.c[t].copy(),) if lstm else ()

    def loss_h():
        tail = cell.forward(x[t + 1 :], h_t, *rest)
        return np.sum(w[t] * h_t) + np.sum(w[t + 1 :] * tail.h)

    assert rel_err(grads.dh_steps[t], numeric_grad(loss_h, h_t)) < 1e-6
    if lstm:
        # c[t] feeds h[t] = o[t] tanh(c[t]) as well as c[t+1]: recompute h[t] from it.
        c_t = trace.c[t].copy()

        def loss_c():
            h = trace.o[t] * np.tanh(c_t)
            tail = cell.forward(x[t + 1 :], h, c_t)
            return np.sum(w[t] * h) + np.sum(w[t + 1 :] * tail.h)

        assert rel_err(grads.dc_steps[t], numeric_grad(loss_c, c_t)) < 1e-6
