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


def restore(window: Any, settings: QSettings) -> None:
    """Apply what :func:`save` remembered (silently skipping anything the model rejects)."""
    from logicsim.errors import LogicsimError

    if settings.value("geometry") is not None:
        window.restoreGeometry(settings.value("geometry"))
    if settings.value("state") is not None:
        window.restoreState(settings.value("state"))
    if settings.value("splitter") is not None:
        window.splitter.restoreState(settings.value("splitter"))
    theme = settings.value("theme", "light")
    if theme in ("light", "dark") and theme != window.theme.name:
        window.set_theme(theme)
    try:
        zoom = float(settings.value("zoom", 1.0))
    except (TypeError, ValueError):
        zoom = 1.0
    if zoom != 1.0 and hasattr(window, "set_zoom"):
        window.set_zoom(zoom)  # clamped to 75 % … 200 %
    window.right_tabs.setCurrentIndex(int(settings.value("right_tab", 0)))
    window.logic_panel.tabs.setCurrentIndex(int(settings.value("logic_tab", 0)))
    try:
        values = json.loads(settings.value("controls", "{}"))
    except (TypeError, ValueError):
        values = {}
    for name, value in values.items():
        try:
            if window.wb.get(name) != value:
                window.wb.set(name, value)
        except (LogicsimError, KeyError, TypeError):
            continue


def first_start(settings: QSettings | None) -> bool:
    """Whether the app has never been closed normally with these settings."""
    return settings is None or not bool(settings.value("started_before", False, type=bool))
