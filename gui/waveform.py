"""Timing diagram of the watched nets (pyqtgraph), one lane per net, X drawn dashed.

A view over ``LogicBench.waveform()`` (net -> list of 0/1/None samples) and
``LogicBench.sample_times()`` (half clock periods).  Each lane is a pair of curves created when
the watched set changes: the 0/1 trace (gaps where X) and the X trace at mid level.  Each
redraw only calls ``setData``.

Several samples can share one time (toggling an input, or gate-step mode's micro-steps, between
two clock edges): they are spread over a stretch of the time axis at least :data:`SLOT` wide
each, so a pulse that lasts one sample never has zero width.  The ticks name the real times;
a "now" line marks the latest sample, whose value holds until the next event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from logicsim_gui.heatmap import scale_axis_labels
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import ThemedPlot
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

LANE = 1.5  # vertical distance between lanes
SLOT = 0.5  # narrowest stretch of the time axis one sample gets (half clock periods)
WINDOW = 64.0  # width of the visible time window (axis units)


def sample_edges(
    times: Sequence[float] | np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each sample starts on the time axis, and where the real times sit.

    Parameters
    ----------
    times : sequence of float, length N
        When sample k was taken (half clock periods), non-decreasing.

    Returns
    -------
    edges : ndarray, shape (N+1,)
        Sample k is drawn from edges[k] to edges[k+1].  A run of m samples at one time t gets
        ``max(gap to the next time, m * SLOT)``, shared equally; without repeated times
        ``edges[:N] == times``.
    starts, labels : ndarray, shape (G,)
        Axis position and real time of each distinct time (for the ticks).
    """
    t = np.asarray(times, dtype=float)  # (N,)
    n = t.shape[0]
    if n == 0:
        return np.zeros(1), np.zeros(0), np.zeros(0)
    new = np.r_[True, t[1:] != t[:-1]]  # (N,) first sample of each run
    first = np.flatnonzero(new)  # (G,)
    group = np.cumsum(new) - 1  # (N,)
    count = np.diff(np.r_[first, n])  # (G,) samples per run
    tg = t[first]  # (G,)
    gap = np.r_[np.diff(tg), 1.0]  # (G,) time to the next run (the last: one unit)
    width = np.maximum(np.where(gap > 0, gap, 1.0), count * SLOT)  # (G,)
    start = tg[0] + np.r_[0.0, np.cumsum(width)[:-1]]  # (G,)
    k = np.arange(n) - first[group]  # (N,) index inside its run
    x = start[group] + k * width[group] / count[group]  # (N,)
    return np.r_[x, start[-1] + width[-1]], start, tg


