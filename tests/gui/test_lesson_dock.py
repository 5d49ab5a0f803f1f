"""The lesson dock plays a lesson step by step; the window shows what every step set."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSlider,
    QSpinBox,
)

from logicsim.lesson import LessonError, load_lesson

#: A format-1 lesson (the old lesson 01) for the tests of waits for the learner's action.
FORMAT1_LESSON = str(Path(__file__).parents[1] / "lesson" / "data" / "format1_lesson.toml")


def shown_value(widget, scale=1.0):
    """What a bound widget displays, as the control's value type."""
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QSlider):
        return widget.value() / scale
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise AssertionError(f"unknown widget {widget!r}")


def bound_widgets(window):
    """control name -> bindings in the window (logicsim_gui.controls.ControlBinding)."""
    from logicsim_gui.controls import ControlBinding

    found = {}
    for b in window.findChildren(ControlBinding):
        found.setdefault(b.name, []).append(b)
    return found


def assert_window_shows(window, name, value):
    """Some widget of the window displays control ``name`` = ``value``."""
    if name.startswith("input."):
        net = name.split(".", 1)[1]
        texts = [b.text() for b in window.logic_panel.inputs_box.findChildren(QAbstractButton)]
        assert f"{net} = {value}" in texts, (name, value, texts)
        return
    if name == "circuit":
        assert window.logic_panel.circuit_combo.currentText() == value
        return
    bindings = bound_widgets(window).get(name)
    assert bindings, f"no widget shows {name}"
    for b in bindings:
        got = shown_value(b.widget, b.scale)
        assert got == value, (name, value, got)


def plain(markdown):
    """The words of a Markdown text, for comparing with QTextBrowser.toPlainText()."""
    return " ".join(re.sub(r"[*`#_]", "", markdown).split())


@pytest.fixture
def dock(main_window):
    dock = main_window.lesson_dock
    assert dock is not None, "the main window did not create the lesson dock"
    dock.open_lesson(FORMAT1_LESSON)
    return dock


def test_play_a_format_one_lesson_through_the_dock(qtbot, main_window, dock):
    from logicsim_gui.focus import FocusFrame

    lesson = load_lesson(FORMAT1_LESSON)
    wb = main_window.wb
    assert dock.title.text() == lesson.heading()
    assert dock.progress.value() == 0 and dock.progress.maximum() == len(lesson.steps)
    assert plain(lesson.blurb())[:40] in plain(dock.narration.toPlainText())
    assert not dock.back_button.isEnabled() and dock.next_button.isEnabled()
    for name, value in lesson.needs:
        assert wb.get(name) == value

    for k, step in enumerate(lesson.steps, start=1):
        with qtbot.waitSignal(dock.stepped, timeout=10_000):
            qtbot.mouseClick(dock.next_button, Qt.LeftButton)
        assert dock.progress.value() == k
        assert plain(step.text())[:60] in plain(dock.narration.toPlainText())
        assert step.heading() in dock.narration.toPlainText()
        if step.wait is not None and step.wait.action is not None:
            # the learner's turn: the hint is shown and checks wait for the action
            assert dock.player.waiting
            assert dock.hint.text() == step.wait.hint["en"]
            assert dock.next_button.text().startswith("Do it")
            net = step.wait.action.args["net"]
            buttons = main_window.logic_panel.inputs_box.findChildren(QAbstractButton)
            button = next(b for b in buttons if b.text().startswith(f"{net} = "))
            qtbot.mouseClick(button, Qt.LeftButton)  # the learner clicks the input
            qtbot.waitUntil(lambda: not dock.player.waiting, timeout=5000)
            assert dock.player.results[-1].performed_wait is False
        # every check of the step passed and is listed with a tick
        result = dock.player.results[-1]
        assert result.checked and result.passed, [c.describe() for c in result.checks]
        assert dock.checks.text().count("✔") == len(step.checks)
        assert "✘" not in dock.checks.text()
        # the widgets show what the step set
        for name, value in step.sets:
            assert_window_shows(main_window, name, value)
        # the focus target is revealed and framed
        for target in step.focus:
            widget = main_window.focus_registry.widget(target)
            assert widget.isVisible(), target
            assert widget.findChildren(FocusFrame), target
    assert dock.player.at_end and dock.next_button.text() == "Recap ▶"
    assert "End of the lesson" in dock.narration.toPlainText()
    dock.next()  # the recap (a format-1 lesson has none to list) and nothing further
    assert not dock.next_button.isEnabled()


def test_back_restores_the_window_and_restart_goes_to_the_start(qtbot, main_window, dock):
    wb = main_window.wb
    for _ in range(5):  # up to "A circuit with a loop" (the SR latch)
        dock.next()
    assert wb.get("circuit") == "sr_latch_nor"
    dock.next()  # set S = 1
    assert_window_shows(main_window, "input.S", 1)
    q_after_set = wb.observe("net.Q")
    dock.next()  # S back to 0
    dock.back()
    assert dock.progress.value() == 6 and dock.player.position == 6
    assert_window_shows(main_window, "input.S", 1)
    assert wb.observe("net.Q") == q_after_set
    for _ in range(3):
        dock.back()
    assert wb.get("circuit") == "half_adder"
    assert main_window.logic_panel.circuit_combo.currentText() == "half_adder"
    dock.restart()
    assert dock.player.position == 0 and dock.progress.value() == 0
    assert not dock.back_button.isEnabled()
    assert_window_shows(main_window, "input.A", 0)


