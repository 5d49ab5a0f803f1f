"""Run one blocking core call on a ``QThread`` and report its outcome on the GUI thread.

Used for work that takes seconds (training an architecture demo).  The core emits its events on
the worker thread; views receive them through :mod:`logicsim_gui.bridge`.  ``finished(outcome)``
carries ``None`` or the exception, delivered queued on the thread that started the task.

Cancelling is the core's business: ``start(fn, cancel=...)`` takes the core's own thread-safe
request to stop (such as ``TrainingBench.cancel``); :meth:`BackgroundTask.cancel` calls it once,
and ``fn`` is expected to return early.  A thread is never killed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot


class _Runner(QObject):
    done = Signal(object)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn

    @Slot()
    def run(self) -> None:
        try:
            self.fn()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI, never lost
            self.done.emit(exc)
        else:
            self.done.emit(None)


class BackgroundTask(QObject):
    """``start(fn)`` runs ``fn()`` off the GUI thread; ``finished(outcome)`` fires when it ends."""

    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread: QThread | None = None
        self._runner: _Runner | None = None
        self._cancel: Callable[[], Any] | None = None
        self.cancel_requested = False  # cancel() was called for the current (or the last) task

    @property
    def running(self) -> bool:
        """Whether a task is in progress."""
        return self.thread is not None

    @property
    def cancellable(self) -> bool:
        """Whether the running task was started with a way to stop it."""
        return self.running and self._cancel is not None

    def start(self, fn: Callable[[], Any], cancel: Callable[[], Any] | None = None) -> bool:
        """Start ``fn`` unless a task runs already; returns whether it started.

        ``cancel`` is the core's thread-safe request to stop ``fn`` early (None: it cannot be
        stopped); :meth:`cancel` calls it from the GUI thread.
        """
        if self.thread is not None:
            return False
        self._cancel = cancel
        self.cancel_requested = False
        self.thread = QThread(self)
        self._runner = _Runner(fn)
        self._runner.moveToThread(self.thread)
        self.thread.started.connect(self._runner.run)
        self._runner.done.connect(self._done, Qt.QueuedConnection)
        self.thread.start()
        return True

    def cancel(self) -> bool:
        """Ask the running task to stop (once); returns whether a request was made.

        The task still ends through ``finished``, when ``fn`` returns.
        """
        if not self.cancellable or self.cancel_requested:
            return False
        self.cancel_requested = True
        self._cancel()
        return True

    def _done(self, outcome: object) -> None:
        thread, self.thread, self._runner, self._cancel = self.thread, None, None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self.finished.emit(outcome)

    def wait(self, ms: int = 10_000) -> None:
        """Block until the thread ends (used when the window closes); a cancellable task is
        asked to stop first."""
        if self.thread is not None:
            self.cancel()
            self.thread.quit()
            self.thread.wait(ms)
