"""Truth-table tab of the logic bench: every row of a combinational circuit, current row selected.

Filled from ``LogicBench.truth_table()`` (inputs MSB first, then outputs, one row per input
combination); a circuit with state gets a short explanation instead of a table.  The table is
set in large type (:data:`BASE_PX` at 100 %, scaled by :meth:`TruthTableView.apply_zoom`),
centred in its pane, with the output columns tinted and set off by a wider gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

BASE_PX = 18  # cell text at 100 % zoom
OUTPUT_TINT = QColor(0, 114, 178, 40)  # outputs: a translucent blue, readable on light and dark

SEQUENTIAL_NOTE = (
    "This circuit has state (latches or flip-flops): its output depends on the past, "
    "so there is no truth table. Use the timing diagram."
)


class TruthTableView(QWidget):
    """A note above a read-only table."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setToolTip(
            "One row per input combination, in binary order (first input = most "
            "significant bit); the row of the current inputs is selected."
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.AdjustToContents)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignHCenter)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.table, 0)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(middle, 1)
        self.inputs: list[str] = []
        self.outputs: list[str] = []
        self.zoom = 1.0
        self.apply_zoom(1.0)

    def show_table(self, inputs: Sequence[str], outputs: Sequence[str], rows) -> None:
        """Fill the table: ``rows`` is an array (2**len(inputs), len(inputs) + len(outputs))."""
        self.inputs, self.outputs = list(inputs), list(outputs)
        self.note.setText(
            f"{len(inputs)} inputs → {2 ** len(inputs)} rows: inputs on the left, "
            "outputs (tinted) on the right; the row of the current inputs is selected."
        )
        headers = [*inputs, *outputs]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                item = QTableWidgetItem(str(int(v)) if v in (0, 1) else "X")
                item.setTextAlignment(Qt.AlignCenter)
                if c >= len(inputs):
                    item.setBackground(QBrush(OUTPUT_TINT))
                self.table.setItem(r, c, item)
        self._size()

    def apply_zoom(self, factor: float) -> None:
        """The app's zoom (1.0 = 100 %): text, row heights and column widths scale."""
        self.zoom = float(factor)
        font = QFont(self.table.font())
        font.setPixelSize(round(BASE_PX * self.zoom))
        self.table.setFont(font)
        bold = QFont(font)
        bold.setBold(True)
        self.table.horizontalHeader().setFont(bold)
        note = QFont(self.note.font())
        note.setPixelSize(round(14 * self.zoom))
        self.note.setFont(note)
        self._size()

    def _size(self) -> None:
        """Rows and columns sized for the current font (outputs set off by a wider column)."""
        px = self.table.font().pixelSize()
        metrics = QFontMetrics(self.table.horizontalHeader().font())
        self.table.verticalHeader().setDefaultSectionSize(round(px * 1.9))
        self.table.horizontalHeader().setMinimumHeight(round(px * 2.0))
        headers = [*self.inputs, *self.outputs]
        for c, name in enumerate(headers):
            width = max(round(px * 3.0), metrics.horizontalAdvance(name) + px)
            if c == len(self.inputs):
                width += px  # a visible gap between inputs and outputs
            self.table.setColumnWidth(c, width)

    def show_sequential(self) -> None:
        """No table: the circuit has state."""
        self.inputs, self.outputs = [], []
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.note.setText(SEQUENTIAL_NOTE)

    def mark(self, values: Mapping[str, int | None]) -> None:
        """Select the row of the current input values (nothing when an input is X)."""
        bits = [values.get(n) for n in self.inputs]
        if not bits or any(v not in (0, 1) for v in bits):
            return
        row = int("".join(str(v) for v in bits), 2)
        if row < self.table.rowCount():
            self.table.selectRow(row)
