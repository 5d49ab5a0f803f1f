"""Batch-ification for language modelling: a stream in B columns, cut into BPTT windows.

A view of ``workbench.batch`` (:class:`logicsim.workbench.BatchBench`), the lecture's slide:
the alphabet a…x in 4 columns, windows of T = 3 rows (shaded in turn), targets = the inputs
shifted down one row.  The readouts show what a small character RNN finds when it reads the
columns window by window: the state carried across windows equals one long pass (state gap 0),
a reset state does not, and the gradient of a window's loss stops at the window's first row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings
from logicsim_gui.fit import FlowLayout, labelled
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench

WINDOW_SHADES = ("#dbe9f6", "#fbe3c7")  # windows alternate blue / orange (light tints)


class BatchPanel(QWidget):
    """Settings, the column layout, the first windows and the carried-state readouts."""

    def __init__(self, workbench: Workbench, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.batch
        self.bindings = b = Bindings(workbench, status)
        box = QGroupBox("Stream")
        row = FlowLayout(box)  # wraps on a narrow window instead of widening it
        self.text_edit = b.bind(QLineEdit(), "batch.text")
        self.text_edit.setMinimumWidth(220)
        row.addWidget(labelled("text", self.text_edit))
        for label, name in (
            ("batch size B", "batch.size"),
            ("BPTT period T", "batch.bptt"),
            ("seed", "batch.seed"),
        ):
            row.addWidget(labelled(label, b.bind(QSpinBox(), name)))
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        font = self.table.font()
        font.setPointSize(14)  # the slide's letters, readable from the back of the room
        self.table.setFont(font)
        self.table.setToolTip(
            "columns[t, b] = text[b·R + t]: each column is one stretch of the stream, "
            "read top to bottom; shaded bands are the BPTT windows x[k] (rows (k−1)T+1 … kT)."
        )
        self.windows = QLabel()
        self.windows.setTextFormat(Qt.RichText)
        self.windows.setWordWrap(True)
        self.readouts = QLabel()
        self.readouts.setTextFormat(Qt.RichText)
        self.readouts.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.windows)
        right.addWidget(self.readouts)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(body, 1)
        follow(self.bench.changed, self._on_changed, self)
        self._dirty = True
        self.refresh_layout()

    def _on_changed(self, *reason: Any) -> None:
        self.refresh_layout()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh_model()

    def refresh_layout(self) -> None:
        """Table and windows (cheap); the model readouts when visible (they train nothing but run
        it)."""
        bench = self.bench
        self.bindings.pull()
        rows = bench.rows  # R strings of B symbols
        B, T = bench.size, bench.bptt
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(B)
        self.table.setHorizontalHeaderLabels([f"b = {k + 1}" for k in range(B)])
        self.table.setVerticalHeaderLabels([f"t = {t + 1}" for t in range(len(rows))])
        for t, symbols in enumerate(rows):
            shade = QColor(WINDOW_SHADES[(t // T) % 2])
            for k, symbol in enumerate(symbols):
                item = QTableWidgetItem(symbol)
                item.setTextAlignment(Qt.AlignCenter)
                item.setBackground(shade)
                item.setForeground(QColor("#1a1a1a"))
                self.table.setItem(t, k, item)
        self.table.resizeColumnsToContents()
        xs, ys = bench.window("x"), bench.window("y")
        lines = [f"<b>{len(xs)} windows</b> of T = {T} rows, batch B = {B} (R = {len(rows)} rows)"]
        for k, (x, y) in enumerate(list(zip(xs, ys, strict=False))[:3]):
            lines.append(
                f"x[{k + 1}] = [{' '.join('[' + ' '.join(r) + ']' for r in x)}]<br>"
                f"y[{k + 1}] = [{' '.join('[' + ' '.join(r) + ']' for r in y)}]"
            )
        self.windows.setText("<p>" + "</p><p>".join(lines) + "</p>")
        self._dirty = True
        if self.isVisible():
            self.refresh_model()

    def apply_zoom(self, factor: float) -> None:
        """The app's zoom (1.0 = 100 %): the table's columns and rows fit its new font."""
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()

    def refresh_model(self) -> None:
        """Carried state vs reset state and the gradient's reach, from the bench's character RNN."""
        m = self.bench.model()
        reach = ", ".join(str(r) for r in m["grad_reach"])
        reach_full = ", ".join(str(r) for r in m["grad_reach_full"])
        self.readouts.setText(
            "<p><b>Carry the state, cut the gradient</b> (a small character RNN reads the "
            "columns):</p>"
            "<p>state carried across windows vs one long pass: max |Δh| = "
            f"<b>{m['state_gap']:.2e}</b><br>"
            f"state reset to 0 at each window: max |Δh| = <b>{m['reset_gap']:.3f}</b></p>"
            "<p>rows reached by the gradient of each window's loss — truncated BPTT: "
            f"<b>{reach}</b>; "
            f"full BPTT: {reach_full}</p>"
        )
        self._dirty = False
