"""Truth-table tab of the logic bench: every row of a combinational circuit, current row selected.

Filled from ``LogicBench.truth_table()`` (inputs MSB first, then outputs, one row per input
combination); a circuit with state gets a short explanation instead of a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

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
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.inputs: list[str] = []

    def show_table(self, inputs: Sequence[str], outputs: Sequence[str], rows) -> None:
        """Fill the table: ``rows`` is an array (2**len(inputs), len(inputs) + len(outputs))."""
        self.inputs = list(inputs)
        self.note.setText(f"{len(inputs)} inputs → {2 ** len(inputs)} rows. Inputs | outputs.")
        headers = [*inputs, *outputs]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                item = QTableWidgetItem(str(int(v)) if v in (0, 1) else "X")
                item.setTextAlignment(Qt.AlignCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def show_sequential(self) -> None:
        """No table: the circuit has state."""
        self.inputs = []
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