def test_play_button_runs_to_the_end(qtbot, dock):
    dock.play_min_ms = dock.play_max_ms = 5
    qtbot.mouseClick(dock.play_button, Qt.LeftButton)
    assert dock.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: dock.player.at_end, timeout=20_000)
    qtbot.waitUntil(lambda: not dock.timer.isActive(), timeout=2000)
    assert not dock.play_button.isChecked() and dock.play_button.text() == "Play"
    assert dock.player.report().passed  # Play did the learner's action for them


def test_bengali_narration_renders_with_a_bengali_font(dock):
    from logicsim_gui.lesson_dock import bengali_font_family

    assert dock.language.isVisible() or dock.language.count() == 2
    index = dock.language.findData("bn")
    assert index >= 0
    dock.language.setCurrentIndex(index)
    dock.next()
    text = dock.narration.toPlainText()
    assert re.search(r"[\u0980-\u09FF]{3}", text)
    assert re.search(r"[\u0980-\u09FF]", dock.title.text())
    family = bengali_font_family()
    if family is None:
        pytest.skip("no font with Bengali glyphs installed (apt-get install fonts-noto-core)")
    font = dock.narration.font()
    assert font.family() == family
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "কখগমলরসহ")


def test_bad_lessons_show_an_error_and_raise(tmp_path, main_window, dock):
    with pytest.raises(LessonError, match="no such lesson"):
        dock.open_lesson("no_such_lesson")
    assert "no such lesson" in dock.hint.text()
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nset = { "input.Z" = 1 }\n',
        encoding="utf-8",
    )
    with pytest.raises(LessonError, match="has no input 'Z'"):
        dock.open_lesson(str(bad))  # found when the file is read, before anything runs
    assert "has no input 'Z'" in dock.hint.text()
    runtime = tmp_path / "runtime.toml"
    runtime.write_text(
        'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\n'
        'act = { do = "use_trained", model = "lstm" }\n',
        encoding="utf-8",
    )
    dock.open_lesson(str(runtime))
    dock.next()  # nothing trained yet: only the running workbench can tell; nothing crashes
    assert "step 1" in dock.hint.text() and "has not been trained" in dock.hint.text()
    assert dock.player.position == 0 and dock.progress.value() == 0


def test_a_training_step_runs_off_the_gui_thread(qtbot, main_window):
    from PySide6.QtCore import QTimer

    dock = main_window.lesson_dock
    dock.open_lesson("09")
    # steps 1 and 3 are tasks (Next does them); step 4 asks for a prediction before it trains
    while not (dock.player.position == 4 and dock.player.phase == "asking"):
        dock.next()
    assert not dock.busy
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(dock.busy))
    timer.start(20)
    dock.next()  # Next reveals without an answer: step 4 trains the echo RNN for three epochs
    assert dock.busy and not dock.back_button.isEnabled() and not dock.restart_button.isEnabled()
    assert dock.next_button.text().startswith("Cancel (")  # Next becomes Cancel meanwhile
    assert (
        not main_window.splitter.isEnabled() and not main_window.time_control.isEnabled()
    )  # the benches take no input meanwhile
    assert "background" in dock.hint.text()
    qtbot.waitUntil(lambda: not dock.busy, timeout=60_000)
    timer.stop()
    assert any(ticks)  # the GUI thread served its timer while the net trained
    assert dock.progress.value() == 4 and dock.player.results[-1].passed
    assert dock.checks.text().count("✔") == 2
    assert main_window.wb.observe("epochs_done") == 3
    assert main_window.splitter.isEnabled() and main_window.time_control.isEnabled()
    dock.back()  # and Back still restores the state from before the training
    assert main_window.wb.observe("epochs_done") != 3 and dock.progress.value() == 3


def test_only_the_awaited_action_ends_a_wait(qtbot, main_window, dock):
    for _ in range(3):  # step 3 waits for the learner to flip B
        dock.next()
    assert dock.player.waiting

    def click(net):
        button = next(
            b
            for b in main_window.logic_panel.inputs_box.findChildren(QAbstractButton)
            if b.text().startswith(f"{net} = ")
        )
        qtbot.mouseClick(button, Qt.LeftButton)

    click("A")  # the wrong input: still waiting, no checks yet
    qtbot.wait(50)
    assert dock.player.waiting and not dock.player.results[-1].checked
    click("A")  # put it back
    click("B")  # the awaited action
    qtbot.waitUntil(lambda: not dock.player.waiting, timeout=5000)
    assert dock.player.results[-1].passed and dock.checks.text().count("✔") == 2


def test_page_down_and_page_up_step_the_lesson(qtbot, main_window, dock):
    qtbot.keyClick(main_window, Qt.Key_PageDown)
    qtbot.keyClick(main_window, Qt.Key_PageDown)
    assert dock.player.position == 2
    qtbot.keyClick(main_window, Qt.Key_PageUp)
    assert dock.player.position == 1
