"""Gradient panel: eigenvalue sliders of W_hh and the live plot of log10 ||dh[T]/dh[t]||.

A view of ``workbench.gradient`` (:class:`logicsim.workbench.GradientBench`).  Every slider is
bound to a registry control; the bench recomputes its curve with NumPy on each change and
emits ``changed("curve")``; the panel then puts ``bench.curve`` / ``bench.cc_curve`` into
plot items created once.  The readouts show rho, lambda_1, gamma * lambda_1 and the regime of
Pascanu et al. (2013); the spectrum plot draws the singular values against the line 1/gamma.

Beside the measured curve, two thin dashed lines: the linear prediction (T−t) log10 rho and
Pascanu's bound (T−t) log10 gamma*lambda_1, so the student sees where the nonlinearity departs
from them; under the plot a one-line note says when saturated units (g′ ≈ 0) make the product
vanish although lambda_1 > 1.  The eigenvalues can also be dragged on the complex plane
(:mod:`logicsim_gui.eigen_plane`).  Slider and plane input is coalesced (:class:`Coalescer`):
the newest value wins and the model recomputes once when the event loop is free, so the
window never works through a backlog of old positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings, slider
from logicsim_gui.eigen_plane import EigenPlane
from logicsim_gui.fit import zoomed_width
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import SteadyViewBox, StillLabel, ThemedPlot
from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench
    from logicsim.workbench.gradient_bench import GradientBench

# The eigenvalues are eig₁, eig₂: λ₁ is Pascanu's name for the largest SINGULAR value (a readout).
SLIDERS = (  # control, label, scale (slider steps per unit)
    ("eig1", "eig₁ (real)", 1000.0),
    ("eig2", "eig₂ (real)", 1000.0),
    ("eig_mag", "|eig| (pair)", 1000.0),
    ("eig_angle_deg", "angle θ°", 10.0),
    ("radius_rest", "radius of rest", 1000.0),
)


BAR_HALF = 0.35  # half width of a singular-value bar (bars 1 apart: a gap of 0.3 between)


def bar_path(heights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Outline of separate bars as one path: x, y of shape (4n,), back to 0 between bars.

    Bar k rises at ``k - BAR_HALF`` to ``heights[k]`` and falls at ``k + BAR_HALF``; filled
    down to 0 it shows n distinct bars, however close their heights.
    """
    h = np.asarray(heights, dtype=float)  # (n,)
    k = np.arange(h.shape[0], dtype=float)
    x = np.stack([k - BAR_HALF, k - BAR_HALF, k + BAR_HALF, k + BAR_HALF], axis=1).ravel()
    y = np.stack([np.zeros_like(h), h, h, np.zeros_like(h)], axis=1).ravel()
    return x, y


class Coalescer(QObject):
    """Newest value wins: control values are parked and applied once the event loop is free.

    A slider dragged faster than the model recomputes would otherwise queue one recompute per
    position; here every position overwrites the parked one, and a zero-time single-shot timer
    applies what is parked (one ``workbench.set`` per control) after the pending input events.

    Parameters
    ----------
    apply : callable
        Called with ``{control: value}`` of everything parked since the last call.
    """

    def __init__(self, apply: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._apply = apply
        self._pending: dict[str, Any] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.flush)
        self.applied = 0  # how many times parked values were applied

    def submit(self, name: str, value: Any) -> None:
        """Park ``value`` for control ``name`` (replacing an older one); apply soon."""
        self._pending[name] = value
        if not self.timer.isActive():
            self.timer.start()

    @property
    def pending(self) -> bool:
        """Whether values wait to be applied."""
        return bool(self._pending)

    def flush(self) -> None:
        """Apply the parked values now."""
        self.timer.stop()
        pending, self._pending = self._pending, {}
        if pending:
            self.applied += 1
            self._apply(pending)


