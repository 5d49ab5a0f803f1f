"""Point at a widget: switch to its tab, scroll it into view and draw a coloured frame.

A lesson step says ``focus = "gradient.plot"``; the main window looks the name up in a
:class:`FocusRegistry` and calls :meth:`FocusRegistry.focus`.  The frame is an overlay widget
that lives ~2 s and never takes mouse events, so it cannot get in the learner's way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QScrollArea, QStackedWidget, QTabWidget, QWidget

from logicsim.errors import LogicsimError

#: How long the frame stays, in milliseconds.
HIGHLIGHT_MS = 2000


class FocusFrame(QWidget):
    """A transparent overlay drawing a thick rounded frame over its parent widget."""

    def __init__(self, target: QWidget, colour: str, ms: int = HIGHLIGHT_MS) -> None:
        super().__init__(target)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WA_NoSystemBackground)
        self._colour = QColor(colour)
        self.setGeometry(target.rect())
        target.installEventFilter(self)  # follow the target when the layout resizes it
        self.show()
        self.raise_()
        QTimer.singleShot(ms, self.deleteLater)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Resize:
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(self._colour, 4))
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 6, 6)


def reveal(widget: QWidget) -> None:
    """Make ``widget`` visible: select every enclosing tab/stack page and scroll areas."""
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget):
            grand = parent.parentWidget()
            if isinstance(grand, QTabWidget):
                grand.setCurrentWidget(child)
            else:
                parent.setCurrentWidget(child)
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            parent.ensureWidgetVisible(widget)
        child = parent
        parent = parent.parentWidget()


class FocusRegistry:
    """Names of focus targets -> widgets (or callables returning the widget)."""

    def __init__(self, colour: Callable[[], str]) -> None:
        self._targets: dict[str, QWidget | Callable[[], QWidget]] = {}
        self._colour = colour
        self.last: str | None = None  # name focused last (tests read it)

    def register(self, name: str, widget: QWidget | Callable[[], QWidget]) -> None:
        """Let :meth:`focus` find ``widget`` under ``name``."""
        self._targets[name] = widget

    def names(self) -> set[str]:
        """Every registered name."""
        return set(self._targets)

    def widget(self, name: str) -> QWidget:
        """The widget registered as ``name`` (raises :class:`LogicsimError` if unknown)."""
        try:
            target = self._targets[name]
        except KeyError:
            known = ", ".join(sorted(self._targets))
            raise LogicsimError(f"unknown focus target {name!r} (known: {known})") from None
        return target if isinstance(target, QWidget) else target()

    def focus(self, name: str) -> QWidget:
        """Reveal the widget named ``name`` and frame it for a moment; returns the widget."""
        widget = self.widget(name)
        reveal(widget)
        FocusFrame(widget, self._colour())
        self.last = name
        return widget
