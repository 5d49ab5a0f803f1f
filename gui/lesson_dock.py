"""The lesson dock: narration, questions, tasks, exercises, recap, checks, and Back / Next /
Restart / Play.

A thin view over :class:`logicsim.lesson.LessonPlayer` (interactive mode): the player is the
model, the dock redraws from it on every ``player.changed``.  A step's ``focus`` (or, without
one, the panel of the first control it sets) calls ``main_window.focus(name)``, which switches
to the tab, scrolls and frames it.  Below the narration a card shows the step's kind:

* a **question**: choices as buttons (or a number box) and Submit; then the step's changes
  happen, the reveal is added to the narration and the feedback for the answer is shown;
* **do it yourself**: the goal, re-checked on every workbench change (the step completes by
  itself), a hint after ``hint_after`` seconds (:attr:`LessonDock.hint_timer`) and "Show me";
* an **exercise**: "Check my answer" (failing lines in plain words) and "Show answer";
* the **recap** after the last step, with "Next lesson ▶".

While a step waits for an action (``wait = {do = "toggle", net = "S"}``), a change of the awaited
value counts as done; Next does it for the student.

A move whose actions are slow (training, or more than :data:`BACKGROUND_ABOVE_S` of estimated work,
see :mod:`logicsim.lesson.budget`) runs on a worker thread; the benches take no input meanwhile.
The Next button then reads "Cancel (37 %)" (the share of the move's estimated work done); pressing
it stops the running action at its next chunk or batch and the player puts back the state from
before the move (:meth:`LessonPlayer.cancel`).  Page Down never cancels.

Play advances at reading speed (:func:`reading_ms`).  Back, Restart and opening another lesson
ask first when the student changed something since the step began.

For presentation mode the dock exposes :attr:`LessonDock.narration_changed` (title, text) and
:meth:`LessonDock.next_step` / :meth:`LessonDock.back_step`.
"""

from __future__ import annotations

import html
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from logicsim_gui.dock_words import word
from logicsim_gui.lesson_browser import LessonBrowser, next_lesson_after
from logicsim_gui.lesson_cards import (
    CardStack,
    CheckList,
    ExerciseCard,
    QuestionCard,
    RecapCard,
    TaskCard,
    fixed_width_button,
    wrapping_label,
)
from logicsim_gui.lesson_keys import LESSON_SHORTCUTS, install_shortcuts
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from logicsim.errors import LogicsimError
from logicsim.lesson import LessonError, LessonPlayer, load_lesson
from logicsim.lesson.errors import StepCancelled
from logicsim.lesson.model import pick, pick_lines

if TYPE_CHECKING:  # pragma: no cover
    from logicsim_gui.main_window import MainWindow

    from logicsim.workbench import Workbench

#: Reading speed Play assumes, in characters per second.
PLAY_CHARS_PER_S = 15
#: Shortest and longest pause of Play on one step, in milliseconds.
PLAY_MIN_MS = 3000
PLAY_MAX_MS = 40000
#: Actions slow enough to run off the GUI thread when a step contains them.
SLOW_ACTIONS = frozenset({"train"})
#: Estimated seconds (logicsim.lesson.budget) above which a step's actions leave the GUI thread.
BACKGROUND_ABOVE_S = 0.25
#: Seconds between GIL hand-overs while a step works on the worker (Python's default: 0.005).
BACKGROUND_SWITCH_INTERVAL = 0.001
#: Seconds after a background step ends during which the Next button ignores clicks (one meant
#: for "Cancel" may land just after the button became "Next").
CANCEL_GRACE_S = 1.0
#: How often the Cancel button's percentage is updated while a step works, in milliseconds.
WORK_POLL_MS = 200
#: Shares of the row of Back, Restart, Play and Next; padding around a button's words and the
#: dock's own margins, in pixels (for choosing one row or two).
ROW_STRETCH = (2, 2, 2, 3)
BUTTON_PAD, DOCK_CHROME = 6, 30
#: Lines of narration always visible, however tall the card below it.
NARRATION_MIN_LINES = 5
#: The Next button's word in each phase of a step (dock_words keys; "next" otherwise).
NEXT_WORDS = {"asking": "reveal", "waiting": "do_it", "task": "do_it"}
#: Languages the dock can name in its selector.
LANGUAGE_NAMES = {"en": "English", "bn": "বাংলা"}
#: Pages of the card stack.
EMPTY, QUESTION, TASK, EXERCISE, RECAP = range(5)

__all__ = ["LessonDock", "LESSON_SHORTCUTS", "bengali_font_family", "reading_ms"]


def plain_control_name(name: str) -> str:
    """A control's name in words for the status line: ``gradient.non_normality`` ->
    ``non-normality``, ``input.S`` -> ``input S``, ``gate.o`` -> ``gate o``."""
    head, _, tail = name.rpartition(".")
    if head in ("input", "gate"):
        return f"{head} {tail}"
    return (tail or name).replace("non_normality", "non-normality").replace("_", " ")


