"""The lesson dock's keyboard shortcuts, which stay out of the way of editing.

Page Down / Page Up step the lesson from anywhere in the window (a presenter's remote sends
them), except while the keyboard focus is in something that uses those keys itself: a slider, a
spin box, a text field or an editable text.  Then the key goes to that widget as if the shortcut
did not exist.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

__all__ = ["LESSON_SHORTCUTS", "is_editing", "install_shortcuts"]

#: (key, what it does) of every lesson shortcut, for Help → Keyboard shortcuts (F1).
LESSON_SHORTCUTS = (
    ("Page Down", "lesson: next step (reveals an open question first)"),
    ("Page Up", "lesson: back one step"),
    ("Ctrl+L", "lesson: browse the lessons"),
)


def is_editing(widget: QWidget | None) -> bool:
    """Whether ``widget`` (the focus widget) uses Page Up / Page Down itself."""
    if widget is None:
        return False
    if isinstance(widget, QAbstractSlider | QAbstractSpinBox | QLineEdit):
        return True
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


#: Keys an editing widget uses itself; their shortcuts defer to it.
DEFERRED_KEYS = (Qt.Key_PageUp, Qt.Key_PageDown)


class _EditorsKeepTheirKeys(QObject):
    """Claims a deferred key for a focused editor before any shortcut sees it.

    Qt asks the focus widget first (a ``ShortcutOverride`` event); accepting it delivers the key
    to the widget as an ordinary key press and no shortcut fires.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if (
            event.type() == QEvent.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in DEFERRED_KEYS
            and isinstance(watched, QWidget)
            and is_editing(watched)
        ):
            event.accept()
        return False


def install_shortcuts(owner: QWidget, actions: dict) -> list[QShortcut]:
    """Window-wide shortcuts ``key -> slot``; Page Up / Page Down go to a focused editor.

    Parameters
    ----------
    owner : QWidget
        The window (the shortcuts work wherever its focus is); it owns the key filter.
    actions : dict
        ``Qt.Key`` or key combination -> callable.
    """
    keeper = _EditorsKeepTheirKeys(owner)
    QApplication.instance().installEventFilter(keeper)
    owner.destroyed.connect(lambda *_: _remove(keeper))
    return [QShortcut(QKeySequence(key), owner, activated=slot) for key, slot in actions.items()]


def _remove(keeper: QObject) -> None:
    app = QApplication.instance()
    if app is not None:
        try:
            app.removeEventFilter(keeper)
        except RuntimeError:  # pragma: no cover - already gone
            pass
