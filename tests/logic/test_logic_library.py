"""The library: every circuit passes its own tests, and the tables agree with arithmetic."""

import numpy as np
import pytest

from logicsim.logic import library_names, load_circuit
from logicsim.logic.expressions import check_expressions, expressions, expressions_latex
from logicsim.logic.truthtable import counting_inputs, evaluate_packed

COMBINATIONAL = [
    "not_gate",
    "and_gate",
    "or_gate",
    "nand_gate",
    "nor_gate",
    "xor_gate",
    "xor_from_nand",
    "half_adder",
    "full_adder",
    "ripple_adder4",
    "mux2",
    "decoder2to4",
    "majority3",
]
SEQUENTIAL = [
    "sr_latch_nor",
    "sr_latch_nand",
    "d_latch",
    "d_flipflop",
    "ms_d_flipflop",
    "t_flipflop",
    "jk_flipflop",
    "shift_register4",
    "piso_register4",
    "counter2",
    "counter4",
    "ring_oscillator",
    "temporal_order_fsm",
]


def test_library_has_every_circuit_of_the_issue():
    assert sorted(COMBINATIONAL + SEQUENTIAL) == library_names()
    assert len(library_names()) == 26  # a dropped circuit fails here


@pytest.mark.parametrize("name", library_names())
def test_library_circuit_passes_its_own_tests(name):
    c = load_circuit(name)
    assert c.tests, f"{name} has no test table"
    report = c.run_tests()
    assert report.passed, "\n".join(map(str, report.failures))
    assert report.rows >= 3


@pytest.mark.parametrize("name", COMBINATIONAL)
def test_combinational_flag(name):
    assert load_circuit(name).is_combinational


@pytest.mark.parametrize("name", SEQUENTIAL)
def test_sequential_circuits_have_no_truth_table(name):
    c = load_circuit(name)
    assert not c.is_combinational
    with pytest.raises(ValueError, match="sequential"):
        c.truth_table()


def bits_to_int(cols):
    return sum(col.astype(int) << (len(cols) - 1 - i) for i, col in enumerate(cols))


def test_ripple_adder_adds_every_pair():
    ins, outs = load_circuit("ripple_adder4").truth_table()
    assert ins.shape == (512, 9) and outs.shape == (512, 5)
    a = bits_to_int(ins[:, 0:4].T)
    b = bits_to_int(ins[:, 4:8].T)
    total = bits_to_int(outs.T)
    assert np.array_equal(total, a + b + ins[:, 8])


def test_full_adder_and_majority_and_mux_and_decoder():
    ins, outs = load_circuit("full_adder").truth_table()
    assert np.array_equal(2 * outs[:, 1] + outs[:, 0], ins.sum(axis=1))
    ins, outs = load_circuit("majority3").truth_table()
    assert np.array_equal(outs[:, 0], (ins.sum(axis=1) >= 2).astype(int))
    ins, outs = load_circuit("mux2").truth_table()
    assert np.array_equal(outs[:, 0], np.where(ins[:, 0] == 1, ins[:, 2], ins[:, 1]))
    ins, outs = load_circuit("decoder2to4").truth_table()
    index = 2 * ins[:, 0] + ins[:, 1]
    assert np.array_equal(outs[:, ::-1], np.eye(4, dtype=int)[index])


@pytest.mark.parametrize("name", COMBINATIONAL)
def test_micro_step_simulator_agrees_with_packed_table_on_every_row(name):
    c = load_circuit(name)
    table = c.truth_table()
    sim = c.simulator(batch=len(table))
    sim.set_inputs({n: table.inputs[:, i] for i, n in enumerate(c.inputs)})
    sim.settle()
    got = np.stack([sim.get(o) for o in c.outputs], axis=1)
    assert np.array_equal(got, table.outputs)


def test_xor_from_nand_equals_xor():
    assert np.array_equal(
        load_circuit("xor_from_nand").truth_table().outputs,
        load_circuit("xor_gate").truth_table().outputs,
    )


