"""Waveform recording at micro-step and clock resolution, and the VCD round trip."""

import io

import numpy as np

from logicsim.logic import Waveform, WaveformRecorder, X, load_circuit, read_vcd


def test_vcd_round_trip_keeps_names_times_and_values(tmp_path):
    sim = load_circuit("counter4").simulator(init="x")
    rec = WaveformRecorder(sim, resolution="clock")
    sim.set_input("EN", 1)
    sim.run(20, fast=False)
    wave = rec.waveform()
    path = tmp_path / "c.vcd"
    wave.to_vcd(path)
    back = read_vcd(path)
    want = wave.compress()
    assert back.names == want.names
    assert np.array_equal(back.times, want.times)
    assert np.array_equal(back.values, want.values)
    assert back.resolution == "clock"


def test_vcd_header_has_the_sections_gtkwave_needs():
    wave = load_circuit("counter4").simulator().run(3, inputs={"EN": 1})
    text = wave.vcd_text(module="cnt")
    for token in (
        "$timescale 1 ns $end",
        "$scope module cnt $end",
        "$scope module tf0 $end",
        "$var wire 1 ",
        "$enddefinitions $end",
        "$dumpvars",
        "#1\n",
    ):
        assert token in text
    assert text.count("$scope") == text.count("$upscope")
    x_text = load_circuit("shift_register4").simulator().run(2, inputs={"D": 1}).vcd_text()
    assert "\nx" in x_text.split("$enddefinitions $end")[1]  # unknown levels are written as x


def test_x_levels_survive_the_round_trip():
    wave = Waveform(
        ["a", "u.b"], np.array([0, 1, 2]), np.array([[X, 0], [1, X], [0, 1]], dtype=np.int8)
    )
    back = read_vcd(io.StringIO(wave.vcd_text()))
    assert back.names == ["a", "u.b"]
    assert back.values.tolist() == wave.values.tolist()


def test_step_recorder_sees_every_micro_step_of_a_settle():
    sim = load_circuit("sr_latch_nor").simulator()
    rec = WaveformRecorder(sim, nets=["S", "R", "Q", "Qn"], resolution="step")
    sim.set_inputs({"S": 1, "R": 0})
    steps = sim.settle()
    wave = rec.waveform()
    assert wave.times.tolist() == list(range(steps + 1))
    assert wave.values[0].tolist() == [1, 0, X, X]  # inputs set at time 0, before any step
    assert wave.values[-1].tolist() == [1, 0, 1, 0]


def test_recorders_follow_the_fast_path_too():
    sim = load_circuit("counter2").simulator()
    rec = WaveformRecorder(sim, nets=["Q1", "Q0"], resolution="clock")
    sim.run(4)
    assert sim._program
    wave = rec.waveform()
    after_cycles = wave.values[2::2].tolist()
    assert after_cycles == [[0, 1], [1, 0], [1, 1], [0, 0]]
    rec.stop()
    sim.run(1)
    assert len(rec.waveform().times) == len(wave.times)


def test_compress_drops_repeated_samples():
    wave = Waveform(
        ["a"], np.array([0, 1, 2, 2, 3]), np.array([[0], [0], [1], [0], [0]], dtype=np.int8)
    )
    c = wave.compress()
    assert c.times.tolist() == [0] and c.values.tolist() == [[0]]
