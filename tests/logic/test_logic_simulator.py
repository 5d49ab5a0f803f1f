"""Two-phase micro-steps, settling, oscillation, clocks, initial state and events."""

import numpy as np
import pytest

from logicsim.logic import OscillationError, Simulator, X, load_circuit


def latch(**kw):
    return load_circuit("sr_latch_nor").simulator(**kw)


def apply(sim, **levels):
    sim.set_inputs(levels)
    sim.settle()
    return tuple(int(sim.get(n)[0]) for n in ("Q", "Qn"))


# NOR latch, one row per action: S, R -> Q, Qn
NOR_LATCH_ROWS = [
    (1, 0, (1, 0)),  # set
    (0, 0, (1, 0)),  # hold
    (0, 1, (0, 1)),  # reset
    (0, 0, (0, 1)),  # hold
    (1, 0, (1, 0)),  # set again
]


def test_nor_latch_sets_resets_and_holds():
    sim = latch()
    assert apply(sim, S=0, R=0) == (X, X)  # unknown at power-on
    for s, r, q in NOR_LATCH_ROWS:
        assert apply(sim, S=s, R=r) == q


def test_nor_latch_released_from_both_set_oscillates_in_lockstep():
    sim = latch()
    apply(sim, S=1, R=1)
    assert sim.values()["Q"] == 0 and sim.values()["Qn"] == 0
    sim.set_inputs({"S": 0, "R": 0})
    with pytest.raises(OscillationError) as err:
        sim.settle()
    assert set(err.value.nets) == {"Q", "Qn"}
    assert err.value.lockstep
    assert "Q, Qn" in str(err.value) or "Qn, Q" in str(err.value)
    assert "lockstep" in str(err.value) and "1000" in str(err.value)


def test_lockstep_is_visible_one_micro_step_at_a_time():
    sim = latch()
    apply(sim, S=1, R=1)
    sim.set_inputs({"S": 0, "R": 0})
    seen = []
    for _ in range(4):
        changed = sim.micro_step()
        seen.append(sorted(sim.netlist.gates[g].name for g in changed))
        assert sim.values()["Q"] == sim.values()["Qn"]  # both gates switch together
    assert seen == [["Q", "Qn"]] * 4


def test_not_gate_looped_to_itself_is_an_oscillator(tmp_path):
    path = tmp_path / "loop.toml"
    path.write_text('inputs = []\noutputs = ["a"]\n[gates]\na = { op = "NOT", in = ["a"] }\n')
    sim = load_circuit(path).simulator(init="0")
    with pytest.raises(OscillationError) as err:
        sim.settle(max_steps=50)
    assert err.value.nets == ["a"]


def test_mark_x_mode_marks_the_toggling_nets_and_goes_on():
    sim = latch(on_oscillation="x")
    apply(sim, S=1, R=1)
    assert apply(sim, S=0, R=0) == (X, X)
    assert sorted(sim.oscillating) == ["Q", "Qn"]
    assert sim.stable
    assert apply(sim, S=1, R=0) == (1, 0)  # a set recovers from X


def test_stop_mode_reports_without_raising():
    sim = load_circuit("ring_oscillator").simulator(on_oscillation="stop")
    sim.set_input("EN", 0)
    sim.settle()
    sim.set_input("EN", 1)
    steps = sim.settle(max_steps=100)
    assert steps == 100
    assert sorted(sim.oscillating) == ["Y", "n1", "n2"]
    assert not sim.stable
    assert set(sim.toggling(window=6)) == {"Y", "n1", "n2"}


def test_ring_oscillator_raises_naming_its_three_nets():
    sim = load_circuit("ring_oscillator").simulator()
    sim.set_input("EN", 1)
    sim.settle()
    assert sim.values()["Y"] == X  # from an unknown start X is a fixed point of the ring
    sim.set_input("EN", 0)
    sim.settle()
    sim.set_input("EN", 1)
    with pytest.raises(OscillationError) as err:
        sim.settle()
    assert sorted(err.value.nets) == ["Y", "n1", "n2"]
    assert not err.value.lockstep


