"""Gradient clipping on the gradient bench: the backpropagated unit error and its clipped norm."""

from __future__ import annotations

import numpy as np
import pytest

from logicsim import dynamics
from logicsim.workbench import Workbench
from logicsim.workbench.gradient_bench import _representatives, slider_eigenvalues


@pytest.mark.parametrize("nonlinearity", ["linear", "tanh", "relu"])
def test_gradient_vectors_match_the_dynamics_modules_measured_bptt(nonlinearity):
    wb = Workbench()
    wb.set("gradient.nonlinearity", nonlinearity)
    wb.set("eig1", 1.1)
    wb.set("steps", 30)
    gb = wb.gradient
    values = slider_eigenvalues(
        8, "real", 1.1, gb.eig2, gb.eig_mag, gb.eig_angle_deg, gb.radius_rest
    )
    dyn = dynamics.gradient_dynamics(
        _representatives(values),
        hidden_size=8,
        steps=30,
        nonlinearity=nonlinearity,
        seed=0,
        measure=True,
    )
    assert np.array_equal(dyn.W, gb.W)
    with np.errstate(divide="ignore"):  # a dead ReLU unit can zero the gradient
        got = np.log10(np.linalg.norm(gb.grad_vectors, axis=1))
    assert np.allclose(got, dyn.measured, atol=1e-9)


@pytest.mark.torch
def test_gradient_vectors_match_torch_autograd():
    import torch

    wb = Workbench()
    wb.set("gradient.hidden_size", 3)
    wb.set("steps", 12)
    gb = wb.gradient
    # the bench's forward run: h[t] = tanh(0.5 x[t] + W h[t-1]), x from seed + 1 (dynamics recipe)
    x = torch.tensor(np.random.default_rng(1).standard_normal((12, 3)))
    W = torch.tensor(np.array(gb.W))
    h = [torch.zeros(3, dtype=torch.float64, requires_grad=True)]
    for t in range(12):
        h.append(torch.tanh(0.5 * x[t] + W @ h[-1]))
        h[-1].retain_grad()
    v = np.random.default_rng(2).standard_normal(3)
    (torch.tensor(v / np.linalg.norm(v)) @ h[-1]).backward()
    want = np.stack([hh.grad.numpy() for hh in h])  # (T+1, n)
    assert np.allclose(gb.grad_vectors, want, atol=1e-12)


@pytest.mark.torch
def test_clipping_caps_the_norm_and_keeps_the_direction():
    import torch

    wb = Workbench()
    wb.set("gradient.hidden_size", 2)
    wb.set("gradient.nonlinearity", "linear")
    wb.set("eig1", 1.3)
    wb.set("eig2", 0.7)
    wb.set("clip_threshold", 3.0)
    for t in (0, 20, 45, 50):
        g = torch.tensor(np.array(wb.gradient.grad_vectors[t]), requires_grad=True)
        g.grad = g.detach().clone()
        raw = float(torch.nn.utils.clip_grad_norm_([g], 3.0))
        assert wb.observe("clip.raw_norm", {"t": t}) == pytest.approx(raw, rel=1e-12)
        assert wb.observe("clip.norm", {"t": t}) == pytest.approx(float(g.grad.norm()), rel=1e-9)
        assert wb.observe("clip.cosine", {"t": t}) == pytest.approx(1.0, abs=1e-12)
    assert wb.observe("clip.norm", {"t": 0}) == pytest.approx(3.0, rel=1e-6)
    assert wb.observe("clip.norm", {"t": 50}) == pytest.approx(1.0)  # below theta: untouched


def test_changing_theta_does_not_recompute_the_curve():
    wb = Workbench()
    events = []
    wb.gradient.changed.connect(events.append)
    curve = wb.gradient.curve
    wb.set("clip_threshold", 0.5)
    assert events == ["clip"] and wb.gradient.curve is curve
    snap = wb.snapshot()
    wb.set("clip_threshold", 7.0)
    wb.restore(snap)
    assert wb.observe("clip_threshold") == 0.5
