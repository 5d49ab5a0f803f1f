"""Gradient panel: eigenvalue sliders of W_hh and the live plot of log10 ||dh[T]/dh[t]||.

A view of ``workbench.gradient`` (:class:`logicsim.workbench.GradientBench`).  Every slider is
bound to a registry control; the bench recomputes its curve with NumPy on each change and
emits ``changed("curve")``; the panel then puts ``bench.curve`` / ``bench.cc_curve`` into
plot items created once.  The readouts show rho, lambda_1, gamma * lambda_1 and the regime of
Pascanu et al. (2013); the spectrum plot draws the singular values against the line 1/gamma.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.bridge import follow
from gui.controls import Bindings, slider
from gui.palette import LIGHT, Theme
from gui.plots import ThemedPlot

SLIDERS = (  # control, label, scale (slider steps per unit)
    ("eig1", "λ₁ (real)", 1000.0),
    ("eig2", "λ₂ (real)", 1000.0),
    ("eig_mag", "|λ| (pair)", 1000.0),
    ("eig_angle_deg", "angle θ°", 10.0),
    ("radius_rest", "radius of rest", 1000.0),
)


class GradientPanel(QWidget):
    """Sliders, readouts, the norm-through-time plot and the spectrum plot."""

    def __init__(self, workbench: Any, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.gradient
        self.theme: Theme = LIGHT
        self.bindings = Bindings(workbench, status)
        self.value_labels: dict[str, QLabel] = {}
        self.sliders: dict[str, Any] = {}

        self.slider_box = QGroupBox("Eigenvalues of W_hh")
        form = QFormLayout(self.slider_box)
        form.addRow("mode", self.bindings.bind(QComboBox(), "eig_mode"))
        for name, label, scale in SLIDERS:
            s = self.bindings.bind(slider(scale), name, scale)
            s.setTracking(True)
            s.setMinimumWidth(120)
            self.sliders[name] = s
            value = QLabel()
            value.setFixedWidth(64)  # fixed: a new number must not re-layout (and repaint) the panel
            self.value_labels[name] = value
            row = QHBoxLayout()
            row.addWidget(s, 1)
            row.addWidget(value)
            form.addRow(label, row)
        normal = QCheckBox("normal W_hh")
        normal.setToolTip("Checked: orthogonal eigenvectors (singular values = |eigenvalues|). Unchecked: the same "
                          "eigenvalues with skewed eigenvectors (non-normal W), so ‖W^k‖ can grow before it decays.")
        form.addRow("", self.bindings.bind(normal, "normal"))
        nn = QDoubleSpinBox()
        nn.setSingleStep(0.5)
        form.addRow("non-normality", self.bindings.bind(nn, "non_normality"))
        form.addRow("g", self.bindings.bind(QComboBox(), "gradient.nonlinearity"))
        fb = QDoubleSpinBox()
        fb.setSingleStep(0.5)
        fb.setToolTip("Forget-gate bias b_f of the LSTM drawn as the dashed c→c curve: f ≈ σ(b_f), "
                      "and ∂c[T]/∂c[t] = ∏ diag(f) shrinks only by f (σ(1) ≈ 0.73, σ(5) ≈ 0.993).")
        form.addRow("LSTM forget bias", self.bindings.bind(fb, "forget_bias"))
        sizes = QHBoxLayout()
        sizes.addWidget(QLabel("n"))
        sizes.addWidget(self.bindings.bind(QSpinBox(), "gradient.hidden_size"))
        sizes.addWidget(QLabel("T"))
        sizes.addWidget(self.bindings.bind(QSpinBox(), "steps"))
        sizes.addWidget(QLabel("seed"))
        sizes.addWidget(self.bindings.bind(QSpinBox(), "gradient.seed"))
        form.addRow(sizes)

        self.readouts = QLabel()
        self.readouts.setWordWrap(True)
        self.readouts.setMinimumWidth(220)
        self.readout_box = QGroupBox("Readouts")
        QVBoxLayout(self.readout_box).addWidget(self.readouts)

        self.plot = ThemedPlot("log₁₀ ‖∂h[T]/∂h[t]‖ against t")
        self.plot.setLabel("bottom", "t")
        self.plot.setLabel("left", "log₁₀ norm")
        self.plot.add_legend()
        self.plot.plotItem.showGrid(x=False, y=False)  # no grid: it is a third of the repaint time
        self.unit_line = pg.InfiniteLine(pos=0.0, angle=0, pen=pg.mkPen(LIGHT.grid, width=1, style=pg.QtCore.Qt.DotLine))
        self.unit_line.setToolTip("log₁₀ = 0: the gradient keeps its size")
        self.plot.addItem(self.unit_line)
        self.curve = self.plot.plot([], [], name="RNN  ∏ diag(g′) W_hh", pen=pg.mkPen(LIGHT.curve, width=3))
        self.cc_curve = self.plot.plot([], [], name="LSTM c→c  ∏ diag(f)",
                                       pen=pg.mkPen(LIGHT.curve_2, width=2.5, style=pg.QtCore.Qt.DashLine))
        self.plot.setToolTip("Each point: log₁₀ of the spectral norm of ∂h[T]/∂h[t] = ∏ₖ diag(g′(a[k])) W_hh, "
                             "k = t+1..T. A straight line of slope log₁₀|λ| is geometric decay or growth.")

        self.spectrum = ThemedPlot("σₖ(W_hh) bars · |λₖ| dots · 1/γ line")
        self.spectrum.setMaximumHeight(200)
        self.spectrum.plotItem.showGrid(x=False, y=False)
        # one filled step path (much cheaper to repaint than a BarGraphItem of n bars)
        self.sv_bars = self.spectrum.plot([], [], stepMode="center", fillLevel=0.0, brush=LIGHT.curve,
                                          pen=pg.mkPen(LIGHT.curve, width=1))
        self.eig_dots = pg.ScatterPlotItem(size=9, brush=LIGHT.curve_2)
        self.spectrum.addItem(self.eig_dots)
        self.inv_gamma = pg.InfiniteLine(pos=1.0, angle=0, pen=pg.mkPen(LIGHT.grid, width=2, style=pg.QtCore.Qt.DashLine))
        self.inv_gamma.setToolTip("1/γ: a largest singular value below this line guarantees vanishing gradients")
        self.spectrum.addItem(self.inv_gamma)

        self.clip_box = QGroupBox("Gradient clipping")
        clip = QFormLayout(self.clip_box)
        theta = QDoubleSpinBox()
        theta.setDecimals(3)
        theta.setSingleStep(0.5)
        clip.addRow("threshold θ", self.bindings.bind(theta, "clip_threshold"))
        self.clip_label = QLabel()
        self.clip_label.setWordWrap(True)
        clip.addRow(self.clip_label)
        self.clip_box.setToolTip("if ‖g‖ ≥ θ: g ← θ·g/‖g‖ — the norm is capped, the direction is kept "
                                 "(Pascanu et al. 2013; θ of 0.5–10× the average norm works).")
        self.slider_box.setMaximumWidth(400)
        self.readout_box.setMaximumWidth(400)
        self.clip_box.setMaximumWidth(400)
        left = QVBoxLayout()
        left.addWidget(self.slider_box)
        left.addWidget(self.readout_box)
        left.addWidget(self.clip_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.plot, 3)
        right.addWidget(self.spectrum, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 0)
        layout.addLayout(right, 1)

        follow(self.bench.changed, self._on_changed, self)
        self.refresh()
        self.readouts.setFixedHeight(self.readouts.sizeHint().height() + 8)

    def _on_changed(self, *reason: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw everything from the bench's current state."""
        b = self.bench
        self.bindings.pull()
        real = b.eig_mode == "real"
        for name in ("eig1", "eig2"):
            self.sliders[name].setEnabled(real)
        for name in ("eig_mag", "eig_angle_deg"):
            self.sliders[name].setEnabled(not real)
        for name, label in self.value_labels.items():
            label.setText(f"{float(getattr(b, name)):.3f}" if name != "eig_angle_deg" else f"{b.eig_angle_deg:.1f}°")
        curve = np.asarray(b.curve, float)  # (T+1,)
        t = np.arange(curve.shape[0])
        self.curve.setData(t, curve)
        cc = getattr(b, "cc_curve", None)
        if cc is not None:
            cc = np.asarray(cc, float)
            self.cc_curve.setData(np.arange(cc.shape[0]), cc)
        sv = np.asarray(b.singular_values, float)
        self.sv_bars.setData(np.arange(sv.shape[0] + 1) - 0.5, sv)  # bar k spans [k-0.5, k+0.5]
        eig = np.abs(np.asarray(b.eigenvalues))
        self.eig_dots.setData(np.arange(eig.shape[0]), np.sort(eig)[::-1])
        self.inv_gamma.setPos(1.0 / b.gamma if b.gamma else 1.0)
        self.readouts.setText(self._readout_html())
        self._refresh_clip()
        self.readout_box.setToolTip(self._readout_tooltip())

    def _refresh_clip(self) -> None:
        b = self.bench
        if not hasattr(b, "clipped"):
            self.clip_box.setVisible(False)
            return
        raw, clipped, cosine = b.clipped(0)
        self.clip_label.setText(f"g = ∂L/∂h[0] (the longest path): ‖g‖ = {raw:.3g} → clipped ‖g‖ = {clipped:.3g}, "
                                f"cos(g, clipped g) = {cosine:.3f}")

    def _readout_html(self) -> str:
        b = self.bench
        bad = "exploding" in b.regime
        colour = self.theme.curve_2 if bad else self.theme.curve
        return (
            "<table style='font-size:12pt'>"
            f"<tr><td>ρ (spectral radius)</td><td><b>{b.rho:.4g}</b></td></tr>"
            f"<tr><td>λ₁ (largest singular value)</td><td><b>{b.lambda1:.4g}</b></td></tr>"
            f"<tr><td>γ (bound on |g′|)</td><td><b>{b.gamma:.4g}</b></td></tr>"
            f"<tr><td>γ·λ₁</td><td><b>{b.gamma_lambda1:.4g}</b></td></tr>"
            f"</table><p style='font-size:13pt; color:{colour}'><b>{b.regime}</b></p>"
        )

    def _readout_tooltip(self) -> str:
        b = self.bench
        return (
            "Pascanu, Mikolov & Bengio (2013): with γ bounding |g′| and λ₁ the largest singular value of W_hh,\n"
            "γ·λ₁ < 1 guarantees vanishing gradients; γ·λ₁ > 1 is necessary (not sufficient) for exploding.\n"
            f"Now: ρ = {b.rho:.4g}, λ₁ = {b.lambda1:.4g}, γ = {b.gamma:.4g}, γ·λ₁ = {b.gamma_lambda1:.4g}"
            f" → {b.regime}."
        )

    def apply_theme(self, theme: Theme) -> None:
        """Recolour curves for ``theme``."""
        self.theme = theme
        self.curve.setPen(pg.mkPen(theme.curve, width=3))
        self.cc_curve.setPen(pg.mkPen(theme.curve_2, width=2.5, style=pg.QtCore.Qt.DashLine))
        self.sv_bars.setBrush(pg.mkBrush(theme.curve))
        self.sv_bars.setPen(pg.mkPen(theme.curve, width=1))
        self.eig_dots.setBrush(pg.mkBrush(theme.curve_2))
        self.refresh()
