"""Recurrent matrices built from chosen eigenvalues, and the spectral report."""

import cmath

import numpy as np
import pytest

from logicsim.dynamics import (
    expand_eigenvalues,
    identity_matrix,
    orthogonal_matrix,
    parse_eigenvalue,
    random_matrix,
    recurrent_matrix,
    spectral_report,
)
from logicsim.errors import LogicsimError


def sorted_eigs(z):
    z = np.asarray(z, dtype=complex)
    return z[np.lexsort((np.round(z.imag, 9), np.round(z.real, 9)))]


@pytest.mark.parametrize(
    "eigs, n",
    [
        ([0.9], 5),
        ([0.5, -1.2, 0.95 * cmath.exp(1j * np.pi / 6)], 8),
        ([1.05, 0.3 + 0.4j, 0.0], 9),
        ([2.0 + 0.0j, -0.7], 6),
    ],
)
@pytest.mark.parametrize("normal, shear", [(True, 0.0), (False, 2.0), (False, 7.5)])
def test_eigenvalues_match_request(eigs, n, normal, shear):
    W = recurrent_matrix(eigs, n, normal=normal, non_normality=shear, seed=3)
    want = sorted_eigs(expand_eigenvalues(eigs, n))
    got = sorted_eigs(np.linalg.eigvals(W))
    # a defective (sheared) repeated eigenvalue is ill-conditioned for eig(); compare the
    # characteristic polynomial there, the eigenvalues themselves otherwise
    if normal or len(set(np.round(want, 12))) == n:
        np.testing.assert_allclose(got, want, atol=1e-10, rtol=0)
    else:
        np.testing.assert_allclose(np.poly(W), np.poly(want).real, atol=1e-10)


def test_normal_matrix_has_singular_values_equal_to_moduli():
    eigs = [0.9, -1.1, 0.8 + 0.6j]
    W = recurrent_matrix(eigs, 8, seed=1)
    assert np.allclose(W @ W.T, W.T @ W, atol=1e-12)
    sv = np.linalg.svd(W, compute_uv=False)
    np.testing.assert_allclose(sorted(sv), sorted(np.abs(expand_eigenvalues(eigs, 8))), atol=1e-12)
    assert spectral_report(W).is_normal


def test_shear_keeps_eigenvalues_but_changes_singular_values():
    W = recurrent_matrix([0.9], 2, normal=False, non_normality=5.0, seed=0)
    np.testing.assert_allclose(np.linalg.eigvals(W), [0.9, 0.9], atol=1e-7)  # defective pair
    np.testing.assert_allclose(np.trace(W), 1.8, atol=1e-12)
    np.testing.assert_allclose(np.linalg.det(W), 0.81, atol=1e-12)
    assert not spectral_report(W).is_normal
    assert spectral_report(W).lambda_1 > 5.0


def test_reference_non_normal_example_transient_growth():
    """REFERENCE.md section 5: [[0.9, 5], [0, 0.9]] -> ||W^k||_2 ~ 5.2, 19.4, 0.015."""
    W = recurrent_matrix([0.9], 2, normal=False, non_normality=5.0, seed=0)
    norms = {k: np.linalg.norm(np.linalg.matrix_power(W, k), 2) for k in (1, 10, 100)}
    assert norms[1] == pytest.approx(5.2, abs=0.05)
    assert norms[10] == pytest.approx(19.4, abs=0.05)
    assert norms[100] == pytest.approx(0.015, abs=0.0005)
    # and the literal matrix of the reference gives the same numbers (the similarity is orthogonal)
    R = np.array([[0.9, 5.0], [0.0, 0.9]])
    for k, v in norms.items():
        assert v == pytest.approx(np.linalg.norm(np.linalg.matrix_power(R, k), 2), rel=1e-9)


def test_list_is_repeated_in_order_and_pairs_count_twice():
    z = 0.6 + 0.8j
    assert expand_eigenvalues([0.9, z], 6) == [0.9, z, z.conjugate(), 0.9, z, z.conjugate()]
    assert expand_eigenvalues([0.5, -0.5], 3) == [0.5, -0.5, 0.5]
    with pytest.raises(ValueError, match="do not fit"):
        recurrent_matrix([z], 3)
    with pytest.raises(ValueError):
        recurrent_matrix([0.9, z], 5)  # 0.9, pair, 0.9, then a pair in the last place


@pytest.mark.parametrize("bad", [[], [float("nan")], [complex(1, float("inf"))], [float("inf")]])
def test_bad_eigenvalues_raise(bad):
    with pytest.raises(LogicsimError):
        recurrent_matrix(bad, 4)


