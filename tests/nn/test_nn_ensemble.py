"""An ensemble of K models equals K separate runs; K = 1 equals the single model exactly."""

import numpy as np
import pytest

from logicsim.nn import (
    LSTM,
    RNN,
    SGD,
    Adam,
    Linear,
    RMSprop,
    bce_with_logits,
    clip_grad_norm,
    cross_entropy,
)

SEEDS = [3, 11, 42]
MAKERS = {
    "rnn_tanh": lambda seed, ens=None: RNN(5, 4, "tanh", seed=seed, ensemble=ens),
    "rnn_relu": lambda seed, ens=None: RNN(5, 4, "relu", seed=seed, ensemble=ens),
    "lstm": lambda seed, ens=None: LSTM(5, 4, seed=seed, ensemble=ens),
}


def run(cell, x, h0, dh, dh_last):
    is_lstm = isinstance(cell, LSTM)
    state = (h0, None if h0 is None else 0.5 * h0) if is_lstm else (h0,)
    trace = cell.forward(x, *state)
    grads = cell.backward(trace, dh, dh_last=dh_last)
    return trace, grads


@pytest.mark.parametrize("kind", list(MAKERS))
@pytest.mark.parametrize("shared_x", [True, False])
@pytest.mark.parametrize("with_state", [True, False])
def test_ensemble_equals_separate_runs(kind, shared_x, with_state):
    make, K = MAKERS[kind], len(SEEDS)
    T, B = 7, 3
    rng = np.random.default_rng(0)
    x = rng.normal(size=(T, B, 5) if shared_x else (K, T, B, 5))
    h0 = rng.normal(size=(K, B, 4)) if with_state else None
    dh, dh_last = rng.normal(size=(K, T, B, 4)), rng.normal(size=(K, B, 4))
    ens = make(SEEDS)
    assert ens.ensemble == K
    trace, grads = run(ens, x, h0, dh, dh_last)
    assert trace.h.shape == (K, T, B, 4)
    assert grads.dx.shape == (K, T, B, 5)
    for k, seed in enumerate(SEEDS):
        single = make(seed)
        for name, p in single.params.items():
            np.testing.assert_array_equal(ens.params[name][k], p)
        t1, g1 = run(
            single, x if shared_x else x[k], None if h0 is None else h0[k], dh[k], dh_last[k]
        )
        np.testing.assert_allclose(trace.h[k], t1.h, rtol=0, atol=1e-12)
        np.testing.assert_allclose(trace.final_state[0][k], t1.final_state[0], rtol=0, atol=1e-12)
        for name in single.params:
            np.testing.assert_allclose(grads.params[name][k], g1.params[name], rtol=0, atol=1e-12)
        np.testing.assert_allclose(grads.dx[k], g1.dx, rtol=0, atol=1e-12)
        np.testing.assert_allclose(grads.dh0[k], g1.dh0, rtol=0, atol=1e-12)
        np.testing.assert_allclose(grads.dh_steps[k], g1.dh_steps, rtol=0, atol=1e-12)
        if kind == "lstm":
            for field in ("c", "i", "f", "g", "o", "tanh_c", "z"):
                np.testing.assert_allclose(getattr(trace, field)[k], getattr(t1, field), atol=1e-12)
            np.testing.assert_allclose(grads.dc0[k], g1.dc0, rtol=0, atol=1e-12)
        else:
            np.testing.assert_allclose(trace.a[k], t1.a, rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind", list(MAKERS))
def test_ensemble_of_one_equals_single_model_exactly(kind):
    make = MAKERS[kind]
    rng = np.random.default_rng(1)
    x, dh = rng.normal(size=(6, 2, 5)), rng.normal(size=(1, 6, 2, 4))
    one, single = make(7, 1), make(7)
    t1, g1 = run(one, x, None, dh, None)
    t0, g0 = run(single, x, None, dh[0], None)
    np.testing.assert_array_equal(t1.h[0], t0.h)
    for name in single.params:
        np.testing.assert_array_equal(one.params[name][0], single.params[name])
        np.testing.assert_array_equal(g1.params[name][0], g0.params[name])
    np.testing.assert_array_equal(g1.dx[0], g0.dx)


def test_int_seed_with_ensemble_uses_consecutive_seeds():
    ens = LSTM(3, 2, seed=5, ensemble=3)
    for k in range(3):
        np.testing.assert_array_equal(
            ens.params["weight_hh_l0"][k], LSTM(3, 2, seed=5 + k).params["weight_hh_l0"]
        )


@pytest.mark.parametrize(
    "make_opt",
    [
        lambda p, lr: RMSprop(p, lr=lr),
        lambda p, lr: Adam(p, lr=lr),
        lambda p, lr: SGD(p, lr=lr, momentum=0.9),
    ],
)
def test_ensemble_training_equals_separate_training(make_opt):
    """K members trained together (with per-member learning rates) equal K separate trainings."""
    K, T, B, C = 3, 5, 4, 3
    lrs = [1e-2, 3e-2, 1e-1]
    rng = np.random.default_rng(2)
    batches = [(rng.normal(size=(T, B, 5)), rng.integers(0, C, size=B)) for _ in range(4)]

    def train(cell, head, lr, ens):
        params = {**cell.params, **{"head." + k: v for k, v in head.params.items()}}
        opt = make_opt(params, lr)
        losses = []
        for x, y in batches:
            trace = cell.forward(x)
            last = trace.h[:, -1] if ens else trace.h[-1]
            logits = head.forward(last)
            loss, dlogits = cross_entropy(logits, y, ensemble=ens)
            hg, dlast = head.backward(last, dlogits)
            cg = cell.backward(trace, np.zeros_like(trace.h), dh_last=dlast)
            grads = {**cg.params, **{"head." + k: v for k, v in hg.items()}}
            clip_grad_norm(grads, 1.0, ensemble=ens)
            opt.step(grads)
            losses.append(loss)
        return np.array(losses)

    ens_cell, ens_head = (
        LSTM(5, 4, seed=SEEDS, ensemble=K),
        Linear(4, C, seed=[s + 100 for s in SEEDS]),
    )
    ens_losses = train(ens_cell, ens_head, lrs, K)
    assert ens_losses.shape == (4, K)
    for k, seed in enumerate(SEEDS):
        cell, head = LSTM(5, 4, seed=seed), Linear(4, C, seed=seed + 100)
        losses = train(cell, head, lrs[k], None)
        np.testing.assert_allclose(ens_losses[:, k], losses, rtol=0, atol=1e-12)
        for name in cell.params:
            np.testing.assert_allclose(
                ens_cell.params[name][k], cell.params[name], rtol=0, atol=1e-12
            )


def test_losses_per_member():
    rng = np.random.default_rng(3)
    logits, labels = rng.normal(size=(3, 6, 4)), rng.integers(0, 4, size=6)
    loss, d = cross_entropy(logits, labels)  # labels (B,) against (K, B, C): per member
    assert loss.shape == (3,)
    for k in range(3):
        lk, dk = cross_entropy(logits[k], labels)
        assert abs(loss[k] - lk) < 1e-14
        np.testing.assert_allclose(d[k], dk, atol=1e-15)
    targets = rng.uniform(size=(6, 2))
    logits2 = rng.normal(size=(3, 6, 2))
    loss2, d2 = bce_with_logits(logits2, targets, ensemble=3)
    for k in range(3):
        lk, dk = bce_with_logits(logits2[k], targets)
        assert abs(loss2[k] - lk) < 1e-14
        np.testing.assert_allclose(d2[k], dk, atol=1e-15)


def test_clip_per_member_equals_separate_clipping():
    rng = np.random.default_rng(4)
    grads = {"a": rng.normal(size=(3, 4, 2)), "b": rng.normal(size=(3, 5)) * 10}
    singles = [{k: v[m].copy() for k, v in grads.items()} for m in range(3)]
    norms = clip_grad_norm(grads, 2.0, ensemble=3)
    for m in range(3):
        assert abs(norms[m] - clip_grad_norm(singles[m], 2.0)) < 1e-12
        for k in grads:
            np.testing.assert_allclose(grads[k][m], singles[m][k], atol=1e-14)
