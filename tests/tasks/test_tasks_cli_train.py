"""``logicsim train``: JSON results, saved history and PNG, no overwrite without --force, errors."""

import json
import os
import subprocess
import sys

import pytest

from logicsim.cli import main
from logicsim.plotpng import read_png

FAST = ["--epochs", "2", "--seeds", "2", "--quiet"]


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "logicsim", "train", *args], capture_output=True, text=True
    )


def test_json_result_has_one_accuracy_per_seed(capsys):
    assert (
        main(
            [
                "train",
                "--task",
                "temporal-order",
                "--difficulty",
                "easy",
                "--model",
                "lstm",
                "--hidden",
                "4",
                "--json",
                *FAST,
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    acc = result["final_test_accuracy"]
    assert len(acc) == 2 and all(0.0 <= a <= 1.0 for a in acc)
    assert result["history"]["epoch"] == [1, 2]
    assert len(result["history"]["test_accuracy"][0]) == 2
    assert result["config"]["model"] == "lstm"


def test_echo_rnn_tanh_json(capsys):
    assert (
        main(
            [
                "train",
                "--task",
                "echo",
                "--model",
                "rnn",
                "--nonlinearity",
                "tanh",
                "--echo-step",
                "2",
                "--series-length",
                "400",
                "--json",
                *FAST,
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["config"]["echo_step"] == 2 and result["parameters_per_model"] == 33


def test_progress_goes_to_stderr(capsys):
    assert main(["train", "--epochs", "2", "--seeds", "1"]) == 0
    err = capsys.readouterr().err
    assert "epoch 1/2" in err and "loss" in err and "test acc" in err
    assert "left" in err.splitlines()[1] and "done" in err.splitlines()[2]


def test_out_saves_history_and_png_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--out", str(out), *FAST]) == 0
    hist = json.loads((out / "history.json").read_text())
    assert hist["epochs_done"] == 2
    csv = (out / "history.csv").read_text().splitlines()
    assert csv[0].startswith("epoch,seed,") and len(csv) == 1 + 2 * 2
    states = read_png(out / "states.png")  # the first seed's cell state over one sequence
    assert states.shape[0] > 4 * 14  # hidden 4 -> four rows of 14-pixel squares
    img = read_png(out / "curves.png")
    assert img.ndim == 3 and img.shape[2] == 3 and img.min() < 100  # something was drawn
    before = (out / "history.json").read_bytes()
    proc = run_cli("--out", str(out), *FAST)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "--force" in proc.stderr
    assert (out / "history.json").read_bytes() == before
    assert (
        main(["train", "--out", str(out), "--force", "--epochs", "1", "--seeds", "1", "--quiet"])
        == 0
    )
    assert json.loads((out / "history.json").read_text())["epochs_done"] == 1
    assert sorted(os.listdir(out)) == ["curves.png", "history.csv", "history.json", "states.png"]


@pytest.mark.parametrize(
    "args, word",
    [
        (["--task", "sorting"], "sorting"),
        (["--difficulty", "insane"], "insane"),
        (["--model", "gru"], "gru"),
        (["--nonlinearity", "sigmoid"], "sigmoid"),
        (["--hidden", "0"], "--hidden"),
        (["--seeds", "0"], "--seeds"),
        (["--epochs", "-1"], "--epochs"),
        (["--task", "echo", "--echo-step", "30000"], "--echo-step"),
        (["--hidden", "100000"], "--hidden"),
        (["--hidden", "256", "--seeds", "64", "--batch-size", "4096"], "limit of 2 GB"),
        (["--clip", "0"], "--clip"),
        (["--task", "echo", "--series-length", "5"], "--series-length"),
        (["--lr", "0"], "--lr: 0.0 is below the minimum"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, word):
    proc = run_cli(*args, "--epochs", "1") if "--epochs" not in args else run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and word in proc.stderr


def test_out_that_is_a_file_or_not_writable(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("keep me")
    proc = run_cli("--out", str(f), "--epochs", "1")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert f.read_text() == "keep me"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user that can write anywhere")
        proc = run_cli("--out", str(locked / "sub"), "--epochs", "1")
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    finally:
        locked.chmod(0o700)


def test_ctrl_c_keeps_finished_epochs(tmp_path, monkeypatch, capsys):
    from logicsim.training import trainer as trainer_mod

    real = trainer_mod.Trainer.train_epoch

    def interrupt_on_third(self):
        if self.epochs_done == 2:
            raise KeyboardInterrupt
        return real(self)

    monkeypatch.setattr(trainer_mod.Trainer, "train_epoch", interrupt_on_third)
    code = main(["train", "--epochs", "5", "--seeds", "1", "--out", str(tmp_path / "r"), "--json"])
    assert code == 130
    result = json.loads(capsys.readouterr().out)
    assert result["epochs_done"] == 2 and result["cancelled"]
    assert json.loads((tmp_path / "r" / "history.json").read_text())["epochs_done"] == 2
