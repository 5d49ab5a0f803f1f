"""The float32 backward flush touches only subnormal carries: normal gradients match PyTorch."""

import numpy as np
import pytest

from logicsim.nn import LSTM, RNN

torch = pytest.importorskip("torch")


def _relu_rnn_doubling(T=100, H=3, B=2):
    """A float32 ReLU RNN whose W_hh = 2I doubles the backward carry at every step."""
    cell = RNN(2, H, nonlinearity="relu", dtype=np.float32, seed=0)
    cell.params["weight_hh_l0"][...] = 2 * np.eye(H, dtype=np.float32)
    cell.params["weight_ih_l0"][...] = 0.5
    cell.params["bias_ih_l0"][...] = 0.1
    cell.params["bias_hh_l0"][...] = 0.0
    x = np.ones((T, B, 2), dtype=np.float32) * 1e-30  # keeps every pre-activation positive
    return cell, x


def test_normal_float32_carries_survive_like_torch():
    cell, x = _relu_rnn_doubling()
    T, B, H = x.shape[0], x.shape[1], cell.hidden_size
    h0 = np.full((B, H), 1e-30, dtype=np.float32)
    dh_last = np.full((B, H), 2e-38, dtype=np.float32)  # normal float32 (tiny is 1.18e-38)
    trace = cell.forward(x, h0)
    grads = cell.backward(trace, np.zeros((T, B, H), dtype=np.float32), dh_last=dh_last)

    ref = torch.nn.RNN(2, H, nonlinearity="relu")
    ref.load_state_dict({k: torch.tensor(v) for k, v in cell.params.items()})
    xt = torch.tensor(x)
    h0t = torch.tensor(h0[None], requires_grad=True)
    _, hn = ref(xt, h0t)
    (hn[0] * torch.tensor(dh_last)).sum().backward()

    want_dh0 = h0t.grad[0].numpy()
    assert want_dh0[0, 0] == pytest.approx(2e-38 * 2.0**100, rel=1e-3)  # 2.5e-8
    np.testing.assert_allclose(grads.dh0, want_dh0, rtol=1e-4)
    for name, p in ref.named_parameters():
        np.testing.assert_allclose(grads.params[name], p.grad.numpy(), rtol=1e-3, err_msg=name)


@pytest.mark.parametrize("kind", ["rnn", "lstm"])
def test_subnormal_carries_are_flushed_within_a_few_steps(kind):
    """A decaying carry leaves the subnormal range (23 halvings deep) within a few steps."""
    T, B, H = 300, 2, 3
    if kind == "rnn":
        cell = RNN(2, H, nonlinearity="relu", dtype=np.float32, seed=0)
        cell.params["weight_hh_l0"][...] = 0.5 * np.eye(H, dtype=np.float32)
        cell.params["bias_ih_l0"][...] = 1.0
    else:
        cell = LSTM(2, H, dtype=np.float32, seed=0)
        cell.params["weight_hh_l0"][...] *= 0.01
    x = np.ones((T, B, 2), dtype=np.float32)
    trace = cell.forward(x)
    dh = np.zeros((T, B, H), dtype=np.float32)
    grads = cell.backward(trace, dh, dh_last=np.ones((B, H), dtype=np.float32))
    tiny = np.finfo(np.float32).tiny
    a = np.abs(grads.dh_steps).reshape(T, -1)
    subnormal_steps = ((a > 0) & (a < tiny)).sum(axis=0)  # per carry entry
    assert subnormal_steps.max() <= 16  # two flush periods; unflushed it takes 23 to 40 steps
    assert (a[: T // 4] == 0).all()  # and exactly zero further back
