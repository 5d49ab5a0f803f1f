"""Recurrent bench view: stepping moves the heatmap marker and the bars, LSTM shows its gates."""

import numpy as np
import pytest

from logicsim.workbench.heatmap import nice_ceiling


@pytest.fixture
def panel(qtbot, gui_wb):
    from logicsim_gui.recurrent_panel import RecurrentPanel

    p = RecurrentPanel(gui_wb)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    return p


def test_heatmap_shows_the_benchs_states_in_the_cores_colours(panel, gui_wb):
    from logicsim.workbench.heatmap import colour_scale

    view = panel.heatmaps["h"]
    h = np.asarray(gui_wb.recurrent.h)  # (T+1, H): h[0] included
    np.testing.assert_array_equal(view.values, h)
    np.testing.assert_array_equal(view.rgba, colour_scale("h").rgba(h.T))  # the core's colours
    assert (view.scale.lo, view.scale.hi) == (-1.0, 1.0)
    assert view.colour_bar.levels() == (-1.0, 1.0)
    assert not panel.heatmaps["c"].isVisible()  # RNN: no cell state


def test_column_zero_holds_the_initial_state(panel, gui_wb):
    gui_wb.set("cell", "lstm")
    T = gui_wb.recurrent.T
    for q in ("h", "c"):
        view = panel.heatmaps[q]
        assert view.values.shape[0] == T + 1  # columns t = 0..T
        np.testing.assert_array_equal(view.values[0], getattr(gui_wb.recurrent, q)[0])
        x, _, w, _ = view.image.mapRectToParent(view.image.boundingRect()).getRect()
        assert (x, w) == (-0.5, T + 1)  # column t centred on x = t
    f = panel.heatmaps["f"]
    assert np.isnan(f.values[0]).all() and f.rgba[:, 0, 3].max() == 0  # no gate at t = 0
    ticks = [v for v, _ in f.getAxis("bottom")._tickLevels[0]]
    assert ticks == list(range(T + 1))  # integer time ticks


def test_steps_after_the_current_one_are_dimmed(panel, gui_wb):
    T = gui_wb.recurrent.T
    gui_wb.set("time", 2)
    view = panel.heatmaps["h"]
    assert view.dim.isVisible()
    rect = view.dim.rect()
    assert (rect.left(), rect.right()) == (2.5, T + 0.5)  # columns 3..T veiled
    assert view.dim.brush().color().alpha() > 100
    gui_wb.set("time", T)
    assert not view.dim.isVisible()  # all reached


def test_stepping_moves_the_marker_and_the_gate_values(panel, gui_wb):
    gui_wb.set("time", 0)
    gui_wb.act("step_forward")
    gui_wb.act("step_forward")
    assert gui_wb.recurrent.time == 2
    assert panel.heatmaps["h"].marker.value() == pytest.approx(2)  # column of step 2
    heights = panel.bar_items["h"].opts["height"]
    np.testing.assert_array_equal(heights, gui_wb.recurrent.values_at()["h"])
    assert "t = 2" in panel.step_label.text()
    gui_wb.act("step_back")
    assert panel.heatmaps["h"].marker.value() == pytest.approx(1)


def test_lstm_shows_cell_state_and_gates(panel, gui_wb):
    gui_wb.set("cell", "lstm")
    for q in ("h", "c", "i", "f", "g", "o"):
        panel.heatmap_area.setCurrentIndex(0 if q in "hc" else 1)
        assert panel.heatmaps[q].isVisible()
        values = panel.heatmaps[q].values
        expected = getattr(gui_wb.recurrent, q) if q in "hc" else gui_wb.recurrent.gates[q]
        np.testing.assert_array_equal(values[-len(expected) :], expected)
        kind = "sequential" if q in "ifo" else "diverging"
        assert panel.heatmaps[q].scale.kind == kind
    c = np.asarray(gui_wb.recurrent.c)
    assert panel.heatmaps["c"].scale.hi == nice_ceiling(np.abs(c).max())
    assert panel.heatmaps["c"].scale.lo == -panel.heatmaps["c"].scale.hi
    gui_wb.set("time", 3)
    for q in ("c", "f"):
        np.testing.assert_array_equal(
            panel.bar_items[q].opts["height"], gui_wb.recurrent.values_at()[q]
        )


def test_backward_view_plots_the_real_backward_pass(panel, gui_wb):
    assert gui_wb.recurrent.dh is not None  # live backward ran
    x, y = panel.dh_curve.getData()
    np.testing.assert_array_equal(y, gui_wb.recurrent.dh_norm_log10)
    gui_wb.set("hidden_size", 6)
    x, y = panel.dh_curve.getData()
    np.testing.assert_array_equal(y, gui_wb.recurrent.dh_norm_log10)
    assert len(y) == gui_wb.recurrent.T + 1
    assert f"{gui_wb.recurrent.loss:.4f}" in panel.backward_info.text()
    assert f"target {gui_wb.recurrent.target}" in panel.backward_info.text()


