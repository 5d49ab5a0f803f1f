"""Formula pane: shown from sympy lazily, copied as LaTeX, exported without silent overwrite."""

import pytest


@pytest.fixture
def pane(qtbot, gui_wb):
    from logicsim_gui.formula_pane import FormulaPane

    p = FormulaPane(gui_wb)
    qtbot.addWidget(p)
    return p


def test_text_is_read_only_when_shown(pane, gui_wb):
    assert pane._dirty  # nothing computed while hidden
    pane.show()
    assert pane.text.toPlainText() == gui_wb.formula.text
    gui_wb.set("formula.what", "jacobian")
    assert pane.text.toPlainText() == gui_wb.formula.text


def test_copy_as_latex_and_export(tmp_path, pane, gui_wb):
    from PySide6.QtGui import QGuiApplication

    from logicsim.errors import LogicsimError

    pane.show()
    latex = pane.copy_latex()
    assert latex == gui_wb.formula.latex and QGuiApplication.clipboard().text() == latex
    out = tmp_path / "step.tex"
    pane.export(out, "latex")
    assert out.read_text().strip()
    with pytest.raises(LogicsimError):
        pane.export(out, "latex")
    pane.export(out, "c", overwrite=True)
    assert "(" in out.read_text()
