"""Hostile training and gradient requests: refused up front with one line, in bounded memory.

Each CLI case runs in a subprocess with a timeout and an address-space cap (see
``tests/test_hostile_inputs.py``): without the limits these runs swap the machine or take minutes.
"""

import pytest
from hostile_cli import cli, one_line_error

from logicsim.dynamics import gradient_dynamics, lstm_cc_path, max_steps
from logicsim.errors import LogicsimError
from logicsim.ranges import MAX_REQUEST_BYTES
from logicsim.tasks.echo import Echo
from logicsim.tasks.temporal_order import TemporalOrder
from logicsim.training.config import MAX_TRAIN_BYTES, TrainConfig


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--task", "echo", "--batch-size", "4096"], "--batch-size 4096"),
        (["--task", "echo", "--batch-size", "20000"], "--batch-size"),
        (["--task", "echo", "--batch-size", "100000"], "--batch-size"),
        (["--task", "echo", "--series-length", "1000000000000"], "--series-length"),
        (["--task", "echo", "--batch-size", "4096", "--series-length", "10000000"], "GB"),
        (["--hidden", "256", "--seeds", "64", "--batch-size", "4096"], "--batch-size 4096"),
        (["--forget-bias", "nan"], "--forget-bias"),
        (["--lr", "inf"], "--lr"),
        (["--clip", "nan"], "--clip"),
    ],
)
def test_train_refuses_what_does_not_fit_before_starting(args, flag):
    err = one_line_error(cli("train", "--epochs", "1", "--quiet", *args, timeout=60))
    assert flag in err


def test_the_memory_estimate_covers_every_task():
    for task in ("temporal-order", "echo"):
        parts = TrainConfig(task=task).memory_parts()
        assert set(parts) == {"weights", "data", "traces"}
        assert 0 < sum(parts.values()) < MAX_TRAIN_BYTES
    small = TrainConfig(task="echo", batch_size=5).memory_parts()["data"]
    big = TrainConfig(task="echo", batch_size=500).memory_parts()["data"]
    assert big == 100 * small  # the streams grow with the batch (the guard used to ignore them)
    with pytest.raises(LogicsimError, match="batch_size 2000 x series_length"):
        TrainConfig(task="echo", batch_size=2000, series_length=1_000_000).validate()


def test_task_generators_refuse_absurd_sizes_at_once():
    with pytest.raises(LogicsimError, match="batch_size: needs about"):
        TemporalOrder(batch_size=10**9)
    with pytest.raises(LogicsimError, match="series_length x batch_size"):
        Echo(series_length=10**12)
    assert TemporalOrder(batch_size=32).batch()[0].nbytes < MAX_REQUEST_BYTES


def test_gradients_bound_the_cubic_work():
    err = one_line_error(cli("gradients", "--hidden", "3000", "--steps", "1", timeout=60))
    assert "--hidden" in err or "hidden_size 3000" in err
    with pytest.raises(LogicsimError, match="too much work"):
        gradient_dynamics([0.9], hidden_size=128, steps=1000)
    assert max_steps(256) < max_steps(64) < max_steps(16)
    # one step past the limit is refused, the limit itself is computed
    n = 64
    with pytest.raises(LogicsimError, match=f"at most {max_steps(n)} steps"):
        gradient_dynamics([0.9], hidden_size=n, steps=max_steps(n) + 1)


def test_the_cc_path_is_budgeted_as_a_forward_pass():
    import numpy as np

    # n = 64 with 2000 steps: the (h, c) products would be too much, the forward pass is not
    assert max_steps(64, "lstm") < 2000 <= max_steps(64, "lstm", products=False)
    curve = lstm_cc_path(0.9 * np.eye(64), steps=2000)
    assert curve.shape == (2001,)


