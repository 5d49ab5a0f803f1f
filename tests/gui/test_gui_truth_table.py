"""Truth table: large type that follows the app's zoom, outputs set apart, current row selected."""

import numpy as np
from logicsim_gui.truth_table import BASE_PX, TruthTableView
from PySide6.QtCore import Qt


def test_table_is_large_and_scales_with_zoom(qtbot):
    view = TruthTableView()
    qtbot.addWidget(view)
    rows = np.array([[0, 0, 0, 0], [0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1]])
    view.show_table(["A", "B"], ["S", "C"], rows)
    assert view.table.font().pixelSize() == BASE_PX >= 16  # not 13 px in a corner
    height, width = view.table.rowHeight(0), view.table.columnWidth(0)
    assert view.table.item(0, 2).background().color().alpha() > 0  # outputs tinted
    assert view.table.item(0, 1).background().style() == Qt.NoBrush  # inputs not
    view.apply_zoom(1.5)
    assert view.table.font().pixelSize() == round(BASE_PX * 1.5)
    assert view.table.rowHeight(0) > height and view.table.columnWidth(0) > width
    view.mark({"A": 1, "B": 0})
    assert view.table.currentRow() == 2
