"""Recurrent bench: cell and sequence choice, the unrolled heatmaps, gate bars, backward view.

A view of ``workbench.recurrent`` (:class:`logicsim.workbench.RecurrentBench`).  On
``changed("model")`` everything is redrawn from the bench's arrays; on ``changed("time")``
only the markers, the veil over future steps and the per-step bars move.  Heatmaps show the
bench's arrays over t = 0..T (column 0: the initial state h[0], c[0]) in the core's colour
scales (``logicsim.workbench.heatmap.colour_scale``): diverging about 0 for h, c and the tanh
candidate g, sequential 0..1 for the gates i, f, o.  They sit in two tabs, *States* (h, c) and
*Gates* (i, f, g, o): six stacked heatmaps do not fit a 720-pixel-high window at a readable row
height (18 px per unit), and each tab then holds one kind of colour scale, with identical time
columns so that switching tabs compares the same step.  The backward view plots
``dh_norm_log10`` = log10 ||dL/dh[t]|| from the bench's real backward pass.

Only h's heatmap is built at start: c's is built when an LSTM is first shown, the gates' when
their tab is first shown (:mod:`logicsim_gui.lazy`), or whenever ``heatmaps[q]`` is read.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings, ModelCalls
from logicsim_gui.fit import (
    ElidedLabel,
    FlowLayout,
    keep_wrapped_height,
    labelled,
    zoomed_width,
)
from logicsim_gui.heatmap import HeatmapView, time_ticks
from logicsim_gui.lazy import LazyPage, OnDemand
from logicsim_gui.palette import LIGHT, Theme
from logicsim_gui.plots import ThemedPlot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from logicsim.workbench.heatmap import colour_scale

QUANTITIES = ("h", "c", "i", "f", "g", "o")  # heatmaps (c and the gates only for the LSTM)
STATES, GATES = ("h", "c"), ("i", "f", "g", "o")  # the two heatmap tabs
TITLES = {
    "h": "hidden state h[t]",
    "c": "cell state c[t]",
    "i": "input gate i[t]",
    "f": "forget gate f[t]",
    "g": "candidate g[t] (tanh)",
    "o": "output gate o[t]",
}
BARS_HEIGHT = 100  # least height of the bars at step t, pixels at 100 % zoom
TIPS = {
    "h": "Each row is one hidden unit, each column one time step t = 0..T (t = 0: the initial "
    "state h[0]); the input symbol x[t] is written above its column. Colour: blue "
    "negative, white 0, red positive, on the fixed range −1…1 (colour bar on the right). "
    "The green line marks the current step; later steps are veiled until reached.",
    "c": "Cell state c[t], t = 0..T: blue negative, white 0, red positive, on a range "
    "symmetric about 0 set by the largest |c| (colour bar on the right).",
    **{
        q: f"Gate {q}[t] = σ(·), t = 1..T: dark = closed (0), bright yellow = open (1). "
        "Column t = 0 is empty: the gates act from step 1 on."
        for q in ("i", "f", "o")
    },
    "g": "Candidate g[t] = tanh(·), t = 1..T: blue −1, white 0, red +1.",
}
BAR_COLOURS = {
    "h": "#0072B2",
    "c": "#D55E00",
    "i": "#009E73",
    "f": "#E69F00",
    "g": "#56B4E9",
    "o": "#CC79A7",
}


class RecurrentPanel(QWidget, ModelCalls):
    """The right bench: settings on top, heatmaps, bars at step t and dL/dh[t] below."""

    def __init__(self, workbench: Any, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.recurrent
        self.theme: Theme = LIGHT
        self.bindings = Bindings(workbench, status)
        b = self.bindings

        # The choices flow: on a narrow bench (a 1366 px screen at 150 %) they wrap onto
        # another row instead of making the bench scroll sideways.
        self.cell_box = QGroupBox("Cell")
        cell = FlowLayout(self.cell_box)
        for label, widget, name in (
            ("", QComboBox(), "cell"),
            ("g", QComboBox(), "nonlinearity"),
            ("H", QSpinBox(), "hidden_size"),
            ("seed", QSpinBox(), "seed"),
        ):
            if isinstance(widget, QSpinBox):
                zoomed_width(widget, 56, "min")
            bound = b.bind(widget, name)
            cell.addWidget(labelled(label, bound) if label else bound)

        self.sequence_box = QGroupBox("Input sequence")
        seq = QVBoxLayout(self.sequence_box)
        choices = FlowLayout()
        choices.addWidget(b.bind(QComboBox(), "task"))
        choices.addWidget(b.bind(QComboBox(), "difficulty"))
        self.new_button = QPushButton("New sequence")
        self.new_button.setToolTip(
            "Draw a fresh sequence from the task generator (next data seed)."
        )
        self.new_button.clicked.connect(lambda: self._act("new_sequence"))
        choices.addWidget(self.new_button)
        choices.addWidget(labelled("data seed", b.bind(QSpinBox(), "data_seed")))
        seq.addLayout(choices)
        self.sequence_edit = b.bind(QLineEdit(), "sequence")
        self.sequence_edit.setPlaceholderText(
            "type symbols, e.g. BbXcYdE (X Y a b c d B E) or 0110 for echo"
        )
        symbols = QHBoxLayout()
        symbols.addWidget(QLabel("symbols"))
        symbols.addWidget(self.sequence_edit, 1)
        seq.addLayout(symbols)

        # h now; c with the first LSTM; the gates when their tab is first shown
        self.zoom = 1.0
        self.heatmaps = OnDemand(
            {
                "h": lambda: self._new_heatmap("h"),
                "c": self._new_c,
                **{q: lambda q=q: self._gates_page.page().views[q] for q in GATES},
            }
        )
        self._gates_page = LazyPage(self._new_gates)
        self.heatmap_area = QTabWidget()  # States | Gates (see the module docstring)
        self.heatmap_area.setDocumentMode(True)
        states = QWidget()
        self._states_layout = QVBoxLayout(states)
        self._states_layout.setContentsMargins(0, 0, 0, 0)
        self._states_layout.setSpacing(0)
        self._states_layout.addWidget(self.heatmaps["h"])
        self._states_layout.addStretch(1)
        for page, name in ((states, "States h, c"), (self._gates_page, "Gates i, f, g, o")):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.NoFrame)
            scroll.setWidget(page)
            self.heatmap_area.addTab(scroll, name)

        self.bars = ThemedPlot("values at t")  # short: the box may be narrow
        self.bar_items = {}
        for q in QUANTITIES:  # colours keyed by the ■ marks of the step label
            item = pg.BarGraphItem(x=[], height=[], width=0.15, brush=BAR_COLOURS[q])
            self.bars.addItem(item)
            self.bar_items[q] = item
        self.bars.setYRange(-1.05, 1.05)
        self.bars.setLabel("bottom", "unit")
        self.bars.setMinimumHeight(BARS_HEIGHT)
        self.step_label = QLabel()
        self.step_label.setWordWrap(True)
        self.step_label.setTextFormat(Qt.RichText)
        self.gates_box = QGroupBox("At step t")
        gl = QHBoxLayout(self.gates_box)
        self.step_label.setMinimumWidth(260)
        left = QVBoxLayout()
        left.addWidget(self.step_label)
        self.override_box = QWidget()
        ol = FlowLayout(self.override_box)  # wraps on a narrow bench instead of widening it
        ol.setContentsMargins(0, 0, 0, 0)
        ol.addWidget(QLabel("force from t+1:"))
        self.overrides: dict[str, tuple[QCheckBox, QDoubleSpinBox]] = {}
        for g in ("i", "f", "o"):
            check = QCheckBox(g)
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 1.0)
            spin.setSingleStep(1.0)
            spin.setDecimals(2)
            tip = (
                f"Saturate the LSTM gate {g} at this value for steps t+1..T, the steps not taken "
                "yet (unchecked: the learned gate). Memory control as in the lecture: write "
                "i=1 f=0, keep i=0 f=1, reset i=0 f=0, output off o=0."
            )
            check.setToolTip(tip)
            spin.setToolTip(tip)
            check.toggled.connect(lambda _=False, g=g: self._override_changed(g))
            spin.valueChanged.connect(lambda _=0.0, g=g: self._override_changed(g))
            pair = QWidget()  # a gate's check box and its value stay together
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 0, 0)
            pair_row.addWidget(check)
            pair_row.addWidget(spin)
            ol.addWidget(pair)
            self.overrides[g] = (check, spin)
        left.addWidget(self.override_box)
        gl.addLayout(left, 3)  # the numbers get the room first: fewer wrapped lines
        gl.addWidget(self.bars, 2)
        keep_wrapped_height(self.gates_box)  # its rows wrap on a narrow bench: never cut them

        self.backward_plot = ThemedPlot("backward: log₁₀ ‖∂L/∂h[t]‖ (loss at the last step)")
        self.backward_plot.setLabel("bottom", "t")
        self.dh_curve = self.backward_plot.plot(
            [], [], pen=pg.mkPen(LIGHT.curve_2, width=3), symbol="o", symbolSize=5
        )
        self.dh_marker = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen("#009E73", width=2))
        self.backward_plot.addItem(self.dh_marker)
        self.backward_button = QPushButton("Backward pass")
        self.backward_button.setToolTip(
            "Run BPTT from the loss at the last step: δh[t] = ∂L/∂h[t], "
            "δh[t-1] = W_hhᵀ (g′(a[t]) ⊙ δh[t])."
        )
        self.backward_button.clicked.connect(lambda: self._act("backward"))
        self.live_backward = QCheckBox("recompute after every change")
        self.live_backward.setChecked(True)
        self.live_backward.setToolTip(
            "Run the backward pass again whenever the cell, weights or sequence change."
        )
        self.backward_info = ElidedLabel()  # a long verdict never widens the bench
        self.backward_box = QGroupBox("Backward")
        bl = QVBoxLayout(self.backward_box)
        row = QHBoxLayout()
        row.addWidget(self.backward_button)
        row.addWidget(self.live_backward)
        row.addWidget(self.backward_info, 1)
        bl.addLayout(row)
        bl.addWidget(self.backward_plot, 1)

        self.views = QTabWidget()
        self.views.addTab(self.heatmap_area, "Unrolled (forward)")
        self.views.addTab(self.backward_box, "Backward")
        lower = QSplitter(Qt.Vertical)
        lower.addWidget(self.views)
        lower.addWidget(self.gates_box)
        lower.setSizes([620, 200])

        top = QVBoxLayout()
        top.setSpacing(2)
        top.addWidget(self.cell_box)
        top.addWidget(self.sequence_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(lower, 1)
        self.status = status
        follow(self.bench.changed, self._on_changed, self)
        self._ensure_backward()
        self.refresh()

    # -- heatmaps built on first use ---------------------------------------------------------
    def _new_heatmap(self, q: str) -> HeatmapView:
        """Heatmap ``q``, as it is set up in its tab, at the panel's zoom and palette."""
        view = HeatmapView(TITLES[q])
        group = STATES if q in STATES else GATES
        if q != group[0]:
            view.setXLink(self.heatmaps[group[0]])
            view.symbols_on_top = False  # named once, on the first
        if q in ("c", "o"):
            view.setLabel("bottom", "time step t")
        view.setToolTip(TIPS[q])
        if self.zoom != 1.0:
            view.apply_zoom(self.zoom)
        if self.theme is not LIGHT:
            view.apply_theme(self.theme)
        return view

    def _new_c(self) -> HeatmapView:
        """The heatmap of c, under h's (hidden until drawn)."""
        view = self._new_heatmap("c")
        view.setVisible(False)
        self._states_layout.insertWidget(1, view)
        self.heatmaps.add("c", view)
        self._draw_heatmap("c", view)
        return view

    def _new_gates(self) -> QWidget:
        """The Gates tab's page: the heatmaps of i, f, g, o, drawn from the bench."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        page.views = {}  # type: ignore[attr-defined]
        for q in GATES:  # i first: the others link their time axis to it
            view = page.views[q] = self._new_heatmap(q)
            self.heatmaps.add(q, view)
            layout.addWidget(view)
        layout.addStretch(1)
        for q in GATES:
            self._draw_heatmap(q, page.views[q])
        self._keep_a_heatmap_whole()  # the gates count now that they exist
        return page

    def _draw_heatmap(self, q: str, view: HeatmapView) -> None:
        """Show the bench's values of ``q`` in ``view`` (hidden when the cell has none)."""
        b = self.bench
        lstm = b.cell_type == "lstm"
        values = self._raw(q) if (q == "h" or lstm) else None
        view.setVisible(values is not None)
        if values is not None:
            bounded = lstm or getattr(b, "nonlinearity", "tanh") != "relu"  # ReLU: h ≥ 0, any size
            view.set_values(values, colour_scale(q, values, bounded), self._symbols())
            view.set_time(int(b.time))

    # -- actions ---------------------------------------------------------------------------
    def _override_changed(self, gate: str) -> None:
        check, spin = self.overrides[gate]
        value = float(spin.value()) if check.isChecked() else None
        if self.wb.get(f"gate.{gate}") != value:
            self._set(f"gate.{gate}", value)

    def _pull_overrides(self) -> None:
        for g, (check, spin) in self.overrides.items():
            value = self.wb.get(f"gate.{g}")
            for w in (check, spin):
                w.blockSignals(True)
            check.setChecked(value is not None)
            if value is not None:
                spin.setValue(float(value))
            for w in (check, spin):
                w.blockSignals(False)

    def _ensure_backward(self) -> None:
        from logicsim.errors import LogicsimError

        self._backward_error = ""
        if self.live_backward.isChecked() and getattr(self.bench, "dh", None) is None:
            try:
                self.bench.backward()
            except LogicsimError as exc:  # e.g. a typed sequence with no target: say so in the view
                self._backward_error = str(exc)

    # -- redraw ----------------------------------------------------------------------------
    def _on_changed(self, reason: str = "model", *rest: Any) -> None:
        if reason == "time":
            self.refresh_time()
            return
        if reason == "model":
            self._ensure_backward()
        self.refresh()

    def refresh(self) -> None:
        """Redraw everything from the bench."""
        b = self.bench
        self.bindings.pull()
        lstm = b.cell_type == "lstm"
        self.bindings.items["nonlinearity"].widget.setEnabled(not lstm)
        self.override_box.setVisible(lstm)
        self._pull_overrides()
        self.bindings.items["difficulty"].widget.setEnabled(b.task == "temporal-order")
        if lstm:
            self.heatmaps["c"]  # noqa: B018 - built with the first LSTM (and drawn below)
        for q, view in self.heatmaps.made().items():  # the gates are drawn when built
            self._draw_heatmap(q, view)
        self._keep_a_heatmap_whole()
        # the bars share the heatmaps' ranges: a ReLU h or an LSTM c beyond 1 is not clipped
        shown = [
            v.scale.hi for q, v in self.heatmaps.made().items() if q in "hc" and not v.isHidden()
        ]
        self.bars.setYRange(-1.05 * max([1.0, *shown]), 1.05 * max([1.0, *shown]))
        self.heatmap_area.setTabVisible(1, lstm)
        self.heatmap_area.setTabText(0, "States h, c" if lstm else "Hidden state h")
        if lstm:  # the time axis is named under c, the last heatmap of the tab
            self.heatmaps["h"].getAxis("bottom").showLabel(False)
        else:
            self.heatmaps["h"].setLabel("bottom", "time step t")
        for q in ("c", "i", "f", "g", "o"):
            self.bar_items[q].setVisible(lstm)
        dh = getattr(b, "dh_norm_log10", None)
        if dh is not None:
            self.dh_curve.setData(np.arange(len(dh)), np.asarray(dh, float))
            self.backward_plot.getAxis("bottom").setTicks([time_ticks(len(dh) - 1), []])
            loss = getattr(b, "loss", None)
            target, prediction = getattr(b, "target", None), getattr(b, "prediction", None)
            text = f"loss L = {loss:.4f}" if loss is not None else ""
            if target is not None:
                verdict = "right" if prediction == target else "wrong"
                text += f" · target {target}, predicted {prediction} ({verdict})"
            self.backward_info.setText(text)
        else:
            self.dh_curve.setData([], [])
            self.backward_info.setText(
                getattr(self, "_backward_error", "") or "press Backward pass"
            )
        self.refresh_time()

    def _raw(self, q: str) -> np.ndarray | None:
        """Values of heatmap ``q`` over t = 0..T, shape (T+1, H); gates have NaN at t = 0."""
        b = self.bench
        if q == "h":
            return np.asarray(b.h, float)  # (T+1, H)
        if q == "c":
            return None if b.c is None else np.asarray(b.c, float)  # (T+1, H)
        gates = getattr(b, "gates", None) or {}
        if q not in gates:
            return None
        g = np.asarray(gates[q], float)  # (T, H), row t-1 = step t
        return np.vstack([np.full((1, g.shape[1]), np.nan), g])  # (T+1, H)

    def _symbols(self) -> list[str] | None:
        seq = getattr(self.bench, "symbols", None)
        if seq is None:
            text = self.bench.sequence if isinstance(self.bench.sequence, str) else None
            seq = list(text) if text else None
        return list(seq) if seq is not None else None

    def refresh_time(self) -> None:
        """Move the step markers and redraw the bars for the current step."""
        b = self.bench
        t = int(b.time)
        for view in self.heatmaps.made().values():
            view.set_time(t)  # column t holds step t (column 0: the initial state)
        self.dh_marker.setPos(t)
        values = b.values_at()
        lstm = b.cell_type == "lstm"
        quantities = [q for q in QUANTITIES if (q == "h" or lstm) and values.get(q) is not None]
        width = 0.8 / max(len(quantities), 1)
        for k, q in enumerate(QUANTITIES):
            v = values.get(q)
            if q in quantities:
                v = np.asarray(v, float)  # (H,)
                x = np.arange(v.shape[0]) + (k - (len(quantities) - 1) / 2) * width
                self.bar_items[q].setOpts(x=x, height=v, width=width * 0.9)
            else:
                self.bar_items[q].setOpts(x=[], height=[])
        symbol = values.get("x", "")
        rows = [
            f"<b>t = {t}</b> of T = {b.T} &nbsp; input x[t] = "
            f"<b>{symbol or '— (initial state)'}</b>"
        ]
        for q in quantities:
            v = np.asarray(values[q], float)
            # rounded first, then + 0.0: a tiny negative value reads +0.00, not -0.00
            shown = ", ".join(f"{round(float(x), 2) + 0.0:+.2f}" for x in v[:6])
            shown += " …" if v.shape[0] > 6 else ""
            rows.append(f"<span style='color:{BAR_COLOURS[q]}'>■</span> {q} = [{shown}]")
        H = len(np.asarray(values["h"]))
        self.bars.getAxis("bottom").setTicks([[(u, str(u)) for u in range(H)]] if H <= 16 else None)
        self.step_label.setText("<br>".join(rows))
        self.gates_box.setToolTip(
            "LSTM: i, f, o = σ(·), g = tanh(·); c[t] = f⊙c[t−1] + i⊙g, h[t] = o⊙tanh(c[t]).\n"
            "RNN: h[t] = g(W_ih x[t] + W_hh h[t−1] + b)."
        )

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.theme = theme
        self.dh_curve.setPen(pg.mkPen(theme.curve_2, width=3))

    def _keep_a_heatmap_whole(self) -> None:
        """The heatmap tabs are at least as tall as their tallest heatmap, and the States tab
        as tall as h and c together (an LSTM step asks about both): on a short screen the
        bench scrolls, rather than a heatmap being cut inside its tab."""
        heatmaps = getattr(self.heatmaps, "made", lambda: self.heatmaps)()  # built ones only
        shown = {q: v.minimumHeight() for q, v in heatmaps.items() if not v.isHidden()}
        states = sum(shown.get(q, 0) for q in STATES)
        tallest = max([states, *shown.values()], default=0)
        bars = (
            self.views.tabBar().sizeHint().height() + self.heatmap_area.tabBar().sizeHint().height()
        )
        self.views.setMinimumHeight(tallest + bars + 12)

    def apply_zoom(self, factor: float) -> None:
        """The app's zoom (1.0 = 100 %): heatmap fonts, colour bars and row heights scale."""
        self.zoom = float(factor)  # also for the heatmaps built later
        for view in self.heatmaps.made().values():
            view.apply_zoom(factor)
        self._keep_a_heatmap_whole()
        self.bars.setMinimumHeight(round(BARS_HEIGHT * factor))
