"""Window layout and last settings remembered between runs (``QSettings``).

Saved on close, restored at start: geometry, dock layout, splitter, palette, zoom, current tabs,
and the values of the controls listed in :data:`REMEMBERED` (read with ``workbench.get`` and
written back with ``workbench.set``, so a stale value is rejected by the model, not trusted).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QSettings

#: Workbench controls whose last value is restored at start.
REMEMBERED = (
    "circuit",
    "initial_state",
    "cell",
    "nonlinearity",
    "hidden_size",
    "seed",
    "task",
    "difficulty",
    "eig_mode",
    "eig1",
    "eig2",
    "eig_mag",
    "eig_angle_deg",
    "radius_rest",
    "normal",
    "non_normality",
    "gradient.nonlinearity",
    "steps",
    "formula.cell",
    "formula.what",
    "train.task",
    "train.difficulty",
    "train.epochs",
    "train.seeds",
    "linked_time",
    "neuron.w",
    "neuron.u",
    "batch.size",
    "batch.bptt",
    "demo",
    "clip_threshold",
)


def make_settings(path: str | None = None) -> QSettings:
    """The app's settings store (an INI file at ``path`` when given, for tests)."""
    if path is not None:
        return QSettings(path, QSettings.IniFormat)
    return QSettings("logicsim", "logicsim")


def save(window: Any, settings: QSettings) -> None:
    """Remember layout and control values of ``window``."""
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
    settings.setValue("splitter", window.splitter.saveState())
    settings.setValue("theme", window.theme.name)
    settings.setValue("zoom", float(getattr(window, "zoom", 1.0)))
    settings.setValue("right_tab", window.right_tabs.currentIndex())
    settings.setValue("logic_tab", window.logic_panel.tabs.currentIndex())
    values = {}
    for name in REMEMBERED:
        try:
            values[name] = window.wb.get(name)
        except Exception:  # noqa: BLE001 - a control the model no longer has
            continue
    settings.setValue("controls", json.dumps(values))
    settings.setValue("started_before", True)
    settings.sync()


def restore(window: Any, settings: QSettings) -> list[str]:
    """Apply what :func:`save` remembered; returns a note per setting that was ignored.

    A settings file is data that may be corrupt (edited by hand, written by another version): a
    value that is not what :func:`save` writes, or that the model rejects, is skipped and named
    in one status line, and everything else is still restored.  Nothing in it stops the app.
    """
    notes: list[str] = []

    def attempt(key: str, apply: Any) -> None:
        try:
            apply()
        except Exception as exc:  # noqa: BLE001 - a corrupt settings file must not stop the app
            from logicsim.errors import user_message

            notes.append(f"{key} ({user_message(exc, 80)})")

    for key, restorer in (("geometry", window.restoreGeometry), ("state", window.restoreState)):
        value = settings.value(key)
        if value is not None:
            attempt(key, lambda r=restorer, v=value: _require(r(v), "not a saved layout"))
    if settings.value("splitter") is not None:
        attempt("splitter", lambda: window.splitter.restoreState(settings.value("splitter")))
    theme = settings.value("theme", "light")
    if theme in ("light", "dark") and theme != window.theme.name:
        attempt("theme", lambda: window.set_theme(theme))
    zoom = _number(settings.value("zoom", 1.0), float, 0.5, 4.0, "zoom", notes, 1.0)
    if zoom != 1.0 and hasattr(window, "set_zoom"):
        attempt("zoom", lambda: window.set_zoom(zoom))  # clamped to 75 % … 200 %
    for key, tabs in (("right_tab", window.right_tabs), ("logic_tab", window.logic_panel.tabs)):
        index = _number(settings.value(key, 0), int, 0, max(tabs.count() - 1, 0), key, notes, 0)
        attempt(key, lambda t=tabs, i=index: t.setCurrentIndex(i))
    try:
        values = json.loads(settings.value("controls", "{}"))
    except (TypeError, ValueError, RecursionError):
        values = None
    if not isinstance(values, dict):
        notes.append("controls (not a table of control values)")
        values = {}
    for name, value in values.items():
        if name not in REMEMBERED:
            notes.append(f"controls.{str(name)[:40]} (not a remembered control)")
            continue

        def apply(name: str = name, value: Any = value) -> None:
            if window.wb.get(name) != value:
                window.wb.set(name, value)

        attempt(f"controls.{name}", apply)
    if notes:
        _status(window, "ignored settings that could not be used: " + "; ".join(notes))
    return notes


def _require(ok: Any, why: str) -> None:
    if ok is False:
        raise ValueError(why)


def _number(raw: Any, kind: type, low: float, high: float, key: str, notes: list[str], default):
    """``raw`` as ``kind`` within ``low..high``; else ``default`` and a note."""
    try:
        value = kind(raw)
        if not low <= value <= high:
            raise ValueError(f"{str(raw)[:24]} is outside {low}..{high}")
        return value
    except (TypeError, ValueError, OverflowError) as exc:
        notes.append(f"{key} ({' '.join(str(exc).split())[:80]})")
        return default


def _status(window: Any, text: str) -> None:
    """Show ``text`` in the window's status bar (if it has one)."""
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text[:400])


def first_start(settings: QSettings | None) -> bool:
    """Whether the app has never been closed normally with these settings."""
    return settings is None or not bool(settings.value("started_before", False, type=bool))
