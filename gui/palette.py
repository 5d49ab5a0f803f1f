"""Colours of the app: light and dark palettes, wire values, the lecture's blue-red scale.

Wire colours follow the Okabe-Ito set, which stays distinct for the common forms of colour
blindness: 0 is blue, 1 is orange, unknown X is a reddish purple drawn dashed, so the three
values also differ in lightness and line style, not only in hue.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    """Colours the views read; one instance per palette."""

    name: str  # "light" or "dark"
    background: str  # plot and schematic background
    foreground: str  # text, axes and gate outlines
    gate_fill: str  # body of a gate symbol
    changed: str  # halo around gates that changed at this micro-step
    focus: str  # frame drawn around a widget a lesson points at
    wire_0: str  # net value 0 (Okabe-Ito blue)
    wire_1: str  # net value 1 (Okabe-Ito orange)
    wire_x: str  # unknown net value X (Okabe-Ito reddish purple, dashed)
    curve: str  # main curve of a plot
    curve_2: str  # second curve (e.g. LSTM beside RNN)
    grid: str  # reference lines (1/gamma, zero)


LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#1a1a1a",
    gate_fill="#f4f4f4",
    changed="#009E73",
    focus="#D55E00",
    wire_0="#0072B2",
    wire_1="#E69F00",
    wire_x="#CC79A7",
    curve="#0072B2",
    curve_2="#D55E00",
    grid="#777777",
)
DARK = Theme(
    name="dark",
    background="#1e1f22",
    foreground="#e8e8e8",
    gate_fill="#2d2f33",
    changed="#2fd3a0",
    focus="#ff8c3a",
    wire_0="#56B4E9",
    wire_1="#F0B400",
    wire_x="#E08FC0",
    curve="#56B4E9",
    curve_2="#ff8c3a",
    grid="#9a9a9a",
)
THEMES = {"light": LIGHT, "dark": DARK}


def wire_colour(theme: Theme, value: int | None) -> str:
    """Colour of a net holding ``value`` (0, 1, or None/-1 for X)."""
    if value == 0:
        return theme.wire_0
    if value == 1:
        return theme.wire_1
    return theme.wire_x


@contextmanager
def light_palette(app: QApplication) -> Iterator[None]:
    """The light palette inside the block, the palette in use again after it.

    A page built late (:class:`logicsim_gui.lazy.LazyPage`) is built in the light palette, as
    the pages built at start are, and then switched like them to the palette in use.
    """
    if app.palette() == app.style().standardPalette():
        yield
        return
    current = QPalette(app.palette())
    app.setPalette(app.style().standardPalette())
    try:
        yield
    finally:
        app.setPalette(current)


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Set the Qt widget palette (Fusion style) to match ``theme``."""
    app.setStyle("Fusion")
    if theme.name == "light":
        app.setPalette(app.style().standardPalette())
        return
    pal = QPalette()
    bg, base, text = QColor("#2b2d31"), QColor(theme.background), QColor(theme.foreground)
    for role, colour in (
        (QPalette.Window, bg),
        (QPalette.WindowText, text),
        (QPalette.Base, base),
        (QPalette.AlternateBase, bg),
        (QPalette.Text, text),
        (QPalette.Button, bg),
        (QPalette.ButtonText, text),
        (QPalette.ToolTipBase, QColor("#3a3d42")),
        (QPalette.ToolTipText, text),
        (QPalette.Highlight, QColor("#3d6fb4")),
        (QPalette.HighlightedText, QColor("#ffffff")),
        (QPalette.PlaceholderText, QColor("#8a8a8a")),
    ):
        pal.setColor(role, colour)
    pal.setColor(QPalette.Disabled, QPalette.Text, QColor("#777777"))
    pal.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#777777"))
    app.setPalette(pal)
