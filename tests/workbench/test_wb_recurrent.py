"""The recurrent bench against an independent NumPy reference and central finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import RecurrentBench, Workbench
from logicsim.workbench.sequence import SYMBOLS, encode, target_of


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def reference(bench: RecurrentBench, inject=None, overrides=None):
    """Forward of the bench's weights written from the equations; returns (h, c, loss).

    ``inject = (t, unit, eps)`` adds eps to h[t] (t = 0 is h0) before it is used further;
    ``overrides[gate]`` is a (T,) array of forced gate values (NaN = computed).
    """
    sd = bench.state_dict()
    W_ih, W_hh = sd["weight_ih_l0"], sd["weight_hh_l0"]
    b = sd["bias_ih_l0"] + sd["bias_hh_l0"]
    x = bench.x[:, 0, :]  # (T, D)
    T, H = x.shape[0], bench.hidden_size
    h = np.zeros((T + 1, H))
    c = np.zeros((T + 1, H))
    if inject is not None and inject[0] == 0:
        h[0, inject[1]] += inject[2]
    for t in range(1, T + 1):
        a = W_ih @ x[t - 1] + W_hh @ h[t - 1] + b
        if bench.cell_type == "rnn":
            h[t] = np.tanh(a) if bench.nonlinearity == "tanh" else np.maximum(a, 0)
        else:
            i, f, g, o = (
                sigmoid(a[:H]),
                sigmoid(a[H : 2 * H]),
                np.tanh(a[2 * H : 3 * H]),
                sigmoid(a[3 * H :]),
            )
            for name, gate in (("i", i), ("f", f), ("o", o)):
                v = (overrides or {}).get(name)
                if v is not None and not np.isnan(v[t - 1]):
                    gate[:] = v[t - 1]
            c[t] = f * c[t - 1] + i * g
            h[t] = o * np.tanh(c[t])
        if inject is not None and inject[0] == t:
            h[t, inject[1]] += inject[2]
    z = sd["head.weight"] @ h[T] + sd["head.bias"]
    k, _ = target_of(bench.sequence, bench.echo_step)
    if z.shape[0] == 1:
        loss = np.logaddexp(0.0, z[0]) - k * z[0]
    else:
        loss = np.logaddexp.reduce(z) - z[k]
    return h, c, float(loss)


def fd_dh(bench: RecurrentBench, overrides=None, eps=1e-6) -> np.ndarray:
    T, H = bench.T, bench.hidden_size
    out = np.zeros((T + 1, H))
    for t in range(T + 1):
        for j in range(H):
            lp = reference(bench, (t, j, eps), overrides)[2]
            lm = reference(bench, (t, j, -eps), overrides)[2]
            out[t, j] = (lp - lm) / (2 * eps)
    return out


@pytest.mark.parametrize("cell, nonlinearity", [("rnn", "tanh"), ("lstm", "tanh"), ("rnn", "relu")])
def test_forward_matches_the_equations(cell, nonlinearity):
    rb = RecurrentBench()
    rb.update(cell_type=cell, nonlinearity=nonlinearity, hidden_size=3, seed=2, difficulty="normal")
    h, c, loss = reference(rb)
    np.testing.assert_allclose(rb.h, h, rtol=0, atol=1e-12)
    if cell == "lstm":
        np.testing.assert_allclose(rb.c, c, rtol=0, atol=1e-12)
    rb.backward()
    assert rb.loss == pytest.approx(loss, rel=1e-12)


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_backward_is_dL_dh_by_finite_differences(cell):
    rb = RecurrentBench()
    rb.update(cell_type=cell, hidden_size=3, seed=4, sequence="BaXbcYdE")
    rb.backward()
    num = fd_dh(rb)
    np.testing.assert_allclose(rb.dh, num, rtol=1e-6, atol=1e-9)
    big = np.linalg.norm(num, axis=1) > 1e-4  # where the difference quotient has digits to spare
    np.testing.assert_allclose(
        rb.dh_norm_log10[big], np.log10(np.linalg.norm(num, axis=1))[big], atol=1e-6
    )


def test_echo_sequence_uses_a_bce_head_and_the_delayed_bit():
    rb = RecurrentBench()
    rb.update(task="echo", echo_length=9, echo_step=3, data_seed=5, hidden_size=2)
    assert set(rb.sequence) <= {"0", "1"} and len(rb.sequence) == 9
    assert rb.x.shape == (9, 1, 1) and rb.head.params["weight"].shape == (1, 2)
    assert rb.target == rb.sequence[9 - 1 - 3]
    rb.backward()
    np.testing.assert_allclose(rb.dh, fd_dh(rb), rtol=1e-6, atol=1e-9)


def test_gate_overrides_saturate_from_the_current_step_and_gradients_follow():
    rb = RecurrentBench()
    rb.update(cell_type="lstm", hidden_size=2, seed=1, sequence="BaXbcdYE")
    T = rb.T
    rb.set_gate("i", 1.0)  # at t = 0: write on every step ...
    rb.set_gate("f", 0.0)
    rb.set_time(4)
    rb.set_gate("i", 0.0)  # ... from step 5 on: keep
    rb.set_gate("f", 1.0)
    rb.set_time(6)
    rb.set_gate("o", 0.0)  # output off from step 7
    sched = {g: rb.gate_schedule[g].copy() for g in ("i", "f", "o")}
    np.testing.assert_array_equal(sched["i"], [1, 1, 1, 1, 0, 0, 0, 0])
    np.testing.assert_array_equal(sched["f"], [0, 0, 0, 0, 1, 1, 1, 1])
    assert np.isnan(sched["o"][:6]).all() and (sched["o"][6:] == 0).all()
    h, c, _ = reference(rb, overrides=sched)
    np.testing.assert_allclose(rb.c, c, atol=1e-12)
    np.testing.assert_allclose(rb.h, h, atol=1e-12)
    # write: c[t] = g[t]; keep: c stays c[4]; output off: h = 0
    np.testing.assert_allclose(rb.c[1:5], rb.gates["g"][:4], atol=1e-12)
    np.testing.assert_allclose(rb.c[5:], np.repeat(rb.c[4][None], T - 4, axis=0), atol=1e-12)
    np.testing.assert_allclose(rb.h[7:], 0.0, atol=1e-12)
    assert rb.gates["i"][0, 0] == 1.0 and rb.gates["f"][5, 1] == 1.0
    rb.backward()
    np.testing.assert_allclose(rb.dh, fd_dh(rb, sched), rtol=1e-6, atol=1e-9)
    rb.set_time(0)
    rb.set_gate("o", None)  # back to the learned output gate everywhere
    assert np.isnan(rb.gate_schedule["o"]).all()


def test_time_steps_within_bounds_and_reports_events():
    rb = RecurrentBench()
    seen = []
    rb.changed.connect(seen.append)
    rb.step_back()
    assert rb.time == 0 and seen == []  # nothing moved
    for _ in range(rb.T + 3):
        rb.step_forward()
    assert rb.time == rb.T and seen == ["time"] * rb.T
    vals = rb.values_at()
    assert vals["x"] == rb.sequence[-1]
    np.testing.assert_array_equal(vals["h"], rb.h[rb.T])
    with pytest.raises(LogicsimError, match="from 0 to T"):
        rb.set_time(rb.T + 1)


def test_heatmap_uses_the_lecture_colouring():
    rb = RecurrentBench()
    rb.update(cell_type="lstm", hidden_size=3)
    bins, palette = rb.heatmap("c")
    assert bins.shape == (3, rb.T) and palette.shape == (20, 3) and palette.dtype == np.uint8
    s = 1 / (1 + np.exp(-rb.c[1:].T))
    np.testing.assert_array_equal(bins, np.minimum(np.floor(20 * s), 19).astype(int))
    assert palette[0, 2] > palette[0, 0] and palette[19, 0] > palette[19, 2]  # blue .. red
    with pytest.raises(LogicsimError, match="unknown quantity"):
        rb.heatmap("q")


def test_typed_sequences_and_targets():
    rb = RecurrentBench()
    rb.update(sequence="BbXcYdE")
    assert rb.task == "typed" and rb.target == "R" and rb.T == 7
    assert rb.symbols == list("BbXcYdE")
    np.testing.assert_array_equal(
        encode("BbXcYdE")[:, 0].argmax(axis=1), [SYMBOLS.index(ch) for ch in "BbXcYdE"]
    )
    rb.update(sequence="BaaE")
    assert rb.target is None
    with pytest.raises(LogicsimError, match="no target"):
        rb.backward()
    with pytest.raises(LogicsimError, match="at least one symbol"):
        rb.update(sequence="")
    with pytest.raises(LogicsimError, match="typed"):
        rb.new_sequence()


def test_the_bench_model_equals_the_trainers_member_with_the_same_seed():
    from logicsim.nn.models import SequenceModel

    rb = RecurrentBench()
    rb.update(cell_type="lstm", seed=7)
    model = SequenceModel("lstm", 8, 4, 4, seed=7)
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(rb.state_dict()[k[5:] if k.startswith("cell.") else k], v)


def test_use_trained_puts_a_trained_member_on_the_bench():
    wb = Workbench()
    wb.set("train.models", ["lstm"])
    wb.set("train.epochs", 1)
    wb.set("train.batches", 2)
    wb.set("train.seeds", 2)
    wb.act("train")
    wb.set("hidden_size", 7)  # different shape: use_trained brings the trained size back
    wb.act("use_trained", model="lstm", member=1)
    state = wb.training.trained_state("lstm", 1)
    assert wb.observe("hidden_size") == 4 and wb.observe("cell") == "lstm"
    for k, v in state.items():
        np.testing.assert_array_equal(wb.recurrent.state_dict()[k], v)
    wb.set("time", 2)  # weights stay through time, sequence and gate changes
    wb.act("new_sequence")
    for k, v in state.items():
        np.testing.assert_array_equal(wb.recurrent.state_dict()[k], v)
    wb.set("seed", 1)  # a new seed means new initial weights
    assert not np.array_equal(wb.recurrent.state_dict()["weight_hh_l0"], state["weight_hh_l0"])


def test_use_trained_switches_the_input_alphabet_to_the_trained_task():
    wb = Workbench()
    wb.set("train.task", "echo")
    wb.set("train.models", ["rnn"])
    wb.set("train.epochs", 1)
    wb.set("train.batches", 3)
    wb.act("train")
    wb.set("sequence", "BaXbYE")  # typed symbols: an echo model cannot read them
    wb.act("use_trained", model="rnn")
    assert wb.observe("task") == "echo" and set(wb.observe("sequence")) <= {"0", "1"}
    assert wb.recurrent.x.shape[2] == 1


def test_a_bad_direct_update_leaves_the_bench_as_it_was():
    rb = RecurrentBench()
    rb.update(cell_type="lstm", hidden_size=3)
    h = rb.h.copy()
    with pytest.raises(LogicsimError):
        rb.update(hidden_size=0, seed=9)  # the views call update() directly, without the registry
    assert rb.hidden_size == 3 and rb.seed == 0
    np.testing.assert_array_equal(rb.h, h)
