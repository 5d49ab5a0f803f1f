"""``logicsim derive``: formulas to stdout or files, one-line errors."""

import subprocess
import sys

import pytest

from logicsim.cli import main


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "logicsim", *args], capture_output=True, text=True)


@pytest.mark.parametrize("fmt", ["latex", "mathml", "unicode", "numpy", "c", "octave"])
@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_every_format_prints(cell, fmt, capsys):
    assert main(["derive", cell, "--what", "jacobian", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out.strip()
    assert {"latex": "\\begin{aligned}", "mathml": "<math", "unicode": "∂", "numpy": "def ",
            "c": "#include <math.h>", "octave": "function "}[fmt] in out  # fmt: skip


@pytest.mark.parametrize("what", ["step", "jacobian", "product", "bptt"])
def test_every_formula_prints(what, capsys):
    assert main(["derive", "lstm", "--what", what, "--n", "2"]) == 0
    assert "tanh" in capsys.readouterr().out


def test_out_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "rnn.c"
    assert main(["derive", "rnn", "--format", "c", "--out", str(path)]) == 0
    first = path.read_text()
    assert "void rnn_jacobian(" in first
    assert main(["derive", "rnn", "--what", "step", "--format", "c", "--out", str(path)]) == 2
    assert "exists" in capsys.readouterr().err
    assert path.read_text() == first
    assert main(["derive", "rnn", "--what", "step", "--format", "c", "--out", str(path),
                 "--force"]) == 0  # fmt: skip
    assert "void rnn_step(" in path.read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["derive", "gru"],
        ["derive", "rnn", "--n", "0"],
        ["derive", "rnn", "--n", "1e308"],
        ["derive", "lstm", "--what", "hessian"],
        ["derive", "rnn", "--format", "pdf"],
        ["derive", "rnn", "--out", "/nonexistent-folder/x.tex"],
    ],
)
def test_bad_input_is_one_line_exit_2(args):
    out = run_cli(*args)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