@pytest.mark.parametrize("n", [0, -3, 2.5, True, 10**9])
def test_bad_size_raises(n):
    with pytest.raises(LogicsimError):
        recurrent_matrix([0.9], n)


def test_huge_eigenvalue_gives_finite_matrix():
    W = recurrent_matrix([1e308], 4, seed=0)
    assert np.all(np.isfinite(W))
    assert spectral_report(W).rho == pytest.approx(1e308, rel=1e-12)


def test_practical_initialisations():
    W = random_matrix(30, spectral_radius=1.3, seed=2)
    assert np.max(np.abs(np.linalg.eigvals(W))) == pytest.approx(1.3, rel=1e-12)
    Q = orthogonal_matrix(10, scale=0.5, seed=4)
    np.testing.assert_allclose(np.linalg.svd(Q, compute_uv=False), 0.5, atol=1e-13)
    np.testing.assert_array_equal(identity_matrix(3, scale=2.0), 2.0 * np.eye(3))


@pytest.mark.parametrize(
    "text, value",
    [
        ("0.9", 0.9),
        ("-1.05", -1.05),
        ("0.95@30deg", 0.95 * cmath.exp(1j * np.pi / 6)),
        ("0.95@30", 0.95 * cmath.exp(1j * np.pi / 6)),
        ("2@0.5rad", 2 * cmath.exp(0.5j)),
        ("0.8+0.3j", 0.8 + 0.3j),
        ("1@180deg", -1.0),
    ],
)
def test_parse_eigenvalue(text, value):
    got = parse_eigenvalue(text)
    assert abs(got - value) < 1e-15
    if value.imag == 0:
        assert got.imag == 0.0


@pytest.mark.parametrize("text", ["", "abc", "0.9@", "@30deg", "nan", "1e400", "0.9@xdeg", "1@@2"])
def test_parse_eigenvalue_rejects(text):
    with pytest.raises(LogicsimError):
        parse_eigenvalue(text)


def test_spectral_report_regimes():
    rep = spectral_report(np.diag([0.5, 0.9]), "tanh")
    assert rep.rho == pytest.approx(0.9) and rep.lambda_1 == pytest.approx(0.9)
    assert rep.regime == "vanishing guaranteed" and rep.linear_regime == "vanishing guaranteed"
    rep = spectral_report(np.diag([0.5, 1.2]), "relu")
    assert rep.regime == "exploding possible" and rep.gamma == 1.0
    # sigmoid: gamma = 1/4, so lambda_1 = 3 still guarantees vanishing (Hochreiter: |w| < 4)
    rep = spectral_report(np.diag([3.0]), "sigmoid")
    assert rep.gamma == 0.25 and rep.threshold == 4.0 and rep.regime == "vanishing guaranteed"
    assert spectral_report(np.diag([4.5]), "sigmoid").regime == "exploding possible"
    # non-normal: rho < 1 but lambda_1 > 1 -> nonlinear regime "exploding possible",
    # linear verdict still "vanishing guaranteed" (rho decides in the linear case)
    rep = spectral_report(np.array([[0.9, 5.0], [0.0, 0.9]]), "tanh")
    assert rep.regime == "exploding possible" and rep.linear_regime == "vanishing guaranteed"
    assert spectral_report(np.diag([0.5, 1.2]), "linear").regime == "exploding possible"
    d = rep.as_dict()
    assert d["singular_values"][0] == pytest.approx(rep.lambda_1) and d["threshold"] == 1.0


def test_spectral_report_of_non_finite_matrix_is_reported_not_raised():
    rep = spectral_report(np.array([[np.nan, 0.0], [0.0, 1.0]]))
    assert np.isnan(rep.rho) and "undefined" in rep.regime
    with pytest.raises(LogicsimError):
        spectral_report(np.ones((2, 3)))
    with pytest.raises(LogicsimError):
        spectral_report(np.eye(2), "softsign")


@pytest.mark.parametrize("shear", [0.5, 2.0, 4.0])
def test_non_normal_distinct_eigenvalues_match_to_1e10(shear):
    eigs = [0.3, -0.5, 0.9 + 0.2j, 1.1, 0.6 * cmath.exp(2j)]
    W = recurrent_matrix(eigs, 7, normal=False, non_normality=shear, seed=5)
    np.testing.assert_allclose(
        sorted_eigs(np.linalg.eigvals(W)), sorted_eigs(expand_eigenvalues(eigs, 7)), atol=1e-10
    )
    assert not np.allclose(W @ W.T, W.T @ W)
    # the shear raises the largest singular value above the spectral radius
    assert spectral_report(W).lambda_1 > spectral_report(W).rho + 0.1
