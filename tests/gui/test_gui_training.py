"""Training tab: a small run finishes off the GUI thread while the event loop keeps serving."""

import numpy as np
import pytest


@pytest.mark.slow
def test_small_training_run_finishes_with_curves_while_the_gui_thread_serves_events(
    qtbot, main_window
):
    """Training runs on a worker; the GUI thread keeps serving its timer all along.

    How *fast* it serves is a wall-clock figure and lives in ``benchmarks/bench_gui.py``
    (timer gaps during training); this test only counts that the event loop ran while the
    worker trained, which holds on a loaded machine too.
    """
    wb = main_window.wb
    tab = main_window.training_tab
    for name, value in (
        ("train.task", "temporal-order"),
        ("train.difficulty", "easy"),
        ("train.models", ["rnn", "lstm"]),
        ("train.epochs", 4),
        ("train.seeds", 2),
        ("train.batches", 20),
    ):
        wb.set(name, value)
    assert tab.model_checks["rnn"].isChecked() and tab.model_checks["lstm"].isChecked()
    served_while_training = []
    progress_seen = []
    main_window.animator.ticked.connect(
        lambda: (
            served_while_training.append(tab.running),
            progress_seen.append(tab.progress.value()),
        )
    )
    main_window.right_tabs.setCurrentWidget(tab)
    tab.train_button.click()
    assert tab.running
    qtbot.waitUntil(lambda: not tab.running, timeout=120_000)
    assert tab.last_error is None, tab.last_error
    # the timer fired on the GUI thread while the worker was training, and the progress bar
    # was seen moving in between (events from the worker reached the view before the end)
    assert sum(served_while_training) >= 3, served_while_training
    assert any(0 < p < 1000 for p in progress_seen), sorted(set(progress_seen))
    for model in ("rnn", "lstm"):
        mean, low, high = wb.training.spread(model, "test_accuracy")
        x, y = tab.curves[(model, "test_accuracy")][0].getData()
        np.testing.assert_array_equal(y, mean)
        assert len(y) == 4
        _, y_low = tab.curves[(model, "test_accuracy")][1].getData()
        np.testing.assert_array_equal(y_low, low)
    assert tab.progress.value() == 1000
    assert "LSTM" in tab.info.text()
    # what was learned can be stepped through on the recurrent bench
    assert tab.use_button.isEnabled()
    tab.use_button.click()
    assert wb.recurrent.cell_type == "lstm"
    trained = wb.training.trained_state("lstm", 0)
    shown = wb.recurrent.state_dict()
    np.testing.assert_array_equal(shown["weight_hh_l0"], trained["weight_hh_l0"])


@pytest.mark.slow
def test_cancel_stops_a_run(qtbot, main_window):
    wb = main_window.wb
    tab = main_window.training_tab
    wb.set("train.epochs", 200)
    wb.set("train.batches", 4)
    wb.set("train.seeds", 1)
    tab.start()
    qtbot.waitUntil(lambda: tab.progress.value() > 0, timeout=60_000)
    tab.cancel_button.click()
    qtbot.waitUntil(lambda: not tab.running, timeout=60_000)
    done = max(len(h["train_loss"]) for h in wb.training.history.values())
    assert 0 < done < 200 * len(wb.get("train.models"))
    assert tab.train_button.isEnabled() and not tab.cancel_button.isEnabled()
