"""The lecture's four recurrent architectures as toy tasks, each trained in seconds.

A view of ``workbench.demo`` (:class:`logicsim.workbench.DemoBench`): choose vector → sequence
(spell a digit), sequence → vector (evaluate an expression), sequence → vector → sequence
(reverse a word) or sequence → sequence (auto-complete); *Train* runs ``DemoBench.train`` on a
worker thread; the panel shows the architecture, what it teaches, the loss curve, the accuracy
and the trained net's answer to a prompt.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
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

from gui.bridge import follow
from gui.controls import Bindings
from gui.palette import LIGHT, Theme
from gui.plots import ThemedPlot
from gui.worker import BackgroundTask


class DemoPanel(QWidget):
    """Demo choice, Train, the loss curve and the answer to a prompt."""

    def __init__(self, workbench: Any, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.demo
        self.status = status
        self.bindings = b = Bindings(workbench, status)
        box = QGroupBox("Architecture demo")
        row = QHBoxLayout(box)
        row.addWidget(b.bind(QComboBox(), "demo"))
        row.addWidget(QLabel("budget"))
        row.addWidget(b.bind(QSpinBox(), "demo.steps"))
        row.addWidget(QLabel("seed"))
        row.addWidget(b.bind(QSpinBox(), "demo.seed"))
        self.train_button = QPushButton("Train")
        self.train_button.setToolTip("Train the chosen demo from scratch (a few seconds, off the GUI thread).")
        self.train_button.clicked.connect(self.start)
        row.addWidget(self.train_button)
        row.addStretch(1)
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
        self.last_error: Exception | None = None
        follow(self.bench.changed, self._on_changed, self)
        self.refresh()

    @property
    def running(self) -> bool:
        """Whether a demo is training."""
        return self.task.running

    def start(self) -> None:
        """Train the current demo on a worker thread."""
        if self.task.start(self.bench.train):
            self.last_error = None
            self.train_button.setEnabled(False)
            self.train_button.setText("Training…")

    def _finished(self, outcome: object) -> None:
        self.train_button.setEnabled(True)
        self.train_button.setText("Train")
        if isinstance(outcome, Exception):
            self.last_error = outcome
            if self.status:
                self.status(f"demo training failed: {outcome}")
        self.refresh()

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
        expected = f" (expected {result['expected']})" if result["expected"] and not d.prompt else ""
        self.answer.setText(f"{prompt} → <b>{output}</b>{expected} · accuracy "
                            f"<b>{result['accuracy']:.0%}</b> after {result['budget']} steps")

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.loss.setPen(pg.mkPen(theme.curve, width=2.5))
