"""The main window: logic bench beside recurrent bench (placeholder until issue 6 lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from logicsim.errors import CommandError


class MainWindow(QMainWindow):
    """Top-level window of the app."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("logicsim")
        self.setCentralWidget(QLabel("logicsim"))

    def open_lesson(self, name: str) -> None:
        raise CommandError(f"lessons are not available in this build yet: {name}")