class NoteLine(StillLabel):
    """One line of text, elided to the width (full text in the tooltip); its height is fixed,
    so a note appearing or going never moves the layout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.full = ""
        super().__init__(height=20, parent=parent)
        self.label.setWordWrap(False)
        self._base = (self.fontMetrics().lineSpacing() + 8, 0)
        self.setFixedHeight(self._base[0])

    def set_full_text(self, text: str) -> None:
        """Show ``text`` (elided if too long); the tooltip holds all of it."""
        self.full = text
        self.setToolTip(text)
        self._elide()

    def _elide(self) -> None:
        width = max(10, self.width() - 4)
        self.label.setText(self.label.fontMetrics().elidedText(self.full, Qt.ElideRight, width))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def apply_zoom(self, factor: float) -> None:
        """Grow with the text."""
        super().apply_zoom(factor)
        self._elide()


class ReadoutTable(QWidget):
    """rho, lambda_1, gamma, gamma * lambda_1 and the regime, as plain labels of fixed size.

    A value changes on every slider step; a plain label of fixed size then repaints itself
    alone (rich text would rebuild a text document, and a label that may change size asks the
    whole window to lay out again).  :meth:`text` gives the shown text, one row a line.
    """

    ROWS = (  # attribute of the bench, shown name
        ("rho", "ρ (spectral radius)"),
        ("lambda1", "λ₁ (largest singular value)"),
        ("gamma", "γ (bound on |g′|)"),
        ("gamma_lambda1", "γ·λ₁"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        name_font, value_font, regime_font = (
            QFont(self.font()),
            QFont(self.font()),
            QFont(self.font()),
        )
        name_font.setPointSizeF(12)
        value_font.setPointSizeF(12)
        value_font.setBold(True)
        regime_font.setPointSizeF(13)
        regime_font.setBold(True)
        widest = QFontMetrics(value_font).horizontalAdvance("−8.888e+888") + 4
        self.names: list[QLabel] = []
        self.values: dict[str, QLabel] = {}
        for row, (key, name) in enumerate(self.ROWS):
            label = QLabel(name)
            label.setFont(name_font)
            label.setWordWrap(True)  # a long name takes two lines on a narrow page
            value = QLabel()
            value.setFont(value_font)
            value.setFixedSize(widest, QFontMetrics(value_font).height() + 2)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.names.append(label)
            self.values[key] = value
        grid.setColumnStretch(0, 1)  # the names take the room first: one line when it fits
        holder = StillLabel(height=QFontMetrics(regime_font).lineSpacing() + 12)
        self.regime = holder.label
        self.regime.setFont(regime_font)
        grid.addWidget(holder, len(self.ROWS), 0, 1, 3)
        self._colour = ""

    def apply_zoom(self, factor: float) -> None:
        """Resize the fixed-size value labels to their (zoomed) font."""
        for value in self.values.values():
            metrics = value.fontMetrics()
            value.setFixedSize(metrics.horizontalAdvance("−8.888e+888") + 4, metrics.height() + 2)

    def show_values(self, bench: GradientBench, colour: str) -> None:
        """Show the readouts of ``bench`` (a GradientBench); the regime in ``colour``."""
        for key, value in self.values.items():
            value.setText(f"{getattr(bench, key):.4g}")
        linear = getattr(bench, "nonlinearity", "") == "linear"
        self.regime.setText(f"{bench.regime} (linear: ρ vs 1)" if linear else bench.regime)
        if colour != self._colour:  # a palette change repaints; only when the colour changes
            self._colour = colour
            palette = self.regime.palette()
            palette.setColor(QPalette.WindowText, QColor(colour))
            self.regime.setPalette(palette)

    def text(self) -> str:
        """The shown readouts as plain text: ``name value`` rows, then the regime."""
        rows = [
            f"{n.text()} {v.text()}" for n, v in zip(self.names, self.values.values(), strict=True)
        ]
        return "\n".join([*rows, self.regime.text()])


class GradientPanel(QWidget):
    """Sliders, readouts, the norm-through-time plot and the spectrum plot."""

    def __init__(self, workbench: Workbench, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.gradient
        self.theme: Theme = LIGHT
        self.bindings = Bindings(workbench, status)
        self.value_labels: dict[str, QLabel] = {}
        self.sliders: dict[str, Any] = {}
        self.status = status
        self.coalescer = Coalescer(self._apply_controls, self)

        self.slider_box = QGroupBox("Eigenvalues of W_hh")
        form = QFormLayout(self.slider_box)
        form.addRow("mode", self.bindings.bind(QComboBox(), "eig_mode"))
        for name, label, scale in SLIDERS:
            s = self.bindings.bind(slider(), name, scale)
            s.setTracking(True)
            s.valueChanged.disconnect()  # not straight to the model: through the coalescer
            s.valueChanged.connect(lambda v, n=name, k=scale: self.coalescer.submit(n, v / k))
            s.setMinimumWidth(120)
            # round values from the keys: arrows 0.01 and Page Up / Down 0.05 (the angle 1° and 5°)
            unit = 0.01 if scale >= 100 else 1.0
            s.setSingleStep(round(unit * scale))
            s.setPageStep(round(5 * unit * scale))
            self.sliders[name] = s
            value = QLabel()
            # fixed in both directions: a new number must not re-layout (and repaint) the window
            zoomed_width(value, 64, "fixed")
            self.value_labels[name] = value
            row = QHBoxLayout()
            row.addWidget(s, 1)
            row.addWidget(value)
            form.addRow(label, row)
        normal = QCheckBox("normal W_hh")
        normal.setToolTip(
            "Checked: orthogonal eigenvectors (singular values = |eigenvalues|). Unchecked: the "
            "same "
            "eigenvalues with skewed eigenvectors (non-normal W), so ‖W^k‖ can grow before it "
            "decays."
        )
        form.addRow("", self.bindings.bind(normal, "normal"))
        nn = QDoubleSpinBox()
        nn.setSingleStep(0.5)
        form.addRow("non-normality", self.bindings.bind(nn, "non_normality"))
        form.addRow("g", self.bindings.bind(QComboBox(), "gradient.nonlinearity"))
        fb = QDoubleSpinBox()
        fb.setSingleStep(0.5)
        fb.setToolTip(
            "Forget-gate bias b_f of the LSTM drawn as the dashed c→c curve: f ≈ σ(b_f), "
            "and ∂c[T]/∂c[t] = ∏ diag(f) shrinks only by f (σ(1) ≈ 0.73, σ(5) ≈ 0.993)."
        )
        form.addRow("LSTM forget bias", self.bindings.bind(fb, "forget_bias"))
        sizes = QHBoxLayout()
        self.steps_box = QSpinBox()
        for label, box, name in (
            ("n", QSpinBox(), "gradient.hidden_size"),
            ("T", self.steps_box, "steps"),
            ("seed", QSpinBox(), "gradient.seed"),
        ):
            zoomed_width(box, 56, "min")  # a wide range need not widen the page
            sizes.addWidget(QLabel(label))
            sizes.addWidget(self.bindings.bind(box, name), 1)
        form.addRow(sizes)

        # The readouts and the clipping line change on every slider step: their labels have a
        # fixed size (or sit in a StillLabel), so new text repaints them alone instead of
        # re-laying out the window.
        self.readouts = ReadoutTable()
        self.readout_box = QGroupBox("Readouts")
        QVBoxLayout(self.readout_box).addWidget(self.readouts)

        # Steady y ranges: a slider step redraws the curves without moving the axes (see
        # SteadyViewBox).
        self.plot = ThemedPlot("log₁₀ ‖∂h[T]/∂h[t]‖", viewBox=SteadyViewBox())  # t: the x axis
        self.plot.setLabel("bottom", "t")
        self.plot.keep_whole = True  # its right end (t near T) is what lessons read
        self.plot.setLabel("left", "log₁₀ norm")
        self.plot.plotItem.showGrid(x=False, y=False)  # no grid: it is a third of the repaint time
        self.unit_line = pg.InfiniteLine(
            pos=0.0, angle=0, pen=pg.mkPen(LIGHT.grid, width=1, style=pg.QtCore.Qt.DotLine)
        )
        self.unit_line.setToolTip("log₁₀ = 0: the gradient keeps its size")
        self.plot.addItem(self.unit_line)
        self.curve = self.plot.plot(
            [], [], name="RNN ∏ diag(g′)W", pen=pg.mkPen(LIGHT.curve, width=3)
        )
        self.cc_curve = self.plot.plot(
            [],
            [],
            name="LSTM c→c ∏ f",
            pen=pg.mkPen(LIGHT.curve_2, width=2.5, style=pg.QtCore.Qt.DashLine),
        )
        # thin reference lines; left out of the auto-range, so the measured curve keeps the
        # plot's height (a line that leaves the frame is cut at its edge)
        self.prediction_line = pg.PlotDataItem(
            name="linear ρ^(T−t)", connect="finite",
            pen=pg.mkPen(LIGHT.grid, width=1, style=pg.QtCore.Qt.DashLine),
        )  # fmt: skip
        self.bound_line = pg.PlotDataItem(
            name="bound (γλ₁)^(T−t)", connect="finite",
            pen=pg.mkPen(LIGHT.curve_2, width=1, style=pg.QtCore.Qt.DotLine),
        )  # fmt: skip
        for line in (self.prediction_line, self.bound_line):
            self.plot.plotItem.addItem(line, ignoreBounds=True)
        # the legend sits in its own row under the t axis, outside the plotted data
        self.legend = pg.LegendItem(
            labelTextSize="10pt", labelTextColor=LIGHT.foreground, colCount=1
        )
        self.plot.plotItem.layout.addItem(self.legend, 4, 1)
        self.legend.addItem(self.curve, self.curve.name())
        self.legend.addItem(self.cc_curve, self.cc_curve.name())
        self.legend.addItem(self.prediction_line, self.prediction_line.name())
        self.legend.addItem(self.bound_line, self.bound_line.name())
        self.plot.legend = self.legend  # recoloured with the plot's theme
        self.plot.setToolTip(
            "Each point: log₁₀ of the spectral norm of ∂h[T]/∂h[t] = ∏ₖ diag(g′(a[k])) W_hh, "
            "k = t+1..T. A straight line of slope log₁₀|λ| is geometric decay or growth.\n"
            "Thin dashed: the linear prediction (T−t)·log₁₀ ρ; dotted: Pascanu's bound "
            "(T−t)·log₁₀ γλ₁, which the measured curve never exceeds."
        )
        self.note = NoteLine()
        self.eigen_plane = EigenPlane(self.bench, self._dragged)
        self.eigen_plane.setMinimumSize(130, 130)

        self.spectrum = ThemedPlot("σₖ(W_hh) bars · |λₖ| dots · 1/γ line", viewBox=SteadyViewBox())
        self.spectrum.setMaximumHeight(200)
        self.spectrum.plotItem.showGrid(x=False, y=False)
        # one filled path of separate bars (much cheaper to repaint than a BarGraphItem of n bars)
        self.sv_bars = self.spectrum.plot(
            [],
            [],
            fillLevel=0.0,
            brush=LIGHT.curve,
            pen=pg.mkPen(LIGHT.curve, width=1),
        )
        self.eig_dots = pg.ScatterPlotItem(size=9, brush=LIGHT.curve_2)
        self.spectrum.addItem(self.eig_dots)
        self.inv_gamma = pg.InfiniteLine(
            pos=1.0, angle=0, pen=pg.mkPen(LIGHT.grid, width=2, style=pg.QtCore.Qt.DashLine)
        )
        self.inv_gamma.setToolTip(
            "1/γ: a largest singular value below this line guarantees vanishing gradients"
        )
        self.spectrum.addItem(self.inv_gamma)

        self.clip_box = QGroupBox("Gradient clipping")
        clip = QFormLayout(self.clip_box)
        theta = QDoubleSpinBox()
        theta.setDecimals(3)
        theta.setSingleStep(0.5)
        zoomed_width(theta, 80, "min")
        clip.addRow("threshold θ", self.bindings.bind(theta, "clip_threshold"))
        clip_holder = StillLabel(height=3 * self.fontMetrics().lineSpacing() + 4, min_width=220)
        self.clip_label = clip_holder.label
        self.clip_label.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        clip.addRow(clip_holder)
        self.clip_box.setToolTip(
            "if ‖g‖ ≥ θ: g ← θ·g/‖g‖ — the norm is capped, the direction is kept "
            "(Pascanu et al. 2013; θ of 0.5–10× the average norm works)."
        )
        zoomed_width(self.slider_box, 350)
        zoomed_width(self.readout_box, 350)
        zoomed_width(self.clip_box, 350)
        self._controls = QWidget()  # three blocks, arranged by _arrange
        left = QVBoxLayout(self._controls)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.slider_box)
        left.addWidget(self.readout_box)
        left.addWidget(self.clip_box)
        left.addStretch(1)
        self._curve = QWidget()
        curve = QVBoxLayout(self._curve)
        curve.setContentsMargins(0, 0, 0, 0)
        curve.addWidget(self.plot, 1)
        curve.addWidget(self.note)
        self._lower = QWidget()
        lower = QHBoxLayout(self._lower)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.spectrum, 1)
        lower.addWidget(self.eigen_plane, 1)
        self._grid = QGridLayout(self)
        self._zoom = 1.0
        self._wide: bool | None = None
        self._arrange(wide=True)

        follow(self.bench.changed, self._on_changed, self)
        self.refresh()

    #: Below this width (at 100 % zoom) the plot goes above the controls.
    STACK_BELOW = 520
    #: Least height of the plot (at 100 % zoom) when it stands above the controls.
    STACKED_PLOT_HEIGHT = 300

    # Wide: the controls left of the plot, the spectrum and the eigenvalue plane under the
    # plot.  Narrow (a 1280 or 1366 px projector with the logic bench and the lesson beside):
    # the plot on top, the sliders right under it (a lesson task uses both together), the
    # spectrum and the plane last; the page then scrolls up and down.  The choice follows the
    # width the page is given (its least width is the narrow one), so it never scrolls sideways.
    def _arrange(self, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        grid = self._grid
        for block in (self._controls, self._curve, self._lower):
            grid.removeWidget(block)
        for k in range(3):
            grid.setRowStretch(k, 0)
            grid.setColumnStretch(k, 0)
        if wide:
            grid.addWidget(self._controls, 0, 0, 2, 1)
            grid.addWidget(self._curve, 0, 1)
            grid.addWidget(self._lower, 1, 1)
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(0, 3)
            grid.setRowStretch(1, 1)
            self.plot.setMinimumHeight(0)
        else:
            grid.addWidget(self._curve, 0, 0)
            grid.addWidget(self._controls, 1, 0)
            grid.addWidget(self._lower, 2, 0)
            grid.setRowStretch(0, 1)
            self.plot.setMinimumHeight(round(self.STACKED_PLOT_HEIGHT * self._zoom))

    def wide_width(self) -> int:
        """Least width (pixels) at which the controls stand beside the plot."""
        m = self._grid.contentsMargins()
        right = max(self._curve.minimumSizeHint().width(), self._lower.minimumSizeHint().width())
        need = self._controls.minimumSizeHint().width() + self._grid.horizontalSpacing() + right
        return max(need + m.left() + m.right(), round(self.STACK_BELOW * self._zoom))

    def stacked(self) -> bool:
        """Whether the plot stands above the controls (a narrow page) rather than beside."""
        return not self._wide

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As narrow as the stacked arrangement, whichever is shown (see :meth:`_arrange`)."""
        m = self._grid.contentsMargins()
        blocks = (self._controls, self._curve, self._lower)
        width = max(b.minimumSizeHint().width() for b in blocks) + m.left() + m.right()
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange(wide=self.width() >= self.wide_width())

    def apply_zoom(self, factor: float) -> None:
        """The app's zoom (1.0 = 100 %): the width at which plot and controls go side by side."""
        self._zoom = factor
        if not self._wide:
            self.plot.setMinimumHeight(round(self.STACKED_PLOT_HEIGHT * factor))
        self._arrange(wide=self.width() >= self.wide_width())

    def _on_changed(self, *reason: Any) -> None:
        self.refresh()

    def _apply_controls(self, values: dict[str, Any]) -> None:
        """Set the coalesced control values on the workbench (a rejected one: say why)."""
        from logicsim.errors import LogicsimError

        for name, value in values.items():
            try:
                if value != self.wb.get(name):
                    self.wb.set(name, value)
            except LogicsimError as exc:
                if self.status:
                    self.status(str(exc))
                self.bindings.pull()

    def _dragged(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            self.coalescer.submit(name, value)

    def refresh(self) -> None:
        """Redraw everything from the bench's current state."""
        b = self.bench
        top = max(b.max_steps, b.steps)  # offer only the steps the model can compute at this n
        if self.steps_box.maximum() != top:  # (a slider step changes nothing here: no relayout)
            self.steps_box.blockSignals(True)
            self.steps_box.setMaximum(top)
            self.steps_box.blockSignals(False)
        self.bindings.pull()
        real = b.eig_mode == "real"
        for name in ("eig1", "eig2"):
            self.sliders[name].setEnabled(real)
            self.value_labels[name].setEnabled(real)  # greyed with its slider: not in use
        for name in ("eig_mag", "eig_angle_deg"):
            self.sliders[name].setEnabled(not real)
            self.value_labels[name].setEnabled(not real)
        for name, label in self.value_labels.items():
            label.setText(
                f"{float(getattr(b, name)):.3f}"
                if name != "eig_angle_deg"
                else f"{b.eig_angle_deg:.1f}°"
            )
        curve = np.asarray(b.curve, float)  # (T+1,)
        t = np.arange(curve.shape[0])
        self.curve.setData(t, curve)
        cc = getattr(b, "cc_curve", None)
        if cc is not None:
            cc = np.asarray(cc, float)
            self.cc_curve.setData(np.arange(cc.shape[0]), cc)
        sv = np.asarray(b.singular_values, float)
        self.sv_bars.setData(*bar_path(sv))  # bar k spans [k - 0.35, k + 0.35]
        eig = np.abs(np.asarray(b.eigenvalues))
        self.eig_dots.setData(np.arange(eig.shape[0]), np.sort(eig)[::-1])
        self.inv_gamma.setPos(1.0 / b.gamma if b.gamma else 1.0)
        self.prediction_line.setData(t, _finite_or_nan(b.linear_prediction))
        self.bound_line.setData(t, _finite_or_nan(b.bound_curve))
        self.note.set_full_text(b.saturation_note)
        self.eigen_plane.refresh()
        self.plot.settle()  # auto-range now, so the coming paint is the only one
        self.spectrum.settle()
        self.readouts.show_values(
            b, self.theme.curve_2 if "exploding" in b.regime else self.theme.curve
        )
        self._refresh_clip()
        self.readout_box.setToolTip(self._readout_tooltip())

    def _refresh_clip(self) -> None:
        b = self.bench
        if not hasattr(b, "clipped"):
            self.clip_box.setVisible(False)
            return
        raw, clipped, cosine = b.clipped(0)
        self.clip_label.setText(
            f"g = ∂L/∂h[0] (the longest path): ‖g‖ = {raw:.3g} → clipped ‖g‖ = {clipped:.3g}, "
            f"cos(g, clipped g) = {cosine:.3f}"
        )

    def _readout_tooltip(self) -> str:
        b = self.bench
        return (
            "Pascanu, Mikolov & Bengio (2013): with γ bounding |g′| and λ₁ the largest singular "
            "value of W_hh,\n"
            "γ·λ₁ < 1 guarantees vanishing gradients; γ·λ₁ > 1 is necessary (not sufficient) for "
            "exploding.\n"
            f"Now: ρ = {b.rho:.4g}, λ₁ = {b.lambda1:.4g}, γ = {b.gamma:.4g}, γ·λ₁ = "
            f"{b.gamma_lambda1:.4g}"
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
        self.prediction_line.setPen(pg.mkPen(theme.grid, width=1, style=pg.QtCore.Qt.DashLine))
        self.bound_line.setPen(pg.mkPen(theme.curve_2, width=1, style=pg.QtCore.Qt.DotLine))
        self.eigen_plane.apply_theme(theme)
        self.refresh()


def _finite_or_nan(values: np.ndarray) -> np.ndarray:
    """``values`` as floats with ±inf (log10 of 0) replaced by NaN, which the plot skips."""
    out = np.asarray(values, dtype=float).copy()
    out[~np.isfinite(out)] = np.nan
    return out
