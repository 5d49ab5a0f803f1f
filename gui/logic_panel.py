"""Logic bench: circuit choice, input switches, clock buttons, schematic, timing diagram, truth
table.

A view of ``workbench.logic`` (:class:`logicsim.workbench.LogicBench`).  Every button calls a
workbench action; every redraw reads the bench.  ``changed("circuit")`` rebuilds the schematic
and the input switches; ``changed("values")`` only recolours.  An oscillation is shown as a
banner above the schematic with the bench's explanation and the toggling nets drawn thick —
never as a dialog.  The timing diagram is built and drawn the first time its tab is shown (or
:attr:`LogicPanel.waveform` is read); until then a tick does not redraw it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from logicsim_gui.bridge import follow
from logicsim_gui.circuit_spec import circuit_at, drawn_gates, spec_of
from logicsim_gui.clock_controls import ClockControls
from logicsim_gui.controls import Bindings, ModelCalls
from logicsim_gui.fit import ElidedLabel, FitTabs, FlowLayout, fix_width, labelled
from logicsim_gui.lazy import LazyPage
from logicsim_gui.palette import LIGHT, Theme, wire_colour
from logicsim_gui.schematic import SchematicView
from logicsim_gui.truth_table import TruthTableView
from logicsim_gui.waveform import WaveformView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench

OPEN_FILE = "Open circuit file…"


#: Least height of the schematic / timing / truth-table tabs, pixels at 100 % zoom.
TABS_MIN_HEIGHT = 220


class LogicPanel(QWidget, ModelCalls):
    """The left bench."""

    def __init__(self, workbench: Workbench, animator=None, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.logic
        self.animator = animator
        self.status = status
        self.theme: Theme = LIGHT
        self.bindings = Bindings(workbench, status)
        self._last_micro_steps = -10

        self.circuit_box = QGroupBox("Circuit")
        top = FlowLayout(self.circuit_box)  # Reset moves under the names on a narrow bench
        self.circuit_combo = QComboBox()
        self.circuit_combo.setToolTip(
            "Choose a circuit from the library, or open a circuit file (TOML)."
        )
        self.circuit_combo.addItems([*self._library(), OPEN_FILE])
        self.circuit_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.circuit_combo.setMinimumContentsLength(10)  # long names do not widen the bench
        self.circuit_combo.activated.connect(self._choose_circuit)
        top.addWidget(self.circuit_combo)
        top.addWidget(labelled("initial state", self.bindings.bind(QComboBox(), "initial_state")))
        reset = QPushButton("Reset")
        reset.setToolTip(
            "Reload the circuit with the chosen initial state of its latches and flip-flops."
        )
        reset.clicked.connect(lambda: self._act("reset"))
        top.addWidget(reset)

        self.inputs_box = QGroupBox("Inputs (click to toggle)")
        self.inputs_layout = FlowLayout(self.inputs_box)  # many inputs wrap, never widen
        self.input_buttons: dict[str, QPushButton] = {}

        self.clock_box = ClockControls(workbench, self._act, self.bindings, animator)
        self.buttons = self.clock_box.buttons
        self.run_button = self.clock_box.run_button
        self.linked = self.clock_box.linked
        self.gate_step_check = self.clock_box.gate_step_check
        self.clock_label = self.clock_box.label

        self.banner = ElidedLabel()  # one line; the whole explanation is its tooltip
        self.banner.setVisible(False)
        self.drill_bar = QWidget()
        drill = QHBoxLayout(self.drill_bar)
        drill.setContentsMargins(0, 0, 0, 0)
        self.drill_label = QLabel()
        up = QPushButton("↑ back to top level")
        up.setToolTip("Leave the instance and show the whole circuit again.")
        up.clicked.connect(lambda: self._set("drill", ""))
        drill.addWidget(self.drill_label, 1)
        drill.addWidget(up)
        self.drill_bar.setVisible(False)

        self.schematic = SchematicView()
        self.schematic.input_clicked.connect(lambda net: self._act("toggle", net=net))
        self.schematic.gate_activated.connect(self._drill_into)
        schem_page = QWidget()
        sl = QVBoxLayout(schem_page)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.banner)
        sl.addWidget(self.drill_bar)
        sl.addWidget(self.schematic, 1)
        self.zoom = 1.0
        # the timing diagram is built (and drawn) when its tab is first shown, or when read
        self._wave_slot = LazyPage(self._new_waveform)
        self.watch_button = QToolButton()
        self.watch_button.setText("Nets shown…")
        self.watch_button.setPopupMode(QToolButton.InstantPopup)
        self.watch_button.setToolTip(
            "Choose the nets drawn in the timing diagram (none checked: inputs, clocks "
            "and outputs)."
        )
        self.watch_menu = QMenu(self.watch_button)
        self.watch_button.setMenu(self.watch_menu)
        wave_page = QWidget()
        wl = QVBoxLayout(wave_page)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.addWidget(self.watch_button, 0, Qt.AlignLeft)
        wl.addWidget(self._wave_slot, 1)
        self.truth_view = TruthTableView()
        self.truth_table = self.truth_view.table
        tt_page = self.truth_view
        self.tabs = FitTabs()
        self.tabs.addTab(schem_page, "Schematic")
        self.tabs.addTab(wave_page, "Timing diagram")
        self.tabs.addTab(tt_page, "Truth table")
        self.truth_page = tt_page

        for box in (self.circuit_box, self.inputs_box, self.clock_box):
            box.layout().setContentsMargins(6, 4, 6, 4)  # more height for the schematic
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.circuit_box)
        layout.addWidget(self.inputs_box)
        layout.addWidget(self.clock_box)
        layout.addWidget(self.tabs, 1)
        # on a short screen the bench scrolls rather than squeezing the schematic to a strip
        self.tabs.setMinimumHeight(TABS_MIN_HEIGHT)
        follow(self.bench.changed, self._on_changed, self)
        follow(workbench.changed, self._on_workbench_changed, self)
        self.rebuild()

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _library() -> list[str]:
        try:
            from logicsim.logic import library_names
        except ImportError:  # pragma: no cover - the logic core is still being written
            return []
        return list(library_names())

    def _choose_circuit(self, index: int) -> None:
        text = self.circuit_combo.itemText(index)
        if text == OPEN_FILE:
            path, _ = QFileDialog.getOpenFileName(
                self, "Open circuit", "", "Circuit files (*.toml)"
            )
            if not path:
                self._sync_combo()
                return
            text = path
        self._set("circuit", text)
        self._sync_combo()

    def _sync_combo(self) -> None:
        name = self.bench.circuit_name
        blocked = self.circuit_combo.blockSignals(True)
        if self.circuit_combo.findText(name) < 0:
            self.circuit_combo.insertItem(self.circuit_combo.count() - 1, name)
        self.circuit_combo.setCurrentText(name)
        self.circuit_combo.blockSignals(blocked)

    def _drill_into(self, gate: str) -> None:
        drill = getattr(self.bench, "drill", "") or ""
        local = gate[len(drill) + 1 :] if drill and gate.startswith(drill + ".") else gate
        names = {inst.name for inst in getattr(self._shown_circuit(), "instances", ())}
        if local in names:
            self._set("drill", f"{drill}.{local}" if drill else local)
        elif self.status:
            self.status(f"{gate} is a primitive gate: nothing inside to show")

    def _shown_circuit(self) -> Any:
        """The circuit definition drawn now: the top level, or the instance at ``bench.drill``."""
        return circuit_at(self.bench.circuit, getattr(self.bench, "drill", "") or "")

    # -- redraw ----------------------------------------------------------------------------
    def _on_changed(self, reason: str = "values", *rest: Any) -> None:
        if reason in ("circuit", "drill"):
            self.rebuild()
        elif reason == "watch":
            watched = set(self.bench.watch or [])
            for action in self.watch_menu.actions():
                blocked = action.blockSignals(True)
                action.setChecked(action.text() in watched)
                action.blockSignals(blocked)
            self.refresh()
        else:
            self.refresh()

    def _on_workbench_changed(self, bench: str = "", *rest: Any) -> None:
        if bench == "workbench":  # linked_time and other workbench-level settings
            self.bindings.pull()

    def rebuild(self) -> None:
        """New circuit or drill level: rebuild switches, schematic and truth table."""
        b = self.bench
        self._sync_combo()
        while self.inputs_layout.count():
            item = self.inputs_layout.takeAt(0)
            if item.widget() is not None:  # detach now: a deferred delete would still be drawn
                item.widget().hide()
                item.widget().setParent(None)
                item.widget().deleteLater()
        self.input_buttons = {}
        for net in b.input_names:
            button = QPushButton(f"{net} = X")
            button.setToolTip(f"input {net}: click to toggle 0 ↔ 1")
            button.clicked.connect(lambda _=False, n=net: self._act("toggle", net=n))
            self.inputs_layout.addWidget(button)
            self.input_buttons[net] = button
            self._style_input(button, None)
            fix_width(button, [f"{net} = {v}" for v in "01X"], pad=36)
        drill = getattr(b, "drill", "") or ""
        self.schematic.set_spec(spec_of(self._shown_circuit(), f"{drill}." if drill else ""))
        self.drill_bar.setVisible(bool(drill))
        self.drill_label.setText(f"Inside instance <b>{drill}</b> (live values while it runs)")
        self._fill_truth_table()
        self._fill_watch_menu()
        self.refresh()

    def _fill_watch_menu(self) -> None:
        self.watch_menu.clear()
        watched = set(self.bench.watch or [])
        for net in self.bench.net_names:
            action = self.watch_menu.addAction(net)
            action.setCheckable(True)
            action.setChecked(net in watched)
            action.toggled.connect(self._watch_changed)

    def _watch_changed(self, *_: Any) -> None:
        nets = [a.text() for a in self.watch_menu.actions() if a.isChecked()]
        self._set("watch", nets)

    def _fill_truth_table(self) -> None:
        if self.bench.combinational:
            self.truth_view.show_table(*self.bench.truth_table())
        else:
            self.truth_view.show_sequential()

    def refresh(self) -> None:
        """Recolour from current values (called on every ``values`` change)."""
        b = self.bench
        self.bindings.pull()
        values = dict(b.values())
        drill = getattr(b, "drill", "") or ""
        if drill:
            inner = b.inner_nets(drill)
            values.update(
                {(k if k.startswith(drill + ".") else f"{drill}.{k}"): v for k, v in inner.items()}
            )
        self.schematic.oscillating_nets = set(getattr(b, "oscillating_nets", []) or [])
        self.schematic.set_values(values)
        steps = int(b.micro_steps)
        gate_step = bool(getattr(b, "gate_step", False)) or steps == self._last_micro_steps + 1
        self._last_micro_steps = steps
        self.schematic.set_changed(
            drawn_gates(b.changed_gates, self.schematic._gates) if gate_step else set()
        )
        for net, button in self.input_buttons.items():
            v = values.get(net)
            text = "X" if v not in (0, 1) else str(v)
            button.setText(f"{net} = {text}")
            self._style_input(button, v)
        self.clock_box.refresh()
        if b.oscillating:
            text = str(b.oscillation_text)
            if not text.lower().startswith("oscillation"):
                text = f"Oscillation: {text}"
            self.banner.setText(f"⚠ {text}")
            self.banner.setStyleSheet(
                f"QLabel {{ background: {self.theme.wire_x}; color: black; padding: 6px; "
                "border-radius: 4px; font-weight: bold; }"
            )
            self.banner.setVisible(True)
        else:
            self.banner.setVisible(False)
        if self._wave_slot.is_built:  # (drawn when it is built)
            self._draw_waveform(self.waveform)
        self.truth_view.mark(values)

    @property
    def waveform(self) -> WaveformView:
        """The timing diagram (built now if its tab has not been shown yet)."""
        return self._wave_slot.page()

    def _new_waveform(self) -> WaveformView:
        view = WaveformView()
        if self.zoom != 1.0:
            view.apply_zoom(self.zoom)
        if self.theme is not LIGHT:
            view.apply_theme(self.theme)
        self._draw_waveform(view)
        return view

    def _draw_waveform(self, view: WaveformView) -> None:
        b = self.bench
        times = getattr(b, "sample_times", None)
        times = times() if callable(times) else times
        view.set_waveform(b.waveform(), times)

    def _style_input(self, button: QPushButton, value: Any) -> None:
        colour = wire_colour(self.theme, value)
        button.setStyleSheet(
            f"QPushButton {{ border: 3px solid {colour}; border-radius: 4px; "
            f"font-weight: bold; padding: 4px; }}"
        )

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.theme = theme
        self.schematic.apply_theme(theme)
        self.refresh()

    def apply_zoom(self, factor: float) -> None:
        """The app's zoom (1.0 = 100 %): schematic, timing diagram and truth table scale."""
        self.zoom = float(factor)  # also for the timing diagram when it is built
        views = [self.schematic, self.truth_view]
        if self._wave_slot.is_built:
            views.append(self.waveform)
        for view in views:
            view.apply_zoom(factor)
        self.tabs.setMinimumHeight(round(TABS_MIN_HEIGHT * factor))
