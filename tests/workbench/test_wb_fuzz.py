"""Random scripts of set/act calls: only clean LogicsimErrors, and Back always restores exactly."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicsim.errors import LogicsimError
from logicsim.workbench import Workbench

# (kind, name, value) operations, good and bad values mixed.
SETS = [
    ("set", "circuit", st.sampled_from(["sr_latch_nor", "d_flipflop", "half_adder", "nope", ""])),
    ("set", "input.S", st.sampled_from([0, 1, 2, "1", None])),
    ("set", "input.D", st.sampled_from([0, 1])),
    ("set", "gate_step", st.booleans()),
    ("set", "initial_state", st.sampled_from(["zero", "random", "unknown", "maybe"])),
    ("set", "cell", st.sampled_from(["rnn", "lstm", "gru"])),
    ("set", "hidden_size", st.integers(-1, 6)),
    ("set", "seed", st.integers(0, 3)),
    ("set", "sequence", st.text(alphabet="XYabcdBE01q", max_size=9)),
    ("set", "task", st.sampled_from(["temporal-order", "echo", "typed"])),
    ("set", "time", st.integers(-1, 12)),
    ("set", "gate.f", st.sampled_from([0.0, 1.0, 0.5, None, "off", 2.0])),
    ("set", "gate.i", st.sampled_from([0.0, 1.0, None])),
    ("set", "eig1", st.one_of(st.floats(-5, 5), st.just(float("nan")))),
    ("set", "eig_mode", st.sampled_from(["real", "complex"])),
    ("set", "gradient.hidden_size", st.integers(0, 5)),
    ("set", "normal", st.booleans()),
    ("set", "non_normality", st.floats(0, 3)),
    ("set", "steps", st.integers(0, 30)),
    ("set", "formula.what", st.sampled_from(["step", "bptt", "x"])),
    ("set", "linked_time", st.booleans()),
]
ACTS = [
    ("act", "tick", st.just({})),
    ("act", "half_tick", st.just({})),
    ("act", "micro_step", st.just({})),
    ("act", "settle", st.just({})),
    ("act", "toggle", st.sampled_from([{"net": "S"}, {"net": "D"}, {"net": "Q"}])),
    ("act", "run_cycles", st.sampled_from([{"n": 2}, {"n": 0}, {}])),
    ("act", "reset", st.just({})),
    ("act", "step_forward", st.just({})),
    ("act", "step_back", st.just({})),
    ("act", "backward", st.just({})),
    ("act", "new_sequence", st.just({})),
]
OPS = st.one_of([st.tuples(st.just(k), st.just(n), v) for k, n, v in SETS + ACTS])


def apply(wb: Workbench, op) -> None:
    kind, name, value = op
    try:
        if kind == "set":
            wb.set(name, value)
        else:
            wb.act(name, **value)
    except LogicsimError:
        pass  # the only exception a user can cause


def fingerprint(wb: Workbench) -> list:
    lg, rc, gb = wb.logic, wb.recurrent, wb.gradient
    return [
        lg.circuit_name, lg.values(), lg.micro_steps, lg.cycle, lg.oscillation_text,
        lg.waveform() if lg.sim else {},
        rc.sequence, rc.time, rc.h.tobytes(), None if rc.dh is None else rc.dh.tobytes(),
        {g: v.tobytes() for g, v in rc.gate_schedule.items()},
        gb.curve.tobytes(), gb.cc_curve.tobytes(), wb.formula.get_state(), wb.linked_time,
    ]  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(OPS, max_size=12), after=st.lists(OPS, min_size=1, max_size=12))
def test_random_scripts_raise_only_logicsim_errors_and_restore_exactly(before, after):
    wb = Workbench()
    for op in before:
        apply(wb, op)
    snap = wb.snapshot()
    want = fingerprint(wb)
    for op in after:
        apply(wb, op)
    wb.restore(snap)
    assert fingerprint(wb) == want
    # and the restored bench continues like the original would
    apply(wb, ("act", "tick", {}))
    apply(wb, ("act", "step_forward", {}))
    assert np.all(np.isfinite(wb.recurrent.h))
