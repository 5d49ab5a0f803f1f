"""Gradient panel: sliders drive the model, the plot shows exactly the core's curve."""

import numpy as np
import pytest


@pytest.fixture
def panel(qtbot, gui_wb):
    from logicsim_gui.gradient_panel import GradientPanel

    p = GradientPanel(gui_wb)
    qtbot.addWidget(p)
    return p


def _plotted(item):
    x, y = item.getData()
    return np.asarray(x), np.asarray(y)


def test_built_from_the_model(panel, gui_wb):
    x, y = _plotted(panel.curve)
    np.testing.assert_array_equal(y, gui_wb.gradient.curve)
    np.testing.assert_array_equal(x, np.arange(gui_wb.gradient.steps + 1))
    assert gui_wb.gradient.regime in panel.readouts.text()


def test_slider_change_puts_exactly_the_cores_curve_into_the_plot(qtbot, panel, gui_wb):
    from logicsim.workbench.gradient_bench import GradientBench

    panel.sliders["eig1"].setValue(1250)  # the user drags lambda_1 to 1.25
    qtbot.waitUntil(lambda: not panel.coalescer.pending)  # applied when the event loop is free
    assert gui_wb.get("eig1") == pytest.approx(1.25)
    reference = GradientBench()  # an independent bench with the same settings
    reference.update(
        **{
            k: getattr(gui_wb.gradient, k)
            for k in (
                "eig_mode",
                "eig1",
                "eig2",
                "radius_rest",
                "normal",
                "non_normality",
                "nonlinearity",
                "hidden_size",
                "steps",
                "seed",
            )
        }
    )
    _, y = _plotted(panel.curve)
    np.testing.assert_array_equal(y, reference.curve)
    assert f"{reference.lambda1:.4g}" in panel.readouts.text()


def test_model_change_moves_the_slider_and_redraws(panel, gui_wb):
    gui_wb.set("eig1", 0.5)
    assert panel.sliders["eig1"].value() == 500
    _, y = _plotted(panel.curve)
    np.testing.assert_array_equal(y, gui_wb.gradient.curve)
    gui_wb.set("eig_mode", "complex")
    assert not panel.sliders["eig1"].isEnabled() and panel.sliders["eig_mag"].isEnabled()


def test_lstm_path_and_spectrum_are_drawn(panel, gui_wb):
    _, cc = _plotted(panel.cc_curve)
    np.testing.assert_array_equal(cc, gui_wb.gradient.cc_curve)
    assert panel.inv_gamma.value() == pytest.approx(1.0 / gui_wb.gradient.gamma)
    x, y = panel.sv_bars.getData()
    np.testing.assert_allclose(y[1::4], gui_wb.gradient.singular_values)  # bar tops


def test_singular_value_bars_stay_distinct(panel, gui_wb):
    gui_wb.set("eig1", 0.5)  # sigma = 0.5, 0.5, ...: equal neighbours
    x, y = panel.sv_bars.getData()
    n = len(gui_wb.gradient.singular_values)
    assert len(x) == 4 * n
    np.testing.assert_array_equal(y[0::4], 0.0)  # every bar starts from 0 ...
    np.testing.assert_array_equal(y[3::4], 0.0)  # ... and returns to 0: a gap between bars
    assert np.all(x[4::4] > x[3:-1:4])  # the next bar starts right of where the last ended


def test_legend_sits_outside_the_plotted_data(panel):
    panel.resize(1100, 700)
    panel.show()
    legend = panel.legend.sceneBoundingRect()
    data = panel.plot.plotItem.vb.sceneBoundingRect()
    assert legend.height() > 0 and not legend.intersects(data)
    assert len(panel.legend.items) == 4  # measured RNN, LSTM c->c, linear prediction, bound


def test_rejected_value_is_reported_not_raised(qtbot, gui_wb):
    from logicsim_gui.gradient_panel import GradientPanel

    messages = []
    p = GradientPanel(gui_wb, status=messages.append)
    qtbot.addWidget(p)
    p.bindings.items["steps"].push(0)  # below the registry's range
    assert messages and "steps" in messages[0]
    assert p.bindings.items["steps"].widget.value() == gui_wb.get("steps")


