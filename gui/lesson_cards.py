"""The lesson dock's cards: a question, a do-it-yourself task, an exercise, the recap, and the
list of checks in plain words.

Each card is a small view: it shows what the dock gives it and emits a signal when the student
presses one of its buttons; the dock turns that into a :class:`logicsim.lesson.LessonPlayer`
move.  Labels wrap and ignore their text's width, so a card never widens the dock.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

from logicsim_gui.dock_words import word
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from logicsim.lesson.model import Ask, Check, Exercise, Task, pick

#: Characters per line of a choice button (longer choices wrap onto more lines).
CHOICE_WIDTH = 38


def wrapping_label(text: str = "", rich: bool = False) -> QLabel:
    """A word-wrapped label whose text never sets the dock's width."""
    label = QLabel(text)
    label.setWordWrap(True)  # a wrapping label's minimum width is one word, never the whole text
    label.setTextFormat(Qt.RichText if rich else Qt.PlainText)
    return label


def fixed_width_button(text: str) -> QPushButton:
    """A button that never widens the dock (its row shares the dock's width)."""
    button = QPushButton(text)
    button.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
    button.setMinimumWidth(1)
    return button


class CardStack(QWidget):
    """Shows one card at a time; unlike a QStackedWidget its height is the shown card's, so
    a long feedback text is never cut off and a short card leaves no gap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._cards: list[QWidget] = []
        self._index = -1

    def addWidget(self, card: QWidget) -> None:  # noqa: N802 (the QStackedWidget name)
        self._layout.addWidget(card)
        self._cards.append(card)
        card.setVisible(len(self._cards) - 1 == self._index)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        self._index = index
        for k, card in enumerate(self._cards):
            card.setVisible(k == index)

    def currentIndex(self) -> int:  # noqa: N802
        return self._index

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return self._cards[self._index] if 0 <= self._index < len(self._cards) else None


class QuestionCard(QWidget):
    """A question: its choices as buttons (or a number box) and Submit; then the verdict and
    the feedback for the answer given.

    Signals
    -------
    answered(object)
        The 1-based choice or the number the student submitted.
    """

    answered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.question = wrapping_label()
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        layout.addWidget(self.question)
        self.choice_box = QVBoxLayout()
        layout.addLayout(self.choice_box)
        self.number = QDoubleSpinBox()
        self.number.setRange(-1e9, 1e9)
        self.number.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self.number.setToolTip("Type your answer")
        layout.addWidget(self.number)
        self.submit = fixed_width_button("Submit")
        self.submit.setToolTip("Lock in your answer; then the step shows what really happens")
        self.submit.clicked.connect(self._submit)
        layout.addWidget(self.submit)
        self.verdict = wrapping_label(rich=True)
        layout.addWidget(self.verdict)
        self.feedback = wrapping_label()
        layout.addWidget(self.feedback)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.buttonToggled.connect(lambda *_: self._update_submit())
        self.choices: list[QPushButton] = []
        self.ask: Ask | None = None
        self._lang = "en"

    def label(self, lang: str) -> None:
        """The card's buttons in ``lang``."""
        self.submit.setText(word("submit", lang))

    def show_question(self, ask: Ask, lang: str, record: Any = None) -> None:
        """Show ``ask`` in ``lang``; with ``record`` (an AnswerRecord) show the outcome."""
        same = self.ask is ask and len(self.choices) == len(ask.choices)
        self.ask = ask
        self.question.setText(pick(ask.question, lang))
        if not same:
            for button in self.choices:
                self.group.removeButton(button)
                self.choice_box.removeWidget(button)
                button.hide()
                button.setParent(None)
                button.deleteLater()
            self.choices = []
            for k in range(1, len(ask.choices) + 1):
                button = fixed_width_button("")
                button.setCheckable(True)
                button.setStyleSheet("text-align: left; padding: 4px;")
                self.group.addButton(button, k)
                self.choice_box.addWidget(button)
                self.choices.append(button)
            step = max(ask.tolerance / 2, 1e-6) if ask.number else 1.0
            decimals = max(0, min(6, len(f"{step:g}".split(".")[-1]) if "." in f"{step:g}" else 0))
            self.number.setDecimals(max(decimals, 2))
            self.number.setSingleStep(step if ask.number else 1.0)
            self.number.setValue(0.0)
        self._lang = lang
        self._wrap_choices()
        self.number.setVisible(ask.number)
        answered = record is not None
        for button in self.choices:
            button.setEnabled(not answered)
        self.number.setEnabled(not answered)
        self.submit.setVisible(not answered)
        if not answered:
            if not same:
                self.group.setExclusive(False)
                for button in self.choices:
                    button.setChecked(False)
                self.group.setExclusive(True)
            self.verdict.setText("")
            self.feedback.setText("")
            self._update_submit()
            return
        given = record.given
        if given is not None and not ask.number and 1 <= int(given) <= len(self.choices):
            self.choices[int(given) - 1].setChecked(True)
        if given is None:
            verdict = f"<b>{word('no_answer', lang)}</b> {word('the_answer', lang)} " + html.escape(
                ask.answer_text(ask.answer, lang)
            )
        elif record.right:
            verdict = f"<span style='color:#1a7f37'><b>{word('right', lang)}</b></span>"
        else:
            verdict = (
                f"<span style='color:#c0392b'><b>{word('not_quite', lang)}</b></span> "
                f"{word('the_answer', lang)} " + html.escape(ask.answer_text(ask.answer, lang))
            )
        self.verdict.setText(verdict)
        self.feedback.setText(record.feedback(lang))

    def _choice_width(self) -> int:
        """Characters per line of a choice: what the card's width holds at the current font
        (a large zoom or a narrow dock gives fewer), :data:`CHOICE_WIDTH` before it is laid out."""
        room = self.width() - 24  # the button's padding and frame
        if room < 80:
            return CHOICE_WIDTH
        per_char = max(1, self.fontMetrics().averageCharWidth())
        return max(12, min(CHOICE_WIDTH + 20, room // per_char))

    def _wrap_choices(self) -> None:
        ask = self.ask
        if ask is None:
            return
        chars = self._choice_width()
        for k, button in enumerate(self.choices, start=1):
            text = ask.choice_text(k, self._lang)
            button.setText(textwrap.fill(f"{k}. {text}", chars))
            button.setToolTip(text)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._wrap_choices()

    def _update_submit(self) -> None:
        ask = self.ask
        self.submit.setEnabled(ask is not None and (ask.number or self.group.checkedId() > 0))

    def choose(self, k: int) -> None:
        """Select choice ``k`` (1-based), as a click would."""
        self.choices[k - 1].setChecked(True)

    def _submit(self) -> None:
        ask = self.ask
        if ask is None:
            return
        if ask.number:
            self.answered.emit(float(self.number.value()))
        elif self.group.checkedId() > 0:
            self.answered.emit(self.group.checkedId())


class TaskCard(QWidget):
    """Do it yourself: the goal, whether it is done, a hint (after a while) and "Show me"."""

    show_me = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.goal = wrapping_label(rich=True)
        layout.addWidget(self.goal)
        self.status = wrapping_label(rich=True)
        layout.addWidget(self.status)
        self.hint = wrapping_label()
        self.hint.setStyleSheet("font-style: italic;")
        layout.addWidget(self.hint)
        self.show_button = fixed_width_button("Show me")
        self.show_button.setToolTip("Do it for me, so I can see it")
        self.show_button.clicked.connect(self.show_me)
        layout.addWidget(self.show_button)

    def label(self, lang: str) -> None:
        """The card's buttons in ``lang``."""
        self.show_button.setText(word("show_me", lang))

    def show_task(self, task: Task, lang: str, done: bool, shown: bool, hint: bool) -> None:
        self.goal.setText(f"<b>{word('your_turn', lang)}</b> {html.escape(pick(task.goal, lang))}")
        if done:
            who = word("shown_for_you" if shown else "you_did_it", lang)
            done_word = word("done", lang)
            self.status.setText(f"<span style='color:#1a7f37'><b>{done_word}</b></span> ({who})")
        else:
            words = html.escape(task.until.sentence(lang))
            self.status.setText(f"{word('waiting_until', lang)} <i>{words}</i>")
        self.status.setToolTip(task.until.text)
        self.hint.setText(pick(task.hint, lang) if hint and task.hint and not done else "")
        self.show_button.setEnabled(not done)


class ExerciseCard(QWidget):
    """An exercise: the task, "Check my answer" (failing lines in plain words), "Show answer"."""

    check = Signal()
    show_answer = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.task = wrapping_label(rich=True)
        layout.addWidget(self.task)
        row = QHBoxLayout()
        self.check_button = fixed_width_button("Check my answer")
        self.check_button.clicked.connect(self.check)
        self.answer_button = fixed_width_button("Show answer")
        self.answer_button.clicked.connect(self.show_answer)
        row.addWidget(self.check_button)
        row.addWidget(self.answer_button)
        layout.addLayout(row)
        self.result = wrapping_label(rich=True)
        layout.addWidget(self.result)
        self.answer = wrapping_label()
        layout.addWidget(self.answer)

    def label(self, lang: str) -> None:
        """The card's buttons in ``lang``."""
        self.check_button.setText(word("check", lang))
        self.answer_button.setText(word("show_answer", lang))

    def show_exercise(
        self, exercise: Exercise, lang: str, done: bool, shown: bool, grades: list | None
    ) -> None:
        task = html.escape(pick(exercise.task, lang))
        self.task.setText(f"<b>{word('exercise', lang)}</b> {task}")
        self.check_button.setEnabled(not done)
        self.answer_button.setEnabled(not shown)
        by_text = {c.text: c for c in exercise.grade}
        if grades is None:
            self.result.setText("")
        elif all(g.passed for g in grades):
            correct = word("correct", lang)
            self.result.setText(f"<span style='color:#1a7f37'><b>{correct}</b></span>")
        else:
            rows = [
                f"✘ {html.escape(by_text[g.text].sentence(lang) if g.text in by_text else g.text)}"
                for g in grades
                if not g.passed
            ]
            head = f"<span style='color:#c0392b'><b>{word('not_yet', lang)}</b></span><br>"
            self.result.setText(head + "<br>".join(rows))
        self.answer.setText(pick(exercise.answer, lang) if shown else "")


class RecapCard(QWidget):
    """The recap after the last step, and "Next lesson ▶"."""

    next_lesson = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.lines = wrapping_label(rich=True)
        layout.addWidget(self.lines)
        self.next_button = fixed_width_button("Next lesson ▶")
        self.next_button.clicked.connect(self.next_lesson)
        layout.addWidget(self.next_button)

    def label(self, lang: str) -> None:
        """The card's button in ``lang``."""
        self.next_button.setText(word("next_lesson", lang))

    def show_recap(self, lines: tuple[str, ...], next_title: str | None, lang: str = "en") -> None:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.lines.setText(
            f"<b>{word('recap_title', lang)}</b><ul>{items}</ul>"
            if lines
            else f"<b>{word('end', lang)}</b>"
        )
        self.next_button.setEnabled(next_title is not None)
        self.next_button.setToolTip(next_title or "This is the last lesson")


class CheckList(QWidget):
    """The step's checks, one line each in plain words; the expression is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(1)
        self.rows: list[QLabel] = []
        self.note = wrapping_label(rich=True)
        self.layout_.addWidget(self.note)

    def show_results(self, results: list, checks: tuple[Check, ...], lang: str) -> None:
        """One row per result; ``checks`` give the plain words in ``lang``."""
        for row in self.rows:  # gone at once, not at the next turn of the event loop
            self.layout_.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        by_text = {c.text: c for c in checks}
        for r in results:
            check = by_text.get(r.text)
            words = check.sentence(lang) if check is not None else (r.words or r.text)
            mark = (
                "<span style='color:#1a7f37'>✔</span>"
                if r.passed
                else "<span style='color:#c0392b'>✘</span>"
            )
            detail = ""
            if not r.passed:
                seen = r.error or ", ".join(f"{k} = {v!r}" for k, v in r.observed.items())
                detail = f" — <i>{html.escape(seen)}</i>"
            row = wrapping_label(f"{mark} {html.escape(words)}{detail}", rich=True)
            seen_all = ", ".join(f"{k} = {v!r}" for k, v in r.observed.items())
            row.setToolTip(f"{r.text}" + (f"\n({seen_all})" if seen_all else ""))
            self.layout_.addWidget(row)
            self.rows.append(row)

    def set_note(self, text: str) -> None:
        self.note.setText(text)

    def clear(self) -> None:
        self.show_results([], (), "en")
        self.note.setText("")

    def text(self) -> str:
        """Every row's text (rich text), one per line (for tests and screen readers)."""
        return "\n".join(row.text() for row in self.rows) + self.note.text()
