"""The Qt desktop app: a thin view over :mod:`logicsim` (PySide6 + pyqtgraph).

PySide6-Essentials 6.12.0 returns ``None`` from ``void`` methods without taking a reference;
on Python 3.11 (where ``None`` is not immortal) any Qt program then aborts with
``none_dealloc`` after a few thousand calls.  ``pyproject.toml`` therefore requires a release
below 6.12, and :func:`check_qt_binding` refuses to start on the broken one with a clear message
instead of crashing later.
"""

from __future__ import annotations

import sys

from logicsim.errors import CommandError


def check_qt_binding() -> None:
    """Raise :class:`CommandError` if the installed PySide6 is known to crash on this Python.

    The version is read from the package itself (the app imports it next anyway): looking it up
    in the installed distributions' metadata costs about 20 ms of the start-up.
    """
    from importlib.util import find_spec

    if find_spec("PySide6") is None:
        raise CommandError("PySide6 is not installed: pip install 'PySide6-Essentials<6.12'")
    import PySide6

    installed = str(getattr(PySide6, "__version__", ""))
    if installed.startswith("6.12.0") and sys.version_info < (3, 12):
        raise CommandError(
            f"PySide6 {installed} crashes on Python {sys.version_info.major}."
            f"{sys.version_info.minor} (reference leak on None): pip install "
            "'PySide6-Essentials<6.12'"
        )
