"""Widgets that keep the window's size independent of what it shows.

A projector may give the app only 1280 × 720 pixels, and nothing the window shows may push
it wider or taller than that: input switches wrap (:class:`FlowLayout`), status and banner
lines are elided with the whole text in a tooltip (:class:`ElidedLabel`), tab pages scroll
when they need more room than the window has (:class:`FitTabs`), and a button keeps one
width whatever its label says (:func:`fix_width`).
"""

from __future__ import annotations

from collections.abc import Iterable

from logicsim_gui.lazy import content_of
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)


class FlowLayout(QLayout):
    """Lays its items out left to right and starts a new row when the next one does not fit.

    Its minimum width is that of its widest item, so a circuit with nine inputs needs no
    wider window than one with two; the height follows the width (``heightForWidth``).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt's name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place (or only measure) the items in ``rect``, each row's items centred vertically;
        returns the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self.spacing()
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            if item.isEmpty():
                continue
            widget = item.widget()
            hint = (widget.sizeHint() if widget is not None else item.sizeHint()).expandedTo(
                item.minimumSize()
            )
            if rows[-1] and x + hint.width() > area.right() + 1:
                rows.append([])
                x = area.x()
            rows[-1].append((item, hint))
            x += hint.width() + gap
        y = area.y()
        for row in rows:
            height = max((hint.height() for _, hint in row), default=0)
            x = area.x()
            for item, hint in row:
                if move:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                x += hint.width() + gap
            y += height + gap
        return max(y - gap, area.y()) - rect.y() + m.bottom()


class ReflowLayout(QLayout):
    """Its items side by side when the width allows, else one above the other.

    Its minimum width is that of its widest item (the stacked arrangement), so a page built
    from it never needs a wider window; :meth:`setGeometry` puts the items in a row once the
    width holds all their minimum widths (and at least :attr:`wide_at` pixels). Extra width
    goes to the items by stretch; extra height, when stacked, too.

    Parameters
    ----------
    parent : QWidget, optional
        The widget it lays out.
    spacing : int
        Pixels between the items.
    wide_at : int
        Narrowest width (pixels) at which the items go side by side, even when their minimum
        widths would allow it sooner (a plot beside controls needs room to be read).
    reverse_when_stacked : bool
        Stack the items last first (a plot that is right of its controls goes above them).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        spacing: int = 6,
        wide_at: int = 0,
        reverse_when_stacked: bool = False,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []
        self.wide_at = int(wide_at)
        self.reverse_when_stacked = reverse_when_stacked
        self.setSpacing(spacing)

    # -- filling -------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)
        self._stretch.append(0)

    def add(self, thing: QWidget | QLayout, stretch: int = 0) -> None:
        """Append a widget or a layout with its ``stretch`` factor."""
        if isinstance(thing, QLayout):
            self.addChildLayout(thing)
            self._items.append(thing)
        else:
            self.addChildWidget(thing)
            self._items.append(QWidgetItem(thing))
        self._stretch.append(int(stretch))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        if not 0 <= index < len(self._items):
            return None
        self._stretch.pop(index)
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt's name)
        return Qt.Horizontal

    # -- measuring -----------------------------------------------------------------------------
    def _shown(self) -> list[tuple[QLayoutItem, int]]:
        return [(i, s) for i, s in zip(self._items, self._stretch, strict=True) if not i.isEmpty()]

    def _margins(self) -> tuple[int, int]:
        m = self.contentsMargins()
        return m.left() + m.right(), m.top() + m.bottom()

    def row_width(self) -> int:
        """Least width (pixels, margins included) at which the items go side by side."""
        shown = self._shown()
        widths = sum(item.minimumSize().width() for item, _ in shown)
        need = widths + self.spacing() * max(len(shown) - 1, 0) + self._margins()[0]
        return max(need, self.wide_at)

    def is_row(self, width: int) -> bool:
        """Whether the items stand side by side at ``width`` pixels."""
        return width >= self.row_width()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._height(width, minimum=False)

    def minimumHeightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._height(width, minimum=True)

    def _height(self, width: int, minimum: bool) -> int:
        side, top = self._margins()
        shown = self._shown()
        inner = width - side
        if self.is_row(width):
            widths = self._row_widths(inner)
            tallest = max(
                (
                    _item_height(item, w, minimum)
                    for (item, _), w in zip(shown, widths, strict=True)
                ),
                default=0,
            )
            return tallest + top
        heights = [_item_height(item, inner, minimum) for item, _ in shown]
        return sum(heights) + self.spacing() * max(len(shown) - 1, 0) + top

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        shown = self._shown()
        side, top = self._margins()
        width = sum(item.sizeHint().width() for item, _ in shown)
        width += self.spacing() * max(len(shown) - 1, 0) + side
        width = max(width, self.row_width())
        return QSize(width, self._height(width, minimum=False))

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        side, top = self._margins()
        width = max((item.minimumSize().width() for item, _ in self._shown()), default=0) + side
        return QSize(width, self._height(width, minimum=True))

    # -- placing -------------------------------------------------------------------------------
    def _row_widths(self, inner: int) -> list[int]:
        """Widths of the items side by side in ``inner`` pixels: minimum, then towards the
        size hint, then the rest by stretch (each within its maximum)."""
        shown = self._shown()
        widths = [item.minimumSize().width() for item, _ in shown]
        room = inner - self.spacing() * max(len(shown) - 1, 0) - sum(widths)
        hints = [
            max(item.sizeHint().width(), w) for (item, _), w in zip(shown, widths, strict=True)
        ]
        want = sum(h - w for h, w in zip(hints, widths, strict=True))
        if room > 0 and want > 0:
            share = min(1.0, room / want)
            for k, hint in enumerate(hints):
                grow = int((hint - widths[k]) * share)
                widths[k] += grow
                room -= grow
        stretches = [s for _, s in shown]
        if not any(stretches):
            stretches = [1] * len(shown)
        for _ in range(len(shown)):  # hand out the rest; items at their maximum drop out
            open_ = [
                k
                for k, (item, _) in enumerate(shown)
                if stretches[k] and widths[k] < item.maximumSize().width()
            ]
            if room <= 0 or not open_:
                break
            total = sum(stretches[k] for k in open_)
            given = 0
            for k in open_:
                grow = min(
                    room * stretches[k] // total, shown[k][0].maximumSize().width() - widths[k]
                )
                widths[k] += grow
                given += grow
            room -= given
            if given == 0:
                break
        return widths

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        shown = self._shown()
        gap = self.spacing()
        if self.is_row(rect.width()):
            x = area.x()
            for (item, _), width in zip(shown, self._row_widths(area.width()), strict=True):
                item.setGeometry(QRect(x, area.y(), width, area.height()))
                x += width + gap
            return
        order = shown[::-1] if self.reverse_when_stacked else shown
        heights = [_item_height(item, area.width(), minimum=False) for item, _ in order]
        room = area.height() - sum(heights) - gap * max(len(order) - 1, 0)
        stretch_total = sum(s for _, s in order)
        if room < 0:  # less than preferred: shrink towards the minimum heights
            least = [_item_height(item, area.width(), minimum=True) for item, _ in order]
            slack = sum(h - lo for h, lo in zip(heights, least, strict=True))
            cut = min(1.0, -room / slack) if slack > 0 else 0.0
            heights = [h - int((h - lo) * cut) for h, lo in zip(heights, least, strict=True)]
        elif stretch_total:
            heights = [
                h + room * s // stretch_total for h, (_, s) in zip(heights, order, strict=True)
            ]
        y = area.y()
        for (item, _), height in zip(order, heights, strict=True):
            item.setGeometry(QRect(area.x(), y, area.width(), height))
            y += height + gap