def test_micro_step_returns_changed_gates_in_unit_delay_order():
    c = load_circuit("mux2")  # Sn = NOT S; a = A AND Sn; b = B AND S; Y = a OR b
    sim = c.simulator(init="0")
    sim.settle()
    sim.set_inputs({"A": 1, "S": 0})
    names = lambda gates: sorted(sim.netlist.gates[g].name for g in gates)  # noqa: E731
    assert names(sim.pending) == ["a"]  # S did not change, so Sn is not re-evaluated
    assert names(sim.micro_step()) == ["a"]  # Sn was already 1 after the first settle
    assert names(sim.micro_step()) == ["Y"]
    assert sim.micro_step() == [] and sim.stable
    assert sim.values()["Y"] == 1


def test_two_phase_step_reads_all_before_writing():
    # a chain of two NOT gates: after one step only the first has switched
    c = load_circuit("decoder2to4")
    sim = c.simulator(init="0")
    sim.settle()
    before = sim.values()
    sim.set_input("A0", 1)
    sim.micro_step()
    after = sim.values()
    assert after["n0"] == 0 and before["Y0"] == after["Y0"] == 1  # Y0 still reads the old n0
    sim.settle()
    assert sim.values()["Y0"] == 0 and sim.values()["Y1"] == 1


def test_half_and_full_clock_ticks():
    sim = load_circuit("d_flipflop").simulator()
    sim.set_input("D", 1)
    sim.settle()
    assert sim.get("Q")[0] == X
    sim.half_tick()  # rising edge
    assert sim.get("C")[0] == 1 and sim.get("Q")[0] == 1 and sim.half_ticks == 1
    sim.set_input("D", 0)
    sim.half_tick()  # falling edge: no change
    assert sim.get("C")[0] == 0 and sim.get("Q")[0] == 1
    sim.tick()
    assert sim.get("Q")[0] == 0 and sim.half_ticks == 4


@pytest.mark.parametrize("init, expect", [("x", X), ("0", 0)])
def test_initial_state_choice(init, expect):
    sim = load_circuit("shift_register4").simulator(init=init)
    assert sim.get("Q2")[0] == expect
    assert sim.get("CLK")[0] == 0  # clocks always start low


def test_random_initial_state_is_seeded():
    a = load_circuit("shift_register4").simulator(init="random", seed=3, batch=100)
    b = load_circuit("shift_register4").simulator(init="random", seed=3, batch=100)
    c = load_circuit("shift_register4").simulator(init="random", seed=4, batch=100)
    q = lambda s: np.stack([s.get(f"Q{i}") for i in range(4)])  # noqa: E731
    assert np.array_equal(q(a), q(b)) and not np.array_equal(q(a), q(c))
    assert set(np.unique(q(a))) == {0, 1}


def test_per_net_init_values_from_file_and_argument():
    sim = load_circuit("counter4").simulator()
    assert [int(sim.get(f"Q{i}")[0]) for i in range(4)] == [0, 0, 0, 0]  # t_flipflop [init]
    sim = load_circuit("counter4").simulator(init_values={"Q2": 1})
    assert int(sim.get("Q2")[0]) == 1


def test_batch_rows_are_independent():
    c = load_circuit("sr_latch_nor")
    sim = c.simulator(batch=130)
    s = np.zeros(130, dtype=int)
    s[::3] = 1
    sim.set_inputs({"S": s, "R": 1 - s})
    sim.settle()
    assert sim.get("Q").tolist() == s.tolist()
    sim.set_inputs({"S": 0, "R": 0})
    sim.settle()
    assert sim.get("Q").tolist() == s.tolist()  # every row holds its own bit


def test_events_follow_the_model():
    sim = load_circuit("half_adder").simulator()
    kinds, steps = [], []
    sim.changed.connect(kinds.append)
    sim.stepped.connect(steps.append)
    sim.set_inputs({"A": 1, "B": 1})
    sim.settle()
    assert kinds == ["input", "input", "settle"]
    assert len(steps) == 1 and len(steps[0]) == 2


def test_instance_paths_map_flattened_nets_back():
    nl = load_circuit("ripple_adder4").flatten()
    assert "fa1.ha2.c2" not in nl.net_names
    inner = nl.instance_nets("fa1.ha2")
    assert set(inner) == {"A", "B", "S", "C"}
    assert nl.net_names[inner["S"]] == "S1"  # port S of the inner half adder is the sum bit
    assert nl.net_names[inner["C"]] == "fa1.c2"
    assert nl.net_path[nl.net("fa1.c2")] == "fa1"
    assert {g.path for g in nl.gates} >= {"fa0", "fa0.ha1", "fa3.ha2"}
    gate = next(g for g in nl.gates if g.label == "fa2.ha1.S")
    assert gate.op == "XOR" and nl.net_names[gate.output] == "fa2.s1"