# -- a diverged run ------------------------------------------------------------------------------
def _diverged_trainer():
    import numpy as np

    from logicsim.training.trainer import Trainer

    config = TrainConfig(
        model="rnn", epochs=2, seeds=2, seed=5, batches_per_epoch=2, test_batches=2
    )
    trainer = Trainer(config)
    for p in trainer.model.params.values():
        p[0] = np.nan  # member 0 has diverged (as --lr 1e300 did)
    return trainer


def test_a_diverged_member_is_reported_and_the_others_train_on():
    import math

    trainer = _diverged_trainer()
    result = trainer.run()
    assert result["diverged"] == [5]  # seed of member 0
    losses = result["history"]["train_loss"]
    assert all(math.isnan(epoch[0]) for epoch in losses)
    assert all(math.isfinite(epoch[1]) for epoch in losses)
    assert losses[1][1] != losses[0][1]  # member 1 kept learning


def test_a_diverged_run_writes_a_complete_strict_json_set(tmp_path):
    import json

    from logicsim.commands.out_set import set_is_consistent
    from logicsim.commands.train import OUT_FILES, save_outputs

    trainer = _diverged_trainer()
    result = trainer.run()
    save_outputs(str(tmp_path), result, trainer.record(member=0))  # the NaN member: drawn as a gap
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUT_FILES)

    def no_constants(name):
        raise AssertionError(f"bare {name} in history.json")

    data = json.loads((tmp_path / "history.json").read_text(), parse_constant=no_constants)
    assert data["history"]["train_loss"][0][0] is None
    assert data["diverged"] == [5]
    assert set_is_consistent(tmp_path, "history.json")


def test_nan_states_are_a_gap_in_the_picture():
    import numpy as np

    from logicsim.training.trainer_record import GAP, colour_bins

    bins = colour_bins(np.array([np.nan, np.inf, -np.inf, 0.0]))
    assert bins.tolist() == [-1, 19, 0, 10]
    trainer = _diverged_trainer()
    img = trainer.record(member=0).image("h")
    assert (img == GAP).all()


def test_a_failure_while_writing_keeps_the_old_set(tmp_path, monkeypatch):
    from logicsim.commands import out_set
    from logicsim.commands.train import save_outputs

    trainer = _diverged_trainer()
    result = trainer.run()
    save_outputs(str(tmp_path), result, trainer.record(member=1))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def killed(path):
        raise KeyboardInterrupt  # as a Ctrl-C between two files of the set

    monkeypatch.setattr("logicsim.training.trainer_record.save_picture", lambda r, p: killed(p))
    result["epochs_done"] = 99
    with pytest.raises(KeyboardInterrupt):
        save_outputs(str(tmp_path), result, trainer.record(member=1))
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # no mix of old and new files, no staging folder left
    assert not any(n.startswith(out_set.STAGING_PREFIX) for n in after)


def test_stale_temporary_files_of_killed_runs_are_removed(tmp_path):
    import os

    from logicsim.commands.out_set import STAGING_PREFIX, clean_stale

    (tmp_path / f"{STAGING_PREFIX}999999999-abc").mkdir()  # no such process
    old = tmp_path / ".history.k2j4h5g6.json"
    old.write_text("{")
    os.utime(old, (0, 0))
    fresh = tmp_path / ".curves.a1b2c3d4.png"  # may belong to a run still writing
    fresh.write_text("x")
    mine = tmp_path / "notes.json"
    mine.write_text("{}")
    removed = clean_stale(tmp_path, ("history.json", "curves.png"))
    assert sorted(removed) == sorted([f"{STAGING_PREFIX}999999999-abc", old.name])
    assert fresh.exists() and mine.exists()


def test_train_json_output_is_strict(tmp_path):
    import json

    run = cli("train", "--epochs", "1", "--quiet", "--json", "--out", tmp_path / "d", timeout=120)
    assert run.returncode == 0, run.stderr[-500:]
    json.loads(run.stdout, parse_constant=lambda c: pytest.fail(c))
    assert json.loads((tmp_path / "d" / "history.json").read_text())["diverged"] == []