def _y_range(plot):
    return plot.plotItem.vb.viewRange()[1]


def _finite(*arrays):
    values = np.concatenate([np.asarray(a, float).ravel() for a in arrays])
    return values[np.isfinite(values)]


def test_the_view_holds_all_the_data_and_stays_still_for_a_small_step(qtbot, panel, gui_wb):
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    gui_wb.gradient.update(hidden_size=64, steps=200)
    qtbot.wait(1)
    for value in (900, 1100, 700):  # the axes always show every point and the unit line
        panel.sliders["eig1"].setValue(value)
        qtbot.wait(1)
        lo, hi = _y_range(panel.plot)
        data = _finite(gui_wb.gradient.curve, gui_wb.gradient.cc_curve, [0.0])
        assert lo <= data.min() and data.max() <= hi
        assert (data.max() - data.min()) >= 0.5 * (hi - lo)  # and fill at least half of the height
        lo, hi = _y_range(panel.spectrum)
        assert lo <= 0.0 and gui_wb.gradient.singular_values.max() <= hi
    before = _y_range(panel.plot)
    panel.sliders["eig1"].setValue(701)  # a small step: new curve, same axes
    qtbot.wait(1)
    assert _y_range(panel.plot) == before
    _, y = _plotted(panel.curve)
    np.testing.assert_array_equal(y, gui_wb.gradient.curve)


def test_zoomed_by_hand_the_view_stays_until_auto_range_is_back_on(qtbot, panel, gui_wb):
    panel.show()
    qtbot.waitExposed(panel)
    vb = panel.plot.plotItem.vb
    vb.setYRange(-1.0, 0.5, padding=0)  # like a mouse zoom: auto-range goes off
    panel.sliders["eig1"].setValue(1200)
    qtbot.wait(1)
    assert _y_range(panel.plot) == pytest.approx([-1.0, 0.5])
    vb.enableAutoRange()  # the "A" button
    qtbot.wait(1)
    lo, hi = _y_range(panel.plot)
    data = _finite(gui_wb.gradient.curve, gui_wb.gradient.cc_curve, [0.0])
    assert lo <= data.min() and data.max() <= hi


def test_a_slider_step_paints_the_plot_once_and_lays_nothing_out(qtbot, panel, gui_wb):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Events(QObject):
        def __init__(self):
            super().__init__()
            self.plot_paints = 0
            self.layouts = []

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Paint and obj is panel.plot.viewport():
                self.plot_paints += 1
            elif event.type() == QEvent.LayoutRequest and obj.layout() is not None:
                self.layouts.append(type(obj).__name__)
            return False

    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    slider = panel.sliders["eig1"]
    for value in (900, 910, 900, 910):  # warm up: the bench caches both, the axes settle
        slider.setValue(value)
        qtbot.wait(20)  # the coalesced value applied and its paint done
    events = Events()
    app = QApplication.instance()
    app.installEventFilter(events)
    try:
        slider.setValue(900)
        QApplication.processEvents()
        QApplication.processEvents()
    finally:
        app.removeEventFilter(events)
    assert events.plot_paints == 1  # not twice (auto-range settled before the paint)
    assert events.layouts == []  # new numbers in the labels re-lay out nothing


def test_prediction_lines_are_the_cores_arrays(panel, gui_wb):
    b = gui_wb.gradient
    x, y = _plotted(panel.prediction_line)
    np.testing.assert_array_equal(x, np.arange(b.steps + 1))
    np.testing.assert_array_equal(y, b.linear_prediction)
    _, y = _plotted(panel.bound_line)
    np.testing.assert_array_equal(y, b.bound_curve)
    gui_wb.set("eig1", 1.5)
    _, y = _plotted(panel.bound_line)
    np.testing.assert_array_equal(y, gui_wb.gradient.bound_curve)


