"""The compiled clocked path and the micro-step simulator give the same levels."""

import numpy as np
import pytest

from logicsim.logic import library_names, load_circuit

DFF_OF_CLOCK = """
name = "DFF sampling its own clock"
inputs = []
clocks = ["CLK"]
outputs = ["Q"]
[gates]
Q = { op = "DFF", in = ["CLK", "CLK"] }
[init]
Q = 0
"""


@pytest.mark.parametrize("fast", [True, False])
def test_dff_whose_d_is_its_clock_samples_the_pre_edge_level(tmp_path, fast):
    path = tmp_path / "dff_clk.toml"
    path.write_text(DFF_OF_CLOCK)
    sim = load_circuit(path).simulator()
    wave = sim.run(2, fast=fast)
    assert (sim._program not in (None, False)) == fast
    assert wave.net("Q").tolist() == [0, 0, 0, 0]  # CLK is 0 just before each rising edge
    sim.tick()  # the micro-step tick after either path agrees too
    assert sim.get("Q")[0] == 0


def test_dff_sampling_another_clock_agrees(tmp_path):
    path = tmp_path / "two_clocks.toml"
    path.write_text(
        'clocks = ["A", "B"]\noutputs = ["Q"]\n[gates]\n'
        'n = { op = "NOT", in = ["A"] }\nQ = { op = "DFF", in = ["B", "A"] }\n'
        'R = { op = "DFF", in = ["n", "B"] }\n[init]\nQ = 1\nR = 0\n'
    )
    waves = []
    for fast in (True, False):
        sim = load_circuit(path).simulator()
        waves.append(sim.run(3, fast=fast).values)
    assert np.array_equal(*waves)


@pytest.mark.parametrize("name", library_names())
@pytest.mark.parametrize("init", ["x", "0", "random"])
def test_both_paths_agree_on_every_library_circuit(name, init):
    c = load_circuit(name)
    rng = np.random.default_rng(sum(map(ord, name + init)))
    cycles, batch = 10, 70  # 70 rows: two 64-bit words per net
    inputs = {n: rng.integers(0, 3 if init == "x" else 2, size=(cycles, batch)) for n in c.inputs}
    sims, waves = [], []
    for fast in (True, False):
        sim = c.simulator(batch=batch, init=init, seed=7, on_oscillation="x")
        waves.append(sim.run(cycles, inputs=inputs, fast=fast))
        sims.append(sim)
    assert np.array_equal(waves[0].times, waves[1].times)
    assert np.array_equal(waves[0].values, waves[1].values)
    for net in c.flatten().net_names:
        assert sims[0].get(net).tolist() == sims[1].get(net).tolist(), net
