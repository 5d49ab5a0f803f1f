"""Formula pane: the formula for what is on screen, from sympy, with Copy as LaTeX and Export….

A view of ``workbench.formula`` (:class:`logicsim.workbench.FormulaBench`).  The text is read
from the bench only while the pane is visible, so sympy is imported the first time someone
looks at a formula, never at start-up.  Export never overwrites silently: an existing file is
replaced only after the user confirms.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from logicsim_gui.bridge import follow
from logicsim_gui.controls import Bindings
from logicsim_gui.fit import FlowLayout, labelled
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench

#: File-dialog filter -> (format name, suffix).
FORMATS = {
    "LaTeX (*.tex)": ("latex", ".tex"),
    "MathML (*.mml)": ("mathml", ".mml"),
    "NumPy function (*.py)": ("numpy", ".py"),
    "C99 function (*.c)": ("c", ".c"),
    "Octave / MATLAB (*.m)": ("octave", ".m"),
    "Unicode text (*.txt)": ("unicode", ".txt"),
}


class FormulaPane(QWidget):
    """Choice of formula, its Unicode rendering, copy and export buttons."""

    def __init__(self, workbench: Workbench, status=None, parent=None) -> None:
        super().__init__(parent)
        self.wb = workbench
        self.bench = workbench.formula
        self.status = status
        self.bindings = Bindings(workbench, status)
        choose = FlowLayout()  # wraps on a narrow window instead of widening it
        choose.addWidget(labelled("cell", self.bindings.bind(QComboBox(), "formula.cell")))
        choose.addWidget(labelled("formula", self.bindings.bind(QComboBox(), "formula.what")))
        choose.addWidget(labelled("n", self.bindings.bind(QSpinBox(), "formula.n")))
        self.copy_button = QPushButton("Copy as LaTeX")
        self.copy_button.setToolTip("Put the LaTeX source of this formula on the clipboard.")
        self.copy_button.clicked.connect(self.copy_latex)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "Write the formula as LaTeX, MathML, a NumPy or C function, or Octave code."
        )
        self.export_button.clicked.connect(self._export_dialog)
        choose.addWidget(self.copy_button)
        choose.addWidget(self.export_button)
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QTextEdit.NoWrap)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.Monospace)
        font.setPointSize(17)  # readable from the back of a class room
        self.text.setFont(font)
        self.latex_view = QTextEdit()
        self.latex_view.setReadOnly(True)
        self.latex_view.setMaximumHeight(130)
        small = QFont(font)
        small.setPointSize(11)
        self.latex_view.setFont(small)
        self.latex_view.setToolTip(
            "The LaTeX source of the formula above (Copy as LaTeX puts it on the clipboard)."
        )
        self.note = QLabel(
            "Derived by sympy from the step equations (never typed in). A T-step product is "
            "shown as the matrix product D_T W ⋯ D_1 W, never expanded."
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel("LaTeX"))
        layout.addWidget(self.latex_view)
        layout.addWidget(self.note)
        self._dirty = True
        follow(self.bench.changed, self._on_changed, self)

    def _on_changed(self, *reason: Any) -> None:
        self.bindings.pull()
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Read the formula text from the bench (imports sympy on first use)."""
        self.bindings.pull()
        try:
            self.text.setPlainText(self.bench.text)
            self.latex_view.setPlainText(self.bench.latex)
        except Exception as exc:  # noqa: BLE001 - a missing/broken symbolic core must not kill the window
            self.text.setPlainText(f"(formula not available: {exc})")
        self._dirty = False

    def copy_latex(self) -> str:
        """Copy the LaTeX source to the clipboard; returns it."""
        latex = self.bench.latex
        QGuiApplication.clipboard().setText(latex)
        if self.status:
            self.status("LaTeX copied to the clipboard")
        return latex

    def export(self, path: str | Path, fmt: str, overwrite: bool = False) -> Path:
        """Write the formula to ``path`` in ``fmt``.

        Raises if the file exists and ``overwrite`` is not set.
        """
        self.wb.act("export_formula", format=fmt, path=str(path), overwrite=overwrite)
        if self.status:
            self.status(f"formula written to {path}")
        return Path(path)

    def _export_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export formula", "", ";;".join(FORMATS), options=QFileDialog.DontConfirmOverwrite
        )
        if not path:
            return
        fmt, suffix = FORMATS.get(chosen, ("latex", ".tex"))
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