def test_widgets_drive_the_model(panel, gui_wb):
    panel.bindings.items["cell"].widget.setCurrentText("lstm")
    assert gui_wb.recurrent.cell_type == "lstm"
    panel.bindings.items["hidden_size"].widget.setValue(7)
    assert gui_wb.recurrent.hidden_size == 7
    assert panel.heatmaps["h"].values.shape[1] == 7
    edit = panel.sequence_edit
    edit.setText("BbXcYdE")
    edit.editingFinished.emit()
    assert gui_wb.recurrent.sequence == "BbXcYdE" and gui_wb.recurrent.T == 7


def test_forcing_lstm_gates_reaches_the_model(panel, gui_wb):
    gui_wb.set("cell", "lstm")
    assert panel.override_box.isVisible()
    check, spin = panel.overrides["f"]
    spin.setValue(1.0)
    check.setChecked(True)  # keep: f = 1 from now on
    assert gui_wb.get("gate.f") == 1.0
    gui_wb.set("time", gui_wb.recurrent.T)
    np.testing.assert_allclose(gui_wb.recurrent.values_at()["f"], 1.0)
    np.testing.assert_array_equal(
        panel.bar_items["f"].opts["height"], gui_wb.recurrent.values_at()["f"]
    )
    gui_wb.set("gate.f", None)  # the model switches it off: the widget follows
    assert not check.isChecked()


def test_a_sequence_without_target_explains_instead_of_crashing(panel, gui_wb):
    gui_wb.set("sequence", "BabE")  # no X/Y: nothing to classify, no loss
    assert panel.heatmaps["h"].values.shape[0] == 5  # t = 0..4
    assert "target" in panel.backward_info.text()


def test_resting_on_a_heatmap_cell_reads_out_its_value(panel, gui_wb):
    from PySide6.QtCore import QPointF

    gui_wb.set("cell", "lstm")
    view = panel.heatmaps["c"]
    view._hover(view.plotItem.vb.mapViewToScene(QPointF(3.0, 1.5)))  # step t = 3, unit 1
    assert "t = 3" in view.toolTip() and "unit 1" in view.toolTip()
    assert f"{gui_wb.observe('c', {'t': 3, 'unit': 1}):+.4f}" in view.toolTip()


def test_zoom_scales_heatmap_rows_fonts_and_colour_bars(panel, gui_wb):
    gui_wb.set("cell", "lstm")
    gui_wb.set("hidden_size", 4)
    view = panel.heatmaps["c"]
    height, bar = view.minimumHeight(), view.colour_bar.width()
    assert height >= 4 * 18  # H = 4: every unit row at least 18 px
    panel.apply_zoom(1.5)
    assert view.minimumHeight() == pytest.approx(1.5 * height, abs=1)
    assert view.colour_bar.width() == pytest.approx(1.5 * bar, abs=1)
    assert view.getAxis("bottom").style["tickFont"].pixelSize() == 18
    panel.apply_zoom(1.0)
    assert view.minimumHeight() == height


def test_a_relu_rnn_colours_h_by_its_largest_value(panel, gui_wb):
    assert panel.heatmaps["h"].scale.hi == 1.0  # tanh: the fixed range
    gui_wb.set("nonlinearity", "relu")
    h = np.asarray(gui_wb.recurrent.h)
    scale = panel.heatmaps["h"].scale
    assert scale.hi == nice_ceiling(np.abs(h).max()) and scale.lo == -scale.hi


def test_dark_theme_reaches_symbols_colour_bars_and_the_veil(panel, gui_wb):
    from logicsim_gui.palette import DARK
    from PySide6.QtGui import QColor

    view = panel.heatmaps["h"]
    view.apply_theme(DARK)
    assert view.getAxis("top").textPen().color() == QColor(DARK.foreground)
    assert view.colour_bar.axis.textPen().color() == QColor(DARK.foreground)
    assert view.dim.brush().color().name() == QColor(DARK.background).name()


def test_the_step_bars_are_not_clipped_for_a_relu_h(panel, gui_wb):
    assert panel.bars.plotItem.vb.viewRange()[1][1] < 1.2  # tanh: about -1..1
    gui_wb.set("nonlinearity", "relu")
    state = gui_wb.recurrent.state_dict()
    state["weight_ih_l0"] = 10 * np.abs(state["weight_ih_l0"])  # h grows far beyond 1
    gui_wb.recurrent.load_state_dict(state)
    h = np.asarray(gui_wb.recurrent.h)
    assert np.abs(h).max() > 2
    top = panel.bars.plotItem.vb.viewRange()[1][1]
    assert top >= np.abs(h).max()


def test_time_ticks_thin_out_on_a_narrow_heatmap(qtbot):
    from logicsim_gui.heatmap import HeatmapView

    from logicsim.workbench.heatmap import colour_scale

    view = HeatmapView("h")
    qtbot.addWidget(view)
    view.resize(900, 200)
    view.show()
    qtbot.waitExposed(view)
    values = np.zeros((21, 4))  # T = 20
    view.set_values(values, colour_scale("h"), None)
    wide = view.plotItem.getAxis("bottom")._tickLevels[0]
    assert len(wide) == 21  # room for every step
    view.resize(250, 200)
    qtbot.waitUntil(lambda: len(view.plotItem.getAxis("bottom")._tickLevels[0]) < 21)
    narrow = [t for t, _ in view.plotItem.getAxis("bottom")._tickLevels[0]]
    assert narrow[0] == 0 and narrow[-1] <= 20 and len(narrow) <= 6
