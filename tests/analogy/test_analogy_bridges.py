"""The analogy, executable: nets run against the circuits' own test tables."""

import numpy as np
import pytest

from logicsim.analogy import (
    GATE_NETS,
    ThresholdNet,
    decode_levels,
    lstm_latch,
    neural_flipflop,
    run_flipflop_table,
    run_lstm_latch_table,
    run_table,
    single_unit_functions,
)
from logicsim.logic import X, load_circuit


@pytest.mark.parametrize("name", ["not_gate", "and_gate", "or_gate", "nand_gate", "nor_gate"])
def test_one_threshold_unit_passes_the_gate_table(name):
    net = GATE_NETS[name]
    assert net.depth == 1
    result = run_table(name, net.as_model())
    assert result.passed and result.rows >= 2
    ins, outs = load_circuit(name).truth_table()
    assert np.array_equal(net(ins)[:, 0], outs[:, 0])  # every row of the truth table too


def test_xor_is_not_one_threshold_unit():
    reached = single_unit_functions()
    assert len(reached) == 14  # all linearly separable functions of two inputs
    xor = tuple(load_circuit("xor_gate").truth_table().outputs[:, 0].tolist())
    assert xor == (0, 1, 1, 0)
    assert xor not in reached and (1, 0, 0, 1) not in reached
    and_ = tuple(load_circuit("and_gate").truth_table().outputs[:, 0].tolist())
    assert and_ in reached


def test_xor_with_a_hidden_layer_passes_the_xor_table():
    net = GATE_NETS["xor_gate"]
    assert net.depth == 2
    assert run_table("xor_gate", net.as_model()).passed
    ins, outs = load_circuit("xor_from_nand").truth_table()
    assert np.array_equal(net(ins)[:, 0], outs[:, 0])


def test_a_wrong_net_fails_the_table():
    or_as_and = GATE_NETS["or_gate"]
    result = run_table("and_gate", or_as_and.as_model())
    assert not result.passed
    assert result.failures[0] == "row 2 (A=0 B=1): Y: expected 0, got 1"


@pytest.mark.parametrize("w", [2.0, 1.5])
def test_neural_flipflop_with_self_weight_above_one_passes_the_sr_latch_table(w):
    result = run_flipflop_table(w)
    assert result.passed, result.failures
    assert result.circuit == "sr_latch_nor" and result.rows == 8


@pytest.mark.parametrize("w", [0.5, 0.9, 1.0])
def test_neural_flipflop_with_self_weight_at_most_one_forgets(w):
    result = run_flipflop_table(w)
    assert not result.passed
    assert "S=0 R=0" in result.failures[0] and "got X" in result.failures[0]  # the hold rows fail


def test_flipflop_holds_at_the_fixed_point_of_tanh():
    # reference: bisection on h = tanh(2 h) in (0.5, 1)
    lo, hi = 0.5, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.tanh(2 * mid) > mid else (lo, mid)
    cell = neural_flipflop(2.0)
    x = np.zeros((60, 1, 2))
    x[:5, 0, 0] = 1.0  # set, then hold for 55 steps
    h = cell.forward(x).h[:, 0, 0]
    assert h[-1] == pytest.approx(lo, abs=1e-9)
    cell = neural_flipflop(0.5)
    assert abs(cell.forward(x).h[-1, 0, 0]) < 1e-6  # forgotten


def test_saturated_lstm_passes_the_gated_d_latch_table():
    result = run_lstm_latch_table(s=20.0)
    assert result.passed, result.failures
    assert result.circuit == "d_latch"


def test_leaky_lstm_gates_fail_the_latch_table():
    assert not run_lstm_latch_table(s=2.0).passed


def test_lstm_gates_act_as_enable_and_keep():
    cell = lstm_latch(20.0)
    x = np.array([[1, 1], [0, 0], [0, 0], [0, 1]], dtype=float)[
        :, None, :
    ]  # write 1, hold, hold, write 0
    tr = cell.forward(x)
    i, f = tr.i[:, 0, 0], tr.f[:, 0, 0]
    assert i[0] > 0.9999 and f[0] < 1e-4  # write: i = 1, f = 0
    assert i[1] < 1e-4 and f[1] > 0.9999  # keep: i = 0, f = 1
    assert decode_levels(tr.h[:, 0, 0]).tolist() == [1, 1, 1, 0]


@pytest.mark.torch
def test_lstm_latch_matches_pytorch():
    import torch

    cell = lstm_latch(20.0)
    ref = torch.nn.LSTM(2, 1)
    ref.load_state_dict({k: torch.tensor(v) for k, v in cell.state_dict().items()})
    x = np.random.default_rng(0).integers(0, 2, size=(12, 1, 2)).astype(np.float64)
    with torch.no_grad():
        out, _ = ref.double()(torch.tensor(x))
    assert np.allclose(cell.forward(x).h, out.numpy(), atol=1e-12)


def test_decode_levels_has_a_dead_band():
    assert decode_levels(np.array([0.9, -0.9, 0.2, -0.49, 0.51])).tolist() == [1, 0, X, X, 1]


def test_threshold_net_shapes():
    net = ThresholdNet([np.ones((3, 2)), np.ones((1, 3))], [np.zeros(3), np.array([-2.5])])
    y = net(np.array([[0, 0], [1, 1]]))
    assert y.shape == (2, 1) and y[:, 0].tolist() == [0, 1]
