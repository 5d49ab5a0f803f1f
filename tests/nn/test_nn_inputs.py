"""Bad input raises a clear ValueError; float32 stays float32; state dicts round-trip."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logicsim.errors import LogicsimError
from logicsim.nn import (
    LSTM,
    RNN,
    Adam,
    Linear,
    RMSprop,
    bce_with_logits,
    clip_grad_norm,
    cross_entropy,
)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: RNN(8, 4, nonlinearity="sigmoid"), "nonlinearity"),
        (lambda: RNN(0, 4), "input_size"),
        (lambda: LSTM(8, 0), "hidden_size"),
        (lambda: LSTM(8, 2.5), "hidden_size"),
        (lambda: Linear(3, -1), "out_features"),
        (lambda: RNN(8, 4, dtype=np.int32), "dtype"),
        (lambda: LSTM(8, 4, seed=[1, 2], ensemble=3), "seed"),
        (lambda: LSTM(8, 4, ensemble=0), "ensemble"),
    ],
)
def test_bad_construction(make, message):
    with pytest.raises(LogicsimError, match=message):
        make()


@pytest.mark.parametrize("cell", [RNN(8, 4), LSTM(8, 4)], ids=["rnn", "lstm"])
def test_bad_forward_inputs_name_the_argument_and_shapes(cell):
    with pytest.raises(ValueError, match=r"x: expected shape \(T, B, 8\), got \(9, 32, 7\)"):
        cell.forward(np.zeros((9, 32, 7)))
    with pytest.raises(ValueError, match=r"x: expected shape .*got \(32, 8\)"):
        cell.forward(np.zeros((32, 8)))
    bad = np.zeros((3, 2, 8))
    bad[1, 1, 3] = np.nan
    with pytest.raises(ValueError, match="x contains NaN"):
        cell.forward(bad)
    with pytest.raises(ValueError, match=r"h0: expected shape \(2, 4\), got \(1, 2, 4\)"):
        cell.forward(np.zeros((3, 2, 8)), np.zeros((1, 2, 4)))
    trace = cell.forward(np.zeros((3, 2, 8)))
    with pytest.raises(ValueError, match=r"dh: expected shape \(3, 2, 4\), got \(3, 2, 5\)"):
        cell.backward(trace, np.zeros((3, 2, 5)))
    with pytest.raises(ValueError, match="dh_last"):
        cell.backward(trace, np.zeros((3, 2, 4)), dh_last=np.zeros((2, 5)))


def test_lstm_c0_checked():
    with pytest.raises(ValueError, match=r"c0: expected shape \(2, 4\)"):
        LSTM(8, 4).forward(np.zeros((3, 2, 8)), None, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="c0 contains NaN"):
        LSTM(8, 4).forward(np.zeros((3, 2, 8)), None, np.full((2, 4), np.inf))


def test_state_dict_mismatch():
    cell = LSTM(8, 4)
    sd = cell.state_dict()
    with pytest.raises(ValueError, match=r"missing keys \['bias_hh_l0'\]"):
        cell.load_state_dict({k: v for k, v in sd.items() if k != "bias_hh_l0"})
    with pytest.raises(ValueError, match=r"unexpected keys \['weight_ih_l1'\]"):
        cell.load_state_dict({**sd, "weight_ih_l1": sd["weight_ih_l0"]})
    with pytest.raises(ValueError, match=r"weight_hh_l0 expected shape \(16, 4\), got \(4, 4\)"):
        cell.load_state_dict({**sd, "weight_hh_l0": np.zeros((4, 4))})
    with pytest.raises(ValueError, match="bias_ih_l0 contains NaN"):
        cell.load_state_dict({**sd, "bias_ih_l0": np.full(16, np.nan)})
    before = cell.state_dict()
    with pytest.raises(ValueError):  # nothing is half-loaded
        cell.load_state_dict({**{k: v + 1 for k, v in sd.items()}, "bias_hh_l0": np.zeros(3)})
    for k in before:
        np.testing.assert_array_equal(cell.params[k], before[k])


def test_state_dict_is_a_copy_and_load_is_in_place():
    a, b = RNN(3, 2, seed=0), RNN(3, 2, seed=1)
    held = a.params["weight_hh_l0"]
    sd = b.state_dict()
    sd["weight_hh_l0"][0, 0] = 123.0
    assert b.params["weight_hh_l0"][0, 0] != 123.0
    a.load_state_dict(sd)
    assert a.params["weight_hh_l0"] is held and held[0, 0] == 123.0


def test_losses_and_optimizers_reject_bad_input():
    with pytest.raises(ValueError, match=r"labels: class indices must lie in \[0, 4\)"):
        cross_entropy(np.zeros((3, 4)), np.array([0, 4, 1]))
    with pytest.raises(ValueError, match=r"labels: expected shape"):
        cross_entropy(np.zeros((3, 4)), np.array([0, 1]))
    with pytest.raises(ValueError, match="logits contain NaN"):
        cross_entropy(np.full((3, 4), np.nan), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="targets: expected shape"):
        bce_with_logits(np.zeros((3, 2)), np.zeros((3, 3)))
    p = {"w": np.zeros((2, 2))}
    with pytest.raises(ValueError, match=r"grads\['w'\]: expected shape \(2, 2\), got \(2,\)"):
        RMSprop(p).step({"w": np.zeros(2)})
    with pytest.raises(ValueError, match="missing"):
        Adam(p).step({})
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm({"w": np.ones(2)}, 0.0)
    with pytest.raises(ValueError, match="lr has 3 values"):
        RMSprop(p, lr=[0.1, 0.2, 0.3])


@settings(max_examples=15, deadline=None)
@given(
    kind=st.sampled_from(["tanh", "relu", "lstm"]),
    T=st.integers(1, 6),
    B=st.integers(1, 4),
    D=st.integers(1, 5),
    H=st.integers(1, 5),
    K=st.sampled_from([None, 2]),
)
def test_float32_is_kept_end_to_end(kind, T, B, D, H, K):
    cell = (
        LSTM(D, H, seed=1, dtype=np.float32, ensemble=K)
        if kind == "lstm"
        else RNN(D, H, kind, seed=1, dtype=np.float32, ensemble=K)
    )
    ref = LSTM(D, H, seed=1, ensemble=K) if kind == "lstm" else RNN(D, H, kind, seed=1, ensemble=K)
    x = np.random.default_rng(0).normal(size=(T, B, D))
    lead = (T, B, H) if K is None else (K, T, B, H)
    trace, trace64 = cell.forward(x.astype(np.float32)), ref.forward(x)
    grads = cell.backward(trace, np.ones(lead, dtype=np.float32))
    assert trace.h.dtype == np.float32 and trace.h.shape == lead
    assert grads.dx.dtype == np.float32 and grads.dh0.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads.params.values())
    np.testing.assert_allclose(trace.h, trace64.h, atol=1e-5)
    params = dict(cell.params)
    RMSprop(params, lr=1e-2).step(grads.params)
    assert all(p.dtype == np.float32 for p in cell.params.values())
    head = Linear(H, 3, dtype=np.float32, ensemble=K)
    last = trace.h[-1] if K is None else trace.h[:, -1]
    loss, d = cross_entropy(head.forward(last), np.zeros(B, dtype=int))
    assert head.forward(last).dtype == np.float32 and d.dtype == np.float32


def test_truncated_bptt_chunks_equal_one_long_forward():
    """Carrying final_state into the next chunk gives the same states as one long run."""
    rng = np.random.default_rng(8)
    x = rng.normal(size=(12, 3, 5))
    for cell in (RNN(5, 4, "relu", seed=2), LSTM(5, 4, seed=2)):
        whole = cell.forward(x)
        first = cell.forward(x[:5])
        state = first.final_state
        second = cell.forward(x[5:], *state)
        np.testing.assert_allclose(np.concatenate([first.h, second.h]), whole.h, atol=1e-14)
        state[0][...] = 99.0  # a copy: changing it leaves the trace alone
        assert not np.any(first.h[-1] == 99.0)
