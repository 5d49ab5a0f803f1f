"""Heatmap of per-step values over time (h[t], c[t], gates) with the current step marked.

Rows are units, columns are time steps, coloured with the lecture's 20-bin blue-white-red
scale of sigmoid(value).  The image item, the marker line and the tick labels are created
once; :meth:`HeatmapView.set_data` and :meth:`HeatmapView.set_time` only update them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from logicsim_gui.palette import Theme
from logicsim_gui.plots import ThemedPlot

from logicsim.workbench.heatmap import heatmap_palette


class HeatmapView(ThemedPlot):
    """One heatmap: ``set_data(bins (T, U))`` then ``set_time(t)``."""

    def __init__(self, title: str = "", parent=None) -> None:
        super().__init__(title=title, parent=parent)
        self.setMinimumHeight(72)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(heatmap_palette())  # the core's colours, as in saved pictures
        self.image.setLevels((0, 19))
        self.addItem(self.image)
        self.marker = pg.InfiniteLine(pos=0.5, angle=90, pen=pg.mkPen("#009E73", width=3))
        self.addItem(self.marker)
        self.plotItem.showGrid(x=False, y=False)
        self.plotItem.setMouseEnabled(x=False, y=False)
        self.plotItem.getViewBox().invertY(True)
        self.plotItem.setLabel("left", "unit")
        self.bins = np.zeros((1, 1), np.int64)
        self.values: np.ndarray | None = None  # (T, U) raw values, for the hover read-out
        self.symbols: list[str] | None = None
        self.quantity = title.split()[-1] if title else "value"
        self.time = 0
        self.scene().sigMouseMoved.connect(self._hover)

    def set_data(
        self, bins: np.ndarray, symbols: list[str] | None = None, values: np.ndarray | None = None
    ) -> None:
        """Show colour bins.

        Parameters
        ----------
        bins : ndarray, shape (T, U), int in [0, 20)
            Colour bin of unit u at step t (column t drawn at x in [t, t+1)).
        symbols : list of str, optional
            Input symbol per step, written under the columns.
        values : ndarray, shape (T, U), optional
            The values the bins were computed from, shown when the mouse rests on a cell.
        """
        self.bins = np.asarray(bins)
        self.values = None if values is None else np.asarray(values)
        self.symbols = symbols
        T, U = self.bins.shape  # (T, U)
        self.image.setImage(self.bins.T, autoLevels=False)  # rows = units
        self.image.setRect(0, 0, T, U)
        self.plotItem.setXRange(0, max(T, 1), padding=0)
        self.plotItem.setYRange(0, max(U, 1), padding=0)
        bottom = self.plotItem.getAxis("bottom")
        if symbols is not None and len(symbols) == T and T <= 60:
            bottom.setTicks([[(t + 0.5, f"{s}") for t, s in enumerate(symbols)]])
        else:
            bottom.setTicks(None)
        left = self.plotItem.getAxis("left")
        shown = range(U) if U <= 4 else sorted({0, U // 2, U - 1})  # rows are thin: label a few
        left.setTicks([[(u + 0.5, str(u)) for u in shown]])

    def _hover(self, pos) -> None:
        point = self.plotItem.vb.mapSceneToView(pos)
        T, U = self.bins.shape
        t, u = int(np.floor(point.x())), int(np.floor(point.y()))
        if self.values is None or not (0 <= t < T and 0 <= u < U) or self.values.shape != (T, U):
            return
        v = float(self.values[t, u])
        symbol = f" (input {self.symbols[t]})" if self.symbols and t < len(self.symbols) else ""
        self.setToolTip(
            f"{self.quantity} at step t = {t + 1}{symbol}, unit {u}: {v:+.4f}\n"
            f"colour: bin {int(self.bins[t, u])} of 0..19 (sigmoid of the value in 20 bins, blue "
            "→ red)"
        )

    def set_time(self, t: int) -> None:
        """Move the marker to the middle of column ``t``."""
        self.time = int(t)
        self.marker.setPos(self.time + 0.5)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
