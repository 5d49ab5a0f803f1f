"""Formula pane: typeset from sympy lazily, fitted, zoomed, copied as LaTeX, exported safely."""

import sys
import xml.etree.ElementTree as ET

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
    assert "weight_hh_l0" in pane.map_label.text() and "W_hh" in pane.map_label.text()


def test_typeset_view_renders_fits_and_zooms(qtbot, pane, gui_wb):
    gui_wb.set("formula.cell", "lstm")
    gui_wb.set("formula.what", "jacobian")
    pane.resize(1366, 700)
    pane.show()
    qtbot.waitExposed(pane)
    assert pane.typeset and pane.scroll_area.isVisible() and not pane.text.isVisible()
    renderer = pane.svg_view.renderer()
    assert renderer.isValid() and not renderer.defaultSize().isEmpty()
    assert pane.svg_view.width() > 0 and pane.svg_view.height() > 0
    assert pane.svg_view.width() <= pane.scroll_area.viewport().width()  # fits at 1366 px
    pane.resize(420, 700)  # narrower than the picture: scaled down, still inside
    qtbot.wait(10)
    assert pane.svg_view.width() <= pane.scroll_area.viewport().width()
    assert pane.scale() < 1
    before = pane.svg_view.width()
    pane.apply_zoom(1.5)
    assert pane.scale() >= pane.MIN_SCALE * 1.5
    pane.resize(3000, 900)
    qtbot.wait(10)
    assert pane.svg_view.width() > before  # zoomed and room to grow
    pane.apply_zoom(0.5)
    assert pane.svg_view.width() == round(renderer.defaultSize().width() * 0.5)
    # too narrow for the minimum scale: the view scrolls sideways instead of shrinking further
    pane.apply_zoom(1.0)
    gui_wb.set("formula.what", "bptt")  # the LSTM's δh line is about 2000 px wide
    pane.resize(700, 600)
    qtbot.wait(10)
    assert pane.scale() == pane.MIN_SCALE
    assert pane.scroll_area.horizontalScrollBar().maximum() > 0


def test_unicode_fallback_without_ziamath(qtbot, pane, gui_wb, monkeypatch):
    from logicsim.symbolic.formulas import typeset_svg

    typeset_svg.cache_clear()
    monkeypatch.setitem(sys.modules, "ziamath", None)  # import ziamath -> ImportError
    gui_wb.set("formula.what", "jacobian")
    pane.show()
    assert not pane.typeset and pane.text.isVisible() and not pane.scroll_area.isVisible()
    assert "∂hₜ/∂hₜ₋₁" in pane.text.toPlainText()
    typeset_svg.cache_clear()


def test_values_at_step_t(qtbot, pane, gui_wb):
    gui_wb.recurrent.update(cell_type="lstm")
    gui_wb.recurrent.set_time(3)
    gui_wb.set("formula.cell", "lstm")
    gui_wb.set("formula.what", "jacobian")
    pane.show()
    pane.values_box.setChecked(True)
    f = gui_wb.recurrent.gates["f"][2][0]
    text = pane.text.toPlainText()
    assert f"∂cₜ/∂cₜ₋₁ = fₜ\n\n  = {f:.4g}" in text
    assert "t = 3" in pane.note.text()
    gui_wb.recurrent.set_time(4)  # follows the step
    f4 = gui_wb.recurrent.gates["f"][3][0]
    assert f"= {f4:.4g}" in pane.text.toPlainText()
    pane.values_box.setChecked(False)
    assert "= 0." not in pane.text.toPlainText().split("iₜ =")[0]


def test_copy_as_latex_and_export(tmp_path, pane, gui_wb):
    from PySide6.QtGui import QGuiApplication, QImage

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
    svg = tmp_path / "step.svg"
    pane.export(svg, "svg")
    assert ET.fromstring(svg.read_text()).tag.endswith("svg")
    png = tmp_path / "step.png"
    pane.export(png, "png")
    image = QImage(str(png))
    assert image.width() > 100 and image.height() > 20
    with pytest.raises(LogicsimError):
        pane.export(png, "png")
    assert QImage(str(png)).size() == image.size()


def test_lstm_jacobian_fits_the_formula_tab_of_a_1366_window(qtbot, main_window):
    main_window.resize(1366, 768)
    pane = main_window.formula_pane
    main_window.right_tabs.setCurrentWidget(pane)
    main_window.wb.set("formula.cell", "lstm")
    main_window.wb.set("formula.what", "jacobian")
    qtbot.waitUntil(lambda: pane.typeset and pane.svg_view.width() > 0)
    qtbot.wait(20)
    assert pane.svg_view.width() <= pane.scroll_area.viewport().width()
    assert pane.scroll_area.horizontalScrollBar().maximum() == 0  # nothing hidden sideways
    assert pane.scale() >= pane.MIN_SCALE


def test_the_window_zoom_reaches_the_typeset_formula(qtbot, main_window):
    pane = main_window.formula_pane
    main_window.right_tabs.setCurrentWidget(pane)
    main_window.wb.set("formula.what", "step")  # short lines: room to grow
    qtbot.waitUntil(lambda: pane.typeset and pane.svg_view.width() > 0)
    before = pane.svg_view.width()
    main_window.set_zoom(1.5)
    assert pane.zoom == pytest.approx(1.5)
    assert pane.svg_view.width() > before
    main_window.set_zoom(1.0)
    assert pane.svg_view.width() == before
