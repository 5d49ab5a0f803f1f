"""pyqtgraph helpers: themed plot widgets and export of any plot to PNG, SVG or CSV.

Every plot in the app is a :class:`ThemedPlot`; its items are created once by the owning view
and then only updated with ``setData`` / ``setImage``.  :func:`export_plot` writes a plot to a
file chosen by suffix and never overwrites an existing file unless asked.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401 - registers the exporters before _use_qt_svg edits the list
from logicsim_gui.palette import LIGHT, Theme
from pyqtgraph.exporters.Exporter import Exporter
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from logicsim.errors import LogicsimError
from logicsim.files import atomic_target
from logicsim.workbench.heatmap import nice_ceiling

pg.setConfigOptions(antialias=True, foreground=LIGHT.foreground, background=LIGHT.background)

#: Suffix -> pyqtgraph exporter class name (SVG is written by Qt's own generator, see _write_svg).
EXPORT_FORMATS = {".png": "ImageExporter", ".svg": "SVGExporter", ".csv": "CSVExporter"}

#: Every ThemedPlot alive, so a palette switch reaches all of them.
_ALL: list[ThemedPlot] = []


def wheel_zooms(event) -> bool:
    """True when a wheel event over a plot should zoom it (Ctrl held); otherwise the event is
    ignored, so it reaches the scroll area around the plot."""
    if event.modifiers() & Qt.ControlModifier:
        return True
    event.ignore()
    return False


class ThemedPlot(pg.PlotWidget):
    """A ``PlotWidget`` with readable fonts that follows the app's light/dark palette and zoom.

    Font sizes are in points at 100 %; :meth:`apply_zoom` scales the title, the axis labels,
    the tick labels and the legend together.
    """

    #: Point sizes at 100 %: title, axis label, tick labels, legend.
    TITLE_PT, LABEL_PT, TICK_PT, LEGEND_PT = 11.0, 10.0, 9.0, 10.0

    def __init__(self, title: str = "", parent=None, **kw) -> None:
        super().__init__(parent=parent, **kw)
        self.setMinimumHeight(140)
        self._title = title
        # horizontal grid lines only: a vertical grid doubles the repaint time of a 200-step curve
        self.plotItem.showGrid(x=False, y=True, alpha=0.25)
        # room on the right for the last tick label of the bottom axis (else "50" reads "5")
        left, top, _, bottom = self.plotItem.layout.getContentsMargins()
        self.plotItem.layout.setContentsMargins(left, top, max(9.0, left), bottom)
        self.legend = None
        self.zoom = 1.0
        self._foreground = LIGHT.foreground
        _ALL.append(self)
        self.destroyed.connect(lambda *_: _ALL.remove(self) if self in _ALL else None)
        self.apply_theme(LIGHT)

    #: True: never narrower than the plot item needs (axes, title, a legend under the data),
    #: so a layout cannot cut its right end off.  Off by default: small side-by-side plots
    #: rely on being squeezed.
    keep_whole = False

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """With :attr:`keep_whole`, at least what the plot item needs."""
        hint = super().minimumSizeHint()
        if not self.keep_whole:
            return hint
        need = self.plotItem.effectiveSizeHint(Qt.MinimumSize)
        return QSize(max(hint.width(), math.ceil(need.width())), hint.height())

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Ctrl + wheel zooms the plot; the plain wheel scrolls the page the plot is on (a
        class scrolling a bench must not zoom the plots it passes over)."""
        if wheel_zooms(event):
            super().wheelEvent(event)

    def add_legend(self) -> pg.LegendItem:
        """Add a legend once (items added afterwards with a ``name`` appear in it)."""
        if self.legend is None:
            self.legend = self.plotItem.addLegend(
                offset=(10, 10),
                labelTextSize=f"{self.LEGEND_PT * self.zoom:g}pt",
                labelTextColor=self._foreground,
            )
        return self.legend

    def settle(self) -> None:
        """Apply pending auto-range and view changes now, before the next paint.

        pyqtgraph defers auto-ranging to the start of the paint; a range that changes *during*
        the paint moves the axes and schedules a second, full repaint of the plot.  A view
        calls this after its ``setData`` calls so the one paint that follows is the only one.
        Hidden plots are skipped: their first paint settles them anyway.
        """
        if self.isVisible():
            self.scene().prepareForPaint()

    def apply_theme(self, theme: Theme) -> None:
        """Recolour background, axes, title and legend for ``theme``."""
        self._foreground = theme.foreground
        self.setBackground(theme.background)
        for name in ("left", "bottom"):
            axis = self.plotItem.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground))
            axis.setTextPen(pg.mkPen(theme.foreground))
        if self._title:
            self.plotItem.setTitle(
                self._title, color=theme.foreground, size=f"{self.TITLE_PT * self.zoom:g}pt"
            )
        if self.legend is not None:
            self.legend.setLabelTextColor(theme.foreground)
            for _, label in self.legend.items:
                label.setText(label.text, color=theme.foreground)

    def apply_zoom(self, factor: float) -> None:
        """Scale title, axis labels, tick labels and legend text to ``factor`` × 100 %."""
        self.zoom = float(factor)
        tick_font = QFont()
        tick_font.setPointSizeF(self.TICK_PT * self.zoom)
        for axis in (self.plotItem.getAxis(name) for name in self.plotItem.axes):
            axis.setTickFont(tick_font)
            axis.labelStyle = {**axis.labelStyle, "font-size": f"{self.LABEL_PT * self.zoom:g}pt"}
            axis._updateLabel()  # pyqtgraph's own redraw of the label after a style change
        if self._title:
            self.plotItem.setTitle(
                self._title, color=self._foreground, size=f"{self.TITLE_PT * self.zoom:g}pt"
            )
        if self.legend is not None:
            size = f"{self.LEGEND_PT * self.zoom:g}pt"
            self.legend.setLabelTextSize(size)
            for _, label in self.legend.items:  # setLabelTextSize alone does not redraw them
                label.setText(label.text, size=size, color=self._foreground)
            self.legend.updateSize()


