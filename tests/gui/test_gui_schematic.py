"""The schematic widget on its own: layout, colours by value, clicks."""

from logicsim_gui.gate_shapes import gate_path, shape_of
from logicsim_gui.palette import LIGHT, wire_colour
from logicsim_gui.schematic import GateSpec, SchematicSpec, SchematicView, _levels
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

SR = SchematicSpec(
    inputs=("S", "R"),
    outputs=("Q", "Qn"),
    gates=(
        GateSpec("nor1", "nor", ("R", "Qn"), ("Q",)),
        GateSpec("nor2", "nor", ("S", "Q"), ("Qn",)),
    ),
)


def test_every_standard_gate_has_its_own_shape():
    assert shape_of("NAND") == ("and", True)
    assert shape_of("xor") == ("xor", False)
    assert shape_of("DFF") == ("box", False)
    areas = {
        op: gate_path(op, 64, 44).boundingRect().width()
        for op in ("and", "or", "not", "xor", "dff")
    }
    assert all(w > 40 for w in areas.values())


def test_levels_follow_logic_depth_and_survive_loops():
    chain = SchematicSpec(
        ("a",),
        ("c",),
        (GateSpec("g2", "not", ("b",), ("c",)), GateSpec("g1", "not", ("a",), ("b",))),
    )
    assert _levels(chain) == {"g1": 1, "g2": 2}
    levels = _levels(SR)  # a feedback loop: both placed, no hang
    assert set(levels) == {"nor1", "nor2"}


def test_wires_take_the_colour_of_their_value_and_x_is_dashed(qtbot):
    view = SchematicView()
    qtbot.addWidget(view)
    view.set_spec(SR)
    view.set_values({"S": 1, "R": 0, "Q": 1, "Qn": 0})
    assert view._wires["S"].pen().color() == QColor(wire_colour(LIGHT, 1))
    assert view._wires["Qn"].pen().color() == QColor(wire_colour(LIGHT, 0))
    assert view._labels["Q"].text() == "1"
    view.set_values({"S": 1, "R": 0})  # Q, Qn unknown
    assert view._wires["Q"].pen().style() == Qt.DashLine
    assert view._labels["Q"].text() == "X"
    assert len({LIGHT.wire_0, LIGHT.wire_1, LIGHT.wire_x}) == 3


def test_clicking_an_input_pin_asks_to_toggle_it(qtbot):
    view = SchematicView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.set_spec(SR)
    with qtbot.waitSignal(view.input_clicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.pin_position("R"))
    assert blocker.args == ["R"]


def test_changed_gates_get_a_halo(qtbot):
    view = SchematicView()
    qtbot.addWidget(view)
    view.set_spec(SR)
    view.set_changed({"nor1"})
    assert view._gates["nor1"].pen().widthF() > view._gates["nor2"].pen().widthF()


# -- layout geometry, hand layouts, size limit, zoom ---------------------------------------
import pytest  # noqa: E402
from logicsim_gui.circuit_spec import spec_of  # noqa: E402
from logicsim_gui.schematic_layout import (  # noqa: E402
    MAX_DRAWN,
    Segment,
    all_manhattan,
    crossings,
    junctions,
    layout,
    levels,
    overlaps,
    segment_hits,
)

from logicsim.logic import library_names, load_circuit  # noqa: E402


def _levels_drawn(circuit, prefix=""):
    """Every drawing the logic bench can show of ``circuit``: the top and each instance inside."""
    yield prefix or circuit.key, spec_of(circuit, prefix)
    for inst in circuit.instances:
        yield from _levels_drawn(inst.circuit, f"{prefix}{inst.name}.")


def test_the_geometry_check_sees_a_wire_through_a_body():
    body = (100.0, 100.0, 64.0, 44.0)
    assert segment_hits(Segment(50, 120, 200, 120), body)  # straight through
    assert segment_hits(Segment(130, 0, 130, 300), body)
    assert not segment_hits(Segment(50, 100, 200, 100), body)  # along the top edge
    assert not segment_hits(Segment(50, 150, 200, 150), body)  # below


