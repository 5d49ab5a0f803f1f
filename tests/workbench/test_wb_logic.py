"""The logic bench read like the circuits' own test tables, through the Workbench API."""

from __future__ import annotations

import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import LogicBench, Workbench


def net(wb: Workbench, name: str):
    return wb.observe(f"net.{name}")


def test_sr_latch_set_hold_reset_hold():
    wb = Workbench()
    wb.set("circuit", "sr_latch_nor")
    rows = [  # S R | Q Qn
        (0, 0, "X", "X"),
        (1, 0, 1, 0),
        (0, 0, 1, 0),
        (0, 1, 0, 1),
        (0, 0, 0, 1),
    ]
    for s, r, q, qn in rows:
        wb.set("input.S", s)
        wb.set("input.R", r)
        assert (net(wb, "Q"), net(wb, "Qn")) == (q, qn), (s, r)


def test_lockstep_oscillation_is_reported_not_raised():
    wb = Workbench()
    wb.set("input.S", 1)
    wb.set("input.R", 1)
    assert not wb.observe("oscillating")
    wb.set("gate_step", True)  # release both at once, then watch it micro-step by micro-step
    wb.set("input.S", 0)
    wb.set("input.R", 0)
    seen = []
    for _ in range(4):
        changed = wb.act("micro_step")
        seen.append((sorted(changed), net(wb, "Q"), net(wb, "Qn")))
    assert seen == [
        (["Q", "Qn"], 1, 1),
        (["Q", "Qn"], 0, 0),
        (["Q", "Qn"], 1, 1),
        (["Q", "Qn"], 0, 0),
    ]
    wb.act("settle")
    assert wb.observe("oscillating") is True
    text = wb.observe("oscillation")
    assert "Q, Qn" in text and "lockstep" in text and "1000" in text
    wb.set("gate_step", False)
    wb.set("input.S", 1)  # any input change that settles clears it
    assert wb.observe("oscillating") is False and wb.observe("oscillation") == ""


def test_not_loop_oscillates_without_hanging():
    wb = Workbench()
    wb.set("circuit", "ring_oscillator")
    assert wb.observe("oscillating") is False and net(wb, "Y") == 1  # EN = 0 holds it
    wb.set("input.EN", 1)  # three inversions round the loop: it never settles
    assert wb.observe("oscillating") is True
    assert "lockstep" not in wb.observe("oscillation")  # one gate switches at a time
    assert wb.logic.oscillating_nets


def test_d_flipflop_samples_on_the_rising_edge():
    wb = Workbench()
    wb.set("circuit", "d_flipflop")
    wb.set("input.D", 1)
    assert net(wb, "Q") == "X"
    wb.act("half_tick")  # rising edge
    assert (wb.observe("clock"), net(wb, "Q")) == (1, 1)
    wb.set("input.D", 0)
    assert net(wb, "Q") == 1  # holds while the clock is high
    wb.act("half_tick")
    wb.act("tick")
    assert net(wb, "Q") == 0 and wb.observe("cycle") == 2


def test_shift_register_echoes_with_delay_and_records_a_waveform():
    wb = Workbench()
    wb.set("circuit", "shift_register4")
    bits = [1, 0, 1, 1, 0, 0, 0, 0]
    got = []
    for b in bits:
        wb.set("input.D", b)
        wb.act("tick")
        got.append(net(wb, "Q3"))
    assert got == ["X", "X", "X", 1, 0, 1, 1, 0]  # Q3[t] = D[t-3]
    wave = wb.observe("waveform.Q3")
    assert wave[-1] == 0 and len(wave) == len(wb.logic.sample_times)
    wb.act("run_cycles", n=5)
    assert wb.observe("cycle") == 13 and len(wb.observe("waveform.D")) == len(wave) + 10
    assert wb.logic.waveform(["Q0"])["Q0"][-1] == 0
    wb.set("watch", ["D", "Q3"])
    assert list(wb.logic.waveform()) == ["D", "Q3"]


def test_drill_down_shows_inner_nets_of_an_instance():
    wb = Workbench()
    wb.set("circuit", "ms_d_flipflop")
    wb.set("input.D", 1)
    wb.act("tick")
    wb.set("drill", "slave")
    inner = wb.logic.inner_nets()
    assert inner["Q"] == 1 and set(inner) >= {"D", "E", "Q"}
    assert wb.logic.inner_nets("master")["D"] == 1


def test_truth_table_of_a_combinational_circuit():
    wb = Workbench()
    wb.set("circuit", "half_adder")
    assert wb.observe("combinational") is True
    ins, outs, rows = wb.logic.truth_table()
    assert ins == ["A", "B"] or len(ins) == 2
    table = [tuple(r) for r in rows.tolist()]
    assert len(table) == 4
    for a, b, *out in table:
        assert sorted(out) == sorted([a ^ b, a & b])  # sum and carry, in the file's column order
    assert wb.observe("truth_table", 3) == list(table[3])


def test_initial_state_choices():
    wb = Workbench()
    wb.set("circuit", "d_flipflop")
    wb.set("initial_state", "zero")
    assert net(wb, "Q") == 0
    wb.set("initial_state", "unknown")
    assert net(wb, "Q") == "X"
    wb.set("initial_state", "random")
    first = net(wb, "Q")
    wb.set("logic.seed", 0)
    assert net(wb, "Q") == first and first in (0, 1)


def test_empty_bench_and_bad_circuit_files(tmp_path):
    lb = LogicBench(circuit=None)
    assert lb.values() == {} and lb.input_names == []
    with pytest.raises(LogicsimError, match="no circuit is loaded"):
        lb.tick()
    bad = tmp_path / "bad.toml"
    bad.write_text('inputs = ["A"]\noutputs = ["Y"]\n[gates]\nY = { op = "FOO", in = ["A"] }\n')
    with pytest.raises(LogicsimError) as err:
        lb.set_circuit(str(bad))
    assert "bad.toml:4" in str(err.value)
    good = tmp_path / "inv.toml"
    good.write_text('inputs = ["A"]\noutputs = ["Y"]\n[gates]\nY = { op = "NOT", in = ["A"] }\n')
    lb.set_circuit(str(good))
    assert lb.value("Y") == 1
    lb.toggle("A")
    assert lb.value("Y") == 0
