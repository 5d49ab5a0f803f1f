"""The gradient bench: sliders -> eigenvalues -> the dynamics module's curve, readouts and
regime."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from logicsim import dynamics
from logicsim.errors import LogicsimError
from logicsim.workbench import GradientBench
from logicsim.workbench.gradient_bench import slider_eigenvalues


@pytest.mark.parametrize("n", [1, 2, 3, 6, 7])
@pytest.mark.parametrize("mode", ["real", "complex"])
def test_slider_eigenvalues_fill_exactly_n_places(n, mode):
    values = slider_eigenvalues(n, mode, 0.9, -0.4, 0.8, 60.0, 0.3)
    assert len(values) == n
    # a real matrix: the multiset is closed under conjugation
    assert sorted(values, key=lambda z: (z.real, z.imag)) == sorted(
        [z.conjugate() for z in values], key=lambda z: (z.real, z.imag)
    )
    rest = values[2:] if n >= 2 else []
    assert all(abs(abs(z) - 0.3) < 1e-12 for z in rest)


@pytest.mark.parametrize(
    "settings",
    [
        dict(eig_mode="real", eig1=0.95, eig2=-0.5, hidden_size=5),
        dict(eig_mode="complex", eig_mag=1.1, eig_angle_deg=40.0, hidden_size=6, radius_rest=0.7),
        dict(eig_mode="complex", eig_mag=0.7, eig_angle_deg=180.0, hidden_size=4),
        dict(eig_mode="real", eig1=0.9, eig2=0.9, hidden_size=2, normal=False, non_normality=5.0),
    ],
)
def test_matrix_has_the_slider_eigenvalues_and_the_curve_is_the_dynamics_curve(settings):
    gb = GradientBench()
    gb.update(**settings)
    want = np.sort_complex(np.array(gb.eigenvalues))
    got = np.sort_complex(np.linalg.eigvals(gb.W))
    tol = 1e-6 if not gb.normal else 1e-10  # a sheared (Jordan-like) block perturbs eigenvalues
    np.testing.assert_allclose(got, want, atol=tol)
    direct = dynamics.norm_curve(
        _reps(gb), hidden_size=gb.hidden_size, steps=gb.steps, nonlinearity=gb.nonlinearity,
        normal=gb.normal, non_normality=0.0 if gb.normal else gb.non_normality, seed=gb.seed,
    )  # fmt: skip
    np.testing.assert_array_equal(gb.curve, direct)
    assert gb.curve.shape == (gb.steps + 1,) and gb.curve[-1] == 0.0
    assert gb.cc_curve.shape == (gb.steps + 1,) and gb.cc_curve[-1] == 0.0
    sv = np.linalg.svd(gb.W, compute_uv=False)
    assert gb.lambda1 == pytest.approx(sv[0], rel=1e-12)
    assert gb.rho == pytest.approx(np.max(np.abs(np.linalg.eigvals(gb.W))), rel=1e-6)
    assert gb.gamma_lambda1 == pytest.approx(gb.gamma * sv[0])
    want_regime = "vanishing guaranteed" if gb.gamma * sv[0] < 1 else "exploding possible"
    assert gb.regime == want_regime


def _reps(gb):
    out, k, vals = [], 0, list(gb.eigenvalues)
    while k < len(vals):
        out.append(vals[k])
        k += 2 if vals[k].imag != 0 else 1
    return out


def test_linear_normal_matrix_gives_straight_lines():
    gb = GradientBench()
    gb.update(eig_mode="real", eig1=0.8, eig2=0.8, radius_rest=0.8, hidden_size=4, steps=30,
              nonlinearity="linear")  # fmt: skip
    t = np.arange(31)
    np.testing.assert_allclose(gb.curve, (30 - t) * np.log10(0.8), atol=1e-10)


def test_non_normal_example_from_the_reference():
    # W = [[0.9, 5], [0, 0.9]] up to an orthogonal change of basis:
    # ||W^10|| ~ 19.4 although rho = 0.9
    gb = GradientBench()
    gb.update(eig_mode="real", eig1=0.9, eig2=0.9, hidden_size=2, steps=100, normal=False,
              non_normality=5.0, nonlinearity="linear")  # fmt: skip
    assert gb.rho == pytest.approx(0.9, rel=1e-6)
    assert 10 ** gb.curve[100 - 10] == pytest.approx(19.4, rel=0.01)
    assert 10 ** gb.curve[0] == pytest.approx(0.015, rel=0.05)
    assert gb.regime == "vanishing guaranteed"  # linear: rho < 1 decides, in the long run
    gb.update(nonlinearity="tanh")
    assert gb.regime == "exploding possible"  # Pascanu: lambda1 ~ 5.2 > 1 although every |eig| < 1


def test_every_change_emits_one_event_and_bad_values_leave_it_consistent():
    gb = GradientBench()
    seen = []
    gb.changed.connect(seen.append)
    gb.update(eig1=1.2, steps=40)
    assert seen == ["curve"] and gb.curve.shape == (41,)
    before = gb.curve.copy()
    with pytest.raises(LogicsimError):
        gb.update(steps=0)
    assert gb.steps == 40
    np.testing.assert_array_equal(gb.curve, before)
    with pytest.raises(LogicsimError, match="no setting"):
        gb.update(colour="red")


def test_sliders_never_import_sympy():
    code = (
        "import sys\n"
        "from logicsim.workbench import Workbench\n"
        "wb = Workbench()\n"
        "for v in (0.5, 0.9, 1.2):\n"
        "    wb.set('eig1', v)\n"
        "wb.set('cell', 'lstm'); wb.act('backward')\n"
        "print('sympy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_forget_bias_sets_how_fast_the_lstm_c_path_decays():
    from logicsim.dynamics import lstm_cc_path
    from logicsim.workbench import Workbench

    wb = Workbench()
    for name, value in (("eig_mode", "real"), ("eig1", 0.9), ("eig2", 0.9), ("steps", 50)):
        wb.set(name, value)
    ends = []
    for bias in (-2.0, 1.0, 5.0):
        wb.set("forget_bias", bias)
        gb = wb.gradient
        np.testing.assert_array_equal(
            gb.cc_curve, lstm_cc_path(gb.W, steps=50, seed=gb.seed, forget_bias=bias)
        )
        ends.append(wb.observe("cc_norm_log10", {"t": 0}))
    assert ends[0] < ends[1] < ends[2] < 0  # a more open forget gate forgets more slowly
    assert ends[2] > -0.5  # f ~ sigmoid(5): 50 steps lose less than half a decade
    with pytest.raises(LogicsimError):
        wb.set("forget_bias", 50.0)
