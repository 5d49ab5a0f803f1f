"""Clock box of the logic bench: ½ tick, Tick, Gate step, Settle, gate-step mode, Run at a rate.

Every button is a workbench action; *Run* is a client of the app's single timer
(:class:`logicsim_gui.animator.Animator`) that calls the ``tick`` action at the chosen rate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from logicsim_gui.controls import Bindings
from logicsim_gui.fit import ElidedLabel, FlowLayout, fix_width
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGroupBox,
    QPushButton,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench

BUTTONS = (  # action, label, tooltip
    ("half_tick", "½ tick", "Flip the clock once (rising or falling edge) and settle."),
    (
        "tick",
        "Tick",
        "One full clock cycle: rise, settle, fall, settle. With linked time, also one RNN step.",
    ),
    (
        "micro_step",
        "Gate step",
        "One unit-delay micro-step: gates whose inputs changed read, then all write. "
        "Gates that changed are outlined green.",
    ),
    (
        "settle",
        "Settle",
        "Micro-steps until nothing changes (stops and explains after an oscillation limit).",
    ),
)


class ClockControls(QGroupBox):
    """The clock buttons and readout, for one logic bench."""

    def __init__(
        self, workbench: Workbench, act: Callable[..., None], bindings: Bindings, animator=None
    ) -> None:
        super().__init__("Clock")
        self.bench = workbench.logic
        self.animator = animator
        first = second = FlowLayout(self)  # wraps on a narrow bench instead of widening it
        self.buttons: dict[str, QPushButton] = {}
        for name, label, tip in BUTTONS:
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, n=name: act(n))
            first.addWidget(button)
            self.buttons[name] = button
        self.linked = bindings.bind(QCheckBox("linked time"), "linked_time")
        first.addWidget(self.linked)
        self.gate_step_check = bindings.bind(QCheckBox("gate-step mode"), "gate_step")
        self.gate_step_check.setToolTip(
            "Inputs no longer settle at once: press Gate step to advance one unit delay at a time "
            "and "
            "watch which gates change (outlined green)."
        )
        second.addWidget(self.gate_step_check)
        self.run_button = QPushButton("Run ▶")
        self.run_button.setCheckable(True)
        self.run_button.setToolTip(
            "Tick the clock continuously at the chosen rate (pause: click again)."
        )
        self.run_button.toggled.connect(self._run_toggled)
        fix_width(self.run_button, ["Run ▶", "Pause ❚❚"])
        second.addWidget(self.run_button)
        self.rate = QDoubleSpinBox()
        self.rate.setRange(0.5, 50.0)
        self.rate.setValue(4.0)
        self.rate.setSuffix(" Hz")
        self.rate.setToolTip("Clock rate while running.")
        self.rate.valueChanged.connect(self._rate_changed)
        second.addWidget(self.rate)
        self.label = ElidedLabel(sample="cycle 0000 · clock 0 · micro-steps 00000")
        second.addWidget(self.label)
        if animator is not None:
            animator.add("logic", lambda: act("tick"), 1000.0 / self.rate.value())
            animator.activity.connect(self._animator_activity)

    def refresh(self) -> None:
        """Readout from the bench (the gate-step switch is a binding, pulled with the others)."""
        b = self.bench
        self.label.setText(f"cycle {b.cycle} · clock {b.clock} · micro-steps {b.micro_steps}")

    def _run_toggled(self, on: bool) -> None:
        if self.animator is not None and on != self.animator.is_active("logic"):
            self.animator.toggle("logic")

    def _animator_activity(self, name: str, active: bool) -> None:
        if name == "logic":
            blocked = self.run_button.blockSignals(True)
            self.run_button.setChecked(active)
            self.run_button.setText("Pause ❚❚" if active else "Run ▶")
            self.run_button.blockSignals(blocked)

    def _rate_changed(self, hz: float) -> None:
        if self.animator is not None:
            self.animator.set_period("logic", 1000.0 / hz)
