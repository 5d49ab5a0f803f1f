"""Eigenvalue editor: the eigenvalues of W_hh as points on the complex plane, dragged by hand.

A view of ``workbench.gradient``.  It draws the unit circle (|λ| = 1: the linear case neither
grows nor shrinks) and the circle of radius 1/γ (Pascanu's bound: λ₁ below it guarantees
vanishing gradients), every eigenvalue of W_hh as a dot, and the controllable ones as handles.
Dragging a handle sets the same controls the sliders set: ``eig1`` / ``eig2`` in real mode (the
handles stay on the real axis), ``eig_mag`` / ``eig_angle_deg`` in complex mode (the handle is
λ = r e^{iθ}; its conjugate follows).  The panel owning the plane decides how the values reach
the workbench (its coalescer: the newest value wins).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import wheel_zooms

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench.gradient_bench import GradientBench

#: Largest |λ| the controls accept (their registry range).
LIMIT = 4.0

_CIRCLE = np.linspace(0.0, 2.0 * math.pi, 181)  # (181,) angles of a drawn circle


def circle(radius: float) -> tuple[np.ndarray, np.ndarray]:
    """x, y of a circle of ``radius`` about 0, each of shape (181,)."""
    return radius * np.cos(_CIRCLE), radius * np.sin(_CIRCLE)


def settings_for(mode: str, which: int, x: float, y: float) -> dict[str, float]:
    """The controls a handle at (x, y) stands for.

    Parameters
    ----------
    mode : {"real", "complex"}
    which : int
        Handle 0 (λ₁, or the pair) or 1 (λ₂, real mode only).
    x, y : float
        Position on the plane (real and imaginary part).

    Returns
    -------
    dict
        ``{"eig1": x}`` / ``{"eig2": x}`` (clipped to ±4) in real mode;
        ``{"eig_mag": r, "eig_angle_deg": θ}`` with r ≤ 4 and θ in [0, 180] in complex mode.
    """
    if mode == "real":
        return {("eig1", "eig2")[which]: float(np.clip(x, -LIMIT, LIMIT))}
    r = min(math.hypot(x, y), LIMIT)
    angle = math.degrees(math.atan2(abs(y), x))  # the upper half plane: the pair is λ, conj(λ)
    return {"eig_mag": float(r), "eig_angle_deg": float(np.clip(angle, 0.0, 180.0))}


class EigenPlane(pg.PlotWidget):
    """The complex plane with the unit circle, the 1/γ circle and draggable eigenvalues.

    Parameters
    ----------
    bench : GradientBench
        Read for the eigenvalues, mode and γ.
    on_drag : callable
        Called with a dict of control values (see :func:`settings_for`) while a handle moves.
    """

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Ctrl + wheel zooms; the plain wheel scrolls the page (see plots.wheel_zooms)."""
        if wheel_zooms(event):
            super().wheelEvent(event)

    def __init__(
        self, bench: GradientBench, on_drag: Callable[[dict[str, float]], Any], parent=None
    ) -> None:
        super().__init__(parent)
        self.bench = bench
        self.on_drag = on_drag
        self.setAspectLocked(True)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setTitle("λ(W_hh): drag ○")
        self.setLabel("bottom", "Re λ")
        self.setLabel("left", "Im λ")
        self.setToolTip(
            "Drag a handle to move an eigenvalue of W_hh (the sliders follow).\n"
            "Solid circle: |λ| = 1. Dashed circle: |λ| = 1/γ — a largest singular value "
            "inside it guarantees vanishing gradients (Pascanu et al. 2013)."
        )
        self.unit = self.plot(*circle(1.0), pen=pg.mkPen(LIGHT.grid, width=1.5))
        self.inv_gamma = self.plot(
            *circle(1.0), pen=pg.mkPen(LIGHT.curve_2, width=1.5, style=pg.QtCore.Qt.DashLine)
        )
        self.dots = pg.ScatterPlotItem(size=6, brush=LIGHT.grid, pen=None)
        self.addItem(self.dots)
        self.conjugate = pg.ScatterPlotItem(size=11, brush=None, pen=pg.mkPen(LIGHT.curve, width=2))
        self.addItem(self.conjugate)
        self.handles = [
            pg.TargetItem(size=14, symbol="o", pen=pg.mkPen(LIGHT.curve, width=2)),
            pg.TargetItem(size=14, symbol="o", pen=pg.mkPen(LIGHT.curve, width=2)),
        ]
        for which, handle in enumerate(self.handles):
            self.addItem(handle)
            handle.sigPositionChanged.connect(lambda h, w=which: self._moved(w, h))
            handle.sigPositionChangeFinished.connect(self._drag_done)
        self._updating = False
        self.dragging = False  # while a handle is dragged, the axes hold still
        self._reach = 1.0  # half width of the shown square
        self.setRange(xRange=(-1.0, 1.0), yRange=(-1.0, 1.0), padding=0)
        self.refresh()

    def _moved(self, which: int, handle: pg.TargetItem) -> None:
        if self._updating:
            return
        self.dragging = True
        pos = handle.pos()
        x, y = float(pos.x()), float(pos.y())
        if self.bench.eig_mode == "real" and y != 0.0:
            self._updating = True  # keep real eigenvalues on the real axis
            handle.setPos(x, 0.0)
            self._updating = False
        self.on_drag(settings_for(self.bench.eig_mode, which, x, y))

    def _drag_done(self, *_: Any) -> None:
        self.dragging = False
        self.refresh()

    def handle_positions(self) -> list[tuple[float, float]]:
        """Where the handles should be for the bench's current controls."""
        b = self.bench
        if b.eig_mode == "real":
            return [(float(b.eig1), 0.0), (float(b.eig2), 0.0)]
        theta = math.radians(b.eig_angle_deg)
        return [(b.eig_mag * math.cos(theta), b.eig_mag * math.sin(theta))]

    def refresh(self) -> None:
        """Redraw from the bench: dots, handles, the 1/γ circle, a range holding them all."""
        b = self.bench
        eig = np.asarray(b.eigenvalues)
        self.dots.setData(eig.real, eig.imag)
        inv = 1.0 / b.gamma if b.gamma else 1.0
        self.inv_gamma.setData(*circle(min(inv, 10.0)))
        positions = self.handle_positions()
        self._updating = True
        try:
            for k, handle in enumerate(self.handles):
                handle.setVisible(k < len(positions))
                if k < len(positions) and not self.dragging:  # the pointer holds a dragged one
                    handle.setPos(*positions[k])
        finally:
            self._updating = False
        if b.eig_mode == "complex":
            x, y = positions[0]
            self.conjugate.setData([x], [-y])
        else:
            self.conjugate.setData([], [])
        if self.dragging:
            return
        reach = max([1.0, min(inv, LIMIT), *(abs(complex(*p)) for p in positions)])
        reach = min(reach * 1.15 + 0.1, LIMIT + 0.3)
        if abs(reach - self._reach) > 0.1 * self._reach:  # rescale only for a real change
            self._reach = reach
            self.setRange(xRange=(-reach, reach), yRange=(-reach, reach), padding=0)

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.unit.setPen(pg.mkPen(theme.grid, width=1.5))
        self.inv_gamma.setPen(pg.mkPen(theme.curve_2, width=1.5, style=pg.QtCore.Qt.DashLine))
        self.dots.setBrush(pg.mkBrush(theme.grid))
        self.conjugate.setPen(pg.mkPen(theme.curve, width=2))
        for handle in self.handles:
            handle.setPen(pg.mkPen(theme.curve, width=2))
