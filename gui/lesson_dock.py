"""The lesson dock: narration, Back / Next / Restart / Play, progress, checks and focus.

A thin view over :class:`logicsim.lesson.LessonPlayer` (interactive mode): the player is the
model, the dock redraws from it on every ``player.changed``.  A step's ``focus`` calls
``main_window.focus(name)`` (switch tab, scroll, highlight).  While a step waits for an action
(``wait = {do = "toggle", net = "S"}``), any change the learner makes on that action's bench
counts as done; pressing Next instead does the action for them.  Play advances one step every
:data:`PLAY_INTERVAL_MS` until the end.
"""

from __future__ import annotations

import html
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from logicsim.errors import LogicsimError
from logicsim.lesson import LessonError, LessonPlayer, load_lesson

if TYPE_CHECKING:  # pragma: no cover
    from logicsim_gui.main_window import MainWindow

    from logicsim.workbench import Workbench

#: Milliseconds between steps while Play is on.
PLAY_INTERVAL_MS = 2500
#: Actions slow enough to run off the GUI thread when a step contains them.
SLOW_ACTIONS = frozenset({"train"})
#: Languages the dock can name in its selector.
LANGUAGE_NAMES = {"en": "English", "bn": "বাংলা (Bengali)"}


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
    """

    #: Emitted with the new position after every move (for tests and the status bar).
    stepped = Signal(int)
    #: Emitted (from the worker thread) when a background step has finished.
    _background_done = Signal(object)

    def __init__(self, workbench: Workbench, main_window: MainWindow | None = None) -> None:
        super().__init__("Lesson", main_window)
        self.workbench = workbench
        self.main_window = main_window
        self.player: LessonPlayer | None = None
        self.lang = "en"
        self.error_text = ""
        self.busy = False  # a step is running on a worker thread (training)
        self._wait_baseline: tuple[int, Any] | None = None  # (position, awaited value at start)
        self._bridge: Any = None
        self._player_bridges: list[Any] = []
        self._worker: threading.Thread | None = None
        self._background_done.connect(self._finish_background, Qt.QueuedConnection)

        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = QLabel("No lesson open")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.language = QComboBox()
        self.language.setToolTip("Language of the narration")
        self.language.currentIndexChanged.connect(self._language_changed)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.language)
        layout.addLayout(top)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("Step %v / %m")
        layout.addWidget(self.progress)

        self.narration = QTextBrowser()
        self.narration.setOpenExternalLinks(True)
        self.narration.setMinimumWidth(280)
        layout.addWidget(self.narration, 1)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("font-style: italic;")
        layout.addWidget(self.hint)
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.RichText)
        layout.addWidget(self.checks)

        buttons = QHBoxLayout()
        self.back_button = QPushButton("◀ Back")
        self.next_button = QPushButton("Next ▶")
        self.restart_button = QPushButton("⟲ Restart")
        self.play_button = QPushButton("Play")
        self.play_button.setCheckable(True)
        for button, slot, tip in (
            (self.back_button, self.back, "Undo this step (restores the exact earlier state)"),
            (self.restart_button, self.restart, "Back to the start of the lesson"),
            (self.play_button, self.set_playing, "Advance one step every few seconds"),
            (self.next_button, self.next, "Do this step's task if needed, then go on"),
        ):
            button.setToolTip(tip)
            (button.toggled if button is self.play_button else button.clicked).connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.setWidget(body)

        # a presenter's remote sends Page Down / Page Up: Next / Back from anywhere in the window
        owner = main_window if main_window is not None else self
        self.shortcuts = [
            QShortcut(QKeySequence(Qt.Key_PageDown), owner, activated=self.next),
            QShortcut(QKeySequence(Qt.Key_PageUp), owner, activated=self.back),
        ]
        self.next_button.setToolTip(self.next_button.toolTip() + " (Page Down)")
        self.back_button.setToolTip(self.back_button.toolTip() + " (Page Up)")

        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._play_tick)
        self._follow_workbench()
        self.refresh()

    # -- opening -----------------------------------------------------------------------------
    def open_lesson(self, name: str) -> None:
        """Open lesson ``name`` (library name or file) at its start; raises LessonError."""
        try:
            lesson = load_lesson(name)
            player = LessonPlayer(lesson, self.workbench, interactive=True)
        except LogicsimError as exc:
            self._show_error(str(exc))
            raise
        if self.busy:
            raise LessonError(str(name), "wait until the running step has finished")
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
        self.refresh()

    # -- moves (buttons) ---------------------------------------------------------------------
    def next(self) -> None:
        """Next: finish the step on screen and enter the next one (slow steps run off-thread)."""
        if self.player is None or self.busy:
            return
        if self._next_is_slow():
            self._run_in_background(self.player.forward)
        else:
            self._guard(self.player.forward)

    def back(self) -> None:
        if self.player is not None and not self.busy:
            self._guard(self.player.back)

    def restart(self) -> None:
        if self.player is not None and not self.busy:
            self.set_playing(False)
            self._guard(self.player.restart)

    def _next_is_slow(self) -> bool:
        player = self.player
        if player is None or player.position >= player.n_steps:
            return False
        step = player.lesson.steps[player.position]
        names = {a.name for a in step.acts}
        if step.wait is not None and step.wait.action is not None:
            names.add(step.wait.action.name)
        return bool(names & SLOW_ACTIONS)

    def _lock_benches(self, locked: bool) -> None:
        """While a step runs on the worker, the benches it may change take no input from the
        learner (the views still redraw), so no widget edits the model from the GUI thread
        at the same time."""
        central = getattr(self.main_window, "centralWidget", None)
        widget = central() if callable(central) else None
        if widget is not None:
            widget.setEnabled(not locked)

    def _run_in_background(self, move) -> None:
        """Run ``move`` on a worker thread; the widgets stay live and show progress."""
        self.busy = True
        self._lock_benches(True)
        self.refresh()

        def work() -> None:
            try:
                move()
                outcome: Any = None
            except LessonError as exc:
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
        self.busy = False
        self._lock_benches(False)
        if isinstance(outcome, LessonError):
            self.set_playing(False)
            self._show_error(str(outcome))
        else:
            self.error_text = ""
        self.refresh()

    def set_playing(self, on: bool) -> None:
        on = bool(on) and self.player is not None and not self.player.at_end
        if self.play_button.isChecked() != on:
            self.play_button.blockSignals(True)
            self.play_button.setChecked(on)
            self.play_button.blockSignals(False)
        self.play_button.setText("Pause" if on else "Play")
        if on:
            self.timer.start()
        else:
            self.timer.stop()

    def _play_tick(self) -> None:
        if self.busy:
            return
        if self.player is None or self.player.at_end:
            self.set_playing(False)
            return
        self.next()

    def _guard(self, move) -> None:
        try:
            move()
        except Exception as exc:  # noqa: BLE001 - shown in the dock; a lesson never kills the app
            self.set_playing(False)
            text = str(exc) if isinstance(exc, LogicsimError) else f"{type(exc).__name__}: {exc}"
            self._show_error(text)
            self.refresh()
            return
        self.error_text = ""
        self.refresh()

    # -- following the model -----------------------------------------------------------------
    def _follow_workbench(self) -> None:
        changed = getattr(self.workbench, "changed", None)
        if changed is None:
            return
        try:
            from logicsim_gui.bridge import follow

            self._bridge = follow(changed, self._workbench_changed, self)
        except ImportError:  # pragma: no cover - bridge is part of the app
            changed.connect(self._workbench_changed)

    def _workbench_changed(self, bench: str = "", reason: str = "") -> None:
        """While a step waits for an action, a change on that action's bench means it was done."""
        player = self.player
        if self.busy or player is None or not player.waiting or player.current is None:
            return  # (events queued by a background step arrive before it is marked done)
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
        player.learner_acted()

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

    # -- drawing -----------------------------------------------------------------------------
    def refresh(self, *_: Any) -> None:
        """Redraw every widget from the player."""
        player = self.player
        has = player is not None
        for button in (self.back_button, self.next_button, self.restart_button, self.play_button):
            button.setEnabled(has and not self.busy)
        if player is None:
            self.title.setText("No lesson open")
            self.narration.setMarkdown("Open a lesson from the **Lesson** menu.")
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.hint.setText(self.error_text)
            self.checks.setText("")
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
        self.title.setText(lesson.heading(self.lang))
        self.progress.setRange(0, player.n_steps)
        self.progress.setValue(player.position)
        self.back_button.setEnabled(player.position > 0 and not self.busy)
        self.next_button.setEnabled(not player.at_end and not self.busy)
        self.play_button.setEnabled(not self.busy or self.play_button.isChecked())
        self.next_button.setText("Do it for me ▶" if player.waiting else "Next ▶")
        self._apply_font()
        if step is None:
            text = f"{lesson.blurb(self.lang)}\n\n*{player.n_steps} steps. Press Next to begin.*"
        else:
            text = f"### {step.heading(self.lang)}\n\n{step.text(self.lang)}"
            if player.at_end:
                text += "\n\n---\n\n*End of the lesson.*"
        self.narration.setMarkdown(text)
        hint = ""
        if player.waiting and step is not None and step.wait is not None:
            hint = (
                step.wait.hint.get(self.lang)
                or step.wait.hint.get("en")
                or f"Your turn: {step.wait.action.describe()} — or press Next."
            )
        elif step is not None and step.wait is not None and step.wait.action is None:
            hint = "Press Next when you are ready."
        if self.busy:
            hint = "Working on the next step (training runs in the background)…"
        if self.error_text:
            hint = self.error_text
        self.hint.setText(hint)
        self.hint.setStyleSheet("color: #c0392b;" if self.error_text else "font-style: italic;")
        self.checks.setText(self._checks_html())
        self.stepped.emit(player.position)

    def _checks_html(self) -> str:
        player = self.player
        if player is None or not player.results:
            return ""
        result = player.results[-1]
        if not result.checked:
            return "<i>checks run when the task is done</i>" if result.index >= 0 else ""
        rows = []
        for c in result.checks:
            mark = (
                "<span style='color:#1a7f37'>✔</span>"
                if c.passed
                else "<span style='color:#c0392b'>✘</span>"
            )
            detail = "" if c.passed else f" — {html.escape(c.error or _observed(c.observed))}"
            rows.append(f"{mark} <code>{html.escape(c.text)}</code>{detail}")
        return "<br>".join(rows)

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

    def _show_error(self, text: str) -> None:
        self.error_text = " ".join(text.split())
        self.hint.setText(self.error_text)
        self._status(self.error_text)

    def _status(self, text: str) -> None:
        show = getattr(self.main_window, "show_status", None)
        if show is not None:
            show(text)


def _observed(observed: dict) -> str:
    return ", ".join(f"{k} = {v!r}" for k, v in observed.items())
