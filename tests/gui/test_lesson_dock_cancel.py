"""A long lesson step in the app: it runs on a worker thread, Next reads "Cancel (n %)", Cancel
stops it and puts the window back as it was, Page Down never cancels, and the benches come back
to life afterwards."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

#: 100,000 cycles of a micro-stepped flip-flop: far longer than the test waits before Cancel.
LONG = """format = 1
title = "long"
summary = "a long step"

[needs]
circuit = "ms_d_flipflop"

[[step]]
say = "one tick"
act = "tick"

[[step]]
say = "many cycles"
act = [{ do = "run_cycles", n = 100000, repeat = 3 }]
"""

#: The same step, short enough to finish (still above the dock's background threshold).
SHORT = LONG.replace("n = 100000, repeat = 3", "n = 8000")


@pytest.fixture
def long_dock(main_window, tmp_path):
    path = tmp_path / "long.toml"
    path.write_text(LONG, encoding="utf-8")
    dock = main_window.lesson_dock
    dock.open_lesson(str(path))
    dock.next()  # step 1, on the GUI thread
    assert not dock.busy and dock.player.position == 1
    return dock


def test_cancel_stops_a_long_step_and_restores_the_window(qtbot, main_window, long_dock):
    dock, wb = long_dock, main_window.wb
    cycle = wb.logic.cycle
    dock.next()
    assert (
        dock.busy
        and not main_window.splitter.isEnabled()
        and not main_window.time_control.isEnabled()
    )
    assert dock.next_button.isEnabled() and dock.next_button.text().startswith("Cancel (")
    assert "Cancel stops it" in dock.hint.text()
    qtbot.waitUntil(lambda: dock.player.work_seconds() > 0, timeout=120_000)
    dock._show_work()
    assert dock.next_button.text() == f"Cancel ({dock.work_percent()} %)"
    assert 0 <= dock.work_percent() < 100
    qtbot.mouseClick(dock.next_button, Qt.LeftButton)
    assert dock.next_button.text() == "Cancelling…"
    qtbot.waitUntil(lambda: not dock.busy, timeout=120_000)
    assert dock.last_outcome == "cancelled" and dock.error_text == ""
    assert dock.player.position == 1 and wb.logic.cycle == cycle  # the step was undone
    assert main_window.splitter.isEnabled() and main_window.time_control.isEnabled()
    assert dock.next_button.text() == "Next ▶" and not dock.work_timer.isActive()
    assert "cancelled" in main_window.statusBar().currentMessage()


def test_page_down_while_a_step_works_does_not_cancel(qtbot, main_window, long_dock):
    dock = long_dock
    dock.next()
    assert dock.busy
    qtbot.keyClick(main_window, Qt.Key_PageDown)
    assert not dock.player.cancel_requested and dock.busy
    dock.cancel_step()
    qtbot.waitUntil(lambda: not dock.busy, timeout=120_000)
    assert dock.last_outcome == "cancelled"


def test_a_slow_step_left_alone_finishes(qtbot, main_window, tmp_path):
    path = tmp_path / "short.toml"
    path.write_text(SHORT, encoding="utf-8")
    dock = main_window.lesson_dock
    dock.open_lesson(str(path))
    dock.next()
    cycle = main_window.wb.logic.cycle
    assert dock._acts_are_slow(list(dock.player.lesson.steps[1].acts))
    dock.next()
    assert dock.busy
    qtbot.waitUntil(lambda: not dock.busy, timeout=120_000)
    assert dock.last_outcome == "done" and dock.player.position == 2
    assert main_window.wb.logic.cycle == cycle + 8000
    assert dock.next_button.text() == "Recap ▶"  # the last step: Next offers the recap


def test_closing_the_window_cancels_a_working_step(qtbot, main_window, long_dock):
    dock = long_dock
    dock.next()
    worker = dock._worker
    assert dock.busy and worker is not None
    main_window.close()
    assert dock.player.cancel_requested and not worker.is_alive()


def test_presentation_bar_shows_the_progress_and_cancels(qtbot, main_window, long_dock):
    dock, bar = long_dock, main_window.presentation.bar
    main_window.presentation.enter()
    try:
        dock.next()
        qtbot.waitUntil(lambda: dock.player.work_seconds() > 0, timeout=120_000)
        dock._show_work()  # what the poll timer does
        assert bar.next_button.text().startswith("Cancel (") and bar.next_button.isEnabled()
        qtbot.mouseClick(bar.next_button, Qt.LeftButton)
        assert dock.player.cancel_requested
        qtbot.waitUntil(lambda: not dock.busy, timeout=120_000)
        assert dock.last_outcome == "cancelled" and bar.next_button.text() == "Next ▶"
    finally:
        main_window.presentation.leave()


#: A lesson whose second step trains for 20 epochs (shared with the core's cancel tests).
TRAINING = Path(__file__).parents[1] / "lesson" / "data" / "long_training.toml"


def test_a_cancelled_training_step_leaves_the_training_tab_as_before(qtbot, main_window, tmp_path):
    dock, tab = main_window.lesson_dock, main_window.training_tab
    dock.open_lesson(str(TRAINING))
    dock.next()
    dock.next()
    qtbot.waitUntil(lambda: tab.progress.value() > 0, timeout=120_000)
    dock.cancel_step()
    qtbot.waitUntil(lambda: not dock.busy, timeout=120_000)
    assert dock.last_outcome == "cancelled"
    assert tab.progress.value() == 0 and tab.info.text() == ""  # nothing trained, as before
    assert tab.use_button.text() == "Show trained model on the bench"
    assert not tab.use_button.isEnabled()


def test_a_late_cancel_click_does_not_skip_the_result(qtbot, main_window, tmp_path):
    path = tmp_path / "short.toml"
    path.write_text(SHORT, encoding="utf-8")
    dock = main_window.lesson_dock
    dock.open_lesson(str(path))
    dock.next()
    dock.next()
    qtbot.waitUntil(lambda: not dock.busy, timeout=120_000)
    position = dock.player.position
    qtbot.mouseClick(dock.next_button, Qt.LeftButton)  # meant for "Cancel", landed just after
    assert dock.player.position == position and not dock._recap_open
    dock._finished_at -= 2.0  # a moment later, Next works again
    qtbot.mouseClick(dock.next_button, Qt.LeftButton)
    assert dock._recap_open
