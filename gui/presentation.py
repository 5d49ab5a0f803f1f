"""Presentation mode: one bench at a time, full screen, the lesson's narration as a bar.

F11 (or View → Presentation mode) hides the menus, the status line and the lesson dock, shows
the window full screen with only the bench the lesson points at (the logic bench or the
recurrent benches' tabs), and puts a bar under it with the step's narration, *Back* and a big
*Next*.  Esc or F11 leaves and gives back the layout as it was.

The bar talks to the lesson dock through :class:`LessonAdapter`, so it needs from the dock
only a ``next_step()`` / ``back_step()`` pair (or the older ``next()`` / ``back()``) and a
signal sent after every move.
"""

from __future__ import annotations

from typing import Any

from logicsim_gui.dock_words import all_variants
from logicsim_gui.fit import fix_width
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

#: Font size of the bar relative to the window's text.
BAR_SCALE = 1.35
#: The bar takes at most this share of the window's height.
MAX_SHARE = 0.28
#: ... and while a question is open (its choices must all be readable).
MAX_SHARE_ASKING = 0.5


class LessonAdapter(QObject):
    """What the presentation bar needs from the lesson dock, whatever version it is.

    Parameters
    ----------
    dock : LessonDock or None
        The window's lesson dock (None when lessons are not available).
    """

    #: Sent after the lesson moved or redrew (the bar then reads it again).
    changed = Signal()

    def __init__(self, dock: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dock = dock
        # ``stepped`` comes after every move and redraw (also of the hint and the Next label);
        # a dock with ``narration_changed`` (branch lessonengine) sends that one too.
        for name in ("stepped", "narration_changed", "work_progress"):
            signal = getattr(dock, name, None)
            if signal is not None:
                signal.connect(lambda *_: self.changed.emit())

    @property
    def available(self) -> bool:
        """Whether a lesson is open."""
        return self.dock is not None and getattr(self.dock, "player", None) is not None

    def title(self) -> str:
        """The lesson's title and the progress, e.g. ``Latches need gain · step 3 / 15``."""
        if not self.available:
            return "No lesson open (Lesson → Open lesson…)"
        progress = self.dock.progress
        return f"{self.dock.title.text()} · step {progress.value()} / {progress.maximum()}"

    def narration(self) -> str:
        """The step's narration as Markdown, with an open question and its choices (or, once
        answered, the right answer), and the hint when the step waits."""
        if not self.available:
            return ""
        shown = getattr(self.dock, "narration_text", None)  # (title, Markdown) when offered
        text = shown()[1] if shown is not None else self.dock.narration.toMarkdown()
        question = getattr(self.dock, "question_markdown", None)
        asked = question() if question is not None else ""
        if asked:  # first the question and its choices (or the verdict), then the narration
            text = f"{asked}\n\n---\n\n{text}"
        hint = self.dock.hint.text().strip()
        return f"{text}\n\n*{hint}*" if hint else text

    def question_lines(self) -> int:
        """Lines the step's question needs in the bar (itself, its choices and the keys line
        while open; the verdict and right answer once answered), else 0."""
        player = getattr(self.dock, "player", None) if self.available else None
        step = player.current if player is not None else None
        if step is None or step.ask is None:
            return 0
        if player.phase != "asking":
            return 3  # answered: keep the room for the verdict, feedback and right answer
        return 3 + len(step.ask.choices)

    def next_label(self) -> str:
        """What the dock's Next button says now ("Next ▶", "Do it ▶", "Recap ▶", or
        "Cancel (37 %)" while a step works)."""
        return self.dock.next_button.text() if self.dock is not None else "Next ▶"

    def can_next(self) -> bool:
        """Whether Next does something now."""
        return self.available and self.dock.next_button.isEnabled()

    def can_back(self) -> bool:
        """Whether Back does something now."""
        return self.available and self.dock.back_button.isEnabled()

    def next_step(self) -> None:
        """The dock's Next (its Cancel while a step works)."""
        if self.dock is not None:
            (getattr(self.dock, "next_step", None) or self.dock.next)()

    def back_step(self) -> None:
        """The dock's Back."""
        if self.dock is not None:
            (getattr(self.dock, "back_step", None) or self.dock.back)()


class PresentationBar(QFrame):
    """Back · narration · bench switch · Next · Leave, at the bottom of the window."""

    def __init__(self, lesson: LessonAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.setFrameShape(QFrame.StyledPanel)
        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setFrameShape(QFrame.NoFrame)
        self.back_button = QPushButton("◀ Back")
        self.back_button.setToolTip("The lesson's previous step (Page Up)")
        self.back_button.clicked.connect(lesson.back_step)
        self.next_button = QPushButton("Next ▶")
        self.next_button.setToolTip("The lesson's next step (Page Down)")
        self.next_button.clicked.connect(lesson.next_step)
        self.switch_button = QPushButton("⇄ Other bench")
        self.switch_button.setToolTip("Show the other bench")
        self.leave_button = QPushButton("✕ Leave (Esc)")
        self.leave_button.setToolTip("Back to the normal window (Esc or F11)")
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.addWidget(self.title)
        texts.addWidget(self.text, 1)
        side = QVBoxLayout()
        side.addWidget(self.switch_button)
        side.addWidget(self.leave_button)
        row = QHBoxLayout(self)
        row.addWidget(self.back_button)
        row.addLayout(texts, 1)
        row.addLayout(side)
        row.addWidget(self.next_button)
        lesson.changed.connect(self.refresh)
        self._room = 0  # height of the window the bar is in (0: not known yet)
        self._asking = 0  # lines of the open question (0: none open)
        self.apply_zoom(1.0)

    def refresh(self) -> None:
        """Read the lesson again."""
        self.title.setText(f"<b>{self.lesson.title()}</b>")
        self.text.setMarkdown(self.lesson.narration())
        self.next_button.setText(self.lesson.next_label())
        self.next_button.setEnabled(self.lesson.can_next())
        self.back_button.setEnabled(self.lesson.can_back())
        asking = self.lesson.question_lines()
        if asking != self._asking:
            self._asking = asking
            self.fit_height(self._room)

    def apply_zoom(self, factor: float) -> None:
        """Large text and a big Next, scaled with the window's zoom."""
        font = QApplication.font()  # (already zoomed)
        font.setPointSizeF(max(font.pointSizeF(), 8.0) * BAR_SCALE)
        for widget in (self.title, self.text):
            widget.setFont(font)
        self.text.document().setDefaultFont(font)
        big = self.next_button.font()
        big.setPointSizeF(font.pointSizeF() * 1.2)
        big.setBold(True)
        self.next_button.setFont(big)
        self._line = QFontMetrics(font).height()
        self._natural = int(self._line * 5.6)  # a title and four lines
        self.back_button.setFont(big)
        self.fit_height(self._room)

    def fit_height(self, window_height: int) -> None:
        """Four lines of narration, but never more than :data:`MAX_SHARE` of the window; while
        a question is open, room for it and its choices too, up to :data:`MAX_SHARE_ASKING`
        (the class must read every choice to vote)."""
        self._room = window_height
        natural = self._natural + int(self._line * 1.1 * self._asking)
        share = MAX_SHARE_ASKING if self._asking else MAX_SHARE
        height = min(natural, int(window_height * share)) if window_height else natural
        self.setFixedHeight(height)  # longer narration scrolls
        self.next_button.setMinimumHeight(max(height - 24, 0))
        self.back_button.setMinimumHeight(height // 2)
        fix_width(
            self.next_button,
            all_variants("next", "do_it", "recap", "reveal", "cancel", "cancelling", p=99),
            pad=48,
        )
        fix_width(self.switch_button, ["⇄ Logic bench", "⇄ Recurrent benches"])


class Presentation(QObject):
    """Presentation mode of a :class:`~logicsim_gui.main_window.MainWindow`."""

    #: Sent with True on entering and False on leaving.
    toggled = Signal(bool)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.lesson = LessonAdapter(window.lesson_dock, self)
        self.bar = PresentationBar(self.lesson)
        self.bar.setVisible(False)
        self.bar.leave_button.clicked.connect(self.leave)
        self.bar.switch_button.clicked.connect(self.switch_bench)
        window.centralWidget().layout().addWidget(self.bar)
        window.installEventFilter(self)  # the bar's height follows the window's
        self.escape = QShortcut(QKeySequence(Qt.Key_Escape), window, activated=self.leave)
        self.escape.setEnabled(False)
        # 1 … 9 give the class's answer to an open question (the bar lists the choices)
        self.answer_keys = [
            QShortcut(QKeySequence(str(k)), window, activated=lambda k=k: self.answer(k))
            for k in range(1, 10)
        ]
        for key in self.answer_keys:
            key.setEnabled(False)
        self.shown = "right"  # which bench: "logic" or "right"
        self._saved: dict[str, Any] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Fit the bar to the window's new height."""
        if watched is self.window and event.type() == QEvent.Resize:
            self.bar.fit_height(event.size().height())
        return False

    def toggle(self) -> None:
        """Enter, or leave when active (F11)."""
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        """Full screen, one bench, the lesson bar; remembers the layout to give back."""
        if self.active:
            return
        w = self.window
        dock = w.lesson_dock
        self._saved = {
            "state": w.windowState(),
            "menu": w.menuBar().isVisible(),
            "status": w.statusBar().isVisible(),
            "dock": dock is not None and dock.isVisible(),
        }
        self.active = True
        w.menuBar().setVisible(False)
        w.statusBar().setVisible(False)
        if dock is not None:
            dock.setVisible(False)
        self.bar.refresh()
        self.bar.setVisible(True)
        self.show_bench(self.shown)
        self.escape.setEnabled(True)
        for key in self.answer_keys:
            key.setEnabled(True)
        w.showFullScreen()
        self.toggled.emit(True)

    def leave(self) -> None:
        """Back to the window as it was before :meth:`enter`."""
        if not self.active:
            return
        w = self.window
        saved = self._saved
        self.active = False
        self.escape.setEnabled(False)
        for key in self.answer_keys:
            key.setEnabled(False)
        self.bar.setVisible(False)
        w.logic_area.setVisible(True)
        w.logic_panel.circuit_box.setVisible(True)
        w.right_tabs.setVisible(True)
        w.menuBar().setVisible(saved.get("menu", True))
        w.statusBar().setVisible(saved.get("status", True))
        if w.lesson_dock is not None:
            w.lesson_dock.setVisible(saved.get("dock", True))
        w.setWindowState(saved.get("state", Qt.WindowNoState))
        self.toggled.emit(False)

    def answer(self, k: int) -> None:
        """Answer choice ``k`` of the open question (keys 1 … 9 while presenting)."""
        dock = self.window.lesson_dock
        player = getattr(dock, "player", None)
        step = player.current if player is not None else None
        if not self.active or step is None or step.ask is None or player.phase != "asking":
            return
        if step.ask.number or not 1 <= k <= len(step.ask.choices):
            return
        dock.answer(k)

    def show_bench(self, which: str) -> None:
        """Show only the ``"logic"`` bench or the ``"right"`` tabs (while active)."""
        self.shown = which
        if not self.active:
            return
        self.window.logic_area.setVisible(which == "logic")
        self.window.logic_panel.circuit_box.setVisible(False)  # the lesson picks the circuit
        self.window.right_tabs.setVisible(which != "logic")
        other = "recurrent benches" if which == "logic" else "logic bench"
        self.bar.switch_button.setText(f"⇄ {other.capitalize()}")

    def switch_bench(self) -> None:
        """The other bench."""
        self.show_bench("right" if self.shown == "logic" else "logic")

    def follow(self, widget: QWidget) -> None:
        """Show the bench holding ``widget`` (a lesson step focused it)."""
        w = self.window
        if w.logic_panel is widget or w.logic_panel.isAncestorOf(widget):
            self.show_bench("logic")
        elif w.right_tabs is widget or w.right_tabs.isAncestorOf(widget):
            self.show_bench("right")