@pytest.mark.parametrize("name", library_names())
def test_no_wire_passes_through_a_gate_body(name):
    for where, spec in _levels_drawn(load_circuit(name)):
        d = layout(spec)
        segments = [s for w in d.wires.values() for s in w.segments]
        assert all_manhattan(segments), where
        assert crossings(d) == [], where
        assert overlaps(d) == [], where  # no two nets run along each other
        for g in spec.gates:  # every input pin has a wire ending at it
            ins, _ = d.pins[("gate", g.name)]
            ends = {(s.x1, s.y1) for s in segments if s.owner == ("gate", g.name)}
            assert set(ins) <= ends, (where, g.name)
        cells = {(p.col, p.row) for p in d.parts.values()}
        assert len(cells) == len(d.parts), where  # one part per cell


def _random_spec(rng, placed: bool) -> SchematicSpec:
    """A random circuit: gates of 1..3 inputs, boxes with 2 outputs, loops; maybe hand-placed."""
    n_in = int(rng.integers(1, 5))
    nets = [f"i{k}" for k in range(n_in)]
    gates = []
    for k in range(int(rng.integers(3, 30))):
        if rng.random() < 0.15:
            ins = tuple(str(x) for x in rng.choice(nets, size=2))
            gates.append(
                GateSpec(f"b{k}", "half_adder", ins, (f"b{k}s", f"b{k}c"), ("A", "B", "S", "C"))
            )
            nets += [f"b{k}s", f"b{k}c"]
        else:
            op = str(rng.choice(["not", "and", "or", "xor", "nand", "nor", "dff"]))
            n = 1 if op == "not" else 2 if op == "dff" else int(rng.integers(2, 4))
            pool = nets + [f"g{k + j}" for j in range(1, 4)]  # forward names: loops
            ins = tuple(str(x) for x in rng.choice(pool, size=n))
            gates.append(GateSpec(f"g{k}", op, ins, (f"g{k}",)))
            nets.append(f"g{k}")
    driven = {o for g in gates for o in g.outputs} | set(nets[:n_in])
    gates = [
        GateSpec(
            g.name, g.op, tuple(i if i in driven else "i0" for i in g.inputs), g.outputs, g.pins
        )
        for g in gates
    ]
    outs = tuple(dict.fromkeys(str(x) for x in rng.choice(sorted(driven), size=3)))
    places, lamps = {}, {}
    if placed:
        cells = rng.permutation(8 * 8)[: n_in + len(gates) + len(outs)]
        names = [*nets[:n_in], *(g.name for g in gates)]
        for name, cell in zip(names, cells[: len(names)], strict=True):
            places[name] = (int(cell % 8), int(cell // 8), str(rng.choice(["east", "west"])))
        for net, cell in zip(outs, cells[len(names) :], strict=True):
            lamps[net] = (int(cell % 8), int(cell // 8))
    return SchematicSpec(tuple(nets[:n_in]), outs, tuple(gates), places, lamps)


@pytest.mark.parametrize("seed", range(40))
def test_random_circuits_never_route_through_a_body(seed):
    import numpy as np

    spec = _random_spec(np.random.default_rng(seed), placed=seed % 2 == 1)
    d = layout(spec)
    assert all_manhattan(s for w in d.wires.values() for s in w.segments)
    assert crossings(d) == []
    assert overlaps(d) == []


def test_the_sr_latch_is_drawn_as_in_textbooks():
    d = layout(spec_of(load_circuit("sr_latch_nor")))
    part = {name: p for (_, name), p in d.parts.items() if _ != "lamp"}
    assert part["S"].y < part["R"].y  # S on top
    assert part["Qn"].y < part["Q"].y and part["Qn"].col == part["Q"].col  # stacked gates
    s_ends = {s.owner for s in d.wires["S"].segments if s.owner}
    assert ("gate", "Qn") in s_ends and ("gate", "Q") not in s_ends  # S feeds the upper gate
    # the feedback wires cross between the gates: each runs in the gap between the two rows
    top = part["Qn"].y + part["Qn"].h
    for net in ("Q", "Qn"):
        flat = [s for s in d.wires[net].segments if s.y1 == s.y2 and not s.owner]
        assert flat and all(top < s.y1 < part["Q"].y for s in flat)


def test_branches_get_a_dot_and_corners_do_not():
    tee = [Segment(0, 0, 10, 0), Segment(10, 0, 20, 0), Segment(10, 0, 10, 10)]
    assert junctions(tee) == [(10, 0)]
    corner = [Segment(0, 0, 10, 0), Segment(10, 0, 10, 10)]
    assert junctions(corner) == []
    through = [Segment(0, 0, 20, 0), Segment(10, 0, 10, 10)]  # a stub onto a passing wire
    assert junctions(through) == [(10, 0)]
    d = layout(spec_of(load_circuit("sr_latch_nor")))
    assert len(d.wires["Q"].dots) == 1  # Q splits: to its lamp and back to the upper gate
    clk = layout(spec_of(load_circuit("shift_register4"))).wires["CLK"]
    assert len(clk.dots) == 3  # the clock line branches to four flip-flops


def test_a_west_facing_gate_is_mirrored_and_routed_around():
    spec = SchematicSpec(
        ("a",),
        ("c",),
        (GateSpec("g1", "not", ("a",), ("b",)), GateSpec("g2", "nand", ("b", "a"), ("c",))),
        places={"a": (0, 0, "east"), "g1": (1, 1, "west"), "g2": (2, 0, "east")},
    )
    d = layout(spec)
    (pin_in,), (pin_out,) = d.pins[("gate", "g1")]
    assert pin_out[0] < pin_in[0]  # output on the left
    assert crossings(d) == []


def test_layout_of_a_20000_gate_chain_returns_and_shows_a_summary(qtbot):
    n = 20_000
    gates = [GateSpec(f"g{k}", "not", (f"n{k}",), (f"n{k + 1}",)) for k in range(n)]
    spec = SchematicSpec(("n0",), (f"n{n}",), tuple(reversed(gates)))  # worst order for a rescan
    lv = levels(spec)
    assert lv["g0"] == 1 and lv[f"g{n - 1}"] == n
    view = SchematicView()
    qtbot.addWidget(view)
    view.set_spec(spec)
    assert view.drawing is None and not view._gates
    assert "20,000 gates" in view.summary_lines[0]
    assert "NOT 20000" in view.summary_lines[1]
    assert "1 input, 1 output, depth 20,000 gate levels" in view.summary_lines[2]


def test_the_summary_starts_above_the_limit(qtbot):
    def chain(n):
        gates = tuple(GateSpec(f"g{k}", "not", (f"n{k}",), (f"n{k + 1}",)) for k in range(n))
        return SchematicSpec(("n0",), (f"n{n}",), gates)

    view = SchematicView()
    qtbot.addWidget(view)
    view.set_spec(chain(MAX_DRAWN))
    assert view.drawing is not None and len(view._gates) == MAX_DRAWN
    view.set_spec(chain(MAX_DRAWN + 1))
    assert view.drawing is None and view.summary_lines


@pytest.fixture
def big_view(qtbot):
    view = SchematicView()
    qtbot.addWidget(view)
    view.resize(500, 320)
    view.show()
    qtbot.waitExposed(view)
    view.set_spec(spec_of(load_circuit("counter4")))
    return view


def test_zoom_buttons_and_wheel_change_the_scale(big_view, qtbot):
    s0 = big_view.scale_factor()
    big_view.buttons["in"].click()
    assert big_view.scale_factor() == pytest.approx(s0 * 1.25)
    big_view.buttons["out"].click()
    big_view.buttons["out"].click()
    assert big_view.scale_factor() == pytest.approx(s0 / 1.25)
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(big_view.viewport().rect().center())
    wheel = QWheelEvent(
        centre, big_view.mapToGlobal(centre), QPoint(), QPoint(0, 120),
        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False,
    )  # fmt: skip
    before = big_view.scale_factor()
    big_view.wheelEvent(wheel)
    assert big_view.scale_factor() == pytest.approx(before * 1.25)


def test_fit_shows_everything_and_drag_pans(big_view, qtbot):
    scene = big_view.sceneRect()
    seen = big_view.mapToScene(big_view.viewport().rect()).boundingRect()
    assert seen.width() < scene.width()  # labels kept readable: counter4 does not fit in 500 px
    bar = big_view.horizontalScrollBar()
    start = bar.value()
    port = big_view.viewport()
    qtbot.mousePress(port, Qt.LeftButton, pos=port.rect().center())
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    for dx in (20, 60, 120):
        to = port.rect().center() - QPoint(dx, 0)
        QApplication.sendEvent(
            port,
            QMouseEvent(QMouseEvent.MouseMove, QPointF(to), QPointF(port.mapToGlobal(to)),
                        Qt.NoButton, Qt.LeftButton, Qt.NoModifier),
        )  # fmt: skip
    qtbot.mouseRelease(port, Qt.LeftButton, pos=port.rect().center() - QPoint(120, 0))
    assert bar.value() > start  # dragged left: the view moved right
    big_view.buttons["fit"].click()

    def everything_seen():  # once the scroll bars have gone
        seen = big_view.mapToScene(big_view.viewport().rect()).boundingRect()
        return seen.contains(scene.adjusted(1, 1, -1, -1))

    qtbot.waitUntil(everything_seen, timeout=2000)


def test_labels_stay_readable_and_scale_with_the_app_zoom(big_view):
    base = big_view.scale_factor()
    smallest = min(item.font().pixelSize() for item in big_view._texts)
    assert smallest * base >= 12 - 1e-9  # at 100 %: every label at least 12 px on screen
    big_view.apply_zoom(1.5)
    assert big_view.scale_factor() == pytest.approx(base * 1.5)
    big_view.apply_zoom(1.0)
    assert big_view.scale_factor() == pytest.approx(base)


@pytest.mark.parametrize("name", ["sr_latch_nor", "ripple_adder4", "temporal_order_fsm"])
def test_every_library_label_is_at_least_12_px_at_100_percent(qtbot, name):
    view = SchematicView()
    qtbot.addWidget(view)
    view.resize(640, 400)
    view.show()
    view.set_spec(spec_of(load_circuit(name)))
    assert min(i.font().pixelSize() for i in view._texts) * view.scale_factor() >= 12 - 1e-9


def test_the_view_draws_the_routed_wires_and_mirrors_west_facing_gates(qtbot):
    view = SchematicView()
    qtbot.addWidget(view)
    view.set_spec(spec_of(load_circuit("ring_oscillator")))
    for net, wire in view.drawing.wires.items():
        path = view._wires[net].path()
        for s in wire.segments:  # every routed segment is part of the drawn path
            for x, y in ((s.x1, s.y1), (s.x2, s.y2)):
                assert path.boundingRect().adjusted(-0.5, -0.5, 0.5, 0.5).contains(QPointF(x, y))
        assert path.elementCount() >= 2 * len(wire.segments)
    body = view._gates["Y"]
    assert body.transform().m11() == -1  # the west-facing inverter is mirrored
    part = view.drawing.parts[("gate", "Y")]
    assert body.sceneBoundingRect().left() == pytest.approx(part.x, abs=1)


def test_value_labels_cover_no_part_no_label_and_few_wires(qtbot):
    """Every value label of every library drawing as the view places it: never over a part
    (body or name) or another label, and over another net's wire only where no clear place
    exists (the three carries of the crowded ripple adder; always beside the pin, as before,
    32 labels covered a wire)."""
    from logicsim_gui.schematic_labels import label_clashes

    view = SchematicView()
    qtbot.addWidget(view)
    covered_wires = []
    for name in library_names():
        for where, spec in _levels_drawn(load_circuit(name)):
            view.set_spec(spec)
            if view.drawing is None:  # a summary instead of a drawing
                continue
            assert set(view._label_boxes) == set(view._labels), where
            view.set_values({})
            for net, label in view._labels.items():  # the text sits in its box
                box = view._label_boxes[net]
                rect = label.sceneBoundingRect()
                assert box[0] - 0.5 <= rect.left() and rect.right() <= box[0] + box[2] + 0.5
            clashes = label_clashes(view.drawing, view._label_boxes)
            assert [c for c in clashes if not c[1].startswith("wire")] == [], where
            covered_wires += [(where, *c) for c in clashes]
    assert len(covered_wires) <= 3, covered_wires
