"""The one timer of the app.

Animation (playing the recurrent bench, running the logic clock, a linked tick) is driven by a
single ``QTimer``.  Each client registers a callback with its own period; the timer fires at a
fixed short interval and calls every active client whose period has elapsed.  Tests and the
lesson player never need the timer: they call the same model methods directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

TICK_MS = 15  # timer interval; clients run at multiples of it


@dataclass
class Client:
    """One animated thing."""

    callback: Callable[[], None]  # called once per period while active
    period_ms: float  # wanted period
    active: bool = False  # playing?
    due: float = 0.0  # next time (monotonic seconds) it should run


class Animator(QObject):
    """Owns the app's single ``QTimer`` and multiplexes it between clients."""

    ticked = Signal()  # every timer tick (used to measure event-loop gaps)
    activity = Signal(str, bool)  # client name, active

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.clients: dict[str, Client] = {}

    def add(self, name: str, callback: Callable[[], None], period_ms: float) -> None:
        """Register client ``name`` (inactive until :meth:`start`)."""
        self.clients[name] = Client(callback, float(period_ms))

    def set_period(self, name: str, period_ms: float) -> None:
        """Change how often ``name`` runs."""
        self.clients[name].period_ms = max(float(period_ms), TICK_MS)

    def start(self, name: str) -> None:
        """Start calling ``name`` periodically."""
        client = self.clients[name]
        client.active = True
        client.due = time.monotonic()
        self.timer.start()
        self.activity.emit(name, True)

    def stop(self, name: str) -> None:
        """Stop calling ``name``."""
        self.clients[name].active = False
        self.activity.emit(name, False)

    def toggle(self, name: str) -> bool:
        """Start ``name`` if stopped, stop it if running; returns the new state."""
        if self.clients[name].active:
            self.stop(name)
        else:
            self.start(name)
        return self.clients[name].active

    def is_active(self, name: str) -> bool:
        """Whether ``name`` is running."""
        return self.clients[name].active

    def _tick(self) -> None:
        self.ticked.emit()
        now = time.monotonic()
        for client in self.clients.values():
            if client.active and now >= client.due:
                client.due = max(client.due + client.period_ms / 1000.0, now)
                client.callback()
