"""Logic bench view: toggling inputs recolours wires, clock and gate steps, oscillation, truth
table."""

import textwrap

import pytest
from logicsim_gui.palette import LIGHT, wire_colour
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor


@pytest.fixture
def panel(qtbot, gui_wb):
    from logicsim_gui.logic_panel import LogicPanel

    p = LogicPanel(gui_wb)
    qtbot.addWidget(p)
    p.resize(800, 700)
    p.show()
    return p


def _pen(panel, net):
    return panel.schematic._wires[net].pen().color()


def test_built_from_the_model(panel, gui_wb):
    bench = gui_wb.logic
    assert set(panel.input_buttons) == set(bench.input_names)
    for net in bench.input_names + bench.output_names:
        assert _pen(panel, net) == QColor(wire_colour(LIGHT, bench.value(net)))


def test_toggling_an_input_changes_the_wire_values(qtbot, panel, gui_wb):
    gui_wb.set("circuit", "half_adder")
    bench = gui_wb.logic
    first = bench.input_names[0]
    before = bench.value(first)
    qtbot.mouseClick(panel.input_buttons[first], Qt.LeftButton)  # the switch above the schematic
    after = bench.value(first)
    assert after == 1 - before
    assert _pen(panel, first) == QColor(wire_colour(LIGHT, after))
    # click the pin in the schematic itself
    view = panel.schematic
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.pin_position(first))
    assert bench.value(first) == before
    for net in bench.output_names:  # outputs follow the core's simulation
        assert view._labels[net].text() == str(bench.value(net))


def test_truth_table_tab_matches_the_core(panel, gui_wb):
    gui_wb.set("circuit", "half_adder")
    ins, outs, rows = gui_wb.logic.truth_table()
    table = panel.truth_table
    assert table.rowCount() == len(rows) == 2 ** len(ins)
    for r, row in enumerate(rows):
        assert [table.item(r, c).text() for c in range(len(row))] == [str(int(v)) for v in row]


def test_gate_step_highlights_the_gates_that_changed(panel, gui_wb):
    gui_wb.set("circuit", "half_adder")
    panel.gate_step_check.setChecked(True)  # inputs stop settling on their own
    assert gui_wb.logic.gate_step
    net = gui_wb.logic.input_names[0]
    gui_wb.act("toggle", net=net)
    gui_wb.act("micro_step")
    changed = set(gui_wb.logic.changed_gates)
    assert changed  # the gates fed by the toggled input changed at this micro-step
    assert panel.schematic.changed_gates == changed
    for name, body in panel.schematic._gates.items():
        assert (body.pen().color() == QColor(LIGHT.changed)) == (name in changed)
    for name in gui_wb.logic.output_names:  # wires show the values after this one micro-step
        assert panel.schematic._labels[name].text() in ("0", "1", "X")


def test_tick_advances_the_clock_readout(qtbot, panel, gui_wb):
    cycle = gui_wb.logic.cycle
    qtbot.mouseClick(panel.buttons["tick"], Qt.LeftButton)
    assert gui_wb.logic.cycle == cycle + 1
    assert f"cycle {cycle + 1}" in panel.clock_label.text()


RING = textwrap.dedent(
    """
    name = "ring"
    inputs = ["EN"]
    outputs = ["Y"]
    [gates]
    Y = { op = "NAND", in = ["EN", "Y"] }
    """
)


def test_an_oscillating_circuit_shows_its_state(tmp_path, panel, gui_wb):
    path = tmp_path / "ring.toml"
    path.write_text(RING)
    gui_wb.set("circuit", str(path))
    gui_wb.set("input.EN", 1)  # NAND fed back to itself with EN = 1: a ring oscillator
    bench = gui_wb.logic
    assert bench.oscillating
    assert panel.banner.isVisible()
    assert "Oscillation" in panel.banner.text() and bench.oscillation_text in panel.banner.text()
    assert panel.schematic.oscillating_nets == set(bench.oscillating_nets)
    assert panel.schematic._wires["Y"].pen().widthF() > 4
    gui_wb.set("input.EN", 0)
    assert not panel.banner.isVisible() or bench.oscillating


def test_double_click_looks_inside_an_instance_while_it_runs(qtbot, panel, gui_wb):
    gui_wb.set("circuit", "shift_register4")
    gui_wb.set("input.D", 1)
    gui_wb.act("tick")
    view = panel.schematic
    center = view.mapFromScene(view._gates["ff0"].sceneBoundingRect().center())
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=center)
    assert gui_wb.logic.drill == "ff0"
    assert panel.drill_bar.isVisible()
    inner = gui_wb.logic.inner_nets("ff0")
    for local, value in inner.items():  # the inner drawing shows the core's inner values
        if f"ff0.{local}" in view._labels:
            assert view._labels[f"ff0.{local}"].text() == ("X" if value is None else str(value))
    gui_wb.act("tick")  # it keeps running while we look inside
    inner = gui_wb.logic.inner_nets("ff0")
    assert view._wires["ff0.D"].pen().color() == QColor(wire_colour(LIGHT, inner["D"]))
    gui_wb.set("drill", "")
    assert not panel.drill_bar.isVisible() and "ff0" in view._gates


def test_timing_diagram_shows_the_chosen_nets_at_their_times(panel, gui_wb):
    import numpy as np

    gui_wb.set("circuit", "shift_register4")
    gui_wb.set("input.D", 1)
    gui_wb.act("run_cycles", n=3)
    assert list(panel.waveform.lanes) == gui_wb.logic.watched()
    for action in panel.watch_menu.actions():  # the user picks D and Q3 only
        action.setChecked(action.text() in ("D", "Q3"))
    assert gui_wb.get("watch") == ["D", "Q3"]
    assert list(panel.waveform.lanes) == ["D", "Q3"]
    x, y = panel.waveform.lanes["Q3"][0].getData()
    times = gui_wb.logic.sample_times
    assert x[0] == times[0] and x[-1] == times[-1] + 1
    wave = gui_wb.logic.waveform()["Q3"]
    known = [v for v in wave if v is not None]
    np.testing.assert_array_equal(
        np.unique(y[~np.isnan(y)] - 0.0), np.unique(np.array(known) * 0.9)
    )


def test_gate_step_switch_follows_and_drives_the_registry_control(qtbot, panel, gui_wb):
    box = panel.gate_step_check
    assert not box.isChecked() and gui_wb.get("gate_step") is False
    qtbot.mouseClick(box, Qt.LeftButton)
    assert gui_wb.get("gate_step") is True
    gui_wb.set("gate_step", False)  # e.g. a lesson step
    assert not box.isChecked()


def test_app_zoom_reaches_schematic_timing_diagram_and_truth_table(panel, gui_wb):
    gui_wb.set("circuit", "full_adder")
    panel.apply_zoom(1.5)
    assert panel.schematic.ui_zoom == 1.5
    assert panel.waveform.zoom == 1.5
    assert panel.truth_view.zoom == 1.5
