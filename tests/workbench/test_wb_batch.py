"""The batch bench: the lecture's alphabet in columns, BPTT windows, carried state, cut gradient."""

from __future__ import annotations

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import Workbench


def test_the_lecture_layout():
    # REFERENCE.md section 1.5: a..x in 4 columns, windows of 3
    wb = Workbench()
    assert wb.observe("batch.columns") == ["abcdef", "ghijkl", "mnopqr", "stuvwx"]
    assert wb.observe("batch.x", {"k": 1}) == ["agms", "bhnt", "ciou"]
    assert wb.observe("batch.y", {"k": 1, "t": 1}) == "bhnt"
    assert wb.observe("batch.y", {"k": 1}) == ["bhnt", "ciou", "djpv"]
    assert wb.observe("batch.x", {"k": 2}) == ["djpv", "ekqw"]
    assert wb.observe("batch.y", {"k": -1, "t": -1}) == "flrx"
    assert wb.observe("batch.windows") == 2


def test_layout_follows_the_settings_and_rejects_impossible_ones():
    wb = Workbench()
    wb.set("batch.text", "0123456789ab")
    wb.set("batch.size", 3)
    wb.set("batch.bptt", 2)
    assert wb.observe("batch.rows") == ["048", "159", "26a", "37b"]
    assert wb.observe("batch.x") == [["048", "159"], ["26a"]]
    with pytest.raises(LogicsimError, match="too short"):
        wb.set("batch.size", 10)
    assert wb.observe("batch.size") == 3  # rolled back
    with pytest.raises(LogicsimError, match=r"k = 3 is out of range 1\.\.2"):
        wb.observe("batch.x", {"k": 3})
    with pytest.raises(LogicsimError, match="at most 512"):
        wb.set("batch.text", "ab" * 300)
    assert wb.observe("batch.text") == "0123456789ab"


def test_carrying_the_state_reproduces_one_long_pass():
    wb = Workbench()
    assert wb.observe("batch.state_gap") < 1e-12
    assert wb.observe("batch.reset_gap") > 1e-3
    h0 = wb.observe("batch.h0_norm")
    assert h0[0] == 0.0 and h0[1] > 0.0


def _torch_reach(torch, text: str, B: int, T: int, seed: int, truncated: bool) -> list[int]:
    """Rows whose hidden state gets gradient from each window's loss, by torch autograd."""
    from logicsim.nn import RNN, Linear

    rows = len(text) // B
    cols = np.array(list(text[: rows * B])).reshape(B, rows).T  # (R, B)
    vocab = sorted(set(text))
    idx = np.vectorize(vocab.index)(cols)
    V, H = len(vocab), 4
    cell, head = RNN(V, H, nonlinearity="tanh", seed=seed), Linear(H, V, seed=seed + 1)
    p = {k: torch.tensor(v, requires_grad=True) for k, v in cell.state_dict().items()}
    hp = {k: torch.tensor(v) for k, v in head.params.items()}
    x = torch.tensor(np.eye(V)[idx])  # (R, B, V)
    out = []
    for start in range(0, rows - 1, T):
        stop = min(start + T, rows - 1)
        first = start if truncated else 0
        h = torch.zeros(B, H, dtype=torch.float64)
        if truncated and start > 0:  # carried state, detached: recompute it without a graph
            with torch.no_grad():
                for t in range(start):
                    h = torch.tanh(
                        x[t] @ p["weight_ih_l0"].T
                        + p["bias_ih_l0"]
                        + h @ p["weight_hh_l0"].T
                        + p["bias_hh_l0"]
                    )
        hs = []
        for t in range(first, stop):
            h = torch.tanh(
                x[t] @ p["weight_ih_l0"].T
                + p["bias_ih_l0"]
                + h @ p["weight_hh_l0"].T
                + p["bias_hh_l0"]
            )
            h.retain_grad()
            hs.append(h)
        logits = torch.stack(hs[start - first :]) @ hp["weight"].T + hp["bias"]
        target = torch.tensor(idx[start + 1 : stop + 1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), target.reshape(-1))
        loss.backward()
        out.append(sum(int(hh.grad is not None and hh.grad.abs().max() > 0) for hh in hs))
    return out


@pytest.mark.parametrize(
    "text, B, T", [("abcdefghijklmnopqrstuvwx", 4, 3), ("the quick brown fox jumps", 2, 4)]
)
@pytest.mark.torch
def test_gradient_reach_matches_torch(text, B, T):
    import torch

    wb = Workbench()
    wb.set("batch.text", text)
    wb.set("batch.size", B)
    wb.set("batch.bptt", T)
    assert wb.observe("batch.grad_reach") == _torch_reach(torch, text, B, T, 0, truncated=True)
    assert wb.observe("batch.grad_reach_full") == _torch_reach(
        torch, text, B, T, 0, truncated=False
    )


def test_snapshot_keeps_the_batch_settings():
    wb = Workbench()
    snap = wb.snapshot()
    wb.set("batch.bptt", 2)
    assert wb.observe("batch.windows") == 3
    wb.restore(snap)
    assert wb.observe("batch.bptt") == 3 and wb.observe("batch.windows") == 2
