"""Timing diagram of the watched nets (pyqtgraph), one lane per net, X drawn dashed.

A view over ``LogicBench.waveform()`` (net -> list of 0/1/None samples).  Each lane is a pair
of curves created when the watched set changes: the 0/1 trace (gaps where X) and the X trace
at mid level.  Each redraw only calls ``setData``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import ThemedPlot
from PySide6.QtCore import Qt

LANE = 1.5  # vertical distance between lanes


def _steps(
    samples: Sequence[int | None], times: Sequence[float] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step-shaped x, y (NaN for X) and the X curve (NaN where known) of one net.

    Parameters
    ----------
    samples : sequence of 0, 1 or None, length N
    times : sequence of float, length N, optional
        When sample k was taken (half clock periods); default k.

    Returns
    -------
    x, y, yx : ndarray, shape (2N,)
        Sample k is held from times[k] to times[k+1] (the last one for one more unit).
    """
    v = np.array([np.nan if s not in (0, 1) else float(s) for s in samples])  # (N,)
    n = v.shape[0]
    t = np.arange(n, dtype=float) if times is None or len(times) != n else np.asarray(times, float)
    edges = np.append(t, (t[-1] if n else 0.0) + 1.0)  # (N+1,)
    x = np.repeat(edges, 2)[1:-1]  # (2N,)
    y = np.repeat(v, 2)  # (2N,)
    yx = np.where(np.isnan(y), 0.5, np.nan)  # (2N,)
    return x, y, yx


class WaveformView(ThemedPlot):
    """Lanes of step traces, newest sample on the right."""

    def __init__(self, parent=None) -> None:
        super().__init__("timing diagram", parent=parent)
        self.setLabel("bottom", "time (half clock periods)")
        self.plotItem.getAxis("left").setStyle(tickFont=None)
        self.lanes: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.theme: Theme = LIGHT
        self.setToolTip(
            "Each lane is one net over time: high = 1, low = 0, dashed middle = unknown X."
        )

    def set_waveform(
        self, waves: Mapping[str, Sequence[int | None]], times: Sequence[float] | None = None
    ) -> None:
        """Show ``waves`` (net -> samples taken at ``times``); rebuilds lanes only when the nets
        change."""
        names = list(waves)
        if names != list(self.lanes):
            for a, b in self.lanes.values():
                self.removeItem(a)
                self.removeItem(b)
            self.lanes = {}
            for net in names:
                a = self.plot([], [], pen=pg.mkPen(self.theme.wire_1, width=2.5), connect="finite")
                b = self.plot(
                    [],
                    [],
                    pen=pg.mkPen(self.theme.wire_x, width=2.5, style=Qt.DashLine),
                    connect="finite",
                )
                self.lanes[net] = (a, b)
            ticks = [((len(names) - 1 - k) * LANE + 0.5, net) for k, net in enumerate(names)]
            self.plotItem.getAxis("left").setTicks([ticks])
        end = 1.0
        for k, net in enumerate(names):
            off = (len(names) - 1 - k) * LANE
            x, y, yx = _steps(waves[net], times)
            a, b = self.lanes[net]
            a.setData(x, y * 0.9 + off)
            b.setData(x, yx + off)
            end = max(end, float(x[-1]) if len(x) else 1.0)
        self.setXRange(max(0.0, end - 64), max(end, 8.0), padding=0.02)
        self.setYRange(-0.3, max(len(names), 1) * LANE, padding=0)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.theme = theme
        for a, b in getattr(self, "lanes", {}).values():
            a.setPen(pg.mkPen(theme.wire_1, width=2.5))
            b.setPen(pg.mkPen(theme.wire_x, width=2.5, style=Qt.DashLine))
