"""Neural flip-flop: one tanh unit fed back to itself, driven by set and reset, like a latch.

A view of ``workbench.neuron`` (:class:`logicsim.workbench.NeuronBench`),
h[t] = tanh(w h[t-1] + u S[t] - 2u R[t]).  Buttons are workbench actions (set / reset pulses,
hold, clear); the plot shows h over time with the stable fixed points and the 0/1 read-out band;
the readouts give the loop gain's verdict (forgets, latch, or flips), the one-step slope
dh'/dh = w (1 - h'^2), the gradient through the last hold, and the SR-latch test table result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings, ModelCalls, slider
from logicsim_gui.fit import FlowLayout, zoomed_width
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import ThemedPlot
from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench

PULSES = (  # action input, button label, tooltip
    ("set", "Set", "S = 1 for the chosen steps: the unit is pushed towards +1 (stores a 1)."),
    ("reset", "Reset", "R = 1 for the chosen steps: the unit is pushed towards −1 (stores a 0)."),
    (
        "none",
        "Hold",
        "S = R = 0: let the unit run on its own. Does it keep the bit? "
        "Only if the loop gain w > 1.",
    ),
    ("both", "S=R=1", "Both inputs high: reset wins (R enters with −2u)."),
)


class NeuronPanel(QWidget, ModelCalls):
    """Controls, h over time, fixed points and the latch-table verdict."""

    def __init__(self, workbench: Workbench, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.neuron
        self.status = status
        self.theme: Theme = LIGHT
        self.bindings = b = Bindings(workbench, status)
        box = QGroupBox("h[t] = tanh(w·h[t−1] + u·S[t] − 2u·R[t])")
        grid = QGridLayout(box)
        self.w_slider = b.bind(slider(), "neuron.w", 100.0)
        self.w_slider.setMinimumWidth(90)  # a narrow bench at 150 %: shorter, not sideways
        self.w_label = QLabel()
        zoomed_width(self.w_label, 56, "fixed")
        grid.addWidget(QLabel("loop gain w"), 0, 0)
        grid.addWidget(self.w_slider, 0, 1)
        grid.addWidget(self.w_label, 0, 2)
        u = QDoubleSpinBox()
        u.setSingleStep(0.5)
        grid.addWidget(QLabel("input weight u"), 1, 0)
        grid.addWidget(b.bind(u, "neuron.u"), 1, 1)
        grid.addWidget(QLabel("steps per pulse"), 2, 0)
        steps = QSpinBox()
        zoomed_width(steps, 64, "min")
        grid.addWidget(b.bind(steps, "neuron.steps"), 2, 1)
        band = QDoubleSpinBox()
        band.setSingleStep(0.05)
        for field in (u, band):  # a wide range need not widen a narrow bench
            zoomed_width(field, 64, "min")
        grid.addWidget(QLabel("read-out band"), 3, 0)
        grid.addWidget(b.bind(band, "neuron.threshold"), 3, 1)
        buttons = FlowLayout()  # wraps on a narrow bench
        self.buttons: dict[str, QPushButton] = {}
        for kind, label, tip in PULSES:
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=kind: self._act("neuron_pulse", input=k))
            buttons.addWidget(button)
            self.buttons[kind] = button
        clear = QPushButton("Clear")
        clear.setToolTip("Start the history again from h = 0.")
        clear.clicked.connect(lambda: self._act("neuron_clear", h=0.0))
        buttons.addWidget(clear)
        self.readouts = QLabel()
        self.readouts.setTextFormat(Qt.RichText)
        self.readouts.setWordWrap(True)
        # its text never moves the buttons beside it: the split is by stretch alone
        self.readouts.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.readouts.setMinimumWidth(120)

        self.plot = ThemedPlot("h[t] of the neural flip-flop (dotted: stable fixed points)")
        self.plot.setLabel("bottom", "t")
        self.plot.setYRange(-1.05, 1.05)
        self.plot.setMinimumHeight(180)  # stays readable however long the readouts get
        self.curve = self.plot.plot([], [], pen=pg.mkPen(LIGHT.curve, width=3))
        self.fixed_lines = [
            pg.InfiniteLine(angle=0, pen=pg.mkPen(LIGHT.curve_2, width=2, style=Qt.DotLine))
            for _ in range(2)
        ]
        for line in self.fixed_lines:
            self.plot.addItem(line)
        self.band = pg.LinearRegionItem(
            values=(-0.5, 0.5),
            orientation="horizontal",
            movable=False,
            brush=pg.mkBrush(204, 121, 167, 40),
            pen=pg.mkPen(None),
        )
        self.plot.addItem(self.band)
        self.plot.setToolTip(
            "Above the band the unit reads 1, below it 0, inside it X — like a latch's Q."
        )

        self.top = top = QBoxLayout(QBoxLayout.LeftToRight)  # stacked when narrow (resizeEvent)
        controls = QVBoxLayout()
        controls.addWidget(box)
        controls.addLayout(buttons)
        controls.addStretch(1)
        top.addLayout(controls, 1)
        top.addWidget(self.readouts, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        follow(self.bench.changed, self._on_changed, self)
        self.refresh()

    #: Below this width the readouts go under the controls instead of beside them.
    SIDE_BY_SIDE = 640

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Readouts beside the controls on a wide bench, under them on a narrow one."""
        wide = event.size().width() >= self.SIDE_BY_SIDE * max(self.font().pointSizeF(), 1) / 11
        direction = QBoxLayout.LeftToRight if wide else QBoxLayout.TopToBottom
        if self.top.direction() != direction:
            self.top.setDirection(direction)
        super().resizeEvent(event)

    def _on_changed(self, *reason: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw from the bench."""
        n = self.bench
        self.bindings.pull()
        self.w_label.setText(f"{n.w:.2f}")
        h = np.asarray(n.history, float)  # (steps+1,)
        self.curve.setData(np.arange(h.shape[0]), h)
        points = n.fixed_points
        for line, value in zip(self.fixed_lines, [*points, None, None], strict=False):
            line.setVisible(value is not None)
            if value is not None:
                line.setPos(value)
        self.band.setRegion((-n.threshold, n.threshold))
        if n.w > 1:
            verdict = (
                f"w = {n.w:.2f} > 1: two stable states ±{max(points):.3f} — a latch, it holds a bit"
            )
        elif n.w >= -1:
            verdict = f"|w| = {abs(n.w):.2f} ≤ 1: one stable state, 0 — whatever is stored fades"
        else:
            verdict = f"w = {n.w:.2f} < −1: no stable state — the unit flips sign every step"
        level = {1: "1", 0: "0", None: "X (inside the band)"}[n.level]
        table = n.latch_table()
        passed = "passes" if table.passed else f"fails ({len(table.failures)} of {table.rows} rows)"
        self.readouts.setText(
            f"<p><b>{verdict}</b></p>"
            f"<p>h = {n.h:+.4f} → reads <b>{level}</b><br>"
            f"slope ∂h′/∂h = w·(1 − h′²) = {n.slope:.4f} (|slope| &lt; 1: a stable, "
            "forgetting-proof hold "
            f"whose gradient shrinks)<br>"
            f"gradient through the last run: log₁₀|∂h[end]/∂h[start]| = {n.grad_log10:.2f}</p>"
            f"<p>SR latch test table ({table.test}): <b>{passed}</b></p>"
        )

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.theme = theme
        self.curve.setPen(pg.mkPen(theme.curve, width=3))
