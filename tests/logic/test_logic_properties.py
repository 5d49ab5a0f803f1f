"""Properties over random circuits: the three evaluation paths agree, and X is monotone."""

import itertools

import numpy as np
import pytest

from logicsim.logic import X, load_circuit


def random_combinational(tmp_path, seed, n_inputs=5, n_gates=40):
    rng = np.random.default_rng(seed)
    nets = [f"I{i}" for i in range(n_inputs)]
    ops = ["AND", "OR", "NAND", "NOR", "XOR", "XNOR", "NOT", "BUF"]
    lines = []
    for g in range(n_gates):
        op = ops[int(rng.integers(len(ops)))]
        k = 1 if op in ("NOT", "BUF") else int(rng.integers(2, 4))
        ins = [nets[int(j)] for j in rng.choice(len(nets), size=k, replace=False)]
        lines.append(f'g{g} = {{ op = "{op}", in = {ins!r} }}'.replace("'", '"'))
        nets.append(f"g{g}")
    outs = nets[-4:]
    head = [
        f"inputs = {nets[:n_inputs]!r}".replace("'", '"'),
        f"outputs = {outs!r}".replace("'", '"'),
        "[gates]",
    ]
    path = tmp_path / f"comb{seed}.toml"
    path.write_text("\n".join(head + lines) + "\n")
    return load_circuit(path)


@pytest.mark.parametrize("seed", range(6))
def test_packed_table_equals_micro_steps_on_random_circuits(tmp_path, seed):
    c = random_combinational(tmp_path, seed)
    table = c.truth_table()
    sim = c.simulator(batch=len(table), init="random", seed=seed)
    sim.set_inputs({n: table.inputs[:, i] for i, n in enumerate(c.inputs)})
    sim.settle()
    got = np.stack([sim.get(o) for o in c.outputs], axis=1)
    assert np.array_equal(got, table.outputs)


@pytest.mark.parametrize("seed", range(4))
def test_unknown_inputs_never_invent_a_level(tmp_path, seed):
    """Kleene logic is monotone: if an output is known with some inputs X, it equals the output
    of every way of filling those X in with 0 or 1."""
    c = random_combinational(tmp_path, seed, n_inputs=4, n_gates=25)
    ins, outs = c.truth_table()
    rows = list(itertools.product((0, 1, X), repeat=4))
    sim = c.simulator(batch=len(rows))
    codes = np.array(rows)  # (81, 4)
    sim.set_inputs({n: codes[:, i] for i, n in enumerate(c.inputs)})
    sim.settle()
    got = np.stack([sim.get(o) for o in c.outputs], axis=1)  # (81, 4)
    index = {tuple(r): i for i, r in enumerate(ins.tolist())}
    for r, row in enumerate(rows):
        fills = [
            index[tuple(f)] for f in itertools.product(*[(v,) if v != X else (0, 1) for v in row])
        ]
        for j in range(len(c.outputs)):
            if got[r, j] != X:
                assert (outs[fills, j] == got[r, j]).all()
            if X not in row:
                assert got[r, j] == outs[fills[0], j]
