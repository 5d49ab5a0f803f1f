"""Start the desktop app, or render it offscreen to a PNG (``logicsim app --screenshot``).

Start-up imports only Qt, pyqtgraph, NumPy and the workbench: sympy is loaded the first time
a formula is shown and torch never, so the window appears quickly.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

from logicsim.errors import CommandError
from logicsim.files import atomic_target

# The app multiplies many small matrices per frame (64 x 64 at most); BLAS threads only add
# hand-off overhead there (about 3x slower on a loaded 2-core machine), so the window uses one.
# Set before NumPy is first imported; an explicit user setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

#: Size of the window rendered by ``--screenshot`` (a 1080p projector).
SCREENSHOT_SIZE = (1920, 1080)


def build_window(lesson: str | None = None, remember: bool = True):
    """Create the QApplication (if needed) and the main window; returns ``(app, window)``.

    With ``remember`` the window restores and saves its layout and last settings; on the
    first start it opens the default lesson (``logicsim.lesson.DEFAULT_LESSON``) if there is one.
    """
    from logicsim_gui import check_qt_binding

    check_qt_binding()
    from logicsim_gui.main_window import MainWindow
    from logicsim_gui.settings import first_start, make_settings
    from PySide6.QtWidgets import QApplication

    _quiet_platform_notes()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("logicsim")
    font = app.font()
    if font.pointSize() < 11:
        font.setPointSize(11)  # readable at projector size
        app.setFont(font)
    settings = make_settings(os.environ.get("LOGICSIM_SETTINGS")) if remember else None
    window = MainWindow(settings=settings)
    if lesson is not None:
        window.open_lesson(lesson)
    elif first_start(settings) and window.lesson_dock is not None and default_lesson() is not None:
        try:
            window.open_lesson(default_lesson())
        except Exception as exc:  # noqa: BLE001 - a broken default lesson must not stop the app
            window.show_status(f"could not open the default lesson: {exc}")
    return app, window


#: Qt messages that are notes about the platform plugin, not problems of the app.
_NOISE = ("propagateSizeHints",)


def _quiet_platform_notes() -> None:
    """Drop the offscreen plugin's "does not support propagateSizeHints()" note; keep the rest."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if not any(noise in message for noise in _NOISE):
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def default_lesson() -> str | None:
    """The lesson opened on first start, or None when the lesson package has none (yet)."""
    try:
        from logicsim.lesson import DEFAULT_LESSON
    except Exception:  # noqa: BLE001 - lessons are optional for the window
        return None
    return DEFAULT_LESSON


def check_display() -> None:
    """Raise :class:`CommandError` when no window can be shown, instead of Qt aborting.

    On Linux Qt needs an X11 or Wayland display (``DISPLAY`` / ``WAYLAND_DISPLAY``) unless a
    platform is forced with ``QT_QPA_PLATFORM``; its X11 plugin also needs system xcb libraries
    (``libxcb-cursor0``, ``libxcb-icccm4``, ...), whose absence would make Qt abort: the plugin is
    loaded here first so a missing library is named in one line.
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise CommandError(
            "no display found (DISPLAY is not set): run it in a desktop session or under "
            "xvfb-run, or render the window with 'logicsim app --screenshot out.png'"
        )
    if not os.environ.get("WAYLAND_DISPLAY"):
        import ctypes

        from PySide6.QtCore import QLibraryInfo

        plugin = (
            Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
            / "platforms"
            / "libqxcb.so"
        )
        if plugin.exists():
            try:
                ctypes.CDLL(str(plugin))
            except OSError as exc:
                found = re.search(r"(lib[\w.+-]+\.so[\w.]*): cannot open", str(exc))
                missing = f"{found.group(1)} is missing" if found else str(exc)
                raise CommandError(
                    f"Qt's X11 plugin cannot load ({missing}); on Debian/Ubuntu: apt-get install "
                    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 "
                    "libxcb-render-util0 libxkbcommon-x11-0"
                ) from None


def save_screenshot(window, target: Path) -> None:
    """Render ``window`` at :data:`SCREENSHOT_SIZE` and write it as PNG (atomically)."""
    from PySide6.QtWidgets import QApplication

    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    pixmap = window.grab()
    with atomic_target(target, overwrite=True) as tmp:  # run() refused an unasked overwrite
        if not pixmap.save(tmp, "PNG"):
            raise CommandError(f"could not write {target}")


def run(lesson: str | None = None, screenshot: str | None = None, force: bool = False) -> int:
    """Show the main window (or save a screenshot of it and return); returns an exit code."""
    target = None
    if screenshot is not None:
        target = Path(screenshot)
        if target.suffix.lower() != ".png":
            raise CommandError(f"{screenshot}: the screenshot must be a .png file")
        if target.exists() and not force:
            raise CommandError(f"{screenshot} already exists (use --force to overwrite it)")
        if not target.parent.exists():
            raise CommandError(f"{screenshot}: folder {target.parent} does not exist")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        check_display()
    app, window = build_window(lesson, remember=target is None)
    if target is not None:
        save_screenshot(window, target)
        window.close()
        return 0
    window.show()
    # Ctrl-C in the terminal closes the window normally (settings saved); the app's timer lets
    # Python run the handler while Qt's event loop waits.
    signal.signal(signal.SIGINT, lambda *_: window.close())
    return app.exec()


def main() -> int:
    """Entry point of ``logicsim-gui``."""
    from logicsim.cli import main as cli_main

    return cli_main(["app", *sys.argv[1:]])
