"""The training tab: progress events, history with seed spread, cancellation (also from a
thread)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import TrainingBench


def small(tb: TrainingBench, **kw) -> TrainingBench:
    tb.update(**{"epochs": 3, "batches": 2, "seeds": 3, **kw})
    return tb


def test_run_reports_every_epoch_and_keeps_the_history_per_seed():
    tb = small(TrainingBench())
    progress, changed = [], []
    tb.progress.connect(progress.append)
    tb.changed.connect(changed.append)
    results = tb.run()
    assert [(p["model"], p["epoch"]) for p in progress] == [
        ("rnn", 1), ("rnn", 2), ("rnn", 3), ("lstm", 1), ("lstm", 2), ("lstm", 3),
    ]  # fmt: skip
    assert progress[-1]["fraction"] == pytest.approx(1.0)
    assert changed[-1] == "finished" and changed.count("progress") == 6
    for model in ("rnn", "lstm"):
        for metric in ("train_loss", "train_accuracy", "test_loss", "test_accuracy"):
            assert tb.history[model][metric].shape == (3, 3)
        mean, lo, hi = tb.spread(model, "test_accuracy")
        assert np.all(lo <= mean) and np.all(mean <= hi)
        np.testing.assert_array_equal(
            tb.final_accuracy(model), results[model]["final_test_accuracy"]
        )
    assert tb.epochs_done == 3 and not tb.running


def test_batch_progress_moves_monotonically_to_one():
    tb = small(TrainingBench(), models=["rnn"], seeds=1)
    fractions = []
    tb.batch_progress.connect(lambda info: fractions.append(info["fraction"]))
    tb.run()
    assert len(fractions) == 3 * 2  # epochs x batches
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_runs_are_deterministic_under_a_seed():
    a = small(TrainingBench(), models=["lstm"])
    b = small(TrainingBench(), models=["lstm"])
    a.run()
    b.run()
    np.testing.assert_array_equal(a.history["lstm"]["train_loss"], b.history["lstm"]["train_loss"])
    c = small(TrainingBench(), models=["lstm"], seed=5)
    c.run()
    assert not np.array_equal(a.history["lstm"]["train_loss"], c.history["lstm"]["train_loss"])


def test_cancel_from_a_progress_callback_stops_after_the_batch():
    tb = small(TrainingBench())
    tb.progress.connect(lambda info: tb.cancel())
    tb.run()
    assert tb.cancelled and tb.epochs_done == 1 and list(tb.history) == ["rnn"]


def test_run_on_a_worker_thread_with_cancel_from_another():
    tb = TrainingBench()
    tb.update(epochs=200, batches=3, models=["lstm"])
    started = threading.Event()
    tb.progress.connect(lambda info: started.set())
    worker = threading.Thread(target=tb.run)
    worker.start()
    assert started.wait(60)
    tb.cancel()
    worker.join(60)
    assert not worker.is_alive() and tb.cancelled and 1 <= tb.epochs_done < 200


def test_echo_task_trains_per_step():
    tb = TrainingBench()
    tb.update(task="echo", epochs=1, batches=5, models=["rnn"], seeds=2)
    tb.run()
    assert tb.history["rnn"]["test_accuracy"].shape == (1, 2)


def test_bad_settings():
    tb = TrainingBench()
    with pytest.raises(LogicsimError, match="no setting"):
        tb.update(speed=3)
    with pytest.raises(LogicsimError, match="at least one model"):
        tb.update(models=[])
    with pytest.raises(LogicsimError, match="not been trained"):
        tb.spread("rnn", "test_accuracy")
