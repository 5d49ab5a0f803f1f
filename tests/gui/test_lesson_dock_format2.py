"""The lesson dock with format-2 steps: a prediction, a do-it-yourself task, an exercise, the
recap, the lesson browser, shortcuts that leave editors alone, and asking before losing work."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QSlider

from logicsim.lesson import lesson_names, load_lesson

DEMO = str(Path(__file__).parents[1] / "lesson" / "data" / "format2_demo.toml")


@pytest.fixture
def dock(main_window):
    dock = main_window.lesson_dock
    dock.open_lesson(DEMO)
    return dock


def answer(qtbot, dock, k):
    dock.question_card.choose(k)
    qtbot.mouseClick(dock.question_card.submit, Qt.LeftButton)


def to_step(qtbot, dock, position):
    """Next until ``position``, answering questions right through the card."""
    while dock.player.position < position or dock.player.phase == "asking":
        if dock.player.phase == "asking":
            ask = dock.player.current.ask
            if ask.number:
                dock.question_card.number.setValue(ask.answer)
                qtbot.mouseClick(dock.question_card.submit, Qt.LeftButton)
            else:
                answer(qtbot, dock, ask.answer)
            if dock.player.position >= position:
                break
        else:
            dock.next()


def neuron_w_slider(main_window):
    return main_window.neuron_panel.w_slider


def test_a_wrong_prediction_is_recorded_and_explained(qtbot, main_window, dock):
    wb = main_window.wb
    dock.next()
    card = dock.question_card
    assert dock.cards.currentWidget() is card and card.isVisible()
    assert card.question.text() == "What will Q do?" and len(card.choices) == 3
    assert not card.submit.isEnabled()  # nothing chosen yet
    assert wb.observe("net.Q") == 0  # the step has not happened before the answer
    assert dock.next_button.text() == "Reveal ▶"
    answer(qtbot, dock, 1)  # "stay at 0": wrong
    record = dock.player.results[-1].answer
    assert record.given == 1 and not record.right
    assert "Not quite" in card.verdict.text() and "go to 1 and stay" in card.verdict.text()
    assert card.feedback.isVisible() and card.feedback.text().startswith("Tempting, since Q was 0")
    assert not card.submit.isVisible() and not card.choices[1].isEnabled()
    assert wb.observe("net.Q") == 1  # now the step's changes happened
    assert "What happened: Q went to 1" in dock.narration.toPlainText()
    # checks in plain words, the expression in the tooltip
    rows = dock.checks.rows
    assert "Q is 1" in rows[0].text() and rows[0].toolTip().startswith("net.Q == 1")
    assert "oscillation limit" in rows[1].text() and rows[1].toolTip().startswith("not oscillating")
    dock.next()  # the student can go on
    assert dock.player.position == 2 and dock.player.phase == "asking"


def test_reveal_without_answering(qtbot, main_window, dock):
    dock.next()
    dock.next()  # Reveal ▶
    assert dock.player.position == 1 and dock.player.phase == "done"
    assert "No answer given" in dock.question_card.verdict.text()


def test_number_question(qtbot, dock):
    to_step(qtbot, dock, 1)
    dock.next()
    card = dock.question_card
    assert card.number.isVisible() and not card.choices
    card.number.setValue(1.0)
    qtbot.mouseClick(card.submit, Qt.LeftButton)
    assert card.feedback.text().startswith("Too low")


def test_do_it_yourself_completes_on_the_students_change(qtbot, main_window, dock):
    to_step(qtbot, dock, 3)
    assert dock.player.phase == "task" and dock.cards.currentWidget() is dock.task_card
    assert main_window.focus_registry.widget("neuron").isVisible()  # the tab it talks about
    card = dock.task_card
    assert "Raise w until the neuron latches" in card.goal.text()
    assert "the neuron latches" in card.status.text() and card.hint.text() == ""
    width = dock.width()
    assert dock.hint_timer.isActive() and dock.hint_timer.interval() == 5000
    dock.hint_timer.timeout.emit()  # the hint's time has come (no sleeping)
    assert card.hint.text() == "Try values above 1."
    assert dock.width() == width  # the hint does not widen the dock
    slider = neuron_w_slider(main_window)
    slider.setValue(140)  # the student drags w to 1.4
    qtbot.waitUntil(lambda: dock.player.phase == "done", timeout=5000)
    result = dock.player.results[-1]
    assert result.done_by_student and not result.shown and result.passed
    assert "Done" in card.status.text() and not card.show_button.isEnabled()
    assert card.hint.text() == "" and dock.width() == width


def test_show_me_does_the_task(qtbot, main_window, dock):
    to_step(qtbot, dock, 3)
    qtbot.mouseClick(dock.task_card.show_button, Qt.LeftButton)
    assert dock.player.phase == "done" and dock.player.results[-1].shown
    assert main_window.wb.get("neuron.w") == 2.0
    assert "shown for you" in dock.task_card.status.text()


def test_exercise_check_fails_then_show_answer_passes(qtbot, main_window, dock):
    to_step(qtbot, dock, 3)
    dock.next()  # the task is done for the student; the exercise opens
    assert dock.player.position == 4 and dock.player.phase == "exercise"
    card = dock.exercise_card
    assert dock.cards.currentWidget() is card
    qtbot.mouseClick(card.check_button, Qt.LeftButton)
    assert "Not yet" in card.result.text()
    assert "latch" in card.result.text() and "w is at most 1.5" not in card.result.text()
    assert dock.player.phase == "exercise" and card.answer.text() == ""
    qtbot.mouseClick(card.answer_button, Qt.LeftButton)
    assert dock.player.phase == "done" and main_window.wb.get("neuron.w") == 1.2
    assert card.answer.text().startswith("Any w from about 1.2")
    assert not card.check_button.isEnabled() and dock.player.results[-1].passed


def test_show_answer_clears_an_earlier_not_yet(qtbot, main_window, dock):
    to_step(qtbot, dock, 3)
    dock.next()
    card = dock.exercise_card
    qtbot.mouseClick(card.check_button, Qt.LeftButton)
    assert "Not yet" in card.result.text()
    qtbot.mouseClick(card.answer_button, Qt.LeftButton)
    assert "Not yet" not in card.result.text()


def test_a_task_done_by_the_student_is_not_a_change_to_warn_about(qtbot, main_window, dock):
    to_step(qtbot, dock, 3)
    assert dock.player.phase == "task"
    neuron_w_slider(main_window).setValue(140)  # the student does the task
    qtbot.waitUntil(lambda: dock.player.phase == "done", timeout=5000)
    assert not dock.student_changed  # Back or another lesson will not ask about it


def test_exercise_check_passes_when_the_student_solves_it(qtbot, main_window, dock):
    to_step(qtbot, dock, 3)
    dock.next()
    neuron_w_slider(main_window).setValue(130)
    qtbot.mouseClick(dock.exercise_card.check_button, Qt.LeftButton)
    assert dock.player.phase == "done" and dock.player.results[-1].done_by_student


def test_recap_and_next_lesson(qtbot, main_window):
    dock = main_window.lesson_dock
    dock.open_lesson(DEMO)
    to_step(qtbot, dock, 5)
    assert dock.player.at_end
    # the last step is read first: its own narration, not the recap, and Next says Recap
    assert dock.cards.currentWidget() is not dock.recap_card
    assert dock.next_button.text() == "Recap ▶" and dock.next_button.isEnabled()
    dock.next()
    assert dock.cards.currentWidget() is dock.recap_card and not dock.next_button.isEnabled()
    assert "A latch keeps a bit in a loop." in dock.recap_card.lines.text()
    assert not dock.recap_card.next_button.isEnabled()  # a file outside the library: no next
    first = lesson_names()[0]
    dock.open_lesson(first)
    while not dock.player.at_end:
        dock.next()
    dock.next()  # the recap
    assert dock.cards.currentWidget() is dock.recap_card
    assert dock.recap_card.next_button.isEnabled()
    qtbot.mouseClick(dock.recap_card.next_button, Qt.LeftButton)
    assert dock.player.lesson.name != first and dock.player.position == 0


def test_browser_lists_lessons_and_opens_one(qtbot, main_window, dock):
    browser = dock.browse()
    names = browser.names()
    assert sorted(names) == lesson_names()
    item = browser.tree.topLevelItem(1)
    assert item.text(1) == load_lesson(names[1]).heading()
    browser.tree.setCurrentItem(item)
    qtbot.mouseClick(browser.open_button, Qt.LeftButton)
    assert dock.player.lesson.name == names[1]
    browser = dock.browse()
    qtbot.mouseClick(browser.next_button, Qt.LeftButton)
    assert dock.player.lesson.name == names[2]


def test_info_shows_objectives_minutes_and_teacher_notes(qtbot, dock):
    assert not dock.info.isVisible()
    dock.info_button.setChecked(True)
    text = dock.info.text()
    assert dock.info.isVisible() and "8 minutes" in text
    assert "Find the loop gain at which a neuron latches" in text and "vote" in text


def test_page_up_inside_a_slider_leaves_the_lesson_alone(qtbot, main_window, dock):
    to_step(qtbot, dock, 3)
    slider = main_window.findChildren(QSlider)[0]
    main_window.activateWindow()
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus, timeout=2000)
    before = slider.value()
    qtbot.keyClick(slider, Qt.Key_PageUp)
    assert dock.player.position == 3  # the lesson stayed where it was
    assert slider.value() != before or slider.value() == slider.maximum()
    main_window.lesson_dock.narration.setFocus()
    qtbot.keyClick(main_window, Qt.Key_PageDown)
    assert dock.player.position == 4


def test_back_after_a_change_asks_first(qtbot, main_window, dock, monkeypatch):
    to_step(qtbot, dock, 2)
    assert not dock.student_changed  # the lesson's own moves are not the student's
    dock.back()
    assert dock.player.position == 1  # nothing changed: no question asked
    dock.next()
    dock.next()
    asked = []
    replies = [QMessageBox.Cancel, QMessageBox.Yes]
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a) or replies[len(asked) - 1]
    )
    main_window.wb.set("eig1", 0.3)  # the student changes something
    assert dock.student_changed
    dock.back()
    assert len(asked) == 1 and dock.player.position == 2  # Cancel: still here
    dock.back()
    assert len(asked) == 2 and dock.player.position == 1


def test_narration_signal_and_public_moves(qtbot, dock):
    seen = []
    dock.narration_changed.connect(lambda title, text: seen.append((title, text)))
    dock.next_step()
    assert seen[-1][0] == "Predict: raise S" and "We will raise S" in seen[-1][1]
    dock.next_step()  # reveal: the text grows by the reveal
    assert "What happened" in seen[-1][1]
    dock.back_step()
    assert dock.player.position == 0 and seen[-1][0].startswith("Format 2 demo")


def test_play_waits_in_proportion_to_the_text():
    from logicsim_gui.lesson_dock import PLAY_MAX_MS, PLAY_MIN_MS, reading_ms

    assert reading_ms("x" * 150) == 10_000  # 15 characters a second
    assert reading_ms("short") == PLAY_MIN_MS and reading_ms("x" * 100_000) == PLAY_MAX_MS


def test_bengali_question(qtbot, main_window):
    dock = main_window.lesson_dock
    dock.open_lesson(DEMO)
    dock.lang = "bn"
    dock.next()
    assert dock.question_card.question.text() == "Q কী করবে?"
    assert dock.title.text() == "ফরম্যাট ২ নমুনা"


def test_f1_lists_the_lesson_shortcuts(qtbot, main_window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    main_window.show_shortcuts()
    assert "Page Down" in shown[0] and "lesson: back one step" in shown[0]
    assert "Ctrl+L" in shown[0]


def test_next_works_after_the_student_loads_another_circuit(qtbot, main_window):
    dock = main_window.lesson_dock
    dock.open_lesson(lesson_names()[0])
    wb = main_window.wb
    while wb.get("circuit") != "sr_latch_nor":
        dock.next()
    position = dock.player.position
    wb.set("circuit", "half_adder")  # the student loads another circuit (as its combo box does)
    assert main_window.logic_panel.circuit_combo.currentText() == "half_adder"
    assert dock.student_changed
    dock.next()
    assert dock.error_text == "" and dock.player.position == position + 1
    assert wb.get("circuit") == "sr_latch_nor" and "circuit" in dock.player.results[-1].restored
    while not dock.player.at_end:
        dock.next()
        assert dock.error_text == ""
    assert dock.player.report().passed


def test_a_long_clock_run_in_a_step_leaves_the_gui_thread(main_window, dock):
    from logicsim.lesson.model import Action

    many = Action("run_cycles", {"n": 50_000}, 1)
    few = Action("tick", {}, 1)
    assert dock._acts_are_slow([many])  # budget estimate above BACKGROUND_ABOVE_S
    assert not dock._acts_are_slow([few])
