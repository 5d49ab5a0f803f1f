"""Training tab: a small run finishes off the GUI thread while the event loop keeps serving."""

import os
import time

import numpy as np
import pytest


@pytest.mark.slow
def test_small_training_run_finishes_with_curves_and_no_stall(qtbot, main_window):
    wb = main_window.wb
    tab = main_window.training_tab
    for name, value in (("train.task", "temporal-order"), ("train.difficulty", "easy"),
                        ("train.models", ["rnn", "lstm"]), ("train.epochs", 4), ("train.seeds", 2),
                        ("train.batches", 20)):
        wb.set(name, value)
    assert tab.model_checks["rnn"].isChecked() and tab.model_checks["lstm"].isChecked()
    ticks = []
    main_window.animator.ticked.connect(lambda: ticks.append(time.perf_counter()))
    main_window.right_tabs.setCurrentWidget(tab)
    qtbot.wait(800)  # the machine's own scheduling noise, measured on the idle window first
    idle_gap = np.diff(ticks).max()
    ticks.clear()
    tab.train_button.click()
    assert tab.running
    qtbot.waitUntil(lambda: not tab.running, timeout=120_000)
    assert tab.last_error is None, tab.last_error
    gaps = np.diff(ticks)
    assert len(ticks) > 10  # the timer kept firing while the worker trained
    # Most ticks arrive on time; the longest gap must stay under 100 ms beyond the idle window's
    # own noise.  On a machine with more runnable processes than cores the OS scheduler, not the
    # app, decides the longest gap, so there only the 95th percentile is held to 100 ms.
    assert np.percentile(gaps, 95) < 0.100, f"p95 gap {np.percentile(gaps, 95) * 1000:.0f} ms"
    overloaded = os.getloadavg()[0] > 1.5 * (os.cpu_count() or 1)
    if not overloaded:
        assert gaps.max() < 0.100 + idle_gap, f"stalled {gaps.max() * 1000:.0f} ms (idle {idle_gap * 1000:.0f} ms)"
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
