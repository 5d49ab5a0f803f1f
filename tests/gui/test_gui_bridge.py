"""Core events reach Qt slots on the GUI thread, whichever thread emitted them."""

import threading

from logicsim_gui.animator import Animator
from logicsim_gui.bridge import follow
from PySide6.QtCore import QObject

from logicsim.events import Event


def test_event_from_a_worker_thread_is_delivered_on_the_gui_thread(qtbot):
    owner = QObject()
    event = Event()
    seen = []
    follow(
        event,
        lambda *args: seen.append((args, threading.current_thread() is threading.main_thread())),
        owner,
    )
    worker = threading.Thread(target=event.emit, args=("progress", 3))
    worker.start()
    worker.join()
    assert seen == []  # queued, not called on the worker
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
    assert seen == [(("progress", 3), True)]


def test_event_from_the_gui_thread_is_delivered_at_once_and_detaches_with_its_owner(qtbot):
    owner = QObject()
    event = Event()
    seen = []
    follow(event, seen.append, owner)
    event.emit("values")
    assert seen == ["values"]
    assert len(event) == 1
    owner.deleteLater()
    qtbot.waitUntil(lambda: len(event) == 0, timeout=2000)


def test_one_timer_serves_every_client_at_its_own_period(qtbot):
    animator = Animator()
    calls = {"fast": 0, "slow": 0}
    animator.add("fast", lambda: calls.__setitem__("fast", calls["fast"] + 1), 20)
    animator.add("slow", lambda: calls.__setitem__("slow", calls["slow"] + 1), 200)
    animator.start("fast")
    animator.start("slow")
    qtbot.wait(450)
    animator.stop("fast")
    animator.stop("slow")
    assert calls["fast"] > 2 * calls["slow"] >= 2
    assert not animator.is_active("fast")


def test_a_flood_from_a_worker_is_coalesced_and_the_last_state_arrives(qtbot):
    owner = QObject()
    event = Event()
    seen = []
    follow(event, lambda *args: seen.append(args), owner)

    def flood():
        for k in range(5000):
            event.emit("progress")
            event.emit({"batch": k})  # unhashable: only the latest of its kind is kept

    worker = threading.Thread(target=flood)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: ("progress",) in seen, timeout=2000)
    qtbot.wait(50)
    # far fewer deliveries than emits, and the final progress value is the one shown last
    assert len(seen) < 1000
    dicts = [a[0] for a in seen if isinstance(a[0], dict)]
    assert dicts[-1] == {"batch": 4999}
