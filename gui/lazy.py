"""Pages built the first time they are needed, so the window appears before pages nobody sees yet.

A :class:`LazyPage` stands in a layout (or a tab) for a widget that is expensive to build and not
visible at start: the Training tab, the LSTM gate heatmaps, ...  It builds the widget the first
time the placeholder is shown, or as soon as code asks for it with :meth:`LazyPage.page`, so a
caller never sees the difference except in the start-up time.  :class:`BuiltOnUse` makes such a
page an ordinary attribute (``window.training_tab`` builds the tab when read), and
:class:`OnDemand` a mapping of widgets built on first lookup.

The widget is built in its final state: whoever owns the placeholder connects to
:attr:`LazyPage.built` to give it what it missed while it did not exist (the window's zoom and
palette, for instance).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget


class LazyPage(QWidget):
    """A placeholder that builds its page on first show, or when :meth:`page` is called.

    Parameters
    ----------
    build : callable
        Returns the page (a new widget without a parent); called at most once.
    parent : QWidget, optional
        Parent of the placeholder.
    """

    #: Sent with the page right after it was built and placed in the placeholder.
    built = Signal(QWidget)

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build: Callable[[], QWidget] | None = build
        self._page: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

    @property
    def is_built(self) -> bool:
        """Whether the page exists already."""
        return self._page is not None

    def page(self) -> QWidget:
        """The page, built now if it was not yet."""
        if self._page is None:
            build, self._build = self._build, None
            if build is None:  # asked for again while it is being built
                raise RuntimeError("a lazy page was asked for while it was being built")
            try:
                page = build()
            except BaseException:
                self._build = build  # a failed build can be tried again (and fail the same way)
                raise
            self._page = page
            self.setSizePolicy(page.sizePolicy())
            self.layout().addWidget(page)
            if self.isVisible() and not page.testAttribute(Qt.WA_WState_ExplicitShowHide):
                page.show()  # now, not on the next turn of the event loop (no empty frame)
            self.built.emit(page)
            if self.isVisible():  # lay the new page out before the next paint
                QApplication.sendPostedEvents(None, QEvent.LayoutRequest)
        return self._page

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Build the page the first time the placeholder is shown."""
        self.page()
        super().showEvent(event)

    @staticmethod
    def build_all(root: QWidget) -> None:
        """Build every lazy page under ``root`` (and the lazy pages those pages hold)."""
        while pending := [p for p in root.findChildren(LazyPage) if not p.is_built]:
            for page in pending:
                page.page()


def content_of(widget: QWidget | None) -> QWidget | None:
    """The page of a built :class:`LazyPage`; any other widget (or None) as it is."""
    if isinstance(widget, LazyPage) and widget.is_built:
        return widget.page()
    return widget


class BuiltOnUse:
    """A class attribute whose value is a :class:`LazyPage`'s page, built when first read.

    The owner keeps its placeholders in a dict ``lazy_pages`` keyed by the attribute's name::

        class Window(QMainWindow):
            training_tab = BuiltOnUse()   # self.lazy_pages["training_tab"].page()
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.lazy_pages[self.name].page()


class OnDemand(Mapping[str, QWidget]):
    """Named widgets, each made the first time it is looked up.

    Parameters
    ----------
    makers : dict
        Name -> callable returning the widget of that name (called at most once per name;
        a maker may also :meth:`add` the widgets it builds along with its own).
    """

    def __init__(self, makers: dict[str, Callable[[], QWidget]]) -> None:
        self._makers = dict(makers)
        self._made: dict[str, QWidget] = {}

    def __getitem__(self, name: str) -> QWidget:
        if name not in self._made:
            widget = self._makers[name]()
            self._made.setdefault(name, widget)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def add(self, name: str, widget: QWidget) -> None:
        """Record ``widget`` as the one of ``name`` (made by another name's maker)."""
        self._made[name] = widget

    def is_made(self, name: str) -> bool:
        """Whether the widget of ``name`` exists already."""
        return name in self._made

    def made(self) -> dict[str, QWidget]:
        """The widgets that exist, by name (in the order of the makers)."""
        return {name: self._made[name] for name in self._makers if name in self._made}