def test_simulator_keeps_the_circuit_unchanged():
    c = load_circuit("half_adder")
    s1, s2 = c.simulator(), c.simulator()
    s1.set_inputs({"A": 1, "B": 0})
    s1.settle()
    assert s1.get("S")[0] == 1 and s2.get("S")[0] == X


def test_hold_and_release_start_a_loop_from_a_chosen_state():
    sim = latch(init_values={"Q": 1})
    sim.set_inputs({"S": 0, "R": 0})
    sim.hold(["Q"])
    sim.settle()
    sim.release()
    sim.settle()
    assert sim.values()["Q"] == 1 and sim.values()["Qn"] == 0


def test_bad_arguments_are_one_line_errors():
    with pytest.raises(ValueError, match="init must be"):
        load_circuit("half_adder").simulator(init="maybe")
    sim = load_circuit("half_adder").simulator()
    with pytest.raises(ValueError, match="not an input"):
        sim.set_input("S", 1)
    with pytest.raises(ValueError, match="no net"):
        sim.get("nope")


def test_simulator_accepts_a_netlist():
    nl = load_circuit("xor_gate").flatten()
    sim = Simulator(nl, batch=4)
    sim.set_inputs({"A": [0, 0, 1, 1], "B": [0, 1, 0, 1]})
    sim.settle()
    assert sim.get("Y").tolist() == [0, 1, 1, 0]


# DFF with an unknown clock edge: prev C, new C, D, Q before -> Q after
DFF_X_CLOCK_ROWS = [
    (0, 1, 1, 0, 1),  # a clean rising edge stores D
    (0, X, 1, 0, X),  # maybe an edge, D differs from Q: unknown
    (0, X, 0, 0, 0),  # maybe an edge, but D equals Q: nothing can change
    (X, 1, 1, 0, X),  # from X to 1 may have been an edge
    (1, 0, 1, 0, 0),  # falling edge: keeps
    (1, X, 1, 0, 0),  # 1 -> X can never be a rising edge
]


@pytest.mark.parametrize("c0, c1, d, q0, q1", DFF_X_CLOCK_ROWS)
def test_dff_with_unknown_clock_levels(c0, c1, d, q0, q1):
    sim = load_circuit("d_flipflop").simulator(init_values={"Q": q0})
    sim.set_inputs({"D": q0, "C": c0})  # reach C = c0 without changing Q
    sim.settle()
    sim.set_input("D", d)
    sim.settle()
    assert sim.get("Q")[0] == q0
    sim.set_input("C", c1)
    sim.settle()
    assert sim.get("Q")[0] == q1


def test_run_on_a_wide_batch_with_per_cycle_inputs():
    sim = load_circuit("ms_d_flipflop").simulator(batch=100)
    d = np.random.default_rng(2).integers(0, 2, size=(5, 100))
    sim.run(5, inputs={"D": d})
    assert sim.get("Q").tolist() == d[-1].tolist()


def test_mark_x_mode_on_a_ring_inside_a_bigger_circuit(tmp_path):
    path = tmp_path / "two_rings.toml"
    path.write_text(
        'inputs = ["EN", "F"]\noutputs = ["Y", "Z"]\n[gates]\n'
        'r1 = { use = "ring_oscillator", ports = { EN = "EN", Y = "Y" } }\n'
        'a = { op = "NOT", in = ["b"] }\nb = { op = "AND", in = ["F", "a"] }\n'
        'Z = { op = "OR", in = ["Y", "b"] }\n'
    )
    sim = load_circuit(path).simulator(on_oscillation="x")
    sim.set_inputs({"EN": 0, "F": 0})
    sim.settle()
    assert sim.values()["Y"] == 1 and sim.values()["Z"] == 1
    sim.set_inputs({"EN": 1, "F": 1})
    sim.settle()
    assert set(sim.oscillating) == {"Y", "r1.n1", "r1.n2", "a", "b", "Z"}  # Z follows them
    assert sim.values()["Y"] == X and sim.values()["b"] == X and sim.stable
