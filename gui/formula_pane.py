"""Formula pane: the formula for what is on screen, typeset, with Copy as LaTeX and Export….

A view of ``workbench.formula`` (:class:`logicsim.workbench.FormulaBench`).  The formula is
typeset by ``logicsim.symbolic`` (MathML -> SVG with ziamath, pure Python, no TeX) and shown
with Qt's SVG widget, scaled down to the pane's width (never below :attr:`FormulaPane.MIN_SCALE`;
past that the view scrolls sideways) and zoomed with the window (:meth:`FormulaPane.apply_zoom`).
Without ziamath the Unicode form is shown instead.  The text is read from the bench only while
the pane is visible, so sympy is imported the first time someone looks at a formula, never at
start-up.  Export never overwrites silently: an existing file is replaced only after the user
confirms.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings
from logicsim_gui.fit import FlowLayout, labelled
from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from logicsim.vocab import NOTATION_MAP

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench

#: File-dialog filter -> (format name, suffix).
FORMATS = {
    "SVG picture (*.svg)": ("svg", ".svg"),
    "PNG picture (*.png)": ("png", ".png"),
    "LaTeX (*.tex)": ("latex", ".tex"),
    "MathML (*.mml)": ("mathml", ".mml"),
    "NumPy function (*.py)": ("numpy", ".py"),
    "C99 function (*.c)": ("c", ".c"),
    "Octave / MATLAB (*.m)": ("octave", ".m"),
    "Unicode text (*.txt)": ("unicode", ".txt"),
}

#: Font size (px) at which formulas are typeset; the widget scales the vector picture.
TYPESET_SIZE = 20.0


class FormulaPane(QWidget):
    """Choice of formula, its typeset rendering (Unicode fallback), copy and export buttons."""

    #: Smallest scale a long formula is shrunk to (times the zoom); wider ones scroll sideways.
    MIN_SCALE = 0.5

    def __init__(self, workbench: Workbench, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.formula
        self.status = status
        self.bindings = Bindings(workbench, status)
        self.zoom = 1.0
        choose = FlowLayout()  # wraps on a narrow window instead of widening it
        choose.addWidget(labelled("cell", self.bindings.bind(QComboBox(), "formula.cell")))
        choose.addWidget(labelled("formula", self.bindings.bind(QComboBox(), "formula.what")))
        choose.addWidget(labelled("n", self.bindings.bind(QSpinBox(), "formula.n")))
        self.values_box = QCheckBox("Values at step t")
        self.values_box.setToolTip(
            "Put the Recurrent tab's numbers at its current step t beside the symbols "
            "(unit 1, scalar form n = 1): gate values, the W_hh entries and the Jacobian "
            "entries they give."
        )
        self.values_box.toggled.connect(lambda _on: self.refresh())
        choose.addWidget(self.values_box)
        self.copy_button = QPushButton("Copy as LaTeX")
        self.copy_button.setToolTip("Put the LaTeX source of this formula on the clipboard.")
        self.copy_button.clicked.connect(self.copy_latex)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "Write the formula as an SVG or PNG picture (for slides), LaTeX, MathML, a NumPy "
            "or C function, or Octave code."
        )
        self.export_button.clicked.connect(self._export_dialog)
        choose.addWidget(self.copy_button)
        choose.addWidget(self.export_button)
        self.map_label = QLabel("Notation: " + NOTATION_MAP)
        self.map_label.setWordWrap(True)
        self.map_label.setToolTip(
            "The formulas use the lecture's names; the code exports and saved weights use "
            "PyTorch's. Gate k of the LSTM is the k-th block of rows (k = i, f, g, o)."
        )
        # typeset view: an SVG widget in a scroll area (scrolls only below MIN_SCALE)
        self.svg_view = QSvgWidget()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.svg_view)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.scroll_area.setStyleSheet("QScrollArea { background: white; }")
        self.scroll_area.viewport().installEventFilter(self)
        self._natural = QSize()  # size of the typeset SVG at scale 1
        self.svg_text = ""  # the SVG on screen
        # Unicode fallback (and the text form tests and screen readers use)
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QTextEdit.NoWrap)
        self._mono = QFont("DejaVu Sans Mono")
        self._mono.setStyleHint(QFont.Monospace)
        self._mono.setPointSize(17)  # readable from the back of a class room
        self.text.setFont(self._mono)
        self.text.hide()
        self.typeset = True  # False once typesetting failed (no ziamath): Unicode shown instead
        self.latex_view = QTextEdit()
        self.latex_view.setReadOnly(True)
        self.latex_view.setMaximumHeight(110)
        small = QFont(self._mono)
        small.setPointSize(11)
        self.latex_view.setFont(small)
        self.latex_view.setToolTip(
            "The LaTeX source of the formula above (Copy as LaTeX puts it on the clipboard)."
        )
        self.note = QLabel(
            "Derived by sympy from the step equations (never typed in). A T-step product is "
            "shown as the matrix product D_T W_hh ⋯ D_{t+1} W_hh, never expanded."
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.map_label)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel("LaTeX"))
        layout.addWidget(self.latex_view)
        layout.addWidget(self.note)
        self._dirty = True
        follow(self.bench.changed, self._on_changed, self)
        follow(self.wb.recurrent.changed, self._on_recurrent, self)

    # ------------------------------------------------------------------ updates
    def _on_changed(self, *reason: Any) -> None:
        self.bindings.pull()
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _on_recurrent(self, *reason: Any) -> None:
        if self.values_box.isChecked():
            self._on_changed()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.scroll_area.viewport() and event.type() == QEvent.Resize:
            self._fit()
        return super().eventFilter(obj, event)

    def shown_formula(self) -> tuple[Any, str]:
        """The formula on screen (with the values at step t if asked) and a note about it."""
        f = self.bench.formula
        if not self.values_box.isChecked():
            return f, ""
        rb = self.wb.recurrent
        if f.n != 1:
            return f, "Values at step t are shown for n = 1 (unit 1 of the Recurrent tab)."
        if f.what not in ("step", "jacobian"):
            return f, "Values at step t are shown for the step and Jacobian formulas."
        if rb.cell_type != f.cell:
            return f, f"The Recurrent tab runs an {rb.cell_type.upper()}: choose that cell."
        from logicsim.workbench.formula_bench import unit_values

        t = max(1, min(rb.time, rb.T))
        return f.with_values(unit_values(rb, t)), f"Values of unit 1 at step t = {t}."

    def refresh(self) -> None:
        """Read the formula from the bench and typeset it (imports sympy on first use)."""
        self.bindings.pull()
        try:
            f, note = self.shown_formula()
            self.text.setPlainText(f.unicode)
            self.latex_view.setPlainText(f.latex)
            self._typeset(f)
        except Exception as exc:  # noqa: BLE001 - a missing/broken symbolic core must not kill the window
            self.text.setPlainText(f"(formula not available: {exc})")
            self._show_text()
            note = ""
        base = (
            "Derived by sympy from the step equations (never typed in). A T-step product is "
            "shown as the matrix product D_T W_hh ⋯ D_{t+1} W_hh, never expanded."
        )
        self.note.setText(f"{note} {base}" if note else base)
        self._dirty = False

    def _typeset(self, f: Any) -> None:
        from logicsim.errors import LogicsimError

        try:
            svg = str(f.svg(TYPESET_SIZE))
        except (LogicsimError, ImportError) as exc:  # no ziamath: plain Unicode instead
            self.typeset = False
            self.text.setToolTip(f"Plain-text form: {exc}")
            self._show_text()
            return
        self.typeset = True
        self.svg_text = svg
        self.svg_view.load(QByteArray(svg.encode("utf-8")))
        self._natural = self.svg_view.renderer().defaultSize()
        self.text.hide()
        self.scroll_area.show()
        self._fit()

    def _show_text(self) -> None:
        self.scroll_area.hide()
        self.text.show()

    # ------------------------------------------------------------------ size
    def scale(self) -> float:
        """The scale of the typeset picture: the zoom, shrunk to the pane's width, at least
        ``MIN_SCALE`` times the zoom."""
        w = self._natural.width()
        if w <= 0:
            return self.zoom
        avail = max(1, self.scroll_area.viewport().width() - 6)
        return max(min(self.zoom, avail / w), self.MIN_SCALE * self.zoom)

    def _fit(self) -> None:
        if self._natural.isEmpty():
            return
        s = self.scale()
        self.svg_view.setFixedSize(
            round(self._natural.width() * s), round(self._natural.height() * s)
        )

    def apply_zoom(self, factor: float) -> None:
        """Zoom the formula with the rest of the window (1.0 = normal size)."""
        self.zoom = max(0.25, float(factor))
        font = QFont(self._mono)
        font.setPointSizeF(17 * self.zoom)
        self.text.setFont(font)
        self._fit()

    # ------------------------------------------------------------------ copy / export
    def copy_latex(self) -> str:
        """Copy the LaTeX source to the clipboard; returns it."""
        latex = self.bench.latex
        QGuiApplication.clipboard().setText(latex)
        if self.status:
            self.status("LaTeX copied to the clipboard")
        return latex

    def export(self, path: str | Path, fmt: str, overwrite: bool = False) -> Path:
        """Write the formula to ``path`` in ``fmt`` (a bench format, or ``"png"``).

        Raises if the file exists and ``overwrite`` is not set.
        """
        if fmt == "png":
            self.export_png(path, overwrite=overwrite)
        else:
            self.wb.act("export_formula", format=fmt, path=str(path), overwrite=overwrite)
        if self.status:
            self.status(f"formula written to {path}")
        return Path(path)

    def export_png(self, path: str | Path, overwrite: bool = False, scale: float = 2.0) -> Path:
        """Render the typeset formula on screen to a PNG picture (white background) atomically.

        ``scale`` times the typeset size (2 gives sharp slides).  Raises ``LogicsimError`` if
        the file exists and ``overwrite`` is not set, or nothing is typeset.
        """
        from logicsim.errors import LogicsimError
        from logicsim.files import atomic_target

        if self._dirty or not self.svg_text:
            self.refresh()
        if not self.typeset or not self.svg_text:
            raise LogicsimError("no typeset formula to save (ziamath is missing)")
        renderer = QSvgRenderer(QByteArray(self.svg_text.encode("utf-8")))
        size = renderer.defaultSize() * scale
        image = QImage(size, QImage.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        with atomic_target(path, overwrite=overwrite) as tmp:
            if not image.save(tmp, "PNG"):
                raise OSError(f"Qt could not write {path}")
        return Path(path)

    def _export_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export formula", "", ";;".join(FORMATS), options=QFileDialog.DontConfirmOverwrite
        )
        if not path:
            return
        fmt, suffix = FORMATS.get(chosen, ("svg", ".svg"))
        if not Path(path).suffix:
            path += suffix
        overwrite = False
        if Path(path).exists():
            answer = QMessageBox.question(self, "Replace file?", f"{path} exists. Replace it?")
            if answer != QMessageBox.Yes:
                return
            overwrite = True
        from logicsim.errors import LogicsimError

        try:
            self.export(path, fmt, overwrite=overwrite)
        except (LogicsimError, OSError) as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
