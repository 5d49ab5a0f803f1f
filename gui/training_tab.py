"""Training tab: RNN vs LSTM on temporal order or echo, off the GUI thread, with live curves.

A view of ``workbench.training`` (:class:`logicsim.workbench.TrainingBench`).  *Train* starts
``bench.run()`` on a ``QThread``; the bench's ``progress`` and ``changed`` events fire on that
thread and reach the view through :class:`logicsim_gui.bridge.EventBridge` (a queued Qt signal), so
the GUI thread only redraws.  *Cancel* calls the bench's thread-safe ``cancel()``.  Curves show the
mean over seeds with the min-max spread as a band.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings
from logicsim_gui.fit import ElidedLabel, fix_width
from logicsim_gui.plots import ThemedPlot
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from logicsim.vocab import CELLS

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench
    from logicsim.workbench.training_bench import TrainingBench

MODEL_COLOURS = {"rnn": "#0072B2", "lstm": "#D55E00"}
SWITCH_INTERVAL = 0.001  # seconds between GIL hand-overs while training (Python's default: 0.005)
METRICS = (
    ("train_loss", "loss"),
    ("test_loss", "loss"),
    ("train_accuracy", "acc"),
    ("test_accuracy", "acc"),
)


def _lower_priority_of_this_thread(nice: int = 10) -> None:
    """Let the OS prefer the GUI thread when both want a CPU (Linux: per-thread nice value)."""
    import os
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    except (AttributeError, OSError):  # not Linux, or not allowed: only a little less smooth
        pass


class TrainWorker(QObject):
    """Runs ``bench.run()`` on the thread it is moved to; reports the outcome."""

    finished = Signal(object)  # None on success, else the exception

    def __init__(self, bench: TrainingBench) -> None:
        super().__init__()
        self.bench = bench

    @Slot()
    def run(self) -> None:
        _lower_priority_of_this_thread()
        try:
            self.bench.run()
        except Exception as exc:  # noqa: BLE001 - reported to the user, never lost
            self.finished.emit(exc)
        else:
            self.finished.emit(None)


class TrainingTab(QWidget):
    """Configuration, Train / Cancel, progress and the loss/accuracy curves."""

    def __init__(self, workbench: Workbench, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.training
        self.status = status
        self.bindings = Bindings(workbench, status)
        b = self.bindings
        box = QGroupBox("Configuration")
        grid = QGridLayout(box)
        self.model_checks = {}
        models = QHBoxLayout()
        for m in CELLS:
            check = QCheckBox(m.upper())
            check.setToolTip(f"Train the {m.upper()} (hidden size below) with a linear head.")
            check.toggled.connect(self._models_toggled)
            self.model_checks[m] = check
            models.addWidget(check)
        fields = (
            ("task", QComboBox(), "train.task"),
            ("difficulty", QComboBox(), "train.difficulty"),
            ("RNN g", QComboBox(), "train.nonlinearity"),
            ("hidden", QSpinBox(), "train.hidden_size"),
            ("epochs", QSpinBox(), "train.epochs"),
            ("seeds", QSpinBox(), "train.seeds"),
            ("first seed", QSpinBox(), "train.seed"),
            ("batches/epoch", QSpinBox(), "train.batches"),
            ("echo delay", QSpinBox(), "train.echo_step"),
            ("learning rate", QDoubleSpinBox(), "train.lr"),
        )
        grid.addWidget(QLabel("models"), 0, 0)
        grid.addLayout(models, 0, 1)
        for k, (label, widget, name) in enumerate(fields, start=1):
            if isinstance(widget, QDoubleSpinBox):
                widget.setDecimals(5)
                widget.setSingleStep(0.0005)
            grid.addWidget(QLabel(label), k // 2 * 1, 2 * (k % 2))
            grid.addWidget(b.bind(widget, name), k // 2 * 1, 2 * (k % 2) + 1)
        self.train_button = QPushButton("Train")
        self.train_button.setToolTip(
            "Train every checked model for the chosen epochs and seeds (off the GUI thread)."
        )
        self.train_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop after the current batch; what was trained is kept.")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.info = ElidedLabel(sample="RNN 100 %, LSTM 100 % test accuracy")  # never widens
        self.use_button = QPushButton("Show trained LSTM on the bench")
        self.use_button.setToolTip(
            "Load the weights of the first seed of the last trained model into the "
            "recurrent bench, to step through what it learned (cell-state heatmap)."
        )
        self.use_button.clicked.connect(self.use_trained)
        fix_width(
            self.use_button, [f"Show trained {m} on the bench" for m in ("RNN", "LSTM", "model")]
        )
        controls = QHBoxLayout()
        controls.addWidget(self.train_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.info, 1)
        controls.addWidget(self.use_button)

        self.loss_plot = ThemedPlot("loss (solid: train, dashed: test; band: seed spread)")
        self.acc_plot = ThemedPlot("accuracy")
        self.loss_plot.setLabel("bottom", "epoch")
        self.acc_plot.setLabel("bottom", "epoch")
        self.acc_plot.setYRange(0, 1.02)
        self.acc_plot.add_legend()
        self.curves: dict[tuple[str, str], tuple[Any, Any, Any, Any]] = {}
        for model, colour in MODEL_COLOURS.items():
            for metric, kind in METRICS:
                plot = self.loss_plot if kind == "loss" else self.acc_plot
                dashed = metric.startswith("test")
                pen = pg.mkPen(
                    colour,
                    width=2.5,
                    style=pg.QtCore.Qt.DashLine if dashed else pg.QtCore.Qt.SolidLine,
                )
                name = f"{model.upper()} {'test' if dashed else 'train'}" if kind == "acc" else None
                mean = plot.plot([], [], pen=pen, name=name)
                lo = pg.PlotCurveItem([], [], pen=pg.mkPen(None))  # band edges (PlotCurveItem: a
                hi = pg.PlotCurveItem(
                    [], [], pen=pg.mkPen(None)
                )  # PlotDataItem without pen has no path)
                fill = pg.mkColor(colour)
                fill.setAlpha(60 if dashed else 90)
                band = pg.FillBetweenItem(lo, hi, brush=pg.mkBrush(fill))
                plot.addItem(band)
                self.curves[(model, metric)] = (mean, lo, hi, band)
        plots = QHBoxLayout()
        plots.addWidget(self.loss_plot)
        plots.addWidget(self.acc_plot)

        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addLayout(controls)
        layout.addLayout(plots, 1)
        self.thread: QThread | None = None
        self.worker: TrainWorker | None = None
        self.last_error: Exception | None = None
        follow(self.bench.changed, self._on_changed, self)
        follow(self.bench.progress, self._on_progress, self)
        self.refresh()

    # -- config ----------------------------------------------------------------------------
    def _models_toggled(self, *_: Any) -> None:
        chosen = [m for m, c in self.model_checks.items() if c.isChecked()]
        if chosen and chosen != list(self.wb.get("train.models")):
            self.wb.set("train.models", chosen)
        elif not chosen:
            self.refresh()

    # -- running ---------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether a training thread is alive."""
        return self.thread is not None

    def start(self) -> None:
        """Start training on a worker thread (does nothing while one runs)."""
        if self.thread is not None:
            return
        self.last_error = None
        self.thread = QThread(self)
        self.worker = TrainWorker(self.bench)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self._finished, Qt.QueuedConnection)
        self.train_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.info.setText("starting…")
        # Hand the GIL back to the GUI thread more often while the trainer runs (default 5 ms).
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.thread.start()

    def cancel(self) -> None:
        """Ask the trainer to stop after the current batch."""
        self.bench.cancel()
        self.info.setText("cancelling…")

    def _finished(self, error: object) -> None:
        sys.setswitchinterval(getattr(self, "_switch_interval", 0.005))
        thread, self.thread, self.worker = self.thread, None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self.train_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.refresh()
        if isinstance(error, Exception):
            self.last_error = error
            self.info.setText(f"stopped: {error}")
            if self.status:
                self.status(f"training failed: {error}")
        else:
            self.progress.setValue(1000)
            self.info.setText(self._summary())

    def _summary(self) -> str:
        parts = []
        history = self.bench.history  # one snapshot: another thread replaces it, never edits it
        for model, metrics in history.items():
            per_epoch = np.asarray(metrics["test_accuracy"], float)  # (E, K)
            acc = per_epoch[-1] if per_epoch.ndim == 2 and per_epoch.shape[0] else per_epoch[:0]
            if acc.size:
                parts.append(f"{model.upper()} test acc {acc.mean():.0%} (min {acc.min():.0%})")
        return " · ".join(parts)

    def _trained_model(self) -> str | None:
        trained = [m for m in ("lstm", "rnn") if m in self.bench.history]
        return trained[0] if trained else None

    def use_trained(self) -> None:
        """Put the trained weights (seed 0) of the LSTM (else the RNN) on the recurrent bench."""
        from logicsim.errors import LogicsimError

        model = self._trained_model()
        if model is None:
            return
        try:
            self.wb.act("use_trained", model=model, member=0)
        except LogicsimError as exc:
            self.info.setText(str(exc))
            return
        if self.status:
            self.status(f"the recurrent bench now shows the trained {model.upper()} (seed 0)")

    # -- redraw ----------------------------------------------------------------------------
    def _on_progress(self, info: dict) -> None:
        self.progress.setValue(int(1000 * float(info.get("fraction", 0.0))))
        acc = info.get("test_accuracy")
        acc_text = f", test acc {np.mean(acc):.0%}" if acc is not None else ""
        self.info.setText(
            f"{str(info.get('model', '')).upper()} epoch "
            f"{info.get('epoch')}/{info.get('epochs')}{acc_text}"
        )
        if self.isVisible():
            self.refresh_curves()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self.refresh_curves()

    def _on_changed(self, reason: str = "", *rest: Any) -> None:
        if reason != "progress":  # progress is drawn by _on_progress
            self.refresh()

    def refresh(self) -> None:
        """Config widgets, progress and curves from the bench."""
        self.bindings.pull()
        if not self.bench.running:  # e.g. a lesson step's training was cancelled and undone
            trained = bool(self.bench.history)
            self.progress.setValue(1000 if trained else 0)
            self.info.setText(self._summary() if trained else "")
        models = list(self.wb.get("train.models"))
        for m, check in self.model_checks.items():
            blocked = check.blockSignals(True)
            check.setChecked(m in models)
            check.blockSignals(blocked)
        self.refresh_curves()

    def refresh_curves(self) -> None:
        """Mean curve and min-max band of every metric of every trained model."""
        model = self._trained_model()
        self.use_button.setEnabled(model is not None and not self.running)
        name = model.upper() if model is not None else "model"  # nothing trained yet: no name
        self.use_button.setText(f"Show trained {name} on the bench")
        # one snapshot: a worker thread (training, or a lesson step undone) replaces the dict,
        # never edits it, so reading it once gives a consistent picture
        history = self.bench.history
        for (model, metric), (mean, lo, hi, band) in self.curves.items():
            if model in history and metric in history[model] and len(history[model][metric]):
                a = np.asarray(history[model][metric], float)  # (E, K)
                m, low, high = a.mean(axis=1), a.min(axis=1), a.max(axis=1)  # (E,) each
                epochs = np.arange(1, m.shape[0] + 1)
                mean.setData(epochs, m)
                lo.setData(epochs, low)
                hi.setData(epochs, high)
                shown = True
            else:
                mean.setData([], [])
                lo.setData([], [])
                hi.setData([], [])
                shown = False
            mean.setVisible(shown)  # hidden items do not pull the auto-range to 0
            band.setVisible(shown)
