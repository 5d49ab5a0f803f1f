"""Start the desktop app, or render it offscreen to a PNG (``logicsim app --screenshot``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from logicsim.errors import CommandError


def run(lesson: str | None = None, screenshot: str | None = None, force: bool = False) -> int:
    """Show the main window (or save a screenshot of it and return); returns an exit code."""
    if screenshot is not None:
        target = Path(screenshot)
        if target.exists() and not force:
            raise CommandError(f"{screenshot} already exists (use --force to overwrite it)")
        if not target.parent.exists():
            raise CommandError(f"{screenshot}: folder {target.parent} does not exist")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    if lesson is not None:
        window.open_lesson(lesson)
    if screenshot is not None:
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        pixmap = window.grab()
        if not pixmap.save(str(target), "PNG"):
            raise CommandError(f"could not write {screenshot}")
        return 0
    window.show()
    return app.exec()


def main() -> int:
    """Entry point of ``logicsim-gui``."""
    from logicsim.cli import main as cli_main

    return cli_main(["app", *sys.argv[1:]])
