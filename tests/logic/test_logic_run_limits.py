"""``circuit run`` streams in bounded memory, starts its VCD at #0, caps absurd counts; the
``settle`` verb reports oscillations; ``test`` refuses a file with nothing to test."""

import subprocess
import sys
import tracemalloc

import numpy as np
import pytest

from logicsim.cli import main
from logicsim.commands import circuit as circuit_cmd
from logicsim.errors import LogicsimError
from logicsim.logic import load_circuit, read_vcd


def cli(capsys, *args):
    code = main(["circuit", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_run_vcd_starts_at_zero_with_the_settled_power_on_state(capsys, tmp_path):
    path = tmp_path / "c.vcd"
    code, _, _ = cli(capsys, "run", "counter2", "--cycles", 3, "--init", 0, "--vcd", path)
    assert code == 0
    wave = read_vcd(path)
    assert wave.times.tolist()[:2] == [0, 1]
    assert wave.net("Q0")[0] == 0 and wave.net("Q1")[0] == 0 and wave.net("CLK")[0] == 0
    sim = load_circuit("counter2").simulator(init="0")
    ref = sim.run(3)
    assert wave.values[1:].tolist() == ref.compress().select(wave.names).values.tolist()


@pytest.mark.parametrize("resolution", ["clock", "step"])
def test_chunked_streaming_writes_the_same_vcd(capsys, tmp_path, monkeypatch, resolution):
    args = ["run", "shift_register4", "--cycles", 50, "--set", "D=1", "--init", "0"]
    args += ["--resolution", resolution, "--vcd"]
    code, whole, _ = cli(capsys, *args, tmp_path / "a.vcd")
    monkeypatch.setattr(circuit_cmd, "CHUNK_CYCLES", 7)
    code2, chunked, _ = cli(capsys, *args, tmp_path / "b.vcd")
    assert code == code2 == 0 and whole.replace("a.vcd", "b.vcd") == chunked
    assert (tmp_path / "a.vcd").read_text() == (tmp_path / "b.vcd").read_text()


def test_a_long_run_keeps_memory_bounded(capsys, tmp_path):
    tracemalloc.start()
    try:
        code, out, _ = cli(
            capsys, "run", "shift_register4", "--cycles", 100_000, "--vcd", tmp_path / "l.vcd"
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 0 and "99968 more cycles" in out
    assert peak < 8 << 20  # whole-run buffers took 38 MB here; chunks take well under 8


def test_an_absurd_cycle_count_is_refused_at_once():
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "logicsim",
            "circuit",
            "run",
            "shift_register4",
            "--cycles",
            "1000000000000",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "too many" in run.stderr and "at most 100000000 cycles" in run.stderr


def test_show_must_not_be_negative_and_zero_prints_only_the_summary(capsys):
    code, _, err = cli(capsys, "run", "counter2", "--cycles", 8, "--show", -1)
    assert code == 2 and "--show must be 0 or more" in err
    code, out, _ = cli(capsys, "run", "counter2", "--cycles", 8, "--show", 0, "--init", 0)
    assert code == 0 and "8 more cycles; after cycle 8: CLK=0 Q1=0 Q0=0" in out
    code, out, _ = cli(capsys, "run", "counter2", "--cycles", 8, "--show", 100, "--init", 0)
    assert "more cycles" not in out and len(out.splitlines()) == 9


def test_settle_reports_an_oscillation_and_its_nets(capsys):
    code, out, _ = cli(capsys, "settle", "ring_oscillator", "--set", "EN=1")
    assert code == circuit_cmd.EXIT_OSCILLATES == 3
    assert out.startswith("OscillationError: nets n1, n2, Y toggle in lockstep")
    code, out, _ = cli(capsys, "settle", "ring_oscillator", "--set", "EN=0")
    assert code == 0 and "settled after" in out and "Y=1" in out
    code, out, _ = cli(capsys, "settle", "half_adder", "--set", "A=1", "--set", "B=1")
    assert code == 0 and "S=0 C=1" in out


def test_run_without_a_clock_points_to_settle(capsys):
    code, _, err = cli(capsys, "run", "ring_oscillator", "--cycles", 2)
    assert code == 2 and "use 'settle'" in err


def test_test_on_a_file_without_tables_is_not_a_pass(capsys, tmp_path):
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    code, out, _ = cli(capsys, "test", empty)
    assert code == 1 and "NOTHING TO TEST" in out and "PASS" not in out


def test_waveform_to_vcd_never_overwrites_unasked(tmp_path):
    wave = load_circuit("counter2").simulator(init="0").run(2)
    path = tmp_path / "w.vcd"
    path.write_text("precious")
    with pytest.raises(LogicsimError, match="already exists"):
        wave.to_vcd(path)
    assert path.read_text() == "precious"
    wave.to_vcd(path, overwrite=True)
    assert np.array_equal(read_vcd(path).values, wave.compress().values)


def test_a_long_run_reports_progress_on_stderr(capsys, monkeypatch):
    monkeypatch.setattr(circuit_cmd, "PROGRESS_EVERY", 0.0)
    monkeypatch.setattr(circuit_cmd, "CHUNK_CYCLES", 100)
    code, out, err = cli(capsys, "run", "counter2", "--cycles", 350, "--show", 2)
    assert code == 0 and len(out.splitlines()) == 4  # header, two rows, the summary
    assert err.splitlines() == [
        f"logicsim circuit run: {n}/350 cycles ({100 * n / 350:.0f} %, about "
        + err.splitlines()[i].split("about ")[1]
        for i, n in enumerate((100, 200, 300))
    ]
