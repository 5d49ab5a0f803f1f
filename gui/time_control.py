"""The shared time control: ◀ ▶, a time slider, play/pause, and the linked tick.

A view of the recurrent bench's time step (``workbench.recurrent.time`` of ``T``) that also
drives the logic clock when ``workbench.linked_time`` is on: then *Tick* and *Play* call
``workbench.tick()``, which advances the logic clock one cycle and the RNN one step together.
Playing is an :class:`logicsim_gui.animator.Animator` client, so the app still has a single timer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings, ModelCalls
from logicsim_gui.fit import ElidedLabel, fix_width
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench


class TimeControl(QWidget, ModelCalls):
    """Bottom bar of the window."""

    def __init__(self, workbench: Workbench, animator, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.recurrent
        self.animator = animator
        self.status = status
        self.bindings = Bindings(workbench, status)
        self.back = QPushButton("◀")
        self.back.setToolTip("Step back one time step (←).")
        self.back.clicked.connect(self.step_back)
        self.forward = QPushButton("▶")
        self.forward.setToolTip(
            "Step forward one time step (→). With linked time, also one logic clock cycle."
        )
        self.forward.clicked.connect(self.step_forward)
        self.play = QPushButton("Play")
        self.play.setCheckable(True)
        self.play.setToolTip("Play / pause stepping through time (space).")
        self.play.toggled.connect(self._play_toggled)
        fix_width(self.play, ["Play", "Pause"])
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setMinimumWidth(80)
        self.bindings.bind(self.slider, "time")
        self.label = ElidedLabel(sample="t = 000 / 000")  # a long T never widens the bar
        self.speed = QSpinBox()
        self.speed.setRange(1, 60)
        self.speed.setValue(4)
        self.speed.setSuffix(" steps/s")
        self.speed.setToolTip("Playing speed.")
        self.speed.valueChanged.connect(lambda v: animator.set_period("time", 1000.0 / v))
        self.linked = self.bindings.bind(QCheckBox("linked time"), "linked_time")
        self.linked.setToolTip(
            "Linked time: a tick steps the logic clock one cycle and the RNN one time step "
            "together (clock tick ↔ time step t).\n\n" + self.linked.toolTip()
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("<b>Time</b>"))
        for w in (self.back, self.forward):
            w.setMinimumWidth(48)
            layout.addWidget(w)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.speed)
        layout.addWidget(self.linked)
        animator.add("time", self._advance, 1000.0 / self.speed.value())
        animator.activity.connect(self._activity)
        follow(self.bench.changed, self._on_changed, self)
        follow(workbench.changed, self._on_wb_changed, self)
        self.refresh()

    # -- actions -----------------------------------------------------------------------------
    def step_forward(self) -> None:
        """One step (a linked tick when time is linked)."""
        self._act("tick" if self.wb.linked_time else "step_forward")

    def step_back(self) -> None:
        """One step back (the logic clock is not reversible, so only the RNN steps back)."""
        self._act("step_back")

    def toggle_play(self) -> None:
        """Play if paused, pause if playing."""
        self.play.toggle()

    def _play_toggled(self, on: bool) -> None:
        if on and self.bench.time >= self.bench.T:
            self.wb.set("time", 0)  # replay from the start
        if on != self.animator.is_active("time"):
            self.animator.toggle("time")

    def _advance(self) -> None:
        if self.bench.time >= self.bench.T and not self.wb.linked_time:
            self.animator.stop("time")
            return
        self.step_forward()

    def _activity(self, name: str, active: bool) -> None:
        if name != "time":
            return
        blocked = self.play.blockSignals(True)
        self.play.setChecked(active)
        self.play.setText("Pause" if active else "Play")
        self.play.blockSignals(blocked)
        try:
            if bool(self.wb.get("playing")) != active:
                self.wb.set("playing", active)
        except Exception:  # noqa: BLE001 - the playing flag is informational
            pass

    # -- redraw ------------------------------------------------------------------------------
    def _on_changed(self, *reason: Any) -> None:
        self.refresh()

    def _on_wb_changed(self, bench: str = "", reason: str = "", *rest: Any) -> None:
        if bench in ("workbench", "") or reason == "linked_time":
            self.bindings.pull()

    def refresh(self) -> None:
        """Slider range and label from the bench."""
        T = int(self.bench.T)
        blocked = self.slider.blockSignals(True)
        self.slider.setRange(0, T)
        self.slider.blockSignals(blocked)
        self.bindings.pull()
        self.label.setText(f"t = {self.bench.time} / {T}")
