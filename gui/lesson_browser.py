"""The lesson browser: every lesson with its title and minutes, in the course's order and mode
(``lessons/course.toml``), and "Open" / "Next lesson ▶".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from logicsim.lesson import LessonError, lesson_names, load_lesson, read_course

__all__ = ["LessonBrowser", "course_order", "next_lesson_after"]

_MODE_WORDS = {"show": "in class", "skim": "skim in class", "homework": "homework"}


def course_order() -> tuple[list[str], Any]:
    """(lesson names in teaching order, the course or None); a broken course file falls back
    to the file order."""
    names = lesson_names()
    try:
        course = read_course()
    except LessonError:
        course = None
    if course is None:
        return names, None
    order = [p.lesson for p in course.parts]
    return order + [n for n in names if n not in order], course


def next_lesson_after(name: str) -> str | None:
    """The lesson after ``name`` in teaching order (None after the last, or if unknown)."""
    order, _ = course_order()
    if name not in order:
        return None
    k = order.index(name)
    return order[k + 1] if k + 1 < len(order) else None


class LessonBrowser(QDialog):
    """Pick a lesson.

    Signals
    -------
    chosen(str)
        The library name of the lesson to open.
    """

    chosen = Signal(str)

    def __init__(self, parent: Any = None, current: str | None = None, lang: str = "en") -> None:
        super().__init__(parent)
        self.setWindowTitle("Lessons")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["#", "Lesson", "Minutes", "Mode"])
        self.tree.setRootIsDecorated(False)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._open(item))
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(lambda: self._open(self.tree.currentItem()))
        self.next_button = QPushButton("Next lesson ▶")
        self.next_button.clicked.connect(self.open_next)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.current = current
        self.populate(lang)

    def populate(self, lang: str = "en") -> None:
        """Fill the list from the lesson files and the course file."""
        self.tree.clear()
        order, course = course_order()
        if course is not None:
            self.heading.setText(
                f"<b>{course.heading(lang)}</b> — {course.class_minutes} of {course.minutes} "
                "minutes in class"
            )
        else:
            self.heading.setText("<b>Lessons</b> (in file order; no course file)")
        for k, name in enumerate(order, start=1):
            try:
                lesson = load_lesson(name)
                title = lesson.heading(lang)
                minutes = lesson.minutes
            except LessonError as exc:
                title, minutes = f"(cannot be read: {exc})", None
            part = course.part(name) if course is not None else None
            if part is not None:
                minutes = part.minutes
            mode = _MODE_WORDS.get(part.mode, part.mode) if part is not None else ""
            item = QTreeWidgetItem([str(k), title, "" if minutes is None else str(minutes), mode])
            item.setData(0, Qt.UserRole, name)
            item.setToolTip(1, part.note_text(lang) if part is not None and part.note else name)
            self.tree.addTopLevelItem(item)
            if name == self.current:
                self.tree.setCurrentItem(item)
        for col in range(4):
            self.tree.resizeColumnToContents(col)
        self.next_button.setEnabled(self.next_name() is not None)

    def names(self) -> list[str]:
        """Lesson names in the order listed."""
        return [
            self.tree.topLevelItem(k).data(0, Qt.UserRole)
            for k in range(self.tree.topLevelItemCount())
        ]

    def next_name(self) -> str | None:
        """The lesson after the current one (the first when none is open)."""
        names = self.names()
        if self.current is None:
            return names[0] if names else None
        return next_lesson_after(self.current)

    def open_next(self) -> None:
        name = self.next_name()
        if name is not None:
            self.chosen.emit(name)
            self.accept()

    def _open(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        self.chosen.emit(item.data(0, Qt.UserRole))
        self.accept()
