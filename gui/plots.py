"""pyqtgraph helpers: themed plot widgets and export of any plot to PNG, SVG or CSV.

Every plot in the app is a :class:`ThemedPlot`; its items are created once by the owning view
and then only updated with ``setData`` / ``setImage``.  :func:`export_plot` writes a plot to a
file chosen by suffix and never overwrites an existing file unless asked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401 - registers the exporters before _use_qt_svg edits the list
from pyqtgraph.exporters.Exporter import Exporter

from gui.palette import LIGHT, Theme
from logicsim.errors import LogicsimError
from logicsim.files import atomic_target

pg.setConfigOptions(antialias=True, foreground=LIGHT.foreground, background=LIGHT.background)

#: Suffix -> pyqtgraph exporter class name (SVG is written by Qt's own generator, see _write_svg).
EXPORT_FORMATS = {".png": "ImageExporter", ".svg": "SVGExporter", ".csv": "CSVExporter"}

#: Every ThemedPlot alive, so a palette switch reaches all of them.
_ALL: list[ThemedPlot] = []


class ThemedPlot(pg.PlotWidget):
    """A ``PlotWidget`` with readable fonts that follows the app's light/dark palette."""

    def __init__(self, title: str = "", parent=None, **kw) -> None:
        super().__init__(parent=parent, **kw)
        self.setMinimumHeight(140)
        self._title = title
        # horizontal grid lines only: a vertical grid doubles the repaint time of a 200-step curve
        self.plotItem.showGrid(x=False, y=True, alpha=0.25)
        self.legend = None
        self._foreground = LIGHT.foreground
        _ALL.append(self)
        self.destroyed.connect(lambda *_: _ALL.remove(self) if self in _ALL else None)
        self.apply_theme(LIGHT)

    def add_legend(self) -> pg.LegendItem:
        """Add a legend once (items added afterwards with a ``name`` appear in it)."""
        if self.legend is None:
            self.legend = self.plotItem.addLegend(offset=(10, 10), labelTextSize="10pt",
                                                  labelTextColor=self._foreground)
        return self.legend

    def apply_theme(self, theme: Theme) -> None:
        """Recolour background, axes, title and legend for ``theme``."""
        self._foreground = theme.foreground
        self.setBackground(theme.background)
        for name in ("left", "bottom"):
            axis = self.plotItem.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground))
            axis.setTextPen(pg.mkPen(theme.foreground))
        if self._title:
            self.plotItem.setTitle(self._title, color=theme.foreground, size="11pt")
        if self.legend is not None:
            self.legend.setLabelTextColor(theme.foreground)
            for _, label in self.legend.items:
                label.setText(label.text, color=theme.foreground)


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
    Exporter.Exporters[:] = [QtSvgExporter if e is SVGExporter else e for e in Exporter.Exporters
                             if has_mpl or "Matplotlib" not in e.Name]
    if QtSvgExporter not in Exporter.Exporters:
        Exporter.Exporters.append(QtSvgExporter)


_use_qt_svg()