def _item_height(item: QLayoutItem, width: int, minimum: bool) -> int:
    """Height of ``item`` at ``width``: least or preferred, honouring height-for-width."""
    if item.hasHeightForWidth():
        return item.minimumHeightForWidth(width) if minimum else item.heightForWidth(width)
    return item.minimumSize().height() if minimum else item.sizeHint().height()


class _WrappedHeight(QObject):
    """Event filter of :func:`keep_wrapped_height`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Resize, QEvent.LayoutRequest) and isinstance(watched, QWidget):
            layout = watched.layout()
            if layout is not None and layout.hasHeightForWidth():
                need = layout.totalMinimumHeightForWidth(watched.width())
                if need != watched.minimumHeight():
                    watched.setMinimumHeight(need)
        return False


def keep_wrapped_height(widget: QWidget) -> None:
    """Keep ``widget`` at least as tall as its wrapped content needs at its current width.

    For a widget with wrapping rows in a parent that sizes by minimum size only (a
    ``QSplitter``): without it the wrapped rows would be cut off at the bottom.
    """
    keeper = _WrappedHeight(widget)
    widget.installEventFilter(keeper)


def labelled(text: str, widget: QWidget) -> QWidget:
    """``text`` and ``widget`` side by side as one item, so a flow never parts them."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QLabel(text))
    row.addWidget(widget)
    return pair


