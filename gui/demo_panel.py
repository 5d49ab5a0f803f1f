"""The lecture's four recurrent architectures as toy tasks, each trained in seconds.

A view of ``workbench.demo`` (:class:`logicsim.workbench.DemoBench`): choose vector → sequence
(spell a digit), sequence → vector (evaluate an expression), sequence → vector → sequence
(reverse a word) or sequence → sequence (auto-complete); *Train* runs ``DemoBench.train`` on a
worker thread; the panel shows the architecture, what it teaches, the loss curve, the accuracy
and the trained net's answer to a prompt.

Cancelling goes through the core, like the training tab's: while a demo trains, *Train* becomes
*Cancel*, which calls the bench's thread-safe ``DemoBench.cancel()``; ``train()`` then returns
early, keeps no results and sets the bench's ``cancelled`` flag; the status line reads "demo
training cancelled".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings
from logicsim_gui.fit import FlowLayout, labelled
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import ThemedPlot
from logicsim_gui.worker import BackgroundTask
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench


class DemoPanel(QWidget):
    """Demo choice, Train (Cancel while training), the loss curve and the answer to a prompt."""

    TRAIN = "Train"
    TRAIN_TIP = "Train the chosen demo from scratch (a few seconds, off the GUI thread)."
    CANCEL = "Cancel"
    CANCEL_TIP = "Stop the demo's training after its current step."

    def __init__(self, workbench: Workbench, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.demo
        self.status = status
        self.bindings = b = Bindings(workbench, status)
        box = QGroupBox("Architecture demo")
        row = FlowLayout(box)  # wraps on a narrow window instead of widening it
        row.addWidget(b.bind(QComboBox(), "demo"))
        row.addWidget(labelled("budget", b.bind(QSpinBox(), "demo.steps")))
        row.addWidget(labelled("seed", b.bind(QSpinBox(), "demo.seed")))
        self.train_button = QPushButton(self.TRAIN)
        self.train_button.setToolTip(self.TRAIN_TIP)
        self.train_button.clicked.connect(self._train_or_cancel)
        widest = self.train_button.fontMetrics().horizontalAdvance(f"{self.CANCEL} (100 %)")
        self.train_button.setMinimumWidth(widest + 24)  # the progress does not resize the row
        row.addWidget(self.train_button)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.RichText)
        prompt_row = QHBoxLayout()
        self.prompt = b.bind(QLineEdit(), "demo.prompt")
        self.prompt.setPlaceholderText("prompt (empty: the demo's sample prompt)")
        prompt_row.addWidget(QLabel("prompt"))
        prompt_row.addWidget(self.prompt, 1)
        self.answer = QLabel()
        self.answer.setTextFormat(Qt.RichText)
        self.answer.setWordWrap(True)  # a long answer wraps instead of widening the window
        prompt_row.addWidget(self.answer, 1)
        self.plot = ThemedPlot("training loss")
        self.plot.setLabel("bottom", "step")
        self.loss = self.plot.plot([], [], pen=pg.mkPen(LIGHT.curve, width=2.5))
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self.info)
        layout.addLayout(prompt_row)
        layout.addWidget(self.plot, 1)
        self.task = BackgroundTask(self)
        self.task.finished.connect(self._finished)
        self.ticker = QTimer(self)  # shows the core's progress counter on the button
        self.ticker.setInterval(150)
        self.ticker.timeout.connect(self._show_progress)
        self.last_error: Exception | None = None
        self.last_outcome = ""  # "", "training", "trained", "cancelled" or "failed"
        follow(self.bench.changed, self._on_changed, self)
        self.refresh()

    @property
    def running(self) -> bool:
        """Whether a demo is training."""
        return self.task.running

    def _train_or_cancel(self) -> None:
        if self.running:
            self.cancel()
        else:
            self.start()

    def start(self) -> None:
        """Train the current demo on a worker thread."""
        if self.task.start(self.bench.train, cancel=self.bench.cancel):
            self.last_error = None
            self.last_outcome = "training"
            self.train_button.setText(self.CANCEL)
            self.train_button.setToolTip(self.CANCEL_TIP)
            self.ticker.start()

    def _show_progress(self) -> None:
        """``Cancel (37 %)`` while training, from ``DemoBench.progress``."""
        done, planned = self.bench.progress
        if self.running and not self.task.cancel_requested and planned:
            self.train_button.setText(f"{self.CANCEL} ({min(100, 100 * done // planned)} %)")

    def cancel(self) -> None:
        """Ask the core to stop the running training early (see the module docstring)."""
        if self.task.cancel():
            self.train_button.setEnabled(False)
            self.train_button.setText("Cancelling…")
            self._say("cancelling the demo's training…")

    def _finished(self, outcome: object) -> None:
        self.ticker.stop()
        self.train_button.setEnabled(True)
        self.train_button.setText(self.TRAIN)
        self.train_button.setToolTip(self.TRAIN_TIP)
        if isinstance(outcome, Exception):
            self.last_error = outcome
            self.last_outcome = "failed"
            self._say(f"demo training failed: {outcome}")
        elif self.task.cancel_requested and self.bench.cancelled:
            self.last_outcome = "cancelled"
            self._say("demo training cancelled")
        else:
            self.last_outcome = "trained"
        self.refresh()

    def _say(self, text: str) -> None:
        if self.status:
            self.status(text)

    def _on_changed(self, *reason: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Everything from the bench."""
        from logicsim.errors import LogicsimError

        d = self.bench
        self.bindings.pull()
        info = d.info
        self.info.setText(f"<b>{info['architecture']}</b> — {info['shows']}")
        result = d.results.get(d.demo)
        if result is None:
            self.loss.setData([], [])
            self.answer.setText("<i>not trained yet</i>")
            return
        losses = np.asarray(result["losses"], float)  # (steps,)
        self.loss.setData(np.arange(1, losses.shape[0] + 1), losses)
        try:
            output = d.answer()
        except LogicsimError as exc:
            output = f"({exc})"
        prompt = d.prompt or result["prompt"]
        expected = (
            f" (expected {result['expected']})" if result["expected"] and not d.prompt else ""
        )
        self.answer.setText(
            f"{prompt} → <b>{output}</b>{expected} · accuracy "
            f"<b>{result['accuracy']:.0%}</b> after {result['budget']} steps"
        )

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.loss.setPen(pg.mkPen(theme.curve, width=2.5))
