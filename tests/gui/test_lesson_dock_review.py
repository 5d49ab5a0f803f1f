"""Fixes from a student's play-through: the status line names what Next put back in words, Next
brings a student who wandered off back to the lesson's place, and Next has room for its
"Cancel (n %)" label."""

from logicsim_gui.lesson_dock import plain_control_name
from PySide6.QtCore import Qt

LESSON = """format = 1
title = "wander"
summary = "s"

[[step]]
say = "look at the curve"
focus = "gradient.plot"

[[step]]
say = "still about the curve"
"""


def test_control_names_in_words():
    assert plain_control_name("gradient.non_normality") == "non-normality"
    assert plain_control_name("input.S") == "input S"
    assert plain_control_name("gate.o") == "gate o"
    assert plain_control_name("circuit") == "circuit"
    assert plain_control_name("train.hidden_size") == "hidden size"


def test_next_brings_a_wandering_student_back(qtbot, main_window, tmp_path):
    path = tmp_path / "wander.toml"
    path.write_text(LESSON, encoding="utf-8")
    dock = main_window.lesson_dock
    dock.open_lesson(str(path))
    dock.next()
    tabs = main_window.right_tabs
    assert tabs.currentWidget() is main_window.gradient_panel
    tabs.setCurrentWidget(main_window.formula_pane)  # the student wanders off...
    main_window.wb.set("gradient.nonlinearity", "relu")  # ... and changes something there
    assert dock.student_changed
    dock.next()
    assert tabs.currentWidget() is main_window.gradient_panel


def test_next_is_the_widest_lesson_button(qtbot, main_window):
    dock = main_window.lesson_dock
    dock.open_lesson("02_latches_need_gain")
    qtbot.waitUntil(lambda: dock.next_button.width() > 0)
    assert dock.next_button.width() > 1.3 * dock.back_button.width()
    metrics = dock.next_button.fontMetrics()
    assert metrics.horizontalAdvance("Cancel (99 %)") < dock.next_button.width()


def test_presentation_bar_shows_the_question_and_takes_the_class_answer(qtbot, main_window):
    from PySide6.QtCore import Qt

    dock = main_window.lesson_dock
    dock.open_lesson("02_latches_need_gain")
    while dock.player.phase != "asking":
        dock.next()
    ask = dock.player.current.ask
    main_window.presentation.enter()
    try:
        text = main_window.presentation.bar.text.toPlainText()
        assert ask.question["en"] in text
        for k in range(1, len(ask.choices) + 1):
            assert ask.choice_text(k) in text
        assert f"Keys 1 … {len(ask.choices)}" in text  # the class knows how to answer
        asking_height = main_window.presentation.bar.height()
        wrong = ask.wrong_answer()
        qtbot.keyClick(main_window, getattr(Qt, f"Key_{wrong}"))
        record = dock.player.results[-1].answer
        assert record.given == wrong and not record.right
        text = main_window.presentation.bar.text.toPlainText()
        assert "Not quite" in text and ask.answer_text(ask.answer) in text
        assert record.feedback("en")[:30] in text
        # answered: the bar keeps room for the verdict and the right answer
        assert main_window.presentation.bar.lesson.question_lines() == 3
        assert main_window.presentation.bar.height() <= asking_height
    finally:
        main_window.presentation.leave()


def test_an_open_question_shows_the_panel_it_is_about(qtbot, main_window):
    dock = main_window.lesson_dock
    dock.open_lesson("02_latches_need_gain")
    main_window.right_tabs.setCurrentWidget(main_window.formula_pane)
    main_window.presentation.enter()
    try:
        main_window.presentation.show_bench("right")
        while dock.player.phase != "asking":
            dock.next()
        step = dock.player.current
        assert step.focus and step.focus[0].startswith("logic.")
        assert main_window.presentation.shown == "logic"  # the latch, before the vote
    finally:
        main_window.presentation.leave()


def test_at_a_large_zoom_the_lesson_buttons_take_two_rows_and_show_their_words(qtbot, main_window):
    dock = main_window.lesson_dock
    dock.open_lesson("02_latches_need_gain")
    main_window.resizeDocks([dock], [360], Qt.Horizontal)
    qtbot.waitUntil(lambda: dock.width() > 0)
    assert dock._two_rows is False
    main_window.set_zoom(1.5)
    try:
        qtbot.waitUntil(lambda: dock._two_rows is True)
        for button in (dock.back_button, dock.restart_button, dock.play_button):
            words = button.fontMetrics().horizontalAdvance(button.text())
            assert words < button.width()
        assert dock.next_button.y() < dock.restart_button.y()  # Back · Next on top
    finally:
        main_window.set_zoom(1.0)
    qtbot.waitUntil(lambda: dock._two_rows is False)
