"""Gradient panel: sliders drive the model, the plot shows exactly the core's curve."""

import numpy as np
import pytest


@pytest.fixture
def panel(qtbot, gui_wb):
    from gui.gradient_panel import GradientPanel

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
    reference.update(**{k: getattr(gui_wb.gradient, k) for k in (
        "eig_mode", "eig1", "eig2", "radius_rest", "normal", "non_normality", "nonlinearity",
        "hidden_size", "steps", "seed")})
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
    _, heights = panel.sv_bars.getData()
    np.testing.assert_allclose(heights, gui_wb.gradient.singular_values)


def test_rejected_value_is_reported_not_raised(qtbot, gui_wb):
    from gui.gradient_panel import GradientPanel

    messages = []
    p = GradientPanel(gui_wb, status=messages.append)
    qtbot.addWidget(p)
    p.bindings.items["steps"].push(0)  # below the registry's range
    assert messages and "steps" in messages[0]
    assert p.bindings.items["steps"].widget.value() == gui_wb.get("steps")