@pytest.mark.parametrize("name", [n for n in COMBINATIONAL if n != "ripple_adder4"])
def test_formulas_equal_simulation_on_every_row(name):
    c = load_circuit(name)
    assert check_expressions(c)


@pytest.mark.slow
def test_ripple_adder_formulas_equal_simulation():
    assert check_expressions(load_circuit("ripple_adder4"))


def test_formulas_are_sums_of_products_and_export_to_latex():
    exprs = expressions(load_circuit("full_adder"))
    assert str(exprs["Cout"]) == "(A & B) | (A & Cin) | (B & Cin)"
    tex = expressions_latex(load_circuit("half_adder"))
    assert tex.startswith("\\begin{align*}") and "C &= A \\wedge B" in tex


def test_a_wrong_formula_is_detected():
    import sympy

    c = load_circuit("half_adder")
    a, b = sympy.symbols("A B")
    assert not check_expressions(c, {"S": a | b, "C": a & b})


def test_table_formats():
    t = load_circuit("half_adder").truth_table()
    assert t.format("csv").splitlines() == ["A,B,S,C", "0,0,0,0", "0,1,1,0", "1,0,1,0", "1,1,0,1"]
    assert t.format("text").splitlines()[0] == "A B | S C"
    assert t.format("markdown").splitlines()[:2] == ["| A | B | S | C |", "|---|---|---|---|"]
    tex = load_circuit("ripple_adder4").truth_table().format("latex")
    assert "\\begin{tabular}{ccccccccc|ccccc}" in tex and "$A_{3}$" in tex
    with pytest.raises(ValueError, match="unknown table format"):
        t.format("html")


def test_state_table_of_jk_flipflop():
    st = load_circuit("jk_flipflop").state_table()
    nxt = {
        (int(q), int(j), int(k)): int(n)
        for (q,), (j, k), (n,) in zip(st.present, st.inputs, st.next, strict=True)
    }
    for q in (0, 1):
        assert (
            nxt[(q, 0, 0)] == q
            and nxt[(q, 1, 0)] == 1
            and nxt[(q, 0, 1)] == 0
            and nxt[(q, 1, 1)] == 1 - q
        )
    assert "Q | J K -> Q'" in st.format()


def test_state_table_of_the_nor_latch():
    st = load_circuit("sr_latch_nor").state_table()
    rows = {
        (int(q), int(s), int(r)): int(n)
        for (q,), (s, r), (n,) in zip(st.present, st.inputs, st.next, strict=True)
    }
    assert rows[(0, 0, 0)] == 0 and rows[(1, 0, 0)] == 1  # holds
    assert rows[(0, 1, 0)] == 1 and rows[(1, 0, 1)] == 0  # sets, resets


def test_shift_register_is_the_echo_task_with_echo_step_3():
    rng = np.random.default_rng(1)
    d = rng.integers(0, 2, size=40)
    sim = load_circuit("shift_register4").simulator()
    wave = sim.run(40, inputs={"D": d}, fast=False)
    q3 = wave.net("Q3")[1::2]  # after each full cycle
    assert np.array_equal(q3[3:], d[:-3])  # the 4th flip-flop holds the bit of 3 cycles ago
    assert (q3[:3] == 2).all()  # unknown until the first bit arrives


def temporal_order_class(seq):
    first, second = [s for s in seq if s in "XY"][:2]
    return "QRSU"[2 * (first == "Y") + (second == "Y")]


def test_fsm_classifies_random_temporal_order_sequences():
    rng = np.random.default_rng(7)
    c = load_circuit("temporal_order_fsm")
    sim = c.simulator()
    for _ in range(30):
        length = int(rng.integers(7, 12))
        seq = list(rng.choice(list("abcd"), size=length))
        t1, t2 = sorted(rng.choice(np.arange(1, length - 1), size=2, replace=False))
        seq[t1], seq[t2] = rng.choice(["X", "Y"]), rng.choice(["X", "Y"])
        seq = ["B"] + seq + ["E"]
        for sym in seq:
            sim.set_inputs({line: int(sym == line) for line in "BXYE"})
            sim.settle()
            sim.tick()
        out = {k: int(sim.get(k)[0]) for k in "QRSU"}
        assert out == {k: int(k == temporal_order_class(seq)) for k in "QRSU"}, "".join(seq)