class StillLabel(QWidget):
    """A box holding a :class:`QLabel` whose new text never re-lays out the window.

    ``QLabel.setText`` asks the parent layout to recompute (unless the label has a fixed size),
    which relayouts the whole window and repaints the plots beside it on every slider step.
    Here the label sits in a plain widget without a layout: the box takes part in the layout
    with a constant size hint, and the label just fills the box.  Text that needs more room
    than the box has is clipped, so give the box enough height for the longest text.

    Parameters
    ----------
    height : int
        Fixed height of the box, in pixels.
    min_width : int
        Minimum width; the box grows with its column.
    """

    def __init__(self, height: int, min_width: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self._base = (height, min_width)  # at 100 % zoom
        self.setFixedHeight(height)
        self.setMinimumWidth(min_width)

    def apply_zoom(self, factor: float) -> None:
        """Grow the box with the text: ``factor`` × its size at 100 %."""
        height, min_width = self._base
        self.setFixedHeight(round(height * factor))
        self.setMinimumWidth(round(min_width * factor))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The minimum size, whatever the text: the text does not change the layout."""
        return QSize(self.minimumWidth(), self.minimumHeight())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Let the label fill the box."""
        self.label.resize(event.size())
        super().resizeEvent(event)


class SteadyViewBox(pg.ViewBox):
    """A ``ViewBox`` whose auto-range holds still while the data moves a little.

    pyqtgraph's auto-range fits the view tightly to the data on every change; while a slider is
    dragged the axes then change on every step, and new tick labels, a new axis picture and a
    new transform for every item cost more than drawing the curves.  Here, on each axis listed
    in ``steady``, the range (before pyqtgraph's usual padding) is widened outward to multiples
    of a round step (1, 2 or 5 times a power of ten, about 1/:attr:`STEPS` of the span) and kept as
    long as it still holds all the data and the data fill at least :attr:`KEEP` of it.  Other
    axes fit exactly, as in pyqtgraph.  Everything else is pyqtgraph's: the same bounds of the
    visible items and the same padding, zooming or panning by hand turns auto-range off, and the
    "A" button or the context menu turns it back on (auto-pan and "visible data only" are not
    supported).

    Parameters
    ----------
    steady : tuple of bool
        ``(x, y)``: which axes hold still.
    """

    #: The data must span at least this fraction of a held range, or the range is refitted.
    KEEP = 0.5
    #: A held range ends on multiples of a round step of about span / STEPS.
    STEPS = 20

    def __init__(self, steady: tuple[bool, bool] = (False, True), **kw) -> None:
        super().__init__(**kw)
        self.steady = steady
        self._held: list[tuple[float, float] | None] = [None, None]  # unpadded range per axis

    def updateAutoRange(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """Fit the auto-ranged axes to the visible items (see the class docstring)."""
        if self._updatingRange:
            return
        self._updatingRange = True
        try:
            auto = self.state["autoRange"]
            if not any(auto):
                return
            bounds = self.childrenBounds(frac=[1.0 if isinstance(a, bool) else a for a in auto])
            args: dict[str, object] = {}
            for ax, name in ((0, "xRange"), (1, "yRange")):
                span = bounds[ax]
                if auto[ax] is False or span is None or not all(math.isfinite(v) for v in span):
                    continue
                lo, hi = self._hold(ax, float(span[0]), float(span[1]))
                pad = (hi - lo) * self.suggestPadding(ax)
                target = (lo - pad, hi + pad)
                if any(
                    abs(a - b) > 1e-12 * max(1.0, abs(a))
                    for a, b in zip(target, self.state["targetRange"][ax], strict=True)
                ):
                    args[name] = target
            if args:
                self.setRange(**args, padding=0.0, disableAutoRange=False)
        finally:
            self._autoRangeNeedsUpdate = False
            self._updatingRange = False

    def _hold(self, ax: int, lo: float, hi: float) -> tuple[float, float]:
        """The unpadded range to show on axis ``ax`` for data spanning ``[lo, hi]``."""
        if hi - lo <= 1e-12 * max(1.0, abs(lo), abs(hi)):  # a flat line: one unit around it
            lo, hi = lo - 0.5, hi + 0.5
        if not self.steady[ax]:
            return lo, hi
        held = self._held[ax]
        if (
            held is not None
            and held[0] <= lo
            and hi <= held[1]
            and hi - lo >= self.KEEP * (held[1] - held[0])
        ):
            return held
        step = nice_ceiling((hi - lo) / self.STEPS)  # a round step: 1, 2 or 5 x 10^k
        held = (math.floor(lo / step) * step, math.ceil(hi / step) * step)
        self._held[ax] = held
        return held


def theme_all_plots(theme: Theme) -> None:
    """Apply ``theme`` to every live :class:`ThemedPlot`."""
    for plot in list(_ALL):
        try:
            plot.apply_theme(theme)
        except RuntimeError:  # deleted on the C++ side
            _ALL.remove(plot)


def export_plot(plot: pg.PlotWidget, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write ``plot`` to ``path`` as PNG, SVG or CSV (chosen by the suffix).

    The file is written to a temporary name in the same folder and then moved into place,
    so a failed export never leaves half a file.  Raises :class:`LogicsimError` when the
    suffix is unknown or the file exists and ``overwrite`` is false.
    """
    from pyqtgraph import exporters

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise LogicsimError(f"{target.name}: choose a .png, .svg or .csv file name")
    with atomic_target(target, overwrite=overwrite) as tmp:
        if suffix == ".svg":
            _write_svg(plot, tmp)
        else:
            exporter = getattr(exporters, EXPORT_FORMATS[suffix])(plot.plotItem)
            if suffix == ".png":
                exporter.parameters()["width"] = max(800, int(plot.width() * 2))
            exporter.export(tmp)
    return target


def _write_svg(plot: pg.PlotWidget, path: str) -> None:
    """Write ``plot`` as SVG with :class:`QtSvgExporter` (vector output: lines stay lines)."""
    QtSvgExporter(plot.plotItem).export(path)


class QtSvgExporter(Exporter):
    """SVG export painted by Qt's ``QSvgGenerator``.

    pyqtgraph 0.14's own SVG exporter cannot parse the path syntax Qt 6.12 writes; this one
    replaces it in pyqtgraph's right-click *Export…* dialog too (see :func:`_use_qt_svg`).
    """

    Name = "Scalable Vector Graphics (SVG)"
    allowCopy = False

    def parameters(self) -> None:
        return None

    def export(self, fileName=None, toBytes=False, copy=False):  # noqa: N803 (pyqtgraph's names)
        from PySide6.QtCore import QRectF, QSize
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        if fileName is None:
            self.fileSaveDialog(filter="Scalable Vector Graphics (*.svg)")
            return None
        source = self.getSourceRect()
        width, height = max(int(source.width()), 1), max(int(source.height()), 1)
        generator = QSvgGenerator()
        generator.setFileName(str(fileName))
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRectF(0, 0, width, height))
        generator.setTitle("logicsim plot")
        painter = QPainter(generator)
        try:
            self.getScene().render(painter, QRectF(0, 0, width, height), source)
        finally:
            painter.end()
        return None


def _use_qt_svg() -> None:
    """Put :class:`QtSvgExporter` in place of pyqtgraph's SVG exporter in the Export dialog (and
    drop the Matplotlib exporter when matplotlib is not installed)."""
    import importlib.util

    from pyqtgraph.exporters.SVGExporter import SVGExporter

    has_mpl = importlib.util.find_spec("matplotlib") is not None  # not a dependency of the app
    Exporter.Exporters[:] = [
        QtSvgExporter if e is SVGExporter else e
        for e in Exporter.Exporters
        if has_mpl or "Matplotlib" not in e.Name
    ]
    if QtSvgExporter not in Exporter.Exporters:
        Exporter.Exporters.append(QtSvgExporter)


_use_qt_svg()
