"""The shipped default lesson (lesson 01, format 2) played through the dock as a student would:
answering every prediction, doing the tasks with the window's own input buttons, solving the
exercise, and reaching the recap with every check passed."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from logicsim.lesson import DEFAULT_LESSON, load_lesson


def click_input(qtbot, main_window, net):
    buttons = main_window.logic_panel.inputs_box.findChildren(QAbstractButton)
    button = next(b for b in buttons if b.text().startswith(f"{net} = "))
    qtbot.mouseClick(button, Qt.LeftButton)


@pytest.fixture
def dock(main_window):
    dock = main_window.lesson_dock
    dock.open_lesson(DEFAULT_LESSON)
    return dock


def test_a_student_plays_the_default_lesson_to_the_recap(qtbot, main_window, dock):
    lesson = load_lesson(DEFAULT_LESSON)
    assert lesson.format == 2
    # tasks the student does with the window's input buttons (the others use "Show me")
    done_by_hand = {
        "input.A == 1 and input.B == 0": ["A"],
        "input.A == 0 and input.B == 0": ["A", "B"],
        "input.S == 1": ["S"],
    }
    for _ in range(3 * len(lesson.steps)):
        if dock.player.at_end:
            break
        phase = dock.player.phase
        step = dock.player.current
        if phase == "asking":
            dock.question_card.choose(step.ask.answer)
            qtbot.mouseClick(dock.question_card.submit, Qt.LeftButton)
            assert dock.player.results[-1].answer.right
            assert dock.question_card.feedback.text().startswith("Right")
        elif phase == "task":
            clicks = done_by_hand.get(step.task.until.text)
            if clicks:
                for net in clicks:
                    click_input(qtbot, main_window, net)
                qtbot.waitUntil(lambda: dock.player.phase == "done", timeout=5000)
                assert dock.player.results[-1].done_by_student
            else:
                qtbot.mouseClick(dock.task_card.show_button, Qt.LeftButton)
                assert dock.player.results[-1].shown
        elif phase == "exercise":
            card = dock.exercise_card
            qtbot.mouseClick(card.check_button, Qt.LeftButton)
            assert "Not yet" in card.result.text()  # Q still holds 1
            click_input(qtbot, main_window, "R")  # reset ...
            click_input(qtbot, main_window, "R")  # ... and release it
            qtbot.mouseClick(card.check_button, Qt.LeftButton)
            assert dock.player.phase == "done" and dock.player.results[-1].done_by_student
        else:
            dock.next()
            qtbot.waitUntil(lambda: not dock.busy, timeout=30_000)
    assert dock.player.at_end and dock.cards.currentWidget() is not dock.recap_card
    dock.next()  # after reading the last step, Next shows the recap
    assert dock.cards.currentWidget() is dock.recap_card
    failed = [c.describe() for r in dock.player.results for c in r.checks if not c.passed]
    assert not failed, failed
    assert len(dock.player.results) == len(lesson.steps)
    assert lesson.recap["en"][0] in dock.recap_card.lines.text()
    assert main_window.wb.observe("time") == 4 and main_window.wb.observe("net.Q") == 1