@pytest.mark.parametrize(
    "name", ["shift_register4", "counter4", "counter2", "temporal_order_fsm", "t_flipflop"]
)
def test_fast_clocked_path_equals_micro_steps(name):
    c = load_circuit(name)
    rng = np.random.default_rng(5)
    cycles = 60
    inputs = {n: rng.integers(0, 2, size=cycles) for n in c.inputs}
    if name == "temporal_order_fsm":
        inputs["B"][0] = 1
    slow_sim, fast_sim = c.simulator(), c.simulator()
    slow = slow_sim.run(cycles, inputs=inputs, fast=False)
    fast = fast_sim.run(cycles, inputs=inputs, fast=True)
    assert fast_sim._program, "the fast path was not used"
    assert np.array_equal(slow.times, fast.times)
    assert np.array_equal(slow.values, fast.values)
    assert slow_sim.values() == fast_sim.values()
    slow_sim.tick()  # both keep working from the same state
    fast_sim.tick()
    assert slow_sim.values() == fast_sim.values()


def test_fast_path_refuses_latches_built_from_gates():
    sim = load_circuit("ms_d_flipflop").simulator()
    sim.set_input("D", 1)
    wave = sim.run(3)
    assert sim._program is False
    assert wave.net("Q")[-1] == 1


def test_packed_evaluation_uses_64_rows_per_word():
    words = counting_inputs(7)
    assert words.shape == (7, 2) and words.dtype == np.uint64
    nl = load_circuit("majority3").flatten()
    planes = evaluate_packed(nl, counting_inputs(3))
    assert int(planes[nl.outputs[0], 0]) & 0xFF == 0b11101000  # rows 3, 5, 6, 7


def random_clocked_circuit(tmp_path, seed):
    """Random logic between 3 DFFs, every op used; inputs A B, clock CLK."""
    rng = np.random.default_rng(seed)
    ops = ["AND", "OR", "NAND", "NOR", "XOR", "XNOR", "NOT", "BUF"]
    nets = ["A", "B", "q0", "q1", "q2"]
    lines = [
        'inputs = ["A", "B"]',
        'clocks = ["CLK"]',
        'outputs = ["q0", "q1", "q2", "g11"]',
        "[gates]",
    ]
    for g in range(12):
        op = ops[g % len(ops)]
        k = 1 if op in ("NOT", "BUF") else int(rng.integers(2, 4))
        ins = [nets[int(j)] for j in rng.choice(len(nets), size=k, replace=False)]
        lines.append(f'g{g} = {{ op = "{op}", in = {ins!r} }}'.replace("'", '"'))
        nets.append(f"g{g}")
    for i, src in enumerate(rng.choice(nets[5:], size=3, replace=False)):
        lines.append(f'q{i} = {{ op = "DFF", in = ["{src}", "CLK"] }}')
    path = tmp_path / f"rand{seed}.toml"
    path.write_text("\n".join(lines) + "\n")
    return load_circuit(path)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("batch", [1, 70])
def test_fast_path_equals_micro_steps_on_random_clocked_logic(tmp_path, seed, batch):
    c = random_clocked_circuit(tmp_path, seed)
    rng = np.random.default_rng(seed)
    cycles = 25
    shape = (cycles,) if batch == 1 else (cycles, batch)
    inputs = {"A": rng.choice([0, 1, 2], size=shape), "B": rng.integers(0, 2, size=shape)}
    slow_sim, fast_sim = (
        c.simulator(batch=batch, init="random", seed=seed),
        c.simulator(batch=batch, init="random", seed=seed),
    )
    slow = slow_sim.run(cycles, inputs=inputs, fast=False)
    fast = fast_sim.run(cycles, inputs=inputs)
    assert fast_sim._program
    assert np.array_equal(slow.values, fast.values)
    for name in c.flatten().net_names:
        assert np.array_equal(slow_sim.get(name), fast_sim.get(name)), name