def test_saturation_note_appears_and_goes_without_moving_the_layout(qtbot, panel, gui_wb):
    panel.resize(1100, 700)
    panel.show()
    qtbot.waitExposed(panel)
    height = panel.note.height()
    gui_wb.set("eig1", 0.9)
    assert panel.note.full == "" and panel.note.label.text() == ""
    gui_wb.set("eig1", 4.0)
    note = gui_wb.gradient.saturation_note
    assert note and panel.note.full == note and panel.note.toolTip() == note
    assert "saturated" in note
    shown = panel.note.label.text()
    assert shown == note or shown.endswith("…")  # elided to the width, never wrapped
    assert panel.note.height() == height
    gui_wb.set("eig1", 0.9)
    assert panel.note.label.text() == "" and panel.note.height() == height


def _drag(qtbot, plane, item, to_xy):
    """Drag ``item`` of the plane with the mouse to data coordinates ``to_xy``."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    vb = plane.getPlotItem().vb
    view = plane

    def screen(xy):
        scene = vb.mapViewToScene(QPointF(*xy))
        return view.mapFromScene(scene)

    start, end = screen((item.pos().x(), item.pos().y())), screen(to_xy)
    vp = view.viewport()

    def send(kind, pos: QPoint, buttons):
        ev = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), Qt.LeftButton,
                         buttons, Qt.NoModifier)  # fmt: skip
        QApplication.sendEvent(vp, ev)

    send(QMouseEvent.MouseButtonPress, start, Qt.LeftButton)
    for k in range(1, 11):
        p = start + (end - start) * (k / 10)
        send(QMouseEvent.MouseMove, p, Qt.LeftButton)
        qtbot.wait(2)
    send(QMouseEvent.MouseButtonRelease, end, Qt.NoButton)


def test_dragging_an_eigenvalue_on_the_plane_sets_the_workbench(qtbot, panel, gui_wb):
    panel.resize(1300, 800)
    panel.show()
    qtbot.waitExposed(panel)
    plane = panel.eigen_plane
    gui_wb.set("eig_mode", "real")
    gui_wb.set("eig1", 0.9)
    qtbot.wait(20)
    _drag(qtbot, plane, plane.handles[0], (1.3, 0.4))
    qtbot.waitUntil(lambda: not panel.coalescer.pending)
    assert gui_wb.get("eig1") == pytest.approx(1.3, abs=0.05)
    assert max(abs(gui_wb.gradient.eigenvalues)) == pytest.approx(gui_wb.get("eig1"))
    assert panel.sliders["eig1"].value() == round(gui_wb.get("eig1") * 1000)  # slider follows
    assert plane.handles[0].pos().y() == 0.0  # real mode: stays on the real axis
    gui_wb.set("eig_mode", "complex")
    gui_wb.set("eig_mag", 0.8)
    gui_wb.set("eig_angle_deg", 30.0)
    qtbot.wait(20)  # the plane's new range is applied before the pointer goes down
    _drag(qtbot, plane, plane.handles[0], (0.0, 1.2))
    qtbot.waitUntil(lambda: not panel.coalescer.pending)
    assert gui_wb.get("eig_mag") == pytest.approx(1.2, abs=0.05)
    assert gui_wb.get("eig_angle_deg") == pytest.approx(90.0, abs=3.0)


def test_a_burst_of_slider_values_recomputes_once_and_ends_at_the_last(qtbot, panel, gui_wb):
    computes = []
    gui_wb.gradient.changed.connect(lambda *reason: computes.append(reason))
    slider = panel.sliders["eig1"]
    values = [700 + 11 * k for k in range(50)]
    for value in values:  # faster than the event loop runs: every position replaces the last
        slider.setValue(value)
    qtbot.waitUntil(lambda: not panel.coalescer.pending)
    qtbot.wait(5)
    assert 1 <= len(computes) <= 2
    assert gui_wb.get("eig1") == pytest.approx(values[-1] / 1000)
    _, y = _plotted(panel.curve)
    np.testing.assert_array_equal(y, gui_wb.gradient.curve)
