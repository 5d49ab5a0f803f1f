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


def test_slider_change_puts_exactly_the_cores_curve_into_the_plot(panel, gui_wb):
    from logicsim.workbench.gradient_bench import GradientBench

    panel.sliders["eig1"].setValue(1250)  # the user drags lambda_1 to 1.25
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
    assert len(panel.legend.items) == 2


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
        qtbot.wait(1)
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
