"""The regime verdict at the threshold, and the spectrum reported for non-normal matrices."""

from __future__ import annotations

import numpy as np
import pytest

from logicsim.dynamics import gradient_dynamics, spectral_report
from logicsim.dynamics.matrices import orthogonal_matrix, recurrent_matrix
from logicsim.dynamics.spectrum import BORDERLINE, EXPLODING, VANISHING, regime


@pytest.mark.parametrize(
    ("value", "threshold", "verdict"),
    [
        (1.0, 1.0, BORDERLINE),
        (1.0 + 2.2e-16, 1.0, BORDERLINE),
        (1.0 - 5e-10, 1.0, BORDERLINE),
        (4.0 * (1 + 1e-12), 4.0, BORDERLINE),
        (1.0 + 1e-8, 1.0, EXPLODING),
        (1.0 - 1e-8, 1.0, VANISHING),
        (3.99, 4.0, VANISHING),
    ],
)
def test_borderline_within_a_relative_1e_9(value: float, threshold: float, verdict: str) -> None:
    assert regime(value, threshold) == verdict


def test_orthogonal_matrix_is_borderline_not_exploding() -> None:
    W = orthogonal_matrix(4, seed=1)
    report = spectral_report(W)
    assert abs(report.lambda_1 - 1.0) < 1e-12
    assert report.regime == BORDERLINE
    assert report.linear_regime == BORDERLINE


def test_known_eigenvalues_beat_eigvals_of_a_near_jordan_matrix() -> None:
    # 0.9 repeated 64 times with shear 2: numerically a Jordan block, whose computed
    # eigenvalues scatter on a circle far from 0.9 (that is what the readout used to show).
    W = recurrent_matrix([0.9], 64, normal=False, non_normality=2.0, seed=0)
    naive = spectral_report(W)
    assert naive.rho > 1.0  # the failure the known spectrum avoids
    dyn = gradient_dynamics([0.9], hidden_size=64, steps=5, normal=False, non_normality=2.0)
    assert dyn.report.rho == pytest.approx(0.9, rel=1e-12)
    assert dyn.report.linear_regime == VANISHING
    # lambda_1 still comes from the matrix itself: the shear makes it large
    assert dyn.report.lambda_1 == pytest.approx(np.linalg.norm(W, 2), rel=1e-12)
    assert dyn.report.regime == EXPLODING


def test_given_eigenvalues_must_match_the_size() -> None:
    with pytest.raises(ValueError, match="give 3 eigenvalues"):
        spectral_report(np.eye(3), eigenvalues=[1.0, 1.0])
