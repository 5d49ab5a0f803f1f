"""A tiny publish/subscribe helper that lets views follow the core without Qt.

Models own :class:`Event` attributes; views ``connect`` a callback in their constructor and the
model ``emit``\\s after every change.  It is deliberately synchronous and thread-free: the GUI
decides on which thread a callback runs (see ``gui/``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Event:
    """A list of callbacks called in connection order by :meth:`emit`.

    Examples
    --------
    >>> changed = Event()
    >>> seen = []
    >>> changed.connect(seen.append)
    >>> changed.emit(3)
    >>> seen
    [3]
    """

    __slots__ = ("_callbacks",)

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """Call ``callback(*args, **kwargs)`` on every :meth:`emit`; returns it (usable as
        decorator)."""
        if not callable(callback):
            raise TypeError(f"Event.connect needs a callable, got {type(callback).__name__}")
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[..., Any]) -> None:
        """Stop calling ``callback``; a callback that is not connected is ignored."""
        try:
            self._callbacks.remove(callback)
        except ValueError:
            pass

    def emit(self, *args: Any, **kwargs: Any) -> None:
        """Call every connected callback with the given arguments."""
        for callback in list(self._callbacks):
            callback(*args, **kwargs)

    def __len__(self) -> int:
        return len(self._callbacks)
