"""``logicsim circuit``: output and exit codes (0 ok, 1 failing test rows, 2 bad input)."""

import subprocess
import sys

import pytest

from logicsim.cli import main
from logicsim.logic import library_names, read_vcd


def cli(capsys, *args):
    code = main(["circuit", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_names_every_library_circuit(capsys):
    code, out, _ = cli(capsys, "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == library_names()
    assert "sequential" in out and "combinational" in out


def test_show_describes_ports_gates_and_instances(capsys):
    code, out, _ = cli(capsys, "show", "full_adder")
    assert code == 0
    assert (
        "inputs:  A B Cin" in out
        and "instance ha1: half_adder(" in out
        and "gate     Cout = OR(c1, c2)" in out
    )


@pytest.mark.parametrize(
    "fmt, first",
    [
        ("text", "A B | S C"),
        ("csv", "A,B,S,C"),
        ("markdown", "| A | B | S | C |"),
        ("latex", "\\begin{tabular}{cc|cc}"),
    ],
)
def test_truth_table_formats(capsys, fmt, first):
    code, out, _ = cli(capsys, "truth-table", "half_adder", "--format", fmt)
    assert code == 0 and out.splitlines()[0] == first


def test_expr_text_and_latex(capsys):
    code, out, _ = cli(capsys, "expr", "half_adder")
    assert code == 0 and "C = A & B" in out
    code, out, _ = cli(capsys, "expr", "half_adder", "--latex")
    assert code == 0 and "\\wedge" in out


def test_states_of_a_flip_flop(capsys):
    code, out, _ = cli(capsys, "states", "t_flipflop")
    assert code == 0 and out.splitlines()[0].startswith("Q | T -> Q'")


def test_test_passes_for_library_circuits(capsys):
    code, out, _ = cli(capsys, "test", "half_adder", "counter4", "temporal_order_fsm")
    assert code == 0 and out.count("PASS") == 3


def test_test_fails_with_the_first_failing_row(capsys, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'inputs = ["A"]\noutputs = ["Y"]\n[gates]\nY = { op = "BUF", in = ["A"] }\n'
        '[[test]]\ntable = """\nA | Y\n0 | 1\n1 | 0\n"""\n'
    )
    code, out, _ = cli(capsys, "test", "half_adder", str(path))
    assert code == 1
    assert "PASS half_adder" in out and "FAIL bad" in out
    assert f"first failing row: {path}:8: test 'test 1' row 1 (A=0): expected Y=1, got Y=0" in out


def test_bad_file_is_one_line_with_file_and_line_and_exit_2(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('inputs = ["A"]\noutputs = ["Y"]\n[gates]\nY = { op = "NOPE", in = ["A"] }\n')
    out = subprocess.run(
        [sys.executable, "-m", "logicsim", "circuit", "test", str(path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [
        f"logicsim circuit: error: {path}:4: gate 'Y': unknown op 'NOPE' "
        "(known: BUF, NOT, AND, OR, NAND, NOR, XOR, XNOR, DFF)"
    ]


def test_unknown_name_and_bad_arguments_exit_2(capsys):
    assert cli(capsys, "show", "no_such_circuit")[0] == 2
    assert cli(capsys, "truth-table", "counter2")[0] == 2  # sequential: no truth table
    assert cli(capsys, "run", "shift_register4", "--cycles", "3", "--set", "Q=1")[0] == 2
    assert cli(capsys, "run", "shift_register4", "--cycles", "3", "--set", "D=7")[0] == 2
    assert cli(capsys, "run", "half_adder", "--cycles", "3")[0] == 2  # no clock


def test_run_prints_cycles_and_writes_vcd_without_overwriting(capsys, tmp_path):
    vcd = tmp_path / "out.vcd"
    code, out, _ = cli(
        capsys, "run", "shift_register4", "--cycles", "5", "--set", "D=1", "--vcd", str(vcd)
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["cycle", "D", "CLK", "Q0", "Q1", "Q2", "Q3"]
    assert lines[4].split() == ["4", "1", "0", "1", "1", "1", "1"]
    wave = read_vcd(vcd)
    assert wave.net("Q3")[-1] == 1
    code, _, err = cli(capsys, "run", "shift_register4", "--cycles", "5", "--vcd", str(vcd))
    assert code == 2 and "--force" in err
    code, _, _ = cli(
        capsys,
        "run",
        "shift_register4",
        "--cycles",
        "2",
        "--set",
        "D=0",
        "--vcd",
        str(vcd),
        "--force",
    )
    assert code == 0 and read_vcd(vcd).net("Q0")[-1] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.vcd"]  # no temporary files left


def test_run_long_summarises(capsys):
    code, out, _ = cli(capsys, "run", "counter4", "--cycles", "100", "--set", "EN=1", "--show", "3")
    assert code == 0
    assert "97 more cycles" in out and "Q3=0 Q2=1 Q1=0 Q0=0" in out  # 100 mod 16 = 4


def test_run_can_dump_micro_steps(capsys, tmp_path):
    vcd = tmp_path / "steps.vcd"
    args = ["run", "ms_d_flipflop", "--cycles", "3", "--set", "D=1", "--vcd", str(vcd)]
    code, _, _ = cli(capsys, *args, "--resolution", "step")
    assert code == 0
    wave = read_vcd(vcd)
    assert wave.resolution == "step"
    assert "master.s" in wave.names and wave.times[-1] > 6  # several micro-steps per cycle
    assert wave.net("Q")[-1] == 1