def reading_ms(text: str, low: int = PLAY_MIN_MS, high: int = PLAY_MAX_MS) -> int:
    """How long Play stays on a text: its length at :data:`PLAY_CHARS_PER_S`, clamped."""
    return int(min(high, max(low, 1000 * len(text) / PLAY_CHARS_PER_S)))


def bengali_font_family() -> str | None:
    """A font family that has Bengali glyphs, or None (install fonts-noto-core)."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.Bengali)
    preferred = [f for f in families if "Noto Sans Bengali" in f]
    return (preferred or list(families) or [None])[0]


class LessonDock(QDockWidget):
    """Plays lessons in the app.

    Parameters
    ----------
    workbench : logicsim.workbench.Workbench
        The app's model; lessons drive it through ``set`` / ``act``.
    main_window : QMainWindow
        Provides ``focus(name)`` (and ``show_status(text)``).

    Signals
    -------
    stepped(int)
        The player's position after every redraw.
    narration_changed(str, str)
        The title and the Markdown narration on screen, whenever either changes (the
        narration includes a question's reveal once it is answered).
    """

    #: Emitted with the new position after every move (for tests and the status bar).
    stepped = Signal(int)
    #: Emitted with (title, narration) whenever the text on screen changes.
    narration_changed = Signal(str, str)
    #: Emitted with the percentage of a background step's work, every WORK_POLL_MS.
    work_progress = Signal(int)
    #: Emitted (from the worker thread) when a background step has finished.
    _background_done = Signal(object)

    NEXT_TIP = "Go on: reveal, or do the task for me (Page Down)"
    CANCEL_TIP = "Stop this step's work; the window goes back to how it was before the step"

    #: (key, what it does) of the lesson's keyboard shortcuts.
    SHORTCUTS = LESSON_SHORTCUTS

    def __init__(self, workbench: Workbench, main_window: MainWindow | None = None) -> None:
        super().__init__("Lesson", main_window)
        self.workbench = workbench
        self.main_window = main_window
        self.player: LessonPlayer | None = None
        self.lang = "en"
        self.error_text = ""
        self.busy = False  # a step is running on a worker thread (training)
        self.student_changed = False  # the student changed the workbench since the step began
        self.play_min_ms, self.play_max_ms = PLAY_MIN_MS, PLAY_MAX_MS
        self.browser: LessonBrowser | None = None
        self._moving = False  # the dock itself is changing the workbench
        self._step_key: tuple[int, int] | None = None  # (id of player, position) on screen
        self._grades: list | None = None  # last "Check my answer" of the exercise on screen
        self._hint_due = False  # the task's hint time has come
        self._last_narration: tuple[str, str] | None = None
        self._wait_baseline: tuple[int, Any] | None = None  # (position, awaited value at start)
        self._recap_open = False  # the last step was read and Next pressed: the recap shows
        self._last_focus: str | None = None  # the panel the lesson pointed at last
        self._bridge: Any = None
        self._player_bridges: list[Any] = []
        self._worker: threading.Thread | None = None
        self._planned_s = 0.0  # estimated seconds of the move running on the worker
        self._finished_at = -1e9  # time.monotonic() when the last background move ended
        self.last_outcome = ""  # of the last background move: "", "done", "cancelled", "failed"
        self.work_timer = QTimer(self)  # updates "Cancel (37 %)" while a move works
        self.work_timer.setInterval(WORK_POLL_MS)
        self.work_timer.timeout.connect(self._show_work)
        self._background_done.connect(self._finish_background, Qt.QueuedConnection)
        self._build()

        owner = main_window if main_window is not None else self
        self.shortcuts = install_shortcuts(
            owner,
            {Qt.Key_PageDown: self.next, Qt.Key_PageUp: self.back, Qt.CTRL | Qt.Key_L: self.browse},
        )
        self.hint_timer = QTimer(self)  # the task's hint appears when it fires
        self.hint_timer.setSingleShot(True)
        self.hint_timer.timeout.connect(self._hint_time)
        self.timer = QTimer(self)  # Play: one step per reading time
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._play_tick)
        self._follow_workbench()
        self.refresh()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        """Title; progress, language, ⓘ and ☰ on one row; narration, card, hint and checks
        (these scroll when the room is short); the Back / Restart / Play / Next row, always
        visible at the bottom."""
        from logicsim_gui.fit import scrolled_vertically

        content = QWidget()
        content.setMinimumWidth(300)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = wrapping_label()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.language = QComboBox()
        self.language.setToolTip("Language of the narration")
        self.language.currentIndexChanged.connect(self._language_changed)
        self.lessons_button = QToolButton()
        self.lessons_button.setText("☰")
        self.lessons_button.setToolTip("All lessons, in the course's order (Ctrl+L)")
        self.lessons_button.clicked.connect(self.browse)
        self.info_button = QToolButton()
        self.info_button.setText("ⓘ")
        self.info_button.setCheckable(True)
        self.info_button.setToolTip("Objectives, minutes and teacher notes of this lesson")
        self.info_button.toggled.connect(self._toggle_info)
        layout.addWidget(self.title)  # the whole width: a long title wraps onto few lines
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("Step %v / %m")
        self.progress.setMinimumWidth(60)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.language)
        top.addWidget(self.info_button)
        top.addWidget(self.lessons_button)
        layout.addLayout(top)
        self.info = wrapping_label(rich=True)
        self.info.setVisible(False)
        self.info.setStyleSheet("background: palette(alternate-base); padding: 4px;")
        layout.addWidget(self.info)

        self.narration = QTextBrowser()
        self.narration.setOpenExternalLinks(True)
        self.narration.setMinimumWidth(280)
        self.narration.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Expanding)
        layout.addWidget(self.narration, 1)

        self.cards = CardStack()
        self.question_card = QuestionCard()
        self.task_card = TaskCard()
        self.exercise_card = ExerciseCard()
        self.recap_card = RecapCard()
        for card in (QWidget(), self.question_card, self.task_card, self.exercise_card,
                     self.recap_card):  # fmt: skip
            self.cards.addWidget(card)
        self.cards.setCurrentIndex(EMPTY)
        self.question_card.answered.connect(self.answer)
        self.task_card.show_me.connect(self.show_me)
        self.exercise_card.check.connect(self.check_exercise)
        self.exercise_card.show_answer.connect(self.show_answer)
        self.recap_card.next_lesson.connect(self.open_next_lesson)
        layout.addWidget(self.cards)

        self.hint = wrapping_label()
        self.hint.setStyleSheet("font-style: italic;")
        layout.addWidget(self.hint)
        self.checks = CheckList()
        layout.addWidget(self.checks)

        self.back_button = fixed_width_button("◀ Back")
        self.next_button = fixed_width_button("Next ▶")
        self.restart_button = fixed_width_button("⟲ Restart")
        self.play_button = fixed_width_button("Play")
        self.play_button.setCheckable(True)
        for button, slot, tip in (
            (self.back_button, self.back, "Undo this step (Page Up)"),
            (self.restart_button, self.restart, "Back to the start of the lesson"),
            (self.play_button, self.set_playing, "Advance at reading speed"),
            (self.next_button, self._next_clicked, self.NEXT_TIP),
        ):
            button.setToolTip(tip)
            (button.toggled if button is self.play_button else button.clicked).connect(slot)
        self.buttons = QGridLayout()
        self._two_rows: bool | None = None
        self._arrange_buttons(two_rows=False)
        body = QWidget()
        outer = QVBoxLayout(body)
        self.content_area = scrolled_vertically(content)
        outer.addWidget(self.content_area, 1)
        outer.addLayout(self.buttons)
        self.setWidget(body)

    def _arrange_buttons(self, two_rows: bool) -> None:
        """One row Back · Restart · Play · Next (Next the widest: the button a class presses
        most, and "Cancel (37 %)" must fit on it); on a dock too narrow for their words (a
        large zoom), two rows: Back · Next above Restart · Play."""
        if two_rows == self._two_rows:
            return
        self._two_rows = two_rows
        grid = self.buttons
        for button in (self.back_button, self.restart_button, self.play_button, self.next_button):
            grid.removeWidget(button)
        for column in range(5):
            grid.setColumnStretch(column, 0)
        if two_rows:
            grid.addWidget(self.back_button, 0, 0)
            grid.addWidget(self.next_button, 0, 1)
            grid.addWidget(self.restart_button, 1, 0)
            grid.addWidget(self.play_button, 1, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
        else:
            for column, (button, stretch) in enumerate(
                zip(self._row_order(), ROW_STRETCH, strict=True)
            ):
                grid.addWidget(button, 0, column)
                grid.setColumnStretch(column, stretch)

    def buttons_need(self) -> int:
        """Width (pixels) of the dock at which the four buttons side by side show their words
        whole (each gets its stretch's share of the row, see :data:`ROW_STRETCH`)."""
        shares = []
        total = sum(ROW_STRETCH)
        for button, stretch in zip(self._row_order(), ROW_STRETCH, strict=True):
            text = self._w("cancel", 99) if button is self.next_button else button.text()
            words = button.fontMetrics().horizontalAdvance(text) + BUTTON_PAD
            shares.append(words * total / stretch)
        return int(max(shares)) + DOCK_CHROME

    def _row_order(self) -> tuple[QPushButton, ...]:
        return (self.back_button, self.restart_button, self.play_button, self.next_button)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange_buttons(two_rows=self.width() < self.buttons_need())

    # -- public API (presentation mode) ------------------------------------------------------
    def next_step(self) -> None:
        """Next, as the button: reveal an open question, finish the step, or enter the next;
        while a step works on the worker thread, Cancel."""
        self._next_clicked()

    def back_step(self) -> None:
        """Back, as the button (asks first when the student changed something)."""
        self.back()

    def narration_text(self) -> tuple[str, str]:
        """The (title, Markdown narration) on screen now."""
        return self._last_narration or ("", "")

    def question_markdown(self) -> str:
        """The step's question as Markdown, for the presentation bar: the question and its
        numbered choices while it is open (a class votes on them), then the right answer."""
        player = self.player
        step = player.current if player is not None else None
        if player is None or step is None or step.ask is None:
            return ""
        ask, lang = step.ask, self.lang
        lines = [f"**{pick(ask.question, lang)}**", ""]
        if player.phase == "asking":
            if ask.number:
                lines.append(f"*{self._w('number_answer')}*")
            for k in range(1, len(ask.choices) + 1):
                lines.append(f"{k}. {ask.choice_text(k, lang)}")
            if ask.choices:
                lines += ["", f"*{self._w('keys_answer', len(ask.choices))}*"]
        else:
            record = player.results[-1].answer if player.results else None
            if record is not None and record.given is not None:
                verdict = self._w("right" if record.right else "not_quite")
                lines.append(f"{verdict} {record.feedback(lang)}")
                lines.append("")
            lines.append(f"{self._w('the_answer')} **{ask.answer_text(ask.answer, lang)}**")
        return "\n".join(lines)

    # -- opening -----------------------------------------------------------------------------
    def open_lesson(self, name: str) -> None:
        """Open lesson ``name`` (library name or file) at its start; raises LessonError.

        When the student changed something since the step began, asks first; on Cancel the
        current lesson stays.
        """
        if self.busy:
            raise LessonError(str(name), "wait until the running step has finished")
        try:
            lesson = load_lesson(name)
        except LogicsimError as exc:
            self._show_error(str(exc))
            raise
        if not self._may_discard("Open another lesson"):
            return
        self._moving = True
        try:
            player = LessonPlayer(lesson, self.workbench, interactive=True)
        except LogicsimError as exc:
            self._show_error(str(exc))
            raise
        finally:
            self._moving = False
        self.set_playing(False)
        for bridge in self._player_bridges:
            bridge._detach()
            bridge.deleteLater()
        self.player = player
        # through bridges: a step run on a worker thread reaches the widgets on the GUI thread
        from logicsim_gui.bridge import follow

        self._player_bridges = [
            follow(player.changed, self.refresh, self),
            follow(player.focus_requested, self._focus, self),
        ]
        self.language.blockSignals(True)
        self.language.clear()
        for code in lesson.languages:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.blockSignals(False)
        self.language.setVisible(len(lesson.languages) > 1)
        if self.lang not in lesson.languages:
            self.lang = "en"
        self.language.setCurrentIndex(list(lesson.languages).index(self.lang))
        self.error_text = ""
        self._after_move()
        self.refresh()

    def browse(self) -> LessonBrowser:
        """Show the lesson browser (titles, minutes, the course's order and mode)."""
        current = self.player.lesson.name if self.player is not None else None
        if self.browser is None:
            self.browser = LessonBrowser(self, current, self.lang)
            self.browser.chosen.connect(self._open_chosen)
        else:
            self.browser.current = current
            self.browser.populate(self.lang)
        self.browser.show()
        self.browser.raise_()
        return self.browser

    def open_next_lesson(self) -> None:
        """Open the lesson after this one in the course ("Next lesson ▶")."""
        name = self._next_lesson()
        if name is not None:
            self._open_chosen(name)

    def _next_lesson(self) -> str | None:
        if self.player is None:
            return None
        return next_lesson_after(self.player.lesson.name)

    def _open_chosen(self, name: str) -> None:
        try:
            self.open_lesson(name)
        except LogicsimError:
            pass  # shown in the dock already

    # -- moves (buttons) ---------------------------------------------------------------------
    def next(self) -> None:
        """Next: reveal an open question, finish the step on screen, or enter the next one
        (slow steps run off the GUI thread)."""
        if self.player is None or self.busy:
            return
        if self.player.at_end:  # the last step was read: now the recap
            self._recap_open = True
            self.refresh()
            return
        acts = self._next_acts()
        self._move(self.player.forward, acts)

    def _next_clicked(self) -> None:
        """The Next button: Next, or Cancel while a step works on the worker thread.  For
        :data:`CANCEL_GRACE_S` after a background step ends the button does nothing: a click
        meant for "Cancel" that lands just after the work finished must not skip the step's
        result."""
        if self.busy:
            self.cancel_step()
        elif time.monotonic() - self._finished_at >= CANCEL_GRACE_S:
            self.next()

    def cancel_step(self) -> None:
        """Stop the move running on the worker thread; the state from before it comes back."""
        if self.busy and self.player is not None and not self.player.cancel_requested:
            self.player.cancel()
            self.next_button.setText(self._w("cancelling"))
            self._status("cancelling the step…")
            self.work_progress.emit(self.work_percent())

    def back(self) -> None:
        if self.player is not None and not self.busy and self._may_discard("Back"):
            self._guard(self.player.back)

    def restart(self) -> None:
        if self.player is not None and not self.busy and self._may_discard("Restart"):
            self.set_playing(False)
            self._guard(self.player.restart)

    def answer(self, given: Any) -> None:
        """Submit the student's answer to the open question."""
        player = self.player
        if player is None or self.busy or player.phase != "asking":
            return
        acts = list(player.current.acts) if player.current else []
        self._move(lambda: player.answer(given), acts)

    def show_me(self) -> None:
        """ "Show me" of the open task."""
        player = self.player
        if player is None or self.busy:
            return
        step = player.current
        acts = list(step.task.show.acts) if step is not None and step.task is not None else []
        self._move(player.show_me, acts)

    def check_exercise(self) -> None:
        """ "Check my answer": grade the exercise on the current state."""
        player = self.player
        if player is None or self.busy:
            return
        holder: dict[str, Any] = {}

        def grade() -> None:
            holder["grades"] = player.grade()

        key = self._step_key
        self._guard(grade)
        if self._step_key == key:
            self._grades = holder.get("grades")
            if self._grades and all(getattr(g, "passed", False) for g in self._grades):
                self.student_changed = False  # their change was the answer, now graded right
            self.refresh()

    def show_answer(self) -> None:
        """ "Show answer" of the open exercise (an earlier "Not yet" verdict is cleared)."""
        player = self.player
        if player is None or self.busy:
            return
        self._grades = None
        step = player.current
        acts = []
        if step is not None and step.exercise is not None:
            acts = list(step.exercise.solution.acts)
        self._move(player.show_answer, acts)

    def _may_discard(self, what: str) -> bool:
        """True when nothing the student changed would be lost, or they agree to lose it."""
        if not self.student_changed or self.player is None:
            return True
        if self.player.at_end and self._recap_open:
            return True  # the lesson is finished; "Next lesson" from the recap loses nothing

        reply = QMessageBox.question(
            self,
            what,
            "You changed something in the window since this step began. "
            f"{what} puts back the lesson's own state, so your change will be lost. Go on?",
            QMessageBox.Yes | QMessageBox.Cancel,
            QMessageBox.Cancel,
        )
        return reply == QMessageBox.Yes

    def _move(self, move, acts: list[Any]) -> None:
        """Make a player move that runs ``acts``: on the worker thread when they are slow (Next
        becomes Cancel), else at once on the GUI thread."""
        if self._acts_are_slow(acts):
            self._run_in_background(move, acts)
        else:
            self._guard(move)

    def _acts_seconds(self, acts: list[Any]) -> float:
        """Estimated seconds of ``acts`` on the workbench as it is (the lesson budget)."""
        from logicsim.lesson.budget import workbench_seconds

        return sum(workbench_seconds(a, self.workbench) for a in acts)

    def _acts_are_slow(self, acts: list[Any]) -> bool:
        """Training, or anything the lesson budget expects to take more than
        :data:`BACKGROUND_ABOVE_S` (e.g. many clock cycles), runs on the worker thread."""
        if any(a.name in SLOW_ACTIONS for a in acts):
            return True
        return self._acts_seconds(acts) > BACKGROUND_ABOVE_S

    def _next_acts(self) -> list[Any]:
        """The actions Next is about to run (the open step's pending ones, the next step's)."""
        player = self.player
        if player is None:
            return []
        step = player.current
        acts: list[Any] = []
        if step is not None and player.pending:
            if player.phase == "asking":
                return list(step.acts)
            if player.phase == "waiting" and step.wait is not None and step.wait.action:
                acts.append(step.wait.action)
            if player.phase == "task" and step.task is not None:
                acts.extend(step.task.show.acts)
            if player.phase == "exercise" and step.exercise is not None:
                acts.extend(step.exercise.solution.acts)
        if player.position < player.n_steps:
            nxt = player.lesson.steps[player.position]
            if nxt.ask is None:
                acts.extend(nxt.acts)
                if nxt.wait is not None and nxt.wait.action is not None:
                    acts.append(nxt.wait.action)
        return acts

    def _lock_benches(self, locked: bool) -> None:
        """While a step runs on the worker, the benches it may change take no input from the
        learner (the views still redraw), so no widget edits the model from the GUI thread
        at the same time."""
        for name in ("splitter", "time_control"):  # not the presentation bar: its Cancel works
            widget = getattr(self.main_window, name, None)
            if widget is not None:
                widget.setEnabled(not locked)

    def _run_in_background(self, move, acts: list[Any]) -> None:
        """Run ``move`` (which runs ``acts``) on a worker thread; the widgets stay live, Next
        becomes "Cancel (n %)"."""
        assert self.player is not None
        self.player.begin_work()
        self._planned_s = max(self._acts_seconds(acts), 1e-9)
        self.busy = True
        self.last_outcome = ""
        self._lock_benches(True)
        self.refresh()
        self.work_timer.start()
        # hand the GIL back to the GUI thread more often while the step works (as training does)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(BACKGROUND_SWITCH_INTERVAL)

        def work() -> None:
            try:
                move()
                outcome: Any = None
            except (LessonError, StepCancelled) as exc:
                outcome = exc
            except Exception as exc:  # noqa: BLE001 - reported in the dock, never lost
                outcome = LessonError(
                    self.player.lesson.path if self.player else "lesson",
                    f"{type(exc).__name__}: {exc}",
                )
            self._background_done.emit(outcome)

        self._worker = threading.Thread(target=work, name="lesson-step", daemon=True)
        self._worker.start()

    def _finish_background(self, outcome: Any) -> None:
        if self._worker is not None:
            self._worker.join()
            self._worker = None
        self._finished_at = time.monotonic()
        sys.setswitchinterval(getattr(self, "_switch_interval", 0.005))
        self.busy = False
        self.work_timer.stop()
        self._lock_benches(False)
        if isinstance(outcome, StepCancelled):
            self.last_outcome = "cancelled"
            self.set_playing(False)
            self.error_text = ""
            self._status(str(outcome))
        elif isinstance(outcome, LessonError):
            self.last_outcome = "failed"
            self.set_playing(False)
            self._show_error(str(outcome))
        else:
            self.last_outcome = "done"
            self.error_text = ""
        self._after_move()
        self.refresh()
        if self.timer.isActive() or self.play_button.isChecked():
            self._schedule_play()

    def stop_work(self, wait_s: float = 10.0) -> None:
        """On closing the window: cancel a step running on the worker thread and wait for it
        (at most ``wait_s`` seconds; the thread is a daemon and cannot keep the app alive)."""
        worker = self._worker
        if self.busy and worker is not None:
            self.cancel_step()
            worker.join(wait_s)

    def work_percent(self) -> int:
        """Share of the running move's estimated work done, 0..99 (100 only when finished)."""
        if self.player is None:
            return 0
        return int(min(99.0, 100.0 * self.player.work_seconds() / self._planned_s))

    def _show_work(self) -> None:
        if self.busy and self.player is not None and not self.player.cancel_requested:
            percent = self.work_percent()
            self.next_button.setText(self._w("cancel", percent))
            self.work_progress.emit(percent)

    def set_playing(self, on: bool) -> None:
        on = bool(on) and self.player is not None and not self.player.at_end
        if self.play_button.isChecked() != on:
            self.play_button.blockSignals(True)
            self.play_button.setChecked(on)
            self.play_button.blockSignals(False)
        self.play_button.setText(self._w("pause" if on else "play"))
        if on:
            self._schedule_play()
        else:
            self.timer.stop()

    def _schedule_play(self) -> None:
        if not self.play_button.isChecked():
            return
        title, text = self.narration_text()
        self.timer.start(reading_ms(title + text, self.play_min_ms, self.play_max_ms))

    def _play_tick(self) -> None:
        if self.busy:
            return  # _finish_background schedules the next tick
        if self.player is None or self.player.at_end:
            self.set_playing(False)
            return
        self.next()
        if self.player is not None and self.player.at_end:
            self.set_playing(False)
        elif not self.busy:
            self._schedule_play()

    def _guard(self, move) -> None:
        self._moving = True
        try:
            move()
        except Exception as exc:  # noqa: BLE001 - shown in the dock; a lesson never kills the app
            self.set_playing(False)
            text = str(exc) if isinstance(exc, LogicsimError) else f"{type(exc).__name__}: {exc}"
            self._show_error(text)
            self._after_move()
            self.refresh()
            return
        finally:
            self._moving = False
        self.error_text = ""
        self._after_move()
        self.refresh()

    def _after_move(self) -> None:
        """On entering a new step: forget the student's changes, start the hint clock, point
        at the panel the step works on, and say what was restored."""
        player = self.player
        key = (id(player), player.position) if player is not None else None
        if key == self._step_key:
            if player is not None and player.phase != "task":
                self.hint_timer.stop()
            return
        self._step_key = key
        self.content_area.verticalScrollBar().setValue(0)  # a new step is read from its top
        wandered = self.student_changed
        self.student_changed = False
        self._grades = None
        self._hint_due = False
        self.hint_timer.stop()
        step = player.current if player is not None else None
        if step is None:
            return
        if step.task is not None and player.phase == "task":
            self.hint_timer.start(int(step.task.hint_after * 1000))
        restored = player.results[-1].restored if player.results else ()
        if step.focus and player.phase == "asking":
            self._focus(step.focus[0])  # the question is about that panel: show it before voting
        if not step.focus:
            target = self._implied_focus(step)
            if target is None and (wandered or restored):
                target = self._last_focus  # the student wandered off: back to the lesson's place
            if target is not None:
                self._focus(target)
        if restored:
            names = ", ".join(plain_control_name(n) for n in restored)
            self._status(f"Set again for this step: {names}")

    def _implied_focus(self, step: Any) -> str | None:
        """The panel of the first control the step (or its task / solution) sets."""
        registry = self.player.registry if self.player is not None else None
        if registry is None:
            return None
        for script in step.scripts():
            for name, _ in script.sets:
                target = registry.focus_target(name)
                if target is not None:
                    return target
            for action in script.acts:
                target = registry.focus_target(action.name)
                if target is not None:
                    return target
        return None

    def _hint_time(self) -> None:
        self._hint_due = True
        self.refresh()

    # -- following the model -----------------------------------------------------------------
    def _follow_workbench(self) -> None:
        changed = getattr(self.workbench, "changed", None)
        if changed is None:
            return
        from logicsim_gui.bridge import follow

        self._bridge = follow(changed, self._workbench_changed, self)

    def _workbench_changed(self, bench: str = "", reason: str = "") -> None:
        """A change the student made: remember it; it may finish a wait or a task."""
        player = self.player
        if self.busy or self._moving or player is None:
            return  # (events queued by a background step arrive before it is marked done)
        self.student_changed = True
        if player.phase == "task":  # re-check the goal; the dock redraws only when it is met
            self._moving = True
            try:
                done = player.poll_task()
            except Exception as exc:  # noqa: BLE001 - shown in the dock, never lost
                self._show_error(str(exc))
                done = False
            finally:
                self._moving = False
            if done:  # the change was the task itself: nothing of the student's is at stake
                self.student_changed = False
                self._after_move()
            return
        if not player.waiting or player.current is None:
            return
        wait = player.current.wait
        if wait is None or wait.action is None:
            return
        from logicsim.workbench.registry import ACTIONS

        spec = ACTIONS.get(wait.action.name)
        wanted = getattr(spec, "bench", "workbench")
        if wanted not in ("workbench", bench):
            return
        baseline = self._wait_baseline
        if baseline is not None and baseline[0] == player.position:
            if self._wait_probe() == baseline[1]:
                return  # something else changed (e.g. another input), not what we wait for
        self._guard(player.learner_acted)

    def _wait_probe(self) -> Any:
        """The value the awaited action changes (an input net for ``toggle``), if it has one."""
        player = self.player
        step = player.current if player is not None else None
        if step is None or step.wait is None or step.wait.action is None:
            return None
        net = step.wait.action.args.get("net")
        if not isinstance(net, str):
            return None
        try:
            return self.workbench.get(f"input.{net}")
        except Exception:  # noqa: BLE001 - no such input: fall back to "any change"
            return None

    def _focus(self, name: str) -> None:
        self._last_focus = name
        focus = getattr(self.main_window, "focus", None)
        if focus is None:
            return
        try:
            focus(name)
        except Exception as exc:  # noqa: BLE001 - a missing highlight must not stop the lesson
            self._status(f"cannot highlight {name}: {exc}")

    def _language_changed(self, index: int) -> None:
        code = self.language.itemData(index)
        if code:
            self.lang = code
            self.refresh()

    def _toggle_info(self, on: bool) -> None:
        self.info.setVisible(on)

    # -- drawing -----------------------------------------------------------------------------
    def refresh(self, *_: Any) -> None:
        """Redraw every widget from the player."""
        player = self.player
        has = player is not None
        for button in (self.back_button, self.next_button, self.restart_button, self.play_button):
            button.setEnabled(has and not self.busy)
        if player is None:
            self.title.setText("No lesson open")
            self.narration.setMarkdown("Open a lesson from the **Lesson** menu or with ☰.")
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.hint.setText(self.error_text)
            self.checks.clear()
            self.cards.setCurrentIndex(EMPTY)
            self.info.setText("")
            return
        lesson, step = player.lesson, player.current
        if (
            player.waiting
            and not self.busy
            and (self._wait_baseline is None or self._wait_baseline[0] != player.position)
        ):
            self._wait_baseline = (player.position, self._wait_probe())
        elif not player.waiting:
            self._wait_baseline = None
        lang = self.lang
        self.title.setText(lesson.heading(lang))
        self.title.setToolTip(lesson.heading(lang))
        self.progress.setRange(0, player.n_steps)
        self.progress.setValue(player.position)
        self.back_button.setEnabled(player.position > 0 and not self.busy)
        recap_open = player.at_end and self._recap_open
        if not player.at_end:
            self._recap_open = False  # Back, Restart or another lesson: the recap waits again
        self.next_button.setEnabled(not recap_open)
        self.play_button.setEnabled(not self.busy or self.play_button.isChecked())
        if self.busy:
            self.next_button.setToolTip(self.CANCEL_TIP)
            if player.cancel_requested:
                self.next_button.setText(self._w("cancelling"))
            else:
                self.next_button.setText(self._w("cancel", self.work_percent()))
        else:
            self.next_button.setToolTip(self.NEXT_TIP)
            key = "recap" if player.at_end else NEXT_WORDS.get(player.phase, "next")
            self.next_button.setText(self._w(key))
        self._apply_font()
        self._label_buttons()
        self.info.setText(self._info_html())
        if step is None:
            title = lesson.heading(lang)
            text = f"{lesson.blurb(lang)}\n\n*{self._w('n_steps', player.n_steps)}*"
        else:
            title = step.heading(lang)
            text = f"### {title}\n\n{step.text(lang)}"
            if step.ask is not None and player.phase != "asking" and step.reveal:
                text += f"\n\n**{self._w('what_happened')}** {pick(step.reveal, lang)}"
            if player.at_end:
                text += "\n\n---\n\n*End of the lesson: Next shows the recap.*"
        self.narration.setMarkdown(text)
        if self._last_narration != (title, text):
            self._last_narration = (title, text)
            self.narration_changed.emit(title, text)
        self._draw_card()
        self.hint.setText(self._hint_text())
        self.hint.setStyleSheet("color: #c0392b;" if self.error_text else "font-style: italic;")
        self._draw_checks()
        self.stepped.emit(player.position)

    def _draw_card(self) -> None:
        player = self.player
        assert player is not None
        step, lang = player.current, self.lang
        result = player.results[-1] if player.results else None
        done = player.phase == "done"
        if player.at_end and step is not None and self._recap_open:
            name = self._next_lesson()
            title = load_lesson(name).heading(lang) if name is not None else None
            self.recap_card.show_recap(pick_lines(player.lesson.recap, lang), title, lang)
            self.cards.setCurrentIndex(RECAP)
        elif step is not None and step.ask is not None:
            record = result.answer if result is not None and player.phase != "asking" else None
            if player.phase != "asking" and record is None:
                from logicsim.lesson import AnswerRecord

                record = AnswerRecord(step.index, step.ask, None)
            self.question_card.show_question(step.ask, lang, record)
            self.cards.setCurrentIndex(QUESTION)
        elif step is not None and step.task is not None:
            shown = bool(result and result.shown)
            self.task_card.show_task(step.task, lang, done, shown, self._hint_due)
            self.cards.setCurrentIndex(TASK)
        elif step is not None and step.exercise is not None:
            shown = bool(result and result.shown)
            self.exercise_card.show_exercise(step.exercise, lang, done, shown, self._grades)
            self.cards.setCurrentIndex(EXERCISE)
        else:
            self.cards.setCurrentIndex(EMPTY)

    def _hint_text(self) -> str:
        player = self.player
        assert player is not None
        step = player.current
        hint = ""
        if player.waiting and step is not None and step.wait is not None:
            hint = (
                step.wait.hint.get(self.lang)
                or step.wait.hint.get("en")
                or f"Your turn: {step.wait.action.describe()} — or press Next."
            )
        elif step is not None and step.wait is not None and step.wait.action is None:
            hint = self._w("press_next")
        elif player.phase == "asking":
            hint = self._w("choose")
        if self.busy:
            hint = self._w("working")
        if self.error_text:
            hint = self.error_text
        return hint

    def _draw_checks(self) -> None:
        player = self.player
        assert player is not None
        step = player.current
        if step is None or not player.results:
            self.checks.clear()
            return
        result = player.results[-1]
        if not result.checked:
            self.checks.show_results([], (), self.lang)
            self.checks.set_note("<i>checks run when the step is done</i>")
            return
        self.checks.set_note("")
        self.checks.show_results(result.checks, step.all_checks(), self.lang)

    def _info_html(self) -> str:
        player = self.player
        if player is None:
            return ""
        lesson, lang = player.lesson, self.lang
        parts = []
        if lesson.minutes:
            parts.append(f"<b>Time:</b> {lesson.minutes} minutes")
        if lesson.lecture:
            parts.append(f"<b>Lecture:</b> {html.escape(pick(lesson.lecture, lang))}")
        objectives = pick_lines(lesson.objectives, lang)
        if objectives:
            items = "".join(f"<li>{html.escape(o)}</li>" for o in objectives)
            parts.append(f"<b>Objectives</b><ul>{items}</ul>")
        if lesson.teacher_notes:
            notes = html.escape(pick(lesson.teacher_notes, lang)).replace("\n", "<br>")
            parts.append(f"<b>Teacher notes:</b> {notes}")
        if not parts:
            parts.append(html.escape(lesson.blurb(lang)))
        return "<br>".join(parts)

    def _w(self, key: str, p: object = "") -> str:
        """The dock's word ``key`` in the narration's language."""
        return word(key, self.lang, p)

    def _label_buttons(self) -> None:
        """The buttons' and the progress bar's words in the narration's language."""
        self.back_button.setText(self._w("back"))
        self.restart_button.setText(self._w("restart"))
        self.play_button.setText(self._w("pause" if self.play_button.isChecked() else "play"))
        if self.width() > 0:  # words and zoom change what the buttons need
            self._arrange_buttons(two_rows=self.width() < self.buttons_need())
        self.progress.setFormat(self._w("step"))
        self.question_card.label(self.lang)
        self.task_card.label(self.lang)
        self.exercise_card.label(self.lang)
        self.recap_card.label(self.lang)

    def _apply_font(self) -> None:
        font = QFont(self.narration.font())
        if self.lang == "bn":
            family = bengali_font_family()
            if family is None:
                self._status("No Bengali font found: install fonts-noto-core")
            else:
                font.setFamily(family)
        else:
            font.setFamily(QFont().family())
        font.setPointSizeF(max(QFont().pointSizeF(), 10.0) * 1.15)
        self.narration.setFont(font)
        self.narration.document().setDefaultFont(font)
        # never squeezed below a few lines by a tall card: the dock's content scrolls instead
        lines = QFontMetrics(font).lineSpacing() * NARRATION_MIN_LINES
        self.narration.setMinimumHeight(int(lines) + 2 * self.narration.frameWidth() + 8)

    def _show_error(self, text: str) -> None:
        self.error_text = " ".join(text.split())
        self.hint.setText(self.error_text)
        self._status(self.error_text)

    def _status(self, text: str) -> None:
        show = getattr(self.main_window, "show_status", None)
        if show is not None:
            show(text)

    def shortcut_help(self) -> str:
        """The lesson shortcuts as an HTML table (for Help → Keyboard shortcuts)."""
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in self.SHORTCUTS)
        return f"<table cellpadding='4'>{rows}</table>"
