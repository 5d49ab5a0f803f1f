"""The gradient bench explains its curve: the linear prediction, Pascanu's bound, saturation."""

from __future__ import annotations

import numpy as np
import pytest

from logicsim.workbench import Workbench


@pytest.fixture
def wb() -> Workbench:
    return Workbench()


def test_linear_prediction_and_bound_lines(wb: Workbench) -> None:
    wb.set("eig1", 1.2)
    g = wb.gradient
    T = g.steps
    t = np.arange(T + 1)
    np.testing.assert_allclose(g.linear_prediction, (T - t) * np.log10(g.rho), atol=1e-12)
    np.testing.assert_allclose(g.bound_curve, (T - t) * np.log10(g.gamma_lambda1), atol=1e-12)
    assert g.linear_prediction[T] == 0.0 and g.bound_curve[T] == 0.0
    # the measured curve never lies above Pascanu's bound
    assert np.all(g.curve <= g.bound_curve + 1e-9)
    assert wb.observe("bound_log10", {"t": 0}) == pytest.approx(T * np.log10(1.2))


def test_linear_cell_follows_its_prediction_for_a_normal_matrix(wb: Workbench) -> None:
    wb.set("gradient.nonlinearity", "linear")
    wb.set("eig1", 1.1)
    g = wb.gradient
    # normal W: ||W^k|| = rho^k exactly
    np.testing.assert_allclose(g.curve, g.linear_prediction, atol=1e-9)
    assert g.mean_gprime == 1.0 and g.saturated_fraction == 0.0
    assert wb.observe("saturation_note") == ""


def test_saturation_note_explains_a_vanishing_curve_above_the_threshold(wb: Workbench) -> None:
    wb.set("eig1", 4.0)
    g = wb.gradient
    assert g.gamma_lambda1 > 1 and g.curve[0] < -10  # vanishes although lambda1 > 1/gamma
    assert g.saturated_fraction > 0.5
    note = wb.observe("saturation_note")
    assert note.startswith("The units are saturated")
    assert "vanishes although" in note and f"{100 * g.saturated_fraction:.0f} %" in note
    assert float(wb.observe("mean_gprime")) == pytest.approx(g.mean_gprime)


def test_no_note_when_nothing_needs_explaining(wb: Workbench) -> None:
    wb.set("eig1", 0.9)  # below the threshold: vanishing is what the verdict says
    assert wb.gradient.gamma_lambda1 < 1
    assert wb.observe("saturation_note") == ""