class ElidedLabel(QLabel):
    """One line of text that is cut with "…" when it does not fit; the tooltip has all of it.

    Its size does not depend on its text, so a long status line never widens a panel: it
    asks for the width of ``sample`` (about 20 characters when empty) and can shrink to none.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, sample: str = "") -> None:
        super().__init__(parent)
        self._full = ""
        self._sample = sample
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        self.setTextFormat(Qt.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        """Show ``text`` (elided to the label's width)."""
        self._full = str(text)
        self._elide()

    def text(self) -> str:
        """The whole text, as given to :meth:`setText` (:meth:`shown_text` is what fits)."""
        return self._full

    def shown_text(self) -> str:
        """The text as drawn, cut to the label's width."""
        return super().text()

    def _elide(self) -> None:
        room = max(self.contentsRect().width() - 2 * self.margin() - 4, 0)
        shown = self.fontMetrics().elidedText(self._full, Qt.ElideRight, room)
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        metrics = self.fontMetrics()
        width = (
            metrics.horizontalAdvance(self._sample) + 2 * self.margin() + 8
            if self._sample
            else metrics.averageCharWidth() * 20
        )
        return QSize(width, super().sizeHint().height())


class _Holder(QWidget):
    """Holds a scrolled page; asks for the page's *least* height at a width.

    A scroll area sizes a page whose height depends on its width (wrapping rows) by
    ``heightForWidth``, which for a layout is the preferred height; this asks for the minimum
    instead, so the page scrolls only when even that does not fit.
    """

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self.layout().totalMinimumHeightForWidth(width)


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area that scrolls only when the room is too small
    (:func:`page_of` gives ``widget`` back from the area)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.NoFrame)
    area.setWidget(_Holder(widget))
    return area


class _VerticalScroll(QScrollArea):
    """A scroll area that scrolls only up and down: as wide as its page needs, any height."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        page = self.widget()
        width = page.minimumSizeHint().width() if page is not None else 0
        return QSize(width + self.verticalScrollBar().sizeHint().width(), 60)


def scrolled_vertically(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area that scrolls up and down only, when too short."""
    area = _VerticalScroll()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    area.setWidget(_Holder(widget))
    return area


def page_of(area: QWidget | None) -> QWidget | None:
    """The widget given to :func:`scrolled` for ``area`` (other widgets are returned as is);
    for a :class:`~logicsim_gui.lazy.LazyPage` that is built, the page it holds."""
    if isinstance(area, QScrollArea) and isinstance(area.widget(), _Holder):
        area = area.widget().page
    return content_of(area)


class FitTabs(QTabWidget):
    """A tab widget whose pages scroll instead of setting the window's minimum size.

    Each page is put in a :func:`scrolled` area; :meth:`widget`, :meth:`currentWidget`,
    :meth:`setCurrentWidget` and :meth:`indexOf` speak of the page itself, as a plain
    ``QTabWidget`` would (the scroll area is accepted too).  A page may be a
    :class:`~logicsim_gui.lazy.LazyPage`: it is built when its tab is first shown, and from
    then on these methods speak of the page it built.
    """

    def addTab(self, page: QWidget, label: str) -> int:  # type: ignore[override]  # noqa: N802
        """Add ``page`` (wrapped in a scroll area) under ``label``; returns its index."""
        return super().addTab(scrolled(page), label)

    def widget(self, index: int) -> QWidget | None:
        return page_of(super().widget(index))

    def currentWidget(self) -> QWidget | None:  # noqa: N802 (Qt's name)
        return self.widget(self.currentIndex())

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 (Qt's name)
        for k in range(self.count()):
            area = super().widget(k)
            if page is area or page is self.widget(k):
                return k
            if isinstance(area, QScrollArea) and isinstance(area.widget(), _Holder):
                if page is area.widget().page:  # a lazy page's placeholder
                    return k
        return -1

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 (Qt's name)
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)


def fix_width(button: QAbstractButton, labels: Iterable[str], pad: int = 28) -> None:
    """Give ``button`` the width of its longest label, so changing its text moves nothing."""
    labels = list(dict.fromkeys([*labels, button.text()]))
    button.setProperty("fit_labels", labels)
    metrics = button.fontMetrics()
    widest = max(metrics.horizontalAdvance(text) for text in labels)
    button.setFixedWidth(widest + pad)


def refit_buttons(root: QWidget) -> None:
    """Recompute the widths set by :func:`fix_width` under ``root`` (after a font change)."""
    for button in root.findChildren(QAbstractButton):
        labels = button.property("fit_labels")
        if labels:
            fix_width(button, labels)


_ZOOM_WIDTH = "zoom_width"  # dynamic property: (kind, pixels at 100 %) of a width set here


def zoomed_width(widget: QWidget, pixels: int, kind: str = "max") -> None:
    """Set a ``"max"``-imum, ``"min"``-imum or ``"fixed"`` width of ``pixels`` at 100 % that
    follows the zoom (a ``"min"`` width lets a field get narrower than its text asks for).

    A fixed width keeps its height at one line of the widget's font.
    """
    widget.setProperty(_ZOOM_WIDTH, [kind, int(pixels)])
    _set_width(widget, kind, int(pixels))


def rezoom_widths(root: QWidget, factor: float) -> None:
    """Apply ``factor`` to every width set with :func:`zoomed_width` under ``root``."""
    for widget in root.findChildren(QWidget):
        setting = widget.property(_ZOOM_WIDTH)
        if setting:
            _set_width(widget, str(setting[0]), round(int(setting[1]) * factor))


def _set_width(widget: QWidget, kind: str, pixels: int) -> None:
    if kind == "fixed":
        widget.setFixedSize(pixels, widget.sizeHint().height())
    elif kind == "min":
        widget.setMinimumWidth(pixels)
    else:
        widget.setMaximumWidth(pixels)
