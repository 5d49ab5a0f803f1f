"""The schematic widget on its own: layout, colours by value, clicks."""

from logicsim_gui.gate_shapes import gate_path, shape_of
from logicsim_gui.palette import LIGHT, wire_colour
from logicsim_gui.schematic import GateSpec, SchematicSpec, SchematicView, _levels
from PySide6.QtCore import Qt
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
