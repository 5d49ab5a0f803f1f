"""Heatmap of per-step values over time (h[t], c[t], gates) with the current step marked.

Rows are units, columns are time steps t = 0..T, column t centred on x = t (integer ticks).
Colours come from the core's :func:`logicsim.workbench.heatmap.colour_scale`: the diverging
map symmetric about 0 for h, c and g, the sequential 0..1 map for the gates; a colour bar
beside the plot (outside the data) shows the scale and its range.  Column 0 holds the initial
state h[0] / c[0] (empty for the gates, which start at step 1); the steps after the current one
are dimmed until reached.  The items are created once; :meth:`HeatmapView.set_values` and
:meth:`HeatmapView.set_time` only update them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import ThemedPlot
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from logicsim.workbench.heatmap import ColourScale, colour_scale, nice_ceiling

ROW_PX = 18  # screen height of one unit's row at 100 % (H = 4: 72 px of data)
MAX_ROWS = 12  # more units share the height of 12 rows (a 64-unit map stays on screen)
DIM_ALPHA = 185  # opacity of the veil over the steps not reached yet (of 255)


def scale_axis_labels(plot: pg.PlotWidget, px: int) -> None:
    """Set the font size of every axis title of ``plot`` (e.g. "unit", "time step t")."""
    for name in ("left", "bottom", "top", "right"):
        axis = plot.plotItem.getAxis(name)
        shown = axis.label.isVisible()
        style = {**axis.labelStyle, "font-size": f"{px}px"}
        axis.setLabel(axis.labelText, axis.labelUnits, **style)
        axis.showLabel(shown and bool(axis.labelText))


def time_ticks(last: int, labels: list[str] | None = None, most: int = 25) -> list[tuple]:
    """Integer ticks 0..last, thinned to at most about ``most`` (steps of 1, 2, 5, 10, ...)."""
    step = max(1, round(nice_ceiling((last + 1) / most)))
    return [(t, labels[t] if labels else str(t)) for t in range(0, last + 1, step)]


class HeatmapView(ThemedPlot):
    """One heatmap: ``set_values(values (T+1, U), scale)`` then ``set_time(t)``."""

    def __init__(self, title: str = "", parent=None) -> None:
        super().__init__(title=title, parent=parent)
        self.zoom = 1.0
        self.image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self.image)
        self.dim = QGraphicsRectItem(0, 0, 0, 0)
        self.dim.setPen(QPen(pg.QtCore.Qt.NoPen))
        self.dim.setZValue(5)
        self.addItem(self.dim)
        self.marker = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(LIGHT.foreground, width=3))
        self.marker.setZValue(10)
        self.addItem(self.marker)
        self.plotItem.showGrid(x=False, y=False)
        self.plotItem.setMouseEnabled(x=False, y=False)
        self.plotItem.hideButtons()
        self.plotItem.getViewBox().invertY(True)
        self.plotItem.setLabel("left", "unit")
        self.colour_bar = pg.ColorBarItem(values=(0, 1), width=14, interactive=False)
        self.plotItem.layout.addItem(self.colour_bar, 2, 5)  # right of the data, outside it
        self.values = np.zeros((1, 1))  # (T+1, U) values behind the colours
        self.rgba = np.zeros((1, 1, 4), np.uint8)  # (U, T+1, 4) what the image shows
        self.scale: ColourScale = colour_scale("h")
        self.symbols: list[str] | None = None
        self.quantity = title.split()[-1] if title else "value"
        self.time = 0
        self.theme: Theme = LIGHT
        self.symbols_on_top = True  # False: the heatmap above already names the symbols
        self.apply_zoom(1.0)
        self.apply_theme(LIGHT)
        self.scene().sigMouseMoved.connect(self._hover)

    @property
    def steps(self) -> int:
        """T: the last column's step."""
        return self.values.shape[0] - 1

    def set_values(
        self, values: np.ndarray, scale: ColourScale, symbols: list[str] | None = None
    ) -> None:
        """Show ``values`` coloured by ``scale``.

        Parameters
        ----------
        values : ndarray, shape (T+1, U)
            Row t: the value of every unit at step t (row 0 the initial state; NaN = none,
            drawn empty, as for the gates at t = 0).
        scale : ColourScale
            From the core's ``colour_scale``; its range is shown on the colour bar.
        symbols : list of str, optional
            Input symbol of steps 1..T (length T), written on the top axis.
        """
        self.values = np.asarray(values, dtype=float)
        self.scale = scale
        self.symbols = symbols
        n, U = self.values.shape  # n = T + 1
        self.rgba = scale.rgba(self.values.T)  # (U, T+1, 4)
        self.image.setImage(self.rgba, autoLevels=False, levels=(0, 255))
        self.image.setRect(-0.5, 0, n, U)
        self.plotItem.setXRange(-0.5, n - 0.5, padding=0)
        self.plotItem.setYRange(0, max(U, 1), padding=0)
        self._time_ticks()
        top = self.plotItem.getAxis("top")
        if self.symbols_on_top and symbols is not None and len(symbols) == n - 1 and n <= 61:
            top.setTicks([[(t, str(s)) for t, s in enumerate(["", *symbols])], []])
            self.plotItem.showAxis("top")
            top.setStyle(showValues=True)
        else:
            self.plotItem.hideAxis("top")
        left = self.plotItem.getAxis("left")
        shown = range(U) if U <= 8 else sorted({0, U // 2, U - 1})
        left.setTicks([[(u + 0.5, str(u)) for u in shown], []])
        cmap = pg.ColorMap(np.linspace(0.0, 1.0, scale.lut.shape[0]), scale.lut)
        self.colour_bar.setColorMap(cmap)
        self.colour_bar.setLevels((scale.lo, scale.hi))
        self.colour_bar.axis.setTicks(self._bar_ticks(scale))
        self.setMinimumHeight(self._height(U))
        self.set_time(min(self.time, n - 1))

    @staticmethod
    def _bar_ticks(scale: ColourScale) -> list[list[tuple[float, str]]]:
        lo, hi = scale.lo, scale.hi
        ticks = [lo, 0.0, hi] if scale.kind == "diverging" else [lo, (lo + hi) / 2, hi]
        return [[(v, f"{v:.3g}") for v in ticks], []]

    def _height(self, units: int) -> int:
        """Minimum height: every unit row ROW_PX tall (up to MAX_ROWS rows), title and axes."""
        extra = 34 + 26 + (22 if self.symbols_on_top else 0)
        return int(round(self.zoom * (ROW_PX * min(max(units, 2), MAX_ROWS) + extra)))

    def _hover(self, pos) -> None:
        point = self.plotItem.vb.mapSceneToView(pos)
        n, U = self.values.shape
        t, u = int(np.floor(point.x() + 0.5)), int(np.floor(point.y()))
        if not (0 <= t < n and 0 <= u < U):
            return
        v = float(self.values[t, u])
        symbol = (
            f" (input {self.symbols[t - 1]})"
            if self.symbols and 1 <= t <= len(self.symbols)
            else ""
        )
        what = "initial state" if t == 0 else f"step t = {t}"
        value = "—" if np.isnan(v) else f"{v:+.4f}"
        self.setToolTip(
            f"{self.quantity} at {what}{symbol}, unit {u}: {value}\n"
            f"colour: {self.scale.kind} scale {self.scale.lo:+.3g} … {self.scale.hi:+.3g}"
        )

    def set_time(self, t: int) -> None:
        """Mark column ``t`` and dim the columns after it (steps not reached yet)."""
        self.time = int(t)
        self.marker.setPos(self.time)
        n, U = self.values.shape
        left = self.time + 0.5
        self.dim.setRect(left, 0, max(n - 0.5 - left, 0.0), U)
        self.dim.setVisible(self.time < n - 1)

    def _time_ticks(self) -> None:
        """Integer time ticks, as many as the plot's width holds without running together
        (t = 0..20 on a narrow heatmap read "1011121314" with a tick at every step)."""
        values = getattr(self, "values", None)
        if values is None or values.ndim != 2 or getattr(self, "plotItem", None) is None:
            return  # during construction or teardown
        last = values.shape[0] - 1
        label = self.fontMetrics().horizontalAdvance(str(max(last, 10))) + 12  # text and a gap
        width = self.plotItem.vb.width() or self.width()
        most = max(3, int(width // max(label, 1)))
        self.plotItem.getAxis("bottom").setTicks([time_ticks(last, most=min(most, 25)), []])

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._time_ticks()

    def apply_zoom(self, factor: float) -> None:
        """Scale fonts, the colour bar and the row height by ``factor`` (1.0 = 100 %)."""
        self.zoom = float(factor)
        font = QFont()
        font.setPixelSize(max(9, round(12 * self.zoom)))
        for name in ("left", "bottom", "top"):
            self.plotItem.getAxis(name).setStyle(tickFont=font)
        self.colour_bar.axis.setStyle(tickFont=font)
        scale_axis_labels(self, round(13 * self.zoom))
        self.colour_bar.setFixedWidth(round(64 * self.zoom))  # bar plus its tick labels
        if self._title:
            size = f"{round(14 * self.zoom)}px"
            self.plotItem.setTitle(self._title, color=self.theme.foreground, size=size)
        self.setMinimumHeight(self._height(self.values.shape[1]))

    def apply_theme(self, theme: Theme) -> None:
        """Recolour axes and the veil over future steps for ``theme``."""
        super().apply_theme(theme)
        self.theme = theme
        if hasattr(self, "dim"):
            veil = QColor(theme.background)
            veil.setAlpha(DIM_ALPHA)
            self.dim.setBrush(QBrush(veil))
            self.marker.setPen(pg.mkPen(theme.foreground, width=3))
            for axis in (self.colour_bar.axis, self.plotItem.getAxis("top")):
                axis.setPen(pg.mkPen(theme.foreground))
                axis.setTextPen(pg.mkPen(theme.foreground))
            if self._title:
                self.plotItem.setTitle(
                    self._title, color=theme.foreground, size=f"{round(14 * self.zoom)}px"
                )