def _steps(
    samples: Sequence[int | None], times: Sequence[float] | np.ndarray | None = None
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
        Sample k is held from edges[k] to edges[k+1] (see :func:`sample_edges`).
    """
    v = np.array([np.nan if s not in (0, 1) else float(s) for s in samples])  # (N,)
    n = v.shape[0]
    t = np.arange(n, dtype=float) if times is None or len(times) != n else np.asarray(times, float)
    edges, _, _ = sample_edges(t)  # (N+1,)
    x = np.repeat(edges, 2)[1:-1]  # (2N,)
    y = np.repeat(v, 2)  # (2N,)
    yx = np.where(np.isnan(y), 0.5, np.nan)  # (2N,)
    return x, y, yx


def _ticks(starts: np.ndarray, labels: np.ndarray, lo: float, hi: float) -> list[tuple]:
    """Ticks at the real times shown in [lo, hi]: multiples of 1, 2, 4, ... so at most 16."""
    inside = (starts >= lo - 1e-9) & (starts <= hi + 1e-9)
    span = float(labels[inside].max() - labels[inside].min()) if inside.any() else 0.0
    step = 1
    while span / step > 16:
        step *= 2
    keep = inside & (labels % step == 0)
    return [(float(x), f"{int(t)}") for x, t in zip(starts[keep], labels[keep], strict=True)]


class WaveformView(ThemedPlot):
    """Lanes of step traces, newest sample on the right, a "now" line at the latest one."""

    def __init__(self, parent=None) -> None:
        super().__init__("timing diagram", parent=parent)
        self.setLabel("bottom", "time (half clock periods)")
        self.lanes: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.theme: Theme = LIGHT
        self.zoom = 1.0
        self.now = pg.InfiniteLine(
            pos=0.0,
            angle=90,
            pen=pg.mkPen(LIGHT.changed, width=2, style=Qt.DashLine),
            label="now",
            labelOpts={"position": 0.96, "color": LIGHT.changed, "fill": LIGHT.background},
        )
        self.now.setZValue(10)
        self.addItem(self.now)
        self.setToolTip(
            "Each lane is one net over time: high = 1, low = 0, dashed middle = unknown X. "
            "Samples taken at the same time (input changes, gate steps) get their own width. "
            "The dashed 'now' line marks the latest sample."
        )
        self.apply_zoom(1.0)

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
                a = self.plot([], [], pen=self._pen(False), connect="finite")
                b = self.plot([], [], pen=self._pen(True), connect="finite")
                self.lanes[net] = (a, b)
            ticks = [((len(names) - 1 - k) * LANE + 0.5, net) for k, net in enumerate(names)]
            self.plotItem.getAxis("left").setTicks([ticks, []])
        n = len(next(iter(waves.values()), []))
        t = (
            np.arange(n, dtype=float)
            if times is None or len(times) != n
            else np.asarray(times, float)
        )
        edges, starts, labels = sample_edges(t)
        for k, net in enumerate(names):
            off = (len(names) - 1 - k) * LANE
            x, y, yx = _steps(waves[net], t)
            a, b = self.lanes[net]
            a.setData(x, y * 0.9 + off)
            b.setData(x, yx + off)
        end = float(edges[-1]) if n else 1.0
        lo, hi = max(float(edges[0]) if n else 0.0, end - WINDOW), max(end, 8.0)
        self.setXRange(lo, hi, padding=0.02)
        self.setYRange(-0.3, max(len(names), 1) * LANE, padding=0)
        self.plotItem.getAxis("bottom").setTicks([_ticks(starts, labels, lo, hi), []])
        self.now.setPos(float(edges[-2]) if n else 0.0)
        self.now.setVisible(n > 0)

    def _pen(self, unknown: bool):
        width = 2.5 * self.zoom
        if unknown:
            return pg.mkPen(self.theme.wire_x, width=width, style=Qt.DashLine)
        return pg.mkPen(self.theme.wire_1, width=width)

    def apply_zoom(self, factor: float) -> None:
        """The app's zoom (1.0 = 100 %): tick labels, lane names and pens scale."""
        self.zoom = float(factor)
        font = QFont()
        font.setPixelSize(max(9, round(13 * self.zoom)))
        for name in ("left", "bottom"):
            self.plotItem.getAxis(name).setStyle(tickFont=font)
        self.now.label.setFont(font)
        scale_axis_labels(self, round(13 * self.zoom))
        for a, b in self.lanes.values():
            a.setPen(self._pen(False))
            b.setPen(self._pen(True))
        self._set_title()

    def _set_title(self) -> None:
        size = f"{round(15 * self.zoom)}px"
        self.plotItem.setTitle(self._title, color=self.theme.foreground, size=size)

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.theme = theme
        for a, b in getattr(self, "lanes", {}).values():
            a.setPen(self._pen(False))
            b.setPen(self._pen(True))
        if hasattr(self, "now"):
            self._set_title()
            self.now.setPen(pg.mkPen(theme.changed, width=2, style=Qt.DashLine))
            self.now.label.setColor(theme.changed)
            self.now.label.fill = pg.mkBrush(theme.background)
