"""The neuron bench: the neural flip-flop h' = tanh(w h + u S - 2u R) with set/reset pulses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import Workbench
from logicsim.workbench.neuron_bench import stable_fixed_points


def _reference_fixed_points(w: float) -> list[float]:
    """Sign changes of tanh(w h) - h on a fine grid, kept when |d/dh tanh(w h)| < 1 there."""
    grid = np.linspace(-1.0, 1.0, 200_001)
    f = np.tanh(w * grid) - grid
    roots = [0.0]
    for k in np.nonzero(np.sign(f[:-1]) * np.sign(f[1:]) < 0)[0]:
        lo, hi = grid[k], grid[k + 1]
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if np.sign(math.tanh(w * mid) - mid) == np.sign(math.tanh(w * lo) - lo):
                lo = mid
            else:
                hi = mid
        roots.append(0.5 * (lo + hi))
    stable = []
    for r in sorted(set(round(x, 9) for x in roots)):
        eps = 1e-6
        slope = (math.tanh(w * (r + eps)) - math.tanh(w * (r - eps))) / (2 * eps)  # central FD
        if abs(slope) < 1 - 1e-9 or (abs(w) <= 1 and r == 0.0):
            stable.append(r)
    return stable


@pytest.mark.parametrize("w", [-2.0, -0.5, 0.0, 0.5, 0.99, 1.0, 1.1, 1.5, 2.0, 3.5])
def test_stable_fixed_points_match_a_grid_search(w):
    got = stable_fixed_points(w)
    want = _reference_fixed_points(w)
    assert len(got) == len(want)
    assert np.allclose(got, want, atol=1e-7)
    for h in got:
        assert h == pytest.approx(math.tanh(w * h), abs=1e-12)


def test_pulses_follow_the_update_rule():
    wb = Workbench()
    wb.set("neuron.w", 1.7)
    wb.set("neuron.u", 2.5)
    wb.act("neuron_clear", h=0.1)
    wb.act("neuron_pulse", input="set", steps=3)
    wb.act("neuron_pulse", input="reset", steps=2)
    wb.act("neuron_pulse", input="both", steps=2)
    wb.act("neuron_run", steps=4)
    h, want = 0.1, [0.1]
    for s, r, n in [(1, 0, 3), (0, 1, 2), (1, 1, 2), (0, 0, 4)]:
        for _ in range(n):
            h = math.tanh(1.7 * h + 2.5 * s - 5.0 * r)
            want.append(h)
    assert np.allclose(wb.observe("neuron.trace"), want, rtol=0, atol=1e-14)
    assert wb.neuron.inputs == ["set"] * 3 + ["reset"] * 2 + ["both"] * 2 + ["none"] * 4


@pytest.mark.torch
def test_trace_matches_torch():
    import torch

    wb = Workbench()
    wb.set("neuron.w", 2.0)
    wb.act("neuron_pulse", input="set", steps=5)
    rnn = torch.nn.RNN(2, 1, nonlinearity="tanh").double()
    with torch.no_grad():
        rnn.weight_ih_l0[:] = torch.tensor([[3.0, -6.0]])
        rnn.weight_hh_l0[:] = torch.tensor([[2.0]])
        rnn.bias_ih_l0.zero_()
        rnn.bias_hh_l0.zero_()
        out, _ = rnn(torch.tensor([[[1.0, 0.0]]] * 5, dtype=torch.float64))
    assert np.allclose(wb.observe("neuron.trace")[1:], out[:, 0, 0].numpy(), atol=1e-14)


@pytest.mark.parametrize("w, holds", [(0.5, False), (0.9, False), (2.0, True), (3.0, True)])
def test_a_set_bit_is_held_only_for_gain_above_one(w, holds):
    wb = Workbench()
    wb.set("neuron.w", w)
    wb.act("neuron_pulse", input="set")
    assert wb.observe("neuron.Q") == 1
    wb.act("neuron_run", steps=30)
    assert (wb.observe("neuron.Q") == 1) is holds
    assert wb.observe("neuron.fixed_points") == (2 if holds else 1)
    assert wb.observe("neuron.latch_passes") is holds
    assert (wb.observe("neuron.latch_failures") == 0) is holds


def test_gradient_through_a_hold_matches_finite_differences():
    wb = Workbench()
    wb.set("neuron.w", 2.0)
    wb.act("neuron_pulse", input="set", steps=4)
    wb.act("neuron_run", steps=6)
    start = wb.observe("neuron.trace", {"t": 4})

    def hold(h0: float) -> float:
        h = h0
        for _ in range(6):
            h = math.tanh(2.0 * h)
        return h

    eps = 1e-6
    fd = (hold(start + eps) - hold(start - eps)) / (2 * eps)  # central difference, float64
    assert wb.observe("neuron.grad_log10") == pytest.approx(math.log10(abs(fd)), abs=1e-6)
    assert wb.observe("neuron.slope") < 1.0  # the held state attracts: the gradient shrinks


def test_slope_is_the_one_step_jacobian():
    wb = Workbench()
    wb.set("neuron.w", 1.3)
    wb.act("neuron_clear", h=0.4)
    eps = 1e-6
    fd = (math.tanh(1.3 * (0.4 + eps)) - math.tanh(1.3 * (0.4 - eps))) / (2 * eps)
    assert wb.observe("neuron.slope") == pytest.approx(fd, rel=1e-8)


def test_snapshot_restores_the_history_and_old_sessions_get_defaults(tmp_path):
    wb = Workbench()
    wb.set("neuron.w", 1.5)
    wb.act("neuron_pulse", input="reset", steps=3)
    snap = wb.snapshot()
    wb.act("neuron_run", steps=5)
    wb.set("neuron.w", 0.2)
    wb.restore(snap)
    assert wb.observe("neuron.w") == 1.5 and len(wb.observe("neuron.trace")) == 4
    wb.save_session(tmp_path / "s.json")
    other = Workbench()
    other.load_session(tmp_path / "s.json")
    assert other.observe("neuron.trace") == wb.observe("neuron.trace")
    old = wb.snapshot()
    del old["neuron"]  # a session written before the neuron bench existed
    other.restore(old)
    assert other.observe("neuron.trace") == [0.0] and other.observe("neuron.w") == 2.0


def test_bad_neuron_input_is_a_one_line_error():
    wb = Workbench()
    with pytest.raises(LogicsimError, match="neuron.w"):
        wb.set("neuron.w", 9.0)
    with pytest.raises(LogicsimError, match="input"):
        wb.act("neuron_pulse", input="sideways")
    with pytest.raises(LogicsimError, match="-1..1"):
        wb.neuron.clear(2.0)
