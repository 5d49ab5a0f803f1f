"""Zoom of the whole window: every font, plot label, tick, schematic and heatmap together.

:func:`apply_zoom` scales the application's font from the size it had before the first zoom,
rescales the fonts that widgets set for themselves (a formula in 17 pt stays 17/11 of the
text around it), recomputes the button widths of :func:`logicsim_gui.fit.fix_width`, and
then calls ``apply_zoom(factor)`` on every widget under the window that has such a method
(plots, the schematic, the heatmaps: views that draw at fixed pixel sizes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QWidget

#: Smallest and largest zoom factor.
ZOOM_MIN, ZOOM_MAX = 0.75, 2.0
#: One step of View → Zoom in / Zoom out.
ZOOM_STEP = 0.125

_SIZE_RESOLVED = 0x0002  # QFont::SizeResolved (not exposed by PySide6)
_BASE_POINT_SIZE = "zoom_base_pt"  # dynamic property: a widget's own font size at 100 %
_SHOWN_POINT_SIZE = "zoom_shown_pt"  # dynamic property: the size this module last set


def clamp(factor: float) -> float:
    """``factor`` limited to [:data:`ZOOM_MIN`, :data:`ZOOM_MAX`] and rounded to a step."""
    factor = min(ZOOM_MAX, max(ZOOM_MIN, float(factor)))
    return round(factor / ZOOM_STEP) * ZOOM_STEP


def base_point_size() -> float:
    """The application's font size at 100 % (read once, before the first zoom)."""
    app = QApplication.instance()
    stored = app.property(_BASE_POINT_SIZE)
    if stored is None:
        stored = QApplication.font().pointSizeF()
        app.setProperty(_BASE_POINT_SIZE, stored)
    return float(stored)


def apply_zoom(root: QWidget, factor: float, previous: float = 1.0) -> float:
    """Scale everything under ``root`` to ``factor`` (previously ``previous``); returns it.

    Parameters
    ----------
    root : QWidget
        The main window.
    factor : float
        New zoom factor (clamped to the allowed range).
    previous : float
        The factor in effect until now, to find the 100 % size of fonts set since then.
    """
    factor = clamp(factor)
    scale_indicators(factor)  # first: the font change below makes check boxes measure again
    font = QFont(QApplication.font())
    font.setPointSizeF(base_point_size() * factor)
    QApplication.setFont(font)
    QApplication.sendPostedEvents()  # the font change reaches the widgets now, not later
    _zoom_tree(root, factor, previous, with_root=False)
    return factor


@contextmanager
def base_font() -> Iterator[None]:
    """The application's font at its 100 % size inside the block, zoomed again after it.

    A page built late (:class:`logicsim_gui.lazy.LazyPage`) is built at 100 % in this block and
    then given the zoom with :func:`zoom_new_widgets`, the way it would have been had it been
    built at start: widgets that size themselves from the font they see while being built
    (button widths, table rows) then end up as they would have.
    """
    zoomed = QFont(QApplication.font())
    size = base_point_size()
    if abs(zoomed.pointSizeF() - size) < 1e-6:  # at 100 %: nothing to do
        yield
        return
    font = QFont(zoomed)
    font.setPointSizeF(size)
    QApplication.setFont(font)
    try:
        yield
    finally:
        QApplication.setFont(zoomed)
        QApplication.sendPostedEvents()  # the font change reaches the new widgets now


def zoom_new_widgets(root: QWidget, factor: float) -> None:
    """Bring ``root`` and its children, built at 100 % (:func:`base_font`), to ``factor``.

    The application's font is at ``factor`` already; the fonts the widgets set for themselves,
    the fixed widths and whatever their own ``apply_zoom`` scales are brought there from 100 %,
    as :func:`apply_zoom` does for the widgets that existed when the window was zoomed.
    """
    _zoom_tree(root, clamp(factor), 1.0, with_root=True)


def _zoom_tree(root: QWidget, factor: float, previous: float, with_root: bool) -> None:
    """Own fonts, fixed widths and ``apply_zoom`` of every widget under ``root`` to ``factor``."""
    from logicsim_gui.fit import refit_buttons, rezoom_widths

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget.styleSheet():  # its font comes from the style sheet: polish it again
            widget.setStyleSheet(widget.styleSheet())
        else:
            _scale_own_font(widget, factor, previous)
    refit_buttons(root)
    rezoom_widths(root, factor)
    for widget in widgets:
        method = getattr(type(widget), "apply_zoom", None)
        if callable(method) and (with_root or widget is not root):
            widget.apply_zoom(factor)


class _ZoomStyle(QProxyStyle):
    """The application's style with check-box and radio-button ticks scaled by the zoom.

    Styles draw these indicators at a fixed pixel size whatever the font; this proxy scales
    the pixel metrics the style asks for (an application style sheet would do the same, but
    it also takes over the widgets' fonts, which the zoom sets itself).
    """

    SCALED = (
        QStyle.PM_IndicatorWidth,
        QStyle.PM_IndicatorHeight,
        QStyle.PM_ExclusiveIndicatorWidth,
        QStyle.PM_ExclusiveIndicatorHeight,
    )

    def __init__(self, base: QStyle) -> None:
        super().__init__(base)
        self.factor = 1.0

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 (Qt's name)
        value = super().pixelMetric(metric, option, widget)
        return round(value * self.factor) if metric in self.SCALED else value


_style: list[_ZoomStyle] = []  # the installed proxy, kept alive here


def scale_indicators(factor: float) -> None:
    """Make the ticks of check boxes and radio buttons follow the zoom (``factor``, 1 = 100 %).

    The first zoom other than 100 % puts a :class:`_ZoomStyle` over the application's style;
    later zooms change its factor (the font change that comes with every zoom makes the
    widgets measure themselves again).
    """
    app = QApplication.instance()
    style = app.style()
    if not isinstance(style, _ZoomStyle):
        if abs(factor - 1.0) < 1e-9:
            return
        base = QStyleFactory.create(style.name())
        if base is None:  # a style that cannot be made again by name: leave it alone
            return
        style = _ZoomStyle(base)
        _style[:] = [style]
        app.setStyle(style)
    style.factor = float(factor)


def _scale_own_font(widget: QWidget, factor: float, previous: float) -> None:
    """Rescale a font size the widget set for itself (others follow the application's font)."""
    font = widget.font()
    if not widget.testAttribute(Qt.WA_SetFont) or not font.resolveMask() & _SIZE_RESOLVED:
        return  # inherited from its parent: it follows the parent (scaling it too would double)
    size = font.pointSizeF()
    if size <= 0:  # a pixel-sized font
        return
    base, shown = widget.property(_BASE_POINT_SIZE), widget.property(_SHOWN_POINT_SIZE)
    if base is None or shown is None or abs(float(shown) - size) > 0.01:
        base = size / previous  # set since the last zoom, at the previous factor
    new = float(base) * factor
    font.setPointSizeF(new)
    widget.setFont(font)
    widget.setProperty(_BASE_POINT_SIZE, float(base))
    widget.setProperty(_SHOWN_POINT_SIZE, new)
