from logicsim.events import Event


def test_emit_calls_callbacks_in_order_with_arguments():
    ev = Event()
    seen = []
    ev.connect(lambda *a, **k: seen.append(("first", a, k)))
    ev.connect(lambda *a, **k: seen.append(("second", a, k)))
    ev.emit(1, x=2)
    assert seen == [("first", (1,), {"x": 2}), ("second", (1,), {"x": 2})]


def test_disconnect_stops_calls_and_ignores_unknown():
    ev = Event()
    seen = []
    cb = ev.connect(seen.append)
    ev.disconnect(cb)
    ev.disconnect(cb)
    ev.emit(5)
    assert seen == [] and len(ev) == 0


def test_callback_may_disconnect_itself_during_emit():
    ev = Event()
    seen = []

    def once(v):
        seen.append(v)
        ev.disconnect(once)

    ev.connect(once)
    ev.emit(1)
    ev.emit(2)
    assert seen == [1]
