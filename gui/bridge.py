"""Marshal core :class:`logicsim.events.Event` callbacks onto the GUI thread.

The core is thread-free: a model emits its ``changed`` event on whatever thread changed it
(training runs on a worker thread).  Qt widgets may only be touched on the GUI thread, so every
view connects to a model through :class:`EventBridge`: on the GUI thread the slot is called at
once; from another thread the arguments are parked and one queued Qt signal asks the GUI thread
to deliver them.

Coalescing: a worker can emit thousands of events a second (one per training batch), far more than a
window can redraw.  Views redraw from the model's current state, not from an event's arguments, so
while a delivery is still queued, a further event with the *same* arguments is dropped and one with
unhashable arguments (a progress dict) replaces the parked one of its kind.  At most one posted
event per bridge is ever waiting, so timers and input keep flowing however fast the worker emits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QObject, Signal


def _key(args: tuple) -> Hashable:
    """Which parked delivery ``args`` may replace: equal hashable args, or the same arg types."""
    try:
        hash(args)
    except TypeError:
        return ("latest-of", tuple(type(a) for a in args))
    return args


class EventBridge(QObject):
    """Forward a core event to ``slot`` on the thread that created this bridge.

    Parameters
    ----------
    event : logicsim.events.Event
        The model's event (``bench.changed``).
    slot : callable
        Called with the event's positional arguments, on the GUI thread.
    parent : QObject
        Owner; the bridge disconnects from the event when the owner is destroyed.
    """

    wake = Signal()

    def __init__(self, event: Any, slot: Callable[..., Any], parent: QObject) -> None:
        super().__init__(parent)
        self._event = event
        self._slot = slot
        self._home = threading.get_ident()
        self._lock = threading.Lock()
        self._parked: dict[Hashable, tuple] = {}  # key -> latest args, in arrival order
        self.wake.connect(self._deliver)
        event.connect(self._forward)
        parent.destroyed.connect(self._detach)

    def _forward(self, *args: Any, **kwargs: Any) -> None:
        if threading.get_ident() == self._home:
            self._slot(*args)  # same thread: synchronous, like a direct connection
            return
        # Another thread: only park the arguments and wake the GUI thread (once).
        with self._lock:
            first = not self._parked
            self._parked[_key(args)] = args
        if first:
            try:
                self.wake.emit()
            except RuntimeError:  # the C++ object is gone (window closed while a worker runs)
                self._detach()

    def _deliver(self) -> None:
        with self._lock:
            parked, self._parked = self._parked, {}
        for args in parked.values():
            self._slot(*args)

    def _detach(self, *_: Any) -> None:
        self._event.disconnect(self._forward)


def follow(event: Any, slot: Callable[..., Any], parent: QObject) -> EventBridge:
    """Connect ``slot`` to a core ``event`` through a GUI-thread :class:`EventBridge`."""
    return EventBridge(event, slot, parent)
