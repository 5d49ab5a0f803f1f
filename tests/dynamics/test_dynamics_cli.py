"""``logicsim gradients``: regime and curve as text or JSON; absurd inputs are one-line errors."""

import json
import subprocess
import sys

import numpy as np
import pytest

from logicsim.cli import main
from logicsim.dynamics import norm_curve


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "logicsim", *args], capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_json_output_matches_the_library(capsys):
    args = ["gradients", "--cell", "rnn", "--hidden", "8", "--steps", "30", "--eig", "0.9",
            "--eig", "1.05", "--eig", "0.95@30deg", "--json"]  # fmt: skip
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    want = norm_curve([0.9, 1.05, 0.95 * np.exp(1j * np.pi / 6)], hidden_size=8, steps=30)
    np.testing.assert_allclose(data["log10_norm"], want, atol=1e-12)
    assert data["report"]["regime"] == "exploding possible"
    assert data["report"]["rho"] == pytest.approx(1.05)
    assert len(data["log10_norm"]) == 31 and data["finite"] is True


def test_text_output_has_regime_and_plot(capsys):
    assert main(["gradients", "--hidden", "6", "--steps", "40", "--eig", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "vanishing guaranteed" in out and "rho = 0.8" in out
    assert "*" in out and "t=40" in out


def test_lstm_json_has_cc_path_and_measured(capsys):
    assert main(["gradients", "--cell", "lstm", "--hidden", "4", "--steps", "20", "--measure",
                 "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert len(data["log10_norm_cc_path"]) == 21 and len(data["log10_measured_dL_dh"]) == 21


def test_non_normal_option(capsys):
    assert main(["gradients", "--hidden", "2", "--steps", "10", "--eig", "0.9", "--non-normal",
                 "5", "--nonlinearity", "linear", "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    # ||W^10||_2 = 19.4 for the reference matrix [[0.9, 5], [0, 0.9]]
    assert 10 ** data["log10_norm"][0] == pytest.approx(19.4, abs=0.05)
    assert data["report"]["lambda_1"] > 5 and data["normal"] is False


def test_infinite_results_are_printed_not_crashed(capsys):
    assert main(["gradients", "--hidden", "3", "--steps", "5", "--eig", "1e308",
                 "--nonlinearity", "linear", "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["log10_norm"][0] == pytest.approx(5 * 308)
    assert main(["gradients", "--hidden", "3", "--steps", "5", "--eig", "1e308"]) == 0
    assert "-inf" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["--hidden", "0"],
        ["--steps", "0"],
        ["--hidden", "1e308"],
        ["--steps", "nan"],
        ["--eig", "nan"],
        ["--eig", "inf"],
        ["--eig", "0.95@"],
        ["--eig", "0.95@30dgr"],
        ["--eig", "1+2j", "--hidden", "3"],
        ["--non-normal", "nan"],
        ["--hidden", "4096", "--steps", "100000"],
        ["--cell", "lstm", "--nonlinearity", "relu"],
    ],
)
def test_absurd_inputs_are_one_line_exit_2(args):
    out = run_cli("gradients", *args)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "error" in out.stderr
